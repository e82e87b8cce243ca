// The WebAssembly histogram kernel of the tree learners (histogram.wat), for treeWorker.mjs: its bytes, compiled
// once per thread, and an instance per tree state's shared memory. Plain JavaScript with no imports but Node's, as
// the worker that loads it (electron/build.mjs copies both next to the bundle).
import { Buffer } from 'node:buffer';

/**
 * histogram.wat assembled (test/analysis/histogramWasm.test.ts checks these bytes against the source and rewrites
 * them with UPDATE_WASM=1). Embedded, not loaded from a file: this worker script must stay self-contained.
 */
export const HISTOGRAM_WASM =
  'AGFzbQEAAAABSwhgB39/f39/f38AYAh/f39/f39/fwBgCX9/f39/f39/fwBgCH9/f39/f39/AX9gBX9/f398AGAGf39/f39/AGABfAF8YAR/f39/AAISAQNlbnYGbWVtb3J5AgMBgIAEAwsKAAEBAgMEBQYABwd0CAphY2N1bXVsYXRlAAASYWNjdW11bGF0ZUdhdGhlcmVkAAIOYWNjdW11bGF0ZVNvbWUAAwlwYXJ0aXRpb24ABAlhZGRUb1Jvd3MABQttZXJnZUNodW5rcwAGCWdyYWRpZW50cwAIC3NvcnRGbG9hdDY0AAkKxhAKFAAgACABIAIgAyADIAQgBSAGEAELpQECBn8BeyABIQgCQANAIAggAk8NASAABEAgACAIQQJ0aigCACEJBSAIIQkLIAYgCUEEdGr9AAQAIQ4gBSAJIARsaiEKIAogA2ohCyAHIQwDQCAMIAotAABBGGxqIQ0gDSAN/QAEACAO/fAB/QsEACANIA0rAxBEAAAAAAAA8D+gOQMQIAxBgDBqIQwgCkEBaiEKIAogC0kNAAsgCEEBaiEIDAALCwvPAQEJfyADQQ9qQXBxIQ0gB0GACGohDiABIQgCQANAIAggAk8NASACIAhrIQsgC0HAAEsEQEHAACELC0EAIQkDQCAAIAggCWpBAnRqKAIAIQogByAJQQR0aiAFIApBBHRq/QAEAP0LBAAgBCAKIANsaiEPIA4gCSANbGohEEEAIQwDQCAQIAxqIA8gDGr9AAQA/QsEACAMQRBqIQwgDCANSQ0ACyAJQQFqIQkgCSALSQ0AC0EAQQAgCyADIA0gDiAHIAYQASAIIAtqIQgMAAsLC7UBAgZ/AXsgASEJAkADQCAJIAJPDQEgAARAIAAgCUECdGooAgAhCgUgCSEKCyAFIApBBHRq/QAEACEPIAQgCiADbGohC0EAIQwCQCAIRQ0AA0AgByAMQQJ0aigCACENIAYgDUGAMGxqIAsgDWotAABBGGxqIQ4gDiAO/QAEACAP/fAB/QsEACAOIA4rAxBEAAAAAAAA8D+gOQMQIAxBAWohDCAMIAhJDQALCyAJQQFqIQkMAAsLC3oBBn8gASEIIAEhCSABIQoCQANAIAggAk8NASAAIAhBAnRqKAIAIQsgAyALai0AACEMIAUgDCAETSAMQf8BRhshDSAGIAlBAnRqIAs2AgAgByAKQQJ0aiALNgIAIAkgDWohCSAKQQEgDWtqIQogCEEBaiEIDAALCyAJCz4BAn8gASEFAkADQCAFIAJPDQEgAyAAIAVBAnRqKAIAQQN0aiEGIAYgBisDACAEoDkDACAFQQFqIQUMAAsLC5kBAgR/AXtBACEGAkAgBEUNAANAIAMgBkECdGooAgBBgDBsIQdBACEIA0AgACAHaiAIav0ABAAhCkEBIQkCQANAIAkgAk8NASAKIAAgCSABbGogByAIamr9AAQA/fABIQogCUEBaiEJDAALCyAFIAdqIAhqIAr9CwQAIAhBEGohCCAIQYAwSQ0ACyAGQQFqIQYgBiAESQ0ACwsL2wQCA38GfCAAvUIgiKchASABQR92IQIgAUH/////B3EhASABQcLcmIQETwRAIAFBgIDA/wdPBEAgAUH//z9xIAC9p3IEQCAAIACgDwsgAEQAAAAAAAAAACACRRsPCyAARO85+v5CLoZAZARARJx1AIg85Dd+RJx1AIg85Dd+og8LIABEUTAt1RBJh8BjBEBEAAAAAAAAcAFEAAAAAAAAcAGiDwsLIAFBwtzY/gNLBEAgAUGyxcL/A0kEQCACBEAgAEQAAOD+Qi7mv6EhBER2PHk17znqvSEFQX8hAwUgAEQAAOD+Qi7mP6EhBER2PHk17znqPSEFQQEhAwsFRP6CK2VHFfc/IACiRAAAAAAAAOC/RAAAAAAAAOA/IAIboKohAyADtyEGIAAgBkQAAOD+Qi7mP6KhIQQgBkR2PHk17znqPaIhBQsgBCAFoSEABSABQYCAwPEDSQRARAAAAAAAAPA/IACgDwsLIAAgAKIhBkGAgMD/AyADIANB6AdqIANBg3hOG0EUdGqtQiCGvyEJIAAgBkQ+VVVVVVXFPyAGRJO9vhZswWa/IAZELN4lr2pWET8gBkTxa9LFQb27viAGRNCkvnJpN2Y+oqCioKKgoqCioSEHIANFBEBEAAAAAAAA8D8gACAHoiAHRAAAAAAAAABAoaMgAKGhDwtEAAAAAAAA8D8gBSAAIAeiRAAAAAAAAABAIAeho6EgBKGhIQggA0GDeE4EQCADQYAIRgRAIAhEAAAAAAAAAECiRAAAAAAAAOB/og8LIAggCaIPCyAIIAmiRAAAAAAAAHABoguUAQMBfwJ8AX8gBCEHAkADQCAHIAVPDQFEAAAAAAAA8D9EAAAAAAAA8D8gACAHQQN0aisDAJoQB6CjIQggAiAHQQN0aisDAEQAAAAAAADwPyAGGyEJIAMgB0EEdGohCiAKIAkgCCABIAdqLQAAuKGiOQMAIAogCSAIokQAAAAAAADwPyAIoaI5AwggB0EBaiEHDAALCwu3AwUCfwF+AX8BfgZ/QQAhBAJAA0AgBCADTw0BIAAgBEEDdGohBSAFKQMAIQYgBSAGQn+FIAZCgICAgICAgICAf4UgBkIAUxs3AwAgBEEBaiEEDAALCyAAIQwgASENQQAhBwNAIAdBEGytIQggAkEAQYCAEPwLAEEAIQQCQANAIAQgA08NASAMIARBA3RqKQMAIAiIQv//A4OnIQkgAiAJQQJ0aiEFIAUgBSgCAEEBajYCACAEQQFqIQQMAAsLQQAhCkEAIQkDQCACIAlBAnRqIQUgBSgCACELIAUgCjYCACAKIAtqIQogCUEBaiEJIAlBgIAESQ0AC0EAIQQCQANAIAQgA08NASAMIARBA3RqKQMAIQYgBiAIiEL//wODpyEJIAIgCUECdGohBSAFKAIAIQsgBSALQQFqNgIAIA0gC0EDdGogBjcDACAEQQFqIQQMAAsLIAwhDiANIQwgDiENIAdBAWohByAHQQRJDQALQQAhBAJAA0AgBCADTw0BIAAgBEEDdGohBSAFKQMAIQYgBSAGQoCAgICAgICAgH+FIAZCf4UgBkIAUxs3AwAgBEEBaiEEDAALCws=';

/** The compiled kernel, once per thread; null where WebAssembly SIMD is not available. */
let wasmModule;
export function histogramModule() {
  if (wasmModule === undefined) {
    try {
      wasmModule = new WebAssembly.Module(Buffer.from(HISTOGRAM_WASM, 'base64'));
    } catch {
      wasmModule = null;
    }
  }
  return wasmModule;
}

/** Each thread's instance of the kernel over a state's memory. */
const instances = new WeakMap();
export function kernelOf(s) {
  if (s.memory === null) return null;
  let k = instances.get(s.memory);
  if (k === undefined) {
    k = new WebAssembly.Instance(histogramModule(), { env: { memory: s.memory } }).exports;
    instances.set(s.memory, k);
  }
  return k;
}

/** Scratch bytes of one accumulateGathered call: 64 gradient pairs and 64 bin rows padded to 16 bytes. */
export function gatherBytes(f) {
  return 1024 + 64 * Math.ceil(f / 16) * 16;
}

/**
 * Sorts values (no NaN) ascending in place, in the order Float64Array#sort gives, by the kernel's radix sort (about
 * 8× faster on the 200,000-value samples that bin edges come from); by Float64Array#sort without WebAssembly.
 */
export function sortFloat64(values) {
  const n = values.length;
  const module = histogramModule();
  if (module === null || n < 4096) return values.sort();
  const bytes = 16 + 2 * n * 8 + 262144;
  const pages = Math.ceil(bytes / 65536);
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
  const kernel = new WebAssembly.Instance(module, { env: { memory } }).exports;
  const at = 16;
  new Float64Array(memory.buffer, at, n).set(values);
  kernel.sortFloat64(at, at + n * 8, at + 2 * n * 8, n);
  values.set(new Float64Array(memory.buffer, at, n));
  return values;
}

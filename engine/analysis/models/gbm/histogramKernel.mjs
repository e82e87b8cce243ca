// The WebAssembly histogram kernel of the tree learners (histogram.wat), for treeWorker.mjs: its bytes, compiled
// once per thread, and an instance per tree state's shared memory. Plain JavaScript with no imports but Node's, as
// the worker that loads it (electron/build.mjs copies them next to the bundle).
import { Buffer } from 'node:buffer';

/**
 * histogram.wat assembled (test/analysis/histogramWasm.test.ts checks these bytes against the source and rewrites
 * them with UPDATE_WASM=1). Embedded, not loaded from a file: this worker script must stay self-contained.
 */
export const HISTOGRAM_WASM =
  'AGFzbQEAAAABRgdgB39/f39/f38AYAh/f39/f39/fwBgCX9/f39/f39/fwBgCH9/f39/f39/AX9gBX9/f398AGAGf39/f39/AGAEf39/fwACEgEDZW52Bm1lbW9yeQIDAYCABAMJCAABAQIDBAUGB2gHCmFjY3VtdWxhdGUAABJhY2N1bXVsYXRlR2F0aGVyZWQAAg5hY2N1bXVsYXRlU29tZQADCXBhcnRpdGlvbgAECWFkZFRvUm93cwAFC21lcmdlQ2h1bmtzAAYLc29ydEZsb2F0NjQABwrTCggUACAAIAEgAiADIAMgBCAFIAYQAQulAQIGfwF7IAEhCAJAA0AgCCACTw0BIAAEQCAAIAhBAnRqKAIAIQkFIAghCQsgBiAJQQR0av0ABAAhDiAFIAkgBGxqIQogCiADaiELIAchDANAIAwgCi0AAEEYbGohDSANIA39AAQAIA798AH9CwQAIA0gDSsDEEQAAAAAAADwP6A5AxAgDEGAMGohDCAKQQFqIQogCiALSQ0ACyAIQQFqIQgMAAsLC88BAQl/IANBD2pBcHEhDSAHQYAIaiEOIAEhCAJAA0AgCCACTw0BIAIgCGshCyALQcAASwRAQcAAIQsLQQAhCQNAIAAgCCAJakECdGooAgAhCiAHIAlBBHRqIAUgCkEEdGr9AAQA/QsEACAEIAogA2xqIQ8gDiAJIA1saiEQQQAhDANAIBAgDGogDyAMav0ABAD9CwQAIAxBEGohDCAMIA1JDQALIAlBAWohCSAJIAtJDQALQQBBACALIAMgDSAOIAcgBhABIAggC2ohCAwACwsLtQECBn8BeyABIQkCQANAIAkgAk8NASAABEAgACAJQQJ0aigCACEKBSAJIQoLIAUgCkEEdGr9AAQAIQ8gBCAKIANsaiELQQAhDAJAIAhFDQADQCAHIAxBAnRqKAIAIQ0gBiANQYAwbGogCyANai0AAEEYbGohDiAOIA79AAQAIA/98AH9CwQAIA4gDisDEEQAAAAAAADwP6A5AxAgDEEBaiEMIAwgCEkNAAsLIAlBAWohCQwACwsLegEGfyABIQggASEJIAEhCgJAA0AgCCACTw0BIAAgCEECdGooAgAhCyADIAtqLQAAIQwgBSAMIARNIAxB/wFGGyENIAYgCUECdGogCzYCACAHIApBAnRqIAs2AgAgCSANaiEJIApBASANa2ohCiAIQQFqIQgMAAsLIAkLPgECfyABIQUCQANAIAUgAk8NASADIAAgBUECdGooAgBBA3RqIQYgBiAGKwMAIASgOQMAIAVBAWohBQwACwsLmQECBH8Be0EAIQYCQCAERQ0AA0AgAyAGQQJ0aigCAEGAMGwhB0EAIQgDQCAAIAdqIAhq/QAEACEKQQEhCQJAA0AgCSACTw0BIAogACAJIAFsaiAHIAhqav0ABAD98AEhCiAJQQFqIQkMAAsLIAUgB2ogCGogCv0LBAAgCEEQaiEIIAhBgDBJDQALIAZBAWohBiAGIARJDQALCwu3AwUCfwF+AX8BfgZ/QQAhBAJAA0AgBCADTw0BIAAgBEEDdGohBSAFKQMAIQYgBSAGQn+FIAZCgICAgICAgICAf4UgBkIAUxs3AwAgBEEBaiEEDAALCyAAIQwgASENQQAhBwNAIAdBEGytIQggAkEAQYCAEPwLAEEAIQQCQANAIAQgA08NASAMIARBA3RqKQMAIAiIQv//A4OnIQkgAiAJQQJ0aiEFIAUgBSgCAEEBajYCACAEQQFqIQQMAAsLQQAhCkEAIQkDQCACIAlBAnRqIQUgBSgCACELIAUgCjYCACAKIAtqIQogCUEBaiEJIAlBgIAESQ0AC0EAIQQCQANAIAQgA08NASAMIARBA3RqKQMAIQYgBiAIiEL//wODpyEJIAIgCUECdGohBSAFKAIAIQsgBSALQQFqNgIAIA0gC0EDdGogBjcDACAEQQFqIQQMAAsLIAwhDiANIQwgDiENIAdBAWohByAHQQRJDQALQQAhBAJAA0AgBCADTw0BIAAgBEEDdGohBSAFKQMAIQYgBSAGQoCAgICAgICAgH+FIAZCf4UgBkIAUxs3AwAgBEEBaiEEDAALCws=';

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
  const { memory, kernel } = sortSpace(module, 16 + 2 * n * 8 + 262144);
  const at = 16;
  new Float64Array(memory.buffer, at, n).set(values);
  kernel.sortFloat64(at, at + n * 8, at + 2 * n * 8, n);
  values.set(new Float64Array(memory.buffer, at, n));
  return values;
}

/** The sort's memory, kept between calls (one per feature of every fit) and replaced only by a larger one. */
let sorting = null;
function sortSpace(module, bytes) {
  if (sorting === null || sorting.memory.buffer.byteLength < bytes) {
    const pages = Math.ceil(bytes / 65536);
    const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
    sorting = { memory, kernel: new WebAssembly.Instance(module, { env: { memory } }).exports };
  }
  return sorting;
}

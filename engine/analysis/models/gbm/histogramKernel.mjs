// The WebAssembly histogram kernel of the tree learners (histogram.wat), for treeWorker.mjs: its bytes, compiled
// once per thread, and an instance per tree state's shared memory. Plain JavaScript with no imports but Node's, as
// the worker that loads it (electron/build.mjs copies both next to the bundle).
import { Buffer } from 'node:buffer';

/**
 * histogram.wat assembled (test/analysis/histogramWasm.test.ts checks these bytes against the source and rewrites
 * them with UPDATE_WASM=1). Embedded, not loaded from a file: this worker script must stay self-contained.
 */
export const HISTOGRAM_WASM =
  'AGFzbQEAAAABIgNgB39/f39/f38AYAh/f39/f39/fwBgCX9/f39/f39/fwACEgEDZW52Bm1lbW9yeQIDAYCABAMFBAABAQIHNAMKYWNjdW11bGF0ZQAAEmFjY3VtdWxhdGVHYXRoZXJlZAACDmFjY3VtdWxhdGVTb21lAAMKxQQEFAAgACABIAIgAyADIAQgBSAGEAELpQECBn8BeyABIQgCQANAIAggAk8NASAABEAgACAIQQJ0aigCACEJBSAIIQkLIAYgCUEEdGr9AAQAIQ4gBSAJIARsaiEKIAogA2ohCyAHIQwDQCAMIAotAABBGGxqIQ0gDSAN/QAEACAO/fAB/QsEACANIA0rAxBEAAAAAAAA8D+gOQMQIAxBgDBqIQwgCkEBaiEKIAogC0kNAAsgCEEBaiEIDAALCwvPAQEJfyADQQ9qQXBxIQ0gB0GACGohDiABIQgCQANAIAggAk8NASACIAhrIQsgC0HAAEsEQEHAACELC0EAIQkDQCAAIAggCWpBAnRqKAIAIQogByAJQQR0aiAFIApBBHRq/QAEAP0LBAAgBCAKIANsaiEPIA4gCSANbGohEEEAIQwDQCAQIAxqIA8gDGr9AAQA/QsEACAMQRBqIQwgDCANSQ0ACyAJQQFqIQkgCSALSQ0AC0EAQQAgCyADIA0gDiAHIAYQASAIIAtqIQgMAAsLC7UBAgZ/AXsgASEJAkADQCAJIAJPDQEgAARAIAAgCUECdGooAgAhCgUgCSEKCyAFIApBBHRq/QAEACEPIAQgCiADbGohC0EAIQwCQCAIRQ0AA0AgByAMQQJ0aigCACENIAYgDUGAMGxqIAsgDWotAABBGGxqIQ4gDiAO/QAEACAP/fAB/QsEACAOIA4rAxBEAAAAAAAA8D+gOQMQIAxBAWohDCAMIAhJDQALCyAJQQFqIQkMAAsLCw==';

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

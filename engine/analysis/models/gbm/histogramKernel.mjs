// The WebAssembly histogram kernel of the tree learners (histogram.wat), for treeWorker.mjs: its bytes, compiled
// once per thread, and an instance per tree state's shared memory. Plain JavaScript with no imports but Node's, as
// the worker that loads it (electron/build.mjs copies both next to the bundle).
import { Buffer } from 'node:buffer';

/**
 * histogram.wat assembled (test/analysis/histogramWasm.test.ts checks these bytes against the source and rewrites
 * them with UPDATE_WASM=1). Embedded, not loaded from a file: this worker script must stay self-contained.
 */
export const HISTOGRAM_WASM =
  'AGFzbQEAAAABRAdgB39/f39/f38AYAh/f39/f39/fwBgCX9/f39/f39/fwBgCH9/f39/f39/AX9gBX9/f398AGAGf39/f39/AGABfAF8AhIBA2VudgZtZW1vcnkCAwGAgAQDCgkAAQECAwQFBgAHZgcKYWNjdW11bGF0ZQAAEmFjY3VtdWxhdGVHYXRoZXJlZAACDmFjY3VtdWxhdGVTb21lAAMJcGFydGl0aW9uAAQJYWRkVG9Sb3dzAAULbWVyZ2VDaHVua3MABglncmFkaWVudHMACAqNDQkUACAAIAEgAiADIAMgBCAFIAYQAQulAQIGfwF7IAEhCAJAA0AgCCACTw0BIAAEQCAAIAhBAnRqKAIAIQkFIAghCQsgBiAJQQR0av0ABAAhDiAFIAkgBGxqIQogCiADaiELIAchDANAIAwgCi0AAEEYbGohDSANIA39AAQAIA798AH9CwQAIA0gDSsDEEQAAAAAAADwP6A5AxAgDEGAMGohDCAKQQFqIQogCiALSQ0ACyAIQQFqIQgMAAsLC88BAQl/IANBD2pBcHEhDSAHQYAIaiEOIAEhCAJAA0AgCCACTw0BIAIgCGshCyALQcAASwRAQcAAIQsLQQAhCQNAIAAgCCAJakECdGooAgAhCiAHIAlBBHRqIAUgCkEEdGr9AAQA/QsEACAEIAogA2xqIQ8gDiAJIA1saiEQQQAhDANAIBAgDGogDyAMav0ABAD9CwQAIAxBEGohDCAMIA1JDQALIAlBAWohCSAJIAtJDQALQQBBACALIAMgDSAOIAcgBhABIAggC2ohCAwACwsLtQECBn8BeyABIQkCQANAIAkgAk8NASAABEAgACAJQQJ0aigCACEKBSAJIQoLIAUgCkEEdGr9AAQAIQ8gBCAKIANsaiELQQAhDAJAIAhFDQADQCAHIAxBAnRqKAIAIQ0gBiANQYAwbGogCyANai0AAEEYbGohDiAOIA79AAQAIA/98AH9CwQAIA4gDisDEEQAAAAAAADwP6A5AxAgDEEBaiEMIAwgCEkNAAsLIAlBAWohCQwACwsLegEGfyABIQggASEJIAEhCgJAA0AgCCACTw0BIAAgCEECdGooAgAhCyADIAtqLQAAIQwgBSAMIARNIAxB/wFGGyENIAYgCUECdGogCzYCACAHIApBAnRqIAs2AgAgCSANaiEJIApBASANa2ohCiAIQQFqIQgMAAsLIAkLPgECfyABIQUCQANAIAUgAk8NASADIAAgBUECdGooAgBBA3RqIQYgBiAGKwMAIASgOQMAIAVBAWohBQwACwsLmQECBH8Be0EAIQYCQCAERQ0AA0AgAyAGQQJ0aigCAEGAMGwhB0EAIQgDQCAAIAdqIAhq/QAEACEKQQEhCQJAA0AgCSACTw0BIAogACAJIAFsaiAHIAhqav0ABAD98AEhCiAJQQFqIQkMAAsLIAUgB2ogCGogCv0LBAAgCEEQaiEIIAhBgDBJDQALIAZBAWohBiAGIARJDQALCwvbBAIDfwZ8IAC9QiCIpyEBIAFBH3YhAiABQf////8HcSEBIAFBwtyYhARPBEAgAUGAgMD/B08EQCABQf//P3EgAL2ncgRAIAAgAKAPCyAARAAAAAAAAAAAIAJFGw8LIABE7zn6/kIuhkBkBEBEnHUAiDzkN35EnHUAiDzkN36iDwsgAERRMC3VEEmHwGMEQEQAAAAAAABwAUQAAAAAAABwAaIPCwsgAUHC3Nj+A0sEQCABQbLFwv8DSQRAIAIEQCAARAAA4P5CLua/oSEERHY8eTXvOeq9IQVBfyEDBSAARAAA4P5CLuY/oSEERHY8eTXvOeo9IQVBASEDCwVE/oIrZUcV9z8gAKJEAAAAAAAA4L9EAAAAAAAA4D8gAhugqiEDIAO3IQYgACAGRAAA4P5CLuY/oqEhBCAGRHY8eTXvOeo9oiEFCyAEIAWhIQAFIAFBgIDA8QNJBEBEAAAAAAAA8D8gAKAPCwsgACAAoiEGQYCAwP8DIAMgA0HoB2ogA0GDeE4bQRR0aq1CIIa/IQkgACAGRD5VVVVVVcU/IAZEk72+FmzBZr8gBkQs3iWvalYRPyAGRPFr0sVBvbu+IAZE0KS+cmk3Zj6ioKKgoqCioKKhIQcgA0UEQEQAAAAAAADwPyAAIAeiIAdEAAAAAAAAAEChoyAAoaEPC0QAAAAAAADwPyAFIAAgB6JEAAAAAAAAAEAgB6GjoSAEoaEhCCADQYN4TgRAIANBgAhGBEAgCEQAAAAAAAAAQKJEAAAAAAAA4H+iDwsgCCAJog8LIAggCaJEAAAAAAAAcAGiC5QBAwF/AnwBfyAEIQcCQANAIAcgBU8NAUQAAAAAAADwP0QAAAAAAADwPyAAIAdBA3RqKwMAmhAHoKMhCCACIAdBA3RqKwMARAAAAAAAAPA/IAYbIQkgAyAHQQR0aiEKIAogCSAIIAEgB2otAAC4oaI5AwAgCiAJIAiiRAAAAAAAAPA/IAihojkDCCAHQQFqIQcMAAsLCw==';

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

// The WebAssembly histogram kernel of the tree learners (histogram.wat), for treeWorker.mjs: its bytes, compiled
// once per thread, and an instance per tree state's shared memory. Plain JavaScript with no imports but Node's, as
// the worker that loads it (electron/build.mjs copies both next to the bundle).
import { Buffer } from 'node:buffer';

/**
 * histogram.wat assembled (test/analysis/histogramWasm.test.ts checks these bytes against the source and rewrites
 * them with UPDATE_WASM=1). Embedded, not loaded from a file: this worker script must stay self-contained.
 */
export const HISTOGRAM_WASM =
  'AGFzbQEAAAABPwZgB39/f39/f38AYAh/f39/f39/fwBgCX9/f39/f39/fwBgCH9/f39/f39/AX9gBX9/f398AGAGf39/f39/AAISAQNlbnYGbWVtb3J5AgMBgIAEAwgHAAEBAgMEBQdaBgphY2N1bXVsYXRlAAASYWNjdW11bGF0ZUdhdGhlcmVkAAIOYWNjdW11bGF0ZVNvbWUAAwlwYXJ0aXRpb24ABAlhZGRUb1Jvd3MABQttZXJnZUNodW5rcwAGCpoHBxQAIAAgASACIAMgAyAEIAUgBhABC6UBAgZ/AXsgASEIAkADQCAIIAJPDQEgAARAIAAgCEECdGooAgAhCQUgCCEJCyAGIAlBBHRq/QAEACEOIAUgCSAEbGohCiAKIANqIQsgByEMA0AgDCAKLQAAQRhsaiENIA0gDf0ABAAgDv3wAf0LBAAgDSANKwMQRAAAAAAAAPA/oDkDECAMQYAwaiEMIApBAWohCiAKIAtJDQALIAhBAWohCAwACwsLzwEBCX8gA0EPakFwcSENIAdBgAhqIQ4gASEIAkADQCAIIAJPDQEgAiAIayELIAtBwABLBEBBwAAhCwtBACEJA0AgACAIIAlqQQJ0aigCACEKIAcgCUEEdGogBSAKQQR0av0ABAD9CwQAIAQgCiADbGohDyAOIAkgDWxqIRBBACEMA0AgECAMaiAPIAxq/QAEAP0LBAAgDEEQaiEMIAwgDUkNAAsgCUEBaiEJIAkgC0kNAAtBAEEAIAsgAyANIA4gByAGEAEgCCALaiEIDAALCwu1AQIGfwF7IAEhCQJAA0AgCSACTw0BIAAEQCAAIAlBAnRqKAIAIQoFIAkhCgsgBSAKQQR0av0ABAAhDyAEIAogA2xqIQtBACEMAkAgCEUNAANAIAcgDEECdGooAgAhDSAGIA1BgDBsaiALIA1qLQAAQRhsaiEOIA4gDv0ABAAgD/3wAf0LBAAgDiAOKwMQRAAAAAAAAPA/oDkDECAMQQFqIQwgDCAISQ0ACwsgCUEBaiEJDAALCwt6AQZ/IAEhCCABIQkgASEKAkADQCAIIAJPDQEgACAIQQJ0aigCACELIAMgC2otAAAhDCAFIAwgBE0gDEH/AUYbIQ0gBiAJQQJ0aiALNgIAIAcgCkECdGogCzYCACAJIA1qIQkgCkEBIA1raiEKIAhBAWohCAwACwsgCQs+AQJ/IAEhBQJAA0AgBSACTw0BIAMgACAFQQJ0aigCAEEDdGohBiAGIAYrAwAgBKA5AwAgBUEBaiEFDAALCwuZAQIEfwF7QQAhBgJAIARFDQADQCADIAZBAnRqKAIAQYAwbCEHQQAhCANAIAAgB2ogCGr9AAQAIQpBASEJAkADQCAJIAJPDQEgCiAAIAkgAWxqIAcgCGpq/QAEAP3wASEKIAlBAWohCQwACwsgBSAHaiAIaiAK/QsEACAIQRBqIQggCEGAMEkNAAsgBkEBaiEGIAYgBEkNAAsLCw==';

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

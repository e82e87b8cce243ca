// The shared state of the tree learners' jobs (treeWorker.mjs): its layout on one shared WebAssembly memory, the
// histogram constants, the chunking rule, and the two state updates the caller runs between jobs. Plain JavaScript
// importing only histogramKernel.mjs, as the worker that imports it (electron/build.mjs copies all three).
import { gatherBytes, histogramModule, kernelOf } from './histogramKernel.mjs';

/** The bin of missing values (NaN); value bins are 0 … 254. */
export const MISSING_BIN = 255;
/** Doubles per histogram bin: sum of gradients, sum of hessians, count of rows. */
export const BIN_WIDTH = 3;
/** Doubles of one feature's histogram. */
export const FEATURE_HIST = 256 * BIN_WIDTH;
/** Upper bound of the chunks of one job. */
export const MAX_CHUNKS = 16;

/** Rows per chunk of a range of `m` rows: a function of m alone. */
export function chunkRows(m) {
  return Math.max(8192, Math.ceil(m / MAX_CHUNKS));
}

/** WebAssembly pages are 64 KiB; a 32-bit memory holds at most 65536 of them. */
const PAGE = 65536;
const MAX_PAGES = 65536;

/**
 * Allocates the state shared by the caller and the workers, and fills `rowBins`, the row-major copy of the codes
 * (the histogram loops read rows, the partition reads columns). Every array sits on one shared WebAssembly memory,
 * which the histogram kernel works in and the workers see without a copy; when that memory cannot be had (over
 * 4 GiB, or no WebAssembly SIMD) they sit on SharedArrayBuffers and the histograms are built in JavaScript.
 *
 * @param {Uint8Array} bins n × f bin codes, column-major (feature j's column is bins[j·n … (j+1)·n)), on any
 *   memory: the state copies them
 * @param {number} n
 * @param {number} f
 */
export function createState(bins, n, f) {
  const layout = [
    // The column-major codes too (the partition kernel reads them), and their row-major copy.
    ['bins', Uint8Array, n * f],
    ['rowBins', Uint8Array, n * f],
    ['gh', Float64Array, 2 * n],
    ['idx', Uint32Array, n],
    ['left', Uint32Array, n],
    ['right', Uint32Array, n],
    ['chunkHist', Float64Array, MAX_CHUNKS * f * FEATURE_HIST],
    ['chunkLeft', Int32Array, MAX_CHUNKS],
    // The chunk histograms added up (by the kernel; the caller copies the features it wants out).
    ['merged', Float64Array, f * FEATURE_HIST],
    ['features', Int32Array, f],
    ['raw', Float64Array, n],
    ['y', Uint8Array, n],
    ['weight', Float64Array, n],
    ['job', Int32Array, 16],
    ['control', Int32Array, 4],
    // accumulateGathered's blocks, one per chunk (chunks run at the same time on different threads).
    ['scratch', Uint8Array, MAX_CHUNKS * gatherBytes(f)],
  ];
  // Offsets 16-byte aligned, from 16: offset 0 means "no row list" to the kernel.
  let bytes = 16;
  const offsets = layout.map(([, Type, length]) => {
    const at = bytes;
    bytes += Math.ceil((length * Type.BYTES_PER_ELEMENT) / 16) * 16;
    return at;
  });
  const pages = Math.ceil(bytes / PAGE);
  let memory = null;
  if (pages <= MAX_PAGES && histogramModule() !== null) {
    try {
      memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
    } catch {
      memory = null;
    }
  }
  const s = { n, f, memory };
  layout.forEach(([name, Type, length], i) => {
    s[name] = memory
      ? new Type(memory.buffer, offsets[i], length)
      : new Type(new SharedArrayBuffer(length * Type.BYTES_PER_ELEMENT));
  });
  // The state's own copy, shared with the workers whatever memory the caller's codes sit on.
  s.bins.set(bins);
  const rowBins = s.rowBins;
  for (let j = 0; j < f; j++) {
    const col = j * n;
    for (let i = 0, p = j; i < n; i++, p += f) rowBins[p] = bins[col + i];
  }
  return s;
}

/**
 * Adds up the chunk histograms of the last job into `out` for the features listed in s.features[0 … nf), in chunk
 * order (so the sums do not depend on the number of threads).
 */
export function mergeChunks(s, chunks, nf, out) {
  const { chunkHist, features, f } = s;
  const kernel = kernelOf(s);
  if (kernel !== null) {
    const merged = s.merged;
    kernel.mergeChunks(
      chunkHist.byteOffset,
      f * FEATURE_HIST * 8,
      chunks,
      features.byteOffset,
      nf,
      merged.byteOffset,
    );
    for (let q = 0; q < nf; q++) {
      const o = features[q] * FEATURE_HIST;
      out.set(merged.subarray(o, o + FEATURE_HIST), o);
    }
    return;
  }
  const size = f * FEATURE_HIST;
  for (let q = 0; q < nf; q++) {
    const o = features[q] * FEATURE_HIST;
    out.set(chunkHist.subarray(o, o + FEATURE_HIST), o);
    for (let c = 1; c < chunks; c++) {
      const src = c * size + o;
      for (let k = 0; k < FEATURE_HIST; k++) out[o + k] += chunkHist[src + k];
    }
  }
}

/** raw[idx[i]] += value for i in from … to: a leaf's value added to the raw scores of its rows. */
export function addToRows(s, from, to, value) {
  const kernel = kernelOf(s);
  if (kernel !== null) {
    kernel.addToRows(s.idx.byteOffset, from, to, s.raw.byteOffset, value);
    return;
  }
  const { idx, raw } = s;
  for (let i = from; i < to; i++) raw[idx[i]] += value;
}

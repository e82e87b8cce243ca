// The inner loops of the histogram tree learners (gradient boosting and random forest, gbm/), and the
// worker_threads entry that runs them on the other cores.
//
// Plain JavaScript importing only Node, treeState.mjs and histogramKernel.mjs (also plain) on purpose, as
// kmeansWorker.mjs: this file is imported by pool.ts (the inline path) and loaded as a worker by URL, from tsx, from
// `node --test`, and next to the Electron bundle (electron/build.mjs copies the three files there) where no
// TypeScript loader runs.
//
// A job covers a range of the row-index array (one tree node). The range is cut into chunks whose layout depends
// only on the range's length; each chunk writes its own histogram and its own piece of the partition, and the
// caller merges them in chunk order, so a tree is bit-identical however many threads took part.
//
// Workers wait on a shared generation counter (Atomics.wait), not on messages: a job costs a few microseconds to
// hand out, which matters because a boosted tree of 31 leaves needs about 31 jobs.
import { parentPort, workerData } from 'node:worker_threads';
import { gatherBytes, kernelOf } from './histogramKernel.mjs';
import { chunkRows, FEATURE_HIST, MAX_CHUNKS, MISSING_BIN } from './treeState.mjs';

export {
  addToRows,
  BIN_WIDTH,
  chunkRows,
  createState,
  FEATURE_HIST,
  MAX_CHUNKS,
  mergeChunks,
  MISSING_BIN,
} from './treeState.mjs';

/** Histogram of a node's rows (the root, or a node's child when no partition is needed). */
export const OP_HIST = 1;
/** Stable partition of a node's rows by a split, plus the histogram of one side (the smaller child). */
export const OP_SPLIT = 2;
/** Gradients and hessians of the binary log-loss from the raw scores. */
export const OP_GRAD = 3;
/** Ends the worker loop. */
export const OP_STOP = 9;

// control[] slots. CLAIM packs the job's generation, its number of chunks and the next chunk to take into one word
// (gen · 1024 + chunks · 32 + next), so that a chunk is claimed by one compare-and-swap that also proves the job is
// still the current one: a worker that wakes late can never take a chunk of a newer job with an older job's
// parameters, and the caller never waits for a worker that took nothing.
const GEN = 0;
const CLAIM = 1;
const DONE = 2;
const ERROR = 3;
const GEN_LIMIT = 1 << 20;

// job[] slots.
const J_OP = 0;
const J_START = 1;
const J_END = 2;
const J_CHUNK = 3;
const J_CHUNKS = 4;
const J_IDENTITY = 5;
const J_NFEAT = 6;
const J_SPLIT_FEATURE = 7;
const J_SPLIT_BIN = 8;
const J_MISSING_LEFT = 9;
/** Which side gets a histogram after a split: 0 left, 1 right, −1 none. */
const J_HIST_SIDE = 10;
/** 1 when OP_GRAD multiplies by the row weights. */
const J_WEIGHTED = 11;

/**
 * Adds rows into `hist` (offset `base`, all features laid out as f × 256 bins × 3) for the listed features. Rows are
 * `rows[from … to)`, or the numbers from … to themselves when `rows` is null. Reads the row-major copy of the bins:
 * one row's codes share a cache line, where the column-major codes of a sparse node cost a cache miss per feature
 * (LightGBM's "row-wise" histograms; measured about 1.5× faster here).
 */
function accumulate(s, rows, from, to, hist, base, nf) {
  const { rowBins, gh, f, features } = s;
  const kernel = kernelOf(s);
  if (kernel !== null) {
    // Byte offsets into the shared memory; hist is s.chunkHist, a row list is idx, left or right.
    const rowsAt = rows === null ? 0 : rows.byteOffset;
    const histAt = hist.byteOffset + base * 8;
    // Rows spread over more than 4× their number are gathered first (about 1.5× faster on such rows, slower on
    // dense ones).
    if (nf === f && rows !== null && to - from > 64 && rows[to - 1] - rows[from] > 4 * (to - from)) {
      const chunk = base / (f * FEATURE_HIST);
      const scratchAt = s.scratch.byteOffset + chunk * gatherBytes(f);
      kernel.accumulateGathered(rowsAt, from, to, f, rowBins.byteOffset, gh.byteOffset, histAt, scratchAt);
    } else if (nf === f) kernel.accumulate(rowsAt, from, to, f, rowBins.byteOffset, gh.byteOffset, histAt);
    else
      kernel.accumulateSome(
        rowsAt,
        from,
        to,
        f,
        rowBins.byteOffset,
        gh.byteOffset,
        histAt,
        features.byteOffset,
        nf,
      );
    return;
  }
  if (nf === f) {
    const stop = base + f * FEATURE_HIST;
    let i = from;
    // Two rows per pass: their updates are independent unless they share a bin (then still added in row order),
    // which lets the CPU overlap them; about 1.3× faster.
    for (; i + 1 < to; i += 2) {
      const r = rows === null ? i : rows[i];
      const r2 = rows === null ? i + 1 : rows[i + 1];
      const g = gh[2 * r];
      const h = gh[2 * r + 1];
      const g2 = gh[2 * r2];
      const h2 = gh[2 * r2 + 1];
      let p = r * f;
      let p2 = r2 * f;
      for (let k0 = base; k0 < stop; k0 += FEATURE_HIST) {
        const k = k0 + rowBins[p++] * 3;
        const j = k0 + rowBins[p2++] * 3;
        hist[k] += g;
        hist[k + 1] += h;
        hist[k + 2] += 1;
        hist[j] += g2;
        hist[j + 1] += h2;
        hist[j + 2] += 1;
      }
    }
    if (i < to) {
      const r = rows === null ? i : rows[i];
      const g = gh[2 * r];
      const h = gh[2 * r + 1];
      let p = r * f;
      for (let k0 = base; k0 < stop; k0 += FEATURE_HIST) {
        const k = k0 + rowBins[p++] * 3;
        hist[k] += g;
        hist[k + 1] += h;
        hist[k + 2] += 1;
      }
    }
    return;
  }
  for (let i = from; i < to; i++) {
    const r = rows === null ? i : rows[i];
    const g = gh[2 * r];
    const h = gh[2 * r + 1];
    const p = r * f;
    for (let q = 0; q < nf; q++) {
      const feature = features[q];
      const k = base + feature * FEATURE_HIST + rowBins[p + feature] * 3;
      hist[k] += g;
      hist[k + 1] += h;
      hist[k + 2] += 1;
    }
  }
}

function clearHist(s, c, nf) {
  const size = s.f * FEATURE_HIST;
  for (let q = 0; q < nf; q++) {
    const h0 = c * size + s.features[q] * FEATURE_HIST;
    s.chunkHist.fill(0, h0, h0 + FEATURE_HIST);
  }
}

/**
 * Stable partition of idx[from … to) into left[from …) and right[from …); returns the end of the left part. Branch
 * free (each row is written to both sides and only one cursor moves): the side of a row is a coin flip for the
 * branch predictor.
 */
function partitionChunk(s, from, to, feature, threshold, missingLeft) {
  const { idx, bins, left, right } = s;
  const col = feature * s.n;
  const kernel = kernelOf(s);
  if (kernel !== null) {
    const at = bins.byteOffset + col;
    return kernel.partition(
      idx.byteOffset,
      from,
      to,
      at,
      threshold,
      missingLeft ? 1 : 0,
      left.byteOffset,
      right.byteOffset,
    );
  }
  // Codes ≤ threshold go left; the missing code goes left iff missingLeft.
  const missing = missingLeft ? 1 : 0;
  let l = from;
  let r = from;
  for (let i = from; i < to; i++) {
    const row = idx[i];
    const b = bins[col + row];
    const goLeft = b === MISSING_BIN ? missing : b <= threshold ? 1 : 0;
    left[l] = row;
    right[r] = row;
    l += goLeft;
    r += 1 - goLeft;
  }
  return l;
}

/** Gradient p − y and hessian p(1 − p) of the log-loss at raw score z (p = σ(z)), times the row weight. */
function gradients(s, from, to) {
  const { raw, y, weight, gh } = s;
  const weighted = s.job[J_WEIGHTED] === 1;
  for (let i = from; i < to; i++) {
    const p = 1 / (1 + Math.exp(-raw[i]));
    const w = weighted ? weight[i] : 1;
    gh[2 * i] = w * (p - y[i]);
    gh[2 * i + 1] = w * p * (1 - p);
  }
}

function runChunk(s, c) {
  const job = s.job;
  const op = job[J_OP];
  const start = job[J_START];
  const end = job[J_END];
  const size = job[J_CHUNK];
  const from = start + c * size;
  const to = Math.min(end, from + size);
  const nf = job[J_NFEAT];
  if (op === OP_HIST) {
    clearHist(s, c, nf);
    accumulate(s, job[J_IDENTITY] ? null : s.idx, from, to, s.chunkHist, c * s.f * FEATURE_HIST, nf);
  } else if (op === OP_SPLIT) {
    const l = partitionChunk(s, from, to, job[J_SPLIT_FEATURE], job[J_SPLIT_BIN], job[J_MISSING_LEFT] === 1);
    s.chunkLeft[c] = l - from;
    const side = job[J_HIST_SIDE];
    if (side >= 0) {
      clearHist(s, c, nf);
      const base = c * s.f * FEATURE_HIST;
      if (side === 0) accumulate(s, s.left, from, l, s.chunkHist, base, nf);
      else accumulate(s, s.right, from, from + (to - l), s.chunkHist, base, nf);
    }
  } else if (op === OP_GRAD) {
    gradients(s, from, to);
  } else throw new Error(`tree worker: unknown operation ${op}`);
}

/** Claims the next chunk of the current job; −1 when none is left. */
function claim(control) {
  for (;;) {
    const word = Atomics.load(control, CLAIM);
    const next = word & 31;
    const chunks = (word >> 5) & 31;
    if (next >= chunks) return -1;
    if (Atomics.compareExchange(control, CLAIM, word, word + 1) === word) return next;
  }
}

/** Takes chunks of the current job off the shared claim word until none is left. */
export function drain(s) {
  const control = s.control;
  for (;;) {
    const c = claim(control);
    if (c < 0) return;
    try {
      runChunk(s, c);
    } catch (error) {
      Atomics.store(control, ERROR, 1);
      throw error;
    } finally {
      Atomics.add(control, DONE, 1);
      Atomics.notify(control, DONE);
    }
  }
}

/**
 * Writes a job and runs it: on this thread alone when `workers` is 0, else handed to the workers too. Returns the
 * number of chunks. The caller merges `chunkHist` / `left` / `right` afterwards.
 *
 * @param {number} workers worker threads waiting on this state (0: inline)
 * @param {number[]} params [op, start, end, identity, nFeatures, splitFeature, splitBin, missingLeft, histSide]
 */
export function runJob(
  s,
  workers,
  op,
  start,
  end,
  identity,
  nf,
  splitFeature,
  splitBin,
  missingLeft,
  histSide,
) {
  const m = end - start;
  const size = op === OP_GRAD ? Math.max(16384, Math.ceil(m / MAX_CHUNKS)) : chunkRows(m);
  const chunks = Math.max(1, Math.ceil(m / size));
  const job = s.job;
  job[J_OP] = op;
  job[J_START] = start;
  job[J_END] = end;
  job[J_CHUNK] = size;
  job[J_CHUNKS] = chunks;
  job[J_IDENTITY] = identity ? 1 : 0;
  job[J_NFEAT] = nf;
  job[J_SPLIT_FEATURE] = splitFeature;
  job[J_SPLIT_BIN] = splitBin;
  job[J_MISSING_LEFT] = missingLeft ? 1 : 0;
  job[J_HIST_SIDE] = histSide;
  const control = s.control;
  Atomics.store(control, DONE, 0);
  Atomics.store(control, ERROR, 0);
  const gen = (Atomics.load(control, GEN) + 1) % GEN_LIMIT;
  // Publishing the claim word releases the parameters written above to whoever claims a chunk.
  Atomics.store(control, CLAIM, gen * 1024 + chunks * 32);
  if (workers > 0 && chunks > 1) {
    Atomics.store(control, GEN, gen);
    Atomics.notify(control, GEN);
  }
  drain(s);
  // Wait only for chunks a worker took and has not finished.
  waitFor(control, DONE, chunks);
  if (Atomics.load(control, ERROR) !== 0) throw new Error('tree worker failed');
  return chunks;
}

/** Blocks until control[slot] ≥ value; throws after a minute without progress (a worker died). */
function waitFor(control, slot, value) {
  let last = Atomics.load(control, slot);
  let waited = 0;
  while (last < value) {
    if (Atomics.wait(control, slot, last, 1000) === 'timed-out') {
      waited++;
      if (waited > 60) throw new Error('tree worker stopped responding');
    }
    const now = Atomics.load(control, slot);
    if (now !== last) waited = 0;
    last = now;
  }
}

/** Whether OP_GRAD weighs rows by `s.weight` (the caller fills it first). */
export function setWeighted(s, weighted) {
  s.job[J_WEIGHTED] = weighted ? 1 : 0;
}

/** Stops the workers' loops (they then exit by themselves). */
export function stopWorkers(s) {
  Atomics.store(s.control, ERROR, -1);
  Atomics.store(s.control, GEN, (Atomics.load(s.control, GEN) + 1) % GEN_LIMIT);
  Atomics.notify(s.control, GEN);
}

// Worker entry: only when started by gbm/pool.ts with its marker.
if (parentPort && workerData && workerData.kind === 'engage-trees') {
  const s = workerData.state;
  const control = s.control;
  let gen = Atomics.load(control, GEN);
  parentPort.postMessage({ ready: true });
  for (;;) {
    Atomics.wait(control, GEN, gen);
    gen = Atomics.load(control, GEN);
    if (Atomics.load(control, ERROR) === -1) break;
    try {
      drain(s);
    } catch {
      // ERROR is set; the caller throws.
    }
  }
}

// The inner loops of K-Means and k-means++ seeding, and the worker_threads entry that runs them on the other cores.
//
// Plain JavaScript with no relative imports on purpose: this one file is both imported by kmeans.ts (the inline
// path, bundled by esbuild like any module) and loaded as a worker by URL, which must work from tsx, from
// `node --test`, and next to the Electron bundle (electron/build.mjs copies it there) where no TypeScript loader runs.
//
// The work of every pass is cut into chunks of rows whose size depends only on n. Each chunk writes its own partial
// sums, and the caller adds them up in chunk order, so the result is bit-identical however many threads took part
// and in whatever order they took the chunks.
import { parentPort, workerData } from 'node:worker_threads';

/** k-means++: squared distance of every row to the first seed (centre 0). */
export const OP_SEED_FIRST = 0;
/** k-means++: for each candidate, the change of the potential if it were chosen (stats[chunk][t]). */
export const OP_SEED_TRIALS = 1;
/** k-means++: adopt candidate `a` as seed number `b`; stats[chunk][0] = the chunk's new potential. */
export const OP_SEED_APPLY = 2;
/** Lloyd, first pass after seeding: labels are exact, turn D² into Hamerly bounds and sum the clusters. */
export const OP_SUMS = 3;
/** Lloyd, first pass from given centres: nearest and second-nearest centre of every row, and the sums. */
export const OP_FULL = 4;
/** Lloyd step (Hamerly 2010): move bounds by the centre shifts, reassign rows that fail the bound test. */
export const OP_STEP = 5;
/** Final assignment with the final centres (sums untouched); stats[chunk][1] = the chunk's inertia. */
export const OP_FINAL = 6;

/** Width of a chunk's row in `stats`: at least two, and one slot per k-means++ candidate. */
export function statsWidth(trials) {
  return Math.max(2, trials);
}

/** Rows per chunk: a function of n alone (see above), few enough chunks that merging them stays cheap. */
export function chunkRows(n) {
  return Math.max(2048, Math.ceil(n / 256));
}

/**
 * Allocates the state of one K-Means call. With `shared`, every array lives in a SharedArrayBuffer (workers see
 * them without a copy); `x` must then already be shared.
 *
 * @param {Float64Array} x n × d row-major data
 * @param {number} n
 * @param {number} d
 * @param {number} k
 * @param {number} trials k-means++ candidates per step
 * @param {boolean} shared
 */
export function createState(x, n, d, k, trials, shared) {
  const chunkSize = chunkRows(n);
  const chunks = Math.ceil(n / chunkSize);
  const width = statsWidth(trials);
  const alloc = (Type, length) =>
    new Type(
      shared
        ? new SharedArrayBuffer(length * Type.BYTES_PER_ELEMENT)
        : new ArrayBuffer(length * Type.BYTES_PER_ELEMENT),
    );
  return {
    x,
    n,
    d,
    k,
    trials,
    chunkSize,
    chunks,
    width,
    labels: alloc(Int32Array, n),
    upper: alloc(Float64Array, n),
    lower: alloc(Float64Array, n),
    centres: alloc(Float64Array, k * d),
    halfMin: alloc(Float64Array, k),
    shift: alloc(Float64Array, k),
    candidates: alloc(Float64Array, trials * d),
    // Each row's distance to each k-means++ candidate, kept from the trials for the adopted one.
    trialDist: alloc(Float64Array, n * trials),
    seedGap: alloc(Float64Array, trials * k),
    sums: alloc(Float64Array, chunks * k * d),
    counts: alloc(Float64Array, chunks * k),
    stats: alloc(Float64Array, chunks * width),
    // [0] next chunk to take, [1] passes finished by workers (an atomic write that publishes their results).
    control: alloc(Int32Array, 2),
  };
}

/** Takes chunks off the shared counter until none is left, running `op` on each. */
export function drain(s, op, a, b) {
  for (;;) {
    const c = Atomics.add(s.control, 0, 1);
    if (c >= s.chunks) return;
    runChunk(s, op, a, b, c);
  }
}

/**
 * Squared Euclidean distance between x[p … p+d) and y[q … q+d). Even and odd coordinates go to two accumulators,
 * which keeps the FPU busy; {@link dist2Pair} adds in exactly the same order, so a distance does not depend on which
 * of the two computed it.
 */
function dist2(x, p, y, q, d) {
  let even = 0;
  let odd = 0;
  let t = 0;
  for (const d2 = d - 1; t < d2; t += 2) {
    const e0 = x[p + t] - y[q + t];
    const e1 = x[p + t + 1] - y[q + t + 1];
    even += e0 * e0;
    odd += e1 * e1;
  }
  if (t < d) {
    const e = x[p + t] - y[q + t];
    even += e * e;
  }
  return even + odd;
}

/** Where {@link dist2Pair} leaves its two results (no allocation in the hot loops). */
const pair = new Float64Array(2);

/** dist2 from x[p …] to y[q1 …] and to y[q2 …] in one sweep over x (x is read once: about 1.5× faster). */
function dist2Pair(x, p, y, q1, q2, d) {
  let a0 = 0;
  let a1 = 0;
  let b0 = 0;
  let b1 = 0;
  let t = 0;
  for (const d2 = d - 1; t < d2; t += 2) {
    const v0 = x[p + t];
    const v1 = x[p + t + 1];
    const e0 = v0 - y[q1 + t];
    const e1 = v1 - y[q1 + t + 1];
    const f0 = v0 - y[q2 + t];
    const f1 = v1 - y[q2 + t + 1];
    a0 += e0 * e0;
    a1 += e1 * e1;
    b0 += f0 * f0;
    b1 += f1 * f1;
  }
  if (t < d) {
    const v = x[p + t];
    const e = v - y[q1 + t];
    const f = v - y[q2 + t];
    a0 += e * e;
    b0 += f * f;
  }
  pair[0] = a0 + a1;
  pair[1] = b0 + b1;
}

/** Where {@link dist2Quad} leaves its four results. */
const quad = new Float64Array(4);

/** dist2 from x[p …] to four rows of y in one sweep over x (same order of additions as dist2). */
function dist2Quad(x, p, y, q0, q1, q2, q3, d) {
  let a0 = 0;
  let a1 = 0;
  let b0 = 0;
  let b1 = 0;
  let c0 = 0;
  let c1 = 0;
  let e0 = 0;
  let e1 = 0;
  let t = 0;
  for (const d2 = d - 1; t < d2; t += 2) {
    const v0 = x[p + t];
    const v1 = x[p + t + 1];
    let u0 = v0 - y[q0 + t];
    let u1 = v1 - y[q0 + t + 1];
    a0 += u0 * u0;
    a1 += u1 * u1;
    u0 = v0 - y[q1 + t];
    u1 = v1 - y[q1 + t + 1];
    b0 += u0 * u0;
    b1 += u1 * u1;
    u0 = v0 - y[q2 + t];
    u1 = v1 - y[q2 + t + 1];
    c0 += u0 * u0;
    c1 += u1 * u1;
    u0 = v0 - y[q3 + t];
    u1 = v1 - y[q3 + t + 1];
    e0 += u0 * u0;
    e1 += u1 * u1;
  }
  if (t < d) {
    const v = x[p + t];
    let u = v - y[q0 + t];
    a0 += u * u;
    u = v - y[q1 + t];
    b0 += u * u;
    u = v - y[q2 + t];
    c0 += u * u;
    u = v - y[q3 + t];
    e0 += u * u;
  }
  quad[0] = a0 + a1;
  quad[1] = b0 + b1;
  quad[2] = c0 + c1;
  quad[3] = e0 + e1;
}

/** Scratch for {@link nearestTwo}: the distances to all k centres. */
let distances = new Float64Array(16);

/**
 * Nearest and second-nearest of the k centres to row p: returns the nearest's index (the lowest on a tie) and
 * leaves the two squared distances in pair[0] and pair[1].
 */
function nearestTwo(x, p, centres, k, d) {
  if (distances.length < k) distances = new Float64Array(k);
  const all = distances;
  let j = 0;
  for (; j + 3 < k; j += 4) {
    dist2Quad(x, p, centres, j * d, (j + 1) * d, (j + 2) * d, (j + 3) * d, d);
    all[j] = quad[0];
    all[j + 1] = quad[1];
    all[j + 2] = quad[2];
    all[j + 3] = quad[3];
  }
  if (j + 1 < k) {
    dist2Pair(x, p, centres, j * d, (j + 1) * d, d);
    all[j] = pair[0];
    all[j + 1] = pair[1];
    j += 2;
  }
  if (j < k) all[j] = dist2(x, p, centres, j * d, d);
  let d1 = Infinity;
  let d2 = Infinity;
  let best = 0;
  for (j = 0; j < k; j++) {
    const v = all[j];
    if (v < d1) {
      d2 = d1;
      d1 = v;
      best = j;
    } else if (v < d2) d2 = v;
  }
  pair[0] = d1;
  pair[1] = d2;
  return best;
}

function runChunk(s, op, a, b, c) {
  const start = c * s.chunkSize;
  const end = Math.min(s.n, start + s.chunkSize);
  const stats = s.stats.subarray(c * s.width, (c + 1) * s.width);
  switch (op) {
    case OP_SEED_FIRST:
      return seedFirst(s, start, end, stats);
    case OP_SEED_TRIALS:
      return seedTrials(s, a, start, end, stats);
    case OP_SEED_APPLY:
      return seedApply(s, a, b, start, end, stats);
    case OP_SUMS:
    case OP_FULL:
      return firstPass(s, op === OP_FULL, start, end, c);
    case OP_STEP:
    case OP_FINAL:
      return hamerly(s, op === OP_FINAL, start, end, c, stats);
    default:
      throw new Error(`k-means worker: unknown operation ${op}`);
  }
}

// During seeding, `upper` holds each row's D² (squared distance to its nearest seed), `labels` that seed, and
// `lower` a lower bound on its distance to every other seed, so that Lloyd's first step can prune too.

function seedFirst(s, start, end, stats) {
  const { x, d, upper, lower, labels, centres } = s;
  let total = 0;
  for (let i = start; i < end; i++) {
    const v = dist2(x, i * d, centres, 0, d);
    upper[i] = v;
    lower[i] = Infinity;
    labels[i] = 0;
    total += v;
  }
  stats[0] = total;
}

function seedTrials(s, trials, start, end, stats) {
  const { x, d, k, upper, labels, candidates, seedGap, trialDist } = s;
  const todo = new Int32Array(trials);
  for (let t = 0; t < trials; t++) stats[t] = 0;
  for (let i = start; i < end; i++) {
    const current = upper[i];
    const nearest = labels[i];
    const limit = 4 * current;
    const p = i * d;
    const r = i * trials;
    let m = 0;
    for (let t = 0; t < trials; t++) {
      // ‖c − s‖² ≥ 4·D² ⇔ ‖c − s‖ ≥ 2·D: by the triangle inequality the candidate is no closer than the seed.
      if (seedGap[t * k + nearest] < limit) todo[m++] = t;
    }
    // Candidates four, two, then one at a time: one sweep over the row serves several of them.
    let j = 0;
    for (; j + 3 < m; j += 4) {
      const t0 = todo[j];
      const t1 = todo[j + 1];
      const t2 = todo[j + 2];
      const t3 = todo[j + 3];
      dist2Quad(x, p, candidates, t0 * d, t1 * d, t2 * d, t3 * d, d);
      for (let u = 0; u < 4; u++) {
        const t = todo[j + u];
        const v = quad[u];
        trialDist[r + t] = v;
        if (v < current) stats[t] += v - current;
      }
    }
    if (j + 1 < m) {
      const t0 = todo[j];
      const t1 = todo[j + 1];
      dist2Pair(x, p, candidates, t0 * d, t1 * d, d);
      trialDist[r + t0] = pair[0];
      trialDist[r + t1] = pair[1];
      if (pair[0] < current) stats[t0] += pair[0] - current;
      if (pair[1] < current) stats[t1] += pair[1] - current;
      j += 2;
    }
    if (j < m) {
      const t = todo[j];
      const v = dist2(x, p, candidates, t * d, d);
      trialDist[r + t] = v;
      if (v < current) stats[t] += v - current;
    }
  }
}

function seedApply(s, t, seed, start, end, stats) {
  const { k, trials, upper, lower, labels, seedGap, trialDist } = s;
  let total = 0;
  for (let i = start; i < end; i++) {
    const current = upper[i];
    const gap = seedGap[t * k + labels[i]];
    // The trials' test again: true exactly for the rows whose distance to candidate t they computed.
    if (gap < 4 * current) {
      const v = trialDist[i * trials + t];
      if (v < current) {
        // The old nearest seed becomes one of the others; it was the closest of them, so it sets the bound.
        upper[i] = v;
        lower[i] = Math.sqrt(current);
        labels[i] = seed;
      } else lower[i] = Math.min(lower[i], Math.sqrt(v));
    } else lower[i] = Math.min(lower[i], Math.sqrt(gap) - Math.sqrt(current));
    total += upper[i];
  }
  stats[0] = total;
}

function firstPass(s, full, start, end, c) {
  const { x, d, k, labels, upper, lower, centres } = s;
  const sums = s.sums.subarray(c * k * d, (c + 1) * k * d);
  const counts = s.counts.subarray(c * k, (c + 1) * k);
  sums.fill(0);
  counts.fill(0);
  for (let i = start; i < end; i++) {
    const p = i * d;
    let a;
    if (full) {
      a = nearestTwo(x, p, centres, k, d);
      labels[i] = a;
      upper[i] = Math.sqrt(pair[0]);
      lower[i] = Math.sqrt(pair[1]);
    } else {
      // Seeded: the labels are exact and the bounds known; only D² becomes a distance.
      a = labels[i];
      upper[i] = Math.sqrt(upper[i]);
    }
    counts[a] += 1;
    for (let t = 0, q = a * d; t < d; t++) sums[q + t] += x[p + t];
  }
}

/**
 * One assignment pass of Hamerly's algorithm. Bounds: upper[i] ≥ distance to the assigned centre, lower[i] ≤
 * distance to every other centre. A row keeps its centre without any distance computed when
 * upper ≤ max(lower, half the distance from its centre to the nearest other centre).
 */
function hamerly(s, final, start, end, c, stats) {
  const { x, d, k, labels, upper, lower, centres, halfMin, shift } = s;
  const sums = s.sums.subarray(c * k * d, (c + 1) * k * d);
  const counts = s.counts.subarray(c * k, (c + 1) * k);
  // Every centre but j moved at most by the largest shift among the others.
  let maxShift = 0;
  let secondShift = 0;
  let maxIndex = -1;
  for (let j = 0; j < k; j++) {
    const v = shift[j];
    if (v > maxShift) {
      secondShift = maxShift;
      maxShift = v;
      maxIndex = j;
    } else if (v > secondShift) secondShift = v;
  }
  let changed = 0;
  let inertia = 0;
  for (let i = start; i < end; i++) {
    const a = labels[i];
    const p = i * d;
    let u = upper[i] + shift[a];
    let l = lower[i] - (a === maxIndex ? secondShift : maxShift);
    const bound = Math.max(halfMin[a], l);
    let exact = -1;
    if (u > bound) {
      exact = dist2(x, p, centres, a * d, d);
      u = Math.sqrt(exact);
      if (u > bound) {
        const best = nearestTwo(x, p, centres, k, d);
        const d1 = pair[0];
        const d2 = pair[1];
        if (best !== a) {
          changed++;
          labels[i] = best;
          if (!final) {
            counts[a] -= 1;
            counts[best] += 1;
            for (let t = 0, qa = a * d, qb = best * d; t < d; t++) {
              const v = x[p + t];
              sums[qa + t] -= v;
              sums[qb + t] += v;
            }
            // Subtracting leaves rounding dust: a cluster gone from the chunk sums to exactly zero.
            if (counts[a] === 0) sums.fill(0, a * d, a * d + d);
          }
        }
        exact = d1;
        u = Math.sqrt(d1);
        l = Math.sqrt(d2);
      }
    }
    upper[i] = u;
    lower[i] = l;
    if (final) inertia += exact >= 0 ? exact : dist2(x, p, centres, labels[i] * d, d);
  }
  stats[0] = changed;
  stats[1] = inertia;
}

// Worker entry: only when started by kmeansPool with its marker, so importing this module inside some other
// worker does nothing. A worker outlives one K-Means call (its compiled code stays warm): each call binds its state
// with `{ bind }` and lets go of it with `{ bind: null }`, so an idle worker holds no data.
if (parentPort && workerData && workerData.kind === 'engage-kmeans') {
  const port = parentPort;
  let s = null;
  port.on('message', (message) => {
    try {
      if ('bind' in message) s = message.bind;
      else {
        if (s === null) throw new Error('k-means worker: a pass before any state was bound');
        drain(s, message.op, message.a, message.b);
        Atomics.add(s.control, 1, 1);
      }
      port.postMessage({ ok: true });
    } catch (error) {
      port.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) });
    }
  });
  port.postMessage({ ready: true });
}

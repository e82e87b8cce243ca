import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { kmeans as mlKmeans } from 'ml-kmeans';
import { kmeans, kmeansSync, THREADED_MIN_WORK } from '../../engine/analysis/cluster/kmeans.ts';
import { kmeansPlusPlus, kmeansPlusPlusSeeding } from '../../engine/analysis/cluster/kmeansPlusPlus.ts';
import type { Matrix } from '../../engine/analysis/matrix.ts';
import { fromRows, matrix } from '../../engine/analysis/matrix.ts';
import { Rng } from '../../engine/analysis/random.ts';
import { blobs } from '../blobs.ts';

interface Fixture {
  readonly command: string;
  readonly k: number;
  readonly rows: number;
  readonly cols: number;
  readonly data: number[];
  readonly inertia: number;
  readonly sizes: number[];
  readonly centres_by_income_then_score?: number[][];
}

/** A fixture of test/fixtures/sklearn/kmeans_fixtures.py (the command that made it is inside). */
function fixture(name: string): Fixture & { x: Matrix } {
  const f = JSON.parse(
    readFileSync(new URL(`../fixtures/sklearn/${name}.json`, import.meta.url), 'utf8'),
  ) as Fixture;
  return { ...f, x: matrix(f.rows, f.cols, Float64Array.from(f.data)) };
}

/** Σ squared distance of each row to the mean of its cluster, computed naively. */
function inertiaOf(x: Matrix, labels: Int32Array, k: number): number {
  const sums = new Float64Array(k * x.cols);
  const counts = new Float64Array(k);
  for (let i = 0; i < x.rows; i++) {
    const a = labels[i] as number;
    counts[a] = (counts[a] as number) + 1;
    for (let j = 0; j < x.cols; j++) {
      sums[a * x.cols + j] = (sums[a * x.cols + j] as number) + (x.data[i * x.cols + j] as number);
    }
  }
  let total = 0;
  for (let i = 0; i < x.rows; i++) {
    const a = labels[i] as number;
    for (let j = 0; j < x.cols; j++) {
      total +=
        ((x.data[i * x.cols + j] as number) - (sums[a * x.cols + j] as number) / (counts[a] as number)) ** 2;
    }
  }
  return total;
}

test('best of 10 k-means++ runs is as good as scikit-learn’s best of 10 on overlapping blobs', async () => {
  const f = fixture('kmeans_blobs');
  const r = await kmeans(f.x, { k: f.k, nInit: 10, seed: 3 });
  assert.ok(r.inertia <= f.inertia * 1.001, `inertia ${r.inertia} vs sklearn ${f.inertia} (${f.command})`);
  assert.ok(
    Math.abs(r.inertia - inertiaOf(f.x, r.labels, f.k)) < 1e-6 * r.inertia,
    'inertia matches the labels',
  );
  assert.equal(r.converged, true);
  assert.equal(r.threads, 1);
});

test('Mall Customers, income × spending score, k = 5: the five textbook segments with sklearn’s sizes', () => {
  const f = fixture('kmeans_mall');
  const r = kmeansSync(f.x, { k: 5, nInit: 10, seed: 0 });
  assert.deepEqual(
    [...r.sizes].sort((a, b) => a - b),
    f.sizes,
  );
  assert.ok(Math.abs(r.inertia - f.inertia) < 1e-9 * f.inertia, `inertia ${r.inertia} vs ${f.inertia}`);
  const centres = Array.from({ length: 5 }, (_, j) => [...r.centroids.data.subarray(j * 2, j * 2 + 2)]).sort(
    (a, b) => (a[0] as number) * 1000 + (a[1] as number) - ((b[0] as number) * 1000 + (b[1] as number)),
  );
  centres.forEach((c, j) => {
    const expected = f.centres_by_income_then_score?.[j] as number[];
    assert.ok(
      Math.abs((c[0] as number) - (expected[0] as number)) < 1e-9,
      `centre ${j}: ${c.join()} vs ${expected.join()}`,
    );
    assert.ok(
      Math.abs((c[1] as number) - (expected[1] as number)) < 1e-9,
      `centre ${j}: ${c.join()} vs ${expected.join()}`,
    );
  });
});

test('from the same initial centres, the same partition and centres as ml-kmeans', () => {
  const x = blobs(400, 3, 4, 3, 11);
  const start = [0, 100, 200, 300].map((i) => [...x.data.subarray(i * 3, i * 3 + 3)]);
  const ours = kmeansSync(x, { k: 4, init: fromRows(start), tolerance: 0 });
  const points = Array.from({ length: x.rows }, (_, i) => [...x.data.subarray(i * 3, i * 3 + 3)]);
  const theirs = mlKmeans(points, 4, { initialization: start, tolerance: 0, maxIterations: 300 });
  assert.deepEqual([...ours.labels], theirs.clusters);
  theirs.centroids.forEach((c, j) =>
    c.forEach((v, t) => assert.ok(Math.abs(v - (ours.centroids.data[j * 3 + t] as number)) < 1e-9)),
  );
});

test('the same seed gives the same clustering; k = 1 gives the mean', async () => {
  const x = blobs(3000, 5, 6, 2.5, 5);
  const a = await kmeans(x, { k: 6, seed: 42, nInit: 3 });
  const b = await kmeans(x, { k: 6, seed: 42, nInit: 3 });
  assert.deepEqual(a.labels, b.labels);
  assert.equal(a.inertia, b.inertia);
  assert.deepEqual(a.centroids, b.centroids);
  const one = kmeansSync(x, { k: 1 });
  for (let j = 0; j < 5; j++) {
    let mean = 0;
    for (let i = 0; i < x.rows; i++) mean += x.data[i * 5 + j] as number;
    assert.ok(Math.abs((one.centroids.data[j] as number) - mean / x.rows) < 1e-9);
  }
  assert.ok(Math.abs(one.inertia - inertiaOf(x, one.labels, 1)) < 1e-9 * one.inertia);
});

test('worker threads give bit-identical results to the inline path', async () => {
  const x = blobs(20_000, 16, 8, 4, 9);
  assert.ok(x.rows * 8 * x.cols > THREADED_MIN_WORK);
  const threaded = await kmeans(x, { k: 8, seed: 1, nInit: 2, threads: 2 });
  const inline = await kmeans(x, { k: 8, seed: 1, nInit: 2, threads: 1 });
  const sync = kmeansSync(x, { k: 8, seed: 1, nInit: 2 });
  assert.equal(threaded.threads, 2, 'the workers started');
  assert.equal(inline.threads, 1);
  assert.deepEqual(threaded.labels, inline.labels);
  assert.equal(threaded.inertia, inline.inertia);
  assert.deepEqual(threaded.centroids, inline.centroids);
  assert.equal(threaded.iterations, inline.iterations);
  assert.deepEqual(sync.labels, inline.labels);
  assert.equal(sync.inertia, inline.inertia);
});

test('k-means++ seeding: distinct seed rows, and each row’s nearest seed and D² are exact', () => {
  const x = blobs(2000, 4, 5, 1.5, 2);
  const s = kmeansPlusPlusSeeding(x, 5, new Rng(7));
  assert.equal(new Set(s.seeds).size, 5);
  assert.deepEqual(kmeansPlusPlus(x, 5, new Rng(7)), s.seeds);
  for (let i = 0; i < x.rows; i++) {
    let best = Infinity;
    let which = -1;
    s.seeds.forEach((row, j) => {
      let d2 = 0;
      for (let t = 0; t < 4; t++)
        d2 += ((x.data[i * 4 + t] as number) - (x.data[row * 4 + t] as number)) ** 2;
      if (d2 < best) [best, which] = [d2, j];
    });
    assert.equal(s.nearest[i], which);
    assert.ok(Math.abs((s.closest[i] as number) - best) <= 1e-12 * Math.max(1, best));
  }
});

test('an empty cluster takes the row farthest from its centre', () => {
  const x = fromRows([[0], [1], [2], [10], [11], [30]]);
  // Centre 2 is nearest to no row: as in sklearn it moves onto the row farthest from its centre (30, 15 away).
  const r = kmeansSync(x, { k: 3, init: fromRows([[1], [15], [1000]]) });
  assert.deepEqual([...r.sizes].sort(), [1, 2, 3]);
  assert.deepEqual([...r.labels.slice(0, 3)], [0, 0, 0]);
  assert.equal(r.labels[5], 2);
  assert.ok(Math.abs(r.inertia - (2 + 0.5)) < 1e-12);
});

test('bad input: clear errors naming the problem', async () => {
  const x = fromRows([
    [1, 2],
    [3, 4],
    [5, 6],
  ]);
  await assert.rejects(kmeans(x, { k: 4 }), { name: 'RangeError', message: /k = 4 is more than the 3 rows/ });
  assert.throws(() => kmeansSync(x, { k: 0 }), {
    name: 'RangeError',
    message: /k must be an integer ≥ 1, got 0/,
  });
  assert.throws(() => kmeansSync(x, { k: 1.5 }), RangeError);
  assert.throws(() => kmeansSync(matrix(0, 2), { k: 1 }), { name: 'RangeError', message: /no rows/ });
  assert.throws(() => kmeansSync(matrix(3, 0), { k: 1 }), { name: 'RangeError', message: /no columns/ });
  const nan = fromRows([
    [1, 2],
    [3, NaN],
    [5, 6],
  ]);
  assert.throws(() => kmeansSync(nan, { k: 2 }), { name: 'RangeError', message: /row 1, column 1 is NaN/ });
  const inf = fromRows([
    [1, 2],
    [3, 4],
    [-Infinity, 6],
  ]);
  await assert.rejects(kmeans(inf, { k: 2 }), { message: /row 2, column 0 is -Infinity/ });
  assert.throws(() => kmeansSync(x, { k: 2, tolerance: -1 }), /tolerance/);
  assert.throws(() => kmeansSync(x, { k: 2, maxIterations: 0 }), /maxIterations/);
  assert.throws(() => kmeansSync(x, { k: 2, nInit: 0 }), /nInit/);
  assert.throws(() => kmeansSync(x, { k: 2, init: fromRows([[1, 2]]) }), /init is 1 × 2, expected 2 × 2/);
  const notFloat = { data: [1, 2] as unknown as Float64Array, rows: 1, cols: 2 };
  assert.throws(() => kmeansSync(notFloat, { k: 1 }), TypeError);
});

test('an AbortSignal stops the run, inline and on workers, and progress is reported per iteration', async () => {
  const small = blobs(2000, 4, 5, 3, 4);
  await assert.rejects(kmeans(small, { k: 5, signal: AbortSignal.abort() }), { name: 'AbortError' });
  const messages: string[] = [];
  const fractions: number[] = [];
  const r = kmeansSync(small, {
    k: 5,
    onProgress: (f, m) => {
      fractions.push(f);
      messages.push(m);
    },
  });
  assert.equal(messages.filter((m) => /iteration \d+/.test(m)).length, r.iterations);
  assert.equal(fractions.at(-1), 1);
  assert.ok(fractions.every((f, i) => f >= 0 && f <= 1 && (i === 0 || f >= (fractions[i - 1] as number))));

  for (const threads of [1, 2]) {
    const controller = new AbortController();
    const big = blobs(20_000, 16, 8, 5, 8);
    const run = kmeans(big, {
      k: 8,
      threads,
      nInit: 50,
      signal: controller.signal,
      onProgress: (_f, m) => {
        if (/run 2 of/.test(m)) controller.abort();
      },
    });
    await assert.rejects(run, { name: 'AbortError' }, `threads = ${threads}`);
  }
});

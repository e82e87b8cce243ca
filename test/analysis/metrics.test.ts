import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { adjustedRandIndex, bestMatchJaccard, contingency } from '../../engine/analysis/cluster/agreement.ts';
import {
  calinskiHarabasz,
  daviesBouldin,
  silhouette,
  silhouetteSamples,
} from '../../engine/analysis/cluster/metrics.ts';
import type { Matrix } from '../../engine/analysis/matrix.ts';
import { fromRows, matrix, takeRows } from '../../engine/analysis/matrix.ts';
import { Rng } from '../../engine/analysis/random.ts';

/** Reference values from scikit-learn 1.2 (see test/fixtures/sklearn/make_metrics.py and its `source`). */
interface MetricCase {
  name: string;
  x: number[][];
  labels: number[];
  silhouette: number;
  silhouetteSamples: number[];
  daviesBouldin: number;
  calinskiHarabasz: number;
}
const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/sklearn/metrics.json', import.meta.url), 'utf8'),
) as {
  metrics: MetricCase[];
  ari: { name: string; a: number[]; b: number[]; ari: number }[];
};

function assertClose(actual: number, expected: number, rel: number, what: string): void {
  const tolerance = rel * Math.max(Math.abs(expected), 1e-3);
  assert.ok(
    Math.abs(actual - expected) <= tolerance,
    `${what}: ${actual} vs ${expected} (tolerance ${tolerance})`,
  );
}

/** n rows of d columns around k centres `spread` apart, labels by centre. */
function blobs(
  n: number,
  d: number,
  k: number,
  spread: number,
  seed: number,
): { x: Matrix; labels: Int32Array } {
  const rng = new Rng(seed);
  const x = matrix(n, d);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % k;
    labels[i] = c;
    for (let j = 0; j < d; j++) x.data[i * d + j] = rng.normal() + (j % k === c ? spread : 0);
  }
  return { x, labels };
}

for (const c of fixture.metrics) {
  test(`silhouette, Davies–Bouldin, Calinski–Harabasz equal scikit-learn: ${c.name}`, async () => {
    const x = fromRows(c.x);
    const result = await silhouette(x, c.labels, { sample: 'all' });
    assertClose(result.score, c.silhouette, 1e-9, 'silhouette');
    assert.equal(result.exact, true);
    assert.equal(result.sampleSize, c.x.length);
    assert.equal(result.noise, 0);
    const samples = silhouetteSamples(x, c.labels);
    samples.forEach((s, i) =>
      assert.ok(Math.abs(s - (c.silhouetteSamples[i] as number)) <= 1e-9, `row ${i}`),
    );
    // Per-cluster means, indexed by label.
    for (const label of new Set(c.labels)) {
      const mine = c.silhouetteSamples.filter((_, i) => c.labels[i] === label);
      const mean = mine.reduce((s, v) => s + v, 0) / mine.length;
      assertClose(result.perCluster[label] as number, mean, 1e-9, `cluster ${label}`);
      assert.equal(result.clusterSizes[label], mine.length);
    }
    assertClose(daviesBouldin(x, c.labels), c.daviesBouldin, 1e-9, 'Davies–Bouldin');
    assertClose(calinskiHarabasz(x, c.labels), c.calinskiHarabasz, 1e-9, 'Calinski–Harabasz');
  });
}

test('silhouette by hand: two pairs on a line', async () => {
  // Row 0: a = 1, b = (4 + 5) / 2 = 4.5, s = 3.5 / 4.5; by symmetry every row has the same or 3.5/4.5-like values.
  const x = fromRows([[0], [1], [4], [5]]);
  const s = silhouetteSamples(x, [0, 0, 1, 1]);
  assertClose(s[0] as number, 3.5 / 4.5, 1e-15, 'row 0');
  assertClose(s[1] as number, (3.5 - 1) / 3.5, 1e-15, 'row 1');
  const result = await silhouette(x, [0, 0, 1, 1]);
  assertClose(result.score, (2 * (3.5 / 4.5) + 2 * (2.5 / 3.5)) / 4, 1e-15, 'mean');
});

test('silhouette leaves noise (−1) out and says how many rows it left out', async () => {
  const { x, labels } = blobs(400, 4, 3, 5, 11);
  const noisy = Int32Array.from(labels);
  for (let i = 0; i < 400; i += 7) noisy[i] = -1;
  const kept = Array.from(noisy.keys()).filter((i) => (noisy[i] as number) >= 0);
  const withNoise = await silhouette(x, noisy);
  const without = await silhouette(
    takeRows(x, kept),
    kept.map((i) => noisy[i] as number),
  );
  assert.equal(withNoise.noise, 58);
  assert.equal(withNoise.sampleSize, 342);
  assertClose(withNoise.score, without.score, 1e-12, 'score');
  assert.ok(Number.isNaN(silhouetteSamples(x, noisy)[0]));
  assertClose(
    daviesBouldin(x, noisy),
    daviesBouldin(
      takeRows(x, kept),
      kept.map((i) => noisy[i] as number),
    ),
    1e-12,
    'DB',
  );
});

test('sampled silhouette is reproducible, states its sample size, and is near the exact value', async () => {
  const { x, labels } = blobs(3000, 6, 4, 3, 5);
  const fractions: number[] = [];
  const exact = await silhouette(x, labels, { onProgress: (fraction) => fractions.push(fraction) });
  assert.equal(exact.exact, true);
  // Progress, at most once per 25 ms slice: the share of pairs done, rising, at most 1.
  fractions.forEach((f, i) => assert.ok(f > 0 && f <= 1 && (i === 0 || f >= (fractions[i - 1] as number))));
  const a = await silhouette(x, labels, { sample: 800, seed: 42 });
  const b = await silhouette(x, labels, { sample: 800, seed: 42 });
  const other = await silhouette(x, labels, { sample: 800, seed: 43 });
  assert.equal(a.exact, false);
  assert.equal(a.sampleSize, 800);
  assert.equal(a.score, b.score);
  assert.notEqual(a.score, other.score);
  assert.ok(Math.abs(a.score - exact.score) < 0.03, `${a.score} vs exact ${exact.score}`);
  // A sample at least as large as the data is the exact computation.
  const all = await silhouette(x, labels, { sample: 3000 });
  assert.equal(all.exact, true);
  assert.equal(all.score, exact.score);
});

test('silhouette above the default limit samples 10,000 rows', async () => {
  const { x, labels } = blobs(10_001, 1, 2, 4, 9);
  const result = await silhouette(x, labels, { seed: 1 });
  assert.equal(result.exact, false);
  assert.equal(result.sampleSize, 10_000);
});

test('bad input: NaN, one cluster, as many clusters as rows, mismatched or empty input', async () => {
  const x = fromRows([
    [0, 0],
    [1, NaN],
    [5, 5],
    [6, 5],
  ]);
  await assert.rejects(silhouette(x, [0, 0, 1, 1]), /row 1, column 1 is NaN/);
  assert.throws(() => daviesBouldin(x, [0, 0, 1, 1]), /row 1, column 1 is NaN/);
  const ok = fromRows([
    [0, 0],
    [1, 0],
    [5, 5],
    [6, 5],
  ]);
  await assert.rejects(silhouette(ok, [3, 3, 3, 3]), /needs 2 to n − 1 clusters, found 1/);
  assert.throws(() => calinskiHarabasz(ok, [0, 1, 2, 3]), /needs 2 to n − 1 clusters, found 4/);
  assert.throws(() => daviesBouldin(ok, [0, 0, 1]), /3 labels for 4 rows/);
  assert.throws(() => silhouetteSamples(matrix(0, 3), []), /empty/);
  await assert.rejects(silhouette(ok, [-1, -1, -1, -1]), /found 0/);
  await assert.rejects(silhouette(ok, [0, 0, 1, 1], { sample: 1 }), /sample must be/);
  assert.throws(() => daviesBouldin(ok, [0, 0.5, 1, 1]), /label of row 1 is 0.5/);
});

test('silhouette honours an aborted signal', async () => {
  const { x, labels } = blobs(100, 2, 2, 3, 1);
  await assert.rejects(silhouette(x, labels, { signal: AbortSignal.abort() }), { name: 'AbortError' });
});

for (const pair of fixture.ari) {
  test(`adjusted Rand index equals scikit-learn: ${pair.name}`, () => {
    assertClose(adjustedRandIndex(pair.a, pair.b), pair.ari, 1e-12, 'ARI');
    assertClose(adjustedRandIndex(pair.b, pair.a), pair.ari, 1e-12, 'ARI swapped');
  });
}

test('contingency and best-match Jaccard by hand', () => {
  const a = [0, 0, 0, 1, 1, 2, -1];
  const b = [5, 5, 6, 6, 6, 6, 5];
  const table = contingency(a, b);
  assert.deepEqual([...table.rowLabels], [-1, 0, 1, 2]);
  assert.deepEqual([...table.colLabels], [5, 6]);
  assert.deepEqual([...table.counts], [1, 0, 2, 1, 0, 2, 0, 1]);
  assert.deepEqual([...table.rowSums], [1, 3, 2, 1]);
  assert.deepEqual([...table.colSums], [3, 4]);
  const best = bestMatchJaccard(a, b);
  // Cluster 0 = {0,1,2}: with 5 = {0,1,6}: 2/4; with 6 = {2,3,4,5}: 1/6. Cluster 1 = {3,4}: 2/4. Cluster 2 = {5}: 1/4.
  assert.deepEqual([...best.labels], [0, 1, 2]);
  assert.deepEqual([...best.jaccard], [0.5, 0.5, 0.25]);
  assert.deepEqual([...best.match], [5, 6, 6]);
  // Items that became noise in the other labeling match nothing.
  assert.deepEqual([...bestMatchJaccard([0, 0, 1], [-1, -1, 2]).jaccard], [0, 1]);
  assert.throws(() => contingency([0, 1], [0]), /2 labels against 1/);
});

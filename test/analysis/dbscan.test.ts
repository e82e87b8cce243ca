import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { dbscan, kDistance, knee } from '../../engine/analysis/cluster/dbscan.ts';
import { KdTree } from '../../engine/analysis/cluster/kdTree.ts';
import { fromRows, matrix, squaredDistance } from '../../engine/analysis/matrix.ts';
import type { Matrix } from '../../engine/analysis/matrix.ts';
import { Rng } from '../../engine/analysis/random.ts';

/** Reference labels from scikit-learn 1.2.1 (see make_gmm_dbscan_hclust.py for the command and versions). */
interface Fixture {
  data: Record<string, number[][]>;
  dbscan: { data: string; eps: number; minSamples: number; labels: number[] }[];
  kDistance: { data: string; k: number; distances: number[] }[];
}
const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/sklearn/gmm_dbscan_hclust.json', import.meta.url), 'utf8'),
) as Fixture;
const data = (name: string): Matrix => fromRows(fixture.data[name] ?? []);

function randomMatrix(rows: number, cols: number, seed: number): Matrix {
  const rng = new Rng(seed);
  const m = matrix(rows, cols);
  for (let i = 0; i < m.data.length; i++) m.data[i] = rng.normal() * (1 + (i % cols));
  return m;
}

for (const c of fixture.dbscan) {
  test(`dbscan ${c.data} eps=${c.eps} minSamples=${c.minSamples}: labels identical to scikit-learn`, async () => {
    const result = await dbscan(data(c.data), { eps: c.eps, minSamples: c.minSamples });
    assert.deepEqual(Array.from(result.labels), c.labels);
    assert.equal(result.clusters, Math.max(...c.labels) + 1);
    assert.equal(result.noise, c.labels.filter((l) => l === -1).length);
  });
}

for (const c of fixture.kDistance) {
  test(`kDistance ${c.data} k=${c.k}: equals scikit-learn's k-th neighbour distances`, async () => {
    const result = await kDistance(data(c.data), c.k);
    assert.equal(result.distances.length, c.distances.length);
    c.distances.forEach((d, i) => assert.ok(Math.abs((result.distances[i] as number) - d) < 1e-12));
    assert.equal(result.suggestedEps, result.distances[result.kneeIndex]);
  });
}

test('kDistance: the knee is the corner of an L-shaped curve', () => {
  const curve = Float64Array.from([10, 6, 3, 1.2, 1.1, 1.0, 0.95, 0.9, 0.85, 0.8]);
  assert.equal(knee(curve), 3);
});

test('k-d tree: radius queries and k nearest neighbours equal brute force on random data', () => {
  for (const [rows, cols, leaf] of [
    [700, 2, 16],
    [500, 5, 4],
    [300, 8, 1],
    [10, 3, 16],
  ] as const) {
    const x = randomMatrix(rows, cols, rows + cols);
    const tree = new KdTree(x, leaf);
    const out: number[] = [];
    for (let q = 0; q < rows; q += 13) {
      const all = Array.from({ length: rows }, (_, i) => i);
      for (const r2 of [0, 0.5, 2, 8]) {
        const expected = all.filter((i) => squaredDistance(x, q, x, i) <= r2);
        assert.equal(tree.radiusQuery(q, r2, out), expected.length);
        assert.deepEqual(
          [...out].sort((a, b) => a - b),
          expected,
        );
        assert.equal(tree.radiusCount(q, r2), expected.length);
        assert.equal(tree.radiusCount(q, r2, 3), Math.min(3, expected.length));
      }
      const k = Math.min(6, rows);
      const byDistance = all
        .map((i) => ({ i, d: squaredDistance(x, q, x, i) }))
        .sort((a, b) => a.d - b.d || a.i - b.i)
        .slice(0, k);
      const nn = tree.knn(q, k);
      assert.deepEqual(
        Array.from(nn.indices),
        byDistance.map((e) => e.i),
      );
      assert.deepEqual(
        Array.from(nn.squaredDistances),
        byDistance.map((e) => e.d),
      );
    }
    // A free point, not a row of the tree.
    const point = Float64Array.from({ length: cols }, (_, c) => 0.3 * c);
    const within = Array.from({ length: rows }, (_, i) => i).filter((i) => {
      let s = 0;
      for (let c = 0; c < cols; c++) s += (x.data[i * cols + c]! - point[c]!) ** 2;
      return s <= 3;
    });
    tree.radiusQuery(point, 3, out);
    assert.deepEqual(
      [...out].sort((a, b) => a - b),
      within,
    );
  }
});

test('k-d tree: the self-join finds every pair within the radius exactly once', () => {
  for (const [rows, cols, leaf, r2] of [
    [400, 2, 16, 0.3],
    [300, 6, 4, 6],
    [5, 2, 16, 100],
  ] as const) {
    const x = randomMatrix(rows, cols, 100 + rows);
    const found: string[] = [];
    // Draining the generator visits every pair.
    Array.from(
      new KdTree(x, leaf).pairsWithin(r2, (i, j) => found.push(`${Math.min(i, j)}-${Math.max(i, j)}`)),
    );
    const expected: string[] = [];
    for (let i = 0; i < rows; i++)
      for (let j = i + 1; j < rows; j++) if (squaredDistance(x, i, x, j) <= r2) expected.push(`${i}-${j}`);
    assert.equal(found.length, expected.length);
    assert.deepEqual(found.sort(), expected.sort());
  }
});

test('k-d tree: duplicate rows and an empty matrix', () => {
  const dup = fromRows(Array.from({ length: 50 }, (_, i) => [i % 2, 0]));
  const tree = new KdTree(dup, 4);
  assert.equal(tree.radiusCount(0, 0), 25);
  assert.deepEqual(Array.from(tree.knn(1, 3).indices), [1, 3, 5]);
  assert.equal(new KdTree(matrix(0, 3)).radiusCount(new Float64Array(3), 1), 0);
});

test('dbscan: every row its own cluster with minSamples 1 and tiny eps; all noise when minSamples is too high', async () => {
  const x = randomMatrix(50, 2, 3);
  const alone = await dbscan(x, { eps: 1e-9, minSamples: 1 });
  assert.deepEqual(
    Array.from(alone.labels),
    Array.from({ length: 50 }, (_, i) => i),
  );
  const none = await dbscan(x, { eps: 0.5, minSamples: 51 });
  assert.equal(none.noise, 50);
  assert.equal(none.clusters, 0);
});

test('dbscan: bad input is refused', async () => {
  const x = fromRows([
    [0, 0],
    [1, 1],
  ]);
  await assert.rejects(dbscan(x, { eps: 0 }), /eps must be a positive number/);
  await assert.rejects(dbscan(x, { eps: -1 }), /eps/);
  await assert.rejects(dbscan(x, { eps: 1, minSamples: 0 }), /minSamples must be an integer ≥ 1/);
  await assert.rejects(dbscan(matrix(0, 2), { eps: 1 }), /empty/);
  await assert.rejects(dbscan(fromRows([[Infinity, 0]]), { eps: 1 }), /row 0, column 0 is Infinity/);
  await assert.rejects(kDistance(x, 3), /k must be between 1 and 2/);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { kneeOf } from '../../engine/analysis/cluster/elbow.ts';
import { kmeansSync } from '../../engine/analysis/cluster/kmeans.ts';
import { Rng } from '../../engine/analysis/random.ts';

test('a curve that falls steeply to k = 4 and then flattens has its knee at 4', () => {
  // Worked by hand: x scaled = (k − 1)/9, y scaled = (y − 10)/93; the difference (1 − y) − x is 0.423, 0.634,
  // 0.529, 0.423 at k = 3 … 6: a peak at 4, and at k = 6 it is below the threshold 0.634 − 1/9.
  const ks = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const ys = [100, 70, 40, 10, 9.5, 9, 8.5, 8, 7.5, 7].map((y) => y + 3);
  assert.equal(kneeOf(ks, ys), 4);
});

test('the knee of 1/k-like curves and of K-Means inertias on four blobs', () => {
  // Scaled differences 0, 0.429, 0.480, 0.429, …: the bend of 1/k over 1 … 8 is at 3.
  assert.equal(kneeOf([1, 2, 3, 4, 5, 6, 7, 8], [1, 0.5, 0.33, 0.25, 0.2, 0.17, 0.14, 0.125]), 3);
  const rng = new Rng(3);
  const rows = 1200;
  const data = new Float64Array(rows * 2);
  const centres = [
    [0, 0],
    [20, 0],
    [0, 20],
    [20, 20],
  ];
  for (let i = 0; i < rows; i++) {
    const c = centres[i % 4] as number[];
    data[2 * i] = (c[0] as number) + rng.normal();
    data[2 * i + 1] = (c[1] as number) + rng.normal();
  }
  const ks = [1, 2, 3, 4, 5, 6, 7, 8, 9];
  const inertias = ks.map((k) => kmeansSync({ data, rows, cols: 2 }, { k, nInit: 3 }).inertia);
  assert.equal(kneeOf(ks, inertias), 4);
});

test('no knee: straight or flat curves and too few points; errors on bad input', () => {
  assert.equal(kneeOf([1, 2, 3, 4, 5], [5, 4, 3, 2, 1]), null);
  assert.equal(kneeOf([1, 2, 3], [2, 2, 2]), null);
  assert.equal(kneeOf([1, 2], [10, 1]), null);
  assert.throws(() => kneeOf([1, 2, 3], [1, 2]), RangeError);
  assert.throws(() => kneeOf([1, 3, 2], [3, 2, 1]), /increase strictly/);
  assert.throws(() => kneeOf([1, 2, 3], [3, NaN, 1]), /point 1/);
});

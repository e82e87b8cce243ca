import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ClusterFunction } from '../../engine/analysis/cluster/stability.ts';
import { bootstrapStability } from '../../engine/analysis/cluster/stability.ts';
import type { Matrix } from '../../engine/analysis/matrix.ts';
import { matrix, squaredDistance } from '../../engine/analysis/matrix.ts';
import { Rng } from '../../engine/analysis/random.ts';

/**
 * A small Lloyd's k-means, enough to exercise the stability loop: best of 3 starts, each seeded by
 * farthest-point traversal from a random row (so well-separated blobs each get a centre).
 */
function lloyd(k: number): ClusterFunction {
  return (x: Matrix, seed: number): Int32Array => {
    const rng = new Rng(seed);
    let best = new Int32Array(x.rows);
    let bestCost = Infinity;
    for (let start = 0; start < 3; start++) {
      const centres = matrix(k, x.cols);
      const seeds = [rng.int(x.rows)];
      while (seeds.length < k) {
        let far = 0;
        let farthest = -1;
        for (let i = 0; i < x.rows; i++) {
          const di = Math.min(...seeds.map((s) => squaredDistance(x, i, x, s)));
          if (di > farthest) [far, farthest] = [i, di];
        }
        seeds.push(far);
      }
      seeds.forEach((row, c) =>
        centres.data.set(x.data.subarray(row * x.cols, (row + 1) * x.cols), c * x.cols),
      );
      const labels = new Int32Array(x.rows);
      let cost = Infinity;
      for (let iteration = 0; iteration < 50; iteration++) {
        cost = 0;
        for (let i = 0; i < x.rows; i++) {
          let nearest = 0;
          let distance = Infinity;
          for (let c = 0; c < k; c++) {
            const dc = squaredDistance(x, i, centres, c);
            if (dc < distance) [nearest, distance] = [c, dc];
          }
          labels[i] = nearest;
          cost += distance;
        }
        const sums = new Float64Array(k * x.cols);
        const counts = new Int32Array(k);
        for (let i = 0; i < x.rows; i++) {
          const c = labels[i] as number;
          counts[c] = (counts[c] as number) + 1;
          for (let j = 0; j < x.cols; j++)
            sums[c * x.cols + j] = (sums[c * x.cols + j] as number) + (x.data[i * x.cols + j] as number);
        }
        for (let c = 0; c < k; c++) {
          if (counts[c] === 0) continue;
          for (let j = 0; j < x.cols; j++)
            centres.data[c * x.cols + j] = (sums[c * x.cols + j] as number) / (counts[c] as number);
        }
      }
      if (cost < bestCost) [best, bestCost] = [labels, cost];
    }
    return best;
  };
}

function blobs(n: number, seed: number): Matrix {
  const rng = new Rng(seed);
  const centres = [
    [0, 0],
    [12, 0],
    [0, 12],
    [12, 12],
  ];
  const x = matrix(n, 2);
  for (let i = 0; i < n; i++) {
    const centre = centres[i % 4] as number[];
    x.data[2 * i] = (centre[0] as number) + rng.normal();
    x.data[2 * i + 1] = (centre[1] as number) + rng.normal();
  }
  return x;
}

function uniform(n: number, d: number, seed: number): Matrix {
  const rng = new Rng(seed);
  const x = matrix(n, d);
  for (let i = 0; i < x.data.length; i++) x.data[i] = rng.next();
  return x;
}

test('well-separated blobs are stable: ARI and every cluster Jaccard about 1', async () => {
  const result = await bootstrapStability(blobs(200, 1), lloyd(4), { resamples: 20, seed: 3 });
  assert.equal(result.resamples, 20);
  assert.ok(result.meanAri > 0.98, `mean ARI ${result.meanAri}`);
  assert.ok(result.sdAri < 0.05, `sd ${result.sdAri}`);
  assert.equal(result.perClusterJaccard.length, 4);
  for (const j of result.perClusterJaccard) assert.ok(j > 0.97, `Jaccard ${j}`);
  assert.deepEqual([...result.perClusterDissolved], [0, 0, 0, 0]);
});

test('uniform noise split into 4 is clearly less stable', async () => {
  const stable = await bootstrapStability(blobs(200, 1), lloyd(4), { resamples: 20, seed: 3 });
  const noise = await bootstrapStability(uniform(200, 4, 2), lloyd(4), { resamples: 20, seed: 3 });
  // Measured: ARI 0.41, cluster Jaccards 0.52–0.58 (Hennig: ≤ 0.6 is no real cluster).
  assert.ok(noise.meanAri < 0.6, `noise mean ARI ${noise.meanAri}`);
  assert.ok(stable.meanAri - noise.meanAri > 0.4, `${stable.meanAri} vs ${noise.meanAri}`);
  const meanJaccard = noise.perClusterJaccard.reduce((s, v) => s + v, 0) / 4;
  assert.ok(meanJaccard < 0.7, `noise mean Jaccard ${meanJaccard}`);
});

test('reproducible with a seed; reports progress; compares on the distinct resampled rows', async () => {
  const x = uniform(120, 3, 7);
  const progress: number[] = [];
  const sizes: number[] = [];
  const counting: ClusterFunction = (data, seed) => {
    sizes.push(data.rows);
    return lloyd(3)(data, seed);
  };
  const a = await bootstrapStability(x, counting, {
    resamples: 5,
    seed: 11,
    onProgress: (fraction) => progress.push(fraction),
  });
  const b = await bootstrapStability(x, lloyd(3), { resamples: 5, seed: 11 });
  assert.deepEqual([...a.ari], [...b.ari]);
  assert.deepEqual([...a.perClusterJaccard], [...b.perClusterJaccard]);
  assert.deepEqual(progress, [0, 0.2, 0.4, 0.6, 0.8, 1]);
  // The reference on all rows, then 5 bootstrap samples of n rows each (with repeats).
  assert.deepEqual(sizes, [120, 120, 120, 120, 120, 120]);
  const c = await bootstrapStability(x, lloyd(3), { resamples: 5, seed: 12 });
  assert.notDeepEqual([...a.ari], [...c.ari]);
});

test('noise labels from the clusterer are no cluster of their own', async () => {
  // Points left of 6 are cluster 0, the rest noise: the reference has one cluster and perfect recovery.
  const x = blobs(80, 4);
  const leftOrNoise: ClusterFunction = (data) =>
    Int32Array.from({ length: data.rows }, (_, i) => ((data.data[2 * i] as number) < 6 ? 0 : -1));
  const result = await bootstrapStability(x, leftOrNoise, { resamples: 4 });
  assert.equal(result.perClusterJaccard.length, 1);
  assert.equal(result.perClusterJaccard[0], 1);
  assert.equal(result.meanAri, 1);
});

test('bad input and cancellation', async () => {
  const x = uniform(30, 2, 1);
  await assert.rejects(
    bootstrapStability(x, lloyd(2), { resamples: 0 }),
    /resamples must be a positive integer/,
  );
  await assert.rejects(bootstrapStability(matrix(1, 2), lloyd(2)), /at least 2 rows/);
  await assert.rejects(
    bootstrapStability(x, () => new Int32Array(3)),
    /the reference run returned 3 labels for 30 rows/,
  );
  const controller = new AbortController();
  await assert.rejects(
    bootstrapStability(x, lloyd(2), {
      resamples: 10,
      onProgress: (fraction) => fraction >= 0.2 && controller.abort(),
      signal: controller.signal,
    }),
    { name: 'AbortError' },
  );
});

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { gaussianMixture, parameterCount } from '../../engine/analysis/cluster/gmm.ts';
import type { CovarianceType } from '../../engine/analysis/cluster/gmm.ts';
import { fromRows, matrix } from '../../engine/analysis/matrix.ts';
import type { Matrix } from '../../engine/analysis/matrix.ts';
import { Rng } from '../../engine/analysis/random.ts';

/** Reference values from scikit-learn 1.2.1 (see make_gmm_dbscan_hclust.py for the command and versions). */
interface Fit {
  meanLogLikelihood: number;
  bic: number;
  aic: number;
  iterations: number;
  converged: boolean;
  weights: number[];
  means: number[][];
  labels: number[];
}
interface Fixture {
  data: Record<string, number[][]>;
  gmm: { data: string; k: number; covariance: CovarianceType; default: Fit; tight: Fit }[];
}
const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/sklearn/gmm_dbscan_hclust.json', import.meta.url), 'utf8'),
) as Fixture;
const data = (name: string): Matrix => fromRows(fixture.data[name] ?? []);

function relative(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.abs(expected);
}

/** Agreement of two labelings up to renumbering (same partition). */
function samePartition(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  const ab = new Map<number, number>();
  const ba = new Map<number, number>();
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    if ((ab.get(x) ?? y) !== y || (ba.get(y) ?? x) !== x) return false;
    ab.set(x, y);
    ba.set(y, x);
  }
  return true;
}

for (const c of fixture.gmm) {
  test(`gmm ${c.data} ${c.covariance} k=${c.k}: log-likelihood, BIC and AIC match scikit-learn`, async () => {
    const x = data(c.data);
    const tight = await gaussianMixture(x, {
      k: c.k,
      covariance: c.covariance,
      tolerance: 1e-12,
      maxIterations: 2000,
    });
    assert.ok(tight.converged);
    assert.ok(
      relative(tight.meanLogLikelihood, c.tight.meanLogLikelihood) < 1e-8,
      `${tight.meanLogLikelihood}`,
    );
    assert.ok(relative(tight.bic, c.tight.bic) < 1e-8);
    assert.ok(relative(tight.aic, c.tight.aic) < 1e-8);
    assert.ok(samePartition(tight.labels, c.tight.labels));
    const sortedWeights = Array.from(tight.weights).sort();
    [...c.tight.weights]
      .sort()
      .forEach((w, j) => assert.ok(Math.abs((sortedWeights[j] as number) - w) < 1e-6));

    const byDefault = await gaussianMixture(x, { k: c.k, covariance: c.covariance });
    assert.ok(relative(byDefault.meanLogLikelihood, c.default.meanLogLikelihood) < 1e-4);
    assert.ok(relative(byDefault.bic, c.default.bic) < 1e-4);
    assert.ok(samePartition(byDefault.labels, c.default.labels));
    assert.ok(relative(byDefault.logLikelihood, byDefault.meanLogLikelihood * x.rows) < 1e-14);
  });
}

test('gmm: BIC and AIC follow sklearn parameter counts', async () => {
  assert.equal(parameterCount(3, 2, 'full'), 3 * 3 + 3 * 2 + 2);
  assert.equal(parameterCount(4, 3, 'diag'), 4 * 3 + 4 * 3 + 3);
  const x = data('gmm3');
  const fit = await gaussianMixture(x, { k: 4, covariance: 'diag' });
  assert.equal(fit.parameters, 27);
  assert.ok(Math.abs(fit.bic - (-2 * fit.logLikelihood + 27 * Math.log(x.rows))) < 1e-9);
  assert.ok(Math.abs(fit.aic - (-2 * fit.logLikelihood + 54)) < 1e-9);
  // Diagonal covariances come back as d × d matrices with zero off-diagonal entries.
  const cov = fit.covariances[0];
  assert.ok(cov !== undefined && cov.rows === 3 && cov.data[1] === 0);
});

test('gmm: the same seed reproduces the model, responsibilities sum to 1', async () => {
  const rng = new Rng(7);
  const rows = Array.from({ length: 300 }, (_, i) => [rng.normal() + (i % 3) * 2, rng.normal() - (i % 3)]);
  const x = fromRows(rows);
  const a = await gaussianMixture(x, { k: 3, seed: 11, nInit: 2, keepResponsibilities: true });
  const b = await gaussianMixture(x, { k: 3, seed: 11, nInit: 2 });
  assert.deepEqual(a.labels, b.labels);
  assert.equal(a.logLikelihood, b.logLikelihood);
  assert.deepEqual(a.means.data, b.means.data);
  assert.equal(b.responsibilities, undefined);
  const r = a.responsibilities;
  assert.ok(r !== undefined && r.rows === 300 && r.cols === 3);
  for (let i = 0; i < r.rows; i++)
    assert.ok(Math.abs(r.data[i * 3]! + r.data[i * 3 + 1]! + r.data[i * 3 + 2]! - 1) < 1e-12);
  assert.ok(Math.abs(a.weights.reduce((s, w) => s + w, 0) - 1) < 1e-12);
});

test('gmm: progress is reported and an aborted signal stops the fit', async () => {
  const x = data('gmm2');
  const seen: number[] = [];
  await gaussianMixture(x, { k: 3, onProgress: (f) => seen.push(f) });
  assert.ok(seen.length >= 2 && seen.at(-1) === 1);
  const controller = new AbortController();
  controller.abort(new Error('stopped'));
  await assert.rejects(gaussianMixture(x, { k: 3, signal: controller.signal }), /stopped/);
});

test('gmm: bad input is refused with a clear message', async () => {
  const x = fromRows([
    [0, 1],
    [1, 2],
    [2, 3],
  ]);
  await assert.rejects(gaussianMixture(x, { k: 4 }), /k = 4 components need at least 4 rows/);
  await assert.rejects(gaussianMixture(x, { k: 0 }), /positive integer/);
  await assert.rejects(gaussianMixture(matrix(0, 2), { k: 1 }), /empty/);
  await assert.rejects(
    gaussianMixture(
      fromRows([
        [0, NaN],
        [1, 1],
      ]),
      { k: 1 },
    ),
    /row 0, column 1 is NaN/,
  );
  await assert.rejects(gaussianMixture(x, { k: 1, tolerance: -1 }), /tolerance/);
  // Collinear rows: the full covariance is singular without regularisation.
  await assert.rejects(gaussianMixture(x, { k: 1, regCovar: 0 }), /singular even after adding regCovar = 0/);
  const fit = await gaussianMixture(x, { k: 1 });
  assert.ok(Number.isFinite(fit.logLikelihood));
});

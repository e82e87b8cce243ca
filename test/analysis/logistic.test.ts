import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fromRows, matrix } from '../../engine/analysis/matrix.ts';
import { rocAuc } from '../../engine/analysis/metrics/classification.ts';
import { fitLogistic, loadLogistic, solveCholesky } from '../../engine/analysis/models/logistic.ts';
import { addInformation, KernelScratch, lossGradient } from '../../engine/analysis/models/logisticKernel.ts';
import { cholesky } from '../../engine/analysis/linalg.ts';
import { makeClassification } from '../bench/classificationData.ts';

/** statsmodels 0.13 / scikit-learn 1.2 references: test/fixtures/sklearn/make_classification_metrics.py. */
interface StatsmodelsCase {
  name: string;
  x: number[][];
  y: number[];
  params: number[];
  bse: number[];
  zvalues: number[];
  pvalues: number[];
  ciLower: number[];
  ciUpper: number[];
  llf: number;
}
interface SklearnCase {
  name: string;
  C: number;
  classWeight: null | 'balanced' | { '0': number; '1': number };
  intercept: number;
  coef: number[];
}
const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/sklearn/classification_metrics.json', import.meta.url), 'utf8'),
) as {
  statsmodels: StatsmodelsCase[];
  sklearn: SklearnCase[];
  imbalanced: { x: number[][]; y: number[] };
};
const byName = (name: string) => fixture.statsmodels.find((c) => c.name === name)!;

function close(actual: number, expected: number, tolerance: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} vs ${expected}`);
}

test('unpenalised fit matches statsmodels Logit: coefficients, standard errors, z, p, intervals', async () => {
  for (const c of fixture.statsmodels) {
    const model = await fitLogistic(fromRows(c.x), c.y);
    assert.equal(model.info?.converged, true, `${c.name}: converged`);
    const table = model.table();
    assert.equal(table.length, c.params.length);
    table.forEach((row, j) => {
      const what = `${c.name} ${row.term}`;
      close(row.coefficient, c.params[j]!, 1e-6, `${what} coefficient`);
      close(row.stdError!, c.bse[j]!, 1e-6, `${what} standard error`);
      close(row.z!, c.zvalues[j]!, 1e-5, `${what} z`);
      const p = c.pvalues[j]!;
      assert.ok(Math.abs(row.pValue! - p) <= 1e-6 * p + 1e-300, `${what} p: ${row.pValue} vs ${p}`);
      close(row.ciLower!, c.ciLower[j]!, 1e-6, `${what} CI low`);
      close(row.ciUpper!, c.ciUpper[j]!, 1e-6, `${what} CI high`);
      close(row.oddsRatio, Math.exp(c.params[j]!), 1e-6 * Math.exp(c.params[j]!), `${what} odds ratio`);
    });
    close(model.info.logLikelihood, c.llf, 1e-6, `${c.name} log-likelihood`);
  }
  // The strong case has p-values near 1e-46: the normal tail must be accurate, not 0.
  assert.ok(
    byName('logit_strong').pvalues.some((p) => p < 1e-40),
    'a p-value below 1e-40',
  );
});

test('L2 fits match scikit-learn LogisticRegression(C), with and without class weights', async () => {
  const base = byName('logit_400');
  for (const c of fixture.sklearn) {
    const data = c.name.startsWith('l2_') ? base : fixture.imbalanced;
    const classWeight =
      c.classWeight === null || c.classWeight === 'balanced'
        ? c.classWeight
        : { 0: c.classWeight['0'], 1: c.classWeight['1'] };
    const model = await fitLogistic(fromRows(data.x), data.y, { l2: c.C, classWeight });
    close(model.intercept, c.intercept, 1e-6, `${c.name} intercept`);
    model.coefficients.forEach((b, j) => close(b, c.coef[j]!, 1e-6, `${c.name} coefficient ${j}`));
    // Penalised or weighted: no standard errors unless asked.
    assert.equal(model.table()[1]!.stdError, null);
  }
});

test('large tables: the staged, sub-sampled Newton fit reaches the exact optimum', async () => {
  const data = makeClassification({ rows: 140_000, seed: 3 });
  const messages: string[] = [];
  const model = await fitLogistic(data.x, data.y, { l2: 1, onProgress: (_, m) => messages.push(m) });
  assert.ok(model.info!.converged);
  assert.ok(
    messages.some((m) => m.includes('stage 2/2')),
    'two stages',
  );
  // A full Newton step (exact gradient and Hessian, all rows) from the fit moves no coefficient by more than 1e-6:
  // the fit is the optimum.
  const theta = Float64Array.from([model.intercept, ...model.coefficients]);
  const p1 = theta.length;
  const kernelData = { x: data.x.data, n: data.x.rows, d: data.x.cols, y: data.y, w0: 1, w1: 1 };
  const all = { start: 0, end: data.x.rows, stride: 1 };
  const grad = new Float64Array(p1);
  lossGradient(kernelData, theta, all, 0, data.x.rows, grad, new KernelScratch());
  const h = new Float64Array(p1 * p1);
  addInformation(kernelData, theta, all, 1, h, new KernelScratch());
  for (let j = 1; j < p1; j++) {
    grad[j] = grad[j]! + theta[j]!;
    h[j * p1 + j] = h[j * p1 + j]! + 1;
  }
  const l = new Float64Array(p1 * p1);
  assert.ok(cholesky(h, p1, l), 'Hessian positive definite');
  const step = solveCholesky(l, p1, grad);
  const worst = Math.max(...Array.from(step, Math.abs));
  assert.ok(worst < 1e-6, `largest Newton step component ${worst}`);
  const p = await model.predictProba(data.x);
  const auc = rocAuc(data.y, p);
  assert.ok(auc > 0.83, `AUC ${auc}`);
});

test('reproducible and round-trips through JSON', async () => {
  const c = byName('logit_400');
  const a = await fitLogistic(fromRows(c.x), c.y, { featureNames: ['a', 'b', 'c', 'd'] });
  const b = await fitLogistic(fromRows(c.x), c.y, { featureNames: ['a', 'b', 'c', 'd'] });
  assert.deepEqual(a.coefficients, b.coefficients);
  const saved = JSON.parse(JSON.stringify(a.toJSON())) as ReturnType<typeof a.toJSON>;
  const loaded = loadLogistic(saved);
  assert.equal(loaded.kind, 'logistic');
  assert.deepEqual(loaded.table(), a.table());
  assert.deepEqual(loaded.table()[1]!.term, 'a');
  const x = fromRows(c.x.slice(0, 5));
  assert.deepEqual(await loaded.predictProba(x), await a.predictProba(x));
  const eta = a.decisionFunction(x);
  const prob = await a.predictProba(x);
  eta.forEach((e, i) => close(1 / (1 + Math.exp(-e)), prob[i]!, 1e-15, 'decision function'));
  assert.throws(() => loadLogistic({ kind: 'gbm', version: 1, params: {} }), /not a logistic/);
  assert.throws(() => loadLogistic({ kind: 'logistic', version: 1, params: { intercept: 1 } }), /malformed/);
  await assert.rejects(a.predictProba(matrix(1, 2)), /2 columns given, the model has 4/);
});

test('bad input: labels, one class, missing values, options; separation; cancellation', async () => {
  const x = fromRows([[0], [1], [2], [3]]);
  await assert.rejects(fitLogistic(x, [0, 1, 2, 1]), /label 2 at row 2 is not binary/);
  await assert.rejects(fitLogistic(x, [1, 1, 1, 1]), /only one class/);
  await assert.rejects(
    fitLogistic(fromRows([[0], [NaN], [2], [3]]), [0, 1, 0, 1]),
    /row 1, column x1 is NaN/,
  );
  await assert.rejects(fitLogistic(x, [0, 1, 0]), /4 rows but 3 labels/);
  await assert.rejects(fitLogistic(x, [0, 1, 0, 1], { l2: 0 }), /must be > 0/);
  await assert.rejects(
    fitLogistic(x, [0, 1, 0, 1], { featureNames: ['a', 'b'] }),
    /2 feature names for 1 columns/,
  );
  await assert.rejects(fitLogistic(x, [0, 0, 1, 1]), /perfectly separate/);
  // A penalty makes separable data fit.
  const penalised = await fitLogistic(x, [0, 0, 1, 1], { l2: 1 });
  assert.ok(penalised.coefficients[0]! > 0, 'positive slope');
  const controller = new AbortController();
  controller.abort(new Error('stop'));
  await assert.rejects(fitLogistic(x, [0, 1, 0, 1], { signal: controller.signal }), /stop/);
});

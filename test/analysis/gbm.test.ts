import assert from 'node:assert/strict';
import { rocAuc } from '../../engine/analysis/metrics/classification.ts';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { Matrix } from '../../engine/analysis/matrix.ts';
import { fromRows, matrix } from '../../engine/analysis/matrix.ts';
import {
  applyBins,
  binOf,
  binThresholds,
  fitBinEdges,
  MISSING_BIN,
} from '../../engine/analysis/models/gbm/binning.ts';
import { fitGbm, loadGbm } from '../../engine/analysis/models/gbm/gbm.ts';
import { Rng } from '../../engine/analysis/random.ts';

interface TreesFixture {
  readonly source: { readonly command: string };
  readonly trainRows: number;
  readonly x: (number | null)[][];
  readonly y: number[];
  readonly gbm: { readonly auc: number; readonly meanProba: number; readonly balancedMeanProba: number };
  readonly thresholds: Record<string, number[]>;
}

/** test/fixtures/sklearn/trees.json (made by the command in its `source`), split into train and test. */
function fixture() {
  const f = JSON.parse(
    readFileSync(new URL('../fixtures/sklearn/trees.json', import.meta.url), 'utf8'),
  ) as TreesFixture;
  const rows = f.x.map((r) => r.map((v) => v ?? NaN));
  const n = f.trainRows;
  return {
    ...f,
    train: fromRows(rows.slice(0, n)),
    test: fromRows(rows.slice(n)),
    yTrain: Uint8Array.from(f.y.slice(0, n)),
    yTest: Uint8Array.from(f.y.slice(n)),
  };
}

/** The default model on the fixture, fitted once for the tests that need it. */
let defaultFit: ReturnType<typeof fitGbm> | null = null;
function defaultModel(): ReturnType<typeof fitGbm> {
  const f = fixture();
  defaultFit ??= fitGbm(f.train, f.yTrain, { seed: 0 });
  return defaultFit;
}

function mean(a: Float64Array): number {
  return a.reduce((s, v) => s + v, 0) / a.length;
}

/** A seeded two-class table where the label depends on two columns non-linearly. */
function synthetic(rows: number, cols: number, seed: number): { x: Matrix; y: Uint8Array } {
  const rng = new Rng(seed);
  const x = matrix(rows, cols);
  const y = new Uint8Array(rows);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) x.data[i * cols + j] = rng.normal();
    const a = x.data[i * cols]!;
    const b = x.data[i * cols + 1]!;
    y[i] = a * b + 0.5 * a + 0.3 * rng.normal() > 0.2 ? 1 : 0;
  }
  return { x, y };
}

test('GBM test AUC on the fixture is within 0.01 of scikit-learn HistGradientBoostingClassifier', async () => {
  const f = fixture();
  const model = await defaultModel();
  assert.equal(model.kind, 'gbm');
  assert.equal(model.iterations, 100);
  const p = await model.predictProba(f.test);
  const ours = rocAuc(f.yTest, p);
  assert.ok(Math.abs(ours - f.gbm.auc) < 0.01, `ours ${ours} vs sklearn ${f.gbm.auc} (${f.source.command})`);
  assert.ok(Math.abs(mean(p) - f.gbm.meanProba) < 0.01, `mean probability ${mean(p)} vs ${f.gbm.meanProba}`);
  const importance = model.featureImportance();
  assert.ok(Math.abs(importance.reduce((s, v) => s + v, 0) - 1) < 1e-12);
  assert.ok(importance.every((v) => v >= 0));
});

test('bin thresholds equal scikit-learn’s (quantile midpoints, distinct-value midpoints, missing values ignored)', () => {
  const f = fixture();
  const edges = fitBinEdges(f.train);
  for (const [column, expected] of Object.entries(f.thresholds)) {
    const got = edges.thresholds[Number(column)]!;
    assert.equal(got.length, expected.length, `column ${column}`);
    expected.forEach((v, k) =>
      assert.ok(Math.abs(got[k]! - v) <= 1e-12 * Math.max(1, Math.abs(v)), `column ${column} [${k}]`),
    );
  }
  assert.deepEqual(Array.from(edges.hasMissing), [0, 0, 1, 0, 0, 0]);
  // The grid lookup of applyBins agrees with the binary search, thresholds themselves included.
  const t0 = edges.thresholds[0]!;
  const probes = [...t0, ...t0.map((v) => v + 1e-9), ...t0.map((v) => v - 1e-9), -1e9, 1e9, NaN];
  const coded = applyBins(fromRows(probes.map((v) => [v])), {
    thresholds: [t0],
    hasMissing: Uint8Array.of(1),
  });
  probes.forEach((v, i) => assert.equal(coded[i], binOf(v, t0), `value ${v}`));
  // Hand-made: three distinct values give two midpoints; x ≤ threshold goes to the lower bin; NaN to the last code.
  const t = binThresholds(Float64Array.from([1, 1, 2, 4]));
  assert.deepEqual(Array.from(t), [1.5, 3]);
  const codes = applyBins(fromRows([[1], [1.5], [2], [3], [5], [NaN]]), {
    thresholds: [t],
    hasMissing: Uint8Array.of(1),
  });
  assert.deepEqual(Array.from(codes), [0, 0, 1, 1, 2, MISSING_BIN]);
});

test('missing values go to the side that fits best, and unseen NaNs follow the larger child', async () => {
  // Label 1 exactly when column 0 is missing: only the NaN bin separates the classes.
  const rng = new Rng(3);
  const rows: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < 400; i++) {
    const missing = rng.chance(0.3);
    rows.push([missing ? NaN : rng.normal(), rng.normal()]);
    y.push(missing ? 1 : 0);
  }
  const model = await fitGbm(fromRows(rows), y, { maxIterations: 20, seed: 1 });
  const p = await model.predictProba(
    fromRows([
      [NaN, 0],
      [0.5, 0],
      [-2, 1],
    ]),
  );
  assert.ok(p[0]! > 0.9 && p[1]! < 0.1 && p[2]! < 0.1, `probabilities ${Array.from(p).join(', ')}`);
  // Column 1 had no missing values in training: a NaN there still gets a finite prediction.
  const q = await model.predictProba(
    fromRows([
      [NaN, NaN],
      [1, NaN],
    ]),
  );
  assert.ok(q.every((v) => Number.isFinite(v)));
  assert.ok(q[0]! > 0.9 && q[1]! < 0.1);
});

test('the same seed gives the same model, whatever the number of threads; another seed with subsampling differs', async () => {
  // Enough rows for the worker threads to take part (nodes of ≥ 65,536 rows are cut into several chunks).
  const { x, y } = synthetic(80_000, 3, 11);
  const options = {
    maxIterations: 3,
    maxLeafNodes: 4,
    subsample: 0.95,
    featureFraction: 0.7,
    seed: 5,
    classWeight: 'balanced' as const,
  };
  const a = await fitGbm(x, y, { ...options, threads: 1 });
  const b = await fitGbm(x, y, { ...options, threads: 2 });
  const head = fromRows(Array.from({ length: 200 }, (_, i) => Array.from(x.data.subarray(i * 3, i * 3 + 3))));
  assert.deepEqual(await a.predictProba(head), await b.predictProba(head));
  const f = fixture();
  const sampled = { maxIterations: 10, subsample: 0.7, featureFraction: 0.7 };
  const [p5, p5again, p6] = await Promise.all(
    [5, 5, 6].map(async (seed) =>
      (await fitGbm(f.train, f.yTrain, { ...sampled, seed })).predictProba(f.test),
    ),
  );
  assert.deepEqual(p5, p5again);
  assert.notDeepEqual(p5, p6);
});

test('a saved model loads back and predicts identically; bad saved models are refused', async () => {
  const f = fixture();
  const model = await fitGbm(f.train, f.yTrain, { maxIterations: 30, seed: 2 });
  const copy = loadGbm(JSON.parse(JSON.stringify(model.toJSON())));
  assert.deepEqual(await copy.predictProba(f.test), await model.predictProba(f.test));
  assert.deepEqual(copy.featureImportance(), model.featureImportance());
  assert.throws(() => loadGbm({ kind: 'forest', version: 1, params: {} }), TypeError);
  assert.throws(() => loadGbm({ kind: 'gbm', version: 99, params: {} }), TypeError);
  const broken = model.toJSON() as { params: { trees: { left: string }[] } };
  broken.params.trees[0]!.left = 'AAAA';
  assert.throws(() => loadGbm(broken), TypeError);
});

test('class weights shift the predictions as scikit-learn’s class_weight does', async () => {
  const f = fixture();
  const plain = await defaultModel();
  const balanced = await fitGbm(f.train, f.yTrain, { seed: 0, classWeight: 'balanced' });
  const heavy = await fitGbm(f.train, f.yTrain, { seed: 0, maxIterations: 30, classWeight: { 0: 1, 1: 10 } });
  const mp = mean(await plain.predictProba(f.test));
  const mb = mean(await balanced.predictProba(f.test));
  const mh = mean(await heavy.predictProba(f.test));
  assert.ok(mb > mp + 0.01 && mh > mb + 0.01, `means ${mp} < ${mb} < ${mh}`);
  assert.ok(
    Math.abs(mb - f.gbm.balancedMeanProba) < 0.03,
    `balanced mean ${mb} vs sklearn ${f.gbm.balancedMeanProba}`,
  );
});

test('progress counts trees, the signal cancels, early stopping stops', async () => {
  const { x, y } = synthetic(2000, 4, 4);
  const messages: string[] = [];
  const controller = new AbortController();
  await assert.rejects(
    fitGbm(x, y, {
      maxIterations: 10_000,
      signal: controller.signal,
      onProgress: (fraction, message) => {
        messages.push(message);
        if (/^tree [1-9]\d*\//.test(message)) controller.abort();
      },
    }),
    { name: 'AbortError' },
  );
  assert.ok(
    messages.some((m) => /^tree \d+\/10000$/.test(m)),
    messages.join(', '),
  );
  await assert.rejects(fitGbm(x, y, { signal: AbortSignal.abort() }), { name: 'AbortError' });
  const stopped = await fitGbm(x, y, {
    maxIterations: 1000,
    learningRate: 0.5,
    earlyStopping: true,
    seed: 1,
  });
  assert.ok(stopped.iterations < 1000, `${stopped.iterations} iterations`);
  assert.equal(stopped.validationLoss.length, stopped.iterations + 1);
});

test('bad input gives clear errors', async () => {
  const x = fromRows([[1], [2], [3], [4]]);
  await assert.rejects(fitGbm(x, [0, 1, NaN, 1]), /label of row 2 is NaN/);
  await assert.rejects(fitGbm(x, [0, 1, 2, 1]), /labels must be 0 or 1/);
  await assert.rejects(fitGbm(x, [1, 1, 1, 1]), /one class only/);
  await assert.rejects(fitGbm(matrix(0, 3), []), /no rows/);
  await assert.rejects(fitGbm(x, [0, 1]), /2 labels for 4 rows/);
  await assert.rejects(fitGbm(fromRows([[1], [Infinity]]), [0, 1]), /infinite/);
  await assert.rejects(fitGbm(x, [0, 1, 0, 1], { learningRate: -1 }), /learningRate/);
  const model = await fitGbm(x, [0, 1, 0, 1], { minSamplesLeaf: 1, maxIterations: 3 });
  await assert.rejects(model.predictProba(fromRows([[1, 2]])), /1 features, the input 2/);
});

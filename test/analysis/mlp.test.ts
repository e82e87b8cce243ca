import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Matrix } from '../../engine/analysis/matrix.ts';
import { fromRows, takeRows } from '../../engine/analysis/matrix.ts';
import { rocAuc } from '../../engine/analysis/metrics/classification.ts';
import { Rng } from '../../engine/analysis/random.ts';
import { loadTf } from '../../engine/ml/backend.ts';
import type { MlpOptions } from '../../engine/ml/mlp.ts';
import { fitMlp, loadMlp } from '../../engine/ml/mlp.ts';
import { validationSplit } from '../../engine/ml/mlpData.ts';
import { makeClassification } from '../bench/classificationData.ts';

/** XOR: points uniform in [−1, 1]², positive when both coordinates have the same sign (no linear boundary). */
function xor(rows: number, seed: number): { x: Matrix; y: Uint8Array } {
  const rng = new Rng(seed);
  const data = new Float64Array(rows * 2);
  const y = new Uint8Array(rows);
  for (let i = 0; i < rows; i++) {
    const a = rng.uniform(-1, 1);
    const b = rng.uniform(-1, 1);
    data[2 * i] = a * 1.7; // ≈ unit variance
    data[2 * i + 1] = b * 1.7;
    y[i] = a * b > 0 ? 1 : 0;
  }
  return { x: { data, rows, cols: 2 }, y };
}

/** Standardises the columns of `x` in place by the mean and standard deviation of its rows. */
function standardise(x: Matrix): Matrix {
  for (let j = 0; j < x.cols; j++) {
    let mean = 0;
    for (let i = 0; i < x.rows; i++) mean += x.data[i * x.cols + j] as number;
    mean /= x.rows;
    let ss = 0;
    for (let i = 0; i < x.rows; i++) ss += ((x.data[i * x.cols + j] as number) - mean) ** 2;
    const sd = Math.sqrt(ss / x.rows) || 1;
    for (let i = 0; i < x.rows; i++)
      x.data[i * x.cols + j] = ((x.data[i * x.cols + j] as number) - mean) / sd;
  }
  return x;
}

/** Small nets, large steps: the tests train in a fraction of a second. */
const fast: MlpOptions = { hiddenLayers: [16, 8], learningRate: 0.05, batchSize: 64, seed: 7 };

test('TensorFlow.js loads (the time of the first test includes it)', async () => {
  const { name, tf } = await loadTf();
  assert.equal(tf.getBackend(), name);
});

test('learns XOR, which no linear model can', async () => {
  const train = xor(300, 1);
  const holdout = xor(400, 2);
  const model = await fitMlp(train.x, train.y, { ...fast, epochs: 20 });
  assert.equal(model.kind, 'mlp');
  assert.deepEqual(model.sizes, [2, 16, 8, 1]);
  assert.ok(['tensorflow', 'wasm', 'cpu'].includes(model.training.backend), model.training.backend);
  const score = rocAuc(holdout.y, await model.predictProba(holdout.x));
  assert.ok(score > 0.95, `holdout AUC ${score}`);
});

test('learns make_classification-like data to a good holdout AUC', async () => {
  const d = makeClassification({ rows: 2000, cols: 10, seed: 3 });
  standardise(d.x);
  const all = Array.from({ length: d.x.rows }, (_, i) => i);
  const trainRows = all.filter((i) => i % 5 !== 0);
  const testRows = all.filter((i) => i % 5 === 0);
  const model = await fitMlp(
    takeRows(d.x, trainRows),
    trainRows.map((i) => d.y[i] as number),
    { ...fast, batchSize: 100, epochs: 10 },
  );
  const score = rocAuc(
    testRows.map((i) => d.y[i] as number),
    await model.predictProba(takeRows(d.x, testRows)),
  );
  // A linear model reaches ≈ 0.86 on this generator (issue 5); the clusters reward a nonlinear one.
  assert.ok(score > 0.9, `holdout AUC ${score}`);
});

test('early stopping stops after `patience` epochs without improvement and keeps the best epoch', async () => {
  // Noise labels and a large step: the validation loss bottoms out early and then rises as the net memorises.
  const rng = new Rng(5);
  const rows = Array.from({ length: 300 }, () => [rng.normal(), rng.normal(), rng.normal(), rng.normal()]);
  const x = fromRows(rows);
  const y = rows.map(() => (rng.chance(0.5) ? 1 : 0));
  const options: MlpOptions = {
    hiddenLayers: [64, 64],
    learningRate: 0.03,
    batchSize: 32,
    epochs: 60,
    patience: 3,
    validationFraction: 0.3,
    seed: 11,
  };
  const model = await fitMlp(x, y, options);
  const h = model.training.history;
  assert.equal(h.stoppedEarly, true);
  assert.equal(h.epochs, h.bestEpoch + 3);
  assert.equal(h.loss.length, h.epochs);
  assert.equal(h.valLoss.length, h.epochs);
  assert.equal(Math.min(...h.valLoss), h.valLoss[h.bestEpoch - 1]);
  // Same seed and split, stopped by the epoch limit at the best epoch: exactly the weights early stopping kept.
  const atBest = await fitMlp(x, y, { ...options, epochs: h.bestEpoch });
  assert.deepEqual(await atBest.predictProba(x), await model.predictProba(x));
  assert.equal(atBest.training.history.stoppedEarly, false);
  assert.ok((h.valLoss[h.epochs - 1] as number) > (h.valLoss[h.bestEpoch - 1] as number));
});

test('the same seed gives the same model; another seed another', async () => {
  const d = xor(200, 3);
  const options: MlpOptions = { ...fast, epochs: 3, dropout: 0.2, l2: 1e-3 };
  const a = await fitMlp(d.x, d.y, options);
  const b = await fitMlp(d.x, d.y, options);
  const c = await fitMlp(d.x, d.y, { ...options, seed: 8 });
  assert.deepEqual(a.toJSON().params.layers, b.toJSON().params.layers);
  assert.deepEqual(a.training.history.loss, b.training.history.loss);
  assert.notDeepEqual(a.toJSON().params.layers, c.toJSON().params.layers);
});

test('save and load: JSON round trip predicts identically; bad saves are refused', async () => {
  const d = xor(200, 4);
  const model = await fitMlp(d.x, d.y, { ...fast, epochs: 3 });
  const saved = model.toJSON();
  assert.equal(saved.kind, 'mlp');
  assert.equal(saved.version, 1);
  assert.deepEqual(saved.params.sizes, [2, 16, 8, 1]);
  assert.equal(saved.params.layers[0]?.kernel.length, 32);
  const loaded = loadMlp(JSON.parse(JSON.stringify(saved)) as typeof saved);
  assert.deepEqual(await loaded.predictProba(d.x), await model.predictProba(d.x));
  assert.deepEqual(loaded.training.history, model.training.history);
  assert.throws(() => loadMlp({ ...saved, kind: 'gbm' }), /not an MLP/);
  assert.throws(() => loadMlp({ ...saved, version: 2 }), /version 2/);
  const truncated = { ...saved.params, layers: saved.params.layers.slice(1) };
  assert.throws(() => loadMlp({ ...saved, params: truncated }), /expected 3 layers/);
  await assert.rejects(loaded.predictProba(fromRows([[1, 2, 3]])), /takes 2 columns/);
});

test('class weights raise the predicted positive rate on imbalanced data', async () => {
  const d = makeClassification({ rows: 1000, cols: 6, informative: 3, positives: 0.1, seed: 9 });
  standardise(d.x);
  const options: MlpOptions = { ...fast, batchSize: 100, epochs: 5 };
  const plain = await fitMlp(d.x, d.y, options);
  const weighted = await fitMlp(d.x, d.y, { ...options, classWeight: 'balanced' });
  const rate = (p: Float64Array) => p.filter((v) => v > 0.5).length / p.length;
  const before = rate(await plain.predictProba(d.x));
  const after = rate(await weighted.predictProba(d.x));
  assert.ok(after > before + 0.05, `positive rate ${before} → ${after}`);
  const w = weighted.training.settings.classWeights;
  const positives = d.y.reduce((s, v) => s + v, 0);
  assert.ok(Math.abs(w[1] - 1000 / (2 * positives)) < 1e-12);
});

test('progress per epoch; an abort stops training and rejects with the reason, leaking no tensor', async () => {
  const { tf } = await loadTf();
  const before = tf.memory().numTensors;
  const d = xor(400, 5);
  const messages: string[] = [];
  const controller = new AbortController();
  const fit = fitMlp(d.x, d.y, {
    ...fast,
    epochs: 50,
    signal: controller.signal,
    onProgress: (fraction, message) => {
      assert.ok(fraction >= 0 && fraction <= 1);
      messages.push(message);
      if (message.startsWith('epoch 2/50, loss')) controller.abort(new Error('cancelled by the test'));
    },
  });
  await assert.rejects(fit, /cancelled by the test/);
  assert.ok(
    messages.some((m) => /^epoch 1\/50, loss \d\.\d{4}, val loss \d\.\d{4}$/.test(m)),
    messages.join('\n'),
  );
  assert.ok(!messages.some((m) => m.startsWith('epoch 3/50, loss')), 'trained past the abort');
  assert.equal(tf.memory().numTensors, before);
  await assert.rejects(fitMlp(d.x, d.y, { signal: AbortSignal.abort(new Error('already')) }), /already/);
});

test('no tensor leak across fits and predictions', async () => {
  const { tf } = await loadTf();
  const d = xor(200, 6);
  const before = tf.memory().numTensors;
  for (const dropout of [0, 0.3]) {
    const model = await fitMlp(d.x, d.y, { ...fast, epochs: 2, dropout, l2: dropout });
    await model.predictProba(d.x);
  }
  assert.equal(tf.memory().numTensors, before);
});

test('the validation split is stratified, seeded and a partition, on many rows too', () => {
  const y = new Uint8Array(300_000).map((_, i) => (i % 5 === 0 ? 1 : 0));
  const { train, validation } = validationSplit(y, 0.1, 1);
  assert.equal(validation.length, 30_000);
  assert.equal(train.length, 270_000);
  assert.equal(validation.filter((i) => y[i] === 1).length, 6_000);
  const seen = new Uint8Array(y.length);
  for (const i of train) seen[i] = (seen[i] as number) + 1;
  for (const i of validation) seen[i] = (seen[i] as number) + 1;
  assert.ok(seen.every((c) => c === 1));
  assert.deepEqual(validationSplit(y, 0.1, 1).validation, validation);
  // Each class keeps at least one row on each side, however small the fraction.
  assert.equal(validationSplit([0, 1, 0, 1], 0.1, 1).validation.length, 2);
  assert.equal(validationSplit([0, 1, 0, 1], 0, 1).train.length, 4);
});

test('bad input gives clear errors', async () => {
  const x = fromRows([
    [0, 1],
    [1, 0],
    [2, 2],
    [3, 1],
  ]);
  const y = [0, 1, 0, 1];
  const withNaN = fromRows([
    [0, 1],
    [1, 0],
    [2, 2],
    [3, NaN],
  ]);
  await assert.rejects(fitMlp(withNaN, y), /non-finite value \(NaN\) at row 3, column 1/);
  await assert.rejects(fitMlp(x, [1, 1, 1, 1]), /one class only/);
  await assert.rejects(fitMlp(x, [0, 1, 2, 1]), /label of row 2 is 2/);
  await assert.rejects(fitMlp(x, [0, 1]), /2 labels for 4 rows/);
  await assert.rejects(fitMlp(x, y, { hiddenLayers: [0] }), /bad hiddenLayers/);
  await assert.rejects(fitMlp(x, y, { dropout: 1 }), /bad dropout/);
  await assert.rejects(fitMlp(x, y, { classWeight: { 0: 1, 1: -1 } }), /class weights must be positive/);
  const model = await fitMlp(x, y, { epochs: 1, validationFraction: 0 });
  assert.equal(model.training.history.valLoss.length, 0);
  assert.equal(model.training.history.bestEpoch, 1);
  await assert.rejects(model.predictProba(withNaN), /non-finite value/);
});

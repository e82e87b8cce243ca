// The MLP section of the churn benchmark (issue 5, item 10): `benchMlp(train, test)` standardises the columns by
// the training rows, fits the multilayer perceptron and scores the test rows. Run alone,
// `node --import tsx test/bench/churnMlp.ts [--rows N] [--epochs N] [--batch N]` fits it once on
// makeClassification({rows, seed: 1}) split 80/20 and prints the JSON. Figures depend on the machine.
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import type { Matrix } from '../../engine/analysis/matrix.ts';
import { rocAuc } from '../../engine/analysis/metrics/classification.ts';
import { fitMlp } from '../../engine/ml/mlp.ts';
import type { MlpOptions } from '../../engine/ml/mlp.ts';
import { makeClassification } from './classificationData.ts';
import { round } from './timing.ts';

export interface LabelledRows {
  readonly x: Matrix;
  readonly y: ArrayLike<number>;
}

export interface MlpBenchResult {
  /** Standardisation, TensorFlow.js loading and training, in seconds (scoring the test rows excluded). */
  readonly seconds: number;
  /** Seconds to score the test rows. */
  readonly predictSeconds: number;
  /** ROC AUC on the test rows. */
  readonly auc: number;
  /** Epochs run (the last `patience` of them after the best when stopped early). */
  readonly epochs: number;
  readonly bestEpoch: number;
  readonly stoppedEarly: boolean;
  /** `tf.getBackend()` during training. */
  readonly backend: string;
  readonly settings: {
    readonly hiddenLayers: readonly number[];
    readonly batchSize: number;
    readonly maxEpochs: number;
    readonly learningRate: number;
    readonly patience: number;
    readonly validationFraction: number;
  };
}

/**
 * Benchmark settings: batches of 1,024 rows and at most 10 epochs keep a million-row fit to minutes on a 2-core
 * machine; a step of 3e-3 (rather than Adam's usual 1e-3) makes up for the fewer, larger batches; patience 2 stops
 * once the validation loss has flattened.
 */
export const benchMlpOptions: MlpOptions = {
  hiddenLayers: [32, 16],
  batchSize: 1024,
  epochs: 10,
  learningRate: 3e-3,
  patience: 2,
  validationFraction: 0.1,
  seed: 1,
};

/** Column means and standard deviations of `x` (population; a constant column gets sd 1). */
function columnScales(x: Matrix): { mean: Float64Array; sd: Float64Array } {
  const mean = new Float64Array(x.cols);
  const sq = new Float64Array(x.cols);
  for (let i = 0; i < x.rows; i++) {
    for (let j = 0; j < x.cols; j++) mean[j] = (mean[j] as number) + (x.data[i * x.cols + j] as number);
  }
  for (let j = 0; j < x.cols; j++) mean[j] = (mean[j] as number) / x.rows;
  for (let i = 0; i < x.rows; i++) {
    for (let j = 0; j < x.cols; j++) {
      sq[j] = (sq[j] as number) + ((x.data[i * x.cols + j] as number) - (mean[j] as number)) ** 2;
    }
  }
  const sd = sq.map((s) => Math.sqrt(s / x.rows) || 1);
  return { mean, sd };
}

/** A standardised copy of `x` (the caller's data is left alone). */
function scaled(x: Matrix, s: { mean: Float64Array; sd: Float64Array }): Matrix {
  const data = new Float64Array(x.data.length);
  for (let i = 0; i < x.rows; i++) {
    for (let j = 0; j < x.cols; j++) {
      const p = i * x.cols + j;
      data[p] = ((x.data[p] as number) - (s.mean[j] as number)) / (s.sd[j] as number);
    }
  }
  return { data, rows: x.rows, cols: x.cols };
}

/** Fits the MLP on `train` (standardised by its own column statistics) and measures its ROC AUC on `test`. */
export async function benchMlp(
  train: LabelledRows,
  test: LabelledRows,
  options: MlpOptions = benchMlpOptions,
): Promise<MlpBenchResult> {
  const started = performance.now();
  const scales = columnScales(train.x);
  const model = await fitMlp(scaled(train.x, scales), train.y, options);
  const seconds = (performance.now() - started) / 1000;
  const predicting = performance.now();
  const p = await model.predictProba(scaled(test.x, scales));
  const predictSeconds = (performance.now() - predicting) / 1000;
  const { history, settings, backend } = model.training;
  return {
    seconds: round(seconds),
    predictSeconds: round(predictSeconds),
    auc: rocAuc(test.y, p),
    epochs: history.epochs,
    bestEpoch: history.bestEpoch,
    stoppedEarly: history.stoppedEarly,
    backend,
    settings: {
      hiddenLayers: settings.hiddenLayers,
      batchSize: settings.batchSize,
      maxEpochs: settings.epochs,
      learningRate: settings.learningRate,
      patience: settings.patience,
      validationFraction: settings.validationFraction,
    },
  };
}

/** The first `fraction` of the rows and the rest (the generator's rows are independent draws). */
function headTail(x: Matrix, y: Uint8Array, fraction: number): [LabelledRows, LabelledRows] {
  const cut = Math.round(x.rows * fraction);
  return [
    { x: { data: x.data.subarray(0, cut * x.cols), rows: cut, cols: x.cols }, y: y.subarray(0, cut) },
    { x: { data: x.data.subarray(cut * x.cols), rows: x.rows - cut, cols: x.cols }, y: y.subarray(cut) },
  ];
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: { rows: { type: 'string' }, epochs: { type: 'string' }, batch: { type: 'string' } },
  });
  const rows = Number(values.rows ?? 1_000_000);
  const data = makeClassification({ rows, seed: 1 });
  const [train, test] = headTail(data.x, data.y, 0.8);
  const options: MlpOptions = {
    ...benchMlpOptions,
    epochs: Number(values.epochs ?? benchMlpOptions.epochs),
    batchSize: Number(values.batch ?? benchMlpOptions.batchSize),
    onProgress: (_fraction, message) => {
      if (message.includes('val loss') || !message.startsWith('epoch')) console.error(message);
    },
  };
  const result = await benchMlp(train, test, options);
  console.log(
    JSON.stringify({ rows, cols: data.x.cols, train: train.x.rows, test: test.x.rows, ...result }, null, 2),
  );
}

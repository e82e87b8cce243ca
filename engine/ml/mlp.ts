/**
 * A multilayer perceptron for binary classification (the churn module's neural model), trained with TensorFlow.js
 * on the backend `loadTf()` selects: native TensorFlow through tfjs-node when it loads, else WASM, else pure JS.
 */
import type * as Tf from '@tensorflow/tfjs';
import { progressTicker } from '../analysis/cluster/progressTicker.ts';
import type { Matrix } from '../analysis/matrix.ts';
import type { BinaryClassifier, SavedModel, TrainingOptions } from '../analysis/models/types.ts';
import { deriveSeed, Rng } from '../analysis/random.ts';
import { loadTf } from './backend.ts';
import {
  BatchBuffer,
  checkFinite,
  checkTrainingData,
  classWeights,
  shuffleIndices,
  validationSplit,
} from './mlpData.ts';
import type { Batch } from './mlpData.ts';
import type { NetworkWeights } from './mlpNetwork.ts';
import {
  denseLayer,
  forwardLogits,
  initialWeights,
  PREDICT_CHUNK_ROWS,
  predictWith,
  weightedCrossEntropy,
} from './mlpNetwork.ts';
import type { MlpHistory, MlpSettings, MlpTraining, SavedMlp } from './mlpSaved.ts';
import { fromSaved, toSaved } from './mlpSaved.ts';

export type { MlpHistory, MlpParams, MlpSettings, MlpTraining, SavedMlp } from './mlpSaved.ts';

export interface MlpOptions extends TrainingOptions {
  /** Units of each hidden dense layer, ReLU-activated (default [32, 16]; [] gives logistic regression). */
  readonly hiddenLayers?: readonly number[];
  /** Adam's step size (default 1e-3; Kingma & Ba 2015, β₁ 0.9, β₂ 0.999, ε 1e-7 as Keras). */
  readonly learningRate?: number;
  /** Rows per gradient step (default 256). */
  readonly batchSize?: number;
  /** Most passes over the training rows (default 50). */
  readonly epochs?: number;
  /** L2 penalty λ·Σw² on the kernels, not the biases, added to the loss (Keras' `l2(λ)`; default 0). */
  readonly l2?: number;
  /** Dropout rate after each hidden layer during training, 0 ≤ rate < 1 (default 0). */
  readonly dropout?: number;
  /** Share of rows (stratified, seeded) held out for early stopping (default 0.1; 0 disables early stopping). */
  readonly validationFraction?: number;
  /** Epochs without a lower validation loss before training stops (default 5). */
  readonly patience?: number;
}

/** A fitted (or loaded) MLP. It holds its weights as plain arrays: no tensors, nothing to dispose. */
export interface MlpClassifier extends BinaryClassifier {
  readonly kind: 'mlp';
  /** [inputs, ...hidden units, 1]. */
  readonly sizes: readonly number[];
  /** Backend, time, loss history and settings of the training run. */
  readonly training: MlpTraining;
  toJSON(): SavedMlp;
}

const defaults = {
  hiddenLayers: [32, 16],
  learningRate: 1e-3,
  batchSize: 256,
  epochs: 50,
  l2: 0,
  dropout: 0,
  validationFraction: 0.1,
  patience: 5,
  seed: 0,
} as const;

function resolveOptions(options: MlpOptions): Omit<MlpSettings, 'classWeights'> {
  const o = {
    hiddenLayers: [...(options.hiddenLayers ?? defaults.hiddenLayers)],
    learningRate: options.learningRate ?? defaults.learningRate,
    batchSize: options.batchSize ?? defaults.batchSize,
    epochs: options.epochs ?? defaults.epochs,
    l2: options.l2 ?? defaults.l2,
    dropout: options.dropout ?? defaults.dropout,
    validationFraction: options.validationFraction ?? defaults.validationFraction,
    patience: options.patience ?? defaults.patience,
    seed: options.seed ?? defaults.seed,
  };
  const bad = (what: string, value: unknown): never => {
    throw new RangeError(`mlp: bad ${what} (${JSON.stringify(value)})`);
  };
  const positiveInt = (v: number) => Number.isInteger(v) && v >= 1;
  if (!o.hiddenLayers.every(positiveInt)) bad('hiddenLayers', o.hiddenLayers);
  if (!(o.learningRate > 0 && Number.isFinite(o.learningRate))) bad('learningRate', o.learningRate);
  if (!positiveInt(o.batchSize)) bad('batchSize', o.batchSize);
  if (!positiveInt(o.epochs)) bad('epochs', o.epochs);
  if (!(o.l2 >= 0 && Number.isFinite(o.l2))) bad('l2', o.l2);
  if (!(o.dropout >= 0 && o.dropout < 1)) bad('dropout', o.dropout);
  if (!(o.validationFraction >= 0 && o.validationFraction < 1))
    bad('validationFraction', o.validationFraction);
  if (!positiveInt(o.patience)) bad('patience', o.patience);
  if (!Number.isInteger(o.seed)) bad('seed', o.seed);
  return o;
}

/**
 * Fits a multilayer perceptron: dense layers with ReLU, a sigmoid output, binary cross-entropy (weighted by class
 * when `classWeight` is set) minimised by Adam on shuffled mini-batches, with early stopping on a stratified
 * validation split — after each epoch the weighted cross-entropy on the held-out rows is measured, training stops
 * after `patience` epochs without a new minimum, and the model keeps the weights of the best epoch (Keras'
 * `EarlyStopping(restore_best_weights=True)`).
 *
 * **Inputs must be standardised by the caller** (zero mean, unit variance per column, from the training rows):
 * the network sees `x` as given, and the same scaling must be applied before `predictProba`.
 *
 * Reproducible: weights are Glorot-initialised, the split drawn, rows shuffled and dropout masks seeded from
 * `seed` (default 0), and batches are fed in that order, so the same data, options and seed give the same model on
 * the same backend (different backends round differently). Progress is reported during each epoch and after it
 * ("epoch 12/50, loss 0.2973, val loss 0.3104"); an aborted `signal` stops training at the next batch and rejects
 * with the signal's reason. Every tensor is disposed, on success and on failure.
 *
 * Throws a `RangeError` on NaN or infinite features (naming row and column), labels other than 0/1, a single class,
 * bad options, or a diverging loss.
 */
export async function fitMlp(
  x: Matrix,
  y: ArrayLike<number>,
  options: MlpOptions = {},
): Promise<MlpClassifier> {
  const started = performance.now();
  const o = resolveOptions(options);
  const ticker = progressTicker(options);
  const positives = checkTrainingData(x, y);
  const weights = classWeights(options.classWeight, x.rows, positives);
  const settings: MlpSettings = { ...o, classWeights: weights };
  const split = validationSplit(y, o.validationFraction, deriveSeed(o.seed, 1));
  const shuffleRng = new Rng(deriveSeed(o.seed, 2));
  const dropoutRng = new Rng(deriveSeed(o.seed, 3));
  const sizes = [x.cols, ...o.hiddenLayers, 1];
  const start = initialWeights(sizes, new Rng(deriveSeed(o.seed, 0)));

  const { tf } = await loadTf();
  const backend = tf.getBackend();
  const validation =
    split.validation.length > 0
      ? new BatchBuffer(x, y, weights, split.validation.length).gather(
          split.validation,
          0,
          split.validation.length,
        )
      : null;
  const order = split.train.slice();
  const buffer = new BatchBuffer(x, y, weights, Math.min(o.batchSize, order.length));
  const batches = Math.ceil(order.length / o.batchSize);
  const dense = denseLayer(tf);
  const variables = tf.tidy(() =>
    start.layers.map((layer, l) => ({
      kernel: tf.variable(tf.tensor2d(layer.kernel, [sizes[l] as number, sizes[l + 1] as number])),
      bias: tf.variable(tf.tensor1d(layer.bias)),
    })),
  );
  const trainable = variables.flatMap((v) => [v.kernel, v.bias]);
  const optimizer = tf.train.adam(o.learningRate);

  /** One Adam step on a batch; returns its mean weighted cross-entropy. */
  const step = (batch: Batch): number => {
    const seeds = o.hiddenLayers.map(() => dropoutRng.uint32());
    let dataLoss: Tf.Tensor | undefined;
    const total = optimizer.minimize(
      () =>
        tf.tidy(() => {
          let h = tf.tensor2d(batch.x, [batch.rows, x.cols]);
          variables.forEach((v, l) => {
            h = dense(h, v.kernel, v.bias);
            if (l + 1 < variables.length) {
              h = tf.relu(h);
              if (o.dropout > 0) h = tf.dropout(h, o.dropout, undefined, seeds[l]) as Tf.Tensor2D;
            }
          });
          const yb = tf.tensor2d(batch.y, [batch.rows, 1]);
          const wb = tf.tensor2d(batch.weight, [batch.rows, 1]);
          const loss = tf.div(weightedCrossEntropy(tf, h, yb, wb), batch.rows);
          dataLoss = tf.keep(loss.clone());
          if (o.l2 === 0) return loss as Tf.Scalar;
          const penalty = tf.addN(variables.map((v) => tf.sum(tf.square(v.kernel))));
          return tf.add<Tf.Scalar>(loss, tf.mul(penalty, o.l2));
        }),
      false,
      trainable,
    );
    total?.dispose();
    const value = (dataLoss as Tf.Tensor).dataSync()[0] as number;
    dataLoss?.dispose();
    return value;
  };

  /** Weighted cross-entropy per row on the validation rows, with the current weights. */
  const validationLoss = (v: Batch): number => {
    let sum = 0;
    for (let s = 0; s < v.rows; s += PREDICT_CHUNK_ROWS) {
      const e = Math.min(v.rows, s + PREDICT_CHUNK_ROWS);
      const t = tf.tidy(() =>
        weightedCrossEntropy(
          tf,
          forwardLogits(tf, variables, tf.tensor2d(v.x.subarray(s * x.cols, e * x.cols), [e - s, x.cols])),
          tf.tensor2d(v.y.subarray(s, e), [e - s, 1]),
          tf.tensor2d(v.weight.subarray(s, e), [e - s, 1]),
        ),
      );
      sum += t.dataSync()[0] as number;
      t.dispose();
    }
    return sum / v.rows;
  };

  const snapshot = (): NetworkWeights => ({
    sizes,
    layers: variables.map((v) => ({
      kernel: new Float32Array(v.kernel.dataSync()),
      bias: new Float32Array(v.bias.dataSync()),
    })),
  });

  const loss: number[] = [];
  const valLoss: number[] = [];
  let best: NetworkWeights | null = null;
  let bestEpoch = 0;
  let bestLoss = Infinity;
  let stoppedEarly = false;
  try {
    ticker.report(0, `training on ${backend}: ${order.length} rows, ${batches} batches per epoch`);
    for (let epoch = 1; epoch <= o.epochs; epoch++) {
      shuffleIndices(order, shuffleRng);
      let sum = 0;
      for (let b = 0; b < batches; b++) {
        options.signal?.throwIfAborted();
        const batch = buffer.gather(order, b * o.batchSize, Math.min(order.length, (b + 1) * o.batchSize));
        sum += step(batch) * batch.rows;
        const waiting = ticker.tick((epoch - 1 + (b + 1) / batches) / o.epochs, `epoch ${epoch}/${o.epochs}`);
        if (waiting) await waiting;
      }
      const epochLoss = sum / order.length;
      if (!Number.isFinite(epochLoss)) {
        throw new RangeError(
          `mlp: the loss diverged (${epochLoss}) in epoch ${epoch}; standardise the inputs or lower learningRate`,
        );
      }
      loss.push(epochLoss);
      let message = `epoch ${epoch}/${o.epochs}, loss ${epochLoss.toFixed(4)}`;
      if (validation) {
        const v = validationLoss(validation);
        valLoss.push(v);
        message += `, val loss ${v.toFixed(4)}`;
        if (v < bestLoss) {
          bestLoss = v;
          bestEpoch = epoch;
          best = snapshot();
        }
      }
      ticker.report(epoch / o.epochs, message);
      if (validation && epoch - bestEpoch >= o.patience && epoch < o.epochs) {
        stoppedEarly = true;
        break;
      }
    }
    if (!best) {
      best = snapshot();
      bestEpoch = loss.length;
    }
  } finally {
    optimizer.dispose();
    tf.dispose(trainable);
  }
  const history: MlpHistory = { loss, valLoss, bestEpoch, epochs: loss.length, stoppedEarly };
  const training: MlpTraining = {
    backend,
    seconds: (performance.now() - started) / 1000,
    rows: x.rows,
    history,
    settings,
  };
  ticker.report(
    1,
    stoppedEarly
      ? `stopped early after epoch ${loss.length}; kept epoch ${bestEpoch}`
      : `trained ${loss.length} epochs; kept epoch ${bestEpoch}`,
  );
  return classifier(best, training);
}

/** Rebuilds a classifier saved by `toJSON()`; it predicts exactly as the original. */
export function loadMlp(saved: SavedModel): MlpClassifier {
  const { weights, training } = fromSaved(saved);
  return classifier(weights, training);
}

function classifier(weights: NetworkWeights, training: MlpTraining): MlpClassifier {
  const inputs = weights.sizes[0] as number;
  return {
    kind: 'mlp',
    sizes: weights.sizes,
    training,
    async predictProba(x: Matrix): Promise<Float64Array> {
      if (x.cols !== inputs) throw new RangeError(`mlp: the model takes ${inputs} columns, x has ${x.cols}`);
      checkFinite(x);
      const { tf } = await loadTf();
      return predictWith(tf, weights, x);
    },
    toJSON: () => toSaved(weights, training),
  };
}

/**
 * The saved form of an MLP classifier (`SavedModel` with kind 'mlp', version 1): layer sizes and weights as plain
 * number arrays, plus how it was trained. Float32 weights are exact in JSON numbers, so a model predicts exactly
 * the same after a save/load round trip.
 */
import type { SavedModel } from '../analysis/models/types.ts';
import type { NetworkWeights } from './mlpNetwork.ts';

/** Format version of {@link MlpParams}. */
export const MLP_FORMAT_VERSION = 1;

/** The hyperparameters a model was trained with (all defaults filled in). */
export interface MlpSettings {
  readonly hiddenLayers: readonly number[];
  readonly learningRate: number;
  readonly batchSize: number;
  readonly epochs: number;
  readonly l2: number;
  readonly dropout: number;
  readonly validationFraction: number;
  readonly patience: number;
  readonly seed: number;
  /** Loss weights of class 0 and class 1 actually used. */
  readonly classWeights: readonly [number, number];
}

/** Loss per epoch and where training stopped. */
export interface MlpHistory {
  /** Mean weighted cross-entropy over each epoch's batches (dropout on; the L2 penalty is not included). */
  readonly loss: readonly number[];
  /** Weighted cross-entropy on the validation rows after each epoch (empty without a validation split). */
  readonly valLoss: readonly number[];
  /** 1-based epoch whose weights the model has: the lowest val loss, or the last epoch without validation. */
  readonly bestEpoch: number;
  /** Epochs run. */
  readonly epochs: number;
  /** Whether early stopping ended training before the epoch limit. */
  readonly stoppedEarly: boolean;
}

/** How a model was trained. */
export interface MlpTraining {
  /** `tf.getBackend()` during training: 'tensorflow' (tfjs-node), 'wasm' or 'cpu'. */
  readonly backend: string;
  /** Wall time of `fitMlp`, TensorFlow.js loading included. */
  readonly seconds: number;
  readonly rows: number;
  readonly history: MlpHistory;
  readonly settings: MlpSettings;
}

/** `params` of a saved MLP. */
export interface MlpParams {
  /** [inputs, ...hidden units, 1]. */
  readonly sizes: readonly number[];
  readonly activation: 'relu';
  /** `kernel`: sizes[l] × sizes[l + 1] values, row-major; `bias`: sizes[l + 1] values. */
  readonly layers: readonly { readonly kernel: readonly number[]; readonly bias: readonly number[] }[];
  readonly training: MlpTraining;
}

export interface SavedMlp extends SavedModel {
  readonly kind: 'mlp';
  readonly params: MlpParams;
}

export function toSaved(weights: NetworkWeights, training: MlpTraining): SavedMlp {
  return {
    kind: 'mlp',
    version: MLP_FORMAT_VERSION,
    params: {
      sizes: [...weights.sizes],
      activation: 'relu',
      layers: weights.layers.map((l) => ({ kernel: Array.from(l.kernel), bias: Array.from(l.bias) })),
      training,
    },
  };
}

/** Weights and training record of a saved MLP; throws a `TypeError` or `RangeError` saying what is wrong. */
export function fromSaved(saved: SavedModel): { weights: NetworkWeights; training: MlpTraining } {
  if (saved.kind !== 'mlp') throw new TypeError(`loadMlp: a '${saved.kind}' model is not an MLP`);
  if (saved.version !== MLP_FORMAT_VERSION) {
    throw new RangeError(
      `loadMlp: format version ${saved.version} is not supported (expected ${MLP_FORMAT_VERSION})`,
    );
  }
  const params = saved.params as Partial<MlpParams> | null;
  const sizes: unknown = params?.sizes;
  if (!Array.isArray(sizes) || sizes.length < 2 || !sizes.every((s) => Number.isInteger(s) && s >= 1)) {
    throw new TypeError('loadMlp: params.sizes must list at least two positive integers');
  }
  if (sizes[sizes.length - 1] !== 1) throw new RangeError('loadMlp: the output layer must have one unit');
  if (params?.activation !== 'relu')
    throw new TypeError(`loadMlp: unknown activation ${String(params?.activation)}`);
  const layers: unknown = params.layers;
  if (!Array.isArray(layers) || layers.length !== sizes.length - 1) {
    throw new TypeError(`loadMlp: expected ${sizes.length - 1} layers`);
  }
  const dense = (layers as Partial<MlpParams['layers'][number]>[]).map((layer, l) => {
    const fanIn = sizes[l] as number;
    const fanOut = sizes[l + 1] as number;
    return {
      kernel: numbers(layer.kernel, fanIn * fanOut, `layers[${l}].kernel`),
      bias: numbers(layer.bias, fanOut, `layers[${l}].bias`),
    };
  });
  if (typeof params.training !== 'object') throw new TypeError('loadMlp: params.training is missing');
  return { weights: { sizes: [...(sizes as number[])], layers: dense }, training: params.training };
}

function numbers(values: unknown, length: number, what: string): Float32Array {
  if (!Array.isArray(values) || values.length !== length) {
    throw new TypeError(`loadMlp: ${what} must be an array of ${length} numbers`);
  }
  const out = Float32Array.from(values as number[]);
  if (!out.every(Number.isFinite) || !values.every((v) => typeof v === 'number')) {
    throw new TypeError(`loadMlp: ${what} has a value that is not a finite number`);
  }
  return out;
}

/**
 * The dense network behind the MLP classifier: its weights as plain float32 arrays (what a fitted or loaded model
 * keeps, so a model holds no TensorFlow.js tensor and needs no disposal), seeded Glorot initialisation, the
 * forward pass, and the dense layer used in training.
 */
import type * as Tf from '@tensorflow/tfjs';
import type { Matrix } from '../analysis/matrix.ts';
import type { Rng } from '../analysis/random.ts';

/** One dense layer: `kernel` is inputs × units, row-major; `bias` has one value per unit. */
export interface DenseWeights {
  readonly kernel: Float32Array;
  readonly bias: Float32Array;
}

/** A network's weights: `sizes` = [inputs, ...hidden units, 1]; `layers[l]` maps sizes[l] to sizes[l + 1]. */
export interface NetworkWeights {
  readonly sizes: readonly number[];
  readonly layers: readonly DenseWeights[];
}

/** Rows per forward pass when predicting: bounds the tensors alive at once (65,536 × 32 floats ≈ 8 MB). */
export const PREDICT_CHUNK_ROWS = 65_536;

/**
 * Glorot (Xavier) uniform initialisation, Keras' default for `Dense` (Glorot & Bengio 2010): each kernel weight is
 * uniform in ±√(6 / (fan_in + fan_out)); biases start at 0. Drawn from the project's `Rng`, so the same seed gives
 * the same starting network on every backend.
 */
export function initialWeights(sizes: readonly number[], rng: Rng): NetworkWeights {
  const layers: DenseWeights[] = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    const fanIn = sizes[l] as number;
    const fanOut = sizes[l + 1] as number;
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    const kernel = new Float32Array(fanIn * fanOut);
    for (let i = 0; i < kernel.length; i++) kernel[i] = rng.uniform(-limit, limit);
    layers.push({ kernel, bias: new Float32Array(fanOut) });
  }
  return { sizes, layers };
}

/**
 * `x·W + b` with a gradient that transposes explicitly: the WASM backend's matMul with a transpose flag is several
 * times slower than a transpose followed by a plain matMul on these tall, thin shapes.
 */
export function denseLayer(
  tf: typeof Tf,
): (x: Tf.Tensor2D, kernel: Tf.Tensor2D, bias: Tf.Tensor1D) => Tf.Tensor2D {
  const op = tf.customGrad((...args: (Tf.Tensor | Tf.GradSaveFunc)[]) => {
    const [x, kernel, bias, save] = args as [Tf.Tensor2D, Tf.Tensor2D, Tf.Tensor1D, Tf.GradSaveFunc];
    save([x, kernel]);
    return {
      value: tf.add<Tf.Tensor2D>(tf.matMul(x, kernel), bias),
      gradFunc: (dy: Tf.Tensor2D, saved: Tf.Tensor[]) => {
        const [sx, sk] = saved as [Tf.Tensor2D, Tf.Tensor2D];
        return [tf.matMul(dy, tf.transpose(sk)), tf.matMul(tf.transpose(sx), dy), tf.sum(dy, 0)];
      },
    };
  });
  return (x, kernel, bias) => op(x, kernel, bias);
}

/** The network's weights as tensors (the caller disposes them, or creates them inside `tf.tidy`). */
export function weightTensors(
  tf: typeof Tf,
  w: NetworkWeights,
): { kernel: Tf.Tensor2D; bias: Tf.Tensor1D }[] {
  return w.layers.map((layer, l) => ({
    kernel: tf.tensor2d(layer.kernel, [w.sizes[l] as number, w.sizes[l + 1] as number]),
    bias: tf.tensor1d(layer.bias),
  }));
}

/** Output logits (rows × 1) of `x` through layers with ReLU between them; no dropout (inference). */
export function forwardLogits(
  tf: typeof Tf,
  layers: readonly { kernel: Tf.Tensor2D; bias: Tf.Tensor1D }[],
  x: Tf.Tensor2D,
): Tf.Tensor2D {
  let h = x;
  layers.forEach((layer, l) => {
    h = tf.add(tf.matMul(h, layer.kernel), layer.bias);
    if (l + 1 < layers.length) h = tf.relu(h);
  });
  return h;
}

/** Rows `start … end − 1` of `x` as float32 (the precision TensorFlow.js computes in). */
export function rowsAsFloat32(x: Matrix, start: number, end: number): Float32Array {
  return Float32Array.from(x.data.subarray(start * x.cols, end * x.cols));
}

/** P(label = 1) for every row of `x`: sigmoid of the logits, computed in chunks, returned as float64. */
export function predictWith(tf: typeof Tf, w: NetworkWeights, x: Matrix): Float64Array {
  const out = new Float64Array(x.rows);
  const tensors = weightTensors(tf, w);
  try {
    for (let start = 0; start < x.rows; start += PREDICT_CHUNK_ROWS) {
      const end = Math.min(x.rows, start + PREDICT_CHUNK_ROWS);
      const p = tf.tidy(() =>
        tf.sigmoid(
          forwardLogits(tf, tensors, tf.tensor2d(rowsAsFloat32(x, start, end), [end - start, x.cols])),
        ),
      );
      out.set(p.dataSync(), start);
      p.dispose();
    }
  } finally {
    for (const t of tensors) tf.dispose([t.kernel, t.bias]);
  }
  return out;
}

/**
 * Σ over rows of w_i · BCE(y_i, σ(z_i)) for logits z, in the stable form max(z, 0) − z·y + log(1 + e^(−|z|)) (the
 * identity TensorFlow's `sigmoid_cross_entropy_with_logits` uses). `y` and `weight` are rows × 1.
 */
export function weightedCrossEntropy(
  tf: typeof Tf,
  z: Tf.Tensor2D,
  y: Tf.Tensor2D,
  weight: Tf.Tensor2D,
): Tf.Tensor {
  const perRow = tf.add(tf.sub(tf.relu(z), tf.mul(z, y)), tf.log1p(tf.exp(tf.neg(tf.abs(z)))));
  return tf.sum(tf.mul(perRow, weight));
}

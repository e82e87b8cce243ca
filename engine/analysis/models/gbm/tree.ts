import { MISSING_BIN } from './binning.ts';

/**
 * One binary decision tree in flat arrays, node 0 the root. An inner node sends a row left when its value of
 * `feature` is ≤ `threshold` (equivalently, its bin code is ≤ `bin`), a missing value (NaN) left when
 * `missingLeft` is 1; a leaf has feature −1 and predicts `value`.
 */
export interface Tree {
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly bin: Uint8Array;
  readonly missingLeft: Uint8Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly value: Float64Array;
}

/** Grows a {@link Tree} node by node (the growers know the size only at the end). */
export class TreeBuilder {
  private readonly feature: number[] = [];
  private readonly threshold: number[] = [];
  private readonly bin: number[] = [];
  private readonly missingLeft: number[] = [];
  private readonly left: number[] = [];
  private readonly right: number[] = [];
  private readonly value: number[] = [];

  /** Adds a leaf predicting `value`; returns its index. */
  leaf(value: number): number {
    this.feature.push(-1);
    this.threshold.push(0);
    this.bin.push(0);
    this.missingLeft.push(0);
    this.left.push(-1);
    this.right.push(-1);
    this.value.push(value);
    return this.value.length - 1;
  }

  /** Turns leaf `node` into a split with the given children. */
  split(
    node: number,
    feature: number,
    bin: number,
    threshold: number,
    missingLeft: boolean,
    l: number,
    r: number,
  ): void {
    this.feature[node] = feature;
    this.bin[node] = bin;
    this.threshold[node] = threshold;
    this.missingLeft[node] = missingLeft ? 1 : 0;
    this.left[node] = l;
    this.right[node] = r;
  }

  setValue(node: number, value: number): void {
    this.value[node] = value;
  }

  build(): Tree {
    return {
      feature: Int32Array.from(this.feature),
      threshold: Float64Array.from(this.threshold),
      bin: Uint8Array.from(this.bin),
      missingLeft: Uint8Array.from(this.missingLeft),
      left: Int32Array.from(this.left),
      right: Int32Array.from(this.right),
      value: Float64Array.from(this.value),
    };
  }
}

/** The leaf value a row of raw values (row-major `data`, row `i` of `cols`) reaches. */
export function predictRow(tree: Tree, data: Float64Array, cols: number, i: number): number {
  const { feature, threshold, missingLeft, left, right, value } = tree;
  const base = i * cols;
  let node = 0;
  for (;;) {
    const f = feature[node] as number;
    if (f < 0) return value[node] as number;
    const v = data[base + f] as number;
    const goLeft = v !== v ? missingLeft[node] === 1 : v <= (threshold[node] as number);
    node = (goLeft ? left[node] : right[node]) as number;
  }
}

/** The leaf value row `i` of column-major bin codes (n rows) reaches. */
export function predictBinnedRow(tree: Tree, bins: Uint8Array, n: number, i: number): number {
  const { feature, bin, missingLeft, left, right, value } = tree;
  let node = 0;
  for (;;) {
    const f = feature[node] as number;
    if (f < 0) return value[node] as number;
    const b = bins[f * n + i] as number;
    const goLeft = b === MISSING_BIN ? missingLeft[node] === 1 : b <= (bin[node] as number);
    node = (goLeft ? left[node] : right[node]) as number;
  }
}

/** A tree as plain JSON: each array as base64 of its little-endian bytes (exact, and about 3× smaller). */
export interface SavedTree {
  readonly feature: string;
  readonly threshold: string;
  readonly bin: string;
  readonly missingLeft: string;
  readonly left: string;
  readonly right: string;
  readonly value: string;
}

function encode(a: ArrayBufferView): string {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
}

function decode<T>(
  text: unknown,
  Type: { new (b: ArrayBuffer): T; BYTES_PER_ELEMENT: number },
  nodes: number,
): T {
  if (typeof text !== 'string') throw new TypeError('saved tree: array is not a base64 string');
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length !== nodes * Type.BYTES_PER_ELEMENT)
    throw new TypeError('saved tree: arrays of unequal length');
  const copy = new ArrayBuffer(bytes.length);
  new Uint8Array(copy).set(bytes);
  return new Type(copy);
}

export function saveTree(t: Tree): SavedTree {
  return {
    feature: encode(t.feature),
    threshold: encode(t.threshold),
    bin: encode(t.bin),
    missingLeft: encode(t.missingLeft),
    left: encode(t.left),
    right: encode(t.right),
    value: encode(t.value),
  };
}

/** Reads a {@link SavedTree}, checking that its arrays agree and its links stay inside the tree. */
export function loadTree(saved: unknown, features: number): Tree {
  if (typeof saved !== 'object' || saved === null) throw new TypeError('saved tree: not an object');
  const s = saved as Record<string, unknown>;
  if (typeof s.value !== 'string') throw new TypeError('saved tree: no values');
  const nodes = Buffer.from(s.value, 'base64').length / 8;
  const tree: Tree = {
    feature: decode(s.feature, Int32Array, nodes),
    threshold: decode(s.threshold, Float64Array, nodes),
    bin: decode(s.bin, Uint8Array, nodes),
    missingLeft: decode(s.missingLeft, Uint8Array, nodes),
    left: decode(s.left, Int32Array, nodes),
    right: decode(s.right, Int32Array, nodes),
    value: decode(s.value, Float64Array, nodes),
  };
  for (let k = 0; k < nodes; k++) {
    const f = tree.feature[k] as number;
    if (f < 0) continue;
    const l = tree.left[k] as number;
    const r = tree.right[k] as number;
    // Children always come after their parent, so a walk cannot loop.
    if (f >= features || l <= k || r <= k || l >= nodes || r >= nodes) {
      throw new TypeError(`saved tree: node ${k} is malformed`);
    }
  }
  return tree;
}

/**
 * Exhaustive search over a small grid of hyperparameters (the Cartesian product of each parameter's values, in
 * the order given), keeping the best score — scikit-learn's `GridSearchCV` without the cross-validation, which the
 * `evaluate` callback supplies (typically the mean AUC of {@link crossValidate}).
 */

/** Each parameter's candidate values. */
export type Grid<P extends Record<string, unknown>> = { readonly [K in keyof P]: readonly P[K][] };

export interface GridResult<P> {
  readonly params: P;
  readonly score: number;
}

export interface GridSearch<P> {
  /** Every combination with its score, in grid order. */
  readonly results: readonly GridResult<P>[];
  /** The highest score (lowest with `minimize`); the first such combination on ties. */
  readonly best: GridResult<P>;
}

/** Every combination of the grid's values, the last parameter varying fastest. */
export function gridCombinations<P extends Record<string, unknown>>(grid: Grid<P>): P[] {
  const keys = Object.keys(grid) as (keyof P)[];
  let combos: Partial<P>[] = [{}];
  for (const key of keys) {
    const values = grid[key];
    if (values.length === 0) throw new RangeError(`gridSearch: no values for "${String(key)}"`);
    combos = combos.flatMap((c) => values.map((v) => ({ ...c, [key]: v })));
  }
  return combos as P[];
}

/**
 * Scores every combination of `grid` with `evaluate` (one at a time, in order) and returns all results and the
 * best. NaN scores are never best.
 */
export async function gridSearch<P extends Record<string, unknown>>(
  grid: Grid<P>,
  evaluate: (params: P, index: number, total: number) => number | Promise<number>,
  options: { readonly minimize?: boolean; readonly signal?: AbortSignal } = {},
): Promise<GridSearch<P>> {
  const combos = gridCombinations(grid);
  const results: GridResult<P>[] = [];
  let best: GridResult<P> | null = null;
  for (let i = 0; i < combos.length; i++) {
    options.signal?.throwIfAborted();
    const params = combos[i] as P;
    const score = await evaluate(params, i, combos.length);
    const result = { params, score };
    results.push(result);
    const better = options.minimize ? score < (best?.score ?? Infinity) : score > (best?.score ?? -Infinity);
    if (best === null ? !Number.isNaN(score) : better) best = result;
  }
  return { results, best: best ?? (results[0] as GridResult<P>) };
}

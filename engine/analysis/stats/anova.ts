/**
 * Two-way (or one-way) ANOVA with type II sums of squares, computed from per-cell sufficient statistics only
 * (n, Σy, Σy² of each cell), so that a table of 10⁷ rows is analysed from a GROUP BY of a few cells.
 *
 * Why this is exact: with both factors and their interaction the model is saturated at cell level, so its fitted
 * values are the cell means and its RSS is the pooled within-cell SS. Every reduced model (A, B, A + B) is
 * constant within cells, so its RSS is the within-cell SS plus the weighted lack of fit Σ nᵢ (ȳᵢ − ŷᵢ)² of a
 * weighted least-squares fit to the cell means with weights nᵢ (e.g. Searle 1987, Linear Models for Unbalanced
 * Data, § 4.3). Type II tests each term adjusted for every term that does not contain it (Langsrud 2003;
 * statsmodels `anova_lm(typ=2)`): SS(A | B), SS(B | A), SS(A:B | A, B), all against the full model's residual.
 * Differences of nested WLS fits are computed as Σ n (ŷ_big − ŷ_small)², not as RSS_small − RSS_big, so small
 * effects keep their digits. The within-cell SS is Σy² − (Σy)²/n per cell: it loses about log10(1 + ȳ²/s²)
 * digits to cancellation, harmless unless the mean is ~10⁵ standard deviations from zero.
 */
import { cholesky } from '../linalg.ts';
import { solveCholesky } from '../models/logistic.ts';
import { fSf } from './distributions.ts';
import { indexCells, type CellGrid } from './design.ts';

/** Sufficient statistics of one cell; `levels[i]` is the cell's level of factor i. */
export interface CellMoments {
  readonly levels: readonly string[];
  readonly n: number;
  readonly sum: number;
  readonly sumSq: number;
}

/** One row of the ANOVA table; `partialEta2` = ss / (ss + residual ss). */
export interface AnovaTerm {
  term: string;
  df: number;
  ss: number;
  F: number;
  p: number;
  partialEta2: number;
}

/** Weighted least-squares fitted values of the cell means on the design columns `x` (rows = cells). */
function wlsFit(x: readonly Float64Array[], means: Float64Array, weights: Float64Array): Float64Array {
  const p = x[0]!.length;
  const xtwx = new Float64Array(p * p);
  const xtwy = new Float64Array(p);
  x.forEach((row, g) => {
    const w = weights[g]!;
    for (let i = 0; i < p; i++) {
      const wi = w * row[i]!;
      xtwy[i] = xtwy[i]! + wi * means[g]!;
      for (let j = 0; j <= i; j++) xtwx[i * p + j] = xtwx[i * p + j]! + wi * row[j]!;
    }
  });
  const l = new Float64Array(p * p);
  // Dummy columns of a connected two-way layout with no empty cell are of full rank, so XᵀWX is positive definite.
  if (!cholesky(xtwx, p, l)) throw new RangeError('the cell design is rank-deficient');
  const beta = solveCholesky(l, p, xtwy);
  const fitted = (b: Float64Array) =>
    Float64Array.from(x, (row) => row.reduce((s, v, j) => s + v * b[j]!, 0));
  // One step of iterative refinement (Higham 2002, ch. 12) recovers what the normal equations lose.
  let fit = fitted(beta);
  const residual = new Float64Array(p);
  x.forEach((row, g) => {
    const r = weights[g]! * (means[g]! - fit[g]!);
    for (let j = 0; j < p; j++) residual[j] = residual[j]! + r * row[j]!;
  });
  const delta = solveCholesky(l, p, residual);
  for (let j = 0; j < p; j++) beta[j] = beta[j]! + delta[j]!;
  fit = fitted(beta);
  return fit;
}

/** Σ wᵢ (aᵢ − bᵢ)². */
function weightedSquares(a: Float64Array, b: Float64Array, w: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += w[i]! * (a[i]! - b[i]!) ** 2;
  return s;
}

/** Design rows over the grid: intercept, then treatment dummies of the listed factors. */
function mainEffectsDesign(grid: CellGrid, factors: readonly number[]): Float64Array[] {
  const p = 1 + factors.reduce((s, f) => s + grid.levels[f]!.length - 1, 0);
  return Array.from(grid.index, (_, g) => {
    const row = new Float64Array(p);
    row[0] = 1;
    let offset = 1;
    for (const f of factors) {
      const k = grid.level(g, f);
      if (k > 0) row[offset + k - 1] = 1;
      offset += grid.levels[f]!.length - 1;
    }
    return row;
  });
}

function checkMoments(cell: CellMoments, label: string): void {
  const { n, sum, sumSq } = cell;
  if (!Number.isFinite(n) || n < 0) throw new RangeError(`cell ${label} has n = ${n}; a count ≥ 0 is needed`);
  if (!Number.isFinite(sum) || !Number.isFinite(sumSq)) {
    throw new RangeError(`cell ${label} has a non-finite sum or sum of squares`);
  }
}

/**
 * ANOVA with type II sums of squares for one factor (A) or two (A, B and A:B), matching statsmodels
 * `anova_lm(ols('y ~ C(A) * C(B)', df).fit(), typ=2)` on the per-unit rows, balanced or not. Terms are named by
 * the factor names and 'A:B'. The residual (pooled within-cell SS, N − cells df) is returned separately rather
 * than as a table row, since F, p and partial η² do not apply to it. When every cell is constant (residual SS
 * 0), F is Infinity (p 0) for a non-zero effect and NaN for a zero one. Throws RangeError for an empty cell
 * ("cell Promotion=3 × MarketSize=Small has no units"), a factor with fewer than 2 levels, a combination listed
 * twice, no residual degrees of freedom, or more than two factors.
 */
export function anovaTypeII(
  cells: readonly CellMoments[],
  factors: readonly string[],
): { terms: AnovaTerm[]; residual: { df: number; ss: number } } {
  if (factors.length > 2) {
    throw new RangeError(`ANOVA supports one or two factors, not ${factors.length} (${factors.join(', ')})`);
  }
  const grid = indexCells(cells, factors);
  const k = grid.index.length;
  const means = new Float64Array(k);
  const weights = new Float64Array(k);
  let total = 0;
  let within = 0;
  for (let g = 0; g < k; g++) {
    const i = grid.index[g]!;
    const cell = i < 0 ? undefined : cells[i]!;
    if (cell) checkMoments(cell, grid.label(g));
    if (!cell || cell.n === 0) throw new RangeError(`cell ${grid.label(g)} has no units`);
    weights[g] = cell.n;
    means[g] = cell.sum / cell.n;
    total += cell.n;
    within += Math.max(0, cell.sumSq - cell.sum * means[g]!);
  }
  const residualDf = total - k;
  if (!(residualDf > 0)) {
    throw new RangeError(
      `no residual degrees of freedom: ${total} units in ${k} cells; some cell needs at least 2 units`,
    );
  }
  // Centre on the grand mean: the intercept absorbs it, and the normal equations then work on small numbers.
  const grand = means.reduce((s, m, g) => s + m * weights[g]!, 0) / total;
  const centred = means.map((m) => m - grand);

  const effects: { term: string; df: number; ss: number }[] = [];
  const sizes = grid.levels.map((list) => list.length);
  if (factors.length === 1) {
    effects.push({
      term: factors[0]!,
      df: sizes[0]! - 1,
      ss: weightedSquares(centred, new Float64Array(k), weights),
    });
  } else {
    const fitA = wlsFit(mainEffectsDesign(grid, [0]), centred, weights);
    const fitB = wlsFit(mainEffectsDesign(grid, [1]), centred, weights);
    const fitAB = wlsFit(mainEffectsDesign(grid, [0, 1]), centred, weights);
    const [a, b] = [sizes[0]!, sizes[1]!];
    effects.push(
      { term: factors[0]!, df: a - 1, ss: weightedSquares(fitAB, fitB, weights) },
      { term: factors[1]!, df: b - 1, ss: weightedSquares(fitAB, fitA, weights) },
      {
        term: `${factors[0]!}:${factors[1]!}`,
        df: (a - 1) * (b - 1),
        ss: weightedSquares(centred, fitAB, weights),
      },
    );
  }
  const meanSquareResidual = within / residualDf;
  const terms = effects.map(({ term, df, ss }): AnovaTerm => {
    const F = ss / df / meanSquareResidual;
    return { term, df, ss, F, p: fSf(F, df, residualDf), partialEta2: ss / (ss + within) };
  });
  return { terms, residual: { df: residualDf, ss: within } };
}

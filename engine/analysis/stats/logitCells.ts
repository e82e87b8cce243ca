/**
 * Logistic regression with interaction on grouped binomial data: one row per cell (n units, k successes)
 * instead of one per unit, so a factorial experiment on millions of users is fitted from a GROUP BY.
 *
 * The binomial likelihood of a cell is the product of its units' Bernoulli likelihoods up to the constant
 * C(n, k), so coefficients, Fisher information and Wald tests are exactly those of the per-unit fit
 * (McCullagh & Nelder 1989, § 4.2), and the reported deviance is the per-unit (Bernoulli) one, −2 log L, which
 * is what statsmodels prints for a GLM fitted on 0/1 rows. With one factor, or two factors and their
 * interaction, the model is saturated over the cells, so its MLE is finite exactly when every cell has both
 * outcomes; a cell with none or all successes is rejected up front rather than left to diverge.
 */
import { cholesky } from '../linalg.ts';
import { solveCholesky } from '../models/logistic.ts';
import { normalQuantile, normalTwoSided } from './distributions.ts';
import { indexCells, type CellGrid } from './design.ts';

/** Units and successes of one cell; `levels[i]` is the cell's level of factor i. */
export interface CellCounts {
  readonly levels: readonly string[];
  readonly n: number;
  readonly successes: number;
}

/** One coefficient: Wald z and two-sided p; `ci` is the 95 % Wald interval on the odds-ratio scale. */
export interface LogitTerm {
  term: string;
  coef: number;
  se: number;
  z: number;
  p: number;
  oddsRatio: number;
  ci: [number, number];
}

/** Stop when |Δ deviance| ≤ TOLERANCE · (|deviance| + 0.1) — R's glm.fit criterion (relative, so it is reachable
 * in floating point on a deviance of 10⁵). */
const TOLERANCE = 1e-10;
const MAX_ITERATIONS = 100;

/** Treatment-coded design over the grid, in patsy's column order for `C(A) * C(B)`. */
function design(grid: CellGrid, factors: readonly string[]): { names: string[]; rows: Float64Array[] } {
  const dummies = grid.levels.map((levels, f) =>
    levels.slice(1).map((level, i) => ({ name: `${factors[f]!}[T.${level}]`, level: i + 1 })),
  );
  const columns: { name: string; test: (g: number) => boolean }[] = [{ name: 'Intercept', test: () => true }];
  dummies.forEach((list, f) => {
    for (const d of list) columns.push({ name: d.name, test: (g) => grid.level(g, f) === d.level });
  });
  if (dummies.length === 2) {
    // patsy orders interaction columns with the left-most factor varying fastest (for consistency with R).
    for (const b of dummies[1]!) {
      for (const a of dummies[0]!) {
        columns.push({
          name: `${a.name}:${b.name}`,
          test: (g) => grid.level(g, 0) === a.level && grid.level(g, 1) === b.level,
        });
      }
    }
  }
  const rows = Array.from(grid.index, (_, g) => Float64Array.from(columns, (c) => (c.test(g) ? 1 : 0)));
  return { names: columns.map((c) => c.name), rows };
}

/** log σ(η) and log(1 − σ(η)) without overflow. */
function logSigmoid(eta: number): number {
  return eta >= 0 ? -Math.log1p(Math.exp(-eta)) : eta - Math.log1p(Math.exp(eta));
}

/** −2 Σ [k log p + (n − k) log(1 − p)] over the cells: the deviance of the per-unit 0/1 fit. */
function deviance(eta: Float64Array, n: Float64Array, k: Float64Array): number {
  let ll = 0;
  for (let g = 0; g < eta.length; g++) {
    ll += k[g]! * logSigmoid(eta[g]!) + (n[g]! - k[g]!) * logSigmoid(-eta[g]!);
  }
  return -2 * ll;
}

/** XᵀWX (full symmetric) and XᵀWz of the IRLS step at linear predictor η. */
function normalEquations(
  rows: readonly Float64Array[],
  eta: Float64Array,
  n: Float64Array,
  k: Float64Array,
): { xtwx: Float64Array; xtwz: Float64Array } {
  const p = rows[0]!.length;
  const xtwx = new Float64Array(p * p);
  const xtwz = new Float64Array(p);
  rows.forEach((row, g) => {
    const mu = 1 / (1 + Math.exp(-eta[g]!));
    const w = n[g]! * mu * (1 - mu);
    // Working response z = η + (k − nμ) / w (McCullagh & Nelder 1989, § 4.4.1).
    const z = eta[g]! + (k[g]! - n[g]! * mu) / w;
    for (let i = 0; i < p; i++) {
      const wi = w * row[i]!;
      xtwz[i] = xtwz[i]! + wi * z;
      for (let j = 0; j < p; j++) xtwx[i * p + j] = xtwx[i * p + j]! + wi * row[j]!;
    }
  });
  return { xtwx, xtwz };
}

function factorOf(xtwx: Float64Array, p: number): Float64Array {
  const l = new Float64Array(p * p);
  if (!cholesky(xtwx, p, l))
    throw new RangeError('the Fisher information is singular: the cells do not identify the model');
  return l;
}

function linearPredictor(rows: readonly Float64Array[], beta: Float64Array): Float64Array {
  return Float64Array.from(rows, (row) => row.reduce((s, v, j) => s + v * beta[j]!, 0));
}

/** Checks every grid cell and returns its (n, successes), naming the first empty or separated cell. */
function cellTotals(cells: readonly CellCounts[], grid: CellGrid): { n: Float64Array; k: Float64Array } {
  const size = grid.index.length;
  const n = new Float64Array(size);
  const k = new Float64Array(size);
  for (let g = 0; g < size; g++) {
    const i = grid.index[g]!;
    const label = grid.label(g);
    const cell = i < 0 ? undefined : cells[i]!;
    if (cell && (!Number.isFinite(cell.n) || cell.n < 0)) {
      throw new RangeError(`cell ${label} has n = ${cell.n}; a count ≥ 0 is needed`);
    }
    if (!cell || cell.n === 0) throw new RangeError(`cell ${label} has no units`);
    const s = cell.successes;
    if (!Number.isFinite(s) || s < 0 || s > cell.n) {
      throw new RangeError(`cell ${label} has ${s} conversions out of ${cell.n} units`);
    }
    // In a saturated model the cell's fitted log-odds is logit(k/n), which is ±∞ at k = 0 or k = n.
    if (s === 0) {
      throw new RangeError(`cell ${label} has no conversions: the logistic model cannot be estimated`);
    }
    if (s === cell.n) {
      throw new RangeError(
        `cell ${label} converted every unit (${s} of ${cell.n}): the logistic model cannot be estimated`,
      );
    }
    n[g] = cell.n;
    k[g] = s;
  }
  return { n, k };
}

/**
 * Fits logit P(success) ~ A + B + A:B (or ~ A with one factor) to per-cell counts by IRLS, matching statsmodels
 * `smf.glm('y ~ C(A) * C(B)', family=Binomial())` fitted on the per-unit rows. Treatment coding with each
 * factor's first level in sorted order as reference (design.ts `sortLevels`: numeric when every level parses as a
 * number, else JS string order — the same order patsy gives an int or a str column). Terms are named as patsy
 * names them without the C(): 'Intercept', 'A[T.a2]', 'B[T.b2]', 'A[T.a2]:B[T.b2]'. Standard errors come from
 * the inverse Fisher information at the optimum; intervals are exp(coef ± z₀.₉₇₅ · se). `deviance` is −2 log L of
 * the per-unit fit. Throws RangeError for an empty cell, a cell with no or only successes (the MLE is infinite),
 * a factor with fewer than 2 levels, a combination listed twice or more than two factors.
 */
export function logisticCells(
  cells: readonly CellCounts[],
  factors: readonly string[],
): { terms: LogitTerm[]; references: Record<string, string>; iterations: number; deviance: number } {
  if (factors.length > 2) {
    throw new RangeError(`the cell logistic model supports one or two factors, not ${factors.length}`);
  }
  const grid = indexCells(cells, factors);
  const { n, k } = cellTotals(cells, grid);
  const { names, rows } = design(grid, factors);
  const p = names.length;

  // Start from the pooled rate (the intercept-only fit), as glm.fit's mustart does in spirit.
  const beta = new Float64Array(p);
  const rate = k.reduce((a, b) => a + b, 0) / n.reduce((a, b) => a + b, 0);
  beta[0] = Math.log(rate / (1 - rate));
  let eta = linearPredictor(rows, beta);
  let dev = deviance(eta, n, k);
  let iterations = 0;
  let converged = false;
  while (iterations < MAX_ITERATIONS && !converged) {
    iterations++;
    const { xtwx, xtwz } = normalEquations(rows, eta, n, k);
    beta.set(solveCholesky(factorOf(xtwx, p), p, xtwz));
    eta = linearPredictor(rows, beta);
    const next = deviance(eta, n, k);
    converged = Math.abs(next - dev) <= TOLERANCE * (Math.abs(next) + 0.1);
    dev = next;
  }
  if (!converged) throw new RangeError(`the logistic model did not converge in ${MAX_ITERATIONS} iterations`);

  // Covariance = (XᵀWX)⁻¹ at the optimum, column by column.
  const l = factorOf(normalEquations(rows, eta, n, k).xtwx, p);
  const z975 = normalQuantile(0.975);
  const terms = names.map((term, j): LogitTerm => {
    const e = new Float64Array(p);
    e[j] = 1;
    const se = Math.sqrt(solveCholesky(l, p, e)[j]!);
    const coef = beta[j]!;
    const z = coef / se;
    return {
      term,
      coef,
      se,
      z,
      p: normalTwoSided(z),
      oddsRatio: Math.exp(coef),
      ci: [Math.exp(coef - z975 * se), Math.exp(coef + z975 * se)],
    };
  });
  const references = Object.fromEntries(factors.map((name, f) => [name, grid.levels[f]![0]!]));
  return { terms, references, iterations, deviance: dev };
}

import { anovaTypeII } from '../analysis/stats/anova.ts';
import { logisticCells } from '../analysis/stats/logitCells.ts';
import { meanInterval } from '../analysis/stats/means.ts';
import { wilsonInterval } from '../analysis/stats/proportions.ts';
import type { MetricResultWire } from '../api/experimentsContract.ts';
import type { CellAggregate } from './aggregate.ts';

/**
 * The factorial panel of one metric from per-cell sufficient statistics: cell means with
 * intervals, the type II ANOVA table and, for a binary metric, the logistic model with the
 * interaction. A model that cannot be estimated (an empty cell, a cell without conversions)
 * becomes a warning, not a failed analysis: the per-variant comparisons still stand.
 */
export function factorialStatistics(
  cells: readonly CellAggregate[],
  factors: readonly string[],
  metric: number,
  binary: boolean,
  alpha: number,
): { result: Pick<MetricResultWire, 'anova' | 'logit' | 'cells'>; warnings: string[] } {
  const warnings: string[] = [];
  const withValues = cells.map((c) => ({ levels: c.levels, ...c.values[metric]! })).filter((c) => c.n > 0);
  const levelsOf = (levels: readonly string[]) =>
    Object.fromEntries(factors.map((f, i) => [f, levels[i] ?? '']));
  const cellRows = withValues.map((c) => ({
    levels: levelsOf(c.levels),
    n: c.n,
    mean: c.sum / c.n,
    ci: binary
      ? wilsonInterval({ x: c.sum, n: c.n }, alpha)
      : c.n >= 2
        ? meanInterval(c, alpha).ci
        : ([Number.NaN, Number.NaN] as [number, number]),
  }));
  const result: Pick<MetricResultWire, 'anova' | 'logit' | 'cells'> = { cells: cellRows };
  try {
    const anova = anovaTypeII(withValues, factors);
    result.anova = [
      ...anova.terms.map((t) => ({
        term: t.term,
        df: t.df,
        F: t.F,
        p: t.p,
        ss: t.ss,
        partial_eta2: t.partialEta2,
      })),
      {
        term: 'Residual',
        df: anova.residual.df,
        F: null,
        p: null,
        ss: anova.residual.ss,
        partial_eta2: null,
      },
    ];
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    warnings.push(`no ANOVA: ${error.message}`);
  }
  if (binary) {
    try {
      const fit = logisticCells(
        withValues.map((c) => ({ levels: c.levels, n: c.n, successes: Math.round(c.sum) })),
        factors,
      );
      result.logit = fit.terms.map((t) => ({
        term: t.term,
        coef: t.coef,
        se: t.se,
        z: t.z,
        p: t.p,
        odds_ratio: t.oddsRatio,
        ci: t.ci,
      }));
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      warnings.push(`no logistic model: ${error.message}`);
    }
  }
  return { result, warnings };
}

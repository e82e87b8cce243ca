import type { Output } from '../../api/EngineClient.ts';
import { modelNames } from './churnForm.ts';

export type ChurnModel = Output<'churn.model'>;
export type ChurnMetrics = ChurnModel['metrics'];
export type Labels = Output<'churn.labels'>;
export type Monitor = Output<'churn.monitor'>;
export type Scores = Output<'churn.scores'>;
export type ScoreRun = Output<'churn.score'>;

/** A share as a percentage: 0.2947 → "29.5%". */
export const pct = (share: number, digits = 1): string => `${(share * 100).toFixed(digits)}%`;

/** An AUC or another score in [0, 1]: three decimals. */
export const fixed3 = (v: number): string => v.toFixed(3);

export const modelName = (kind: string): string => modelNames[kind] ?? kind;

/** The cutoff a saved model was trained at (from its recipe). */
export const cutoffOf = (m: { recipe: Record<string, unknown> }): string =>
  typeof m.recipe.cutoff === 'string' ? m.recipe.cutoff : '—';

/** A candidate's settings in words: {} → "defaults", {leaves: 15} → "leaves 15". */
export function paramsText(params: Record<string, unknown>): string {
  const entries = Object.entries(params);
  return entries.length ? entries.map(([k, v]) => `${k} ${JSON.stringify(v)}`).join(', ') : 'defaults';
}

/** The gains curve's share of churners caught when the riskiest `share` of users is flagged (linear between points). */
export function gainsAt(gains: { x: number[]; y: number[] }, share: number): number {
  const { x, y } = gains;
  if (x.length === 0) return share;
  if (share <= x[0]!) return y[0]!;
  for (let i = 1; i < x.length; i++) {
    const x1 = x[i]!;
    if (share <= x1) {
      const x0 = x[i - 1]!;
      const y0 = y[i - 1]!;
      const y1 = y[i]!;
      return x1 === x0 ? y1 : y0 + ((y1 - y0) * (share - x0)) / (x1 - x0);
    }
  }
  return y.at(-1)!;
}

export interface BudgetEstimate {
  /** The share of users flagged (the riskiest first). */
  share: number;
  /** Expected share of the churners among those flagged. */
  recall: number;
  /** Expected share of those flagged who churn. */
  precision: number;
  /** Precision over the base churn rate. */
  lift: number;
}

/**
 * What flagging the riskiest `share` of users is expected to give, from the test set's
 * cumulative-gains curve: recall = gains(share); precision = base rate × recall / share (the churners
 * caught over the users flagged). It assumes the scored population resembles the test set.
 */
export function budgetEstimate(
  gains: { x: number[]; y: number[] },
  positiveRate: number,
  share: number,
): BudgetEstimate {
  const recall = gainsAt(gains, share);
  const precision = share > 0 ? Math.min(1, (positiveRate * recall) / share) : 0;
  return { share, recall, precision, lift: positiveRate > 0 ? precision / positiveRate : 0 };
}

/** The share of users the model's own threshold flags on the test set: base rate × recall / precision. */
export function thresholdShare(m: ChurnMetrics): number {
  const { precision, recall } = m.test;
  return precision > 0 ? Math.min(1, (m.positiveRate * recall) / precision) : 0;
}

/** The one-sentence finding at the top of the results. */
export function finding(model: ChurnModel): string {
  const m = model.metrics;
  const { auc } = m.test;
  const quality =
    auc >= 0.9 ? 'excellent' : auc >= 0.8 ? 'good' : auc >= 0.7 ? 'fair' : auc >= 0.6 ? 'weak' : 'poor';
  const caught = gainsAt(m.curves.gains, 0.2);
  return (
    `${modelName(model.kind)} at ${cutoffOf(model)} ranks users by churn risk with a test AUC of ${fixed3(auc)} ` +
    `(${quality}): the riskiest 20% of users hold an expected ${pct(caught, 0)} of those who churn, ` +
    `against a base churn rate of ${pct(m.positiveRate)}.`
  );
}

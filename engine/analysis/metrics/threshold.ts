import { ClassificationInputError, requireBothClasses, type Labels, type Scores } from './binaryInput.ts';
import { confusionFromCounts, type Confusion } from './confusion.ts';
import { binaryCurve } from './curves.ts';

/**
 * How to pick the decision threshold (rows with score ≥ threshold are flagged):
 * - `f1`: the threshold of highest F1;
 * - `cost`: the lowest expected cost FP · falsePositiveCost + FN · falseNegativeCost (e.g. a wasted retention offer
 *   against a lost customer);
 * - `budget`: flag the top `share` of rows (a campaign that can reach 10% of users: share 0.1).
 */
export type ThresholdRule =
  | { readonly rule: 'f1' }
  | { readonly rule: 'cost'; readonly falsePositiveCost: number; readonly falseNegativeCost: number }
  | { readonly rule: 'budget'; readonly share: number };

/** The chosen threshold with the confusion it gives, and the rule's objective there. */
export interface ThresholdChoice extends Confusion {
  readonly rule: ThresholdRule['rule'];
  /** F1 for `f1`, the total cost for `cost`, the share flagged for `budget`. */
  readonly objective: number;
}

/**
 * Chooses a threshold on the training or validation scores by one of the {@link ThresholdRule}s. Candidates are the
 * distinct scores (a threshold between two of them flags the same rows); the cost rule also considers flagging no
 * one (threshold +∞). On ties of the objective the highest threshold (fewest rows flagged) wins. For `budget`, the
 * threshold is the score of the ⌈share · n⌉-th highest row; rows tied with it are flagged too, so the share flagged
 * may exceed the budget when scores tie.
 */
export function chooseThreshold(y: Labels, score: Scores, rule: ThresholdRule): ThresholdChoice {
  const curve = binaryCurve(y, score, 'chooseThreshold');
  const { positives, negatives, tps, fps, thresholds } = curve;
  const n = positives + negatives;
  requireBothClasses({ n, positives, negatives }, 'chooseThreshold');
  const m = thresholds.length;
  const at = (k: number): Confusion =>
    k < 0
      ? confusionFromCounts(Infinity, 0, 0, positives, negatives)
      : confusionFromCounts(
          thresholds[k] as number,
          tps[k] as number,
          fps[k] as number,
          positives,
          negatives,
        );
  switch (rule.rule) {
    case 'f1': {
      let best = 0;
      let bestF1 = -1;
      for (let k = 0; k < m; k++) {
        const tp = tps[k] as number;
        const f1 = (2 * tp) / (tp + (fps[k] as number) + positives);
        if (f1 > bestF1) {
          bestF1 = f1;
          best = k;
        }
      }
      const c = at(best);
      return { ...c, rule: 'f1', objective: c.f1 };
    }
    case 'cost': {
      const { falsePositiveCost: cfp, falseNegativeCost: cfn } = rule;
      if (!(cfp >= 0) || !(cfn >= 0) || !Number.isFinite(cfp) || !Number.isFinite(cfn)) {
        throw new ClassificationInputError('chooseThreshold: costs must be finite numbers ≥ 0');
      }
      let best = -1;
      let bestCost = positives * cfn;
      for (let k = 0; k < m; k++) {
        const cost = (fps[k] as number) * cfp + (positives - (tps[k] as number)) * cfn;
        if (cost < bestCost) {
          bestCost = cost;
          best = k;
        }
      }
      return { ...at(best), rule: 'cost', objective: bestCost };
    }
    case 'budget': {
      const { share } = rule;
      if (!(share > 0 && share <= 1)) {
        throw new ClassificationInputError(
          `chooseThreshold: the budget share must be in (0, 1], not ${share}`,
        );
      }
      const target = Math.max(1, Math.ceil(share * n - 1e-9));
      let k = 0;
      while ((tps[k] as number) + (fps[k] as number) < target) k++;
      const c = at(k);
      return { ...c, rule: 'budget', objective: c.flaggedShare };
    }
    default:
      throw new ClassificationInputError('chooseThreshold: unknown rule');
  }
}

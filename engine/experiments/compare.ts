import { betaBinomialSummary, normalSummary } from '../analysis/stats/bayes.ts';
import { cupedAdjust } from '../analysis/stats/cuped.ts';
import { compareRatios, ratioEstimate, relativeLift } from '../analysis/stats/delta.ts';
import { normalQuantile } from '../analysis/stats/distributions.ts';
import { meanAndVariance, meanInterval, welchTest, type Moments } from '../analysis/stats/means.ts';
import { adjustPValues, consistentAlpha, type Correction } from '../analysis/stats/multipleTesting.ts';
import { newcombeInterval, twoProportionZTest, wilsonInterval } from '../analysis/stats/proportions.ts';
import { confidenceSequence } from '../analysis/stats/sequential.ts';
import type { ComparisonWire, MetricResultWire } from '../api/experimentsContract.ts';
import type { ArmAggregate, MetricInfo, RatioSums, ValueSums } from './aggregate.ts';
import type { MetricColumn } from './unitSource.ts';
import { comparisonSentence } from './sentence.ts';

/**
 * One metric's statistics from its per-arm sufficient statistics: per-variant estimates with
 * intervals, and every variant against control. Under a multiple-comparison correction each
 * comparison's intervals use the alpha that agrees with its adjusted p-value.
 */
export interface CompareOptions {
  readonly control: string;
  readonly alpha: number;
  readonly correction: Correction;
  readonly sequential: boolean;
  readonly cuped: string | undefined;
}

type Variants = MetricResultWire['variants'];
/** What a comparison needs before its alpha is known. */
interface Pending {
  variant: string;
  p: number;
  build: (alphaUsed: number) => Estimate;
}

const momentsOf = (s: ValueSums): Moments => ({ n: s.n, sum: s.sum, sumSq: s.sumSq });

/** Moments that reproduce a given mean and variance (to run Welch on CUPED-adjusted arms). */
function momentsFrom(n: number, mean: number, variance: number): Moments {
  return { n, sum: n * mean, sumSq: (n - 1) * variance + n * mean * mean };
}

function normalCi(estimate: number, se: number, alpha: number): [number, number] {
  const z = normalQuantile(1 - alpha / 2);
  return [estimate - z * se, estimate + z * se];
}

export function compareMetric(
  metric: MetricColumn,
  info: MetricInfo,
  arms: readonly ArmAggregate[],
  index: number,
  o: CompareOptions,
): Omit<MetricResultWire, 'anova' | 'logit' | 'cells'> {
  const type = metric.ratio ? 'ratio' : info.binary ? 'binary' : 'continuous';
  const control = arms.find((a) => a.variant === o.control)!;
  const others = arms.filter((a) => a.variant !== o.control);
  let variants: Variants;
  let pending: Pending[];
  let cupedSummary: MetricResultWire['cuped'];

  if (metric.ratio) {
    const sums = (a: ArmAggregate) => a.values[index] as RatioSums;
    variants = arms.map((a) => {
      const r = ratioEstimate(sums(a));
      const se = Math.sqrt(r.variance);
      return {
        name: a.variant,
        n: sums(a).n,
        mean: r.ratio,
        ci: normalCi(r.ratio, se, o.alpha),
        sd: se * Math.sqrt(sums(a).n),
      };
    });
    pending = others.map((a) => {
      const first = compareRatios(sums(a), sums(control), o.alpha);
      return {
        variant: a.variant,
        p: first.p,
        build: (alphaUsed) => {
          const c = compareRatios(sums(a), sums(control), alphaUsed);
          return {
            diff: c.diff,
            diffCi: c.ci,
            lift: c.lift,
            liftCi: c.liftCi,
            p: c.p,
            test: 'delta-method z-test (ratio)',
            statistic: c.z,
            df: null,
            bayes: normal(c.diff, c.se),
            se: c.se,
            nTotal: sums(a).n + sums(control).n,
          };
        },
      };
    });
  } else {
    const sums = (a: ArmAggregate) => a.values[index] as ValueSums;
    variants = arms.map((a) => {
      const s = sums(a);
      if (type === 'binary')
        return {
          name: a.variant,
          n: s.n,
          mean: s.sum / s.n,
          ci: wilsonInterval({ x: s.sum, n: s.n }, o.alpha),
          sd: Math.sqrt((s.sum / s.n) * (1 - s.sum / s.n)),
          successes: Math.round(s.sum),
        };
      const m = meanInterval(momentsOf(s), o.alpha);
      return { name: a.variant, n: s.n, mean: m.mean, ci: m.ci, sd: m.sd };
    });
    if (o.cuped !== undefined) {
      const adjusted = cupedAdjust(
        arms.map((a) => {
          const s = sums(a);
          return { n: s.n, sumY: s.sum, sumYY: s.sumSq, sumX: s.sumX, sumXX: s.sumXX, sumXY: s.sumXY };
        }),
      );
      cupedSummary = {
        covariate: o.cuped,
        theta: adjusted.theta,
        variance_reduction: adjusted.varianceReduction,
      };
      const adj = new Map(arms.map((a, k) => [a.variant, adjusted.arms[k]!]));
      const moments = (a: ArmAggregate) => {
        const x = adj.get(a.variant)!;
        return momentsFrom(x.n, x.mean, x.varMean * x.n);
      };
      // The table shows the adjusted means the comparisons use, with the unadjusted beside them.
      variants = variants.map((v) => {
        const a = adj.get(v.name)!;
        const m = meanInterval(momentsFrom(a.n, a.mean, a.varMean * a.n), o.alpha);
        return { ...v, mean: a.mean, ci: m.ci, sd: m.sd, raw_mean: v.mean };
      });
      pending = others.map((a) =>
        welchPending(a.variant, moments(a), moments(control), o, 'Welch t-test (CUPED-adjusted)'),
      );
    } else if (type === 'binary') {
      pending = others.map((a) => {
        const t = { x: sums(a).sum, n: sums(a).n };
        const c = { x: sums(control).sum, n: sums(control).n };
        const z = twoProportionZTest(t, c);
        const pT = t.x / t.n;
        const pC = c.x / c.n;
        return {
          variant: a.variant,
          p: z.p,
          build: (alphaUsed) => {
            // The delta method needs a variance in both arms: at a rate of 0 or 1 it would give a
            // zero-width interval, so the lift is reported without one.
            const estimable = pC > 0 && pC < 1 && pT > 0 && pT < 1;
            const lift = estimable
              ? relativeLift(pT, (pT * (1 - pT)) / t.n, pC, (pC * (1 - pC)) / c.n, alphaUsed)
              : null;
            const b = betaBinomialSummary(t, c);
            const se = Math.sqrt((pT * (1 - pT)) / t.n + (pC * (1 - pC)) / c.n);
            return {
              diff: pT - pC,
              diffCi: newcombeInterval(t, c, alphaUsed),
              lift: lift?.lift ?? (pC > 0 ? pT / pC - 1 : null),
              liftCi: lift?.ci ?? null,
              p: z.p,
              test: 'two-proportion z-test (pooled)',
              statistic: z.z,
              df: null,
              bayes: {
                model: 'beta-binomial',
                chance_to_beat_control: b.chanceToBeatControl,
                expected_loss: b.expectedLoss.treatment,
                expected_loss_control: b.expectedLoss.control,
              },
              se,
              nTotal: t.n + c.n,
            };
          },
        };
      });
    } else {
      pending = others.map((a) =>
        welchPending(a.variant, momentsOf(sums(a)), momentsOf(sums(control)), o, 'Welch t-test'),
      );
    }
  }

  const adjusted = adjustPValues(
    pending.map((c) => c.p),
    o.correction,
  );
  const comparisons = pending.map((c, k): ComparisonWire => {
    const pAdj = adjusted[k] ?? c.p;
    const alphaUsed = o.correction === 'none' ? o.alpha : consistentAlpha(o.alpha, c.p, pAdj);
    const built = toWire(c.variant, c.build(alphaUsed), alphaUsed, o);
    const significant = (o.correction === 'none' ? c.p : pAdj) < o.alpha;
    const full = {
      ...built,
      ...(o.correction === 'none' ? {} : { p_adjusted: pAdj }),
      significant,
      sentence: '',
    };
    return {
      ...full,
      sentence: comparisonSentence(full, {
        label: metric.label,
        type,
        alpha: o.alpha,
        correction: o.correction,
      }),
    };
  });
  return {
    metric: metric.spec,
    type,
    variants,
    comparisons,
    ...(cupedSummary ? { cuped: cupedSummary } : {}),
    ...(info.winsor ? { winsorized: info.winsor } : {}),
    missing: info.missing,
  };
}

function normal(diff: number, se: number): ComparisonWire['bayes'] {
  // Two constant arms: no uncertainty left, so the posterior is a point mass.
  if (!(se > 0)) {
    const chance = diff > 0 ? 1 : diff < 0 ? 0 : 0.5;
    return {
      model: 'normal',
      chance_to_beat_control: chance,
      expected_loss: Math.max(-diff, 0),
      expected_loss_control: Math.max(diff, 0),
    };
  }
  const s = normalSummary(diff, se);
  return {
    model: 'normal',
    chance_to_beat_control: s.chanceToBeatControl,
    expected_loss: s.expectedLoss.treatment,
    expected_loss_control: s.expectedLoss.control,
  };
}

function welchPending(variant: string, t: Moments, c: Moments, o: CompareOptions, test: string): Pending {
  const first = welchTest(t, c, o.alpha);
  return {
    variant,
    p: first.p,
    build: (alphaUsed) => {
      const w = welchTest(t, c, alphaUsed);
      const mt = meanAndVariance(t);
      const mc = meanAndVariance(c);
      const lift =
        mc.mean !== 0
          ? relativeLift(mt.mean, mt.variance / t.n, mc.mean, mc.variance / c.n, alphaUsed)
          : null;
      return {
        diff: w.diff,
        diffCi: w.ci,
        lift: lift?.lift ?? null,
        liftCi: lift?.ci ?? null,
        p: w.p,
        test,
        statistic: w.t,
        df: w.df,
        bayes: normal(w.diff, w.se),
        se: w.se,
        nTotal: t.n + c.n,
      };
    },
  };
}

/** A comparison's figures at one alpha, before the wording. */
interface Estimate {
  readonly diff: number;
  readonly diffCi: [number, number];
  readonly lift: number | null;
  readonly liftCi: [number, number] | null;
  readonly p: number;
  readonly test: string;
  readonly statistic: number;
  readonly df: number | null;
  readonly bayes: ComparisonWire['bayes'];
  /** Standard error of the difference and units in both arms, for the confidence sequence. */
  readonly se: number;
  readonly nTotal: number;
}

function toWire(
  variant: string,
  e: Estimate,
  alphaUsed: number,
  o: CompareOptions,
): Omit<ComparisonWire, 'p_adjusted' | 'significant' | 'sentence'> {
  return {
    variant,
    control: o.control,
    diff: e.diff,
    diff_ci: e.diffCi,
    rel_lift: e.lift,
    rel_lift_ci: e.liftCi,
    p: e.p,
    test: e.test,
    statistic: e.statistic,
    df: e.df,
    alpha_used: alphaUsed,
    bayes: e.bayes,
    ...(o.sequential ? { sequential_ci: confidenceSequence(e.diff, e.se, e.nTotal, alphaUsed).ci } : {}),
  };
}

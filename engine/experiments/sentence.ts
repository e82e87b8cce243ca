import type { ComparisonWire } from '../api/experimentsContract.ts';

/**
 * The plain-language reading of a comparison, worded so it never says more than the test does:
 * "gate_40 lowered 7-day retention by 0.82 pp (95% CI −1.33 to −0.31 pp), p = 0.0016", or, when
 * the interval includes zero, "no detectable difference" with the same figures.
 */

const MINUS = '\u2212';

/** p-values with two significant digits, and "p < 0.001" below that. */
export function formatP(p: number, name = 'p'): string {
  if (!Number.isFinite(p)) return `${name} = n/a`;
  if (p < 0.001) return `${name} < 0.001`;
  return `${name} = ${p.toPrecision(2)}`;
}

function signed(text: string, value: number): string {
  return value < 0 ? `${MINUS}${text}` : text;
}

/** A difference: percentage points for rates, three significant digits (at least 2 decimals below 100) otherwise. */
export function formatAmount(value: number, type: string): string {
  const a = Math.abs(value);
  if (type === 'binary') return signed(`${(a * 100).toFixed(2)} pp`, value);
  const text = a >= 100 ? a.toFixed(1) : a >= 1 ? a.toFixed(2) : Number(a.toPrecision(3)).toString();
  return signed(text, value);
}

/** A difference with its sign always shown (+5.28 pp, −0.82 pp). */
function withSign(value: number, type: string): string {
  const text = formatAmount(value, type);
  return value > 0 ? `+${text}` : text;
}

function level(alphaUsed: number): string {
  return `${Number(((1 - alphaUsed) * 100).toPrecision(4))}% CI`;
}

export function comparisonSentence(
  c: Omit<ComparisonWire, 'sentence'>,
  m: { label: string; type: string; alpha: number; correction: string },
): string {
  const ci = `(${level(c.alpha_used)} ${formatAmount(c.diff_ci[0], m.type).replace(' pp', '')} to ${formatAmount(c.diff_ci[1], m.type)})`;
  const adjusted =
    c.p_adjusted === undefined
      ? formatP(c.p)
      : `${formatP(c.p)}, ${formatP(c.p_adjusted, m.correction === 'holm' ? 'Holm-adjusted p' : 'BH-adjusted p')}`;
  if (c.significant) {
    const verb = c.diff > 0 ? 'raised' : 'lowered';
    const sentence = `${c.variant} ${verb} ${m.label} by ${formatAmount(Math.abs(c.diff), m.type)} ${ci}, ${adjusted}`;
    // The score interval and the pooled z-test are different approximations; in small samples
    // they can disagree, and then the evidence is borderline rather than clear.
    const includesZero = c.diff_ci[0] <= 0 && c.diff_ci[1] >= 0;
    return includesZero
      ? `${sentence}; but the interval includes no change, so the evidence is borderline`
      : sentence;
  }
  return `${c.variant} made no detectable difference to ${m.label} at α = ${m.alpha}: ${withSign(c.diff, m.type)} ${ci}, ${adjusted}`;
}

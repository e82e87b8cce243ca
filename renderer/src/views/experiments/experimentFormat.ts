import { palette } from '../../charts/Plot.tsx';
import { withMinus } from '../../format.ts';
import type { MetricType } from './experimentsApi.ts';

const sig3 = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 3 });
const fixed2 = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const fixed1 = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** A value in the metric's own units, to the precision it supports: 1234.5 → "1,234.5", 0.0345 → "0.0345". */
export function amount(v: number): string {
  if (!Number.isFinite(v)) return '—';
  const a = Math.abs(v);
  const text = a >= 100 ? fixed1.format(v) : a >= 1 ? fixed2.format(v) : sig3.format(v);
  return withMinus(text);
}

/** A share as a percentage with two decimals: 0.19018 → "19.02%". */
export const percent = (share: number, digits = 2): string =>
  Number.isFinite(share) ? withMinus(`${(share * 100).toFixed(digits)}%`) : '—';

/** A signed text: "+0.82", "−0.82" (zero unsigned). */
const signed = (text: string, v: number) => (v > 0 ? `+${text}` : withMinus(text));

/** A variant's mean: a rate in % for a binary metric, else the metric's units. */
export const level = (v: number, type: MetricType): string => (type === 'binary' ? percent(v) : amount(v));

/** A difference from control: percentage points for a binary metric, else the metric's units. */
export function difference(v: number, type: MetricType): string {
  if (!Number.isFinite(v)) return '—';
  return type === 'binary' ? `${signed((v * 100).toFixed(2), v)} pp` : signed(amount(v), v);
}

/** A relative lift (a share of the control's mean) in %: 0.043 → "+4.3%". */
export const lift = (v: number): string => (Number.isFinite(v) ? signed(`${(v * 100).toFixed(1)}%`, v) : '—');

/** An interval in the estimate's units, without repeating them: [−0.0133, −0.0031] → "−1.33 to −0.31". */
export function interval([lo, hi]: readonly [number, number], fmt: (v: number) => string): string {
  const strip = (s: string) => s.replace(/^\+/, '').replace(/ pp$/, '');
  return `${strip(fmt(lo))} to ${strip(fmt(hi))}`;
}

/** The confidence level an alpha gives: 0.05 → "95%", 0.0167 → "98.3%". */
export const confidence = (alpha: number): string => `${Number(((1 - alpha) * 100).toFixed(1))}%`;

/** A statistic or a coefficient: three significant digits. */
export const stat = (v: number | null): string =>
  v === null || !Number.isFinite(v) ? '—' : withMinus(sig3.format(v));

/** The metric's kind in words. */
export const typeName: Record<MetricType, string> = {
  binary: 'rate (binary)',
  continuous: 'mean (continuous)',
  ratio: 'ratio of sums',
};

/** A safe piece of a test id or a file name from a metric spec: "conversion:Order Completed:7" → "conversion-order-completed-7". */
export const slug = (s: string): string =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** Okabe–Ito without its grey, for the treatments; the control is always grey. */
const treatmentColours = palette.slice(0, 7);
export const controlColour = palette[7] ?? '#999999';

/** Each variant's colour, the same in every chart of an analysis: control grey, the others in order. */
export function variantColours(names: string[], control: string): Map<string, string> {
  const colours = new Map<string, string>();
  let i = 0;
  for (const name of names)
    colours.set(
      name,
      name === control ? controlColour : (treatmentColours[i++ % treatmentColours.length] ?? controlColour),
    );
  return colours;
}

/** A table cell holding a number: right-aligned, on one line, digits of equal width. */
export const numCell = {
  ta: 'right',
  style: { whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' },
} as const;

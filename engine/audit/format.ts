/** Number and date wording shared by the audit messages (fixed en-US, so messages are reproducible). */

const counts = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/** `1234567` → `1,234,567`; fractions keep at most two decimals. */
export function formatCount(n: number): string {
  return counts.format(n);
}

/** `3, 'event'` → `3 events`; `1, 'event'` → `1 event`. */
export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatCount(n)} ${n === 1 ? singular : pluralForm}`;
}

/** `part / whole`, or 0 when there is nothing to divide. */
export function shareOf(part: number, whole: number): number {
  return whole > 0 ? part / whole : 0;
}

/**
 * A share 0..1 as a percentage with at most two decimals: `0.0001` → `0.01%`, `0.5` → `50%`.
 * Non-zero shares too small to show read `<0.01%`, and shares just under 1 read `>99.99%`.
 */
export function formatShare(share: number): string {
  const percent = Number((share * 100).toFixed(2));
  if (share > 0 && percent === 0) return '<0.01%';
  if (share < 1 && percent === 100) return '>99.99%';
  return `${percent}%`;
}

/** ISO 8601 in UTC without zero milliseconds: `2026-11-24T12:00:00Z`. */
export function formatInstant(date: Date): string {
  return date.toISOString().replace('.000Z', 'Z');
}

/** Joins at most `max` items with `, ` and says how many more there are. */
export function listSome(items: readonly string[], max = 5): string {
  const shown = items.slice(0, max).join(', ');
  return items.length > max ? `${shown} and ${formatCount(items.length - max)} more` : shown;
}

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** A count with thousands separators: 5000000 → "5,000,000". */
export const count = (n: number): string => integer.format(n);

/** Seconds in human units: 0.0123 → "12 ms", 3.2 → "3.2 s". */
export function duration(seconds: number): string {
  if (seconds < 1) return `${Math.max(1, Math.round(seconds * 1000))} ms`;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}

/** A grid cell as text: null as NULL, objects as JSON. */
export function cell(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  return JSON.stringify(value) ?? '';
}

/** An ISO timestamp as a short UTC date-time. */
export const when = (iso: string | null): string => (iso ? iso.replace('T', ' ').slice(0, 16) + ' UTC' : '—');

/** A byte count in human units: 1536 → "1.5 KB". */
export function bytes(n: number): string {
  if (n < 1000) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = n;
  let unit = -1;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

/** The last part of a path, for either separator. */
export const baseName = (path: string): string => path.split(/[\\/]/).filter(Boolean).pop() ?? path;

/** A p-value as UX.md asks: two significant digits, "< 0.001" below that (0.00163 → "0.0016"). */
export function pValue(p: number): string {
  if (!Number.isFinite(p)) return '—';
  return p < 0.001 ? '< 0.001' : Math.min(p, 1).toPrecision(2);
}

/** A p-value as a phrase: "p = 0.0016", "p < 0.001". */
export const pPhrase = (p: number): string => (p < 0.001 ? 'p < 0.001' : `p = ${pValue(p)}`);

/** A number's text with a true minus sign (U+2212), as the results print it: "-0.82" → "−0.82". */
export const withMinus = (text: string): string => text.replace(/^-/, '\u2212');

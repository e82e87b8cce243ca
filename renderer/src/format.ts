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

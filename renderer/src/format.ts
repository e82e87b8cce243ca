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

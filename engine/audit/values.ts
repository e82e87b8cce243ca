import type { Json } from '@duckdb/node-api';
import type { Row } from '../store/Workspace.ts';

/** A numeric cell as a number: null (e.g. an aggregate over no rows) reads 0; big integers arrive as strings. */
export function num(value: Json | undefined): number {
  const n = numOrNull(value);
  return n ?? 0;
}

/** A numeric cell as a number, or null when the cell is null or not numeric. */
export function numOrNull(value: Json | undefined): number | null {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isNaN(n) ? null : n;
  }
  return null;
}

/** A text cell as a string, or null. */
export function text(value: Json | undefined): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** A list cell as an array (empty when null). */
export function list(value: Json | undefined): Json[] {
  return Array.isArray(value) ? value : [];
}

/** The first row of a result, or an empty row. */
export function firstRow(rows: readonly Row[]): Row {
  return rows[0] ?? {};
}

import { DuckDBTypeId, type DuckDBType } from '@duckdb/node-api';
import type { Json } from '@duckdb/node-api';

/**
 * Converts DuckDB values (already in DuckDB's JSON form) to JSON-safe values at the edge:
 * integers become numbers while they are exact, else strings; timestamps become ISO 8601 in UTC.
 */
export function jsonSafeValue(value: Json, type: DuckDBType): Json {
  if (value === null) return null;
  switch (type.typeId) {
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UHUGEINT:
    case DuckDBTypeId.DECIMAL: {
      if (typeof value !== 'string') return value;
      const n = Number(value);
      const exact = type.typeId === DuckDBTypeId.DECIMAL ? Number.isFinite(n) : Number.isSafeInteger(n);
      return exact ? n : value;
    }
    case DuckDBTypeId.TIMESTAMP_TZ:
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_NS:
      return typeof value === 'string' ? isoTimestamp(value) : value;
    default:
      return value;
  }
}

/** `2024-01-02 03:04:05.678+00` → `2024-01-02T03:04:05.678Z` (session time zone is UTC). */
export function isoTimestamp(text: string): string {
  const m = /^(-?\d{4,}-\d\d-\d\d) (\d\d:\d\d:\d\d(?:\.\d+)?)(?:\+00(?::00)?)?$/.exec(text);
  return m ? `${m[1]}T${m[2]}Z` : text;
}

/** A row value as text: strings as they are, other values as JSON. */
export function asText(value: Json | undefined): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

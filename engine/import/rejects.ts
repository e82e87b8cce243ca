import { asText } from '../store/jsonSafe.ts';
import { ImportError } from './errors.ts';
import type { Workspace } from '../store/Workspace.ts';
import { ident } from '../store/sql.ts';
import type { EventExprs } from './shapes.ts';
import type { Source } from './source.ts';

/** One rejected row: where it is in the file, which column, why, and its text. */
export interface Reject {
  readonly line: number;
  readonly column: string | null;
  readonly reason: string;
  readonly raw: string | null;
}

export interface ReaderRejects {
  readonly count: number;
  readonly first: Reject[];
  readonly invalidUnicode: boolean;
  readonly castColumns: string[];
  readonly longLines: boolean;
}

export const noReaderRejects: ReaderRejects = {
  count: 0,
  first: [],
  invalidUnicode: false,
  castColumns: [],
  longLines: false,
};

/** Turns a row number of a read into a file line: after the header, and past the lines the reader skipped. */
export function lineOf(rowNumber: number, linesBeforeData: number, skippedLines: readonly number[]): number {
  let line = rowNumber + linesBeforeData;
  for (const s of [...skippedLines].sort((a, b) => a - b)) if (s <= line) line++;
  return line;
}

/** The error for an import with more bad rows than allowed: the first one, where it is, and how many. */
export function tooManyRejects(file: string, rejected: number, first: Reject | undefined): ImportError {
  const more =
    rejected > 1
      ? ` (${rejected.toLocaleString('en-US')} bad rows in all; allow them with --max-rejects N)`
      : '';
  return new ImportError(
    file,
    `${first?.reason ?? 'rejected row'}${more}`,
    first?.line,
    first?.column ?? undefined,
  );
}

/** CSV rows DuckDB's reader could not split or decode (too many columns, bad quotes, bad bytes). */
export async function readerRejects(
  ws: Workspace,
  table: string,
  limit: number,
): Promise<{
  count: number;
  first: Reject[];
  invalidUnicode: boolean;
  castColumns: string[];
  longLines: boolean;
}> {
  const exists = await ws.value(
    `SELECT count(*) FROM duckdb_tables() WHERE table_name = '${table}' AND temporary`,
  );
  if (!exists) return noReaderRejects;
  const summary = await ws.rows(
    `SELECT count(*) AS n, bool_or(error_type = 'INVALID ENCODING') AS unicode,
            bool_or(error_type = 'LINE SIZE OVER MAXIMUM') AS long_lines,
            list(DISTINCT column_name) FILTER (error_type = 'CAST') AS cast_columns FROM ${ident(table)}`,
  );
  const rows = await ws.rows(
    `SELECT line, column_name, error_type, error_message, csv_line FROM ${ident(table)} ORDER BY line LIMIT ${limit}`,
  );
  return {
    count: Number(summary[0]?.n ?? 0),
    invalidUnicode: summary[0]?.unicode === true,
    longLines: summary[0]?.long_lines === true,
    castColumns: ((summary[0]?.cast_columns as string[] | null) ?? []).filter(Boolean),
    first: rows.map((r) => ({
      line: Number(r.line),
      column:
        r.error_type === 'CAST' || r.error_type === 'INVALID ENCODING'
          ? (r.column_name as string | null)
          : null,
      reason: readerReason(asText(r.error_type), asText(r.error_message)),
      raw: (r.csv_line as string | null) ?? null,
    })),
  };
}

function readerReason(type: string, message: string): string {
  switch (type) {
    case 'TOO MANY COLUMNS':
      return 'too many columns for the header (wrong delimiter or an unquoted comma?)';
    case 'MISSING COLUMNS':
      return 'too few columns for the header';
    case 'UNQUOTED VALUE':
      return 'badly quoted value';
    case 'LINE SIZE OVER MAXIMUM':
      return 'line longer than 64 MiB';
    case 'INVALID ENCODING':
      return 'invalid UTF-8 bytes';
    default:
      return message.replace(/^Error when converting column "[^"]*"\.\s*/, '');
  }
}

/** SQL condition that a canonical row (named as in `events`) cannot be imported. */
export const invalidEvent =
  '(user_id IS NULL AND anonymous_id IS NULL) OR event IS NULL OR ts IS NULL OR coalesce(isnan(revenue), false)';

/**
 * Finds the rows the canonical mapping rejects, in file order, reading the file again with row
 * numbers (only done when there are rejects). Row numbers become line numbers by adding the header
 * and the lines the reader itself rejected before them; a quoted field spanning lines shifts later
 * numbers, as in any line-based count.
 */
export async function locateEventRejects(
  ws: Workspace,
  source: Source,
  from: string,
  e: EventExprs,
  limit: number,
  readerRejectLines: readonly number[],
  malformedJson: boolean,
): Promise<Reject[]> {
  const allNull = source.columns.map((c) => `${ident(c.name)} IS NULL`).join(' AND ') || 'false';
  const rows = await ws.rows(
    `SELECT rn, reason, field, raw FROM (
       SELECT row_number() OVER () AS rn,
         ${e.userId} AS user_id, ${e.anonymousId} AS anonymous_id, ${e.event} AS event, ${e.ts} AS ts,
         ${e.revenue} AS revenue, ${e.tsText} AS ts_text, ${e.revenueText} AS revenue_text,
         ${malformedJson ? `(${allNull})` : 'false'} AS malformed,
         CAST(to_json(src) AS VARCHAR) AS raw
       FROM ${from} AS src)
     CROSS JOIN LATERAL (SELECT
       CASE WHEN malformed THEN 'malformed JSON (the line does not parse)'
            WHEN user_id IS NULL AND anonymous_id IS NULL THEN 'missing user id'
            WHEN event IS NULL THEN 'missing event name'
            WHEN ts IS NULL AND ts_text IS NULL THEN 'missing timestamp'
            WHEN ts IS NULL THEN 'unparseable timestamp "' || ts_text || '"'
            ELSE 'revenue is not a number: "' || revenue_text || '"' END AS reason,
       CASE WHEN malformed THEN NULL WHEN user_id IS NULL AND anonymous_id IS NULL THEN 'user_id'
            WHEN event IS NULL THEN 'event' WHEN ts IS NULL THEN 'ts' ELSE 'revenue' END AS field)
     WHERE ${invalidEvent} OR malformed
     ORDER BY rn LIMIT ${limit}`,
  );
  return rows.map((r) => {
    const line = lineOf(Number(r.rn), source.linesBeforeData, readerRejectLines);
    const field = r.field as 'user_id' | 'event' | 'ts' | 'revenue' | null;
    return {
      line,
      column: field ? (e.columnOf[field] ?? field) : null,
      reason: asText(r.reason),
      raw: (r.raw as string | null) ?? null,
    };
  });
}

/** Stores rejects of import `importId` in `import_rejects`. */
export async function storeRejects(
  ws: Workspace,
  importId: number,
  rejects: readonly Reject[],
): Promise<void> {
  for (let start = 0; start < rejects.length; start += 500) {
    const chunk = rejects.slice(start, start + 500);
    const values = chunk.map((_, i) => `(${importId}, $l${i}, $c${i}, $r${i}, $w${i})`).join(', ');
    const params: Record<string, string | number | null> = {};
    chunk.forEach((r, i) => {
      params[`l${i}`] = r.line;
      params[`c${i}`] = r.column;
      params[`r${i}`] = r.reason;
      params[`w${i}`] = r.raw === null ? null : r.raw.slice(0, 10_000);
    });
    await ws.run(`INSERT INTO import_rejects VALUES ${values}`, params);
  }
}

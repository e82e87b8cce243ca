import type { AuditContext } from './context.ts';
import { formatShare, listSome, shareOf } from './format.ts';
import type { Finding } from './types.ts';
import { firstRow, num } from './values.ts';

/** A canonical events column, what counts as missing in it, and which analyses depend on it. */
interface ColumnRule {
  readonly column: string;
  /** SQL condition (alias `e`) true when the value is missing. */
  readonly missing: string;
  /** Analyses that need the column; a share missing above `warnAbove` warns. */
  readonly neededBy?: string;
  readonly warnAbove?: number;
}

/** Above this share missing, a column is "mostly missing". */
export const MOSTLY_MISSING = 0.5;

const columns: readonly ColumnRule[] = [
  {
    column: 'user_id',
    missing: `e.user_id IS NULL OR e.user_id = ''`,
    neededBy: 'per-user analyses that join profiles (segments, churn, experiments)',
    warnAbove: MOSTLY_MISSING,
  },
  { column: 'anonymous_id', missing: `e.anonymous_id IS NULL OR e.anonymous_id = ''` },
  // Most exports carry no session id: sessions are then derived by the 30-minute inactivity rule,
  // so a missing session_id is information, not a problem.
  { column: 'session_id', missing: `e.session_id IS NULL OR e.session_id = ''` },
  {
    column: 'properties',
    missing: `e.properties IS NULL OR CAST(e.properties AS VARCHAR) IN ('null', '{}')`,
  },
  // Empty on most rows by nature: only purchases carry revenue.
  { column: 'revenue', missing: `e.revenue IS NULL` },
  { column: 'event', missing: `e.event IS NULL OR e.event = ''`, neededBy: 'every analysis', warnAbove: 0 },
  { column: 'ts', missing: `e.ts IS NULL`, neededBy: 'every analysis', warnAbove: 0 },
];

/** Share missing per column, as in `details.columns`. */
export interface ColumnMissing {
  column: string;
  missing: number;
  share: number;
  neededBy: string | null;
  flagged: boolean;
}

/**
 * `missing_values`: per canonical column, how many events lack a value (NULL or empty string; for
 * properties also JSON `null` and `{}`). Warns when a column an analysis needs is missing on more than
 * half of the events (user_id), or when event or ts is missing at all. Value: the number of
 * flagged columns. Rows with neither user_id nor anonymous_id are counted in `details.withoutAnyId`.
 */
export async function missingValuesCheck({ ws, scope, totals }: AuditContext): Promise<Finding> {
  const filters = columns.map((c, i) => `count(*) FILTER (WHERE ${c.missing}) AS c${i}`).join(', ');
  const row = firstRow(
    await ws.rows(`
      SELECT ${filters},
             count(*) FILTER (WHERE coalesce(nullif(e.user_id, ''), nullif(e.anonymous_id, '')) IS NULL) AS without_id
      FROM ${scope.events} AS e`),
  );
  const measured: ColumnMissing[] = columns.map((c, i) => {
    const missing = num(row[`c${i}`]);
    const share = shareOf(missing, totals.rows);
    const flagged = totals.rows > 0 && c.warnAbove !== undefined && missing > 0 && share > c.warnAbove;
    return { column: c.column, missing, share, neededBy: c.neededBy ?? null, flagged };
  });
  const withoutAnyId = num(row.without_id);
  const details = { rows: totals.rows, withoutAnyId, columns: measured };
  if (totals.rows === 0) {
    return {
      id: 'missing_values',
      severity: 'info',
      value: 0,
      message: 'No events, so no missing values',
      hint: 'Import events to measure how complete each column is.',
      details,
    };
  }
  const flagged = measured.filter((c) => c.flagged);
  const shares = measured.map((c) => `${c.column} ${formatShare(c.share)}`).join(', ');
  const message =
    flagged.length === 0
      ? `No needed column is mostly missing (missing: ${shares})`
      : `${flagged.length} needed ${flagged.length === 1 ? 'column is' : 'columns are'} ` +
        `missing too often: ${listSome(flagged.map((c) => `${c.column} ${formatShare(c.share)}`))} (missing: ${shares})`;
  return {
    id: 'missing_values',
    severity: flagged.length > 0 ? 'warning' : 'info',
    value: flagged.length,
    message,
    hint:
      flagged.length > 0
        ? `Check the column mapping of the import: ${flagged.map((c) => `${c.column} is needed by ${c.neededBy ?? 'analyses'}`).join('; ')}.`
        : 'revenue is expected to be empty except on purchase events; anonymous_id and properties are optional.',
    details,
  };
}

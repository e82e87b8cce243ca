import { ACTOR, type AuditContext } from './context.ts';
import { formatCount, formatShare, listSome, plural, shareOf } from './format.ts';
import type { Finding, Severity } from './types.ts';
import { firstRow, num, numOrNull, text } from './values.ts';

/** From this share of events, exact duplicates left in `events` warn. */
export const DUPLICATE_WARN_SHARE = 0.01;
/** From this share of rows read, rejects are an error rather than a warning. */
export const REJECT_ERROR_SHARE = 0.1;

/**
 * `duplicate_rate`: two measurements. (1) Rows the imports in scope skipped as duplicates
 * (`imports.duplicates_skipped` over `rows_in`, events imports only, i.e. `target` other than
 * 'users'). (2) Exact duplicates still in `events`: rows beyond the first of each group with the same
 * user (user_id, else anonymous_id), event name and ts. Value: the share of events that are such
 * extra copies (0..1); details: `skipped`, `rowsIn`, `skippedShare`, `remaining`, `remainingGroups`.
 * Warns from 1% remaining: counts, funnels and conversion rates are inflated by that much.
 */
export async function duplicateRateCheck({ ws, scope, totals }: AuditContext): Promise<Finding> {
  const imports = firstRow(
    await ws.rows(`SELECT sum(i.rows_in) AS rows_in, sum(i.duplicates_skipped) AS skipped
                   FROM imports AS i WHERE ${scope.where('i')} AND i.target IS DISTINCT FROM 'users'`),
  );
  const rowsIn = numOrNull(imports.rows_in);
  const skipped = num(imports.skipped);
  const skippedShare = rowsIn === null ? null : shareOf(skipped, rowsIn);
  const dup = firstRow(
    await ws.rows(`
      SELECT count(*) AS groups, sum(n - 1) AS extra
      FROM (SELECT count(*) AS n FROM ${scope.events} AS e GROUP BY ${ACTOR}, e.event, e.ts HAVING count(*) > 1)`),
  );
  const remaining = num(dup.extra);
  const remainingGroups = num(dup.groups);
  const remainingShare = shareOf(remaining, totals.rows);
  const skippedText =
    rowsIn === null
      ? 'no import counters in scope'
      : `imports skipped ${plural(skipped, 'duplicate row')} of ${formatCount(rowsIn)} read (${formatShare(skippedShare ?? 0)})`;
  const warn = remainingShare >= DUPLICATE_WARN_SHARE;
  return {
    id: 'duplicate_rate',
    severity: warn ? 'warning' : 'info',
    value: remainingShare,
    message:
      `${plural(remaining, 'event')} (${formatShare(remainingShare)}) repeat another event's user, name and timestamp; ` +
      skippedText,
    hint: warn
      ? 'Exact repeats usually come from overlapping exports or an SDK retrying; give events a unique event_id so imports can drop them, or re-import with deduplication on.'
      : 'Duplicates dropped at import are already out of the analyses; a high import rate suggests overlapping export files.',
    details: { skipped, rowsIn, skippedShare, remaining, remainingGroups, remainingShare },
  };
}

/** One reject reason and how often it occurred. */
export interface RejectReason {
  column: string | null;
  reason: string;
  count: number;
}

/**
 * `rejects`: rows the imports in scope refused. Value: rows rejected, from `imports.rows_rejected`
 * (or the number of `import_rejects` records when no import counter is there); details: `rowsIn`,
 * `share` of rows read, `records` in import_rejects and the five `topReasons` (by column and reason).
 * Warning when any row was rejected, error from 10% of rows read.
 */
export async function rejectsCheck({ ws, scope }: AuditContext): Promise<Finding> {
  const counters = firstRow(
    await ws.rows(`SELECT sum(i.rows_rejected) AS rejected, sum(i.rows_in) AS rows_in
                   FROM imports AS i WHERE ${scope.where('i')}`),
  );
  const records = num(await ws.value(`SELECT count(*) FROM import_rejects AS r WHERE ${scope.where('r')}`));
  const topReasons: RejectReason[] = (
    await ws.rows(`
      SELECT r.column_name AS column, r.reason, count(*) AS n
      FROM import_rejects AS r WHERE ${scope.where('r')}
      GROUP BY ALL ORDER BY n DESC, r.reason, r.column_name LIMIT 5`)
  ).map((r) => ({ column: text(r.column), reason: text(r.reason) ?? '', count: num(r.n) }));
  const rejected = numOrNull(counters.rejected) ?? records;
  const rowsIn = numOrNull(counters.rows_in);
  const share = rowsIn === null ? null : shareOf(rejected, rowsIn);
  let severity: Severity = 'info';
  if (rejected > 0) severity = share !== null && share >= REJECT_ERROR_SHARE ? 'error' : 'warning';
  const of = rowsIn === null ? '' : ` (${formatShare(share ?? 0)} of ${formatCount(rowsIn)} read)`;
  const reasons = topReasons.map(
    (r) => `${r.column === null ? '' : `${r.column}: `}${r.reason} (${formatCount(r.count)})`,
  );
  return {
    id: 'rejects',
    severity,
    value: rejected,
    message:
      rejected === 0
        ? `No rows were rejected${of}`
        : `${plural(rejected, 'row')}${of} ${rejected === 1 ? 'was' : 'were'} rejected` +
          (reasons.length > 0 ? `; top reasons: ${listSome(reasons)}` : ''),
    hint:
      rejected === 0
        ? 'Every row read was imported or skipped as a duplicate.'
        : 'Rejected rows are in no analysis: read the reasons and raw lines kept with the import, fix the mapping or the source, then re-import.',
    details: { rowsIn, share, records, topReasons },
  };
}

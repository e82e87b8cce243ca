import type { Workspace } from '../store/Workspace.ts';
import { literal, sqlValue } from '../store/sql.ts';
import { num, text, firstRow } from './values.ts';

/**
 * Who did an event: the `user_id`, else the `anonymous_id` (empty strings count as missing).
 * Written against the alias `e`, which every audit query gives the events in scope.
 */
export const ACTOR = `coalesce(nullif(e.user_id, ''), nullif(e.anonymous_id, ''))`;

/** Timestamps before this instant are implausible for product analytics (usually an epoch-unit mistake). */
export const OLDEST_PLAUSIBLE = '2000-01-01';

/** What the audit looks at: all rows, or the rows of one import. */
export interface AuditScope {
  readonly importId: number | null;
  /** The events in scope as a relation: use as `FROM ${scope.events} AS e`. */
  readonly events: string;
  /** A condition restricting a table with an `import_id` column (under `alias`) to the scope. */
  readonly where: (alias: string) => string;
  /** The instant compared with for future timestamps, and as a SQL TIMESTAMPTZ literal. */
  readonly now: Date;
  readonly nowSql: string;
}

/** Whole-scope numbers measured once and shared by the checks. */
export interface Totals {
  /** Events in scope. */
  readonly rows: number;
  /** Distinct actors (user_id, else anonymous_id). */
  readonly users: number;
  /** Distinct user_id values. */
  readonly identified: number;
  /** Distinct anonymous_id values on rows without a user_id. */
  readonly anonymous: number;
  /** Earliest and latest ts, ISO 8601 UTC. */
  readonly first: string | null;
  readonly last: string | null;
  /** Seconds from first to last (0 without events). */
  readonly spanSeconds: number;
}

/** Everything a check needs. */
export interface AuditContext {
  readonly ws: Workspace;
  readonly scope: AuditScope;
  readonly totals: Totals;
}

/** Thrown for invalid audit options (bad `now`, unknown import). */
export class AuditError extends Error {
  override readonly name = 'AuditError';
}

/** Validates the options and builds the scope; an `importId` must name an import or tagged events. */
export async function resolveScope(
  ws: Workspace,
  importId: number | undefined,
  now: Date,
): Promise<AuditScope> {
  if (Number.isNaN(now.getTime())) throw new AuditError('audit: `now` is not a valid date');
  const nowSql = `TIMESTAMPTZ ${literal(now.toISOString())}`;
  if (importId === undefined) {
    return { importId: null, events: 'events', where: () => 'TRUE', now, nowSql };
  }
  if (!Number.isSafeInteger(importId))
    throw new AuditError(`audit: import id must be an integer, got ${importId}`);
  const id = sqlValue(importId);
  const known = await ws.value(
    `SELECT (SELECT count(*) FROM imports WHERE import_id = ${id}) + (SELECT count(*) FROM (SELECT 1 FROM events WHERE import_id = ${id} LIMIT 1))`,
  );
  if (num(known) === 0) throw new AuditError(`audit: no import with id ${importId} in this workspace`);
  return {
    importId,
    events: `(SELECT * FROM events WHERE import_id = ${id})`,
    where: (alias) => `${alias}.import_id = ${id}`,
    now,
    nowSql,
  };
}

/** Counts events and users and finds the time range of the scope, in one scan. */
export async function measureTotals(ws: Workspace, scope: AuditScope): Promise<Totals> {
  const row = firstRow(
    await ws.rows(`
      SELECT count(*) AS rows,
             count(DISTINCT ${ACTOR}) AS users,
             count(DISTINCT nullif(e.user_id, '')) AS identified,
             count(DISTINCT nullif(e.anonymous_id, '')) FILTER (WHERE nullif(e.user_id, '') IS NULL) AS anonymous,
             min(e.ts) AS first,
             max(e.ts) AS last,
             epoch(max(e.ts)) - epoch(min(e.ts)) AS span
      FROM ${scope.events} AS e`),
  );
  return {
    rows: num(row.rows),
    users: num(row.users),
    identified: num(row.identified),
    anonymous: num(row.anonymous),
    first: text(row.first),
    last: text(row.last),
    spanSeconds: num(row.span),
  };
}

import { ACTOR, type AuditContext } from './context.ts';
import { formatCount, formatShare, plural, shareOf } from './format.ts';
import type { Finding, UserBucket } from './types.ts';
import { firstRow, num } from './values.ts';

/** `rows`: the number of events in scope (info). With no events, says so and suggests an import. */
export function rowsCheck({ scope, totals }: AuditContext): Finding {
  const where = scope.importId === null ? '' : ` in import ${scope.importId}`;
  if (totals.rows === 0) {
    return {
      id: 'rows',
      severity: 'info',
      value: 0,
      message: scope.importId === null ? 'No events yet' : `No events${where}`,
      hint: 'Import an events file (CSV, JSON or Parquet) to audit it; every check here needs events.',
    };
  }
  return {
    id: 'rows',
    severity: 'info',
    value: totals.rows,
    message: `${plural(totals.rows, 'event')}${where}`,
    hint: 'Compare with the row count of the source export: a gap means rows were rejected or skipped as duplicates.',
  };
}

/**
 * `users` (info): distinct users, counted by user_id, else anonymous_id. Details: `identified`
 * (distinct user_id) and `anonymous` (distinct anonymous_id on rows without a user_id).
 */
export function usersCheck({ totals }: AuditContext): Finding {
  return {
    id: 'users',
    severity: 'info',
    value: totals.users,
    message:
      `${plural(totals.users, 'user')} (${formatCount(totals.identified)} with a user_id, ` +
      `${formatCount(totals.anonymous)} known only by anonymous_id)`,
    hint: 'A person seen before and after login counts once per id until anonymous and user ids are linked.',
    details: { identified: totals.identified, anonymous: totals.anonymous },
  };
}

/** `time_range` (info): first and last timestamp; value is the span in days (two decimals). */
export function timeRangeCheck({ totals }: AuditContext): Finding {
  if (totals.first === null || totals.last === null) {
    return {
      id: 'time_range',
      severity: 'info',
      value: null,
      message: 'No timestamps, so no time range',
      hint: 'Import events to see the period they cover.',
      details: { first: null, last: null, days: null },
    };
  }
  const days = Math.round((totals.spanSeconds / 86_400) * 100) / 100;
  return {
    id: 'time_range',
    severity: 'info',
    value: days,
    message: `Events run from ${totals.first} to ${totals.last} (${plural(days, 'day')})`,
    hint: 'Check that this is the period you exported; stray dates far outside it are counted by old_timestamps and future_timestamps.',
    details: { first: totals.first, last: totals.last, days },
  };
}

/** The fixed buckets of the events-per-user chart, as inclusive ranges. */
export const eventsPerUserBuckets: readonly { label: string; min: number; max: number }[] = [
  { label: '1', min: 1, max: 1 },
  { label: '2', min: 2, max: 2 },
  { label: '3-5', min: 3, max: 5 },
  { label: '6-10', min: 6, max: 10 },
  { label: '11-20', min: 11, max: 20 },
  { label: '21-50', min: 21, max: 50 },
  { label: '51-100', min: 51, max: 100 },
  { label: '101-1000', min: 101, max: 1000 },
  { label: '>1000', min: 1001, max: Number.MAX_SAFE_INTEGER },
];

/** With at least this many users, a share of single-event users at or above `SINGLE_EVENT_SHARE` warns. */
const MIN_USERS_FOR_IDENTITY_WARNING = 100;
const SINGLE_EVENT_SHARE = 0.9;

/**
 * `events_per_user`: events per actor (user_id, else anonymous_id). Details hold the nearest-rank
 * quantiles p50/p90/p99 (DuckDB `quantile_disc`: an observed count), the max and the mean, and
 * `singleEventShare`. Warns when at least 90% of 100 or more users have a single event, which
 * usually means the id changes with every event or session.
 */
export async function eventsPerUserCheck({
  ws,
  scope,
}: AuditContext): Promise<{ finding: Finding; chart: UserBucket[] }> {
  const buckets = eventsPerUserBuckets
    .map((b, i) => `count(*) FILTER (WHERE n BETWEEN ${b.min} AND ${b.max}) AS b${i}`)
    .join(',\n ');
  const row = firstRow(
    await ws.rows(`
      WITH per_user AS (
        SELECT ${ACTOR} AS actor, count(*) AS n FROM ${scope.events} AS e WHERE ${ACTOR} IS NOT NULL GROUP BY 1
      )
      SELECT count(*) AS users,
             quantile_disc(n, 0.5) AS p50, quantile_disc(n, 0.9) AS p90, quantile_disc(n, 0.99) AS p99,
             max(n) AS max, avg(n) AS mean,
             ${buckets}
      FROM per_user`),
  );
  const chart = eventsPerUserBuckets.map((b, i) => ({ bucket: b.label, users: num(row[`b${i}`]) }));
  const users = num(row.users);
  if (users === 0) {
    return {
      chart,
      finding: {
        id: 'events_per_user',
        severity: 'info',
        value: null,
        message: 'No events with a user_id or anonymous_id, so no events per user',
        hint: 'Map a user id column on import; per-user analyses need it.',
        details: { users: 0, p50: null, p90: null, p99: null, max: null, mean: null, singleEventShare: null },
      },
    };
  }
  const q = { p50: num(row.p50), p90: num(row.p90), p99: num(row.p99), max: num(row.max) };
  const mean = Math.round(num(row.mean) * 100) / 100;
  const singleEventShare = shareOf(chart[0]?.users ?? 0, users);
  const suspicious = users >= MIN_USERS_FOR_IDENTITY_WARNING && singleEventShare >= SINGLE_EVENT_SHARE;
  return {
    chart,
    finding: {
      id: 'events_per_user',
      severity: suspicious ? 'warning' : 'info',
      value: q.p50,
      message:
        `Events per user: median ${formatCount(q.p50)}, p90 ${formatCount(q.p90)}, p99 ${formatCount(q.p99)}, ` +
        `max ${formatCount(q.max)} over ${plural(users, 'user')}` +
        (suspicious ? `; ${formatShare(singleEventShare)} of users have a single event` : ''),
      hint: suspicious
        ? 'So many one-event users suggests the user id changes per event or session: check which column was mapped to user_id.'
        : 'A max far above p99 often belongs to a bot or a test account; see impossible_activity.',
      details: { users, ...q, mean, singleEventShare },
    },
  };
}

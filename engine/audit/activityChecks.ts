import { ACTOR, type AuditContext } from './context.ts';
import { formatCount, formatShare, listSome, plural, shareOf } from './format.ts';
import type { Finding } from './types.ts';
import { firstRow, num, text } from './values.ts';

/** More events than this in one calendar minute (10 per second sustained) is not a person. */
export const MAX_EVENTS_PER_MINUTE = 600;
/** More events than this in one second is a burst… */
export const MAX_EVENTS_PER_SECOND = 10;
/** …and this many burst seconds for one user is a pattern rather than an SDK batch flush. */
export const MIN_BURST_SECONDS = 5;
/** Users listed in details, worst first. */
const WORST_LISTED = 10;

/** A user whose activity no person produces. */
export interface ImpossibleUser {
  /** user_id, else anonymous_id. */
  user: string;
  events: number;
  /** Most events in one calendar minute (UTC), and that minute (the earliest, on a tie). */
  peakMinute: number;
  peakMinuteAt: string | null;
  /** Most events in one second, and how many seconds had more than 10. */
  peakSecond: number;
  burstSeconds: number;
}

/**
 * `impossible_activity`: users (user_id, else anonymous_id) whose rate no person reaches: more than
 * 600 events in one calendar minute (over 10 per second sustained), or more than 10 events in one
 * second in at least 5 different seconds. Value: the number of such users; details: `events` they
 * account for and its `share`, and the 10 worst `users` ({@link ImpossibleUser}, by peak minute).
 * Warning when any: bots, load tests and replayed queues inflate every per-user metric.
 */
export async function impossibleActivityCheck({ ws, scope, totals }: AuditContext): Promise<Finding> {
  const rows = await ws.rows(`
    WITH per_minute AS (
      -- Calendar minutes and seconds as integers since 1970 (UTC): far faster than date_trunc on TIMESTAMPTZ.
      SELECT ${ACTOR} AS actor, epoch_us(e.ts) // 60000000 AS m, count(*) AS n
      FROM ${scope.events} AS e WHERE e.ts IS NOT NULL AND ${ACTOR} IS NOT NULL
      GROUP BY ALL
    ),
    minutes AS (SELECT actor, max(n) AS peak_minute, first(m ORDER BY n DESC, m) AS peak_m, sum(n) AS events
                FROM per_minute GROUP BY actor),
    -- Only a user with more than 10 events in some minute can have a second with more than 10.
    candidates AS (SELECT actor FROM minutes WHERE peak_minute > ${MAX_EVENTS_PER_SECOND}),
    per_second AS (
      SELECT ${ACTOR} AS actor, epoch_us(e.ts) // 1000000 AS s, count(*) AS n
      FROM ${scope.events} AS e
      WHERE e.ts IS NOT NULL AND ${ACTOR} IN (SELECT actor FROM candidates)
      GROUP BY ALL
    ),
    seconds AS (SELECT actor, max(n) AS peak_second, count(*) FILTER (WHERE n > ${MAX_EVENTS_PER_SECOND}) AS bursts
                FROM per_second GROUP BY actor),
    flagged AS (
      SELECT actor, events, peak_minute, to_timestamp(peak_m * 60) AS peak_minute_at, peak_second, bursts
      FROM minutes JOIN seconds USING (actor)
      WHERE peak_minute > ${MAX_EVENTS_PER_MINUTE} OR bursts >= ${MIN_BURST_SECONDS}
    )
    SELECT actor, CAST(events AS DOUBLE) AS events, CAST(peak_minute AS DOUBLE) AS peak_minute, peak_minute_at,
           peak_second, bursts,
           count(*) OVER () AS users, CAST(sum(events) OVER () AS DOUBLE) AS total_events
    FROM flagged
    ORDER BY peak_minute DESC, bursts DESC, actor
    LIMIT ${WORST_LISTED}`);
  const users: ImpossibleUser[] = rows.map((r) => ({
    user: text(r.actor) ?? '',
    events: num(r.events),
    peakMinute: num(r.peak_minute),
    peakMinuteAt: text(r.peak_minute_at),
    peakSecond: num(r.peak_second),
    burstSeconds: num(r.bursts),
  }));
  const head = firstRow(rows);
  const count = num(head.users);
  const events = num(head.total_events);
  const share = shareOf(events, totals.rows);
  const worst = users.map((u) => `${u.user}: ${formatCount(u.peakMinute)} in one minute`);
  return {
    id: 'impossible_activity',
    severity: count > 0 ? 'warning' : 'info',
    value: count,
    message:
      count === 0
        ? `No user exceeds ${formatCount(MAX_EVENTS_PER_MINUTE)} events in a minute or bursts above ${MAX_EVENTS_PER_SECOND} per second`
        : `${plural(count, 'user')} with impossible activity (${plural(events, 'event')}, ${formatShare(share)} of all): ${listSome(worst, 3)}`,
    hint:
      count === 0
        ? 'Activity rates look human.'
        : 'These look like bots, load tests or replayed queues: exclude them (or their bursts) before per-user analyses such as segments and churn.',
    details: { events, share, users },
  };
}

import type { Workspace } from '../store/Workspace.ts';
import { asText } from '../store/jsonSafe.ts';
import { literal } from '../store/sql.ts';

export interface OverviewOptions {
  /** First and last day (YYYY-MM-DD, inclusive) in `timeZone`; default: the whole event range. */
  readonly from?: string;
  readonly to?: string;
  /** IANA time zone in which days are counted; default UTC. */
  readonly timeZone?: string;
}

export interface OverviewDay {
  readonly day: string;
  readonly events: number;
  /** Distinct users active that day, in the last 7 days, in the last 28 days (ending that day). */
  readonly dau: number;
  readonly wau: number;
  readonly mau: number;
  /** DAU / MAU: the share of the month's users who come on a given day. */
  readonly stickiness: number | null;
  /** Users whose first event (ever) falls on that day, and the rest of that day's users. */
  readonly newUsers: number;
  readonly returningUsers: number;
}

export interface Overview {
  readonly timeZone: string;
  readonly from: string | null;
  readonly to: string | null;
  readonly days: OverviewDay[];
  readonly eventsByName: { event: string; events: number; users: number }[];
  readonly totals: { events: number; users: number };
}

/**
 * Engagement over time: DAU, WAU and MAU (rolling 7 and 28 days), stickiness, new vs returning users,
 * and events by name, with days counted in the analyst's time zone. A user is the user id, else the
 * anonymous id. WAU and MAU near the start of the data count only the days there are.
 */
export async function overview(ws: Workspace, options: OverviewOptions = {}): Promise<Overview> {
  const tz = options.timeZone ?? 'UTC';
  const day = `CAST(timezone(${literal(tz)}, ts) AS DATE)`;
  const range = [
    options.from ? `d >= DATE ${literal(options.from)}` : 'true',
    options.to ? `d <= DATE ${literal(options.to)}` : 'true',
  ].join(' AND ');
  const daily = await ws.rows(`
    WITH ev AS (SELECT coalesce(user_id, anonymous_id) AS u, ${day} AS d FROM events),
    ud AS (SELECT u, d, count(*) AS n FROM ev GROUP BY u, d),
    first AS (SELECT u, min(d) AS d0 FROM ud GROUP BY u),
    days AS (SELECT d, sum(n) AS events, count(*) AS dau FROM ud WHERE ${range} GROUP BY d)
    SELECT strftime(days.d, '%Y-%m-%d') AS day, days.events, days.dau,
      (SELECT count(DISTINCT u) FROM ud WHERE ud.d BETWEEN days.d - 6 AND days.d) AS wau,
      (SELECT count(DISTINCT u) FROM ud WHERE ud.d BETWEEN days.d - 27 AND days.d) AS mau,
      (SELECT count(*) FROM first WHERE first.d0 = days.d) AS new_users
    FROM days ORDER BY days.d`);
  const byName = await ws.rows(`
    SELECT event, count(*) AS events, count(DISTINCT coalesce(user_id, anonymous_id)) AS users
    FROM (SELECT event, user_id, anonymous_id, ${day} AS d FROM events) WHERE ${range}
    GROUP BY event ORDER BY events DESC, event LIMIT 25`);
  const totals = await ws.rows(`
    SELECT count(*) AS events, count(DISTINCT coalesce(user_id, anonymous_id)) AS users
    FROM (SELECT user_id, anonymous_id, ${day} AS d FROM events) WHERE ${range}`);
  const days = daily.map((r) => {
    const dau = Number(r.dau);
    const mau = Number(r.mau);
    const newUsers = Number(r.new_users);
    return {
      day: asText(r.day),
      events: Number(r.events),
      dau,
      wau: Number(r.wau),
      mau,
      stickiness: mau > 0 ? dau / mau : null,
      newUsers,
      returningUsers: dau - newUsers,
    };
  });
  return {
    timeZone: tz,
    from: days[0]?.day ?? null,
    to: days.at(-1)?.day ?? null,
    days,
    eventsByName: byName.map((r) => ({
      event: asText(r.event),
      events: Number(r.events),
      users: Number(r.users),
    })),
    totals: { events: Number(totals[0]?.events ?? 0), users: Number(totals[0]?.users ?? 0) },
  };
}

import { literal } from '../store/sql.ts';
import { OLDEST_PLAUSIBLE, type AuditContext } from './context.ts';
import { formatInstant, formatShare, plural, shareOf } from './format.ts';
import type { Finding, Severity } from './types.ts';
import { firstRow, num, text } from './values.ts';

/** At or above this share of events, implausible timestamps are an error rather than a warning. */
export const TIMESTAMP_ERROR_SHARE = 0.05;

interface Outside {
  count: number;
  share: number;
  earliest: string | null;
  latest: string | null;
}

async function countWhere({ ws, scope, totals }: AuditContext, condition: string): Promise<Outside> {
  const row = firstRow(
    await ws.rows(`SELECT count(*) AS n, min(e.ts) AS earliest, max(e.ts) AS latest
                   FROM ${scope.events} AS e WHERE ${condition}`),
  );
  const count = num(row.n);
  return {
    count,
    share: shareOf(count, totals.rows),
    earliest: text(row.earliest),
    latest: text(row.latest),
  };
}

function severityOf(o: Outside): Severity {
  if (o.count === 0) return 'info';
  return o.share >= TIMESTAMP_ERROR_SHARE ? 'error' : 'warning';
}

/**
 * `future_timestamps`: events with `ts` after `now`. Value: their count; details: `share` of all events
 * and the `earliest`/`latest` such timestamp. Warning when any, error from 5% of events.
 */
export async function futureTimestampsCheck(ctx: AuditContext): Promise<Finding> {
  const now = formatInstant(ctx.scope.now);
  const o = await countWhere(ctx, `e.ts > ${ctx.scope.nowSql}`);
  return {
    id: 'future_timestamps',
    severity: severityOf(o),
    value: o.count,
    message: `${plural(o.count, 'event')} (${formatShare(o.share)}) ${o.count === 1 ? 'has a timestamp' : 'have timestamps'} after ${now}`,
    hint:
      o.count === 0
        ? 'No event is dated in the future.'
        : 'Future dates usually come from a wrong time zone or device clocks; check the timestamp column and its zone, then re-import.',
    details: { now, ...o },
  };
}

/**
 * `old_timestamps`: events with `ts` before 2000-01-01 (UTC). Value: their count; details: `share`,
 * `earliest`, `latest`. Warning when any, error from 5% of events.
 */
export async function oldTimestampsCheck(ctx: AuditContext): Promise<Finding> {
  const o = await countWhere(ctx, `e.ts < TIMESTAMPTZ ${literal(OLDEST_PLAUSIBLE)}`);
  return {
    id: 'old_timestamps',
    severity: severityOf(o),
    value: o.count,
    message: `${plural(o.count, 'event')} (${formatShare(o.share)}) ${o.count === 1 ? 'has a timestamp' : 'have timestamps'} before ${OLDEST_PLAUSIBLE}`,
    hint:
      o.count === 0
        ? 'No event is dated implausibly early.'
        : 'Dates near 1970 usually mean epoch seconds were read as milliseconds (or a 0 stood for "unknown"); set the timestamp unit on import.',
    details: { before: OLDEST_PLAUSIBLE, ...o },
  };
}

import { literal } from '../store/sql.ts';
import { ACTOR, OLDEST_PLAUSIBLE, type AuditContext } from './context.ts';
import { formatCount, listSome, plural } from './format.ts';
import type { DayVolume, Finding } from './types.ts';
import { num, text } from './values.ts';

/** Days compared with a day to decide whether it dropped. */
export const DROP_WINDOW_DAYS = 7;
/** A day with events below this share of the median of the previous `DROP_WINDOW_DAYS` days dropped. */
export const DROP_SHARE = 0.25;
/** Below this trailing median, day-to-day noise is too large to call a drop. */
export const DROP_MIN_BASELINE = 20;

const US_PER_DAY = 86_400_000_000;

/** A day whose volume fell well below the week before it. */
export interface VolumeDrop {
  day: string;
  events: number;
  /** Median events per day over the previous `DROP_WINDOW_DAYS` days. */
  baseline: number;
}

/**
 * `events_per_day`: volume per UTC day from the first to the last plausible event (timestamps from
 * 2000-01-01 up to now; the others are counted by old_timestamps and future_timestamps), with the days
 * without events filled in as zeros. Value: days covered (the span, inclusive). Details: `daysWithEvents`,
 * `min`/`median`/`max` events per day over the whole span (zero days included), `zeroDays` (dates inside
 * the span without any event) and `drops`: days with some events but fewer than 25% of the median of
 * the 7 days before (only once that median is at least 20; the last day is skipped, as exports usually
 * end mid-day). Warns when there are zero days or drops: tracking may have been broken on those days.
 */
export async function eventsPerDayCheck({
  ws,
  scope,
}: AuditContext): Promise<{ finding: Finding; chart: DayVolume[] }> {
  const rows = await ws.rows(`
    WITH by_number AS (
      -- Days as whole days since 1970-01-01 UTC: integer arithmetic, much faster than a time zone cast.
      SELECT epoch_us(e.ts) // ${US_PER_DAY} AS d, count(*) AS events, count(DISTINCT ${ACTOR}) AS users
      FROM ${scope.events} AS e
      WHERE e.ts >= TIMESTAMPTZ ${literal(OLDEST_PLAUSIBLE)} AND e.ts <= ${scope.nowSql}
      GROUP BY 1
    ),
    per_day AS (SELECT CAST(DATE '1970-01-01' + CAST(d AS INTEGER) AS DATE) AS day, events, users FROM by_number),
    span AS (
      SELECT CAST(d AS DATE) AS day
      FROM range((SELECT min(day) FROM per_day), (SELECT max(day) FROM per_day) + 1, INTERVAL 1 DAY) AS t(d)
    )
    SELECT strftime(span.day, '%Y-%m-%d') AS day, coalesce(events, 0) AS events, coalesce(users, 0) AS users
    FROM span LEFT JOIN per_day USING (day)
    ORDER BY span.day`);
  const chart: DayVolume[] = rows.map((r) => ({
    day: text(r.day) ?? '',
    events: num(r.events),
    users: num(r.users),
  }));
  if (chart.length === 0) {
    return {
      chart,
      finding: {
        id: 'events_per_day',
        severity: 'info',
        value: 0,
        message: 'No events with a plausible timestamp, so no daily volume',
        hint: 'Import events; see old_timestamps and future_timestamps if events exist but none is dated plausibly.',
        details: { days: 0, daysWithEvents: 0, min: null, median: null, max: null, zeroDays: [], drops: [] },
      },
    };
  }
  const counts = chart.map((d) => d.events);
  const sorted = [...counts].sort((a, b) => a - b);
  const stats = { min: sorted[0] ?? 0, median: median(sorted), max: sorted[sorted.length - 1] ?? 0 };
  const zeroDays = chart.filter((d) => d.events === 0).map((d) => d.day);
  const drops = findDrops(chart);
  const first = chart[0]?.day ?? '';
  const last = chart[chart.length - 1]?.day ?? '';
  const parts = [
    `Events cover ${plural(chart.length, 'day')} (${first} to ${last}); per day min ${formatCount(stats.min)}, ` +
      `median ${formatCount(stats.median)}, max ${formatCount(stats.max)}`,
  ];
  if (zeroDays.length > 0)
    parts.push(`${plural(zeroDays.length, 'day')} without events (${listSome(zeroDays)})`);
  if (drops.length > 0) {
    const shown = drops.map(
      (d) => `${d.day}: ${formatCount(d.events)} vs a median of ${formatCount(d.baseline)}`,
    );
    parts.push(`${plural(drops.length, 'sudden drop')} (${listSome(shown, 3)})`);
  }
  const flagged = zeroDays.length > 0 || drops.length > 0;
  return {
    chart,
    finding: {
      id: 'events_per_day',
      severity: flagged ? 'warning' : 'info',
      value: chart.length,
      message: parts.join('; '),
      hint: flagged
        ? 'Days without events or with sudden drops usually mean tracking broke or an export is missing a part: check the source for those dates before analysing trends across them.'
        : 'Daily volume looks continuous.',
      details: {
        days: chart.length,
        daysWithEvents: chart.length - zeroDays.length,
        ...stats,
        zeroDays,
        drops,
      },
    },
  };
}

/** Days with some events but fewer than `DROP_SHARE` × the median of the previous week (see above). */
export function findDrops(days: readonly DayVolume[]): VolumeDrop[] {
  const drops: VolumeDrop[] = [];
  for (let i = DROP_WINDOW_DAYS; i < days.length - 1; i++) {
    const day = days[i];
    if (!day || day.events === 0) continue;
    const previous = days
      .slice(i - DROP_WINDOW_DAYS, i)
      .map((d) => d.events)
      .sort((a, b) => a - b);
    const baseline = median(previous);
    if (baseline >= DROP_MIN_BASELINE && day.events < DROP_SHARE * baseline) {
      drops.push({ day: day.day, events: day.events, baseline });
    }
  }
  return drops;
}

/** Median of sorted numbers (mean of the middle two for an even count); 0 for none. */
function median(sorted: readonly number[]): number {
  if (sorted.length === 0) return 0;
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] ?? 0;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] ?? 0) + upper) / 2;
}

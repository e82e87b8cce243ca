import type { ColumnData, Workspace } from '../store/Workspace.ts';
import { ident, literal } from '../store/sql.ts';
import { jsonKey, SegmentInputError, type FeatureCatalog, type FeatureInfo } from './discover.ts';

/** Per-user features, column by column, aligned with `userIds`. */
export interface FeatureTable {
  readonly userIds: readonly string[];
  readonly features: readonly FeatureInfo[];
  /** One column per feature, in the order of `features`. */
  readonly columns: readonly ColumnData[];
}

/**
 * Builds the per-user feature table in DuckDB over the catalog's window, for the users with at
 * least one activity event in it. Sessions follow the inactivity rule (a gap longer than
 * `sessionGapMinutes` starts a new one), computed with window functions; only the chosen features
 * leave DuckDB, as typed arrays.
 */
export async function buildFeatureTable(
  ws: Workspace,
  catalog: FeatureCatalog,
  selected: readonly string[],
): Promise<FeatureTable> {
  const byName = new Map(catalog.features.map((f) => [f.name, f]));
  const unknown = selected.filter((s) => !byName.has(s));
  if (unknown.length > 0) {
    throw new SegmentInputError(
      `unknown feature${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `"${u}"`).join(', ')} (available: ${catalog.features.map((f) => f.name).join(', ')})`,
    );
  }
  if (selected.length === 0) throw new SegmentInputError('choose at least one feature');
  const features = selected.map((s) => byName.get(s)!);
  const columns = await ws.columns(
    `${featureSql(catalog)} SELECT user_id, ${features
      .map((f) => `${expressionOf(f)} AS ${ident(f.name)}`)
      .join(', ')} FROM per_user ORDER BY user_id`,
  );
  const [ids, ...values] = columns;
  return {
    userIds: (ids?.values ?? []) as string[],
    features,
    columns: values,
  };
}

/** Every feature as an expression over the `per_user` relation built by {@link featureSql}. */
function expressionOf(f: FeatureInfo): string {
  if (f.kind === 'categorical') return ident(f.name);
  return `CAST(${ident(f.name)} AS DOUBLE)`;
}

/**
 * A `WITH … per_user AS (…)` prefix computing every catalog feature per user. Kept as one query so
 * DuckDB scans the events once; sessions come from the gaps between a user's consecutive events.
 */
export function featureSql(catalog: FeatureCatalog): string {
  const { window: w } = catalog;
  const start = `${literal(w.from)}::DATE::TIMESTAMPTZ`;
  const end = `(${literal(w.to)}::DATE + INTERVAL 1 DAY)::TIMESTAMPTZ`;
  // Gaps in seconds as doubles: the same window over TIMESTAMPTZ intervals is about four times slower.
  const gap = 60 * Math.max(1, Math.round(catalog.sessionGapMinutes));
  const content = catalog.contentProperty
    ? `json_extract_string(properties, ${literal(`$.${jsonKey(catalog.contentProperty)}`)})`
    : 'NULL';
  const price = catalog.priceProperty
    ? `TRY_CAST(json_extract_string(properties, ${literal(`$.${jsonKey(catalog.priceProperty)}`)}) AS DOUBLE)`
    : 'NULL';
  const discounted = catalog.discountProperties.length
    ? catalog.discountProperties
        .map((k) => {
          const v = `json_extract_string(properties, ${literal(`$.${jsonKey(k)}`)})`;
          return `(${v} IS NOT NULL AND ${v} NOT IN ('', '0', '0.0', 'false'))`;
        })
        .join(' OR ')
    : 'false';
  const eventShares = catalog.topEvents.map(
    (e) => `count(*) FILTER (event = ${literal(e)}) / count(*) AS ${ident(`event_share:${e}`)}`,
  );
  const contentShares = catalog.topContent.map(
    (v) =>
      `count(*) FILTER (content = ${literal(v)}) / count(*) AS ${ident(`${catalog.contentProperty}_share:${v}`)}`,
  );
  const userCols = catalog.userColumns.map((c) => `p.${ident(c)}`);
  const activity = `events WHERE ts >= ${start} AND ts < ${end} AND coalesce(user_id, anonymous_id) IS NOT NULL
        AND NOT regexp_matches(event, ${literal(catalog.passiveEvents)})`;
  return `WITH filtered AS (
      SELECT coalesce(user_id, anonymous_id) AS uid, event, ts, revenue, ${content} AS content, ${price} AS price,
             CASE WHEN revenue IS NOT NULL THEN ${discounted} ELSE false END AS discounted
      FROM ${activity}
    ),
    -- A session's length is the sum of the gaps inside it, so sessions need no numbering: a gap
    -- longer than the rule (or none) starts one. The window reads (user, time) straight from events:
    -- carrying the other columns through its sort made it several times slower.
    sessions AS (
      SELECT uid, count(*) FILTER (gap IS NULL OR gap > ${gap}) AS sessions,
             coalesce(sum(gap) FILTER (gap <= ${gap}), 0) / 60 AS session_minutes_total
      FROM (SELECT coalesce(user_id, anonymous_id) AS uid, epoch(ts) - lag(epoch(ts)) OVER (PARTITION BY coalesce(user_id, anonymous_id) ORDER BY ts) AS gap
            FROM ${activity})
      GROUP BY uid
    ),
    aggregates AS (
      SELECT uid, count(*) AS events, count(DISTINCT CAST(ts AT TIME ZONE 'UTC' AS DATE)) AS active_days,
             min(ts) AS first_ts, max(ts) AS last_ts, count(revenue) AS purchases, coalesce(sum(revenue), 0) AS revenue,
             CASE WHEN count(revenue) > 0 THEN count(*) FILTER (discounted) / count(revenue) ELSE 0 END AS discount_share,
             avg(price) AS avg_price
             ${[...eventShares, ...contentShares].map((s) => `, ${s}`).join('')}
      FROM filtered GROUP BY uid
    ),
    per_user AS (
      SELECT a.uid AS user_id, a.*, s.sessions, a.events / s.sessions AS events_per_session,
             s.session_minutes_total / s.sessions AS session_minutes,
             s.sessions / greatest(1.0, epoch(${end} - greatest(coalesce(p.signup_at, a.first_ts), ${start})) / 604800) AS sessions_per_week,
             epoch(${end} - a.last_ts) / 86400 AS recency_days,
             epoch(${end} - least(coalesce(p.signup_at, a.first_ts), a.first_ts)) / 86400 AS tenure_days
             ${userCols.map((c) => `, ${c}`).join('')}
      FROM aggregates AS a JOIN sessions AS s USING (uid) LEFT JOIN users AS p ON p.user_id = a.uid
    )`;
}

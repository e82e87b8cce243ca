import { asText } from '../store/jsonSafe.ts';
import { ident, literal } from '../store/sql.ts';
import type { ColumnData, Workspace } from '../store/Workspace.ts';
import { fitBgNbd, probabilityAlive, type BgNbdParams } from '../analysis/models/bgnbd.ts';
import { DEFAULT_PASSIVE_EVENTS } from '../segments/discover.ts';

export interface ChurnLabelOptions {
  /** The cutoff day (`YYYY-MM-DD`, UTC): features see only events strictly before its start. */
  readonly cutoff: string;
  /** Churned = no activity in the N days from the cutoff (default 14). */
  readonly inactiveDays?: number | undefined;
  /** Events that count as activity for the label (regular expression); default every non-passive event. */
  readonly activeEvents?: string | undefined;
  /** Events that are not activity at all (notifications received, identify calls…). */
  readonly passiveEvents?: string | undefined;
  /** Users already inactive for longer than this at the cutoff are excluded and counted (default 30). */
  readonly excludeInactiveDays?: number | undefined;
  /** Earlier cutoffs too: `count` in all, `gapDays` apart (at least the label window). */
  readonly rolling?: { readonly count: number; readonly gapDays: number } | undefined;
  /** Half-life in days of the time-decayed engagement (default 7). */
  readonly halfLifeDays?: number | undefined;
  /** Add BG/NBD P(alive) as a feature (`p_alive`), active days counting as transactions (default off). */
  readonly pAlive?: boolean | undefined;
  /** Its parameters when already fitted (a saved model's); else fitted on the dataset's users. */
  readonly bgnbd?: BgNbdParams | null | undefined;
  /**
   * A saved segmentation whose segment (by name) becomes a feature: its id; null for none; undefined for the newest
   * one whose data window ends before the (earliest) cutoff, if any. A segmentation that saw data on or after the
   * cutoff is refused: its segments could reflect the label window.
   */
  readonly segmentation?: string | null | undefined;
}

export interface ChurnDataset {
  readonly userIds: string[];
  /** The cutoff of each row (rows of rolling cutoffs repeat users). */
  readonly cutoffs: string[];
  /** 1 = churned (no activity in the label window), 0 = stayed. */
  readonly labels: Uint8Array;
  /** One column per feature, aligned with the rows. */
  readonly columns: ColumnData[];
  /** Users left out at their cutoff because they had been inactive for longer than `excludeInactiveDays`. */
  readonly excluded: { readonly inactive: number };
  readonly balance: { readonly rows: number; readonly churned: number; readonly rate: number };
  readonly notes: string[];
  /** The BG/NBD parameters behind `p_alive`, when asked for. */
  readonly bgnbd: BgNbdParams | null;
  /** The saved segmentation behind the `segment` feature, or null. */
  readonly segmentation: string | null;
}

const DAY = 86_400;

/** Numeric features computed at every cutoff (names are the columns of the dataset). */
export const CHURN_NUMERIC_FEATURES = [
  'recency_days',
  'tenure_days',
  'events_total',
  'events_7d',
  'events_30d',
  'active_days_7d',
  'active_days_14d',
  'active_days_30d',
  'decayed_engagement',
  'velocity_8w',
  'sessions_30d',
  'session_minutes_30d',
  'purchases_total',
  'purchases_30d',
  'revenue_total',
  'revenue_30d',
] as const;

/**
 * The per-user feature SQL at one cutoff. Every event it reads passes `ts < cutoff`, in the one
 * `history` relation all features come from, so no feature can see the label window. Velocity is
 * the least-squares slope of weekly event counts over the 8 weeks before the cutoff (weeks with no
 * events count as 0); decayed engagement sums exp(−ln 2 · age / half-life) over past events.
 */
export function featuresAtCutoffSql(cutoff: string, o: ChurnLabelOptions): string {
  const c = `${literal(cutoff)}::DATE::TIMESTAMPTZ`;
  const passive = literal(o.passiveEvents ?? DEFAULT_PASSIVE_EVENTS);
  const halfLife = o.halfLifeDays ?? 7;
  const age = `(epoch(${c}) - epoch(ts))`;
  return `history AS (
      SELECT coalesce(user_id, anonymous_id) AS uid, event, ts, revenue
      FROM events
      WHERE ts < ${c} AND coalesce(user_id, anonymous_id) IS NOT NULL AND NOT regexp_matches(event, ${passive})
    ),
    gaps AS (
      SELECT uid, epoch(ts) - lag(epoch(ts)) OVER (PARTITION BY uid ORDER BY ts) AS gap
      FROM history WHERE ts >= ${c} - INTERVAL 30 DAY
    ),
    sessions AS (
      SELECT uid, count(*) FILTER (gap IS NULL OR gap > 1800) AS sessions_30d,
             coalesce(sum(gap) FILTER (gap <= 1800), 0) / 60 / count(*) FILTER (gap IS NULL OR gap > 1800) AS session_minutes_30d
      FROM gaps GROUP BY uid
    ),
    weekly AS (
      SELECT uid, 7 - floor(${age} / ${7 * DAY}) AS x, count(*) AS n
      FROM history WHERE ts >= ${c} - INTERVAL 56 DAY GROUP BY ALL
    ),
    velocity AS (
      -- Slope over x = 0 … 7 (oldest … latest week): (Σ x·n − 3.5 Σ n) / 42, zeros included.
      SELECT uid, (sum(x * n) - 3.5 * sum(n)) / 42 AS velocity_8w FROM weekly GROUP BY uid
    ),
    per_user AS (
      SELECT uid, min(ts) AS first_ts, max(ts) AS last_ts, count(*) AS events_total,
             count(*) FILTER (ts >= ${c} - INTERVAL 7 DAY) AS events_7d,
             count(*) FILTER (ts >= ${c} - INTERVAL 30 DAY) AS events_30d,
             count(DISTINCT CAST(ts AT TIME ZONE 'UTC' AS DATE)) FILTER (ts >= ${c} - INTERVAL 7 DAY) AS active_days_7d,
             count(DISTINCT CAST(ts AT TIME ZONE 'UTC' AS DATE)) FILTER (ts >= ${c} - INTERVAL 14 DAY) AS active_days_14d,
             count(DISTINCT CAST(ts AT TIME ZONE 'UTC' AS DATE)) FILTER (ts >= ${c} - INTERVAL 30 DAY) AS active_days_30d,
             sum(exp(-ln(2) * ${age} / ${halfLife * DAY})) AS decayed_engagement,
             count(revenue) AS purchases_total, count(revenue) FILTER (ts >= ${c} - INTERVAL 30 DAY) AS purchases_30d,
             coalesce(sum(revenue), 0) AS revenue_total,
             coalesce(sum(revenue) FILTER (ts >= ${c} - INTERVAL 30 DAY), 0) AS revenue_30d,
             count(DISTINCT CAST(ts AT TIME ZONE 'UTC' AS DATE)) AS days_total,
             CAST(min(ts) AT TIME ZONE 'UTC' AS DATE) AS first_day, CAST(max(ts) AT TIME ZONE 'UTC' AS DATE) AS last_day
      FROM history GROUP BY uid
    ),
    features AS (
      SELECT p.uid, (epoch(${c}) - epoch(p.last_ts)) / ${DAY} AS recency_days,
             (epoch(${c}) - epoch(least(coalesce(u.signup_at, p.first_ts), p.first_ts))) / ${DAY} AS tenure_days,
             p.events_total, p.events_7d, p.events_30d, p.active_days_7d, p.active_days_14d, p.active_days_30d,
             p.decayed_engagement, coalesce(v.velocity_8w, 0) AS velocity_8w,
             coalesce(s.sessions_30d, 0) AS sessions_30d, coalesce(s.session_minutes_30d, 0) AS session_minutes_30d,
             p.purchases_total, p.purchases_30d, p.revenue_total, p.revenue_30d,
             -- BG/NBD's repeat history, active days as transactions: repeats, last and age in days from the first.
             p.days_total - 1 AS rfm_x, p.last_day - p.first_day AS rfm_tx, ${literal(cutoff)}::DATE - p.first_day AS rfm_T
      FROM per_user AS p
      LEFT JOIN sessions AS s USING (uid) LEFT JOIN velocity AS v USING (uid)
      LEFT JOIN users AS u ON u.user_id = p.uid
    )`;
}

/** BG/NBD's repeat history per row (not features themselves; `p_alive` is made from them). */
const RFM_COLUMNS = ['rfm_x', 'rfm_tx', 'rfm_T'] as const;

/**
 * The `p_alive` feature: each kept row's BG/NBD probability of still being active given its repeat history, with
 * the given parameters or ones fitted on every user with history at the cutoff(s), the excluded long-inactive ones
 * included (they are the evidence of dropout; fitting on the kept rows alone finds almost none). No label is used,
 * so the fit leaks nothing.
 */
function pAliveColumn(
  all: Map<string, ColumnData>,
  keep: readonly number[],
  given: BgNbdParams | null | undefined,
): { column: ColumnData; params: BgNbdParams } {
  const [x, tx, T] = RFM_COLUMNS.map((r) => all.get(r)!.values as Float64Array) as [
    Float64Array,
    Float64Array,
    Float64Array,
  ];
  const params = given ?? fitBgNbd({ x, tx, T }).params;
  const values = Float64Array.from(keep, (i) => probabilityAlive(params, x[i]!, tx[i]!, T[i]!));
  return { column: { name: 'p_alive', kind: 'numeric', values }, params };
}

const segmentSelect = (id: string | null): string => (id ? ', seg.segment_name AS segment' : '');
const segmentJoin = (id: string | null): string =>
  id ? `LEFT JOIN user_segments AS seg ON seg.user_id = f.uid AND seg.analysis_id = ${literal(id)}` : '';

/**
 * The saved segmentation to take the `segment` feature from (see ChurnLabelOptions.segmentation): its data window
 * must end before `cutoff`, the earliest cutoff.
 */
async function segmentationFor(
  ws: Workspace,
  wanted: string | null | undefined,
  cutoff: string,
): Promise<string | null> {
  if (wanted === null) return null;
  const saved = await ws.rows(
    `SELECT analysis_id, json_extract_string(summary, '$.window.to') AS window_to FROM analyses
     WHERE kind = 'segments' ${wanted === undefined ? '' : 'AND analysis_id = $id'} ORDER BY created_at DESC`,
    wanted === undefined ? undefined : { id: wanted },
  );
  if (wanted === undefined) {
    const eligible = saved.find((r) => typeof r.window_to === 'string' && r.window_to < cutoff);
    return eligible ? asText(eligible.analysis_id) : null;
  }
  const row = saved[0];
  if (!row) throw new ChurnInputError(`no saved segmentation ${wanted}`);
  if (!(typeof row.window_to === 'string' && row.window_to < cutoff)) {
    throw new ChurnInputError(
      `segmentation ${wanted} used data up to ${asText(row.window_to)}, not before the cutoff ${cutoff}: its segments could reflect the label window; use one whose window ends before ${cutoff}`,
    );
  }
  return wanted;
}

/** Profile columns used as features when the users table has them. */
const PROFILE_COLUMNS = ['age', 'gender', 'country', 'device', 'plan'] as const;

/**
 * Builds a leakage-free churn dataset: for each cutoff, the users active in the
 * `excludeInactiveDays` before it, their features from events strictly before it, and the label
 * (no activity in the `inactiveDays` from it). Users already inactive for longer are excluded and
 * counted. The cutoff plus the label window must lie inside the data.
 */
export async function buildChurnDataset(ws: Workspace, o: ChurnLabelOptions): Promise<ChurnDataset> {
  const n = o.inactiveDays ?? 14;
  const exclude = o.excludeInactiveDays ?? 30;
  const cutoffs = cutoffList(o, n);
  const bounds = (
    await ws.rows(
      `SELECT strftime(min(ts) AT TIME ZONE 'UTC', '%Y-%m-%d') AS first, strftime(max(ts) AT TIME ZONE 'UTC', '%Y-%m-%d') AS last FROM events`,
    )
  )[0];
  const first = bounds?.first as string | null;
  const last = bounds?.last as string | null;
  if (!first || !last) throw new ChurnInputError('the workspace has no events');
  for (const cutoff of cutoffs) {
    if (cutoff <= first)
      throw new ChurnInputError(
        `cutoff ${cutoff} is not after the first event (${first}): no history to learn from`,
      );
    const end = addDays(cutoff, n - 1);
    if (end > last) {
      throw new ChurnInputError(
        `cutoff ${cutoff} + ${n} days reaches ${end}, after the last event (${last}): the labels would be incomplete; choose a cutoff on or before ${addDays(last, -(n - 1))}`,
      );
    }
  }
  const profileCols = await presentProfileColumns(ws);
  const segmentation = await segmentationFor(ws, o.segmentation, cutoffs[0]!);
  const active = literal(o.activeEvents ?? '.');
  const passive = literal(o.passiveEvents ?? DEFAULT_PASSIVE_EVENTS);
  const parts = cutoffs.map((cutoff) => {
    const c = `${literal(cutoff)}::DATE::TIMESTAMPTZ`;
    return `(WITH ${featuresAtCutoffSql(cutoff, o)},
      later AS (
        SELECT DISTINCT coalesce(user_id, anonymous_id) AS uid FROM events
        WHERE ts >= ${c} AND ts < ${c} + INTERVAL ${n} DAY AND NOT regexp_matches(event, ${passive})
          AND regexp_matches(event, ${active})
      )
      SELECT f.uid AS user_id, ${literal(cutoff)} AS cutoff, CASE WHEN l.uid IS NULL THEN 1 ELSE 0 END AS churned,
             f.recency_days > ${exclude} AS excluded, ${CHURN_NUMERIC_FEATURES.map((f) => `f.${f}`).join(', ')},
             ${RFM_COLUMNS.map((r) => `f.${r}`).join(', ')}
             ${profileCols.map((p) => `, u.${ident(p)}`).join('')}${segmentSelect(segmentation)}
      FROM features AS f LEFT JOIN later AS l USING (uid) LEFT JOIN users AS u ON u.user_id = f.uid
      ${segmentJoin(segmentation)})`;
  });
  const all = await ws.columns(`SELECT * FROM (${parts.join(' UNION ALL ')}) ORDER BY cutoff, user_id`);
  const byName = new Map(all.map((c) => [c.name, c]));
  const excludedFlag = byName.get('excluded')!.values;
  const keep: number[] = [];
  let inactive = 0;
  for (let i = 0; i < excludedFlag.length; i++) {
    const flagged = excludedFlag[i] === 1 || excludedFlag[i] === 'true';
    if (flagged) inactive++;
    else keep.push(i);
  }
  const pick = (c: ColumnData): ColumnData =>
    c.kind === 'numeric'
      ? { name: c.name, kind: 'numeric', values: Float64Array.from(keep, (i) => c.values[i] as number) }
      : { name: c.name, kind: 'text', values: keep.map((i) => c.values[i] ?? null) };
  const ids = pick(byName.get('user_id')!).values as string[];
  const labels = Uint8Array.from(keep, (i) => (byName.get('churned')!.values as Float64Array)[i] as number);
  const churned = labels.reduce((s, v) => s + v, 0);
  const featureNames = [...CHURN_NUMERIC_FEATURES, ...profileCols, ...(segmentation ? ['segment'] : [])];
  const alive = o.pAlive ? pAliveColumn(byName, keep, o.bgnbd) : null;
  return {
    userIds: ids,
    cutoffs: pick(byName.get('cutoff')!).values as string[],
    labels,
    columns: [...featureNames.map((f) => pick(byName.get(f)!)), ...(alive ? [alive.column] : [])],
    bgnbd: alive?.params ?? null,
    segmentation,
    excluded: { inactive },
    balance: { rows: labels.length, churned, rate: labels.length ? churned / labels.length : 0 },
    notes: [
      ...(cutoffs.length > 1
        ? [`${cutoffs.length} cutoffs ${o.rolling?.gapDays} days apart: users appear once per cutoff`]
        : []),
      ...(segmentation ? [`segment from saved segmentation ${segmentation}`] : []),
    ],
  };
}

/** The users table's profile columns with any value (used as features). */
export async function presentProfileColumns(ws: Workspace): Promise<string[]> {
  const counts = (
    await ws.rows(
      `SELECT ${PROFILE_COLUMNS.map((c) => `count(${ident(c)}) AS ${ident(c)}`).join(', ')} FROM users`,
    )
  )[0];
  return PROFILE_COLUMNS.filter((c) => Number(counts?.[c] ?? 0) > 0);
}

function cutoffList(o: ChurnLabelOptions, n: number): string[] {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(o.cutoff) || Number.isNaN(Date.parse(o.cutoff))) {
    throw new ChurnInputError(`--cutoff: "${o.cutoff}" is not a YYYY-MM-DD date`);
  }
  if (!Number.isInteger(n) || n < 1)
    throw new ChurnInputError(`--inactive-days must be a whole number ≥ 1, not ${n}`);
  if (!o.rolling || o.rolling.count <= 1) return [o.cutoff];
  if (o.rolling.gapDays < n) {
    throw new ChurnInputError(
      `rolling cutoffs ${o.rolling.gapDays} days apart would overlap their ${n}-day label windows: use a gap of at least ${n} days`,
    );
  }
  return Array.from({ length: o.rolling.count }, (_, i) =>
    addDays(o.cutoff, -i * o.rolling!.gapDays),
  ).reverse();
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY * 1000).toISOString().slice(0, 10);
}

/** Bad input to the churn module; the message names the option or column. */
export class ChurnInputError extends Error {
  override name = 'ChurnInputError';
}

/** The users to score at `asOf` (default: the day after the last event) and their features, no labels. */
export async function buildScoringSet(
  ws: Workspace,
  o: Omit<ChurnLabelOptions, 'cutoff' | 'rolling'> & { readonly asOf?: string | undefined },
): Promise<{ asOf: string; userIds: string[]; columns: ColumnData[]; excludedInactive: number }> {
  const last = (await ws.value(`SELECT strftime(max(ts) AT TIME ZONE 'UTC', '%Y-%m-%d') FROM events`)) as
    string | null;
  if (!last) throw new ChurnInputError('the workspace has no events');
  const asOf = o.asOf ?? addDays(last, 1);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf))
    throw new ChurnInputError(`--as-of: "${asOf}" is not a YYYY-MM-DD date`);
  const exclude = o.excludeInactiveDays ?? 30;
  const profileCols = await presentProfileColumns(ws);
  // The model's own segmentation (its recipe says which); none if it was trained without one.
  const segmentation = o.segmentation ?? null;
  const all = await ws.columns(
    `WITH ${featuresAtCutoffSql(asOf, { ...o, cutoff: asOf })}
     SELECT f.uid AS user_id, f.recency_days > ${exclude} AS excluded, ${CHURN_NUMERIC_FEATURES.map((f) => `f.${f}`).join(', ')},
            ${RFM_COLUMNS.map((r) => `f.${r}`).join(', ')}
            ${profileCols.map((p) => `, u.${ident(p)}`).join('')}${segmentSelect(segmentation)}
     FROM features AS f LEFT JOIN users AS u ON u.user_id = f.uid ${segmentJoin(segmentation)} ORDER BY user_id`,
  );
  const byName = new Map(all.map((c) => [c.name, c]));
  const flags = byName.get('excluded')!.values as (string | null)[];
  const keep: number[] = [];
  flags.forEach((v, i) => {
    if (v !== 'true') keep.push(i);
  });
  const pick = (c: ColumnData): ColumnData =>
    c.kind === 'numeric'
      ? { name: c.name, kind: 'numeric', values: Float64Array.from(keep, (i) => c.values[i] as number) }
      : { name: c.name, kind: 'text', values: keep.map((i) => c.values[i] ?? null) };
  const alive = o.pAlive ? pAliveColumn(byName, keep, o.bgnbd) : null;
  return {
    asOf,
    userIds: pick(byName.get('user_id')!).values as string[],
    columns: [
      ...[...CHURN_NUMERIC_FEATURES, ...profileCols, ...(segmentation ? ['segment'] : [])].map((f) =>
        pick(byName.get(f)!),
      ),
      ...(alive ? [alive.column] : []),
    ],
    excludedInactive: flags.length - keep.length,
  };
}

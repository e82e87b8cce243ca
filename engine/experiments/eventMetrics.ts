import { DEFAULT_PASSIVE_EVENTS } from '../segments/discover.ts';
import { literal } from '../store/sql.ts';
import { ExperimentInputError } from './errors.ts';
import { horizonDays, parseWorkspaceMetric, type Counter, type WorkspaceMetric } from './metricSpec.ts';
import type { MetricColumn } from './unitSource.ts';

/**
 * Metrics computed from the workspace's events for each unit, in windows that start at its
 * exposure time: the SQL shared by workspace experiments and by assignment files joined to a
 * workspace.
 */

/** Pre-period length for a CUPED or balance covariate given without a number of days. */
const DEFAULT_PRE_DAYS = 14;

/** `json_extract_string` of an event property, quoted so any property name works. */
export function property(name: string): string {
  return `json_extract_string(e.properties, ${literal(`$."${name.replaceAll('"', '\\"')}"`)})`;
}

export const day = (n: number): string => `INTERVAL ${n} DAY`;
const passive = `regexp_matches(e.event, ${literal(DEFAULT_PASSIVE_EVENTS)})`;

/**
 * Events with a `new_session` flag, for metrics that count sessions: the session id changes, or,
 * without ids, 30 minutes pass without an (active) event — the usual sessionisation rule.
 */
const EVENTS_WITH_SESSIONS = `(
  SELECT *, CASE WHEN regexp_matches(event, ${literal(DEFAULT_PASSIVE_EVENTS)}) THEN false
    ELSE lag(ts) OVER w IS NULL OR epoch(ts) - epoch(lag(ts) OVER w) > 1800
      OR (session_id IS NOT NULL AND session_id IS DISTINCT FROM lag(session_id) OVER w) END AS new_session
  FROM events
  WINDOW w AS (PARTITION BY coalesce(user_id, anonymous_id), regexp_matches(event, ${literal(DEFAULT_PASSIVE_EVENTS)}) ORDER BY ts))`;

const usesSessions = (m: WorkspaceMetric): boolean =>
  m.kind === 'ratio' && (m.num.kind === 'sessions' || m.den.kind === 'sessions');

/** A counter's aggregate over events with ts in [from, to) (to null: no upper bound). */
function counterSql(c: Counter, from: string, to: string | null): string {
  const span = `e.ts >= ${from}${to ? ` AND e.ts < ${to}` : ''}`;
  switch (c.kind) {
    case 'revenue':
      return `coalesce(sum(e.revenue) FILTER (WHERE ${span}), 0)`;
    case 'sessions':
      return `count(*) FILTER (WHERE ${span} AND e.new_session)`;
    case 'events':
      return c.event === null
        ? `count(*) FILTER (WHERE ${span} AND NOT ${passive})`
        : `count(*) FILTER (WHERE ${span} AND e.event = ${literal(c.event)})`;
  }
}

/** The per-unit aggregate of a metric after exposure (raw) and whether its window is complete. */
function metricSql(m: WorkspaceMetric): { raw: string[]; complete: string; label: string } {
  const to = (d: number | null) => (d === null ? null : `u.t + ${day(d)}`);
  const completeBy = (d: number | null) => (d === null ? 'true' : `u.t + ${day(d)} <= b.data_end`);
  const within = (d: number | null) => (d === null ? '' : ` within ${d} days`);
  switch (m.kind) {
    case 'conversion':
      return {
        raw: [
          `max(CASE WHEN e.event = ${literal(m.event)} AND e.ts >= u.t AND e.ts < ${to(m.days)} THEN 1 ELSE 0 END)`,
        ],
        complete: completeBy(m.days),
        label: `${m.days}-day ${m.event} conversion`,
      };
    case 'events':
      return {
        raw: [counterSql({ kind: 'events', event: m.event }, 'u.t', to(m.days))],
        complete: completeBy(m.days),
        label: `${m.event ?? 'events'} per unit${within(m.days)}`,
      };
    case 'revenue':
      return {
        raw: [counterSql({ kind: 'revenue' }, 'u.t', to(m.days))],
        complete: completeBy(m.days),
        label: `revenue per unit${within(m.days)}`,
      };
    case 'retention': {
      const start = `date_trunc('day', u.t) + ${day(m.day)}`;
      return {
        raw: [
          `max(CASE WHEN e.ts >= ${start} AND e.ts < ${start} + ${day(1)} AND NOT ${passive} THEN 1 ELSE 0 END)`,
        ],
        complete: `date_trunc('day', u.t) + ${day(m.day + 1)} <= b.data_end`,
        label: `day-${m.day} retention`,
      };
    }
    case 'ratio': {
      const name = (c: Counter) =>
        c.kind === 'events' ? (c.event ?? 'event') : c.kind === 'sessions' ? 'session' : c.kind;
      return {
        raw: [counterSql(m.num, 'u.t', to(m.days)), counterSql(m.den, 'u.t', to(m.days))],
        complete: completeBy(m.days),
        label: `${name(m.num)} per ${name(m.den)}${within(m.days)}`,
      };
    }
  }
}

/** A covariate spec measured over the days before exposure. */
function preSql(spec: string): { raw: string; days: number } {
  const m = parseWorkspaceMetric(spec);
  if (m.kind === 'retention' || m.kind === 'ratio')
    throw new ExperimentInputError(
      `covariate "${spec}": use a conversion, events or revenue metric measured before exposure`,
    );
  const days = m.days ?? DEFAULT_PRE_DAYS;
  const from = `u.t - ${day(days)}`;
  const raw =
    m.kind === 'conversion'
      ? `max(CASE WHEN e.event = ${literal(m.event)} AND e.ts >= ${from} AND e.ts < u.t THEN 1 ELSE 0 END)`
      : counterSql(
          m.kind === 'revenue' ? { kind: 'revenue' } : { kind: 'events', event: m.event },
          from,
          'u.t',
        );
  return { raw, days };
}

/** What `eventMetricsSql` adds to a units relation. */
export interface EventMetricsSql {
  /** The per-unit aggregates: `SELECT u.<key>, r…, p… FROM <units> u JOIN events …`. */
  readonly aggregates: string;
  /** Output columns over `u` (units), `a` (aggregates) and `b` (`data_end`). */
  readonly columns: string[];
  readonly metrics: { readonly index: number; readonly column: MetricColumn }[];
}

/** The events relation with its data end, for `FROM … CROSS JOIN b`. */
export const DATA_END = '(SELECT max(ts) AS data_end FROM events)';

/**
 * Event metrics for the units of `units` (columns `key`, `unit`, `t`): each metric spec (with its
 * index in the request) gives `m{i}` or `m{i}_num` / `m{i}_den`; pre-period covariates give the
 * named columns (`cov`, `cv0` …). A value whose window runs past the end of the data is NULL.
 */
export function eventMetricsSql(
  units: string,
  key: string,
  specs: readonly { readonly index: number; readonly spec: string }[],
  pre: readonly { readonly column: string; readonly spec: string }[],
): EventMetricsSql {
  const parsed = specs.map((s) => ({ ...s, metric: parseWorkspaceMetric(s.spec) }));
  const sqls = parsed.map((p) => metricSql(p.metric));
  const before = pre.map((p) => ({ ...p, ...preSql(p.spec) }));
  const post = horizonDays(parsed.map((p) => p.metric));
  const preDays = Math.max(0, ...before.map((p) => p.days));
  const aggregates: string[] = [];
  sqls.forEach((s, k) => s.raw.forEach((raw, j) => aggregates.push(`${raw} AS r${k}_${j}`)));
  before.forEach((p, k) => aggregates.push(`${p.raw} AS p${k}`));
  const columns: string[] = [];
  sqls.forEach((s, k) => {
    const i = parsed[k]!.index;
    const value = (j: number) => `CASE WHEN ${s.complete} THEN coalesce(a.r${k}_${j}, 0) END::DOUBLE`;
    if (s.raw.length === 2) columns.push(`${value(0)} AS m${i}_num`, `${value(1)} AS m${i}_den`);
    else columns.push(`${value(0)} AS m${i}`);
  });
  before.forEach((p, k) => columns.push(`coalesce(a.p${k}, 0)::DOUBLE AS ${p.column}`));
  const events = parsed.some((p) => usesSessions(p.metric)) ? EVENTS_WITH_SESSIONS : 'events';
  return {
    aggregates: `SELECT u.${key} ${aggregates.map((x) => `, ${x}`).join('')}
      FROM ${units} u JOIN ${events} e ON coalesce(e.user_id, e.anonymous_id) = u.unit
        AND e.ts >= u.t - ${day(preDays)} ${post === null ? '' : `AND e.ts < u.t + ${day(post)}`}
      GROUP BY u.${key}`,
    columns,
    metrics: parsed.map((p, k) => ({
      index: p.index,
      column: {
        spec: p.spec,
        label: sqls[k]!.label,
        ratio: p.metric.kind === 'ratio',
        binaryHint:
          p.metric.kind === 'conversion' || p.metric.kind === 'retention'
            ? true
            : p.metric.kind === 'ratio'
              ? null
              : false,
      },
    })),
  };
}

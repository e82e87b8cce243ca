import { DEFAULT_PASSIVE_EVENTS } from '../segments/discover.ts';
import { asText } from '../store/jsonSafe.ts';
import { literal } from '../store/sql.ts';
import type { Workspace } from '../store/Workspace.ts';
import type { AnalyzeRequest } from '../api/experimentsContract.ts';
import { ExperimentInputError } from './errors.ts';
import { horizonDays, parseWorkspaceMetric, type Counter, type WorkspaceMetric } from './metricSpec.ts';
import type { MetricColumn, UnitSource } from './unitSource.ts';

/** Pre-period length for a CUPED or balance covariate given without a number of days. */
const DEFAULT_PRE_DAYS = 14;
const EXPOSURE_EVENT = 'Experiment Viewed';

/** `json_extract_string` of an event property, quoted so any property name works. */
function property(name: string): string {
  return `json_extract_string(e.properties, ${literal(`$."${name.replaceAll('"', '\\"')}"`)})`;
}

const day = (n: number): string => `INTERVAL ${n} DAY`;
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

/**
 * An experiment recorded in the workspace's events: units are the users with an `Experiment Viewed`
 * event for it; exposure is their first such event; variant and factors are its properties.
 * Metrics are computed from events after exposure; a unit whose window runs past the end of the
 * data gets no value for that metric (counted as missing) rather than a truncated one.
 */
export async function workspaceSource(
  ws: Workspace,
  request: AnalyzeRequest,
  experiment: string,
): Promise<UnitSource> {
  const conn = await ws.fork();
  try {
    const parsed = request.metrics.map(parseWorkspaceMetric);
    const sqls = parsed.map(metricSql);
    const pre = [request.cuped, ...(request.covariates ?? [])]
      .filter((s): s is string => s !== undefined)
      .map(preSql);
    const post = horizonDays(parsed);
    const preDays = Math.max(0, ...pre.map((p) => p.days));
    const factors = request.factors ?? [];

    const aggregates: string[] = [];
    sqls.forEach((s, i) => s.raw.forEach((raw, j) => aggregates.push(`${raw} AS r${i}_${j}`)));
    pre.forEach((p, i) => aggregates.push(`${p.raw} AS p${i}`));
    const finals: string[] = [];
    sqls.forEach((s, i) => {
      const value = (j: number) => `CASE WHEN ${s.complete} THEN coalesce(a.r${i}_${j}, 0) END::DOUBLE`;
      if (s.raw.length === 2) finals.push(`${value(0)} AS m${i}_num`, `${value(1)} AS m${i}_den`);
      else finals.push(`${value(0)} AS m${i}`);
    });
    let p = 0;
    if (request.cuped) finals.push(`coalesce(a.p${p++}, 0)::DOUBLE AS cov`);
    (request.covariates ?? []).forEach((_c, i) => finals.push(`coalesce(a.p${p++}, 0)::DOUBLE AS cv${i}`));

    const expLiteral = literal(experiment);
    const sql = `
      CREATE TEMP TABLE exp_units AS
      WITH viewed AS (
        SELECT coalesce(e.user_id, e.anonymous_id) AS unit, e.ts, ${property(request.variant)} AS variant
               ${factors.map((f, i) => `, ${property(f)} AS f${i}`).join('')}
        FROM events e
        WHERE e.event = ${literal(EXPOSURE_EVENT)} AND coalesce(e.user_id, e.anonymous_id) IS NOT NULL
          AND (${property('experiment_id')} = ${expLiteral} OR ${property('experiment_name')} = ${expLiteral})
      ),
      units AS (
        SELECT unit, min(ts) AS t, arg_min(variant, ts) AS variant, count(DISTINCT variant) AS nvariants
               ${factors.map((_f, i) => `, arg_min(f${i}, ts) AS f${i}`).join('')}
        FROM viewed GROUP BY unit
      ),
      b AS (SELECT max(ts) AS data_end FROM events),
      a AS (
        SELECT u.unit ${aggregates.map((x) => `, ${x}`).join('')}
        FROM units u JOIN ${parsed.some(usesSessions) ? EVENTS_WITH_SESSIONS : 'events'} e ON coalesce(e.user_id, e.anonymous_id) = u.unit
          AND e.ts >= u.t - ${day(preDays)} ${post === null ? '' : `AND e.ts < u.t + ${day(post)}`}
        GROUP BY u.unit
      )
      SELECT row_number() OVER (ORDER BY u.unit) AS _row, u.unit, u.variant, u.nvariants, u.t
             ${factors.map((_f, i) => `, u.f${i}`).join('')} ${finals.map((f) => `, ${f}`).join('')}
      FROM units u CROSS JOIN b LEFT JOIN a ON a.unit = u.unit`;
    await conn.run(sql);
    const units = Number(await conn.value('SELECT count(*) FROM exp_units'));
    if (units === 0) {
      const known = await conn.rows(
        `SELECT DISTINCT ${property('experiment_id')} AS id FROM events e WHERE e.event = ${literal(EXPOSURE_EVENT)} LIMIT 20`,
      );
      const ids = known.filter((r) => r.id !== null).map((r) => asText(r.id));
      throw new ExperimentInputError(
        `experiment "${experiment}": no ${EXPOSURE_EVENT} events in this workspace${ids.length ? ` (experiments: ${ids.join(', ')})` : ''}`,
      );
    }
    const metrics: MetricColumn[] = parsed.map((m, i) => ({
      spec: request.metrics[i] ?? '',
      label: sqls[i]?.label ?? '',
      ratio: m.kind === 'ratio',
      binaryHint:
        m.kind === 'conversion' || m.kind === 'retention' ? true : m.kind === 'ratio' ? null : false,
    }));
    return {
      ws: conn,
      relation: '(SELECT * FROM exp_units)',
      label: experiment,
      unitColumn: 'user_id',
      metrics,
      covariates: request.covariates ?? [],
      hasTime: true,
      perUnit: true,
      rowsAreUnits: false,
      close: () => conn.close(),
    };
  } catch (error) {
    conn.close();
    throw error;
  }
}

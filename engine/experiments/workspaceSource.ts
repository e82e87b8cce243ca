import { asText } from '../store/jsonSafe.ts';
import { literal } from '../store/sql.ts';
import type { Workspace } from '../store/Workspace.ts';
import type { AnalyzeRequest } from '../api/experimentsContract.ts';
import { ExperimentInputError } from './errors.ts';
import { DATA_END, eventMetricsSql, property } from './eventMetrics.ts';
import type { UnitSource } from './unitSource.ts';

const EXPOSURE_EVENT = 'Experiment Viewed';

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
    const factors = request.factors ?? [];
    const pre = [
      ...(request.cuped ? [{ column: 'cov', spec: request.cuped }] : []),
      ...(request.covariates ?? []).map((spec, i) => ({ column: `cv${i}`, spec })),
    ];
    const events = eventMetricsSql(
      'units',
      'unit',
      request.metrics.map((spec, index) => ({ index, spec })),
      pre,
    );
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
      b AS ${DATA_END},
      a AS (${events.aggregates})
      SELECT row_number() OVER (ORDER BY u.unit) AS _row, u.unit, u.variant, u.nvariants, u.t
             ${factors.map((_f, i) => `, u.f${i}`).join('')} ${events.columns.map((f) => `, ${f}`).join('')}
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
    const metrics = events.metrics.map((m) => m.column);
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

import { openDataFile } from '../store/dataFile.ts';
import { ident } from '../store/sql.ts';
import type { Workspace } from '../store/Workspace.ts';
import type { AnalyzeRequest } from '../api/experimentsContract.ts';
import { ExperimentInputError } from './errors.ts';
import { DATA_END, eventMetricsSql } from './eventMetrics.ts';
import { parseColumnRatio, parseWorkspaceMetric } from './metricSpec.ts';
import type { MetricColumn, UnitSource } from './unitSource.ts';

const UNIT_GUESSES = ['user_id', 'userid', 'unit', 'unit_id', 'customer_id', 'id'];
const NUMERIC =
  /^(DOUBLE|FLOAT|REAL|DECIMAL.*|TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|BOOLEAN)$/;

/**
 * An assignments file (CSV, Parquet or JSON lines: one row per unit) as a unit source. CSV and JSON
 * are parsed once into a temporary table, since every later query scans them again; Parquet is
 * scanned in place. `_row` numbers rows in file order so a duplicated unit keeps its first row.
 *
 * With a workspace, a metric or covariate that is not a column of the file is a metric spec
 * (`conversion:EVENT:7`, `revenue:14` …) computed from the workspace's events of each unit (its id
 * is the user id) in a window from its exposure time (`time`).
 */
export async function fileSource(
  request: AnalyzeRequest,
  path: string,
  workspace: Workspace | null,
): Promise<UnitSource> {
  const file = await openDataFile(path, (message) => new ExperimentInputError(message));
  const { types, name } = file;
  const isColumnMetric = (spec: string) => {
    const ratio = parseColumnRatio(spec, false);
    return types.has(spec) || (ratio !== null && types.has(ratio.num) && types.has(ratio.den));
  };
  // Metrics and covariates that are not columns of the file come from the workspace's events.
  const fromEventSpecs =
    workspace === null
      ? []
      : [...request.metrics, ...(request.cuped ? [request.cuped] : []), ...(request.covariates ?? [])].filter(
          (s) => !isColumnMetric(s),
        );
  const fromEvents = workspace !== null && fromEventSpecs.length > 0;
  for (const spec of fromEventSpecs) {
    try {
      parseWorkspaceMetric(spec);
    } catch (error) {
      file.ws.close();
      const known = [...types.keys()].slice(0, 30).join(', ');
      throw new ExperimentInputError(
        `${name}: "${spec}" is neither a column (columns: ${known}) nor a metric of the workspace's events (${(error as Error).message})`,
      );
    }
  }
  let ws = file.ws;
  if (fromEvents) {
    file.ws.close();
    ws = await workspace.fork();
  }
  try {
    const column = (col: string, role: string): string => {
      if (!types.has(col)) {
        const known = [...types.keys()].slice(0, 30).join(', ');
        throw new ExperimentInputError(`${name}: no ${role} column "${col}" (columns: ${known})`);
      }
      return ident(col);
    };
    const numeric = (col: string, role: string): string => {
      const sql = column(col, role);
      const type = types.get(col) ?? '';
      if (!NUMERIC.test(type))
        throw new ExperimentInputError(
          `${name}: ${role} column "${col}" is ${type}, not numeric (metrics must be numbers or true/false)`,
        );
      return `CAST(${sql} AS DOUBLE)`;
    };
    // Without an id column (Hillstrom, the fast-food test) every row is a unit of its own.
    const unitName = request.unit ?? UNIT_GUESSES.find((g) => types.has(g)) ?? null;
    const select = [
      unitName === null ? 'NULL::VARCHAR AS unit' : `CAST(${column(unitName, 'unit')} AS VARCHAR) AS unit`,
      `CAST(${column(request.variant, 'variant')} AS VARCHAR) AS variant`,
      ...(request.factors ?? []).map((f, i) => `CAST(${column(f, 'factor')} AS VARCHAR) AS f${i}`),
      request.time ? `CAST(${column(request.time, 'time')} AS TIMESTAMPTZ) AS t` : 'NULL::TIMESTAMPTZ AS t',
    ];
    const eventSpecs: { index: number; spec: string }[] = [];
    const eventPre: { column: string; spec: string }[] = [];
    const metrics: (MetricColumn | null)[] = request.metrics.map((spec, i) => {
      if (fromEvents && !isColumnMetric(spec)) {
        eventSpecs.push({ index: i, spec });
        return null;
      }
      const ratio = parseColumnRatio(spec);
      if (ratio) {
        select.push(
          `${numeric(ratio.num, 'metric')} AS m${i}_num`,
          `${numeric(ratio.den, 'metric')} AS m${i}_den`,
        );
        return { spec, label: `${ratio.num} per ${ratio.den}`, ratio: true, binaryHint: null };
      }
      select.push(`${numeric(spec, 'metric')} AS m${i}`);
      return { spec, label: spec, ratio: false, binaryHint: types.get(spec) === 'BOOLEAN' ? true : null };
    });
    const covariate = (spec: string, column: string, role: string, fill: boolean) => {
      if (fromEvents && !isColumnMetric(spec)) eventPre.push({ column, spec });
      else select.push(`${fill ? `coalesce(${numeric(spec, role)}, 0)` : numeric(spec, role)} AS ${column}`);
    };
    if (request.cuped) covariate(request.cuped, 'cov', 'CUPED covariate', true);
    const covariates = request.covariates ?? [];
    covariates.forEach((c, i) => covariate(c, `cv${i}`, 'covariate', false));
    if (fromEvents && unitName === null)
      throw new ExperimentInputError(
        `${name}: metrics from the workspace's events need the unit column holding user ids (--unit COL)`,
      );
    if (fromEvents && !request.time)
      throw new ExperimentInputError(
        `${name}: metrics from the workspace's events are measured from each unit's exposure: give its time column (--time COL)`,
      );

    const where = request.where ? `WHERE ${request.where}` : '';
    let relation: string;
    try {
      if (fromEvents) {
        await ws.run(
          `CREATE TEMP TABLE exp_rows AS SELECT ${select.join(', ')} FROM ${file.reader} ${where}`,
        );
        const rows = '(SELECT rowid AS _row, * FROM exp_rows)';
        const events = eventMetricsSql(rows, '_row', eventSpecs, eventPre);
        for (const m of events.metrics) metrics[m.index] = m.column;
        await ws.run(`CREATE TEMP TABLE exp_units AS
          SELECT u.* ${events.columns.map((c) => `, ${c}`).join('')}
          FROM ${rows} u CROSS JOIN ${DATA_END} b LEFT JOIN (${events.aggregates}) a ON a._row = u._row`);
        relation = '(SELECT * FROM exp_units)';
      } else if (file.isParquet) {
        const reader = file.reader.replace(/\)$/, ', file_row_number = true)');
        relation = `(SELECT file_row_number AS _row, ${select.join(', ')} FROM ${reader} ${where})`;
        if (unitName === null)
          relation = `(SELECT * REPLACE (CAST(_row + 1 AS VARCHAR) AS unit) FROM ${relation})`;
        await ws.rows(`SELECT * FROM ${relation} LIMIT 0`);
      } else {
        await ws.run(
          `CREATE TEMP TABLE exp_rows AS SELECT ${select.join(', ')} FROM ${file.reader} ${where}`,
        );
        relation =
          unitName === null
            ? '(SELECT rowid AS _row, * REPLACE (CAST(rowid + 1 AS VARCHAR) AS unit) FROM exp_rows)'
            : '(SELECT rowid AS _row, * FROM exp_rows)';
      }
    } catch (error) {
      if (error instanceof ExperimentInputError) throw error;
      throw new ExperimentInputError(
        `${name}: ${String(error)
          .split('\n')[0]
          ?.replace(/^Error: /, '')}`,
      );
    }
    return {
      ws,
      relation,
      label: name,
      unitColumn: unitName ?? 'row',
      metrics: metrics.map((m) => m!),
      covariates,
      hasTime: request.time !== undefined,
      perUnit: false,
      rowsAreUnits: unitName === null,
      close: () => ws.close(),
    };
  } catch (error) {
    ws.close();
    throw error;
  }
}

import { openDataFile } from '../store/dataFile.ts';
import { ident } from '../store/sql.ts';
import type { AnalyzeRequest } from '../api/experimentsContract.ts';
import { ExperimentInputError } from './errors.ts';
import { parseColumnRatio } from './metricSpec.ts';
import type { MetricColumn, UnitSource } from './unitSource.ts';

const UNIT_GUESSES = ['user_id', 'userid', 'unit', 'unit_id', 'customer_id', 'id'];
const NUMERIC =
  /^(DOUBLE|FLOAT|REAL|DECIMAL.*|TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|BOOLEAN)$/;

/**
 * An assignments file (CSV, Parquet or JSON lines: one row per unit) as a unit source. CSV and JSON
 * are parsed once into a temporary table, since every later query scans them again; Parquet is
 * scanned in place. `_row` numbers rows in file order so a duplicated unit keeps its first row.
 */
export async function fileSource(request: AnalyzeRequest, path: string): Promise<UnitSource> {
  const file = await openDataFile(path, (message) => new ExperimentInputError(message));
  const { ws, types, name } = file;
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
    const metrics: MetricColumn[] = request.metrics.map((spec, i) => {
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
    if (request.cuped) select.push(`coalesce(${numeric(request.cuped, 'CUPED covariate')}, 0) AS cov`);
    const covariates = request.covariates ?? [];
    covariates.forEach((c, i) => select.push(`${numeric(c, 'covariate')} AS cv${i}`));

    const where = request.where ? `WHERE ${request.where}` : '';
    let relation: string;
    try {
      if (file.isParquet) {
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
      metrics,
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

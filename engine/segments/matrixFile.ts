import { basename, extname } from 'node:path';
import { float64Values, matrix, type Matrix } from '../analysis/matrix.ts';
import { ident } from '../store/sql.ts';
import { asText } from '../store/jsonSafe.ts';
import { NUMERIC_SQL_TYPE, openDataFile } from '../store/dataFile.ts';
import { SegmentInputError } from './discover.ts';

export interface MatrixFile {
  readonly matrix: Matrix;
  readonly columns: readonly string[];
}

/**
 * Reads a numeric matrix from a CSV or Parquet file with DuckDB's readers, rows in file order.
 * Without `columns`, every numeric column is a feature. Errors name the file, and the column and
 * line of a bad value: a text column, an empty or non-finite cell.
 */
export async function readMatrixFile(path: string, columns?: readonly string[]): Promise<MatrixFile> {
  const ext = extname(path.replace(/\.gz$/i, '')).toLowerCase();
  if (ext !== '.parquet' && !['.csv', '.tsv', '.txt'].includes(ext)) {
    throw new SegmentInputError(`${basename(path)}: expected a .csv or .parquet matrix`);
  }
  const { name, isParquet, reader, lineOffset, types, ws } = await openDataFile(
    path,
    (m) => new SegmentInputError(m),
  );
  const where = isParquet ? 'row' : 'line';
  try {
    const chosen =
      columns && columns.length > 0
        ? [...columns]
        : [...types].filter(([, t]) => NUMERIC_SQL_TYPE.test(t)).map(([c]) => c);
    for (const c of chosen) {
      const type = types.get(c);
      if (type === undefined) {
        throw new SegmentInputError(`${name}: no column "${c}" (columns: ${[...types.keys()].join(', ')})`);
      }
      if (!NUMERIC_SQL_TYPE.test(type)) {
        const bad = await ws.rows(
          `SELECT n, v FROM (SELECT row_number() OVER () AS n, CAST(${ident(c)} AS VARCHAR) AS v FROM ${reader})
           WHERE v IS NOT NULL AND TRY_CAST(v AS DOUBLE) IS NULL LIMIT 1`,
        );
        const first = bad[0];
        throw new SegmentInputError(
          first
            ? `${name}:${Number(first.n) - 1 + lineOffset}: column "${c}" is not numeric ("${asText(first.v)}")`
            : `${name}: column "${c}" is not numeric (${type})`,
        );
      }
    }
    if (chosen.length === 0) throw new SegmentInputError(`${name}: no numeric column to cluster`);
    const data = await ws.columns(
      `SELECT ${chosen.map((c) => `CAST(${ident(c)} AS DOUBLE) AS ${ident(c)}`).join(', ')} FROM ${reader}`,
    );
    const rows = data[0]?.values.length ?? 0;
    if (rows === 0) throw new SegmentInputError(`${name}: no data rows`);
    const values = float64Values(rows * chosen.length);
    data.forEach((col, j) => {
      const v = col.values as Float64Array;
      for (let i = 0; i < rows; i++) {
        const x = v[i] as number;
        if (!Number.isFinite(x)) {
          throw new SegmentInputError(
            `${name}:${i + lineOffset}: column "${col.name}" is ${Number.isNaN(x) ? 'empty or NaN' : 'infinite'}; drop or fill such ${where}s first`,
          );
        }
        values[i * chosen.length + j] = x;
      }
    });
    return { matrix: matrix(rows, chosen.length, values), columns: chosen };
  } finally {
    ws.close();
  }
}

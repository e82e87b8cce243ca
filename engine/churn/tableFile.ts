import { ident, literal } from '../store/sql.ts';
import { asText } from '../store/jsonSafe.ts';
import { NUMERIC_SQL_TYPE, openDataFile } from '../store/dataFile.ts';
import type { ColumnData, Workspace } from '../store/Workspace.ts';
import { ChurnInputError } from './dataset.ts';

export interface LabelledTable {
  readonly columns: ColumnData[];
  readonly labels: Uint8Array;
  /** Which label value counts as positive (1), as written in the file. */
  readonly positive: string;
  readonly rows: number;
  readonly notes: string[];
}

const POSITIVE = ['1', 'true', 'yes', 'y', 'churned', 'churn', 'positive'];
const NEGATIVE = ['0', 'false', 'no', 'n', 'stayed', 'retained', 'negative'];

/**
 * Reads a feature table with a binary label column from CSV or Parquet. Every other column is a
 * feature: numeric columns as numbers, a text column whose non-blank values are all numbers as
 * numbers (blanks missing — Telco's `TotalCharges`), other text columns as categories. A text
 * column whose values are nearly all distinct is an identifier and is left out, with a note.
 */
export async function readLabelledTable(path: string, label: string): Promise<LabelledTable> {
  const { name, isParquet, reader, types, ws } = await openDataFile(path, (m) => new ChurnInputError(m));
  try {
    if (!types.has(label))
      throw new ChurnInputError(
        `${name}: no label column "${label}" (columns: ${[...types.keys()].join(', ')})`,
      );
    const rows = Number(await ws.value(`SELECT count(*) FROM ${reader}`));
    if (rows === 0) throw new ChurnInputError(`${name}: no data rows`);

    const distinctLabels = (
      await ws.rows(
        `SELECT DISTINCT lower(trim(CAST(${ident(label)} AS VARCHAR))) AS v FROM ${reader} ORDER BY v`,
      )
    ).map((r) => (r.v === null ? null : asText(r.v)));
    if (distinctLabels.includes(null)) {
      const line = await firstLine(ws, reader, `${ident(label)} IS NULL`, isParquet);
      throw new ChurnInputError(`${name}:${line}: column "${label}": the label is empty`);
    }
    const values = distinctLabels as string[];
    const positive = values.find((v) => POSITIVE.includes(v));
    const negative = values.find((v) => NEGATIVE.includes(v));
    if (values.length !== 2 || !positive || !negative) {
      const odd = values.find((v) => !POSITIVE.includes(v) && !NEGATIVE.includes(v));
      if (odd !== undefined) {
        const line = await firstLine(
          ws,
          reader,
          `lower(trim(CAST(${ident(label)} AS VARCHAR))) = ${literal(odd)}`,
          isParquet,
        );
        throw new ChurnInputError(
          `${name}:${line}: column "${label}": "${odd}" is not a binary label (expected 0/1, true/false or yes/no)`,
        );
      }
      throw new ChurnInputError(
        `${name}: column "${label}" has only the value "${values[0]}": training needs both classes`,
      );
    }

    const notes: string[] = [];
    const selects: string[] = [];
    for (const [column, type] of types) {
      if (column === label) continue;
      if (NUMERIC_SQL_TYPE.test(type)) {
        selects.push(`CAST(${ident(column)} AS DOUBLE) AS ${ident(column)}`);
        continue;
      }
      const q = (
        await ws.rows(
          `SELECT count(*) FILTER (trim(CAST(${ident(column)} AS VARCHAR)) <> '') AS filled,
                  count(*) FILTER (trim(CAST(${ident(column)} AS VARCHAR)) <> '' AND TRY_CAST(trim(CAST(${ident(column)} AS VARCHAR)) AS DOUBLE) IS NULL) AS text,
                  count(DISTINCT ${ident(column)}) AS distinct_values
           FROM ${reader}`,
        )
      )[0]!;
      const filled = Number(q.filled);
      if (filled === 0) {
        notes.push(`column "${column}" is empty in every row: left out`);
        continue;
      }
      if (Number(q.text) === 0) {
        selects.push(
          `TRY_CAST(nullif(trim(CAST(${ident(column)} AS VARCHAR)), '') AS DOUBLE) AS ${ident(column)}`,
        );
        if (filled < rows) notes.push(`column "${column}": ${rows - filled} blank value(s) read as missing`);
        continue;
      }
      if (Number(q.distinct_values) > 0.9 * rows && rows > 20) {
        notes.push(
          `column "${column}" looks like an identifier (${Number(q.distinct_values)} distinct values): left out`,
        );
        continue;
      }
      selects.push(`nullif(trim(CAST(${ident(column)} AS VARCHAR)), '') AS ${ident(column)}`);
    }
    if (selects.length === 0) throw new ChurnInputError(`${name}: no feature columns besides "${label}"`);
    const columns = await ws.columns(
      `SELECT ${selects.join(', ')}, lower(trim(CAST(${ident(label)} AS VARCHAR))) = ${literal(positive)} AS __label FROM ${reader}`,
    );
    const labelColumn = columns.pop()!;
    const labels = Uint8Array.from(labelColumn.values as (string | null)[], (v) => (v === 'true' ? 1 : 0));
    return { columns, labels, positive, rows, notes };
  } finally {
    ws.close();
  }
}

async function firstLine(ws: Workspace, reader: string, where: string, isParquet: boolean): Promise<number> {
  const r = await ws.value(
    `SELECT min(n) FROM (SELECT row_number() OVER () AS n, * FROM ${reader}) WHERE ${where}`,
  );
  return Number(r) + (isParquet ? 0 : 1);
}

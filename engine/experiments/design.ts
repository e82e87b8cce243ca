import { assignBalanced, fullFactorial, type Factor } from '../analysis/stats/design.ts';
import { openDataFile } from '../store/dataFile.ts';
import { ident, literal } from '../store/sql.ts';
import { Workspace } from '../store/Workspace.ts';
import { ExperimentInputError } from './errors.ts';

/**
 * A full-factorial design written as an assignment table: one row per unit with its cell and the
 * level of every factor. Units come from a file column or are numbered `u0000001` …; the salt
 * (`seed`) makes the balanced assignment reproducible.
 */
export interface DesignRequest {
  readonly factors: readonly Factor[];
  readonly units: number | { readonly file: string; readonly column?: string | undefined };
  readonly seed: string;
  readonly out: string;
}

async function unitIds(units: DesignRequest['units']): Promise<string[]> {
  if (typeof units === 'number') {
    const width = String(units).length;
    return Array.from({ length: units }, (_x, i) => `u${String(i + 1).padStart(width, '0')}`);
  }
  const file = await openDataFile(units.file, (message) => new ExperimentInputError(message));
  try {
    const column = units.column ?? [...file.types.keys()][0];
    if (column === undefined || !file.types.has(column))
      throw new ExperimentInputError(
        `${file.name}: no column "${column ?? ''}" (columns: ${[...file.types.keys()].join(', ')})`,
      );
    const rows = await file.ws.columns(`SELECT CAST(${ident(column)} AS VARCHAR) FROM ${file.reader}`);
    const ids = (rows[0]?.values ?? []) as (string | null)[];
    const empty = ids.findIndex((v) => v === null || v === '');
    if (empty >= 0)
      throw new ExperimentInputError(
        `${file.name}: line ${empty + file.lineOffset}: the unit id in column "${column}" is empty`,
      );
    return ids as string[];
  } finally {
    file.ws.close();
  }
}

export async function writeDesign(request: DesignRequest) {
  let cells;
  try {
    cells = fullFactorial(request.factors);
  } catch (error) {
    if (error instanceof RangeError) throw new ExperimentInputError(`design: ${error.message}`);
    throw error;
  }
  const units = await unitIds(request.units);
  let assigned: Uint32Array;
  try {
    assigned = assignBalanced(units, cells, request.seed);
  } catch (error) {
    if (error instanceof RangeError) throw new ExperimentInputError(`design: ${error.message}`);
    throw error;
  }
  const ws = await Workspace.memory();
  try {
    const factorColumns = request.factors.map((f) => `${ident(f.name)} VARCHAR`).join(', ');
    await ws.run(`CREATE TEMP TABLE design (unit VARCHAR, cell VARCHAR, ${factorColumns})`);
    const cellOf = Array.from(assigned, (k) => cells[k]!);
    await ws.append('design', [
      { kind: 'text', values: units },
      { kind: 'text', values: cellOf.map((c) => c.id) },
      ...request.factors.map((f) => ({
        kind: 'text' as const,
        values: cellOf.map((c) => c.levels[f.name] ?? ''),
      })),
    ]);
    const parquet = /\.parquet$/i.test(request.out);
    try {
      await ws.run(
        `COPY design TO ${literal(request.out)} (FORMAT ${parquet ? 'parquet' : 'csv'}${parquet ? '' : ', HEADER true'})`,
      );
    } catch (error) {
      throw new ExperimentInputError(`cannot write ${request.out}: ${String(error).split('\n')[0]}`);
    }
    const sizes = new Uint32Array(cells.length);
    for (const k of assigned) sizes[k] = (sizes[k] ?? 0) + 1;
    return {
      out: request.out,
      units: units.length,
      cells: cells.map((c, k) => ({ id: c.id, levels: c.levels, n: sizes[k] ?? 0 })),
    };
  } finally {
    ws.close();
  }
}

import type { Workspace } from '../store/Workspace.ts';
import { ident } from '../store/sql.ts';
import { firstLine } from '../store/firstLine.ts';
import type { ChartKind } from './contract.ts';
import { ApiError } from './errors.ts';
import type { SqlResults } from './sqlResults.ts';
import { bar, histogram, line, scatter } from './chartKinds.ts';
import { topColors, type Agg, type ChartInput, type ChartOutput, type Drawn } from './chartSql.ts';
import { valueKind, type ValueKind } from './valueKind.ts';

export { decodeF64, defaultMaxPoints, f64, type ChartInput, type ChartOutput } from './chartSql.ts';
export { valueKind } from './valueKind.ts';

/**
 * A chart of a kept SQL result, computed in DuckDB so that only what is drawn leaves it:
 * - bar: y aggregated per x category (the 50 largest), per colour group;
 * - line: y aggregated per x, or per one of 1,000 equal-width x bins when x has more than 10,000 values;
 * - histogram: counts in 60 equal-width bins of x (one bin per value for small integer ranges);
 * - scatter: every (x, y) pair up to `maxPoints` (drawn with WebGL), above that a 200 × 200
 *   2-D histogram of counts, said so in `note`.
 */
export async function chartResult(
  ws: Workspace,
  results: SqlResults,
  input: ChartInput,
): Promise<ChartOutput> {
  const started = performance.now();
  const { table, columns } = await results.table(input.resultId);
  const kindOf = (name: string | undefined): ValueKind | undefined => {
    if (name === undefined) return undefined;
    const column = columns.find((c) => c.name === name);
    if (!column)
      throw new ApiError(
        'InvalidInput',
        `sql.chart: the result has no column "${name}" (columns: ${columns.map((c) => c.name).join(', ')})`,
      );
    return valueKind(column.type);
  };
  const xKind = kindOf(input.x)!;
  const yKind = kindOf(input.y);
  kindOf(input.color);
  const t = ident(table);
  const agg: Agg = input.agg ?? (input.y === undefined ? 'count' : 'sum');
  const yTitle =
    input.kind === 'histogram' || agg === 'count' || input.y === undefined
      ? 'rows'
      : input.kind === 'scatter'
        ? input.y
        : `${agg} of ${input.y}`;
  const base = { kind: input.kind, xTitle: input.x, yTitle };
  try {
    const drawn = await draw(ws, t, input, xKind, yKind, agg);
    return { ...base, ...drawn, seconds: (performance.now() - started) / 1000 };
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw new ApiError('SqlError', `sql.chart: ${firstLine(error)}`);
  }
}

async function draw(
  ws: Workspace,
  t: string,
  input: ChartInput,
  xKind: ValueKind,
  yKind: ValueKind | undefined,
  agg: Agg,
): Promise<Drawn> {
  const kind: ChartKind = input.kind;
  const rows = Number(await ws.value(`SELECT count(*) FROM ${t}`));
  const filter = input.color ? await topColors(ws, t, input.color) : null;
  const job = { ws, t, input, xKind, yKind, agg, rows, filter };
  switch (kind) {
    case 'bar':
      return bar(job);
    case 'line':
      return line(job);
    case 'histogram':
      return histogram(job);
    case 'scatter':
      return scatter(job);
  }
}

import type { DuckDBDoubleVector } from '@duckdb/node-api';
import type { Workspace } from '../store/Workspace.ts';
import { asText } from '../store/jsonSafe.ts';
import { ident, literal } from '../store/sql.ts';
import type { ChartColumnWire, Input, Output } from './contract.ts';
import { ApiError } from './errors.ts';
import type { ValueKind } from './valueKind.ts';

/** The SQL building blocks and limits of `sql.chart`, shared by its chart kinds (chartKinds.ts). */

export type ChartInput = Input<'sql.chart'>;
export type ChartOutput = Output<'sql.chart'>;
export type Agg = NonNullable<ChartInput['agg']>;

/** Scatter points sent one by one up to this many (WebGL draws them); above, a 2-D histogram. */
export const defaultMaxPoints = 1_000_000;
/** Categories of a bar chart, largest first. */
export const MAX_CATEGORIES = 50;
/** Colour groups (series) of any chart, largest first. */
export const MAX_SERIES = 10;
/** A line chart groups by x up to this many x values; above, x is cut into LINE_BINS bins. */
export const MAX_LINE_X = 10_000;
export const LINE_BINS = 1_000;
export const HISTOGRAM_BINS = 60;
export const DENSITY_BINS = 200;

/** The column as a DOUBLE: numbers as they are, times as milliseconds since the epoch (UTC). */
export function numeric(name: string, kind: ValueKind): string {
  return kind === 'time'
    ? `CAST(epoch_ms(CAST(${ident(name)} AS TIMESTAMP)) AS DOUBLE)`
    : `CAST(${ident(name)} AS DOUBLE)`;
}

export const label = (name: string) => `CAST(${ident(name)} AS VARCHAR)`;

export function aggregate(agg: Agg, y: string | undefined, yKind: ValueKind | undefined): string {
  if (agg === 'count' || y === undefined) return 'CAST(count(*) AS DOUBLE)';
  if (yKind !== 'number') throw new ApiError('InvalidInput', `sql.chart: y column "${y}" is not numeric`);
  return `CAST(${agg}(CAST(${ident(y)} AS DOUBLE)) AS DOUBLE)`;
}

/** A Float64Array as the wire's compact numeric column. */
export function f64(values: Float64Array): ChartColumnWire {
  return { f64: Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('base64') };
}

/** The inverse of `f64` (tests and Node clients). */
export function decodeF64(column: ChartColumnWire): Float64Array {
  if (!('f64' in column)) throw new Error('not a numeric column');
  const bytes = Buffer.from(column.f64, 'base64');
  return new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

/**
 * Reads DOUBLE columns of a query straight from DuckDB's vectors into typed arrays (no row
 * objects), so a million points cost a few milliseconds in JavaScript. NULL becomes NaN.
 */
export async function doubles(ws: Workspace, sql: string, columns: number): Promise<Float64Array[]> {
  const result = await ws.connection.run(sql);
  const out = Array.from({ length: columns }, () => new Float64Array(result.rowCount));
  let at = 0;
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    const n = chunk.rowCount;
    for (let c = 0; c < columns; c++) {
      const vector = chunk.getColumnVector(c) as DuckDBDoubleVector;
      const target = out[c]!;
      for (let i = 0; i < n; i++) target[at + i] = vector.getItem(i) ?? Number.NaN;
    }
    at += n;
  }
  return at === result.rowCount ? out : out.map((a) => a.subarray(0, at));
}

export interface ColorFilter {
  /** SQL for the series name of a row. */
  expr: string;
  names: string[];
  dropped: number;
}

/** The largest colour groups (at most 10); rows of the others are left out, and the note says so. */
export async function topColors(ws: Workspace, t: string, color: string): Promise<ColorFilter> {
  const groups = await ws.rows(
    `SELECT coalesce(${label(color)}, 'NULL') AS c, count(*) AS n FROM ${t} GROUP BY 1 ORDER BY n DESC, c LIMIT ${MAX_SERIES + 1}`,
  );
  const total = Number(await ws.value(`SELECT count(DISTINCT coalesce(${label(color)}, 'NULL')) FROM ${t}`));
  const names = groups.slice(0, MAX_SERIES).map((g) => asText(g.c));
  return { expr: `coalesce(${label(color)}, 'NULL')`, names, dropped: Math.max(0, total - names.length) };
}

export function colorWhere(filter: ColorFilter | null): string {
  return filter ? `${filter.expr} IN (${filter.names.map(literal).join(', ')})` : 'true';
}

export function colorNote(filter: ColorFilter | null, color: string | undefined): string[] {
  return filter && filter.dropped > 0
    ? [
        `showing the ${filter.names.length} largest groups of ${color}; ${filter.dropped} smaller ones are left out`,
      ]
    : [];
}

/** Splits grouped rows {s, x, y} into one series per colour, in the filter's order. */
export function bySeries<X>(
  rows: { s: string | null; x: X; y: number }[],
  filter: ColorFilter | null,
  column: (xs: X[]) => ChartColumnWire,
): ChartOutput['series'] {
  const names = filter ? filter.names : [null];
  return names.map((name) => {
    const mine = rows.filter((r) => r.s === name);
    return {
      name,
      x: column(mine.map((r) => r.x)),
      y: f64(Float64Array.from(mine, (r) => r.y)),
    };
  });
}

export const numbersOf = (xs: number[]) => f64(Float64Array.from(xs));
export const labelsOf = (xs: (string | null)[]) => ({ text: xs });

/** What every chart kind is drawn from: the kept result's table, the request and its columns' kinds. */
export interface ChartJob {
  readonly ws: Workspace;
  /** The result table, quoted. */
  readonly t: string;
  readonly input: ChartInput;
  readonly xKind: ValueKind;
  readonly yKind: ValueKind | undefined;
  readonly agg: Agg;
  /** Rows of the result. */
  readonly rows: number;
  readonly filter: ColorFilter | null;
}

/** A chart as drawn, before its titles and timing are added. */
export type Drawn = Omit<ChartOutput, 'kind' | 'xTitle' | 'yTitle' | 'seconds'>;

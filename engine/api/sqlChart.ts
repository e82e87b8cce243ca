import type { DuckDBDoubleVector } from '@duckdb/node-api';
import type { Workspace } from '../store/Workspace.ts';
import { asText } from '../store/jsonSafe.ts';
import { ident, literal } from '../store/sql.ts';
import { firstLine } from '../store/firstLine.ts';
import type { ChartColumnWire, ChartKind, Input, Output } from './contract.ts';
import { ApiError } from './errors.ts';
import type { SqlResults } from './sqlResults.ts';

export type ChartInput = Input<'sql.chart'>;
export type ChartOutput = Output<'sql.chart'>;
type ValueKind = 'number' | 'time' | 'category';
type Agg = NonNullable<ChartInput['agg']>;

/** Scatter points sent one by one up to this many (WebGL draws them); above, a 2-D histogram. */
export const defaultMaxPoints = 1_000_000;
/** Categories of a bar chart, largest first. */
const MAX_CATEGORIES = 50;
/** Colour groups (series) of any chart, largest first. */
const MAX_SERIES = 10;
/** A line chart groups by x up to this many x values; above, x is cut into LINE_BINS bins. */
const MAX_LINE_X = 10_000;
const LINE_BINS = 1_000;
const HISTOGRAM_BINS = 60;
const DENSITY_BINS = 200;

/** How a DuckDB column type is charted: a number, a time (as epoch milliseconds), or a label. */
export function valueKind(type: string): ValueKind {
  const t = type.toUpperCase();
  if (
    /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|REAL|DECIMAL)/.test(
      t,
    )
  )
    return 'number';
  if (/^(DATE|TIMESTAMP)/.test(t)) return 'time';
  return 'category';
}

/** The column as a DOUBLE: numbers as they are, times as milliseconds since the epoch (UTC). */
function numeric(name: string, kind: ValueKind): string {
  return kind === 'time'
    ? `CAST(epoch_ms(CAST(${ident(name)} AS TIMESTAMP)) AS DOUBLE)`
    : `CAST(${ident(name)} AS DOUBLE)`;
}

const label = (name: string) => `CAST(${ident(name)} AS VARCHAR)`;

function aggregate(agg: Agg, y: string | undefined, yKind: ValueKind | undefined): string {
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
async function doubles(ws: Workspace, sql: string, columns: number): Promise<Float64Array[]> {
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

type Drawn = Omit<ChartOutput, 'kind' | 'xTitle' | 'yTitle' | 'seconds'>;

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
  const colorFilter = input.color ? await topColors(ws, t, input.color) : null;
  switch (kind) {
    case 'bar':
      return bar(ws, t, input, xKind, yKind, agg, rows, colorFilter);
    case 'line':
      return line(ws, t, input, xKind, yKind, agg, rows, colorFilter);
    case 'histogram':
      return histogram(ws, t, input, xKind, rows, colorFilter);
    case 'scatter':
      return scatter(ws, t, input, xKind, yKind, rows, colorFilter);
  }
}

interface ColorFilter {
  /** SQL for the series name of a row. */
  expr: string;
  names: string[];
  dropped: number;
}

/** The largest colour groups (at most 10); rows of the others are left out, and the note says so. */
async function topColors(ws: Workspace, t: string, color: string): Promise<ColorFilter> {
  const groups = await ws.rows(
    `SELECT coalesce(${label(color)}, 'NULL') AS c, count(*) AS n FROM ${t} GROUP BY 1 ORDER BY n DESC, c LIMIT ${MAX_SERIES + 1}`,
  );
  const total = Number(await ws.value(`SELECT count(DISTINCT coalesce(${label(color)}, 'NULL')) FROM ${t}`));
  const names = groups.slice(0, MAX_SERIES).map((g) => asText(g.c));
  return { expr: `coalesce(${label(color)}, 'NULL')`, names, dropped: Math.max(0, total - names.length) };
}

function colorWhere(filter: ColorFilter | null): string {
  return filter ? `${filter.expr} IN (${filter.names.map(literal).join(', ')})` : 'true';
}

function colorNote(filter: ColorFilter | null, color: string | undefined): string[] {
  return filter && filter.dropped > 0
    ? [
        `showing the ${filter.names.length} largest groups of ${color}; ${filter.dropped} smaller ones are left out`,
      ]
    : [];
}

/** Splits grouped rows {s, x, y} into one series per colour, in the filter's order. */
function bySeries<X>(
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

const numbersOf = (xs: number[]) => f64(Float64Array.from(xs));
const labelsOf = (xs: (string | null)[]) => ({ text: xs });

async function bar(
  ws: Workspace,
  t: string,
  input: ChartInput,
  xKind: ValueKind,
  yKind: ValueKind | undefined,
  agg: Agg,
  rows: number,
  filter: ColorFilter | null,
): Promise<Drawn> {
  const series = filter ? filter.expr : 'NULL';
  const y = aggregate(agg, input.y, yKind);
  const x = label(input.x);
  const categories = Number(await ws.value(`SELECT count(DISTINCT ${x}) FROM ${t}`));
  // Categories in order of their total; numbers and times keep their own order.
  const order = xKind === 'category' ? 'total DESC, x' : 'xo';
  const grouped = await ws.rows(
    `WITH g AS (SELECT ${x} AS x, ${xKind === 'category' ? 'NULL' : `min(${numeric(input.x, xKind)})`} AS xo, ${series} AS s, ${y} AS y
                FROM ${t} WHERE ${colorWhere(filter)} GROUP BY ALL),
          totals AS (SELECT x, sum(y) AS total, min(xo) AS xo FROM g GROUP BY x),
          top AS (SELECT x, row_number() OVER (ORDER BY ${order}) AS rank FROM totals)
     SELECT g.s, g.x, g.y FROM g JOIN top USING (x) WHERE top.rank <= ${MAX_CATEGORIES} ORDER BY top.rank, g.s`,
  );
  const data = grouped.map((r) => ({ s: r.s as string | null, x: r.x as string | null, y: Number(r.y) }));
  const notes = colorNote(filter, input.color);
  if (categories > MAX_CATEGORIES)
    notes.unshift(
      `showing ${xKind === 'category' ? 'the largest' : 'the first'} ${MAX_CATEGORIES} of ${categories.toLocaleString('en-US')} values of ${input.x}`,
    );
  return {
    mode: 'grouped',
    xType: 'category',
    series: bySeries(data, filter, labelsOf),
    rows,
    points: data.length,
    note: sentence(notes),
  };
}

async function line(
  ws: Workspace,
  t: string,
  input: ChartInput,
  xKind: ValueKind,
  yKind: ValueKind | undefined,
  agg: Agg,
  rows: number,
  filter: ColorFilter | null,
): Promise<Drawn> {
  const series = filter ? filter.expr : 'NULL';
  const y = aggregate(agg, input.y, yKind);
  const notes = colorNote(filter, input.color);
  if (xKind === 'category') {
    const grouped = await ws.rows(
      `SELECT ${series} AS s, ${label(input.x)} AS x, ${y} AS y FROM ${t} WHERE ${colorWhere(filter)} GROUP BY ALL ORDER BY x LIMIT ${MAX_LINE_X}`,
    );
    const data = grouped.map((r) => ({ s: r.s as string | null, x: r.x as string | null, y: Number(r.y) }));
    return {
      mode: 'grouped',
      xType: 'category',
      series: bySeries(data, filter, labelsOf),
      rows,
      points: data.length,
      note: sentence(notes),
    };
  }
  const xv = numeric(input.x, xKind);
  const distinct = Number(await ws.value(`SELECT count(DISTINCT ${xv}) FROM ${t}`));
  let xExpr = xv;
  let mode: Drawn['mode'] = 'grouped';
  if (distinct > MAX_LINE_X) {
    const range = await bounds(ws, t, xv);
    const width = (range.hi - range.lo) / LINE_BINS || 1;
    xExpr = `(${range.lo} + (least(floor((${xv} - ${range.lo}) / ${width}), ${LINE_BINS - 1}) + 0.5) * ${width})`;
    mode = 'binned';
    notes.unshift(
      `${distinct.toLocaleString('en-US')} values of ${input.x} are cut into ${LINE_BINS.toLocaleString('en-US')} bins of ${span(width, xKind)}; each point is the ${agg} over its bin`,
    );
  }
  const grouped = await ws.rows(
    `SELECT ${series} AS s, ${xExpr} AS x, ${y} AS y FROM ${t} WHERE ${xv} IS NOT NULL AND ${colorWhere(filter)} GROUP BY ALL ORDER BY x`,
  );
  const data = grouped.map((r) => ({ s: r.s as string | null, x: Number(r.x), y: Number(r.y) }));
  return {
    mode,
    xType: xKind,
    series: bySeries(data, filter, numbersOf),
    rows,
    points: data.length,
    note: sentence(notes),
  };
}

async function histogram(
  ws: Workspace,
  t: string,
  input: ChartInput,
  xKind: ValueKind,
  rows: number,
  filter: ColorFilter | null,
): Promise<Drawn> {
  if (xKind === 'category')
    throw new ApiError(
      'InvalidInput',
      `sql.chart: a histogram needs a numeric or time column; "${input.x}" is text`,
    );
  const xv = numeric(input.x, xKind);
  const range = await bounds(ws, t, xv);
  const integral = Number(await ws.value(`SELECT bool_and(${xv} = floor(${xv})) FROM ${t}`)) === 1;
  const spread = range.hi - range.lo;
  const bins = integral && spread + 1 <= HISTOGRAM_BINS ? Math.max(1, spread + 1) : HISTOGRAM_BINS;
  const width = integral && spread + 1 <= HISTOGRAM_BINS ? 1 : spread / bins || 1;
  const lo = integral && spread + 1 <= HISTOGRAM_BINS ? range.lo - 0.5 : range.lo;
  const series = filter ? filter.expr : 'NULL';
  const grouped = await ws.rows(
    `SELECT ${series} AS s, least(floor((${xv} - ${lo}) / ${width}), ${bins - 1}) AS b, count(*) AS n
       FROM ${t} WHERE ${xv} IS NOT NULL AND ${colorWhere(filter)} GROUP BY ALL ORDER BY b`,
  );
  const data = grouped.map((r) => ({
    s: r.s as string | null,
    x: lo + (Number(r.b) + 0.5) * width,
    y: Number(r.n),
  }));
  const notes = [`${bins} bins of ${span(width, xKind)}`, ...colorNote(filter, input.color)];
  return {
    mode: 'binned',
    xType: xKind,
    series: bySeries(data, filter, numbersOf),
    rows,
    points: data.length,
    binWidth: width,
    note: sentence(notes),
  };
}

async function scatter(
  ws: Workspace,
  t: string,
  input: ChartInput,
  xKind: ValueKind,
  yKind: ValueKind | undefined,
  rows: number,
  filter: ColorFilter | null,
): Promise<Drawn> {
  if (input.y === undefined)
    throw new ApiError('InvalidInput', 'sql.chart: a scatter chart needs a y column');
  if (xKind === 'category' || yKind === 'category')
    throw new ApiError(
      'InvalidInput',
      'sql.chart: a scatter chart needs numeric or time columns for x and y',
    );
  const xv = numeric(input.x, xKind);
  const yv = numeric(input.y, yKind!);
  const where = `${xv} IS NOT NULL AND ${yv} IS NOT NULL AND ${colorWhere(filter)}`;
  const points = Number(await ws.value(`SELECT count(*) FROM ${t} WHERE ${where}`));
  const maxPoints = input.maxPoints ?? defaultMaxPoints;
  const notes = colorNote(filter, input.color);
  if (points <= maxPoints) {
    const names = filter ? filter.names : [null];
    const series: ChartOutput['series'] = [];
    for (const name of names) {
      const [x, y] = await doubles(
        ws,
        `SELECT ${xv}, ${yv} FROM ${t} WHERE ${where}${name === null ? '' : ` AND ${filter!.expr} = ${literal(name)}`}`,
        2,
      );
      series.push({ name, x: f64(x!), y: f64(y!) });
    }
    return { mode: 'raw', xType: xKind, series, rows, points, note: sentence(notes) };
  }
  // Too many to draw one by one: a 2-D histogram of counts, computed in DuckDB.
  const rx = await bounds(ws, t, xv);
  const ry = await bounds(ws, t, yv);
  const wx = (rx.hi - rx.lo) / DENSITY_BINS || 1;
  const wy = (ry.hi - ry.lo) / DENSITY_BINS || 1;
  const cells = await ws.rows(
    `SELECT least(floor((${xv} - ${rx.lo}) / ${wx}), ${DENSITY_BINS - 1}) AS bx,
            least(floor((${yv} - ${ry.lo}) / ${wy}), ${DENSITY_BINS - 1}) AS by, count(*) AS n
       FROM ${t} WHERE ${xv} IS NOT NULL AND ${yv} IS NOT NULL GROUP BY ALL`,
  );
  const z = Array.from({ length: DENSITY_BINS }, () => new Array<number>(DENSITY_BINS).fill(0));
  for (const c of cells) z[Number(c.by)]![Number(c.bx)] = Number(c.n);
  const centers = (lo: number, w: number) =>
    Float64Array.from({ length: DENSITY_BINS }, (_, i) => lo + (i + 0.5) * w);
  return {
    mode: 'density',
    xType: xKind,
    series: [{ name: null, x: f64(centers(rx.lo, wx)), y: f64(centers(ry.lo, wy)) }],
    z,
    rows,
    points,
    note: sentence([
      `${points.toLocaleString('en-US')} points are more than the ${maxPoints.toLocaleString('en-US')} drawn one by one: shown as a 2-D histogram of counts (${DENSITY_BINS} × ${DENSITY_BINS} bins) computed in DuckDB`,
      ...(input.color ? [`colour is not shown in a 2-D histogram`] : []),
    ]),
  };
}

async function bounds(ws: Workspace, t: string, expr: string): Promise<{ lo: number; hi: number }> {
  const [r] = await ws.rows(`SELECT min(${expr}) AS lo, max(${expr}) AS hi FROM ${t}`);
  const lo = Number(r?.lo ?? 0);
  const hi = Number(r?.hi ?? 0);
  return { lo: Number.isFinite(lo) ? lo : 0, hi: Number.isFinite(hi) ? hi : 0 };
}

/** A bin width in words: milliseconds as a duration for times, a number otherwise. */
function span(width: number, kind: ValueKind): string {
  if (kind !== 'time') return `width ${Number(width.toPrecision(3)).toLocaleString('en-US')}`;
  const units: [number, string][] = [
    [86_400_000, 'day'],
    [3_600_000, 'hour'],
    [60_000, 'minute'],
    [1000, 'second'],
  ];
  const [ms, unit] = units.find(([ms]) => width >= ms) ?? [1, 'millisecond'];
  const n = Number((width / ms).toPrecision(3));
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

function sentence(parts: string[]): string | null {
  if (parts.length === 0) return null;
  const text = parts.join('; ');
  return `${text[0]!.toUpperCase()}${text.slice(1)}.`;
}

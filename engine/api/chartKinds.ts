import { ApiError } from './errors.ts';
import {
  aggregate,
  bySeries,
  colorNote,
  colorWhere,
  DENSITY_BINS,
  doubles,
  f64,
  HISTOGRAM_BINS,
  label,
  labelsOf,
  LINE_BINS,
  MAX_CATEGORIES,
  MAX_LINE_X,
  numbersOf,
  numeric,
  defaultMaxPoints,
  type ChartJob,
  type ChartOutput,
  type Drawn,
} from './chartSql.ts';
import type { ValueKind } from './valueKind.ts';
import { literal } from '../store/sql.ts';
import type { Workspace } from '../store/Workspace.ts';

/** The four kinds of `sql.chart`, each computed in DuckDB so that only what is drawn leaves it. */

export async function bar(job: ChartJob): Promise<Drawn> {
  const { ws, t, input, xKind, yKind, agg, rows, filter } = job;
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

export async function line(job: ChartJob): Promise<Drawn> {
  const { ws, t, input, xKind, yKind, agg, rows, filter } = job;
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

export async function histogram(job: ChartJob): Promise<Drawn> {
  const { ws, t, input, xKind, rows, filter } = job;
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

export async function scatter(job: ChartJob): Promise<Drawn> {
  const { ws, t, input, xKind, yKind, rows, filter } = job;
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

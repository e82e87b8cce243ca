import type { ChartColumnWire, Input, Output } from '../../api/EngineClient.ts';
import { valueKind, type ValueKind } from '../../../../engine/api/valueKind.ts';

export type ChartKind = Input<'sql.chart'>['kind'];
export type Agg = NonNullable<Input<'sql.chart'>['agg']>;
type Column = Output<'sql.query'>['columns'][number];
/** What the analyst asks for: kind, columns, and how y is aggregated. */
export interface ChartSpec {
  kind: ChartKind;
  x: string;
  y: string | null;
  color: string | null;
  agg: Agg;
}

/**
 * A sensible first chart of a result from its column types: a time and a number → line; a
 * category and a number → bar; two numbers → scatter; one number → histogram; only categories → bar
 * of counts. Null when nothing can be drawn.
 */
export function propose(columns: readonly Column[]): ChartSpec | null {
  const of = (k: ValueKind) => columns.filter((c) => valueKind(c.type) === k).map((c) => c.name);
  const [times, numbers, categories] = [of('time'), of('number'), of('category')];
  const spec = (kind: ChartKind, x: string, y: string | null, agg: Agg = y ? 'sum' : 'count'): ChartSpec => ({
    kind,
    x,
    y,
    color: null,
    agg,
  });
  if (times[0] && numbers[0]) return spec('line', times[0], numbers[0]);
  if (categories[0] && numbers[0]) return spec('bar', categories[0], numbers[0]);
  if (numbers[0] && numbers[1]) return spec('scatter', numbers[0], numbers[1]);
  if (numbers[0]) return spec('histogram', numbers[0], null);
  if (times[0]) return spec('line', times[0], null, 'count');
  if (categories[0]) return spec('bar', categories[0], null, 'count');
  return null;
}

/** Which columns each picker offers for a kind. */
export function choices(columns: readonly Column[], kind: ChartKind) {
  const named = (pred: (k: ValueKind) => boolean) =>
    columns.filter((c) => pred(valueKind(c.type))).map((c) => c.name);
  return {
    x: kind === 'scatter' || kind === 'histogram' ? named((k) => k !== 'category') : named(() => true),
    y: named((k) => k === 'number'),
    color: named((k) => k === 'category'),
  };
}

/** Keeps a spec valid after its kind changes: x and y must fit the new kind. */
export function fit(spec: ChartSpec, columns: readonly Column[]): ChartSpec {
  const c = choices(columns, spec.kind);
  const x = c.x.includes(spec.x) ? spec.x : (c.x[0] ?? spec.x);
  let y = spec.y !== null && c.y.includes(spec.y) ? spec.y : null;
  if (spec.kind === 'scatter' && y === null) y = c.y.find((n) => n !== x) ?? c.y[0] ?? null;
  if (spec.kind === 'histogram') y = null;
  return { ...spec, x, y, agg: y === null ? 'count' : spec.agg === 'count' ? 'sum' : spec.agg };
}

/** A numeric column from the wire (base64 little-endian doubles), or a text column as is. */
export function decode(column: ChartColumnWire): Float64Array | (string | null)[] {
  if ('text' in column) return column.text;
  const from = (Uint8Array as unknown as { fromBase64?: (s: string) => Uint8Array }).fromBase64;
  let bytes: Uint8Array;
  if (from) bytes = from(column.f64);
  else {
    const text = atob(column.f64);
    bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  }
  return new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8);
}

/** The chart's title in words. */
export function titleOf(spec: ChartSpec): string {
  const text = words(spec);
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}

function words(spec: ChartSpec): string {
  switch (spec.kind) {
    case 'histogram':
      return `Distribution of ${spec.x}`;
    case 'scatter':
      return `${spec.y ?? ''} against ${spec.x}`;
    case 'bar':
    case 'line':
      return `${spec.y === null || spec.agg === 'count' ? 'Rows' : `${spec.agg} of ${spec.y}`} by ${spec.x}${spec.color ? ` and ${spec.color}` : ''}`;
  }
}

import type { ImportOptionsWire } from '../../api/EngineClient.ts';

/** The wizard's options as the analyst sets them (the wire form is derived by `toWire`). */
export interface WizardOptions {
  format: NonNullable<ImportOptionsWire['format']>;
  shape: NonNullable<ImportOptionsWire['shape']>;
  /** The file is a user/profile table. */
  users: boolean;
  header: boolean;
  /** Column names of a headerless file, comma-separated. */
  columns: string;
  maxRejects: number;
  /** Field → what the analyst chose instead of the suggestion: a column, `'constant'`, SQL, or NULL. */
  map: Record<string, string>;
}

export const defaultOptions: WizardOptions = {
  format: 'auto',
  shape: 'auto',
  users: false,
  header: true,
  columns: '',
  maxRejects: 0,
  map: {},
};

/** The options as `import.preview` / `import.start` take them; defaults are left out. */
export function toWire(o: WizardOptions): ImportOptionsWire {
  const wire: ImportOptionsWire = {};
  if (o.format !== 'auto') wire.format = o.format;
  if (o.users) wire.users = true;
  else if (o.shape !== 'auto') wire.shape = o.shape;
  if (!o.header) {
    wire.noHeader = true;
    const names = o.columns
      .split(',')
      .map((c) => c.trim())
      .filter(Boolean);
    if (names.length > 0) wire.columns = names;
  }
  if (o.maxRejects > 0) wire.maxRejects = o.maxRejects;
  // An expression still being written (empty) is left out until it says something.
  const map = Object.fromEntries(Object.entries(o.map).filter(([, v]) => v.trim() !== ''));
  if (Object.keys(map).length > 0) wire.map = map;
  return wire;
}

/** How a mapped field is read, as the mapping editor shows it. */
export type Source =
  | { kind: 'none' }
  | { kind: 'column'; column: string }
  | { kind: 'constant'; value: string }
  | { kind: 'expression'; sql: string };

/** Reads the engine's mapping text (`Amount`, `'Order'`, `Qty * Price`, `NULL`) back into a source. */
export function parseSource(text: string | undefined, columns: readonly string[]): Source {
  if (text === undefined || text === '' || text.toUpperCase() === 'NULL') return { kind: 'none' };
  if (columns.includes(text)) return { kind: 'column', column: text };
  const constant = /^'(.*)'$/s.exec(text);
  if (constant) return { kind: 'constant', value: (constant[1] ?? '').replaceAll("''", "'") };
  return { kind: 'expression', sql: text };
}

/** The mapping text for a source (what `options.map` carries). */
export function sourceText(source: Source): string {
  switch (source.kind) {
    case 'none':
      return 'NULL';
    case 'column':
      return source.column;
    case 'constant':
      return `'${source.value.replaceAll("'", "''")}'`;
    case 'expression':
      return source.sql;
  }
}

/** The fields an import needs mapped for events (one of the two ids, the event name, the time). */
export const requiredEventFields = ['event', 'ts'] as const;

/** What the summary reads from an import job's result (engine/import's ImportResult). */
export interface ImportSummary {
  file: string;
  import_id: number;
  target: 'events' | 'users';
  shape: string;
  rows_in: number;
  rows_imported: number;
  rows_rejected: number;
  duplicates_skipped: number;
  users_upserted: number;
  seconds: number;
  notes: string[];
}

export function asSummary(result: unknown): ImportSummary | null {
  const r = result as Partial<ImportSummary> | null | undefined;
  return r && typeof r.import_id === 'number' && typeof r.rows_imported === 'number'
    ? (r as ImportSummary)
    : null;
}

import type { Workspace } from '../store/Workspace.ts';
import { ColumnSql } from './columns.ts';
import { detectFile } from './detectFile.ts';
import type { ImportOptions } from './importFile.ts';
import {
  describeMapping,
  eventFields,
  eventSynonyms,
  resolveMapping,
  suggestMapping,
  userFields,
  userSynonyms,
} from './mapping.ts';
import { detectShape, genericMapping } from './shapes.ts';
import { openSource } from './source.ts';

export interface ImportPreview {
  readonly path: string;
  readonly format: string;
  readonly compression: string;
  readonly encoding: string;
  readonly shape: string;
  readonly columns: { name: string; type: string }[];
  /** For generic and user tables: field → column (or expression), as the import would use it. */
  readonly mapping: Record<string, string>;
  readonly rows: Record<string, unknown>[];
}

/**
 * What an import of `path` would see, without importing: format, shape, the suggested mapping and
 * the first rows. The import wizard shows it so the analyst can correct the mapping first.
 */
export async function previewImport(
  ws: Workspace,
  path: string,
  options: ImportOptions = {},
  limit = 20,
): Promise<ImportPreview> {
  const file = detectFile(path, options.format);
  const source = await openSource(ws, file, { noHeader: options.noHeader, columnNames: options.columns });
  const columns = new ColumnSql(source.columns);
  const shape = options.users
    ? 'users'
    : !options.shape || options.shape === 'auto'
      ? detectShape(columns)
      : options.shape;
  let mapping: Record<string, string> = {};
  if (shape === 'users') {
    mapping = describeMapping(
      suggestMapping(columns, userSynonyms, resolveMapping(options.map ?? {}, userFields, columns)),
    );
  } else if (shape === 'generic') {
    try {
      mapping = describeMapping(
        genericMapping(columns, resolveMapping(options.map ?? {}, eventFields, columns)),
      );
    } catch {
      // An incomplete mapping is what the wizard is for: show what could be suggested.
      mapping = describeMapping(
        suggestMapping(columns, eventSynonyms, resolveMapping(options.map ?? {}, eventFields, columns)),
      );
    }
  }
  const rows = await ws.rows(`SELECT * FROM ${source.sql()} LIMIT ${Math.max(1, Math.min(limit, 1000))}`);
  return {
    path,
    format: file.format,
    compression: file.compression,
    encoding: source.encoding,
    shape,
    columns: source.columns.map((c) => ({ name: c.name, type: c.type })),
    mapping,
    rows,
  };
}

import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import type { Workspace } from '../store/Workspace.ts';
import { ColumnSql } from './columns.ts';
import { detectFile, type Encoding, type FileFormat } from './detectFile.ts';
import { ImportCancelled, ImportError, duckMessage } from './errors.ts';
import { insertEvents } from './importEvents.ts';
import { RetryImport, type EventCounts } from './retry.ts';
import { importUsersFile } from './importUsers.ts';
import { describeMapping, eventFields, resolveMapping, userFields, type EventField } from './mapping.ts';
import {
  detectShape,
  eventExprs,
  genericMapping,
  mappedColumns,
  MappingError,
  type Shape,
} from './shapes.ts';
import { openSource, readFailure } from './source.ts';
import { detectTimestampPlan, type TimestampPlan } from './timestamps.ts';
import { identifyTraits, upsertUsers, usersFromTraits } from './users.ts';

export interface ImportProgress {
  readonly file: string;
  readonly fraction: number;
  readonly message: string;
}

export interface ImportOptions {
  readonly format?: FileFormat | 'auto';
  readonly shape?: Shape | 'auto';
  /** Field → column, `'constant'` or SQL expression (see engine/import/mapping.ts). */
  readonly map?: Record<string, string>;
  /** The file is a user/profile table for `users`, not events. */
  readonly users?: boolean;
  readonly noHeader?: boolean;
  /** Column names of a headerless file. */
  readonly columns?: readonly string[];
  /** Bad rows allowed (stored in import_rejects); more than this fails the import. Default 0. */
  readonly maxRejects?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: ImportProgress) => void;
}

/** What one import did. Keys in snake_case: this object is the CLI's `--json` contract. */
export interface ImportResult {
  readonly file: string;
  readonly import_id: number;
  readonly target: 'events' | 'users';
  readonly format: FileFormat;
  readonly compression: 'gzip' | 'none';
  readonly encoding: Encoding;
  readonly shape: Shape | 'users';
  readonly mapping: Record<string, string>;
  readonly rows_in: number;
  readonly rows_imported: number;
  readonly rows_rejected: number;
  readonly duplicates_skipped: number;
  readonly users_upserted: number;
  readonly seconds: number;
  /** Things the analyst should know: detected date order, encoding fallback, nothing new added. */
  readonly notes: readonly string[];
}

/**
 * Imports one file into the workspace in one transaction: events (any supported export shape or a
 * mapped table) or, with `users`, a profile table. On any error every table is as it was before.
 */
export async function importFile(
  ws: Workspace,
  path: string,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const started = performance.now();
  const startedAt = new Date();
  const detected = detectFile(path, options.format);
  const maxRejects = options.maxRejects ?? 0;
  const notes: string[] = [];
  const report = (fraction: number, message: string) =>
    options.onProgress?.({ file: path, fraction, message });
  const name = basename(path);
  let encoding: Encoding = detected.encoding;
  let ignoreJsonErrors = false;
  let retry: RetryImport | undefined;
  let forcedText: readonly string[] | 'all' = [];
  let longLines = false;

  for (let attempt = 0; attempt < 8; attempt++) {
    report(0, `Reading ${name}…`);
    const watch = {
      file: path,
      signal: options.signal,
      // DuckDB cannot estimate progress through compressed JSON: say how long it has been instead.
      onProgress: (f: number) =>
        report(
          0.05 + 0.85 * f,
          f > 0
            ? `Reading ${name}… ${Math.round(f * 100)}%`
            : `Reading ${name}… ${Math.round((performance.now() - started) / 1000)} s`,
        ),
    };
    try {
      return await ws.transaction(async () => {
        const importId = Number(await ws.value(`SELECT coalesce(max(import_id), 0) + 1 FROM imports`));
        const sourceOptions = {
          noHeader: options.noHeader,
          columnNames: options.columns,
          encoding,
          longLines,
        };
        const sniffed = await openSource(ws, detected, sourceOptions);
        const sniffedColumns = new ColumnSql(sniffed.columns);
        const names = sniffed.columns.map((c) => c.name);
        // Read natively what needs no parsing in SQL: the columns of a generic table that are not
        // mapped onto a canonical field, and the columns inside --map expressions.
        let textColumns: readonly string[] | 'all' = 'all';
        if (forcedText !== 'all' && options.users) {
          const inExpressions = columnsInExpressions(options.map ?? {}, names);
          textColumns = names.filter((n) => !inExpressions.includes(n));
        } else if (
          forcedText !== 'all' && (options.shape ?? 'auto') !== 'auto'
            ? options.shape === 'generic'
            : detectShape(sniffedColumns) === 'generic'
        ) {
          const given = resolveMapping<EventField>(options.map ?? {}, eventFields, sniffedColumns);
          textColumns = [...mappedColumns(genericMapping(sniffedColumns, given)), ...forcedText];
        }
        const source =
          textColumns === 'all' ? sniffed : await openSource(ws, detected, { ...sourceOptions, textColumns });
        const columns = new ColumnSql(source.columns);
        const from = source.sql();
        let plan: TimestampPlan | undefined;
        let shape: Shape | 'users';
        let mapping: Record<string, string>;
        let counts: EventCounts;
        let usersUpserted = 0;
        let hashedIds = false;
        if (options.users) {
          const given = resolveMapping(options.map ?? {}, userFields, columns);
          const users = await importUsersFile(ws, source, given, importId, maxRejects, watch);
          shape = 'users';
          mapping = describeMapping(users.mapping);
          counts = users;
          usersUpserted = users.imported;
        } else {
          shape = !options.shape || options.shape === 'auto' ? detectShape(columns) : options.shape;
          const given = resolveMapping<EventField>(options.map ?? {}, eventFields, columns);
          if (shape !== 'generic' && Object.keys(given).length > 0) {
            throw new MappingError(
              `--map applies to generic tables; this file was read as ${shape} (add --shape generic)`,
            );
          }
          const exprs = await eventExprs(
            shape,
            columns,
            given,
            async (text) => (plan = await detectTimestampPlan(ws, from, text)),
          );
          mapping = describeMapping(exprs.mapping);
          hashedIds = !exprs.hasEventId;
          counts = await insertEvents(
            {
              ws,
              source,
              exprs,
              importId,
              maxRejects,
              ignoreJsonErrors,
              filtered: retry?.change === 'filtered',
              expressionColumns: columnsInExpressions(options.map ?? {}, names),
              watch,
            },
            retry,
          );
          report(0.95, `Checking ${name}…`);
          if (shape === 'segment') usersUpserted = await upsertUsers(ws, identifyTraits(importId), importId);
          if (shape === 'amplitude' && columns.has('user_properties')) {
            usersUpserted = await upsertUsers(ws, amplitudeUsers(importId), importId);
          }
        }
        if (plan?.note) notes.push(`timestamps read as ${plan.note}`);
        if (hashedIds && counts.duplicates > 0) {
          notes.push(
            `no event id column: ${counts.duplicates.toLocaleString('en-US')} rows that repeat another row exactly (user, event, time, properties, revenue) were skipped as duplicates; map an id with --map event_id=COLUMN to keep them`,
          );
        }
        if (counts.rowsIn > 0 && counts.imported === 0 && counts.duplicates > 0) {
          notes.push('nothing new: every row was already in the workspace');
        }
        const result: ImportResult = {
          file: path,
          import_id: importId,
          target: options.users ? 'users' : 'events',
          format: detected.format,
          compression: detected.compression,
          encoding: source.encoding,
          shape,
          mapping,
          rows_in: counts.rowsIn,
          rows_imported: counts.imported,
          rows_rejected: counts.rejected,
          duplicates_skipped: counts.duplicates,
          users_upserted: usersUpserted,
          seconds: round((performance.now() - started) / 1000),
          notes,
        };
        await recordImport(ws, detected.bytes, detected.fingerprint, result, startedAt);
        report(1, `Imported ${name}`);
        return result;
      });
    } catch (error) {
      if (error instanceof RetryImport) {
        if (error.change === 'latin-1') {
          encoding = 'latin-1';
          notes.push('the file is not valid UTF-8: read as Latin-1');
        } else if (error.change === 'ignore-json-errors') ignoreJsonErrors = true;
        else if (error.change === 'long-lines') longLines = true;
        else if (error.change === 'text-columns') {
          forcedText = mergeColumns(forcedText, error.columns);
        }
        retry = error;
        continue;
      }
      throw await asImportError(path, error, detected.compression === 'gzip');
    }
  }
  throw new ImportError(path, 'import did not settle after several attempts');
}

function mergeColumns(a: readonly string[] | 'all', b: readonly string[] | 'all'): readonly string[] | 'all' {
  return a === 'all' || b === 'all' ? 'all' : [...a, ...b];
}

/** Columns named inside `--map` expressions: they are read in their own types so that arithmetic works. */
function columnsInExpressions(map: Record<string, string>, names: readonly string[]): string[] {
  const expressions = Object.values(map).filter((v) => !names.includes(v) && !/^'.*'$/s.test(v));
  const words = new Set(
    expressions
      .flatMap((e) => e.match(/"[^"]+"|[\p{L}_][\p{L}\p{N}_]*/gu) ?? [])
      .map((w) => w.replace(/^"|"$/g, '').toLowerCase()),
  );
  return names.filter((n) => words.has(n.toLowerCase()));
}

function amplitudeUsers(importId: number): string {
  return usersFromTraits(
    `(SELECT user_id, arg_max(json_extract(context, '$.user_properties'), ts) AS p FROM events
       WHERE import_id = ${importId} AND user_id IS NOT NULL AND json_type(context, '$.user_properties') = 'OBJECT' GROUP BY user_id)`,
    'user_id',
    'p',
  );
}

async function recordImport(
  ws: Workspace,
  bytes: number,
  fingerprint: string,
  r: ImportResult,
  startedAt: Date,
): Promise<void> {
  await ws.run(
    `INSERT INTO imports (import_id, file, file_bytes, fingerprint, format, compression, encoding, shape, target, mapping,
       rows_in, rows_imported, rows_rejected, duplicates_skipped, users_upserted, started_at, seconds, status, message)
     VALUES ($id, $file, $bytes, $fp, $format, $compression, $encoding, $shape, $target, $mapping,
       $rows_in, $rows_imported, $rows_rejected, $dups, $users, $started, $seconds, 'done', $message)`,
    {
      id: r.import_id,
      file: r.file,
      bytes,
      fp: fingerprint,
      format: r.format,
      compression: r.compression,
      encoding: r.encoding,
      shape: r.shape,
      target: r.target,
      mapping: JSON.stringify(r.mapping),
      rows_in: r.rows_in,
      rows_imported: r.rows_imported,
      rows_rejected: r.rows_rejected,
      dups: r.duplicates_skipped,
      users: r.users_upserted,
      started: startedAt.toISOString(),
      seconds: r.seconds,
      message: r.notes.join('; ') || null,
    },
  );
}

async function asImportError(path: string, error: unknown, gzip: boolean): Promise<Error> {
  if (error instanceof ImportCancelled) return error;
  const damage = gzip && !(error instanceof MappingError) ? await gzipDamage(path) : undefined;
  if (damage)
    return new ImportError(path, `corrupt or truncated gzip data (${damage}): nothing was imported`);
  if (error instanceof ImportError) return error;
  if (error instanceof MappingError) return new ImportError(path, error.message);
  if (error instanceof Error && error.message.startsWith('--map'))
    return new ImportError(path, error.message);
  const message = duckMessage(error);
  const located = /line (\d+)/i.exec(message);
  return new ImportError(path, readFailure(error), located ? Number(located[1]) : undefined);
}

/** Reads a gzip file through to its end (only after a failure): why it does not decompress, if it does not. */
async function gzipDamage(path: string): Promise<string | undefined> {
  try {
    await pipeline(
      createReadStream(path),
      createGunzip(),
      new Writable({ write: (_chunk, _enc, done) => done() }),
    );
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

function round(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}

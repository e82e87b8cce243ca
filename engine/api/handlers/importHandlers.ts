import { importFile, type ImportOptions } from '../../import/index.ts';
import { eventFields, userFields } from '../../import/mapping.ts';
import { previewImport } from '../../import/preview.ts';
import { asText } from '../../store/jsonSafe.ts';
import type { Contract } from '../contract.ts';
import { ApiError } from '../errors.ts';
import type { HandlerContext, HandlersOf } from './context.ts';

type Methods = 'import.preview' | 'import.start' | 'import.rejects';

/** Import: preview with the suggested mapping, the import as a job, and the rows it rejected. */
export function importHandlers(c: HandlerContext): HandlersOf<Pick<Contract, Methods>> {
  return {
    'import.preview': async ({ path, options }) => {
      const preview = await previewImport(c.ws, path, options);
      const fields: readonly string[] =
        preview.shape === 'users' ? userFields : preview.shape === 'generic' ? eventFields : [];
      return { ...preview, fields: [...fields] };
    },
    'import.start': ({ path, options }) =>
      Promise.resolve(
        c.jobs.start('import', `Import ${path.split(/[\\/]/).pop() ?? path}`, async (job) => {
          // Its own connection: the analyst keeps querying while the import runs.
          const importWs = await c.ws.fork();
          try {
            return await importFile(importWs, path, {
              ...(options as ImportOptions | undefined),
              signal: job.signal,
              onProgress: (p) => job.progress(p.fraction, p.message),
            });
          } finally {
            importWs.close();
          }
        }),
      ),
    'import.rejects': async ({ importId, offset = 0, limit = 100 }) => {
      const known = await c.ws.value(`SELECT count(*) FROM imports WHERE import_id = $id`, { id: importId });
      if (!Number(known)) throw new ApiError('UnknownImport', `no import ${importId} in this workspace`);
      const total = Number(
        await c.ws.value(`SELECT count(*) FROM import_rejects WHERE import_id = $id`, { id: importId }),
      );
      const rows = await c.ws.rows(
        `SELECT line, column_name, reason, raw FROM import_rejects WHERE import_id = $id
          ORDER BY line NULLS LAST, column_name LIMIT ${limit} OFFSET ${offset}`,
        { id: importId },
      );
      return {
        importId,
        total,
        offset,
        rows: rows.map((r) => ({
          line: r.line === null ? null : Number(r.line),
          column: (r.column_name as string | null) ?? null,
          reason: asText(r.reason),
          raw: (r.raw as string | null) ?? null,
        })),
      };
    },
  };
}

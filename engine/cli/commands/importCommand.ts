import { existsSync, rmSync } from 'node:fs';
import { importFile, shapes, type ImportResult } from '../../import/index.ts';
import { parseMapSpec } from '../../import/mapping.ts';
import { Workspace } from '../../store/Workspace.ts';
import { intOption, oneOf, parse, requireWorkspace } from '../args.ts';
import type { Command } from '../command.ts';
import { progressLine, thousands, UsageError } from '../output.ts';

const formats = ['auto', 'csv', 'tsv', 'parquet', 'json', 'ndjson'] as const;

export const importCommand: Command = {
  name: 'import',
  summary: 'import event exports or a user table into a workspace',
  usage: `engage import FILE... --workspace WS [options]

Imports each FILE in its own transaction: a file that fails leaves the workspace as it was.
Formats: CSV, TSV, Parquet, JSON, NDJSON, each optionally gzip-compressed (.gz).
Shapes: Segment, Mixpanel, Amplitude, PostHog, GA4 exports (detected), or a generic table.

Options:
  --workspace WS        the .duckdb workspace (created if missing)
  --format F            auto|csv|tsv|parquet|json|ndjson (default auto: by extension, then content)
  --shape S             auto|${shapes.join('|')} (default auto)
  --map FIELD=COL,...   generic tables: user_id, anonymous_id, event, ts, event_id, revenue, session_id
                        (with --users: user_id, age, gender, country, city, device, plan, signup_at).
                        A value is a column, a 'constant' or a SQL expression (revenue=Quantity*UnitPrice).
                        Unmapped fields are suggested from the column names. Repeatable.
  --users               the file is a user/profile table (into users), not events
  --no-header           the CSV has no header row; name its columns with --columns A,B,...
  --columns A,B,...     column names of a headerless file
  --max-rejects N       store up to N bad rows in import_rejects and import the rest (default 0: stop
                        at the first bad row)
  --json                one JSON object per file on stdout
Example:
  engage import events.ndjson.gz users.csv --workspace acme.duckdb
  engage import retail.csv --workspace acme.duckdb --map "event='Order Completed',revenue=Quantity*UnitPrice"`,

  async run(args, io) {
    const { values, positionals } = parse(args, {
      workspace: { type: 'string' },
      format: { type: 'string' },
      shape: { type: 'string' },
      map: { type: 'string', multiple: true },
      users: { type: 'boolean' },
      'no-header': { type: 'boolean' },
      columns: { type: 'string' },
      'max-rejects': { type: 'string' },
      json: { type: 'boolean' },
    });
    if (positionals.length === 0) throw new UsageError('name at least one FILE to import');
    const workspace = requireWorkspace(values.workspace);
    const columns = values.columns?.split(',').map((c) => c.trim());
    if (columns && !values['no-header'])
      throw new UsageError('--columns names the columns of a headerless file: add --no-header');
    let map: Record<string, string>;
    try {
      map = parseMapSpec(values.map ?? []);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const options = {
      format: oneOf(values.format, formats, 'format'),
      shape: oneOf(values.shape, ['auto', ...shapes] as const, 'shape'),
      map,
      users: values.users,
      noHeader: values['no-header'],
      columns,
      maxRejects: intOption(values['max-rejects'], 'max-rejects', 0),
    };
    // A workspace this command creates is removed again if nothing could be imported into it.
    const created = !existsSync(workspace);
    let imported = 0;
    const ws = await Workspace.open(workspace);
    const abort = new AbortController();
    const onSigint = () => abort.abort();
    process.once('SIGINT', onSigint);
    try {
      for (const file of positionals) {
        const progress = progressLine(io);
        const result = await importFile(ws, file, {
          ...options,
          signal: abort.signal,
          onProgress: (p) => progress.update(p.message),
        }).finally(() => progress.done());
        imported++;
        io.out(values.json ? `${JSON.stringify(result)}\n` : describe(result));
      }
      return 0;
    } finally {
      process.off('SIGINT', onSigint);
      ws.close();
      if (created && imported === 0)
        for (const f of [workspace, `${workspace}.wal`]) rmSync(f, { force: true });
    }
  },
};

function describe(r: ImportResult): string {
  const lines = [
    `${r.file}: ${r.shape} ${r.format}${r.compression === 'gzip' ? '.gz' : ''} → ${r.target} (import ${r.import_id}, ${r.seconds.toFixed(2)} s)`,
    `  ${thousands(r.rows_in)} rows read, ${thousands(r.rows_imported)} imported, ${thousands(r.rows_rejected)} rejected, ${thousands(r.duplicates_skipped)} duplicates skipped` +
      (r.users_upserted && r.target === 'events'
        ? `, ${thousands(r.users_upserted)} user profiles updated`
        : ''),
  ];
  const mapping = Object.entries(r.mapping);
  if (mapping.length) lines.push(`  mapping: ${mapping.map(([f, c]) => `${f} ← ${c}`).join(', ')}`);
  for (const note of r.notes) lines.push(`  note: ${note}`);
  if (r.rows_rejected > 0)
    lines.push(
      `  rejected rows: engage sql --workspace WS "SELECT * FROM import_rejects WHERE import_id = ${r.import_id}"`,
    );
  return lines.join('\n') + '\n';
}

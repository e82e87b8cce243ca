import { Workspace } from '../../store/Workspace.ts';
import { parse, requireWorkspace } from '../args.ts';
import type { Command } from '../command.ts';
import { formatCsv, formatTable, UsageError } from '../output.ts';

export const sqlCommand: Command = {
  name: 'sql',
  summary: 'run SQL against a workspace (read-only unless --write)',
  usage: `engage sql --workspace WS "SELECT …" [--json | --csv] [--write]

Runs the statement(s) and prints the rows of the last one. The workspace is opened read-only, so
nothing can change it, unless --write is given.
  --json    an array of row objects (integers as numbers while exact, timestamps as ISO 8601 UTC)
  --csv     RFC 4180 CSV with a header
  --write   allow statements that change the workspace
Example:
  engage sql --workspace acme.duckdb "SELECT event, count(*) AS n FROM events GROUP BY 1 ORDER BY n DESC" --json`,

  async run(args, io) {
    const { values, positionals } = parse(args, {
      workspace: { type: 'string' },
      json: { type: 'boolean' },
      csv: { type: 'boolean' },
      write: { type: 'boolean' },
    });
    const sql = positionals.join(' ').trim();
    if (!sql)
      throw new UsageError(
        'give the SQL to run, e.g. engage sql --workspace WS "SELECT count(*) FROM events"',
      );
    if (values.json && values.csv) throw new UsageError('choose one of --json and --csv');
    const ws = await Workspace.open(requireWorkspace(values.workspace), { readOnly: !values.write });
    try {
      const rows = await ws.rows(sql);
      io.out(values.json ? `${JSON.stringify(rows)}\n` : values.csv ? formatCsv(rows) : formatTable(rows));
      return 0;
    } finally {
      ws.close();
    }
  },
};

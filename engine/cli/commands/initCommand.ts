import { existsSync } from 'node:fs';
import { Workspace } from '../../store/Workspace.ts';
import { parse, requireWorkspace } from '../args.ts';
import type { Command } from '../command.ts';

export const initCommand: Command = {
  name: 'init',
  summary: 'create a workspace (or bring an existing one up to date)',
  usage: `engage init --workspace WS [--json]

Creates the DuckDB workspace file WS with the current schema, or runs pending migrations on an
existing one. Prints the schema version.`,

  async run(args, io) {
    const { values } = parse(args, { workspace: { type: 'string' }, json: { type: 'boolean' } });
    const path = requireWorkspace(values.workspace);
    const existed = existsSync(path);
    const ws = await Workspace.open(path);
    try {
      const version = Number(await ws.value(`SELECT value FROM meta WHERE key = 'schema_version'`));
      const result = { workspace: ws.path, created: !existed, schema_version: version };
      io.out(
        values.json
          ? `${JSON.stringify(result)}\n`
          : `${existed ? 'opened' : 'created'} ${ws.path} (schema version ${version})\n`,
      );
      return 0;
    } finally {
      ws.close();
    }
  },
};

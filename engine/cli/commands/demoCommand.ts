import { ensureDemoWorkspace } from '../../demo.ts';
import { parse } from '../args.ts';
import type { Command } from '../command.ts';
import { progressLine } from '../output.ts';

export const demoCommand: Command = {
  name: 'demo',
  summary: 'build (once) and print the path of the demo workspace',
  usage: `engage demo [--dir DIR] [--json]

The demo workspace holds the seeded sample product (engage samples, default options), imported.
It is built on first use into DIR (default: $ENGAGE_DEMO_DIR, else ~/.cache/engage-workbench/demo)
and reused afterwards. npm start and npm run web open it when no workspace is given.`,

  async run(args, io) {
    const { values } = parse(args, { dir: { type: 'string' }, json: { type: 'boolean' } });
    const progress = progressLine(io);
    const path = await ensureDemoWorkspace({
      dir: values.dir,
      onProgress: (f, m) => progress.update(`${m} (${Math.round(f * 100)}%)`),
    }).finally(() => progress.done());
    io.out(values.json ? `${JSON.stringify({ workspace: path })}\n` : `${path}\n`);
    return 0;
  },
};

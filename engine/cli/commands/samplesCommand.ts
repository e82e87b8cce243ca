import { importFile } from '../../import/index.ts';
import { Workspace } from '../../store/Workspace.ts';
import { intOption, parse } from '../args.ts';
import type { Command } from '../command.ts';
import { progressLine, thousands, UsageError } from '../output.ts';

export const samplesCommand: Command = {
  name: 'samples',
  summary: "generate a realistic product's exports (seeded), optionally into a workspace",
  usage: `engage samples --out DIR [--users N] [--days D] [--seed S] [--workspace WS] [--json]

Writes Segment-shaped events (events.ndjson.gz), a user table (users.csv) and the designed truth
(truth.json: personas, churn hazard, a 2×2 notification experiment, cart abandonment).
Defaults: 20,000 users over 120 days (about 1–2M events), seed 42. The same options give the same files.
  --workspace WS   also import the generated files into WS`,

  async run(args, io) {
    const { values } = parse(args, {
      out: { type: 'string' },
      users: { type: 'string' },
      days: { type: 'string' },
      seed: { type: 'string' },
      workspace: { type: 'string' },
      json: { type: 'boolean' },
    });
    if (!values.out) throw new UsageError('--out DIR is required');
    const progress = progressLine(io);
    // Loaded on demand: the other commands should not pay for the generator.
    const { generateSamples } = await import('../../../samples/generate/index.ts');
    const summary = await generateSamples({
      out: values.out,
      users: intOption(values.users, 'users'),
      days: intOption(values.days, 'days'),
      seed: intOption(values.seed, 'seed'),
      onProgress: (f, message) => progress.update(`${message} ${Math.round(f * 100)}%`),
    }).finally(() => progress.done());
    const imports = [];
    if (values.workspace) {
      const ws = await Workspace.open(values.workspace);
      try {
        imports.push(
          await importFile(ws, summary.files.users, {
            users: true,
            onProgress: (p) => progress.update(p.message),
          }),
        );
        imports.push(
          await importFile(ws, summary.files.events, {
            onProgress: (p) => progress.update(p.message),
          }),
        );
      } finally {
        progress.done();
        ws.close();
      }
    }
    if (values.json) io.out(`${JSON.stringify({ ...summary, imports })}\n`);
    else {
      io.out(
        `wrote ${thousands(summary.events)} events of ${thousands(summary.users)} users to ${summary.out} in ${summary.seconds.toFixed(1)} s\n`,
      );
      for (const r of imports) io.out(`imported ${r.file}: ${thousands(r.rows_imported)} rows\n`);
    }
    return 0;
  },
};

import { Workspace } from '../../store/Workspace.ts';
import { intOption, parse, requireWorkspace } from '../args.ts';
import type { Command } from '../command.ts';

export const auditCommand: Command = {
  name: 'audit',
  summary: 'data-quality audit of a workspace (or of one import)',
  usage: `engage audit --workspace WS [--import ID] [--json]

Checks volume, time range, missing values, duplicates, outliers, timestamps in the future or
before 2000, event-name cardinality and near-duplicate names, impossible activity and rejects.
  --import ID   only the rows of one import (see: engage sql --workspace WS "FROM imports")
  --json        {"checks": [{"id", "severity", "message", "value", "hint"}], "summary", "charts"}`,

  async run(args, io) {
    const { values } = parse(args, {
      workspace: { type: 'string' },
      import: { type: 'string' },
      json: { type: 'boolean' },
    });
    const ws = await Workspace.open(requireWorkspace(values.workspace), { readOnly: true });
    try {
      const importId = intOption(values.import, 'import');
      const { runAudit } = await import('../../audit/index.ts');
      const report = await runAudit(ws, importId === undefined ? {} : { importId });
      if (values.json) {
        io.out(`${JSON.stringify(report)}\n`);
        return 0;
      }
      const mark = { error: '✖', warning: '!', info: '·' } as const;
      const order = { error: 0, warning: 1, info: 2 } as const;
      const checks = [...report.checks].sort((a, b) => order[a.severity] - order[b.severity]);
      io.out(
        checks
          .map(
            (c) =>
              `${mark[c.severity]} ${c.severity.padEnd(7)} ${c.id}: ${c.message}${c.severity === 'info' ? '' : `\n            hint: ${c.hint}`}`,
          )
          .join('\n') + '\n',
      );
      return 0;
    } finally {
      ws.close();
    }
  },
};

import { ImportCancelled, ImportError } from '../import/index.ts';
import { firstLine } from '../store/firstLine.ts';
import { WorkspaceError } from '../store/Workspace.ts';
import type { Command } from './command.ts';
import { auditCommand } from './commands/auditCommand.ts';
import { churnCommand } from './commands/churnCommand.ts';
import { experimentCommand } from './commands/experimentCommand.ts';
import { clusterCommand } from './commands/clusterCommand.ts';
import { segmentCommand } from './commands/segmentCommand.ts';
import { demoCommand } from './commands/demoCommand.ts';
import { doctorCommand } from './commands/doctorCommand.ts';
import { importCommand } from './commands/importCommand.ts';
import { metricsCommand } from './commands/metricsCommand.ts';
import { initCommand } from './commands/initCommand.ts';
import { samplesCommand } from './commands/samplesCommand.ts';
import { serveCommand } from './commands/serveCommand.ts';
import { sqlCommand } from './commands/sqlCommand.ts';
import { processIo, UsageError, type Io } from './output.ts';

export const commands: readonly Command[] = [
  initCommand,
  importCommand,
  auditCommand,
  sqlCommand,
  clusterCommand,
  segmentCommand,
  churnCommand,
  experimentCommand,
  metricsCommand,
  doctorCommand,
  samplesCommand,
  demoCommand,
  serveCommand,
];

function help(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return `engage — Engage Workbench from the command line

Usage: engage COMMAND [options]   (engage COMMAND --help for a command's options)

${commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}
`;
}

/**
 * Runs one `engage` invocation and returns its exit code: 0 on success, 1 when the work failed,
 * 2 for a usage mistake. Failures print one `error: …` line on stderr that names file, row or field.
 */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(help());
    return 0;
  }
  if (name === '--version') {
    io.out('engage 0.1.0\n');
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.err(`error: unknown command "${name}" (commands: ${commands.map((c) => c.name).join(', ')})\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(`${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    io.err(`error: ${errorLine(error)}\n`);
    if (process.env.ENGAGE_DEBUG && error instanceof Error) io.err(`${error.stack}\n`);
    return error instanceof UsageError ? 2 : 1;
  }
}

function errorLine(error: unknown): string {
  if (error instanceof ImportError) return error.toString();
  if (error instanceof ImportCancelled || error instanceof WorkspaceError || error instanceof UsageError)
    return error.message;
  return firstLine(error);
}

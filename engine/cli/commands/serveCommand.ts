import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDemoWorkspace } from '../../demo.ts';
import { intOption, parse } from '../args.ts';
import type { Command } from '../command.ts';
import { progressLine, UsageError } from '../output.ts';

/**
 * The built renderer (`npm run build:renderer`), relative to the repository root; the end-to-end
 * tests point `$ENGAGE_RENDERER_DIR` at their own copy, so that a rebuild cannot pull it away.
 */
const rendererDir = () =>
  process.env.ENGAGE_RENDERER_DIR ?? fileURLToPath(new URL('../../../out/renderer/', import.meta.url));

export const serveCommand: Command = {
  name: 'serve',
  summary: 'open a workspace in the browser (local HTTP server on 127.0.0.1)',
  usage: `engage serve [--workspace WS] [--port P] [--no-open] [--json]

Serves the workbench UI and its API on 127.0.0.1 only, behind a random per-launch token, and prints
the URL to open (it carries the token). Runs until Ctrl+C (SIGINT) or SIGTERM, then closes the
server and the workspace.
  --workspace WS  the .duckdb workspace to open first (default: the demo workspace, built on first
                  use); the page can switch to another one (recent ones are kept in
                  ~/.config/engage-workbench/recent.json, or $ENGAGE_RECENT_FILE)
  --port P        the port to listen on (default 0: a free port)
  --no-open       do not open the default browser
  --json          print {"url","port","workspace"} on one line instead of the URL
Example:
  engage serve --workspace acme.duckdb --port 8765`,

  async run(args, io) {
    const { values, positionals } = parse(args, {
      workspace: { type: 'string' },
      port: { type: 'string' },
      'no-open': { type: 'boolean' },
      json: { type: 'boolean' },
    });
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    const port = intOption(values.port, 'port', 0) ?? 0;
    if (port > 65535) throw new UsageError(`--port must be at most 65535, not ${port}`);

    let path = values.workspace;
    if (path === undefined) {
      const progress = progressLine(io);
      path = await ensureDemoWorkspace({
        onProgress: (f, m) => progress.update(`${m} (${Math.round(f * 100)}%)`),
      }).finally(() => progress.done());
    }
    // Loaded here, so that other commands do not pay for fastify at start-up.
    const [{ EngineSession }, { startServer }] = await Promise.all([
      import('../../api/EngineSession.ts'),
      import('../../server/startServer.ts'),
    ]);
    // A session: the analyst can switch to another workspace from the page.
    const engine = await EngineSession.open(path);
    const ws = engine.workspace;
    try {
      const server = await startServer({ engine, port, staticDir: rendererDir() });
      try {
        const stopped = untilStopped();
        io.out(
          values.json
            ? `${JSON.stringify({ url: server.url, port: server.port, workspace: ws.path })}\n`
            : `${server.url}\n`,
        );
        if (!values.json) io.err(`serving ${ws.path} on 127.0.0.1:${server.port}; Ctrl+C to stop\n`);
        if (!values['no-open']) openBrowser(server.url);
        await stopped;
        // Closing waits for running queries and sockets; if something never lets go, a stop
        // request must still stop the process (seen once in the e2e tests on a loaded machine).
        setTimeout(() => {
          io.err('engage serve: still closing after 10 s; exiting\n');
          process.exit(0);
        }, 10_000).unref();
      } finally {
        await server.close();
      }
      return 0;
    } finally {
      await engine.close();
    }
  },
};

/** Resolves on the first SIGINT or SIGTERM (then the default handlers are back). */
function untilStopped(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** Best effort: the default browser on macOS, Windows, or Linux with a display and xdg-open; else nothing. */
function openBrowser(url: string): void {
  const command =
    process.platform === 'darwin'
      ? { file: 'open', args: [url] }
      : process.platform === 'win32'
        ? { file: 'cmd', args: ['/d', '/s', '/c', `start "" "${url}"`] }
        : (process.env.DISPLAY || process.env.WAYLAND_DISPLAY) && onPath('xdg-open')
          ? { file: 'xdg-open', args: [url] }
          : undefined;
  if (!command) return;
  try {
    const child = spawn(command.file, command.args, {
      stdio: 'ignore',
      detached: true,
      windowsVerbatimArguments: process.platform === 'win32',
    });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // No browser: the URL is printed anyway.
  }
}

function onPath(name: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => dir !== '' && existsSync(join(dir, name)));
}

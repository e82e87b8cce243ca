// `engage serve`: the real executable in a child process, as `npm run web` and the end-to-end tests use it.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { engage, tempDir } from '../helpers.ts';

const bin = fileURLToPath(new URL('../../engine/cli/engage.js', import.meta.url));

/** Resolves with the child's first stdout line (rejects if it exits first or is silent for too long). */
function firstLine(child: ChildProcess, stderr: () => string, ms = 30_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no output in time; stderr: ${stderr()}`)), ms);
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => {
      out += chunk;
      const nl = out.indexOf('\n');
      if (nl >= 0) {
        clearTimeout(timer);
        resolve(out.slice(0, nl));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before printing its URL; stderr: ${stderr()}`));
    });
  });
}

function exitCode(child: ChildProcess, ms = 30_000): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('did not exit in time')), ms);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

describe('engage serve', () => {
  const tmp = tempDir();
  const children: ChildProcess[] = [];
  after(() => {
    for (const child of children)
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    tmp.cleanup();
  });

  it('--help follows the other commands', async () => {
    const r = await engage('serve', '--help');
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^engage serve \[--workspace WS\] \[--port P\] \[--no-open\] \[--json\]/);
    assert.match(r.stdout, /127\.0\.0\.1/);
  });

  it('rejects a bad --port as a usage error', async () => {
    const r = await engage('serve', '--workspace', `${tmp.dir}/x.duckdb`, '--port', 'eighty', '--no-open');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^error: --port takes a whole number/);
    const high = await engage('serve', '--workspace', `${tmp.dir}/x.duckdb`, '--port', '70000', '--no-open');
    assert.equal(high.code, 2);
  });

  it('prints its URL as JSON, answers /api/health, and exits 0 on SIGTERM', async () => {
    const workspace = `${tmp.dir}/serve.duckdb`;
    const child = spawn(
      process.execPath,
      [bin, 'serve', '--workspace', workspace, '--port', '0', '--no-open', '--json'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, TZ: 'UTC', ENGAGE_RECENT_FILE: `${tmp.dir}/recent.json` },
      },
    );
    children.push(child);
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (stderr += chunk));

    const printed = JSON.parse(await firstLine(child, () => stderr)) as {
      url: string;
      port: number;
      workspace: string;
    };
    assert.deepEqual(Object.keys(printed).sort(), ['port', 'url', 'workspace']);
    assert.equal(printed.workspace, workspace);
    const url = new URL(printed.url);
    assert.equal(url.hostname, '127.0.0.1');
    assert.equal(Number(url.port), printed.port);
    const token = url.searchParams.get('token');
    assert.ok(token);

    const health = await fetch(`${url.origin}/api/health`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(health.status, 200);
    assert.deepEqual(await health.json(), { ok: true });
    assert.equal((await fetch(`${url.origin}/api/health`)).status, 401);
    const info = await fetch(`${url.origin}/api/call`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ method: 'workspace.info', input: {} }),
    });
    assert.equal(((await info.json()) as { result: { path: string } }).result.path, workspace);

    child.kill('SIGTERM');
    assert.equal(await exitCode(child), 0, stderr);
    assert.equal(stderr, '');
  });
});

// Browser mode's server: HTTP and the WebSocket carry the same API and the engine's job events;
// the built renderer is served with a strict CSP.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningServer } from '../../engine/server/startServer.ts';
import { tempDir } from '../helpers.ts';
import { bearer, call, socket, withServer } from './serverHelpers.ts';

describe('engine/server: the API over HTTP and the WebSocket', () => {
  const tmp = tempDir();
  let ctx: Awaited<ReturnType<typeof withServer>>;
  let server: RunningServer;
  before(async () => {
    ctx = await withServer();
    server = ctx.server;
  });
  after(async () => {
    await ctx.close();
    tmp.cleanup();
  });

  it('workspace.info gives the same result over HTTP and over the socket', async () => {
    const http = await call(server, { method: 'workspace.info', input: {} });
    assert.equal(http.status, 200);
    assert.equal(http.json.ok, true);
    const info = http.json.result as { path: string; events: number };
    assert.equal(info.path, ':memory:');
    assert.equal(info.events, 0);

    const s = socket(server);
    try {
      await s.open();
      s.ws.send(JSON.stringify({ type: 'call', id: 1, method: 'workspace.info', input: {} }));
      const m = await s.next((m) => m.type === 'result' && m.id === 1);
      assert.deepEqual(m, { type: 'result', id: 1, ok: true, result: http.json.result });
      // Input may be left out, as over HTTP.
      s.ws.send(JSON.stringify({ type: 'call', id: 'two', method: 'workspace.info' }));
      assert.deepEqual((await s.next((m) => m.id === 'two')).result, http.json.result);
    } finally {
      await s.close();
    }
  });

  it('socket calls fail as results with the error, and bad messages get an answer too', async () => {
    const s = socket(server);
    try {
      await s.open();
      s.ws.send(JSON.stringify({ type: 'call', id: 7, method: 'no.such' }));
      const unknown = await s.next((m) => m.id === 7);
      assert.equal(unknown.ok, false);
      assert.equal((unknown.error as { name: string }).name, 'UnknownMethod');
      s.ws.send(JSON.stringify({ type: 'call', id: 8, method: 'sql.page', input: { resultId: 1 } }));
      assert.equal(((await s.next((m) => m.id === 8)).error as { name: string }).name, 'InvalidInput');
      s.ws.send('{not json');
      const bad = await s.next((m) => m.id === null);
      assert.equal(bad.ok, false);
      assert.equal((bad.error as { name: string }).name, 'BadRequest');
      s.ws.send(JSON.stringify({ type: 'call', id: 9, method: 5 }));
      assert.equal(((await s.next((m) => m.id === 9)).error as { name: string }).name, 'BadRequest');
    } finally {
      await s.close();
    }
  });

  it('import.start pushes job events over the socket until the job is done', async () => {
    const csv = tmp.file('small.csv', 'user_id,event,ts\nu1,A,2024-01-01T00:00:00Z\n');
    const s = socket(server);
    try {
      await s.open();
      s.ws.send(JSON.stringify({ type: 'call', id: 1, method: 'import.start', input: { path: csv } }));
      const started = await s.next((m) => m.type === 'result' && m.id === 1);
      assert.equal(started.ok, true, JSON.stringify(started));
      const job = started.result as { id: string; status: string; kind: string };
      assert.equal(job.kind, 'import');
      const done = await s.next((m) => {
        const j = m.job as { id?: string; status?: string } | undefined;
        return m.type === 'job' && j?.id === job.id && j.status !== 'running';
      });
      const final = done.job as { status: string; fraction: number; result: { rows_imported: number } };
      assert.equal(final.status, 'done', JSON.stringify(final));
      assert.equal(final.fraction, 1);
      assert.equal(final.result.rows_imported, 1);
      const events = s.messages.filter((m) => m.type === 'job' && (m.job as { id: string }).id === job.id);
      assert.equal((events[0]!.job as { status: string }).status, 'running');

      // The job's work is visible over HTTP too.
      const info = await call(server, { method: 'workspace.info' });
      assert.equal((info.json.result as { events: number }).events, 1);
      const jobs = await call(server, { method: 'jobs.list' });
      assert.deepEqual(
        (jobs.json.result as { id: string; status: string }[]).map((j) => [j.id, j.status]),
        [[job.id, 'done']],
      );
    } finally {
      await s.close();
    }
  });

  it('close() closes open sockets and the listener', async () => {
    const own = await withServer();
    const s = socket(own.server);
    await s.open();
    const closed = new Promise<number>((resolve) => s.ws.once('close', (code) => resolve(code)));
    await own.close();
    assert.equal(await closed, 1001);
    await assert.rejects(fetch(`${own.server.origin}/api/health`, { headers: bearer(own.server) }));
    await own.server.close(); // twice is fine
  });
});

describe('engine/server: the renderer', () => {
  const tmp = tempDir();
  after(() => tmp.cleanup());

  it('without a built renderer, / says how to build it', async () => {
    const ctx = await withServer({ staticDir: `${tmp.dir}/not-built` });
    try {
      const page = await fetch(ctx.server.url);
      assert.equal(page.status, 200);
      assert.match(page.headers.get('content-type') ?? '', /^text\/plain/);
      assert.match(await page.text(), /npm run build:renderer/);
    } finally {
      await ctx.close();
    }
  });

  it('serves the built renderer with a strict CSP, nosniff and no referrer; assets by cookie', async () => {
    tmp.file(
      'index.html',
      '<!doctype html><title>Engage</title><script type="module" src="/app.js"></script>',
    );
    tmp.file('app.js', 'console.log("engage");');
    const ctx = await withServer({ staticDir: tmp.dir });
    const { server } = ctx;
    try {
      const page = await fetch(server.url);
      assert.equal(page.status, 200);
      assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
      assert.match(await page.text(), /<title>Engage<\/title>/);
      assert.equal(
        page.headers.get('content-security-policy'),
        `default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; ` +
          `connect-src 'self' ws://127.0.0.1:${server.port} ws://localhost:${server.port}; object-src 'none'; frame-ancestors 'none'`,
      );
      assert.equal(page.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(page.headers.get('referrer-policy'), 'no-referrer');

      const cookie = page.headers.get('set-cookie')!.split(';')[0]!;
      const asset = await fetch(`${server.origin}/app.js`, { headers: { cookie } });
      assert.equal(asset.status, 200);
      assert.equal(await asset.text(), 'console.log("engage");');
      assert.equal(asset.headers.get('x-content-type-options'), 'nosniff');
      assert.equal((await fetch(`${server.origin}/app.js`)).status, 401);
      assert.equal((await fetch(`${server.origin}/missing.js`, { headers: { cookie } })).status, 404);
      assert.equal((await fetch(`${server.origin}/../package.json`, { headers: { cookie } })).status, 404);
    } finally {
      await ctx.close();
    }
  });
});

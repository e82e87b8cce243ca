// Browser mode's server: who may talk to it (token, Host, Origin), and that HTTP and the WebSocket
// carry the same API and the engine's job events.
import assert from 'node:assert/strict';
import { request as httpRequest, type OutgoingHttpHeaders } from 'node:http';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { Engine } from '../../engine/api/Engine.ts';
import { startServer, type RunningServer, type ServerOptions } from '../../engine/server/startServer.ts';
import { tempDir, Workspace } from '../helpers.ts';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: { ok?: boolean; result?: unknown; error?: { name: string; message: string } };
}

/** A request with exactly these headers (fetch will not send a foreign Host). */
function raw(
  server: RunningServer,
  path: string,
  headers: OutgoingHttpHeaders,
  method = 'GET',
  body?: string | Buffer,
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port: server.port, path, method, headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: Reply['json'] = {};
          try {
            json = JSON.parse(text) as Reply['json'];
          } catch {
            // not JSON (static files, the plain-text page)
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const bearer = (server: RunningServer) => ({ authorization: `Bearer ${server.token}` });

/** `POST /api/call` through fetch. */
async function call(server: RunningServer, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.origin}/api/call`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...bearer(server), ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Reply['json'] };
}

/** A socket that records every message; `next(pred)` waits for one that matches. */
function socket(
  server: RunningServer,
  options: WebSocket.ClientOptions = {},
  query = `?token=${server.token}`,
) {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/events${query}`, options);
  const messages: Record<string, unknown>[] = [];
  const waiters: {
    pred: (m: Record<string, unknown>) => boolean;
    resolve: (m: Record<string, unknown>) => void;
  }[] = [];
  ws.on('message', (data: Buffer) => {
    const m = JSON.parse(data.toString('utf8')) as Record<string, unknown>;
    messages.push(m);
    for (const w of [...waiters])
      if (w.pred(m)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
  });
  return {
    ws,
    messages,
    open: () =>
      new Promise<void>((resolve, reject) => {
        ws.once('open', () => resolve());
        ws.once('error', reject);
      }),
    next: (pred: (m: Record<string, unknown>) => boolean, ms = 15_000) =>
      new Promise<Record<string, unknown>>((resolve, reject) => {
        const seen = messages.find(pred);
        if (seen) return resolve(seen);
        const timer = setTimeout(() => reject(new Error('no such message in time')), ms);
        waiters.push({
          pred,
          resolve: (m) => {
            clearTimeout(timer);
            resolve(m);
          },
        });
      }),
    close: () =>
      new Promise<void>((resolve) => {
        if (ws.readyState === WebSocket.CLOSED) return resolve();
        ws.once('close', () => resolve());
        ws.close();
      }),
  };
}

/** The status of a refused upgrade (the socket must not open). */
function refusedUpgrade(
  server: RunningServer,
  options: WebSocket.ClientOptions,
  query?: string,
): Promise<number> {
  const s = socket(server, options, query);
  return new Promise((resolve, reject) => {
    s.ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      s.ws.terminate();
    });
    s.ws.once('open', () => {
      s.ws.terminate();
      reject(new Error('the upgrade succeeded'));
    });
    s.ws.once('error', () => undefined);
  });
}

async function withServer(options: Partial<ServerOptions> = {}) {
  const ws = await Workspace.memory();
  const server = await startServer({ engine: new Engine(ws), ...options });
  return {
    ws,
    server,
    close: async () => {
      await server.close();
      ws.close();
    },
  };
}

describe('engine/server: security', () => {
  let ctx: Awaited<ReturnType<typeof withServer>>;
  let server: RunningServer;
  before(async () => {
    ctx = await withServer();
    server = ctx.server;
  });
  after(() => ctx.close());

  it('binds 127.0.0.1 on a free port and prints a URL that carries a base64url token', () => {
    assert.ok(server.port > 0);
    assert.equal(server.origin, `http://127.0.0.1:${server.port}`);
    assert.match(server.token, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(server.url, `${server.origin}/?token=${server.token}`);
  });

  it('refuses requests without a token or with a wrong one (401, JSON error)', async () => {
    const none = await fetch(`${server.origin}/api/health`);
    assert.equal(none.status, 401);
    const body = (await none.json()) as Reply['json'];
    assert.equal(body.error?.name, 'Unauthorized');
    assert.ok(body.error.message.length > 0);

    const wrong: Record<string, string>[] = [
      { authorization: 'Bearer wrong-token-wrong-token-wrong' },
      { authorization: `Bearer ${server.token}x` },
      { authorization: `Basic ${server.token}` },
      { cookie: 'engage_token=nope' },
    ];
    for (const headers of wrong) {
      const r = await fetch(`${server.origin}/api/health`, { headers });
      assert.equal(r.status, 401, JSON.stringify(headers));
    }
    assert.equal((await fetch(`${server.origin}/api/health?token=nope`)).status, 401);
    // A right token does not outvote a wrong one.
    assert.equal(
      (await fetch(`${server.origin}/api/health?token=nope`, { headers: bearer(server) })).status,
      401,
    );
    // Unknown routes and the page are behind the token too.
    assert.equal((await fetch(`${server.origin}/api/nothing-here`)).status, 401);
    assert.equal((await fetch(`${server.origin}/`)).status, 401);
    assert.equal(
      (await call(server, { method: 'workspace.info' }, { authorization: 'Bearer x' })).status,
      401,
    );
  });

  it('takes the token by header, by query, and by the cookie a ?token= page load sets', async () => {
    const byHeader = await fetch(`${server.origin}/api/health`, { headers: bearer(server) });
    assert.equal(byHeader.status, 200);
    assert.deepEqual(await byHeader.json(), { ok: true });
    assert.equal(byHeader.headers.get('set-cookie'), null);

    const byQuery = await fetch(`${server.origin}/api/health?token=${server.token}`);
    assert.equal(byQuery.status, 200);

    const page = await fetch(server.url);
    assert.equal(page.status, 200);
    const cookie = page.headers.get('set-cookie');
    assert.ok(cookie);
    assert.match(cookie, new RegExp(`^engage_token=${server.token};`));
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Strict/);
    assert.match(cookie, /Path=\//);
    const pair = cookie.split(';')[0]!;
    const byCookie = await fetch(`${server.origin}/api/health`, { headers: { cookie: `other=1; ${pair}` } });
    assert.equal(byCookie.status, 200);
    const callByCookie = await call(
      server,
      { method: 'workspace.info' },
      { authorization: '', cookie: pair },
    );
    assert.equal(callByCookie.status, 200);
  });

  it('refuses a foreign Host (DNS rebinding) with 403, and accepts localhost:PORT', async () => {
    const evil = await raw(server, '/api/health', { host: `evil.example:${server.port}`, ...bearer(server) });
    assert.equal(evil.status, 403);
    assert.equal(evil.json.error?.name, 'Forbidden');
    // Checked before the token: a foreign Host learns nothing about it.
    assert.equal((await raw(server, '/api/health', { host: `evil.example:${server.port}` })).status, 403);
    assert.equal(
      (await raw(server, '/api/health', { host: `127.0.0.1:${server.port + 1}`, ...bearer(server) })).status,
      403,
    );
    assert.equal(
      (await raw(server, '/api/health', { host: `localhost:${server.port}`, ...bearer(server) })).status,
      200,
    );
  });

  it('refuses a foreign Origin with 403, on HTTP and on the WebSocket upgrade', async () => {
    const evil = await raw(server, '/api/health', {
      host: `127.0.0.1:${server.port}`,
      origin: 'http://evil.example',
      ...bearer(server),
    });
    assert.equal(evil.status, 403);
    const post = await raw(
      server,
      '/api/call',
      { host: `127.0.0.1:${server.port}`, origin: 'http://evil.example', 'content-type': 'text/plain' },
      'POST',
      '{"method":"workspace.info"}',
    );
    assert.equal(post.status, 403);
    assert.equal(
      (await call(server, { method: 'workspace.info' }, { origin: 'http://evil.example' })).status,
      403,
    );
    assert.equal((await call(server, { method: 'workspace.info' }, { origin: server.origin })).status, 200);
    assert.equal(
      (await call(server, { method: 'workspace.info' }, { origin: `http://localhost:${server.port}` }))
        .status,
      200,
    );

    assert.equal(await refusedUpgrade(server, { origin: 'http://evil.example' }), 403);
    assert.equal(await refusedUpgrade(server, { headers: { host: `evil.example:${server.port}` } }), 403);
    assert.equal(await refusedUpgrade(server, {}, ''), 401);
    assert.equal(await refusedUpgrade(server, {}, '?token=wrong'), 401);
    // The same socket with its own origin and the token opens.
    const ok = socket(server, { origin: server.origin });
    await ok.open();
    await ok.close();
    // ... and so does one that carries the token in the cookie.
    const byCookie = socket(server, { headers: { cookie: `engage_token=${server.token}` } }, '');
    await byCookie.open();
    await byCookie.close();
  });

  it('rejects malformed calls with 400 and a message', async () => {
    const malformed = await call(server, '{"method": "workspace.info",');
    assert.equal(malformed.status, 400);
    assert.equal(malformed.json.ok, false);
    assert.equal(malformed.json.error?.name, 'BadRequest');
    assert.match(malformed.json.error.message, /not valid JSON/);

    for (const body of [{ method: 5 }, { input: {} }, [], 'null', { method: 'workspace.info', extra: 1 }]) {
      const r = await call(server, body);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.equal(r.json.error?.name, 'BadRequest');
      assert.ok(r.json.error.message.length > 0);
    }
    const notJson = await fetch(`${server.origin}/api/call`, {
      method: 'POST',
      headers: { ...bearer(server), 'content-type': 'text/plain' },
      body: '{"method":"workspace.info"}',
    });
    assert.equal(notJson.status, 400);
    assert.match(((await notJson.json()) as Reply['json']).error!.message, /application\/json/);

    const unknown = await call(server, { method: 'no.such', input: {} });
    assert.equal(unknown.status, 400);
    assert.equal(unknown.json.error?.name, 'UnknownMethod');

    const invalid = await call(server, { method: 'sql.query', input: { sql: 42 } });
    assert.equal(invalid.status, 400);
    assert.equal(invalid.json.error?.name, 'InvalidInput');
    assert.match(invalid.json.error.message, /sql/);
  });

  it('a failing call crosses as {name, message} without a stack', async () => {
    const r = await call(server, { method: 'sql.query', input: { sql: 'SELECT * FROM no_such_table' } });
    assert.equal(r.status, 400);
    assert.equal(r.json.error?.name, 'SqlError');
    assert.doesNotMatch(JSON.stringify(r.json), /\n\s+at /);
  });

  it('answers 404 as JSON for unknown routes and 426 for a plain GET of the socket path', async () => {
    const missing = await fetch(`${server.origin}/api/nothing-here`, { headers: bearer(server) });
    assert.equal(missing.status, 404);
    assert.equal(((await missing.json()) as Reply['json']).error?.name, 'NotFound');
    const plain = await fetch(`${server.origin}/api/events`, { headers: bearer(server) });
    assert.equal(plain.status, 426);
  });
});

describe('engine/server: body limit', () => {
  it('turns a body over the limit into 400 with a message, over HTTP', async () => {
    const ctx = await withServer({ bodyLimit: 1024 });
    try {
      const big = JSON.stringify({ method: 'sql.query', input: { sql: `SELECT '${'x'.repeat(4096)}'` } });
      const r = await call(ctx.server, big);
      assert.equal(r.status, 400);
      assert.equal(r.json.error?.name, 'BadRequest');
      assert.match(r.json.error.message, /larger than the limit of 1 KiB/);
      // Chunked (no Content-Length): the same answer.
      const chunked = await raw(
        ctx.server,
        '/api/call',
        {
          host: `127.0.0.1:${ctx.server.port}`,
          ...bearer(ctx.server),
          'content-type': 'application/json',
          'transfer-encoding': 'chunked',
        },
        'POST',
        big,
      );
      assert.equal(chunked.status, 400);
      assert.match(chunked.json.error!.message, /larger than the limit/);
      // Under the limit still works.
      assert.equal((await call(ctx.server, { method: 'workspace.info' })).status, 200);
    } finally {
      await ctx.close();
    }
  });

  it('closes a socket whose message is over the limit (1009)', async () => {
    const ctx = await withServer({ bodyLimit: 1024 });
    const s = socket(ctx.server);
    try {
      await s.open();
      const closed = new Promise<number>((resolve) => s.ws.once('close', (code) => resolve(code)));
      s.ws.send(JSON.stringify({ type: 'call', id: 1, method: 'workspace.info', pad: 'x'.repeat(4096) }));
      assert.equal(await closed, 1009);
    } finally {
      await s.close();
      await ctx.close();
    }
  });

  it('defaults to 8 MiB', async () => {
    const ctx = await withServer();
    try {
      const r = await call(
        ctx.server,
        JSON.stringify({ method: 'workspace.info', input: {}, pad: 'x'.repeat(9 << 20) }),
      );
      assert.equal(r.status, 400);
      assert.match(r.json.error!.message, /larger than the limit of 8 MiB/);
    } finally {
      await ctx.close();
    }
  });
});

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

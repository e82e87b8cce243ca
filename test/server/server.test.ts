// Browser mode's server: who may talk to it (token, Host, Origin) and how much (body limits).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningServer } from '../../engine/server/startServer.ts';
import { type Reply, raw, bearer, call, socket, refusedUpgrade, withServer } from './serverHelpers.ts';

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

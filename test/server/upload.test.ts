// PUT /api/upload: a file streamed into the staging folder next to the workspace, behind the same
// token / Host / Origin checks as every request, with its own size limit and a plain-name rule.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { Engine } from '../../engine/api/Engine.ts';
import type { JobState } from '../../engine/api/jobs.ts';
import { startServer, type RunningServer } from '../../engine/server/startServer.ts';
import { tempDir, Workspace } from '../helpers.ts';
import { bearer, call, raw } from './serverHelpers.ts';

describe('upload route', () => {
  const tmp = tempDir();
  const staging = join(tmp.dir, 'up.uploads');
  let ws: Workspace;
  let server: RunningServer;
  const host = () => ({ host: `127.0.0.1:${server.port}` });
  const put = (name: string, body: string | Buffer, headers: Record<string, string> = {}) =>
    raw(
      server,
      `/api/upload?name=${encodeURIComponent(name)}`,
      { ...host(), ...bearer(server), ...headers },
      'PUT',
      body,
    );

  before(async () => {
    ws = await Workspace.open(join(tmp.dir, 'up.duckdb'));
    server = await startServer({ engine: new Engine(ws), uploadLimit: 64 * 1024 });
  });
  after(async () => {
    await server.close();
    ws.close();
    tmp.cleanup();
  });

  it('stores the file next to the workspace and the import reads it by path', async () => {
    const csv = 'user_id,event,ts,event_id\nu1,A,2024-01-01T00:00:00Z,1\nu2,B,2024-01-02T00:00:00Z,2\n';
    const reply = await put('my events.csv', csv, { 'content-type': 'text/csv' });
    assert.equal(reply.status, 200, reply.text);
    const result = reply.json.result as { path: string; name: string; bytes: number };
    assert.deepEqual(result, {
      path: join(staging, 'my events.csv'),
      name: 'my events.csv',
      bytes: csv.length,
    });
    assert.equal(readFileSync(result.path, 'utf8'), csv);
    const started = await call(server, { method: 'import.start', input: { path: result.path } });
    const job = started.json.result as JobState;
    let state = job;
    for (let i = 0; i < 100 && state.status === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      state = ((await call(server, { method: 'jobs.list' })).json.result as JobState[]).find(
        (j) => j.id === job.id,
      )!;
    }
    assert.equal(state.status, 'done');
    assert.equal(await ws.value('SELECT count(*) FROM events'), 2);
  });

  it('never overwrites: a second file of the same name gets a number', async () => {
    const reply = await put('my events.csv', 'a,b\n1,2\n');
    assert.equal((reply.json.result as { name: string }).name, 'my events (2).csv');
    const gz = await put('x.ndjson.gz', Buffer.from([0x1f, 0x8b]));
    assert.equal((gz.json.result as { name: string }).name, 'x.ndjson.gz');
    const again = await put('x.ndjson.gz', Buffer.from([0x1f, 0x8b]));
    assert.equal((again.json.result as { name: string }).name, 'x (2).ndjson.gz');
  });

  it('works without a content type and with a chunked body', async () => {
    const reply = await put('plain.tsv', 'a\tb\n1\t2\n');
    assert.equal(reply.status, 200, reply.text);
    const res = await fetch(`${server.origin}/api/upload?name=chunked.csv`, {
      method: 'PUT',
      headers: bearer(server),
      body: Readable.toWeb(Readable.from([Buffer.from('a,b\n'), Buffer.from('1,2\n')])) as ReadableStream,
      duplex: 'half',
    });
    assert.equal(res.status, 200);
    assert.equal(readFileSync(join(staging, 'chunked.csv'), 'utf8'), 'a,b\n1,2\n');
  });

  it('refuses a request without the token (401) or from a foreign origin (403)', async () => {
    const noToken = await raw(server, '/api/upload?name=a.csv', host(), 'PUT', 'a\n');
    assert.equal(noToken.status, 401);
    assert.equal(noToken.json.error?.name, 'Unauthorized');
    const foreign = await put('a.csv', 'a\n', { origin: 'http://evil.example' });
    assert.equal(foreign.status, 403);
    const rebinding = await raw(
      server,
      '/api/upload?name=a.csv',
      { ...bearer(server), host: 'evil.example' },
      'PUT',
      'a\n',
    );
    assert.equal(rebinding.status, 403);
    assert.ok(!existsSync(join(staging, 'a.csv')));
  });

  it('rejects names with folders, traversal, a leading dot, or a type it cannot import', async () => {
    for (const name of [
      '../escape.csv',
      '..\\escape.csv',
      'sub/dir.csv',
      '/etc/passwd.csv',
      '.hidden.csv',
      '..',
      'a\u0000b.csv',
    ]) {
      const reply = await put(name, 'a\n');
      assert.equal(reply.status, 400, name);
      assert.equal(reply.json.error?.name, 'BadRequest');
      assert.match(reply.json.error?.message ?? '', /not a plain file name/, name);
    }
    const pdf = await put('report.pdf', 'a\n');
    assert.equal(pdf.status, 400);
    assert.match(
      pdf.json.error?.message ?? '',
      /report\.pdf: only csv, tsv, txt, parquet, json, ndjson, jsonl files/,
    );
    const missing = await raw(server, '/api/upload', { ...host(), ...bearer(server) }, 'PUT', 'a\n');
    assert.equal(missing.status, 400);
    assert.match(missing.json.error?.message ?? '', /name the file/);
    assert.ok(!existsSync(join(tmp.dir, 'escape.csv')));
    assert.ok(!existsSync(join(tmp.dir, 'dir.csv')));
  });

  it('refuses a file over the upload limit with 413 and a message, and keeps no part of it', async () => {
    const big = Buffer.alloc(100 * 1024, 0x61);
    const declared = await put('big.csv', big);
    assert.equal(declared.status, 413);
    assert.equal(declared.json.error?.name, 'PayloadTooLarge');
    assert.match(
      declared.json.error?.message ?? '',
      /larger than the upload limit of 64 KiB: import it by its path/,
    );
    const streamed = await fetch(`${server.origin}/api/upload?name=big2.csv`, {
      method: 'PUT',
      headers: bearer(server),
      body: Readable.toWeb(Readable.from([big.subarray(0, 50_000), big.subarray(50_000)])) as ReadableStream,
      duplex: 'half',
    }).catch(() => null);
    if (streamed) assert.equal(streamed.status, 413);
    assert.deepEqual(
      readdirSync(staging).filter((f) => f.startsWith('big') || f.endsWith('.part')),
      [],
    );
  });

  it('the JSON API still refuses bodies that are not JSON', async () => {
    const reply = await raw(
      server,
      '/api/call',
      { ...host(), ...bearer(server), 'content-type': 'text/plain' },
      'POST',
      '{}',
    );
    assert.equal(reply.status, 400);
  });
});

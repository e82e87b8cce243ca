// Every bad input named in the foundation issue: each gives a clear error that names the file (and
// line and column where there is one) or a correct import — never a crash or a half import.
import assert from 'node:assert/strict';
import { mkdirSync, rmSync } from 'node:fs';
import { after, afterEach, beforeEach, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { importFile, ImportError } from '../../engine/import/index.ts';
import { snapshot, tempDir, Workspace } from '../helpers.ts';

const header = 'user_id,event,ts,event_id\n';

describe('bad input', () => {
  const tmp = tempDir();
  let ws: Workspace;
  let before: Record<string, number>;
  after(() => tmp.cleanup());
  beforeEach(async () => {
    ws = await Workspace.memory();
    // Something already in the workspace, which every failed import must leave as it was.
    await importFile(ws, tmp.file('seed.csv', header + 'u0,Seeded,2024-01-01T00:00:00Z,s0\n'));
    before = await snapshot(ws);
  });
  afterEach(() => ws.close());

  async function fails(path: string, pattern: RegExp, options = {}): Promise<ImportError> {
    const error = await importFile(ws, path, options).then(
      () => assert.fail('the import should have failed'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof ImportError, `an ImportError, not ${String(error)}`);
    assert.match(error.toString(), pattern);
    assert.ok(error.toString().startsWith(path), 'the message names the file first');
    assert.deepEqual(await snapshot(ws), before, 'the workspace is as it was');
    return error;
  }

  it('empty file', async () => void (await fails(tmp.file('empty.csv', ''), /empty \(0 bytes\)/)));
  it('header only', async () =>
    void (await fails(tmp.file('header.csv', header), /no data rows: the file holds only a header/)));
  it('binary garbage', async () =>
    void (await fails(
      tmp.file('garbage.csv', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256))),
      /binary content/,
    )));
  it('binary garbage without an extension', async () =>
    void (await fails(tmp.file('garbage', Buffer.from([0, 1, 2, 3, 255, 0, 0, 9])), /binary content/)));
  it('truncated gzip', async () => {
    const full = gzipSync(
      header + Array.from({ length: 20000 }, (_, i) => `u${i},E,2024-01-01T00:00:00Z,t${i}\n`).join(''),
    );
    await fails(tmp.file('truncated.csv.gz', full.subarray(0, Math.floor(full.length / 2))), /gzip/i);
  });
  it('a file that does not exist', async () => void (await fails(`${tmp.dir}/missing.csv`, /no such file/)));
  it('a directory', async () => {
    mkdirSync(`${tmp.dir}/a-dir.csv`, { recursive: true });
    await fails(`${tmp.dir}/a-dir.csv`, /is a directory/);
  });
  it('a file that disappears after it was checked, before DuckDB reads it', async () => {
    const path = tmp.file('vanishing.csv', header + 'u1,E,2024-01-01T00:00:00Z,v1\n');
    let removed = false;
    await fails(path, /cannot read the file|No such file|no such file/i, {
      onProgress: () => {
        if (!removed) rmSync(path);
        removed = true;
      },
    });
  });
  it('a file replaced by something unreadable mid-way', async () => {
    const path = tmp.file('replaced.csv', header + 'u1,E,2024-01-01T00:00:00Z,r1\n');
    let replaced = false;
    await fails(path, /replaced\.csv/, {
      onProgress: () => {
        if (replaced) return;
        replaced = true;
        rmSync(path);
        mkdirSync(path);
      },
    });
  });

  it('unparseable timestamp: stops at the first bad row, names line and column', async () => {
    const path = tmp.file(
      'badts.csv',
      header + 'u1,E,2024-01-01T00:00:00Z,a\nu2,E,yesterday-ish,b\nu3,E,also bad,c\n',
    );
    const e = await fails(
      path,
      /badts\.csv:3: ts: unparseable timestamp "yesterday-ish" \(2 bad rows in all/,
    );
    assert.equal(e.line, 3);
    assert.equal(e.column, 'ts');
    const r = await importFile(ws, path, { maxRejects: 2 });
    assert.deepEqual([r.rows_in, r.rows_imported, r.rows_rejected], [3, 1, 2]);
    assert.deepEqual(await ws.rows(`SELECT line, column_name, reason FROM import_rejects ORDER BY line`), [
      { line: 3, column_name: 'ts', reason: 'unparseable timestamp "yesterday-ish"' },
      { line: 4, column_name: 'ts', reason: 'unparseable timestamp "also bad"' },
    ]);
  });

  it('missing user id', async () => {
    const path = tmp.file('nouser.csv', header + ',E,2024-01-01T00:00:00Z,a\nu2,E,2024-01-01T00:00:00Z,b\n');
    await fails(path, /nouser\.csv:2: user_id: missing user id$/);
    const r = await importFile(ws, path, { maxRejects: 1 });
    assert.deepEqual([r.rows_imported, r.rows_rejected], [1, 1]);
  });

  it('a row with too many columns (e.g. an unquoted comma)', async () => {
    const good = Array.from({ length: 50 }, (_, i) => `u${i},E,2024-01-01T00:00:00Z,c${i}\n`).join('');
    const path = tmp.file(
      'cols.csv',
      header + good + 'u2,E,2024-01-01T00:00:00Z,b,extra\nu3,E,2024-01-02T00:00:00Z,c\n',
    );
    await fails(path, /cols\.csv:52: too many columns/);
    const r = await importFile(ws, path, { maxRejects: 5 });
    assert.deepEqual([r.rows_in, r.rows_imported, r.rows_rejected], [52, 51, 1]);
    assert.deepEqual(await ws.rows(`SELECT line, reason FROM import_rejects`), [
      { line: 52, reason: 'too many columns for the header (wrong delimiter or an unquoted comma?)' },
    ]);
  });

  it('malformed NDJSON line: exact line; with --max-rejects the rest is imported', async () => {
    const line = (i: number) =>
      JSON.stringify({
        type: 'track',
        messageId: `j${i}`,
        userId: 'u',
        event: 'E',
        timestamp: '2024-01-01T00:00:00Z',
      });
    const path = tmp.file(
      'broken.ndjson',
      [line(1), line(2), '{"type": "track", "messageId": "j3"', line(4)].join('\n') + '\n',
    );
    await fails(path, /broken\.ndjson:3: malformed JSON/);
    const r = await importFile(ws, path, { maxRejects: 1 });
    assert.deepEqual([r.rows_imported, r.rows_rejected], [3, 1]);
  });

  it('wrong delimiter: a semicolon file named .csv is sniffed and imported', async () => {
    const r = await importFile(
      ws,
      tmp.file('semi.csv', 'user_id;event;ts\nu1;A;2024-01-01T00:00:00Z\nu2;B;2024-01-02T00:00:00Z\n'),
    );
    assert.deepEqual([r.rows_imported, r.mapping.event], [2, 'event']);
  });

  it('mixed types in a column: numbers stay numbers, text stays text, nothing lost', async () => {
    const rows = Array.from(
      { length: 30000 },
      (_, i) => `u${i},E,2024-01-01T00:00:00Z,m${i},${i === 29999 ? 'n/a' : i}`,
    );
    const r = await importFile(
      ws,
      tmp.file('mixed.csv', 'user_id,event,ts,event_id,score\n' + rows.join('\n') + '\n'),
    );
    assert.equal(r.rows_imported, 30000);
    assert.deepEqual(
      await ws.rows(
        `SELECT properties FROM events WHERE event_id IN ('m7', 'm29999') ORDER BY event_id DESC`,
      ),
      [{ properties: '{"score":7}' }, { properties: '{"score":"n/a"}' }],
    );
  });

  it('timestamps as seconds, milliseconds, microseconds, nanoseconds, ISO with and without zone', async () => {
    const values = [
      '1704067200',
      '1704067200500',
      '1704067200123456',
      '1704067200123456789',
      '2024-01-01T02:00:00+02:00',
      '2024-01-01 00:00:00',
      '2024-01-01T00:00:00.5Z',
    ];
    const r = await importFile(
      ws,
      tmp.file('ts.csv', header + values.map((v, i) => `u,E,${v},t${i}`).join('\n') + '\n'),
    );
    assert.equal(r.rows_imported, values.length);
    assert.deepEqual(
      (await ws.rows(`SELECT ts FROM events WHERE user_id = 'u' ORDER BY event_id`)).map((x) => x.ts),
      [
        '2024-01-01T00:00:00Z',
        '2024-01-01T00:00:00.5Z',
        '2024-01-01T00:00:00.123456Z',
        '2024-01-01T00:00:00.123456Z',
        '2024-01-01T00:00:00Z',
        '2024-01-01T00:00:00Z',
        '2024-01-01T00:00:00.5Z',
      ],
    );
  });

  it('dates before 2000 and in the future are imported (the audit flags them)', async () => {
    const r = await importFile(
      ws,
      tmp.file('old.csv', header + 'u,E,1999-12-31T23:59:59Z,o1\nu,E,2091-01-01T00:00:00Z,o2\n'),
    );
    assert.equal(r.rows_imported, 2);
  });

  it('Latin-1 text and invalid UTF-8 bytes are read as Latin-1, with a note', async () => {
    const bytes = Buffer.concat([
      Buffer.from(header + 'u1,Caf'),
      Buffer.from([0xe9]),
      Buffer.from(' Visit,2024-01-01T00:00:00Z,l1\n'),
    ]);
    const r = await importFile(ws, tmp.file('latin1.csv', bytes));
    assert.equal(r.encoding, 'latin-1');
    assert.equal(await ws.value(`SELECT event FROM events WHERE event_id = 'l1'`), 'Café Visit');
  });

  it('UTF-8 BOM and CRLF line endings', async () => {
    const r = await importFile(
      ws,
      tmp.file(
        'bom.csv',
        '\uFEFF' +
          header.replace('\n', '\r\n') +
          'u1,Ünïcode,2024-01-01T00:00:00Z,b1\r\nu2,E,2024-01-01T00:00:00Z,b2\r\n',
      ),
    );
    assert.deepEqual(r.mapping, { user_id: 'user_id', event: 'event', ts: 'ts', event_id: 'event_id' });
    assert.deepEqual(
      await ws.rows(`SELECT event FROM events WHERE event_id IN ('b1', 'b2') ORDER BY event_id`),
      [{ event: 'Ünïcode' }, { event: 'E' }],
    );
  });

  it('a 10 MB single line', async () => {
    const big = 'x'.repeat(10 * 1024 * 1024);
    const r = await importFile(
      ws,
      tmp.file('long.csv', `user_id,event,ts,event_id,blob\nu1,E,2024-01-01T00:00:00Z,big,${big}\n`),
    );
    assert.equal(r.rows_imported, 1);
    assert.equal(
      await ws.value(`SELECT length(properties->>'blob') FROM events WHERE event_id = 'big'`),
      big.length,
    );
    const json = await importFile(
      ws,
      tmp.file(
        'long.ndjson',
        JSON.stringify({
          type: 'track',
          messageId: 'bigj',
          userId: 'u',
          event: 'E',
          timestamp: '2024-01-01T00:00:00Z',
          properties: { blob: big },
        }) + '\n',
      ),
    );
    assert.equal(json.rows_imported, 1);
  });

  it('duplicate ids: within a file and across imports; the same file twice adds nothing and says so', async () => {
    const path = tmp.file(
      'dups.csv',
      header + 'u1,E,2024-01-01T00:00:00Z,d1\nu1,E,2024-01-01T00:00:00Z,d1\nu2,E,2024-01-01T00:00:00Z,d2\n',
    );
    const first = await importFile(ws, path);
    assert.deepEqual([first.rows_in, first.rows_imported, first.duplicates_skipped], [3, 2, 1]);
    const again = await importFile(ws, path);
    assert.deepEqual([again.rows_in, again.rows_imported, again.duplicates_skipped], [3, 0, 3]);
    assert.ok(again.notes.includes('nothing new: every row was already in the workspace'));
    assert.equal(await ws.value(`SELECT count(*) FROM events WHERE event_id LIKE 'd%'`), 2);
  });
});

import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { ident, literal, namedOptions } from '../../engine/store/sql.ts';
import { isoTimestamp } from '../../engine/store/jsonSafe.ts';
import { latestSchemaVersion } from '../../engine/store/migrations.ts';
import { tempDir, Workspace } from '../helpers.ts';

describe('workspace store', () => {
  const tmp = tempDir();
  after(() => tmp.cleanup());

  it('creates the schema, records its version, and reopens without migrating again', async () => {
    const path = `${tmp.dir}/a.duckdb`;
    const ws = await Workspace.open(path);
    assert.equal(
      await ws.value(`SELECT value FROM meta WHERE key = 'schema_version'`),
      String(latestSchemaVersion),
    );
    const tables = (await ws.rows(`SELECT table_name FROM duckdb_tables() ORDER BY 1`)).map(
      (r) => r.table_name,
    );
    for (const t of ['analyses', 'audit_log', 'events', 'import_rejects', 'imports', 'meta', 'users'])
      assert.ok(tables.includes(t), t);
    await ws.run(`INSERT INTO users (user_id) VALUES ('kept')`);
    ws.close();
    const again = await Workspace.open(path);
    assert.equal(await again.value(`SELECT count(*) FROM users`), 1);
    again.close();
  });

  it('refuses a workspace from a newer engine, and a missing one in read-only mode', async () => {
    const path = `${tmp.dir}/future.duckdb`;
    const ws = await Workspace.open(path);
    await ws.run(`UPDATE meta SET value = '999' WHERE key = 'schema_version'`);
    ws.close();
    await assert.rejects(Workspace.open(path), /schema version 999 is newer than this engine understands/);
    await assert.rejects(Workspace.open(`${tmp.dir}/none.duckdb`, { readOnly: true }), /no such workspace/);
  });

  it('read-only mode refuses changes', async () => {
    const path = `${tmp.dir}/ro.duckdb`;
    (await Workspace.open(path)).close();
    const ro = await Workspace.open(path, { readOnly: true });
    await assert.rejects(ro.run(`DELETE FROM events`), /read-only/i);
    ro.close();
  });

  it('a transaction that throws leaves nothing behind', async () => {
    const ws = await Workspace.memory();
    await assert.rejects(
      ws.transaction(async () => {
        await ws.run(`INSERT INTO users (user_id) VALUES ('gone')`);
        throw new Error('boom');
      }),
      /boom/,
    );
    assert.equal(await ws.value(`SELECT count(*) FROM users`), 0);
    ws.close();
  });

  it('JSON-safe values at the edge: exact integers as numbers, huge ones as strings, timestamps in ISO UTC', async () => {
    const ws = await Workspace.memory();
    const [row] = await ws.rows(
      `SELECT 42::BIGINT AS small, 9007199254740993::BIGINT AS huge, 1.25::DECIMAL(9, 2) AS dec,
              TIMESTAMPTZ '2024-05-06 07:08:09.5+02' AS tz, TIMESTAMP '2024-05-06 07:08:09' AS naive, NULL AS nothing`,
    );
    assert.deepEqual(row, {
      small: 42,
      huge: '9007199254740993',
      dec: 1.25,
      tz: '2024-05-06T05:08:09.5Z',
      naive: '2024-05-06T07:08:09Z',
      nothing: null,
    });
    assert.equal(isoTimestamp('not a time'), 'not a time');
    ws.close();
  });

  it('quotes identifiers and literals through one helper', async () => {
    assert.equal(ident('we"ird'), '"we""ird"');
    assert.equal(literal("it's"), "'it''s'");
    assert.equal(
      namedOptions({ a: 1, b: 'x', c: undefined, d: [true, null], e: { k: 'v' } }),
      "a = 1, b = 'x', d = [true, NULL], e = {'k': 'v'}",
    );
    const ws = await Workspace.memory();
    await ws.run(`CREATE TABLE ${ident('odd "name"')} (${ident('a b')} INTEGER)`);
    await ws.run(`INSERT INTO ${ident('odd "name"')} VALUES (1)`);
    assert.equal(
      await ws.value(`SELECT ${ident('a b')} FROM ${ident('odd "name"')} WHERE ${literal("'")} = ''''`),
      1,
    );
    ws.close();
  });
});

// The `engage` CLI contract that other tooling relies on: commands, flags, JSON keys, exit codes.
import { latestSchemaVersion } from '../../engine/store/migrations.ts';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { datasets, engage, tempDir } from '../helpers.ts';

const json = (text: string) => JSON.parse(text) as Record<string, unknown>;
const bin = fileURLToPath(new URL('../../engine/cli/engage.js', import.meta.url));

describe('engage CLI', () => {
  const tmp = tempDir();
  const ws = `${tmp.dir}/cli.duckdb`;
  after(() => tmp.cleanup());

  it('the real executable: --help for every command, a one-line error and a non-zero exit on failure', () => {
    for (const command of ['init', 'import', 'audit', 'sql', 'doctor', 'samples']) {
      const r = spawnSync(process.execPath, [bin, command, '--help'], { encoding: 'utf8' });
      assert.equal(r.status, 0, `${command} --help`);
      assert.match(r.stdout, new RegExp(`engage ${command}`));
    }
    const bad = spawnSync(process.execPath, [bin, 'import', `${tmp.dir}/nope.csv`, '--workspace', ws], {
      encoding: 'utf8',
    });
    assert.equal(bad.status, 1);
    assert.equal(bad.stderr, `error: ${tmp.dir}/nope.csv: no such file\n`);
    assert.equal(bad.stdout, '');
  });

  it('init creates a workspace at the current schema version', async () => {
    const r = await engage('init', '--workspace', ws, '--json');
    assert.equal(r.code, 0);
    assert.deepEqual(JSON.parse(r.stdout), {
      workspace: ws,
      created: true,
      schema_version: latestSchemaVersion,
    });
  });

  it('import --json prints one object per file with the contract keys', async () => {
    const csv = tmp.file(
      'a.csv',
      'user_id,event,ts,event_id\nu1,A,2024-01-01T00:00:00Z,1\nu2,B,2024-01-02T00:00:00Z,2\n',
    );
    const ndjson = tmp.file(
      'b.ndjson',
      JSON.stringify({
        type: 'track',
        messageId: 'm',
        userId: 'u3',
        event: 'C',
        timestamp: '2024-01-03T00:00:00Z',
      }) + '\n',
    );
    const r = await engage('import', csv, ndjson, '--workspace', ws, '--json');
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(lines.length, 2);
    for (const key of [
      'file',
      'shape',
      'rows_in',
      'rows_imported',
      'rows_rejected',
      'duplicates_skipped',
      'seconds',
    ]) {
      assert.ok(key in lines[0]! && key in lines[1]!, `key ${key}`);
    }
    assert.deepEqual(
      lines.map((l) => [l.file, l.shape, l.rows_in, l.rows_imported, l.rows_rejected, l.duplicates_skipped]),
      [
        [csv, 'generic', 2, 2, 0, 0],
        [ndjson, 'segment', 1, 1, 0, 0],
      ],
    );
  });

  it('import flags: --no-header --columns, --map, --format, --shape, --max-rejects, --users', async () => {
    const headerless = tmp.file('h.txt', 'x1,click,1704067200\nx2,view,1704067260\n');
    const r1 = await engage(
      'import',
      headerless,
      '--workspace',
      ws,
      '--format',
      'csv',
      '--no-header',
      '--columns',
      'who,what,when',
      '--map',
      'user_id=who,event=what,ts=when',
      '--json',
    );
    assert.equal(r1.code, 0, r1.stderr);
    assert.equal(json(r1.stdout).rows_imported, 2);
    const messy = tmp.file('m.csv', 'user_id,event,ts\nu1,A,2024-01-01T00:00:00Z\nu2,A,never\n');
    const r2 = await engage('import', messy, '--workspace', ws, '--shape', 'generic');
    assert.equal(r2.code, 1);
    assert.equal(r2.stderr, `error: ${messy}:3: ts: unparseable timestamp "never"\n`);
    const r3 = await engage('import', messy, '--workspace', ws, '--max-rejects', '1', '--json');
    assert.deepEqual([json(r3.stdout).rows_imported, json(r3.stdout).rows_rejected], [1, 1]);
    const users = tmp.file('u.csv', 'id,age,country\nx1,30,DE\nx2,41,FR\n');
    const r4 = await engage('import', users, '--workspace', ws, '--users', '--json');
    assert.equal(json(r4.stdout).rows_imported, 2);
  });

  it('usage mistakes exit 2 with one error line', async () => {
    assert.deepEqual(await engage('import', 'x.csv'), {
      code: 2,
      stdout: '',
      stderr: 'error: --workspace WS is required (a .duckdb workspace file)\n',
    });
    const unknown = await engage('import', 'x.csv', '--workspace', ws, '--bogus');
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /^error: Unknown option '--bogus'/);
    assert.equal((await engage('frobnicate')).code, 2);
    assert.equal(
      (await engage('import', 'x.csv', '--workspace', ws, '--format', 'xml')).stderr,
      'error: --format must be one of auto, csv, tsv, parquet, json, ndjson\n',
    );
  });

  it('sql: --json rows with numbers and ISO times, --csv, read-only unless --write', async () => {
    const r = await engage(
      'sql',
      '--workspace',
      ws,
      'SELECT count(*) AS n, min(ts) AS first FROM events WHERE import_id = 1',
      '--json',
    );
    assert.deepEqual(JSON.parse(r.stdout), [{ n: 2, first: '2024-01-01T00:00:00Z' }]);
    const csv = await engage('sql', '--workspace', ws, "SELECT 'a,b' AS x, 1 AS y", '--csv');
    assert.equal(csv.stdout, 'x,y\n"a,b",1\n');
    const write = await engage('sql', '--workspace', ws, 'DELETE FROM events');
    assert.equal(write.code, 1);
    assert.match(write.stderr, /^error: .*read-only/i);
    const allowed = await engage('sql', '--workspace', ws, 'CREATE TABLE notes AS SELECT 1 AS x', '--write');
    assert.equal(allowed.code, 0, allowed.stderr);
  });

  it('audit --json returns checks with id, severity, message and value', async () => {
    const r = await engage('audit', '--workspace', ws, '--json');
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as { checks: Record<string, unknown>[] };
    assert.ok(report.checks.length > 5);
    for (const check of report.checks)
      for (const key of ['id', 'severity', 'message', 'value']) assert.ok(key in check, key);
    assert.ok(report.checks.some((c) => c.id === 'rows' && c.value === 6));
  });

  it('doctor --json names Node, DuckDB, the TensorFlow.js backend and the Electron binary status', async () => {
    const r = await engage('doctor', '--json');
    const d = JSON.parse(r.stdout) as {
      node: string;
      duckdb: string;
      tensorflow: { backend: string };
      electron: { installed: boolean };
    };
    assert.equal(d.node, process.versions.node);
    assert.match(d.duckdb, /^v1\.\d+\.\d+/);
    assert.ok(['tensorflow', 'wasm', 'cpu'].includes(d.tensorflow.backend));
    assert.equal(typeof d.electron.installed, 'boolean');
  });

  it('samples writes seeded exports and imports them into a workspace', async () => {
    const out = `${tmp.dir}/samples`;
    const r = await engage(
      'samples',
      '--out',
      out,
      '--users',
      '150',
      '--days',
      '20',
      '--seed',
      '7',
      '--workspace',
      `${tmp.dir}/s.duckdb`,
      '--json',
    );
    assert.equal(r.code, 0, r.stderr);
    const s = JSON.parse(r.stdout) as {
      events: number;
      users: number;
      imports: { rows_imported: number; target: string }[];
    };
    assert.equal(s.users, 150);
    assert.equal(s.imports.find((i) => i.target === 'users')?.rows_imported, 150);
    // Every generated message is an event, identify calls included.
    assert.equal(s.imports.find((i) => i.target === 'events')?.rows_imported, s.events);
  });

  it('reads the real datasets from the CLI too', async () => {
    const r = await engage(
      'import',
      `${datasets}CDNOW_master.csv.gz`,
      '--workspace',
      `${tmp.dir}/cd.duckdb`,
      '--map',
      "event='Order Completed'",
      '--json',
    );
    assert.equal(json(r.stdout).rows_imported, 69404);
  });
});

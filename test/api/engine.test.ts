// The API contract through Engine.dispatch: validation at the boundary, jobs, paged SQL results.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { Engine } from '../../engine/api/Engine.ts';
import { methods } from '../../engine/api/contract.ts';
import type { JobState } from '../../engine/api/jobs.ts';
import { tempDir, Workspace } from '../helpers.ts';

describe('engine API', () => {
  const tmp = tempDir();
  let ws: Workspace;
  let engine: Engine;
  before(async () => {
    ws = await Workspace.open(`${tmp.dir}/api.duckdb`);
    engine = new Engine(ws);
  });
  after(() => {
    ws.close();
    tmp.cleanup();
  });

  it('rejects unknown methods and invalid input with named errors', async () => {
    await assert.rejects(engine.dispatch('nope', {}), {
      name: 'UnknownMethod',
      message: 'no API method "nope"',
    });
    await assert.rejects(
      engine.dispatch('sql.query', { sql: '' }),
      (e: Error) => e.name === 'InvalidInput' && /sql/.test(e.message),
    );
    await assert.rejects(engine.dispatch('sql.query', { sql: 'SELECT 1', extra: true }), {
      name: 'InvalidInput',
    });
    assert.ok(methods.includes('import.start') && methods.includes('jobs.cancel'));
  });

  it('import.preview shows format, shape, mapping and first rows without importing', async () => {
    const path = tmp.file(
      'p.csv',
      'CustomerID,InvoiceDate,Amount\n7,2024-01-01T00:00:00Z,9.5\n8,2024-01-02T00:00:00Z,3\n',
    );
    const p = (await engine.dispatch('import.preview', { path })) as {
      shape: string;
      mapping: Record<string, string>;
      rows: unknown[];
    };
    assert.equal(p.shape, 'generic');
    assert.deepEqual(p.mapping, { user_id: 'CustomerID', ts: 'InvoiceDate', revenue: 'Amount' });
    assert.equal(p.rows.length, 2);
    assert.equal(await ws.value('SELECT count(*) FROM events'), 0);
  });

  it('import.start runs as a job with progress events and a result', async () => {
    const path = tmp.file(
      'j.csv',
      'user_id,event,ts,event_id\n' +
        Array.from(
          { length: 500 },
          (_, i) => `u${i % 7},E${i % 3},2024-01-01T00:${String(i % 60).padStart(2, '0')}:00Z,j${i}`,
        ).join('\n') +
        '\n',
    );
    const seen: JobState[] = [];
    engine.jobs.events.on('event', (e) => e.type === 'job' && seen.push(e.job));
    const job = (await engine.dispatch('import.start', { path })) as JobState;
    assert.equal(job.status, 'running');
    const done = await engine.jobs.wait(job.id);
    assert.equal(done.status, 'done', JSON.stringify(done.error));
    assert.equal((done.result as { rows_imported: number }).rows_imported, 500);
    assert.ok(seen.some((s) => s.id === job.id && s.status === 'running'));
    assert.equal(seen.at(-1)?.status, 'done');
    const info = (await engine.dispatch('workspace.info', {})) as { events: number; imports: number };
    assert.deepEqual([info.events, info.imports], [500, 1]);
  });

  it('a failed import job carries the error, and the workspace is unchanged', async () => {
    const path = tmp.file('bad.csv', 'user_id,event,ts\nu1,E,not a time\n');
    const job = (await engine.dispatch('import.start', { path })) as JobState;
    const done = await engine.jobs.wait(job.id);
    assert.equal(done.status, 'failed');
    assert.equal(done.error?.name, 'ImportError');
    assert.match(done.error?.message ?? '', /bad\.csv:2: ts: unparseable timestamp "not a time"/);
    assert.equal(((await engine.dispatch('workspace.info', {})) as { events: number }).events, 500);
  });

  it('sql.query runs once; sql.page reads any row range of the result', async () => {
    const q = (await engine.dispatch('sql.query', {
      sql: 'SELECT i, i * 2 AS twice FROM range(100000) t(i) ORDER BY i',
    })) as {
      resultId: string;
      total: number;
      columns: { name: string }[];
    };
    assert.equal(q.total, 100000);
    assert.deepEqual(
      q.columns.map((c) => c.name),
      ['i', 'twice'],
    );
    const page = (await engine.dispatch('sql.page', { resultId: q.resultId, offset: 50000, limit: 3 })) as {
      rows: unknown[];
    };
    assert.deepEqual(page.rows, [
      { i: 50000, twice: 100000 },
      { i: 50001, twice: 100002 },
      { i: 50002, twice: 100004 },
    ]);
    await assert.rejects(engine.dispatch('sql.query', { sql: 'DELETE FROM events' }), { name: 'SqlError' });
    // Export writes the whole result, in order, without running the query again.
    const csv = `${tmp.dir}/result.csv`;
    assert.deepEqual(
      await engine.dispatch('sql.export', { resultId: q.resultId, path: csv, format: 'csv' }),
      { path: csv, rows: 100000 },
    );
    const lines = readFileSync(csv, 'utf8').split('\n');
    assert.deepEqual(lines.slice(0, 3), ['i,twice', '0,0', '1,2']);
    const parquet = `${tmp.dir}/result.parquet`;
    await engine.dispatch('sql.export', { resultId: q.resultId, path: parquet, format: 'parquet' });
    assert.equal(await ws.value(`SELECT sum(twice) FROM read_parquet('${parquet}')`), 9999900000);
    await assert.rejects(
      engine.dispatch('sql.export', {
        resultId: q.resultId,
        path: `${tmp.dir}/no/such/dir/x.csv`,
        format: 'csv',
      }),
      { name: 'ExportError' },
    );
    assert.equal(((await engine.dispatch('workspace.info', {})) as { events: number }).events, 500);
  });

  it('workspace.tables lists tables with row counts and columns; audit.run returns the report', async () => {
    const tables = (await engine.dispatch('workspace.tables', {})) as {
      name: string;
      rows: number;
      columns: { name: string }[];
    }[];
    const events = tables.find((t) => t.name === 'events');
    assert.equal(events?.rows, 500);
    assert.ok(events?.columns.some((c) => c.name === 'properties'));
    const audit = (await engine.dispatch('audit.run', {})) as { checks: { id: string; value: unknown }[] };
    assert.equal(audit.checks.find((c) => c.id === 'rows')?.value, 500);
  });

  it('jobs.cancel stops a running import; nothing of it stays', async () => {
    const rows = Array.from({ length: 400000 }, (_, i) => `u${i % 1000},E,2024-01-01T00:00:00Z,id${i}`).join(
      '\n',
    );
    const path = tmp.file('big.csv', 'user_id,event,ts,event_id\n' + rows + '\n');
    const job = (await engine.dispatch('import.start', { path })) as JobState;
    assert.deepEqual(await engine.dispatch('jobs.cancel', { id: job.id }), { cancelled: true });
    const done = await engine.jobs.wait(job.id);
    assert.equal(done.status, 'cancelled');
    assert.equal(((await engine.dispatch('workspace.info', {})) as { events: number }).events, 500);
    assert.deepEqual(await engine.dispatch('jobs.cancel', { id: job.id }), { cancelled: false });
  });
});

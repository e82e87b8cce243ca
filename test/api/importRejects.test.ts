// import.rejects: the rows an import let through as rejected, paged, in file order; preview fields.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Engine } from '../../engine/api/Engine.ts';
import type { Output } from '../../engine/api/contract.ts';
import type { JobState } from '../../engine/api/jobs.ts';
import { tempDir, Workspace } from '../helpers.ts';

describe('import.rejects', () => {
  const tmp = tempDir();
  let ws: Workspace;
  let engine: Engine;
  let importId: number;

  before(async () => {
    ws = await Workspace.memory();
    engine = new Engine(ws);
    const lines = ['user_id,event,ts,event_id'];
    for (let i = 0; i < 30; i++) lines.push(`u${i},E,2024-01-01T00:00:${String(i).padStart(2, '0')}Z,r${i}`);
    lines[5] = 'u4,E,not a time,r4';
    lines[9] = ',E,2024-01-01T00:00:08Z,r8';
    lines[20] = 'u19,,2024-01-01T00:00:19Z,r19';
    const path = tmp.file('bad.csv', lines.join('\n') + '\n');
    const job = (await engine.dispatch('import.start', { path, options: { maxRejects: 5 } })) as JobState;
    const done = await engine.jobs.wait(job.id);
    assert.equal(done.status, 'done', JSON.stringify(done.error));
    const result = done.result as { import_id: number; rows_rejected: number; rows_imported: number };
    assert.deepEqual([result.rows_imported, result.rows_rejected], [27, 3]);
    importId = result.import_id;
  });
  after(() => {
    ws.close();
    tmp.cleanup();
  });

  it('lists line, column, reason and raw text in file order', async () => {
    const r = (await engine.dispatch('import.rejects', { importId })) as Output<'import.rejects'>;
    assert.equal(r.total, 3);
    assert.deepEqual(
      r.rows.map((x) => [x.line, x.column, x.reason]),
      [
        [6, 'ts', 'unparseable timestamp "not a time"'],
        [10, 'user_id', 'missing user id'],
        [21, 'event', 'missing event name'],
      ],
    );
    assert.match(r.rows[0]?.raw ?? '', /not a time/);
  });

  it('pages with offset and limit', async () => {
    const r = (await engine.dispatch('import.rejects', {
      importId,
      offset: 1,
      limit: 1,
    })) as Output<'import.rejects'>;
    assert.deepEqual([r.total, r.offset, r.rows.length, r.rows[0]?.line], [3, 1, 1, 10]);
  });

  it('names an import that does not exist', async () => {
    await assert.rejects(engine.dispatch('import.rejects', { importId: 99 }), {
      name: 'UnknownImport',
      message: 'no import 99 in this workspace',
    });
  });

  it('import.preview lists the fields a generic or users table can map', async () => {
    const path = tmp.file('g.csv', 'CustomerID,When,Amount\n1,2024-01-01,3\n');
    const generic = (await engine.dispatch('import.preview', { path })) as Output<'import.preview'>;
    assert.equal(generic.shape, 'generic');
    assert.ok(generic.fields.includes('event') && generic.fields.includes('session_id'));
    const users = (await engine.dispatch('import.preview', {
      path,
      options: { users: true },
    })) as Output<'import.preview'>;
    assert.ok(users.fields.includes('country'));
    const segment = tmp.file(
      's.ndjson',
      '{"type":"track","event":"A","userId":"u","timestamp":"2024-01-01T00:00:00Z","messageId":"m"}\n',
    );
    const known = (await engine.dispatch('import.preview', { path: segment })) as Output<'import.preview'>;
    assert.deepEqual([known.shape, known.fields], ['segment', []]);
  });
});

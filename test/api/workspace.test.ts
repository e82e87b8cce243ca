// EngineSession: workspace.open / create / recent switch the served workspace at run time.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AppState } from '../../engine/api/appState.ts';
import { Engine } from '../../engine/api/Engine.ts';
import { EngineSession } from '../../engine/api/EngineSession.ts';
import type { Output } from '../../engine/api/contract.ts';
import type { EngineEvent } from '../../engine/api/events.ts';
import type { JobState } from '../../engine/api/jobs.ts';
import { tempDir, Workspace } from '../helpers.ts';

describe('workspace switching', () => {
  const tmp = tempDir();
  const stateFile = join(tmp.dir, 'config', 'recent.json');
  let session: EngineSession;
  const events: EngineEvent[] = [];
  const first = join(tmp.dir, 'first.duckdb');
  const second = join(tmp.dir, 'second.duckdb');

  before(async () => {
    const csv = tmp.file('e.csv', 'user_id,event,ts,event_id\nu1,A,2024-01-01T00:00:00Z,1\n');
    const ws = await Workspace.open(first);
    const engine = new Engine(ws);
    const job = (await engine.dispatch('import.start', { path: csv })) as JobState;
    assert.equal((await engine.jobs.wait(job.id)).status, 'done');
    ws.close();
    session = await EngineSession.open(first, { state: new AppState(stateFile) });
    session.events.on('event', (e) => events.push(e));
  });
  after(async () => {
    await session.close();
    tmp.cleanup();
  });

  const info = async () => (await session.dispatch('workspace.info', {})) as Output<'workspace.info'>;

  it('serves the workspace it opened and remembers it', async () => {
    assert.equal((await info()).path, first);
    const recent = (await session.dispatch('workspace.recent', {})) as Output<'workspace.recent'>;
    assert.equal(recent.current, first);
    assert.equal(recent.canSwitch, true);
    assert.deepEqual(recent.recent, [{ path: first, name: 'first.duckdb', current: true }]);
    assert.ok(existsSync(stateFile));
  });

  it('creates a new workspace, switches to it, and says so to every client', async () => {
    const created = (await session.dispatch('workspace.create', {
      path: join(tmp.dir, 'second'),
    })) as Output<'workspace.create'>;
    assert.equal(created.path, second);
    assert.equal(created.events, 0);
    assert.equal((await info()).path, second);
    assert.deepEqual(events.at(-1), { type: 'workspace', path: second });
    const recent = (await session.dispatch('workspace.recent', {})) as Output<'workspace.recent'>;
    assert.deepEqual(
      recent.recent.map((r) => [r.name, r.current]),
      [
        ['second.duckdb', true],
        ['first.duckdb', false],
      ],
    );
    const saved = JSON.parse(readFileSync(stateFile, 'utf8')) as { workspaces: string[] };
    assert.deepEqual(saved.workspaces, [second, first]);
  });

  it('opens an existing workspace; results of the old one are gone', async () => {
    const q = (await session.dispatch('sql.query', { sql: 'SELECT 1 AS one' })) as { resultId: string };
    const opened = (await session.dispatch('workspace.open', { path: first })) as Output<'workspace.open'>;
    assert.equal(opened.events, 1);
    await assert.rejects(session.dispatch('sql.page', { resultId: q.resultId, offset: 0, limit: 1 }), {
      name: 'UnknownResult',
    });
  });

  it('refuses to create over an existing file or open a missing one, and stays where it was', async () => {
    await assert.rejects(session.dispatch('workspace.create', { path: second }), { name: 'WorkspaceExists' });
    await assert.rejects(session.dispatch('workspace.open', { path: join(tmp.dir, 'missing.duckdb') }), {
      name: 'WorkspaceError',
      message: /no such workspace/,
    });
    await assert.rejects(session.dispatch('workspace.create', { path: join(tmp.dir, 'no/dir/x.duckdb') }), {
      name: 'WorkspaceError',
      message: /no such folder/,
    });
    const notDuck = tmp.file('not-a-db.duckdb', 'hello, this is not DuckDB');
    await assert.rejects(session.dispatch('workspace.open', { path: notDuck }), { name: 'WorkspaceError' });
    assert.equal((await info()).path, first);
  });

  it('cancels a running import when it switches; the import leaves nothing behind', async () => {
    const rows = Array.from({ length: 300000 }, (_, i) => `u${i % 100},E,2024-01-02T00:00:00Z,big${i}`).join(
      '\n',
    );
    const big = tmp.file('big.csv', `user_id,event,ts,event_id\n${rows}\n`);
    const job = (await session.dispatch('import.start', { path: big })) as JobState;
    await session.dispatch('workspace.open', { path: second });
    const done = await session.jobs.wait(job.id);
    assert.equal(done.status, 'cancelled');
    await session.dispatch('workspace.open', { path: first });
    assert.equal((await info()).events, 1);
  });

  it('an engine bound to one workspace cannot switch', async () => {
    const ws = await Workspace.memory();
    try {
      await assert.rejects(new Engine(ws).dispatch('workspace.open', { path: first }), {
        name: 'CannotSwitch',
      });
      const recent = (await new Engine(ws).dispatch('workspace.recent', {})) as Output<'workspace.recent'>;
      assert.equal(recent.canSwitch, false);
    } finally {
      ws.close();
    }
  });
});

// The Electron IPC path with its transport faked in-process: the preload's envelope protocol over
// serveMessages() gives the same results and errors as calling the engine directly.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Engine } from '../../engine/api/Engine.ts';
import { serveMessages, type HostMessage } from '../../engine/api/messageHost.ts';
import type { JobState } from '../../engine/api/jobs.ts';
import { tempDir, Workspace } from '../helpers.ts';

/** What electron/preload.ts and electron/main.ts do, minus Electron: ids, envelopes, events. */
function fakeIpcClient(engine: Engine) {
  const pending = new Map<number, (m: HostMessage & { type: 'result' }) => void>();
  const listeners: ((event: unknown) => void)[] = [];
  const host = serveMessages(engine, (message) => {
    // Structured clone, as across a real process boundary.
    const m = structuredClone(message);
    if (m.type === 'result') pending.get(m.id)?.(m);
    else for (const l of listeners) l(m.event);
  });
  let nextId = 1;
  return {
    async call(method: string, input: unknown): Promise<unknown> {
      const id = nextId++;
      const reply = new Promise<HostMessage & { type: 'result' }>((resolve) => pending.set(id, resolve));
      await host.handle({ type: 'call', id, method, input });
      const m = await reply;
      if (m.ok) return m.result;
      throw Object.assign(new Error(m.error.message), m.error);
    },
    subscribe(listener: (event: unknown) => void) {
      listeners.push(listener);
    },
    close: () => host.close(),
  };
}

describe('IPC transport (faked in-process)', () => {
  const tmp = tempDir();
  let ws: Workspace;
  let engine: Engine;
  let ipc: ReturnType<typeof fakeIpcClient>;
  before(async () => {
    ws = await Workspace.open(`${tmp.dir}/ipc.duckdb`);
    engine = new Engine(ws);
    ipc = fakeIpcClient(engine);
  });
  after(() => {
    ipc.close();
    ws.close();
    tmp.cleanup();
  });

  it('answers like the engine itself, errors included', async () => {
    for (const [method, input] of [
      ['workspace.info', {}],
      ['workspace.tables', {}],
      ['sql.query', { sql: 'SELECT 42 AS answer' }],
    ] as const) {
      const direct = (await engine.dispatch(method, input)) as Record<string, unknown>;
      const viaIpc = (await ipc.call(method, input)) as Record<string, unknown>;
      if (method === 'sql.query') {
        assert.deepEqual(Object.keys(viaIpc).sort(), Object.keys(direct).sort());
        assert.equal(viaIpc.total, direct.total);
      } else assert.deepEqual(viaIpc, direct);
    }
    await assert.rejects(ipc.call('nope', {}), { name: 'UnknownMethod', message: 'no API method "nope"' });
    await assert.rejects(ipc.call('sql.page', { resultId: 'x' }), { name: 'InvalidInput' });
  });

  it('pushes job events to subscribers', async () => {
    const events: JobState[] = [];
    ipc.subscribe((e) => events.push((e as { job: JobState }).job));
    const path = tmp.file(
      'e.csv',
      'user_id,event,ts\nu1,A,2024-01-01T00:00:00Z\nu2,B,2024-01-02T00:00:00Z\n',
    );
    const job = (await ipc.call('import.start', { path })) as JobState;
    const done = await engine.jobs.wait(job.id);
    assert.equal(done.status, 'done');
    assert.equal(events.at(-1)?.status, 'done');
    assert.equal((events.at(-1)?.result as { rows_imported: number }).rows_imported, 2);
  });
});

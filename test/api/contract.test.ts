// The contract test: the same calls through the IPC path (faked in-process, as electron/preload.ts
// and electron/main.ts use it) and through HTTP against a real server give the same answers.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Engine } from '../../engine/api/Engine.ts';
import { serveMessages, type HostMessage } from '../../engine/api/messageHost.ts';
import { startServer, type RunningServer } from '../../engine/server/startServer.ts';
import { tempDir, Workspace } from '../helpers.ts';

type Caller = (
  method: string,
  input: unknown,
) => Promise<{ ok: boolean; result?: unknown; error?: { name: string; message: string } }>;

function ipcCaller(engine: Engine): { call: Caller; close(): void } {
  const pending = new Map<number, (m: HostMessage) => void>();
  const host = serveMessages(engine, (m) => {
    const copy = structuredClone(m);
    if (copy.type === 'result') pending.get(copy.id)?.(copy);
  });
  let id = 0;
  return {
    async call(method, input) {
      const n = ++id;
      const reply = new Promise<HostMessage>((resolve) => pending.set(n, resolve));
      await host.handle({ type: 'call', id: n, method, input });
      const m = (await reply) as HostMessage & { type: 'result' };
      return m.ok ? { ok: true, result: m.result } : { ok: false, error: m.error };
    },
    close: () => host.close(),
  };
}

function httpCaller(server: RunningServer): Caller {
  return async (method, input) => {
    const response = await fetch(`${server.origin}/api/call`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${server.token}` },
      body: JSON.stringify({ method, input }),
    });
    return (await response.json()) as Awaited<ReturnType<Caller>>;
  };
}

describe('one contract, two transports', () => {
  const tmp = tempDir();
  let ws: Workspace;
  let server: RunningServer;
  let ipc: ReturnType<typeof ipcCaller>;
  let http: Caller;
  before(async () => {
    ws = await Workspace.open(`${tmp.dir}/contract.duckdb`);
    const engine = new Engine(ws);
    server = await startServer({ engine });
    ipc = ipcCaller(engine);
    http = httpCaller(server);
    const csv = tmp.file(
      'c.csv',
      'user_id,event,ts,event_id\nu1,A,2024-01-01T00:00:00Z,1\nu2,B,2024-01-02T12:00:00Z,2\n',
    );
    const job = (await ipc.call('import.start', { path: csv })).result as { id: string };
    await engine.jobs.wait(job.id);
  });
  after(async () => {
    ipc.close();
    await server.close();
    ws.close();
    tmp.cleanup();
  });

  const calls: [string, unknown][] = [
    ['workspace.info', {}],
    ['workspace.tables', {}],
    ['audit.run', {}],
    ['import.preview', { path: '' }],
    ['sql.page', { resultId: 'gone', offset: 0, limit: 5 }],
    ['no.such.method', {}],
    ['sql.query', { sql: 'DROP TABLE events' }],
  ];
  for (const [method, input] of calls) {
    it(`${method} answers alike over IPC and HTTP`, async () => {
      const [viaIpc, viaHttp] = [await ipc.call(method, input), await http(method, input)];
      if (method === 'audit.run') {
        // The audit stamps the time it ran (and says it in one message); the findings must agree.
        type Report = {
          checks: { id: string; severity: string; value: unknown }[];
          summary: unknown;
          charts: unknown;
        };
        const core = (r: unknown) => {
          const report = r as Report;
          return {
            checks: report.checks.map((c) => [c.id, c.severity, c.value]),
            summary: report.summary,
            charts: report.charts,
          };
        };
        assert.deepEqual(core(viaHttp.result), core(viaIpc.result));
      } else assert.deepEqual(viaHttp, viaIpc);
    });
  }

  it('a query and its pages agree row for row', async () => {
    const sql = 'SELECT user_id, event, ts FROM events ORDER BY event_id';
    const a = (await ipc.call('sql.query', { sql })).result as { resultId: string; total: number };
    const b = (await http('sql.query', { sql })).result as { resultId: string; total: number };
    assert.equal(a.total, 2);
    const pa = await ipc.call('sql.page', { resultId: a.resultId, offset: 0, limit: 10 });
    const pb = await http('sql.page', { resultId: b.resultId, offset: 0, limit: 10 });
    assert.deepEqual(pb, pa);
    assert.deepEqual((pa.result as { rows: unknown[] }).rows[1], {
      user_id: 'u2',
      event: 'B',
      ts: '2024-01-02T12:00:00Z',
    });
  });
});

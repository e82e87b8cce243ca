import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import {
  AuditError,
  findingIds,
  runAudit,
  type AuditReport,
  type Finding,
} from '../../engine/audit/index.ts';
import { Workspace } from '../../engine/store/Workspace.ts';

const now = new Date('2026-11-24T12:00:00Z');

function find(report: AuditReport, id: string): Finding {
  const finding = report.checks.find((c) => c.id === id);
  assert.ok(finding, `no finding ${id}`);
  return finding;
}

void describe('runAudit', () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await Workspace.memory();
  });
  afterEach(() => ws.close());

  void it('reports an empty workspace as info findings, without failing', async () => {
    const report = await runAudit(ws, { now });
    assert.equal(report.generatedAt, '2026-11-24T12:00:00Z');
    assert.deepEqual(report.scope, { importId: null });
    assert.deepEqual(report.summary, { rows: 0, users: 0, first: null, last: null });
    // The users-table checks only run when the users table has rows.
    assert.deepEqual(
      report.checks.map((c) => c.id),
      findingIds.filter(
        (id) => !['users_without_events', 'events_without_profile', 'implausible_ages'].includes(id),
      ),
    );
    assert.deepEqual(
      report.checks.filter((c) => c.severity !== 'info').map((c) => c.id),
      [],
    );
    const rows = find(report, 'rows');
    assert.equal(rows.value, 0);
    assert.equal(rows.message, 'No events yet');
    assert.match(rows.hint, /import/i);
    assert.deepEqual(report.charts.eventsPerDay, []);
    assert.equal(report.charts.eventsPerUser.length, 9);
    assert.ok(report.charts.eventsPerUser.every((b) => b.users === 0));
    for (const c of report.checks) {
      assert.ok(c.message.length > 0 && c.hint.length > 0, `${c.id} says what and what to do`);
    }
  });

  void it('summarises events, users and the events-per-user distribution', async () => {
    // u0 has 1 event, u1 2, …, u9 10: 55 events; plus one anonymous visitor with 3 events.
    await ws.run(`
      INSERT INTO events BY NAME
      SELECT 'u' || u AS user_id, 'view' AS event, TIMESTAMPTZ '2024-05-01' + INTERVAL (u * 10 + i) MINUTE AS ts,
             1 AS import_id
      FROM range(10) a(u), range(10) b(i) WHERE i <= u`);
    await ws.run(`
      INSERT INTO events BY NAME
      SELECT 'anon-1' AS anonymous_id, 'view' AS event, TIMESTAMPTZ '2024-05-02' + INTERVAL (i) MINUTE AS ts, 1 AS import_id
      FROM range(3) t(i)`);
    const report = await runAudit(ws, { now });
    assert.deepEqual(report.summary, {
      rows: 58,
      users: 11,
      first: '2024-05-01T00:00:00Z',
      last: '2024-05-02T00:02:00Z',
    });
    assert.equal(find(report, 'rows').value, 58);
    assert.deepEqual(find(report, 'users').details, { identified: 10, anonymous: 1 });
    const perUser = find(report, 'events_per_user');
    // Sorted counts: 1 2 3 3 4 5 6 7 8 9 10 (n = 11). Nearest rank, the ceil(q·n)-th value:
    // p50 → 6th = 5, p90 → 10th = 9, p99 → 11th = 10; mean 58 / 11 = 5.27.
    assert.deepEqual(perUser.details, {
      users: 11,
      p50: 5,
      p90: 9,
      p99: 10,
      max: 10,
      mean: 5.27,
      singleEventShare: 1 / 11,
    });
    assert.equal(perUser.severity, 'info');
    assert.deepEqual(report.charts.eventsPerUser.slice(0, 5), [
      { bucket: '1', users: 1 },
      { bucket: '2', users: 1 },
      { bucket: '3-5', users: 4 },
      { bucket: '6-10', users: 5 },
      { bucket: '11-20', users: 0 },
    ]);
    assert.equal(find(report, 'time_range').value, 1);
  });

  void it('restricts every count to one import', async () => {
    await ws.run(`
      INSERT INTO imports (import_id, file, target, started_at, status, rows_in, rows_imported, rows_rejected, duplicates_skipped)
      VALUES (1, 'a.csv', 'events', TIMESTAMPTZ '2026-01-01', 'done', 10, 10, 0, 0),
             (2, 'b.csv', 'events', TIMESTAMPTZ '2026-01-02', 'done', 8, 5, 3, 0)`);
    await ws.run(`INSERT INTO import_rejects VALUES (2, 3, 'ts', 'bad timestamp', 'x'), (2, 4, 'ts', 'bad timestamp', 'y'),
                  (2, 7, 'event', 'missing event name', 'z')`);
    await ws.run(`
      INSERT INTO events BY NAME
      SELECT 'a' || i AS user_id, 'view' AS event, TIMESTAMPTZ '2025-01-01' + INTERVAL (i) HOUR AS ts, 1 AS import_id
      FROM range(10) t(i)`);
    // Import 2: 5 events, 2 of them after now.
    await ws.run(`
      INSERT INTO events BY NAME
      SELECT 'b' || i AS user_id, 'view' AS event,
             CASE WHEN i < 2 THEN TIMESTAMPTZ '2027-01-01' ELSE TIMESTAMPTZ '2025-06-01' END + INTERVAL (i) HOUR AS ts,
             2 AS import_id
      FROM range(5) t(i)`);

    const all = await runAudit(ws, { now });
    assert.equal(all.summary.rows, 15);
    assert.equal(find(all, 'future_timestamps').value, 2);
    assert.equal(find(all, 'rejects').value, 3);

    const second = await runAudit(ws, { now, importId: 2 });
    assert.deepEqual(second.scope, { importId: 2 });
    assert.equal(second.summary.rows, 5);
    assert.equal(second.summary.users, 5);
    assert.equal(find(second, 'rows').message, '5 events in import 2');
    assert.equal(find(second, 'future_timestamps').value, 2);
    assert.deepEqual(find(second, 'future_timestamps').details, {
      now: '2026-11-24T12:00:00Z',
      count: 2,
      share: 0.4,
      earliest: '2027-01-01T00:00:00Z',
      latest: '2027-01-01T01:00:00Z',
    });
    const rejects = find(second, 'rejects');
    assert.equal(rejects.value, 3);
    assert.deepEqual(rejects.details, {
      rowsIn: 8,
      share: 3 / 8,
      records: 3,
      topReasons: [
        { column: 'ts', reason: 'bad timestamp', count: 2 },
        { column: 'event', reason: 'missing event name', count: 1 },
      ],
    });

    const first = await runAudit(ws, { now, importId: 1 });
    assert.equal(first.summary.rows, 10);
    assert.equal(find(first, 'future_timestamps').value, 0);
    assert.equal(find(first, 'rejects').value, 0);
    assert.equal(find(first, 'rejects').severity, 'info');
  });

  void it('rejects an unknown import and an invalid now', async () => {
    await assert.rejects(runAudit(ws, { now, importId: 42 }), AuditError);
    await assert.rejects(runAudit(ws, { now, importId: 1.5 }), AuditError);
    await assert.rejects(runAudit(ws, { now: new Date('not a date') }), AuditError);
  });

  void it('reports progress and can be cancelled', async () => {
    const seen: number[] = [];
    await runAudit(ws, { now, onProgress: (done) => seen.push(done) });
    assert.equal(seen[0], 0);
    assert.equal(seen.at(-1), 1);
    assert.deepEqual(
      seen,
      [...seen].sort((a, b) => a - b),
    );

    const controller = new AbortController();
    const cancelled = runAudit(ws, {
      now,
      signal: controller.signal,
      onProgress: (done) => {
        if (done > 0.3) controller.abort();
      },
    });
    await assert.rejects(cancelled, { name: 'AbortError' });
  });
});

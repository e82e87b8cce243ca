import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { runAudit, type AuditReport, type Finding } from '../../engine/audit/index.ts';
import { Workspace } from '../../engine/store/Workspace.ts';

const now = new Date('2026-11-24T12:00:00Z');

function find(report: AuditReport, id: string): Finding {
  const finding = report.checks.find((c) => c.id === id);
  assert.ok(finding, `no finding ${id}`);
  return finding;
}

void describe('impossible_activity', () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await Workspace.memory();
  });
  afterEach(() => ws.close());

  void it('flags a user with 1,000 events in one minute and repeated bursts, not normal users', async () => {
    // bot: 1,000 events 50 ms apart from 10:00:00 (one minute, 20 per second in 50 seconds).
    await ws.run(`
      INSERT INTO events BY NAME
      SELECT 'bot' AS user_id, 'view' AS event,
             TIMESTAMPTZ '2024-03-01 10:00:00' + INTERVAL (i * 50) MILLISECOND AS ts, 1 AS import_id
      FROM range(1000) t(i)`);
    // burster: 12 events within one second, at the top of 6 different hours (6 burst seconds ≥ 5).
    await ws.run(`
      INSERT INTO events BY NAME
      SELECT 'burster' AS user_id, 'tap' AS event,
             TIMESTAMPTZ '2024-03-01' + INTERVAL (h) HOUR + INTERVAL (j * 10) MILLISECOND AS ts, 1 AS import_id
      FROM range(6) a(h), range(12) b(j)`);
    // batcher: the same bursts, but only in 4 seconds: an SDK flushing a queue, not flagged.
    await ws.run(`
      INSERT INTO events BY NAME
      SELECT 'batcher' AS user_id, 'tap' AS event,
             TIMESTAMPTZ '2024-03-02' + INTERVAL (h) HOUR + INTERVAL (j * 10) MILLISECOND AS ts, 1 AS import_id
      FROM range(4) a(h), range(12) b(j)`);
    // person: 100 events, one a minute.
    await ws.run(`
      INSERT INTO events BY NAME
      SELECT 'person' AS user_id, 'view' AS event, TIMESTAMPTZ '2024-03-01 12:00' + INTERVAL (i) MINUTE AS ts,
             1 AS import_id
      FROM range(100) t(i)`);
    const activity = find(await runAudit(ws, { now }), 'impossible_activity');
    assert.equal(activity.severity, 'warning');
    assert.equal(activity.value, 2);
    assert.deepEqual(activity.details, {
      events: 1072,
      share: 1072 / 1220,
      users: [
        {
          user: 'bot',
          events: 1000,
          peakMinute: 1000,
          peakMinuteAt: '2024-03-01T10:00:00Z',
          peakSecond: 20,
          burstSeconds: 50,
        },
        {
          user: 'burster',
          events: 72,
          peakMinute: 12,
          peakMinuteAt: '2024-03-01T00:00:00Z',
          peakSecond: 12,
          burstSeconds: 6,
        },
      ],
    });
    assert.equal(
      activity.message,
      '2 users with impossible activity (1,072 events, 87.87% of all): bot: 1,000 in one minute, burster: 12 in one minute',
    );
  });

  void it('counts anonymous visitors by anonymous_id and stays quiet for human rates', async () => {
    await ws.run(`
      INSERT INTO events BY NAME
      SELECT 'anon-' || (i % 3) AS anonymous_id, 'view' AS event,
             TIMESTAMPTZ '2024-03-01' + INTERVAL (i) SECOND AS ts, 1 AS import_id
      FROM range(3000) t(i)`);
    // Three visitors interleaved, one event a second in all: 20 a minute each.
    const activity = find(await runAudit(ws, { now }), 'impossible_activity');
    assert.equal(activity.severity, 'info');
    assert.equal(activity.value, 0);
    assert.deepEqual(activity.details, { events: 0, share: 0, users: [] });

    await ws.run(`
      INSERT INTO events BY NAME
      SELECT 'anon-x' AS anonymous_id, 'view' AS event,
             TIMESTAMPTZ '2024-03-02' + INTERVAL (i * 10) MILLISECOND AS ts, 1 AS import_id
      FROM range(700) t(i)`);
    const again = find(await runAudit(ws, { now }), 'impossible_activity');
    assert.equal(again.value, 1);
    assert.equal((again.details as { users: { user: string }[] }).users[0]?.user, 'anon-x');
  });
});

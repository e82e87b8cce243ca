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

void describe('users-table checks', () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await Workspace.memory();
  });
  afterEach(() => ws.close());

  void it('are skipped while the users table is empty', async () => {
    await ws.run(
      `INSERT INTO events BY NAME SELECT 'u1' AS user_id, 'view' AS event, TIMESTAMPTZ '2025-01-01' AS ts, 1 AS import_id`,
    );
    const ids = (await runAudit(ws, { now })).checks.map((c) => c.id);
    assert.ok(!ids.includes('users_without_events'));
    assert.ok(!ids.includes('events_without_profile'));
    assert.ok(!ids.includes('implausible_ages'));
  });

  void it('compares profiles with events and checks ages', async () => {
    // Profiles u1..u4 (ages 25, 8, 130, unknown); events from u1, u2, u9 (no profile) and an anonymous visitor.
    await ws.run(`
      INSERT INTO users BY NAME
      SELECT * FROM (VALUES ('u1', 25.0, 2), ('u2', 8.0, 2), ('u3', 130.0, 2), ('u4', NULL, 2)) AS v(user_id, age, import_id)`);
    await ws.run(`
      INSERT INTO events BY NAME
      SELECT * FROM (VALUES ('u1', NULL, 'view', TIMESTAMPTZ '2025-01-01', 1),
                            ('u2', NULL, 'view', TIMESTAMPTZ '2025-01-02', 1),
                            ('u9', NULL, 'view', TIMESTAMPTZ '2025-01-03', 1),
                            ('u9', NULL, 'buy', TIMESTAMPTZ '2025-01-04', 1),
                            (NULL, 'a1', 'view', TIMESTAMPTZ '2025-01-05', 1))
      AS v(user_id, anonymous_id, event, ts, import_id)`);
    const report = await runAudit(ws, { now });

    const noEvents = find(report, 'users_without_events');
    assert.equal(noEvents.value, 2);
    assert.equal(noEvents.severity, 'info');
    assert.deepEqual(noEvents.details, { profiles: 4, share: 0.5, examples: ['u3', 'u4'] });
    assert.equal(noEvents.message, '2 profiles (50% of 4) have no events (e.g. u3, u4)');

    const noProfile = find(report, 'events_without_profile');
    assert.equal(noProfile.value, 1);
    assert.equal(noProfile.severity, 'info');
    assert.deepEqual(noProfile.details, { users: 3, share: 1 / 3, events: 2, examples: ['u9'] });

    const ages = find(report, 'implausible_ages');
    assert.equal(ages.value, 2);
    assert.equal(ages.severity, 'warning');
    assert.deepEqual(ages.details, { profiles: 4, tooYoung: 1, tooOld: 1, missing: 1 });
    assert.equal(
      ages.message,
      '2 profiles (50%) have ages outside 13-110 (1 below, 1 above); 1 without an age',
    );
  });

  void it('warns when ids do not match between the two files', async () => {
    await ws.run(
      `INSERT INTO users BY NAME SELECT 'U-' || i AS user_id, 30 AS age, 2 AS import_id FROM range(4) t(i)`,
    );
    await ws.run(`
      INSERT INTO events BY NAME
      SELECT 'u' || i AS user_id, 'view' AS event, TIMESTAMPTZ '2025-01-01' + INTERVAL (i) HOUR AS ts, 1 AS import_id
      FROM range(4) t(i)`);
    const report = await runAudit(ws, { now });
    assert.equal(find(report, 'users_without_events').severity, 'warning');
    assert.equal(find(report, 'users_without_events').value, 4);
    assert.equal(find(report, 'events_without_profile').severity, 'warning');
    assert.equal(find(report, 'events_without_profile').value, 4);
    assert.equal(find(report, 'implausible_ages').severity, 'info');
  });

  void it('looks at the profiles of the import in scope', async () => {
    await ws.run(`
      INSERT INTO imports (import_id, file, target, started_at, status)
      VALUES (1, 'events.csv', 'events', TIMESTAMPTZ '2026-01-01', 'done'),
             (2, 'users.csv', 'users', TIMESTAMPTZ '2026-01-01', 'done'),
             (3, 'more-users.csv', 'users', TIMESTAMPTZ '2026-01-02', 'done')`);
    await ws.run(`
      INSERT INTO users BY NAME
      SELECT * FROM (VALUES ('u1', 5.0, 2), ('u2', 40.0, 3), ('u3', 200.0, 3)) AS v(user_id, age, import_id)`);
    await ws.run(
      `INSERT INTO events BY NAME SELECT 'u2' AS user_id, 'view' AS event, TIMESTAMPTZ '2025-01-01' AS ts, 1 AS import_id`,
    );
    const third = await runAudit(ws, { now, importId: 3 });
    assert.equal(third.summary.rows, 0);
    assert.deepEqual(find(third, 'implausible_ages').details, {
      profiles: 2,
      tooYoung: 0,
      tooOld: 1,
      missing: 0,
    });
    assert.equal(find(third, 'users_without_events').value, 1);
    // No events in import 3, so no event user lacks a profile.
    assert.equal(find(third, 'events_without_profile').value, 0);

    const events = await runAudit(ws, { now, importId: 1 });
    const ids = events.checks.map((c) => c.id);
    assert.ok(ids.includes('events_without_profile'));
    assert.ok(!ids.includes('implausible_ages'), 'no profiles came from the events import');
    assert.equal(find(events, 'events_without_profile').value, 0);
  });
});

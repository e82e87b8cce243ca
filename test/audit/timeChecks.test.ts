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

void describe('timestamp checks', () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await Workspace.memory();
  });
  afterEach(() => ws.close());

  void it('counts events before 2000 and after now', async () => {
    // 95 plausible events, 2 before 2000 and 3 after now: 100 in all.
    await ws.run(`
      INSERT INTO events BY NAME
      SELECT 'u' || (i % 5) AS user_id, 'view' AS event, TIMESTAMPTZ '2026-01-01' + INTERVAL (i) HOUR AS ts, 1 AS import_id
      FROM range(95) t(i)`);
    await ws.run(`
      INSERT INTO events BY NAME
      SELECT * FROM (VALUES
        ('u1', 'view', TIMESTAMPTZ '1970-01-01 00:00:00', 1),
        ('u2', 'view', TIMESTAMPTZ '1999-12-31 23:59:59', 1),
        ('u3', 'view', TIMESTAMPTZ '2026-11-24 12:00:01', 1),
        ('u3', 'view', TIMESTAMPTZ '2027-03-01 00:00:00', 1),
        ('u4', 'view', TIMESTAMPTZ '2031-05-05 05:05:05', 1)
      ) AS v(user_id, event, ts, import_id)`);
    const report = await runAudit(ws, { now });

    const future = find(report, 'future_timestamps');
    assert.equal(future.value, 3);
    assert.equal(future.severity, 'warning');
    assert.equal(future.message, '3 events (3%) have timestamps after 2026-11-24T12:00:00Z');
    assert.deepEqual(future.details, {
      now: '2026-11-24T12:00:00Z',
      count: 3,
      share: 0.03,
      earliest: '2026-11-24T12:00:01Z',
      latest: '2031-05-05T05:05:05Z',
    });

    const old = find(report, 'old_timestamps');
    assert.equal(old.value, 2);
    assert.equal(old.severity, 'warning');
    assert.equal(old.message, '2 events (2%) have timestamps before 2000-01-01');
    assert.match(old.hint, /milliseconds/);
    assert.deepEqual(old.details, {
      before: '2000-01-01',
      count: 2,
      share: 0.02,
      earliest: '1970-01-01T00:00:00Z',
      latest: '1999-12-31T23:59:59Z',
    });

    // The raw range includes the stray dates; the daily chart keeps to 2000-01-01..now.
    assert.equal(report.summary.first, '1970-01-01T00:00:00Z');
    assert.equal(report.summary.last, '2031-05-05T05:05:05Z');
    assert.equal(report.charts.eventsPerDay[0]?.day, '2026-01-01');
    assert.equal(report.charts.eventsPerDay.at(-1)?.day, '2026-01-04');
    assert.equal(
      report.charts.eventsPerDay.reduce((sum, d) => sum + d.events, 0),
      95,
    );
  });

  void it('makes implausible timestamps an error from 5% of events', async () => {
    await ws.run(`
      INSERT INTO events BY NAME
      SELECT 'u1' AS user_id, 'view' AS event,
             CASE WHEN i = 0 THEN TIMESTAMPTZ '1970-01-01' ELSE TIMESTAMPTZ '2026-01-01' + INTERVAL (i) DAY END AS ts,
             1 AS import_id
      FROM range(20) t(i)`);
    const report = await runAudit(ws, { now });
    assert.equal(find(report, 'old_timestamps').severity, 'error');
    assert.equal(find(report, 'old_timestamps').message, '1 event (5%) has a timestamp before 2000-01-01');
    assert.equal(find(report, 'future_timestamps').severity, 'info');
    assert.equal(find(report, 'future_timestamps').value, 0);
  });

  void it('reports the time range in days', async () => {
    await ws.run(`
      INSERT INTO events BY NAME
      SELECT * FROM (VALUES ('u1', 'a', TIMESTAMPTZ '2025-03-01 00:00:00', 1), ('u1', 'b', TIMESTAMPTZ '2025-03-11 12:00:00', 1))
      AS v(user_id, event, ts, import_id)`);
    const range = find(await runAudit(ws, { now }), 'time_range');
    assert.equal(range.value, 10.5);
    assert.equal(range.message, 'Events run from 2025-03-01T00:00:00Z to 2025-03-11T12:00:00Z (10.5 days)');
  });
});

void describe('events_per_day', () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await Workspace.memory();
  });
  afterEach(() => ws.close());

  void it('fills days without events and flags them and sudden drops', async () => {
    // 2024-01-01..2024-01-20, 100 events a day from 10 users, except: no events on Jan 5 and 6,
    // 10 on Jan 15 (a drop: the 7 days before have a median of 100, and 10 < 25% of it),
    // and 5 on Jan 20 (the last day, possibly partial, so not called a drop).
    await ws.run(`
      INSERT INTO events BY NAME
      SELECT 'u' || (i % 10) AS user_id, 'view' AS event,
             TIMESTAMPTZ '2024-01-01' + INTERVAL (d) DAY + INTERVAL (i) MINUTE AS ts, 1 AS import_id
      FROM range(20) a(d), range(100) b(i)
      WHERE d NOT IN (4, 5) AND (d <> 14 OR i < 10) AND (d <> 19 OR i < 5)`);
    const report = await runAudit(ws, { now });
    const daily = find(report, 'events_per_day');
    assert.equal(daily.severity, 'warning');
    assert.equal(daily.value, 20);
    // Sorted per-day counts: 0 0 5 10 and sixteen 100s; the median of 20 values is (100 + 100) / 2.
    assert.deepEqual(daily.details, {
      days: 20,
      daysWithEvents: 18,
      min: 0,
      median: 100,
      max: 100,
      zeroDays: ['2024-01-05', '2024-01-06'],
      drops: [{ day: '2024-01-15', events: 10, baseline: 100 }],
    });
    assert.equal(
      daily.message,
      'Events cover 20 days (2024-01-01 to 2024-01-20); per day min 0, median 100, max 100; ' +
        '2 days without events (2024-01-05, 2024-01-06); 1 sudden drop (2024-01-15: 10 vs a median of 100)',
    );
    assert.equal(report.charts.eventsPerDay.length, 20);
    assert.deepEqual(report.charts.eventsPerDay[0], { day: '2024-01-01', events: 100, users: 10 });
    assert.deepEqual(report.charts.eventsPerDay[4], { day: '2024-01-05', events: 0, users: 0 });
    assert.deepEqual(report.charts.eventsPerDay[19], { day: '2024-01-20', events: 5, users: 5 });
  });

  void it('is informational for continuous volume', async () => {
    await ws.run(`
      INSERT INTO events BY NAME
      SELECT 'u' || (i % 3) AS user_id, 'view' AS event, TIMESTAMPTZ '2024-02-01' + INTERVAL (i) HOUR AS ts, 1 AS import_id
      FROM range(24 * 10) t(i)`);
    const daily = find(await runAudit(ws, { now }), 'events_per_day');
    assert.equal(daily.severity, 'info');
    assert.equal(daily.value, 10);
    assert.deepEqual(daily.details, {
      days: 10,
      daysWithEvents: 10,
      min: 24,
      median: 24,
      max: 24,
      zeroDays: [],
      drops: [],
    });
  });
});

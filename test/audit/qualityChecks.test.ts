import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { runAudit, type AuditReport, type Finding } from '../../engine/audit/index.ts';
import type { FieldOutliers } from '../../engine/audit/outlierChecks.ts';
import { Workspace } from '../../engine/store/Workspace.ts';

const now = new Date('2026-11-24T12:00:00Z');

function find(report: AuditReport, id: string): Finding {
  const finding = report.checks.find((c) => c.id === id);
  assert.ok(finding, `no finding ${id}`);
  return finding;
}

void describe('missing_values', () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await Workspace.memory();
  });
  afterEach(() => ws.close());

  void it('measures the share missing per column and warns on needed columns', async () => {
    // 10 events: user_id on i < 4 only (6 missing), anonymous_id on 4..7 (so 8 and 9 have no id),
    // no session_id at all, properties missing on 0..2 (3), revenue only on i = 0 (9 missing).
    await ws.run(`
      INSERT INTO events BY NAME
      SELECT CASE WHEN i < 4 THEN 'u' || i END AS user_id,
             CASE WHEN i BETWEEN 4 AND 7 THEN 'a' || i END AS anonymous_id,
             'view' AS event, TIMESTAMPTZ '2025-01-01' + INTERVAL (i) MINUTE AS ts,
             CASE WHEN i >= 3 THEN '{"k": 1}' END AS properties,
             CASE WHEN i = 0 THEN 9.99 END AS revenue,
             1 AS import_id
      FROM range(10) t(i)`);
    const missing = find(await runAudit(ws, { now }), 'missing_values');
    assert.equal(missing.severity, 'warning');
    assert.equal(missing.value, 1);
    const details = missing.details as {
      rows: number;
      withoutAnyId: number;
      columns: { column: string; missing: number; share: number; flagged: boolean }[];
    };
    assert.equal(details.rows, 10);
    assert.equal(details.withoutAnyId, 2);
    assert.deepEqual(
      details.columns.map(({ column, missing, share, flagged }) => ({ column, missing, share, flagged })),
      [
        { column: 'user_id', missing: 6, share: 0.6, flagged: true },
        { column: 'anonymous_id', missing: 6, share: 0.6, flagged: false },
        { column: 'session_id', missing: 10, share: 1, flagged: false },
        { column: 'properties', missing: 3, share: 0.3, flagged: false },
        { column: 'revenue', missing: 9, share: 0.9, flagged: false },
        { column: 'event', missing: 0, share: 0, flagged: false },
        { column: 'ts', missing: 0, share: 0, flagged: false },
      ],
    );
    assert.equal(
      missing.message,
      '1 needed column is missing too often: user_id 60% ' +
        '(missing: user_id 60%, anonymous_id 60%, session_id 100%, properties 30%, revenue 90%, event 0%, ts 0%)',
    );
    assert.match(missing.hint, /mapping/);
  });

  void it('counts empty strings and empty property objects as missing', async () => {
    await ws.run(`
      INSERT INTO events BY NAME
      SELECT * FROM (VALUES ('', 's1', 'view', TIMESTAMPTZ '2025-01-01', '{}', 1),
                            ('u1', '', 'view', TIMESTAMPTZ '2025-01-02', '{"a": 2}', 1),
                            ('u2', 's2', 'view', TIMESTAMPTZ '2025-01-03', 'null', 1),
                            ('u3', 's3', 'view', TIMESTAMPTZ '2025-01-04', '{"a": 3}', 1))
      AS v(user_id, session_id, event, ts, properties, import_id)`);
    const missing = find(await runAudit(ws, { now }), 'missing_values');
    const columns = (missing.details as { columns: { column: string; missing: number }[] }).columns;
    assert.deepEqual(
      columns.slice(0, 4).map((c) => [c.column, c.missing]),
      [
        ['user_id', 1],
        ['anonymous_id', 4],
        ['session_id', 1],
        ['properties', 2],
      ],
    );
    assert.equal(missing.severity, 'info');
    assert.equal(missing.value, 0);
  });
});

void describe('duplicate_rate', () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await Workspace.memory();
  });
  afterEach(() => ws.close());

  void it('reports duplicates skipped by imports and exact duplicates still in events', async () => {
    await ws.run(`
      INSERT INTO imports (import_id, file, target, started_at, status, rows_in, rows_imported, rows_rejected, duplicates_skipped)
      VALUES (1, 'a.csv', 'events', TIMESTAMPTZ '2026-01-01', 'done', 1000, 950, 0, 50),
             (2, 'users.csv', 'users', TIMESTAMPTZ '2026-01-01', 'done', 400, 300, 0, 100)`);
    // 100 distinct events, then 3 more copies of event 0 and 1 more copy of event 1 (4 extra rows in
    // 2 groups), and two anonymous visitors who did the same thing at the same time (not duplicates).
    await ws.run(`
      INSERT INTO events BY NAME
      SELECT 'u' || (i % 10) AS user_id, 'view' AS event, TIMESTAMPTZ '2025-01-01' + INTERVAL (i) MINUTE AS ts, 1 AS import_id
      FROM range(100) t(i)`);
    await ws.run(`
      INSERT INTO events BY NAME
      SELECT 'u' || (i % 10) AS user_id, 'view' AS event, TIMESTAMPTZ '2025-01-01' + INTERVAL (i) MINUTE AS ts, 1 AS import_id
      FROM (VALUES (0), (0), (0), (1)) t(i)`);
    await ws.run(`
      INSERT INTO events BY NAME
      SELECT * FROM (VALUES ('a1', 'view', TIMESTAMPTZ '2025-02-01', 1), ('a2', 'view', TIMESTAMPTZ '2025-02-01', 1))
      AS v(anonymous_id, event, ts, import_id)`);
    const dup = find(await runAudit(ws, { now }), 'duplicate_rate');
    assert.equal(dup.severity, 'warning');
    assert.equal(dup.value, 4 / 106);
    assert.deepEqual(dup.details, {
      skipped: 50,
      rowsIn: 1000,
      skippedShare: 0.05,
      remaining: 4,
      remainingGroups: 2,
      remainingShare: 4 / 106,
    });
    assert.equal(
      dup.message,
      "4 events (3.77%) repeat another event's user, name and timestamp; imports skipped 50 duplicate rows of 1,000 read (5%)",
    );
  });

  void it('is informational without duplicates', async () => {
    await ws.run(`
      INSERT INTO events BY NAME
      SELECT 'u1' AS user_id, 'view' AS event, TIMESTAMPTZ '2025-01-01' + INTERVAL (i) SECOND AS ts, 1 AS import_id
      FROM range(50) t(i)`);
    const dup = find(await runAudit(ws, { now }), 'duplicate_rate');
    assert.equal(dup.severity, 'info');
    assert.equal(dup.value, 0);
    assert.equal((dup.details as { rowsIn: number | null }).rowsIn, null);
  });
});

void describe('rejects', () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await Workspace.memory();
  });
  afterEach(() => ws.close());

  void it('counts rejected rows with their top reasons, an error from 10% of rows read', async () => {
    await ws.run(`
      INSERT INTO imports (import_id, file, target, started_at, status, rows_in, rows_imported, rows_rejected, duplicates_skipped)
      VALUES (1, 'a.csv', 'events', TIMESTAMPTZ '2026-01-01', 'done', 100, 88, 12, 0)`);
    await ws.run(`
      INSERT INTO import_rejects
      SELECT 1, i + 2, CASE WHEN i < 8 THEN 'ts' ELSE 'user_id' END,
             CASE WHEN i < 8 THEN 'bad timestamp' ELSE 'missing user' END, 'raw ' || i
      FROM range(12) t(i)`);
    const rejects = find(await runAudit(ws, { now }), 'rejects');
    assert.equal(rejects.severity, 'error');
    assert.equal(rejects.value, 12);
    assert.equal(
      rejects.message,
      '12 rows (12% of 100 read) were rejected; top reasons: ts: bad timestamp (8), user_id: missing user (4)',
    );
    assert.deepEqual(rejects.details, {
      rowsIn: 100,
      share: 0.12,
      records: 12,
      topReasons: [
        { column: 'ts', reason: 'bad timestamp', count: 8 },
        { column: 'user_id', reason: 'missing user', count: 4 },
      ],
    });
  });
});

void describe('numeric_outliers', () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await Workspace.memory();
  });
  afterEach(() => ws.close());

  const fieldsOf = (finding: Finding): FieldOutliers[] =>
    (finding.details as { fields: FieldOutliers[] }).fields;

  void it('finds a revenue outlier by both the IQR and the z rule', async () => {
    // revenue: 1..10 twenty times each, then 20 and 500 (n = 202). Sorted, quantile_cont puts Q1 at
    // position 0.25·201 = 50.25 (values 3) and Q3 at 150.75 (values 8): IQR 5, fences −4.5 and 15.5,
    // so 20 and 500 are outside. Mean 1620/202 = 8.02, SD √(245107.9/201) = 34.92: z(500) = 14.1 and
    // z(20) = 0.34, so only 500 has |z| > 4.
    // properties."unit price": i % 7 → 0..6, Q1 1, Q3 5, fences −5 and 11: no outliers.
    // properties.item_id is numeric but named like an id (skipped); properties.plan is text (skipped).
    await ws.run(`
      INSERT INTO events BY NAME
      SELECT 'u' || (i % 20) AS user_id, 'purchase' AS event, TIMESTAMPTZ '2025-01-01' + INTERVAL (i) MINUTE AS ts,
             CASE WHEN i < 200 THEN i % 10 + 1 WHEN i = 200 THEN 20 ELSE 500 END AS revenue,
             json_object('unit price', i % 7, 'item_id', 100000 + i * 1000, 'plan', 'pro') AS properties,
             1 AS import_id
      FROM range(202) t(i)`);
    const outliers = find(await runAudit(ws, { now }), 'numeric_outliers');
    assert.equal(outliers.severity, 'warning');
    assert.equal(outliers.value, 1);
    assert.deepEqual((outliers.details as { keysChecked: string[] }).keysChecked, ['unit price']);
    const [revenue, price] = fieldsOf(outliers);
    assert.deepEqual(
      revenue && {
        field: revenue.field,
        n: revenue.n,
        q1: revenue.q1,
        q3: revenue.q3,
        low: revenue.low,
        high: revenue.high,
        min: revenue.min,
        max: revenue.max,
        iqr: revenue.iqrOutliers,
        z: revenue.zOutliers,
      },
      { field: 'revenue', n: 202, q1: 3, q3: 8, low: -4.5, high: 15.5, min: 1, max: 500, iqr: 2, z: 1 },
    );
    assert.deepEqual(
      price && [price.field, price.n, price.q1, price.q3, price.iqrOutliers, price.zOutliers],
      ['properties.unit price', 202, 1, 5, 0, 0],
    );
    assert.equal(
      outliers.message,
      '2 values outside the IQR fences and 1 with |z| > 4 in 2 numeric fields (revenue: 2 outside [-4.5, 15.5], 1 with |z| > 4)',
    );
  });

  void it('treats IQR-only outliers as informational', async () => {
    // 1..10 twenty times each, then 16 (n = 201): Q1 3, Q3 8, so 16 > 15.5 is outside the fences,
    // but mean 5.55 and SD 2.97 give z(16) = 3.52, under 4.
    await ws.run(`
      INSERT INTO events BY NAME
      SELECT 'u1' AS user_id, 'purchase' AS event, TIMESTAMPTZ '2025-01-01' + INTERVAL (i) MINUTE AS ts,
             CASE WHEN i < 200 THEN i % 10 + 1 ELSE 16 END AS revenue, 1 AS import_id
      FROM range(201) t(i)`);
    const outliers = find(await runAudit(ws, { now }), 'numeric_outliers');
    assert.equal(outliers.severity, 'info');
    assert.equal(outliers.value, 0);
    const [revenue] = fieldsOf(outliers);
    assert.deepEqual(revenue && [revenue.iqrOutliers, revenue.zOutliers], [1, 0]);
  });
});

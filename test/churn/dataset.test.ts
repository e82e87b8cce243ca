import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildChurnDataset, CHURN_NUMERIC_FEATURES } from '../../engine/churn/dataset.ts';
import { Workspace } from '../helpers.ts';

/** Inserts activity events: [user, event, 'YYYY-MM-DD HH:MM', revenue?]. */
async function insert(ws: Workspace, rows: [string, string, string, number?][]): Promise<void> {
  for (const [user, event, ts, revenue] of rows) {
    await ws.run(
      `INSERT INTO events (event_id, user_id, event, ts, revenue, import_id)
       VALUES (md5($u || $t || $e || random()), $u, $e, CAST($t || ':00+00' AS TIMESTAMPTZ), $r, 1)`,
      { u: user, e: event, t: ts, r: revenue ?? null },
    );
  }
}

describe('churn labels and features', () => {
  let ws: Workspace;
  before(async () => {
    ws = await Workspace.memory();
    await insert(ws, [
      // a: active before the cutoff (2024-03-15) and after it → stays.
      ['a', 'Page Viewed', '2024-03-01 10:00'],
      ['a', 'Page Viewed', '2024-03-01 10:10'],
      ['a', 'Order Completed', '2024-03-14 09:00', 20],
      ['a', 'Page Viewed', '2024-03-20 09:00'],
      // b: active before, silent for the 14 days after → churned (a notification received is not activity).
      ['b', 'Page Viewed', '2024-03-10 12:00'],
      ['b', 'Notification Received', '2024-03-16 08:00'],
      // c: last seen 40 days before the cutoff → excluded as already inactive.
      ['c', 'Page Viewed', '2024-02-04 12:00'],
      ['c', 'Page Viewed', '2024-03-20 12:00'],
      // d: first seen after the cutoff → not in the dataset.
      ['d', 'Page Viewed', '2024-03-16 12:00'],
      // keeps the data going past the label window
      ['z', 'Page Viewed', '2024-04-10 12:00'],
    ]);
  });
  after(() => ws.close());

  it('labels churn by inactivity in the window after the cutoff and excludes the already inactive', async () => {
    const d = await buildChurnDataset(ws, { cutoff: '2024-03-15' });
    assert.deepEqual(d.userIds, ['a', 'b']);
    assert.deepEqual(Array.from(d.labels), [0, 1]);
    assert.deepEqual(d.excluded, { inactive: 1 });
    assert.deepEqual(d.balance, { rows: 2, churned: 1, rate: 0.5 });
    const col = (name: string) => d.columns.find((c) => c.name === name)!.values as Float64Array;
    assert.equal(col('events_total')[0], 3);
    assert.equal(col('purchases_total')[0], 1);
    assert.equal(col('revenue_30d')[0], 20);
    assert.ok(Math.abs(col('recency_days')[0]! - 15 / 24) < 1e-9);
    assert.equal(col('sessions_30d')[0], 2);
    assert.equal(col('active_days_7d')[0], 1);
  });

  it('proves that no feature can see an event after the cutoff', async () => {
    // P(alive) included, with fixed BG/NBD parameters (CDNOW's, in days).
    const options = { cutoff: '2024-03-15', pAlive: true, bgnbd: { r: 0.25, alpha: 33.4, a: 0.75, b: 2.2 } };
    const before = await buildChurnDataset(ws, options);
    // Everything after the cutoff changes: new events, purchases, a user who would look very active.
    await insert(ws, [
      ['a', 'Order Completed', '2024-03-15 00:00', 999],
      ['b', 'Page Viewed', '2024-03-15 00:00'],
      ['b', 'Page Viewed', '2024-03-16 01:00'],
      ['a', 'Page Viewed', '2024-04-01 00:00'],
    ]);
    const after = await buildChurnDataset(ws, options);
    assert.deepEqual(after.userIds, before.userIds);
    const names = before.columns.map((c) => c.name);
    assert.deepEqual(names.slice(0, CHURN_NUMERIC_FEATURES.length), [...CHURN_NUMERIC_FEATURES]);
    assert.ok(names.includes('p_alive'));
    for (const name of names) {
      const b = before.columns.find((c) => c.name === name)!.values;
      const a = after.columns.find((c) => c.name === name)!.values;
      assert.deepEqual(a, b, `${name} changed when only post-cutoff events changed`);
    }
    // …while the label, which is about the future, does change: b came back.
    assert.deepEqual(Array.from(after.labels), [0, 0]);
    await ws.run(
      `DELETE FROM events WHERE ts >= '2024-03-15' AND ts < '2024-03-17' AND user_id IN ('a', 'b') AND event <> 'Notification Received'`,
    );
    await ws.run(`DELETE FROM events WHERE user_id = 'a' AND ts = '2024-04-01 00:00:00+00'`);
  });

  it('gives clear errors for a cutoff outside the data and overlapping rolling windows', async () => {
    await assert.rejects(
      buildChurnDataset(ws, { cutoff: '2024-04-01' }),
      /cutoff 2024-04-01 \+ 14 days reaches 2024-04-14, after the last event \(2024-04-10\)/,
    );
    await assert.rejects(buildChurnDataset(ws, { cutoff: '2020-01-01' }), /not after the first event/);
    await assert.rejects(
      buildChurnDataset(ws, { cutoff: '15/03/2024' }),
      /--cutoff: "15\/03\/2024" is not a YYYY-MM-DD date/,
    );
    await assert.rejects(
      buildChurnDataset(ws, { cutoff: '2024-03-15', rolling: { count: 2, gapDays: 7 } }),
      /7 days apart would overlap their 14-day label windows/,
    );
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Engine } from '../../engine/api/Engine.ts';
import { importFile } from '../../engine/import/index.ts';
import { overview } from '../../engine/overview/overview.ts';
import { datasets, Workspace } from '../helpers.ts';

describe('overview metrics', () => {
  let ws: Workspace;
  before(async () => {
    ws = await Workspace.memory();
  });
  after(() => ws.close());

  it('DAU per day in the analyst time zone matches the Taobao reference (README: UTC+8)', async () => {
    await importFile(ws, `${datasets}taobao_UserBehavior_first84475rows.csv.gz`, {
      noHeader: true,
      columns: ['user_id', 'item_id', 'category_id', 'behavior_type', 'timestamp'],
    });
    const o = await overview(ws, { timeZone: 'Asia/Shanghai', from: '2017-11-25', to: '2017-12-03' });
    assert.deepEqual(
      o.days.map((d) => d.dau),
      [576, 603, 592, 603, 596, 599, 607, 799, 801],
    );
    assert.equal(o.from, '2017-11-25');
    // README: 35 of the 84,475 rows fall outside 2017-11-25 to 2017-12-03 in UTC+8.
    assert.equal(o.totals.events, 84475 - 35);
    assert.deepEqual(
      o.eventsByName.map((e) => e.event),
      ['pv', 'cart', 'fav', 'buy'],
    );
    assert.equal(
      o.eventsByName.reduce((sum, e) => sum + e.events, 0),
      o.totals.events,
    );
    const day = o.days[8]!;
    assert.equal(day.newUsers + day.returningUsers, day.dau);
    assert.ok(day.wau >= day.dau && day.mau >= day.wau);
    assert.equal(day.stickiness, day.dau / day.mau);
  });

  it('rolling WAU / MAU and new vs returning on hand-made activity', async () => {
    const own = await Workspace.memory();
    // u1 every day of 10; u2 on days 1 and 9; u3 from day 5 on.
    await own.run(`INSERT INTO events (event_id, user_id, event, ts, import_id)
      SELECT 'a' || d, 'u1', 'open', TIMESTAMPTZ '2024-01-01 12:00:00+00' + to_days(d), 1 FROM range(10) t(d)
      UNION ALL SELECT 'b' || d, 'u2', 'open', TIMESTAMPTZ '2024-01-01 12:00:00+00' + to_days(d), 1 FROM (VALUES (0), (8)) t(d)
      UNION ALL SELECT 'c' || d, 'u3', 'open', TIMESTAMPTZ '2024-01-01 12:00:00+00' + to_days(d), 1 FROM range(4, 10) t(d)`);
    const o = await overview(own);
    own.close();
    const at = (day: string) => o.days.find((d) => d.day === day)!;
    assert.deepEqual(
      [at('2024-01-01').dau, at('2024-01-01').newUsers, at('2024-01-01').returningUsers],
      [2, 2, 0],
    );
    assert.deepEqual([at('2024-01-05').dau, at('2024-01-05').newUsers], [2, 1]);
    // Jan 8: last 7 days (Jan 2–8) saw u1 and u3; u2 was last seen on Jan 1.
    assert.deepEqual([at('2024-01-08').wau, at('2024-01-08').mau], [2, 3]);
    assert.deepEqual([at('2024-01-09').dau, at('2024-01-09').wau, at('2024-01-09').stickiness], [3, 3, 1]);
    assert.deepEqual(o.totals, { events: 18, users: 3 });
  });

  it('through the API: an unknown time zone is a clear input error', async () => {
    const engine = new Engine(ws);
    await assert.rejects(engine.dispatch('overview.metrics', { timeZone: 'Mars/Olympus' }), {
      name: 'InvalidInput',
    });
    await assert.rejects(engine.dispatch('overview.metrics', { from: '2017-13-40' }), {
      name: 'InvalidInput',
    });
    const o = (await engine.dispatch('overview.metrics', { timeZone: 'Europe/Berlin' })) as {
      days: unknown[];
    };
    assert.ok(o.days.length > 9);
  });
});

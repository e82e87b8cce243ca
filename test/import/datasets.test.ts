// Importer tests on the real public datasets in ../shared/datasets. Expected counts were computed
// independently with Python's csv module from the same files (see the comment at each test).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { importFile } from '../../engine/import/index.ts';
import { datasets, Workspace } from '../helpers.ts';

const retailMap = {
  user_id: 'CustomerID',
  event: "CASE WHEN InvoiceNo LIKE 'C%' THEN 'Order Refunded' ELSE 'Order Completed' END",
  revenue: 'Quantity * UnitPrice',
};

describe('real datasets', () => {
  let ws: Workspace;
  before(async () => (ws = await Workspace.memory()));
  after(() => ws.close());

  it('Taobao UserBehavior: a headerless event log with unix-second timestamps', async () => {
    const r = await importFile(ws, `${datasets}taobao_UserBehavior_first84475rows.csv.gz`, {
      noHeader: true,
      columns: ['user_id', 'item_id', 'category_id', 'behavior_type', 'timestamp'],
    });
    assert.deepEqual(
      [r.rows_in, r.rows_imported, r.rows_rejected, r.duplicates_skipped],
      [84475, 84475, 0, 0],
    );
    assert.equal(r.mapping.event, 'behavior_type');
    const byEvent = await ws.rows(
      `SELECT event, count(*) AS n FROM events WHERE import_id = $id GROUP BY 1 ORDER BY 1`,
      { id: r.import_id },
    );
    // README: pv 75,872, cart 4,497, fav 2,356, buy 1,750; 815 users.
    assert.deepEqual(byEvent, [
      { event: 'buy', n: 1750 },
      { event: 'cart', n: 4497 },
      { event: 'fav', n: 2356 },
      { event: 'pv', n: 75872 },
    ]);
    assert.equal(
      await ws.value(`SELECT count(DISTINCT user_id) FROM events WHERE import_id = ${r.import_id}`),
      815,
    );
    // Daily active users in UTC+8 on 2017-11-25 (README: 576).
    const dau = await ws.value(
      `SELECT count(DISTINCT user_id) FROM events WHERE import_id = ${r.import_id} AND CAST(timezone('Asia/Shanghai', ts) AS DATE) = DATE '2017-11-25'`,
    );
    assert.equal(dau, 576);
    const props = await ws.value(`SELECT properties FROM events WHERE import_id = ${r.import_id} LIMIT 1`);
    assert.match(String(props), /"item_id":\d+,"category_id":\d+/);
  });

  it('CDNOW: YYYYMMDD dates, zero-padded ids, a constant event name; exact repeats skipped', async () => {
    const r = await importFile(ws, `${datasets}CDNOW_master.csv.gz`, { map: { event: "'Order Completed'" } });
    // Python: 69,659 rows, 69,404 distinct rows, 23,570 customers, deduplicated revenue 2,495,982.75.
    assert.deepEqual(
      [r.rows_in, r.rows_imported, r.rows_rejected, r.duplicates_skipped],
      [69659, 69404, 0, 255],
    );
    const s = (
      await ws.rows(
        `SELECT count(DISTINCT user_id) AS users, round(sum(revenue), 2) AS revenue, min(ts) AS first, max(ts) AS last, min(user_id) AS id
         FROM events WHERE import_id = ${r.import_id}`,
      )
    )[0];
    assert.deepEqual(s, {
      users: 23570,
      revenue: 2495982.75,
      first: '1997-01-01T00:00:00Z',
      last: '1998-06-30T00:00:00Z',
      id: '00001',
    });
    assert.ok(r.notes.some((n) => n.includes('YYYYMMDD')));
    assert.ok(r.notes.some((n) => n.includes('no event id column')));
  });

  it('Online Retail (first rows): Latin-1, DD/MM/YYYY, revenue = quantity × price, cancellations', async () => {
    const file = `${datasets}online_retail_first39529rows.csv.gz`;
    await assert.rejects(
      importFile(ws, file, { map: retailMap }),
      /:\d+: CustomerID: missing user id \(13,766 bad rows/,
    );
    const r = await importFile(ws, file, { map: retailMap, maxRejects: 20000 });
    // Python: 13,766 rows without CustomerID; 25,763 with one, of which 25,270 distinct;
    // revenue of those 524,165.91; 635 cancellation rows; 922 customers.
    assert.deepEqual(
      [r.rows_in, r.rows_imported, r.rows_rejected, r.duplicates_skipped],
      [39529, 25270, 13766, 493],
    );
    assert.equal(r.encoding, 'latin-1');
    assert.ok(r.notes.some((n) => n.includes('day-first')));
    const s = (
      await ws.rows(
        `SELECT round(sum(revenue), 2) AS revenue, count(*) FILTER (event = 'Order Refunded') AS refunds,
              count(DISTINCT user_id) AS users, min(ts) AS first, max(ts) AS last FROM events WHERE import_id = ${r.import_id}`,
      )
    )[0];
    assert.deepEqual(s, {
      revenue: 524165.91,
      refunds: 635,
      users: 922,
      first: '2010-12-01T08:26:00Z',
      last: '2010-12-20T16:08:00Z',
    });
    assert.equal(
      await ws.value(`SELECT count(*) FROM import_rejects WHERE import_id = ${r.import_id}`),
      13766,
    );
    const voucher = await ws.value(
      `SELECT raw FROM import_rejects WHERE import_id = ${r.import_id} AND raw LIKE '%Voucher%' LIMIT 1`,
    );
    assert.match(String(voucher), /Gift Voucher £40\.00/, 'the 0xA3 byte reads as £');
  });

  it('Online Retail (sample): ISO dates, ids written as floats by pandas', async () => {
    // Its own workspace: 1,732 of its rows are also in the other Online Retail file, and would be duplicates.
    const own = await Workspace.memory();
    after(() => own.close());
    const r = await importFile(own, `${datasets}online_retail_sample30000rows.csv.gz`, {
      map: retailMap,
      maxRejects: 2000,
    });
    // Python: 2,000 rows without CustomerID; 27,975 distinct rows with one; revenue 555,815.12; 616 cancellations; 3,569 customers.
    assert.deepEqual(
      [r.rows_in, r.rows_imported, r.rows_rejected, r.duplicates_skipped],
      [30000, 27975, 2000, 25],
    );
    const s = (
      await own.rows(
        `SELECT round(sum(revenue), 2) AS revenue, count(*) FILTER (event = 'Order Refunded') AS refunds,
              count(DISTINCT user_id) AS users, min(user_id) AS id FROM events WHERE import_id = ${r.import_id}`,
      )
    )[0];
    assert.deepEqual(s, { revenue: 555815.12, refunds: 616, users: 3569, id: '12347' });
  });

  it('Telco churn and Mall customers as user tables', async () => {
    const telco = await importFile(ws, `${datasets}WA_Fn-UseC_-Telco-Customer-Churn.csv.gz`, { users: true });
    assert.deepEqual([telco.rows_in, telco.rows_imported, telco.rows_rejected], [7043, 7043, 0]);
    assert.equal(telco.mapping.user_id, 'customerID');
    assert.equal(telco.mapping.plan, 'Contract');
    const contracts = await ws.rows(`SELECT plan, count(*) AS n FROM users GROUP BY 1 ORDER BY 1`);
    assert.deepEqual(contracts, [
      { plan: 'Month-to-month', n: 3875 },
      { plan: 'One year', n: 1473 },
      { plan: 'Two year', n: 1695 },
    ]);
    assert.equal(await ws.value(`SELECT count(*) FROM users WHERE traits->>'Churn' = 'Yes'`), 1869);
    const mall = await importFile(ws, `${datasets}Mall_Customers.csv`, { users: true });
    assert.equal(mall.rows_imported, 200);
    assert.equal(mall.mapping.gender, 'Genre');
    const s = (
      await ws.rows(
        `SELECT round(avg(age), 2) AS age, count(*) FILTER (gender = 'Female') AS f FROM users WHERE import_id = ${mall.import_id}`,
      )
    )[0];
    assert.deepEqual(s, { age: 38.85, f: 112 });
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { discoverFeatures, type FeatureCatalog } from '../../engine/segments/discover.ts';
import { buildFeatureTable } from '../../engine/segments/features.ts';
import { Workspace } from '../helpers.ts';

/**
 * Two users over a window of 2024-03-01 … 2024-03-10, with features worked out by hand:
 * u1 has two sessions on 03-01 (09:00–09:20 and 11:00–11:05) and one on 03-05 (a purchase with a
 * coupon); u2 signed up on 03-09 and has one session; both received notifications (passive events).
 */
const EVENTS: [string, string, string, number | null, object][] = [
  ['u1', 'Page Viewed', '2024-03-01 09:00:00', null, { category: 'books' }],
  ['u1', 'Product Viewed', '2024-03-01 09:10:00', null, { category: 'books', price: 10 }],
  ['u1', 'Product Viewed', '2024-03-01 09:20:00', null, { category: 'fashion', price: 30 }],
  ['u1', 'Notification Received', '2024-03-01 10:00:00', null, {}],
  ['u1', 'Page Viewed', '2024-03-01 11:00:00', null, { category: 'books' }],
  ['u1', 'Products Searched', '2024-03-01 11:05:00', null, { category: 'books' }],
  ['u1', 'Order Completed', '2024-03-05 12:00:00', 25, { coupon: 'SAVE10', discount: 2.5 }],
  ['u2', 'Page Viewed', '2024-03-09 18:00:00', null, { category: 'fashion' }],
  ['u2', 'Product Viewed', '2024-03-09 18:29:00', null, { category: 'fashion', price: 50 }],
  ['u2', 'Order Completed', '2024-03-09 18:40:00', 50, { discount: 0 }],
  ['u2', 'Notification Received', '2024-03-10 08:00:00', null, {}],
];

describe('segment features', () => {
  let ws: Workspace;
  let catalog: FeatureCatalog;
  before(async () => {
    ws = await Workspace.memory();
    for (const [user, event, ts, revenue, props] of EVENTS) {
      await ws.run(
        `INSERT INTO events (event_id, user_id, event, ts, properties, revenue, import_id)
         VALUES (md5($u || $t || $e), $u, $e, CAST($t || '+00' AS TIMESTAMPTZ), $p, $r, 1)`,
        { u: user, e: event, t: ts, p: JSON.stringify(props), r: revenue },
      );
    }
    await ws.run(`INSERT INTO users (user_id, age, country, signup_at) VALUES
      ('u1', 30, 'DE', '2024-02-20 00:00:00+00'), ('u2', NULL, 'FR', '2024-03-09 00:00:00+00')`);
    catalog = await discoverFeatures(ws, { from: '2024-03-01', to: '2024-03-10', topEvents: 3 });
  });
  after(() => ws.close());

  it('discovers the content, price and discount properties and the top activity events', () => {
    assert.equal(catalog.contentProperty, 'category');
    assert.deepEqual(catalog.topContent, ['books', 'fashion']);
    assert.equal(catalog.priceProperty, 'price');
    assert.deepEqual(catalog.discountProperties, ['coupon', 'discount']);
    // Notifications are passive: never among the activity events.
    assert.deepEqual(catalog.topEvents, ['Page Viewed', 'Product Viewed', 'Order Completed']);
    assert.deepEqual(catalog.userColumns, ['age', 'country']);
    const age = catalog.features.find((f) => f.name === 'age');
    assert.equal(age?.kind, 'numeric');
    assert.equal(catalog.features.find((f) => f.name === 'country')?.byDefault, false);
  });

  it('computes sessions by the 30-minute rule, activity, purchases and shares as worked out by hand', async () => {
    const names = [
      'sessions_per_week',
      'active_days',
      'events_per_session',
      'session_minutes',
      'recency_days',
      'tenure_days',
      'events',
      'purchases',
      'revenue',
      'avg_price',
      'discount_share',
      'event_share:Page Viewed',
      'category_share:books',
      'age',
      'country',
    ];
    const t = await buildFeatureTable(ws, catalog, names);
    assert.deepEqual(t.userIds, ['u1', 'u2']);
    const get = (name: string, row: number) => t.columns[names.indexOf(name)]!.values[row];
    const end = Date.UTC(2024, 2, 11);
    // u1: 3 sessions; events 6 (the notification is passive); lengths 20, 5 and 0 minutes.
    assert.equal(get('events', 0), 6);
    assert.equal(get('events_per_session', 0), 2);
    assert.ok(Math.abs((get('session_minutes', 0) as number) - 25 / 3) < 1e-9);
    assert.equal(get('active_days', 0), 2);
    // Weeks in the window since the later of sign-up and window start (03-01 → 03-11 = 10 days).
    assert.ok(Math.abs((get('sessions_per_week', 0) as number) - 3 / (10 / 7)) < 1e-9);
    assert.ok(
      Math.abs((get('recency_days', 0) as number) - (end - Date.UTC(2024, 2, 5, 12)) / 86_400_000) < 1e-9,
    );
    assert.ok(
      Math.abs((get('tenure_days', 0) as number) - (end - Date.UTC(2024, 1, 20)) / 86_400_000) < 1e-9,
    );
    assert.equal(get('purchases', 0), 1);
    assert.equal(get('revenue', 0), 25);
    assert.equal(get('avg_price', 0), 20);
    assert.equal(get('discount_share', 0), 1);
    assert.equal(get('event_share:Page Viewed', 0), 2 / 6);
    assert.equal(get('category_share:books', 0), 4 / 6);
    assert.equal(get('age', 0), 30);
    assert.equal(get('country', 0), 'DE');
    // u2: one session of 40 minutes (gaps of 29 and 11 minutes); a zero discount is no discount;
    // less than a week in the window counts as one week; age unknown.
    assert.equal(get('events_per_session', 1), 3);
    assert.equal(get('session_minutes', 1), 40);
    assert.equal(get('sessions_per_week', 1), 1);
    assert.equal(get('discount_share', 1), 0);
    assert.ok(Number.isNaN(get('age', 1)));
    assert.ok(Math.abs((get('tenure_days', 1) as number) - 2) < 1e-9);
  });

  it('names an unknown feature and an empty window in its error', async () => {
    await assert.rejects(buildFeatureTable(ws, catalog, ['sessions', 'age']), /unknown feature "sessions"/);
    await assert.rejects(discoverFeatures(ws, { from: '2024-03-10', to: '2024-03-01' }), /window is empty/);
    await assert.rejects(
      discoverFeatures(ws, { from: '03/01/2024' }),
      /--from: "03\/01\/2024" is not a YYYY-MM-DD date/,
    );
  });
});

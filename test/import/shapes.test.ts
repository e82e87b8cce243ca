// One test per export shape, on small hand-written exports whose canonical rows are known.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { importFile } from '../../engine/import/index.ts';
import { tempDir, Workspace } from '../helpers.ts';

const nd = (rows: object[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
const canonical = `SELECT event_id, user_id, anonymous_id, event, ts, session_id, revenue FROM events ORDER BY ts, event_id`;

describe('export shapes', () => {
  const tmp = tempDir();
  let ws: Workspace;
  after(() => tmp.cleanup());
  beforeEach(async () => {
    ws?.close();
    ws = await Workspace.memory();
  });
  after(() => ws.close());

  it('Segment: track, page, screen and identify; traits go to users', async () => {
    const file = tmp.file(
      'segment.ndjson',
      nd([
        {
          type: 'identify',
          messageId: 'm0',
          userId: 'u1',
          anonymousId: 'a1',
          timestamp: '2024-03-01T09:59:00Z',
          traits: { age: 31, country: 'DE', plan: 'pro', email_opt_in: true },
        },
        {
          type: 'track',
          messageId: 'm1',
          userId: 'u1',
          anonymousId: 'a1',
          event: 'Order Completed',
          timestamp: '2024-03-01T10:00:00.250Z',
          properties: { revenue: 49.9, coupon: 'X' },
          context: { device: { type: 'mobile' } },
        },
        {
          type: 'page',
          messageId: 'm2',
          anonymousId: 'a2',
          name: 'Home',
          timestamp: '2024-03-01T11:00:00+02:00',
          properties: { path: '/' },
        },
        { type: 'screen', messageId: 'm3', userId: 'u2', name: 'Cart', timestamp: '2024-03-01T12:00:00Z' },
      ]),
    );
    const r = await importFile(ws, file);
    assert.equal(r.shape, 'segment');
    assert.deepEqual([r.rows_in, r.rows_imported, r.users_upserted], [4, 4, 1]);
    assert.deepEqual(
      await ws.rows(canonical),
      [
        {
          event_id: 'm0',
          user_id: 'u1',
          anonymous_id: 'a1',
          event: '$identify',
          ts: '2024-03-01T09:59:00Z',
          session_id: null,
          revenue: null,
        },
        {
          event_id: 'm2',
          user_id: null,
          anonymous_id: 'a2',
          event: 'Page Viewed',
          ts: '2024-03-01T09:00:00Z',
          session_id: null,
          revenue: null,
        },
        {
          event_id: 'm1',
          user_id: 'u1',
          anonymous_id: 'a1',
          event: 'Order Completed',
          ts: '2024-03-01T10:00:00.25Z',
          session_id: null,
          revenue: 49.9,
        },
        {
          event_id: 'm3',
          user_id: 'u2',
          anonymous_id: null,
          event: 'Screen Viewed',
          ts: '2024-03-01T12:00:00Z',
          session_id: null,
          revenue: null,
        },
      ].sort((a, b) => a.ts.localeCompare(b.ts)),
    );
    assert.deepEqual(
      await ws.rows(`SELECT user_id, age, country, plan, traits->>'email_opt_in' AS opt FROM users`),
      [{ user_id: 'u1', age: 31, country: 'DE', plan: 'pro', opt: 'true' }],
    );
    assert.equal(await ws.value(`SELECT properties->>'name' FROM events WHERE event_id = 'm2'`), 'Home');
    assert.equal(
      await ws.value(`SELECT context->'device'->>'type' FROM events WHERE event_id = 'm1'`),
      'mobile',
    );
  });

  it('Segment /v1/batch bodies', async () => {
    const file = tmp.file(
      'batch.json',
      JSON.stringify({
        batch: [
          {
            type: 'track',
            messageId: 'b1',
            userId: 'u1',
            event: 'Signed Up',
            timestamp: '2024-01-01T00:00:00Z',
            properties: { plan: 'free' },
          },
          {
            type: 'track',
            messageId: 'b2',
            userId: 'u1',
            event: 'Logged In',
            timestamp: '2024-01-02T00:00:00Z',
          },
        ],
        sentAt: '2024-01-02T00:00:01Z',
      }),
    );
    const r = await importFile(ws, file);
    assert.equal(r.shape, 'segment');
    assert.equal(r.rows_imported, 2);
    assert.equal(await ws.value(`SELECT properties->>'plan' FROM events WHERE event_id = 'b1'`), 'free');
  });

  it('Mixpanel raw export: properties.time in seconds or milliseconds, $insert_id', async () => {
    const file = tmp.file(
      'mixpanel.ndjson.gz',
      nd([
        { event: 'Viewed', properties: { time: 1704067200, distinct_id: 'd1', $insert_id: 'i1', page: 'a' } },
        {
          event: 'Bought',
          properties: { time: 1704067260123, distinct_id: 'd1', $insert_id: 'i2', revenue: 12.5 },
        },
        {
          event: 'Bought',
          properties: { time: 1704067260123, distinct_id: 'd1', $insert_id: 'i2', revenue: 12.5 },
        },
      ]),
      true,
    );
    const r = await importFile(ws, file);
    assert.equal(r.shape, 'mixpanel');
    assert.deepEqual([r.rows_in, r.rows_imported, r.duplicates_skipped], [3, 2, 1]);
    assert.deepEqual(await ws.rows(`SELECT event_id, user_id, ts, revenue FROM events ORDER BY ts`), [
      { event_id: 'i1', user_id: 'd1', ts: '2024-01-01T00:00:00Z', revenue: null },
      { event_id: 'i2', user_id: 'd1', ts: '2024-01-01T00:01:00.123Z', revenue: 12.5 },
    ]);
  });

  it('Amplitude export: user_id else device_id, event_properties, user_properties to users', async () => {
    const file = tmp.file(
      'amplitude.json',
      nd([
        {
          event_type: 'session_start',
          user_id: 'amp1',
          device_id: 'dev1',
          event_time: '2024-02-01 08:00:00.123456',
          $insert_id: 'x1',
          session_id: 1706774400000,
          event_properties: {},
          user_properties: { plan: 'team', age: 40 },
          device_type: 'iPhone',
          country: 'US',
        },
        {
          event_type: 'purchase',
          user_id: null,
          device_id: 'dev2',
          event_time: '2024-02-01 09:00:00.000000',
          $insert_id: 'x2',
          session_id: -1,
          event_properties: { price: 3 },
          revenue: 3,
        },
      ]),
    );
    const r = await importFile(ws, file);
    assert.equal(r.shape, 'amplitude');
    assert.deepEqual(
      await ws.rows(
        `SELECT event_id, user_id, anonymous_id, event, ts, session_id, revenue FROM events ORDER BY ts`,
      ),
      [
        {
          event_id: 'x1',
          user_id: 'amp1',
          anonymous_id: 'dev1',
          event: 'session_start',
          ts: '2024-02-01T08:00:00.123456Z',
          session_id: '1706774400000',
          revenue: null,
        },
        {
          event_id: 'x2',
          user_id: 'dev2',
          anonymous_id: 'dev2',
          event: 'purchase',
          ts: '2024-02-01T09:00:00Z',
          session_id: null,
          revenue: 3,
        },
      ],
    );
    assert.deepEqual(await ws.rows(`SELECT user_id, plan, age FROM users`), [
      { user_id: 'amp1', plan: 'team', age: 40 },
    ]);
    assert.equal(
      await ws.value(`SELECT context->>'device_type' FROM events WHERE event_id = 'x1'`),
      'iPhone',
    );
  });

  it('PostHog export (CSV with JSON properties)', async () => {
    const file = tmp.file(
      'posthog.csv',
      'uuid,event,distinct_id,properties,timestamp\n' +
        '0190-a,$pageview,ph1,"{""$current_url"": ""/"", ""$session_id"": ""s1""}",2024-04-01T10:00:00.000000+00:00\n' +
        '0190-b,signed_up,ph1,"{""revenue"": 5}",2024-04-01 10:05:00\n',
    );
    const r = await importFile(ws, file);
    assert.equal(r.shape, 'posthog');
    assert.deepEqual(await ws.rows(canonical), [
      {
        event_id: '0190-a',
        user_id: 'ph1',
        anonymous_id: null,
        event: '$pageview',
        ts: '2024-04-01T10:00:00Z',
        session_id: 's1',
        revenue: null,
      },
      {
        event_id: '0190-b',
        user_id: 'ph1',
        anonymous_id: null,
        event: 'signed_up',
        ts: '2024-04-01T10:05:00Z',
        session_id: null,
        revenue: 5,
      },
    ]);
  });

  it('GA4 BigQuery export: microsecond timestamps, event_params flattened', async () => {
    const file = tmp.file(
      'ga4.ndjson',
      nd([
        {
          event_date: '20240105',
          event_timestamp: '1704449400123456',
          event_name: 'purchase',
          user_pseudo_id: 'p1',
          user_id: null,
          event_params: [
            { key: 'ga_session_id', value: { int_value: '1704449000' } },
            { key: 'page_title', value: { string_value: 'Checkout' } },
          ],
          ecommerce: { purchase_revenue: 19.99 },
          device: { category: 'desktop' },
          geo: { country: 'France' },
        },
      ]),
    );
    const r = await importFile(ws, file);
    assert.equal(r.shape, 'ga4');
    assert.deepEqual(await ws.rows(canonical), [
      {
        event_id: (await ws.value('SELECT event_id FROM events')) as string,
        user_id: 'p1',
        anonymous_id: 'p1',
        event: 'purchase',
        ts: '2024-01-05T10:10:00.123456Z',
        session_id: '1704449000',
        revenue: 19.99,
      },
    ]);
    assert.equal(await ws.value(`SELECT properties->>'page_title' FROM events`), 'Checkout');
    assert.equal(await ws.value(`SELECT context->'geo'->>'country' FROM events`), 'France');
    assert.match(
      String(await ws.value('SELECT event_id FROM events')),
      /^[0-9a-f]{32}$/,
      'no id in GA4: a hash',
    );
  });

  it('a generic Parquet table with a suggested mapping', async () => {
    const path = `${tmp.dir}/generic.parquet`;
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    await c.run(
      `COPY (SELECT 'u' || (i % 3) AS customer_id, 'click' AS action, TIMESTAMP '2024-01-01' + INTERVAL (i) MINUTE AS occurred_at, i * 1.5 AS amount, i AS n FROM range(10) t(i)) TO '${path}' (FORMAT parquet)`,
    );
    c.closeSync();
    db.closeSync();
    const r = await importFile(ws, path);
    assert.equal(r.format, 'parquet');
    assert.deepEqual(r.mapping, {
      user_id: 'customer_id',
      event: 'action',
      ts: 'occurred_at',
      revenue: 'amount',
    });
    assert.equal(r.rows_imported, 10);
    assert.deepEqual(
      await ws.rows(
        `SELECT sum(revenue) AS r, max(ts) AS t, sum(CAST(properties->>'n' AS INT)) AS n FROM events`,
      ),
      [{ r: 67.5, t: '2024-01-01T00:09:00Z', n: 45 }],
    );
  });

  it('a TSV with an explicit mapping that overrides the suggestion', async () => {
    const file = tmp.file(
      't.tsv',
      'who\twhat\twhen\tid\n1\tA\t2024-01-01T00:00:00Z\te1\n2\tB\t2024-01-02T00:00:00Z\te2\n',
    );
    const r = await importFile(ws, file, {
      map: { user_id: 'who', event: 'what', ts: 'when', event_id: 'id' },
    });
    assert.equal(r.format, 'tsv');
    assert.deepEqual(await ws.rows(`SELECT event_id, user_id, event FROM events ORDER BY 1`), [
      { event_id: 'e1', user_id: '1', event: 'A' },
      { event_id: 'e2', user_id: '2', event: 'B' },
    ]);
  });

  before(() => undefined);
});

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import {
  assignCell,
  CELLS,
  generateSamples,
  PERSONA_NAMES,
  resolveOptions,
  USERS_CSV_HEADER,
  type SampleSummary,
  type SampleTruth,
} from '../../samples/generate/index.ts';

/** A Segment message as written to events.ndjson.gz. */
interface Message {
  type: 'track' | 'page' | 'identify';
  messageId: string;
  userId: string;
  anonymousId: string;
  timestamp: string;
  event?: string;
  name?: string;
  properties?: Record<string, unknown>;
  traits?: Record<string, unknown>;
  context: { device: { type: string }; os: { name: string }; locale: string };
}

const SMALL = { users: 400, days: 40 } as const;
const DAY_MS = 86_400_000;
const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

function readMessages(summary: SampleSummary): Message[] {
  const text = gunzipSync(readFileSync(summary.files.events)).toString('utf8');
  assert.ok(text.endsWith('\n'), 'the last line ends with a newline');
  return text
    .slice(0, -1)
    .split('\n')
    .map((line) => JSON.parse(line) as Message);
}

void describe('generateSamples', () => {
  let root = '';
  let first: SampleSummary;
  let again: SampleSummary;
  let other: SampleSummary;
  let truth: SampleTruth;
  let messages: Message[];
  const progress: number[] = [];

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'engage-samples-'));
    first = await generateSamples({
      out: join(root, 'a'),
      ...SMALL,
      seed: 42,
      onProgress: (fraction) => progress.push(fraction),
    });
    again = await generateSamples({ out: join(root, 'b'), ...SMALL, seed: 42 });
    other = await generateSamples({ out: join(root, 'c'), ...SMALL, seed: 7 });
    truth = JSON.parse(readFileSync(first.files.truth, 'utf8')) as SampleTruth;
    messages = readMessages(first);
  });

  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  void it('writes the three files and reports what it wrote', () => {
    for (const path of Object.values(first.files)) assert.ok(existsSync(path), path);
    assert.equal(first.users, SMALL.users);
    assert.equal(first.events, messages.length);
    assert.equal(truth.totals.events, messages.length);
    assert.ok(first.seconds > 0);
    assert.equal(progress[0], 0);
    assert.equal(progress.at(-1), 1);
    assert.ok(
      progress.every((p, i) => i === 0 || p >= (progress[i - 1] ?? 0)),
      'progress never goes back',
    );
  });

  void it('is byte-identical for the same seed and differs for another seed', () => {
    for (const key of ['events', 'users', 'truth'] as const) {
      assert.equal(sha256(first.files[key]), sha256(again.files[key]), key);
    }
    assert.notEqual(sha256(first.files.events), sha256(other.files.events));
    assert.notEqual(sha256(first.files.users), sha256(other.files.users));
  });

  void it('writes well-formed Segment messages inside the window', () => {
    const start = Date.parse(truth.date_range.start_at);
    const end = Date.parse(truth.date_range.end_at);
    assert.equal(truth.date_range.end, '2026-06-30');
    assert.equal(end - start + 1, SMALL.days * DAY_MS);
    const ids = new Set<string>();
    for (const m of messages) {
      ids.add(m.messageId);
      assert.match(m.timestamp, ISO_MS);
      const t = Date.parse(m.timestamp);
      assert.ok(t >= start && t <= end, `${m.timestamp} outside the window`);
      assert.match(m.userId, /^u_\d{6}$/);
      assert.ok(['mobile', 'desktop', 'tablet'].includes(m.context.device.type));
      switch (m.type) {
        case 'track':
          assert.equal(typeof m.event, 'string');
          assert.equal(typeof m.properties, 'object');
          break;
        case 'page':
          assert.equal(typeof m.name, 'string');
          break;
        case 'identify':
          assert.deepEqual(Object.keys(m.traits ?? {}).sort(), [
            'age',
            'country',
            'created_at',
            'device',
            'gender',
            'plan',
          ]);
          break;
        default:
          assert.fail(`unexpected type ${String((m as { type: unknown }).type)}`);
      }
    }
    assert.equal(ids.size, messages.length, 'messageIds are unique');
  });

  void it('starts every user with one identify and keeps each user in time order', () => {
    const last = new Map<string, number>();
    const identifies = new Map<string, number>();
    for (const m of messages) {
      const t = Date.parse(m.timestamp);
      if (!last.has(m.userId)) assert.equal(m.type, 'identify', `${m.userId} starts with identify`);
      assert.ok(t >= (last.get(m.userId) ?? 0), `${m.userId} in time order`);
      last.set(m.userId, t);
      if (m.type === 'identify') identifies.set(m.userId, (identifies.get(m.userId) ?? 0) + 1);
    }
    assert.equal(identifies.size, SMALL.users);
    assert.ok([...identifies.values()].every((n) => n === 1));
  });

  void it('writes Order Completed with plausible revenue and products', () => {
    const orders = messages.filter((m) => m.event === 'Order Completed');
    assert.ok(orders.length > 50, `${orders.length} orders`);
    for (const o of orders) {
      const p = o.properties ?? {};
      assert.equal(typeof p.order_id, 'string');
      assert.equal(typeof p.revenue, 'number');
      assert.equal(typeof p.discount, 'number');
      assert.ok(p.coupon === undefined || typeof p.coupon === 'string');
      assert.ok(Array.isArray(p.products) && p.products.length > 0);
    }
    const revenues = orders.map((o) => o.properties?.revenue as number).sort((a, b) => a - b);
    const median = revenues[Math.floor(revenues.length / 2)] ?? 0;
    assert.ok(median >= 10 && median <= 300, `median revenue ${median}`);
  });

  void it('writes one users.csv row per user', () => {
    const lines = readFileSync(first.files.users, 'utf8').trimEnd().split('\n');
    assert.equal(lines[0], USERS_CSV_HEADER);
    assert.equal(lines.length - 1, SMALL.users);
    const signups = new Set(lines.slice(1).map((l) => l.split(',')[6]?.slice(0, 10)));
    assert.ok(signups.size > SMALL.days / 2, 'signups are spread over the period');
  });

  void it('records personas whose shares sum to 1 and whose users add up', () => {
    const shares = PERSONA_NAMES.reduce((s, n) => s + truth.personas[n].share, 0);
    assert.ok(Math.abs(shares - 1) < 1e-9, `shares sum to ${shares}`);
    const users = PERSONA_NAMES.reduce((s, n) => s + truth.personas[n].users, 0);
    assert.equal(users, SMALL.users);
    const perPersona = new Map<string, number>();
    for (const p of Object.values(truth.user_persona)) perPersona.set(p, (perPersona.get(p) ?? 0) + 1);
    for (const n of PERSONA_NAMES) assert.equal(perPersona.get(n) ?? 0, truth.personas[n].users, n);
  });

  void it('gives power users clearly more events per user than casual users', () => {
    const events = new Map<string, number>();
    for (const m of messages) {
      const p = truth.user_persona[m.userId] ?? 'unknown';
      events.set(p, (events.get(p) ?? 0) + 1);
    }
    const perUser = (n: 'power' | 'casual') => (events.get(n) ?? 0) / truth.personas[n].users;
    assert.ok(perUser('power') > 2.5 * perUser('casual'), `${perUser('power')} vs ${perUser('casual')}`);
  });

  void it('balances the experiment cells and assigns them by the salted hash', () => {
    const expected = SMALL.users / CELLS.length;
    let assigned = 0;
    for (const cell of CELLS) {
      const c = truth.experiment.cells[cell.id];
      assigned += c.assigned;
      assert.ok(Math.abs(c.assigned - expected) < 0.35 * expected, `${cell.id}: ${c.assigned}`);
    }
    assert.equal(assigned, SMALL.users);
    const viewed = messages.filter((m) => m.event === 'Experiment Viewed');
    assert.ok(viewed.length > 0);
    for (const m of viewed) assert.equal(m.properties?.variant_id, assignCell(m.userId).id);
    const exposed = CELLS.reduce((s, c) => s + truth.experiment.cells[c.id].exposed, 0);
    assert.equal(exposed, viewed.length, 'one Experiment Viewed per exposed user');
  });

  void it('stops churned users before their churn day', () => {
    const origin = Date.parse(`${truth.churn.day_origin}T00:00:00.000Z`);
    const churnDays = truth.churn.user_churn_day;
    const churned = Object.values(churnDays).filter((d) => d !== null).length;
    assert.equal(churned, truth.churn.churned_users);
    assert.ok(churned > 0 && churned < SMALL.users);
    for (const m of messages) {
      const day = churnDays[m.userId];
      if (day === null || day === undefined) continue;
      assert.ok(Date.parse(m.timestamp) < origin + day * DAY_MS, `${m.userId} after churn day ${day}`);
    }
  });

  void it('lets a 30-minute inactivity rule recover the sessions and the abandoned carts', () => {
    const last = new Map<string, number>();
    const open = new Map<string, { added: boolean; ordered: boolean }>();
    let sessions = 0;
    let withAdd = 0;
    let abandoned = 0;
    const close = (user: string) => {
      const s = open.get(user);
      if (s?.added) {
        withAdd++;
        if (!s.ordered) abandoned++;
      }
    };
    for (const m of messages) {
      const t = Date.parse(m.timestamp);
      const previous = last.get(m.userId);
      if (previous === undefined || t - previous > 30 * 60_000) {
        close(m.userId);
        sessions++;
        open.set(m.userId, { added: false, ordered: false });
      }
      last.set(m.userId, t);
      const s = open.get(m.userId);
      if (s && m.event === 'Product Added') s.added = true;
      if (s && m.event === 'Order Completed') s.ordered = true;
    }
    for (const user of open.keys()) close(user);
    assert.equal(sessions, truth.totals.sessions);
    assert.equal(withAdd, truth.cart_abandonment.total.sessions_with_add);
    assert.equal(abandoned, truth.cart_abandonment.total.abandoned);
  });

  void it('counts events by name in the totals', () => {
    const byName = new Map<string, number>();
    for (const m of messages) if (m.event) byName.set(m.event, (byName.get(m.event) ?? 0) + 1);
    assert.deepEqual(Object.fromEntries(byName), { ...truth.totals.events_by_name });
    assert.equal(
      truth.totals.events_by_type.track +
        truth.totals.events_by_type.page +
        truth.totals.events_by_type.identify,
      messages.length,
    );
  });
});

void describe('resolveOptions', () => {
  void it('fills the defaults', () => {
    assert.deepEqual(resolveOptions({ out: 'x' }), {
      out: 'x',
      users: 20_000,
      days: 120,
      seed: 42,
      endDate: '2026-06-30',
    });
  });

  void it('rejects bad options up front', () => {
    assert.throws(() => resolveOptions({ out: '' }), TypeError);
    assert.throws(() => resolveOptions({ out: 'x', users: 0 }), RangeError);
    assert.throws(() => resolveOptions({ out: 'x', days: 2.5 }), RangeError);
    assert.throws(() => resolveOptions({ out: 'x', seed: -1 }), RangeError);
    assert.throws(() => resolveOptions({ out: 'x', endDate: '2026-02-30' }), RangeError);
    assert.throws(() => resolveOptions({ out: 'x', endDate: 'June' }), RangeError);
  });
});

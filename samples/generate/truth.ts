/** Assembles truth.json: the designed parameters next to what the run actually produced. */
import {
  HOUR_WEIGHTS,
  isoDay,
  MAX_SESSION_MS,
  MIN_SESSION_GAP_MS,
  MINUTE_MS,
  WEEKDAY_FACTOR,
  type Window,
} from './calendar.ts';
import { CATEGORIES, COUPONS, PRODUCTS_PER_CATEGORY, type Catalog } from './catalog.ts';
import { CHURN_MODEL } from './churn.ts';
import {
  CELL_IDS,
  CELLS,
  CONTENTS,
  DELIVERY_HOUR,
  DESIGNED_EFFECTS,
  designedRate,
  EXPERIMENT_ID,
  EXPERIMENT_NAME,
  EXPERIMENT_SALT,
  NOTIFICATIONS_PER_DAY,
  RESPONSIVENESS,
  TIMINGS,
  type Cell,
} from './experiment.ts';
import type { MessageCounts } from './messages.ts';
import { PERSONA_NAMES, PERSONAS, type PersonaName } from './personas.ts';
import { recentDays, type UserProfile } from './profile.ts';
import { FIRST_WEEK_BOOST } from './simulateUser.ts';
import { byKey, type CartCounts, type Tally } from './tally.ts';
import type { SampleTruth, TruthCell, TruthPersona } from './truthTypes.ts';

export const GENERATOR = 'engage-samples/2';

/** The resolved options recorded in truth.json. */
export interface TruthOptions {
  readonly users: number;
  readonly days: number;
  readonly seed: number;
  readonly endDate: string;
}

export interface TruthInput {
  readonly options: TruthOptions;
  readonly window: Window;
  readonly catalog: Catalog;
  readonly experimentStartDay: number;
  readonly profiles: readonly UserProfile[];
  /** Churn day per profile (same order), null when still active. */
  readonly churnDays: readonly (number | null)[];
  readonly tally: Tally;
  readonly counts: MessageCounts;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;

/** Builds the truth.json object (plain JSON, snake_case keys, deterministic key order). */
export function buildTruth(input: TruthInput): SampleTruth {
  const { options, window, tally, counts, profiles, churnDays } = input;
  const startDate = isoDay(window, 0);
  const endDate = isoDay(window, window.days - 1);

  const personas = byKey(PERSONA_NAMES, (name): TruthPersona => {
    const { share, ...params } = PERSONAS[name];
    const c = tally.personas[name];
    const realised = {
      users: c.users,
      events: c.events,
      events_per_user: round(c.events / Math.max(1, c.users), 2),
      sessions: c.sessions,
      sessions_per_user: round(c.sessions / Math.max(1, c.users), 2),
      orders: c.orders,
      orders_per_user: round(c.orders / Math.max(1, c.users), 3),
      revenue: round(c.revenue, 2),
      coupon_order_share: rate(c.coupon_orders, c.orders),
      churned: c.churned,
      churned_share: rate(c.churned, c.users),
    };
    return { share, users: c.users, ...snakeKeys(params), realised } as TruthPersona;
  });

  const userPersona: Record<string, PersonaName> = {};
  const userChurnDay: Record<string, number | null> = {};
  profiles.forEach((u, i) => {
    userPersona[u.id] = u.persona;
    userChurnDay[u.id] = churnDays[i] ?? null;
  });
  const churned = churnDays.filter((d) => d !== null).length;

  const cells = byKey(CELL_IDS, (id): TruthCell => {
    const cell = CELLS.find((x) => x.id === id) as Cell;
    const c = tally.cells[id];
    return {
      timing: cell.timing,
      content: cell.content,
      designed: { click_rate: designedRate('click', cell), purchase_rate: designedRate('purchase', cell) },
      ...c,
      revenue: round(c.revenue, 2),
      realised: {
        click_rate: rate(c.clicks, c.notifications),
        purchase_rate: rate(c.orders, c.notifications),
        conversion_given_click: rate(c.orders, c.clicks),
      },
    };
  });

  const cartOf = (x: CartCounts) => ({ ...x, rate: rate(x.abandoned, x.sessions_with_add) });
  const cartAll = { sessions_with_add: 0, abandoned: 0 };
  const cartRealised = byKey(PERSONA_NAMES, (name) => {
    const { organic_cart: o, notification_cart: n } = tally.personas[name];
    cartAll.sessions_with_add += o.sessions_with_add + n.sessions_with_add;
    cartAll.abandoned += o.abandoned + n.abandoned;
    const all = {
      sessions_with_add: o.sessions_with_add + n.sessions_with_add,
      abandoned: o.abandoned + n.abandoned,
    };
    return { organic: cartOf(o), notification: cartOf(n), all: cartOf(all) };
  });

  const orders = PERSONA_NAMES.reduce((s, n) => s + tally.personas[n].orders, 0);
  const revenue = PERSONA_NAMES.reduce((s, n) => s + tally.personas[n].revenue, 0);
  const trackTotal = [...counts.track.values()].reduce((a, b) => a + b, 0);
  const pageTotal = [...counts.page.values()].reduce((a, b) => a + b, 0);

  return {
    generator: GENERATOR,
    seed: options.seed,
    options: { users: options.users, days: options.days, seed: options.seed, end_date: options.endDate },
    date_range: {
      start: startDate,
      end: endDate,
      start_at: new Date(window.startMs).toISOString(),
      end_at: new Date(window.endMs).toISOString(),
    },
    catalog: {
      categories: CATEGORIES,
      products: input.catalog.size,
      products_per_category: PRODUCTS_PER_CATEGORY,
      coupons: COUPONS,
    },
    calendar: {
      weekday_factor: Object.fromEntries(WEEKDAYS.map((d, i) => [d, WEEKDAY_FACTOR[i]])),
      hour_weights_utc: HOUR_WEIGHTS,
      first_week_session_boost: FIRST_WEEK_BOOST,
      recent_signup_days: recentDays(window.days),
      min_gap_between_sessions_minutes: MIN_SESSION_GAP_MS / MINUTE_MS,
      max_session_minutes: MAX_SESSION_MS / MINUTE_MS,
      sessionization_rule: 'a new session starts after 30 minutes without events',
    },
    personas,
    user_persona: userPersona,
    churn: {
      model:
        'at 00:00 UTC of each day d after the signup day an active user churns with probability ' +
        'min(0.5, base * exp(beta.persona[p] + beta.sessions_7d*sessions_7d + beta.purchased_14d*purchased_14d + beta.first_week*first_week))',
      base: CHURN_MODEL.base,
      beta: {
        persona: byKey(PERSONA_NAMES, (n) => PERSONAS[n].churnLogHazard),
        ...CHURN_MODEL.beta,
      },
      features: {
        sessions_7d: 'sessions started in days d-7..d-1 (organic or opened by a notification click)',
        purchased_14d: '1 if an Order Completed in days d-14..d-1',
        first_week: '1 if d - signup day < 7',
      },
      churn_day: 'first silent day, 0-based from date_range.start; the user has no events on or after it',
      day_origin: startDate,
      churned_users: churned,
      churned_share: rate(churned, profiles.length),
      user_churn_day: userChurnDay,
    },
    experiment: {
      id: EXPERIMENT_ID,
      name: EXPERIMENT_NAME,
      start_day: input.experimentStartDay,
      start_date: isoDay(window, input.experimentStartDay),
      end_date: endDate,
      factors: { timing: TIMINGS, content: CONTENTS },
      assignment: {
        method: 'cells[hash32(salt + ":" + user_id) % 4], hash32 = FNV-1a 32-bit then murmur3 fmix32',
        salt: EXPERIMENT_SALT,
        cells: [...CELL_IDS],
      },
      exposure:
        'Experiment Viewed just before the first Notification Received; notifications only from start_day',
      notifications_per_active_day: NOTIFICATIONS_PER_DAY,
      delivery_hour_utc: DELIVERY_HOUR,
      click_responsiveness_per_user: RESPONSIVENESS,
      metrics: {
        click_rate: 'Notification Clicked / Notification Received',
        purchase_rate: 'Order Completed in the session opened by the click / Notification Received',
      },
      designed_effects: DESIGNED_EFFECTS,
      cells,
    },
    cart_abandonment: {
      definition: 'session (30-minute rule) with a Product Added and no Order Completed',
      designed: byKey(PERSONA_NAMES, (n) => round(1 - PERSONAS[n].completeGivenCart, 6)),
      designed_applies_to: 'organic sessions; in notification sessions the experiment decides the order',
      realised: cartRealised,
      total: cartOf(cartAll),
    },
    totals: {
      users: profiles.length,
      events: counts.total,
      events_by_type: { track: trackTotal, page: pageTotal, identify: counts.identify },
      events_by_name: sortedRecord(counts.track),
      pages_by_name: sortedRecord(counts.page),
      sessions:
        tally.sessions.organic + tally.sessions.notification_clicked + tally.sessions.notification_only,
      sessions_by_kind: tally.sessions,
      orders,
      revenue: round(revenue, 2),
      first_event_at: new Date(counts.firstMs).toISOString(),
      last_event_at: new Date(counts.lastMs).toISOString(),
      date_range: { start: startDate, end: endDate },
    },
  };
}

function rate(num: number, den: number): number {
  return den === 0 ? 0 : round(num / den, 6);
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function sortedRecord(map: Map<string, number>): Record<string, number> {
  return Object.fromEntries([...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function snakeKeys(obj: object): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(obj).map(([k, v]) => [k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), v as unknown]),
  );
}

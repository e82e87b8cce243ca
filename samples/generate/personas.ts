/** The behavioural personas of the sample product and their designed parameters. */
import type { Category, CouponCode, DeviceType, Plan } from './catalog.ts';
import type { Rng } from '../../engine/analysis/random.ts';

export const PERSONA_NAMES = ['power', 'browser', 'discount_seeker', 'casual', 'new'] as const;
export type PersonaName = (typeof PERSONA_NAMES)[number];

/** What one persona does; every field is a designed truth that analysis should be able to recover. */
export interface PersonaParams {
  readonly description: string;
  /** Designed share of all users (shares sum to 1; counts use largest remainders). */
  readonly share: number;
  /** `spread`: signs up uniformly before the recent window; `recent`: inside the last `recentDays`. */
  readonly signup: 'spread' | 'recent';
  /** Mean organic sessions per active weekday (times the weekday factor and the user's activity). */
  readonly sessionsPerDay: number;
  /** Mean browsing actions per session (1 + Poisson(mean − 1)); a product view is 2 events. */
  readonly actionsPerSession: number;
  /** Relative weights of the browsing actions. */
  readonly actionWeights: Readonly<{ category: number; search: number; product: number }>;
  /** P(Product Added | Product Viewed). */
  readonly addToCartRate: number;
  /** P(Order Completed in the session | the session has a Product Added), organic sessions. */
  readonly completeGivenCart: number;
  /** P(a coupon is applied | an order is completed). */
  readonly couponRate: number;
  readonly couponWeights: Readonly<Partial<Record<CouponCode, number>>>;
  /** Price sensitivity: picks the cheapest of this many candidate products. */
  readonly cheapestOf: number;
  /** Content preference (mean of the per-user category mix). */
  readonly categoryWeights: Readonly<Record<Category, number>>;
  readonly deviceWeights: Readonly<Record<DeviceType, number>>;
  readonly planWeights: Readonly<Record<Plan, number>>;
  /** Age ~ Normal(mean, sd), clamped to [16, 80]. */
  readonly age: Readonly<{ mean: number; sd: number }>;
  /** β for this persona in the churn hazard (see churn.ts). */
  readonly churnLogHazard: number;
}

export const PERSONAS: Readonly<Record<PersonaName, PersonaParams>> = {
  power: {
    description: 'Several visits a week, long sessions, buys often, mostly electronics; rarely churns.',
    share: 0.12,
    signup: 'spread',
    sessionsPerDay: 0.28,
    actionsPerSession: 5,
    actionWeights: { category: 0.2, search: 0.2, product: 0.6 },
    addToCartRate: 0.2,
    completeGivenCart: 0.6,
    couponRate: 0.1,
    couponWeights: { SAVE10: 3, SAVE20: 1 },
    cheapestOf: 1,
    categoryWeights: { electronics: 0.34, fashion: 0.12, home: 0.16, books: 0.12, sports: 0.16, beauty: 0.1 },
    deviceWeights: { mobile: 0.4, desktop: 0.5, tablet: 0.1 },
    planWeights: { free: 0.3, plus: 0.35, premium: 0.35 },
    age: { mean: 33, sd: 8 },
    churnLogHazard: -1.0,
  },
  browser: {
    description: 'Browses fashion and beauty about weekly, rarely buys; abandons most carts.',
    share: 0.25,
    signup: 'spread',
    sessionsPerDay: 0.15,
    actionsPerSession: 4.5,
    actionWeights: { category: 0.35, search: 0.15, product: 0.5 },
    addToCartRate: 0.07,
    completeGivenCart: 0.15,
    couponRate: 0.05,
    couponWeights: { SAVE10: 1 },
    cheapestOf: 1,
    categoryWeights: {
      electronics: 0.08,
      fashion: 0.36,
      home: 0.14,
      books: 0.06,
      sports: 0.08,
      beauty: 0.28,
    },
    deviceWeights: { mobile: 0.72, desktop: 0.18, tablet: 0.1 },
    planWeights: { free: 0.8, plus: 0.15, premium: 0.05 },
    age: { mean: 27, sd: 6 },
    churnLogHazard: 0,
  },
  discount_seeker: {
    description: 'Hunts deals: searches a lot, picks cheap items, applies a coupon on most orders.',
    share: 0.15,
    signup: 'spread',
    sessionsPerDay: 0.14,
    actionsPerSession: 4,
    actionWeights: { category: 0.2, search: 0.5, product: 0.3 },
    addToCartRate: 0.25,
    completeGivenCart: 0.5,
    couponRate: 0.85,
    couponWeights: { SAVE10: 1, SAVE20: 3, FLASH30: 2 },
    cheapestOf: 4,
    categoryWeights: { electronics: 0.1, fashion: 0.18, home: 0.38, books: 0.08, sports: 0.1, beauty: 0.16 },
    deviceWeights: { mobile: 0.6, desktop: 0.3, tablet: 0.1 },
    planWeights: { free: 0.85, plus: 0.13, premium: 0.02 },
    age: { mean: 39, sd: 8 },
    churnLogHazard: 0.2,
  },
  casual: {
    description:
      'Visits every two to three weeks, short sessions, books and sports; the most likely to churn.',
    share: 0.33,
    signup: 'spread',
    sessionsPerDay: 0.06,
    actionsPerSession: 3,
    actionWeights: { category: 0.3, search: 0.2, product: 0.5 },
    addToCartRate: 0.12,
    completeGivenCart: 0.35,
    couponRate: 0.12,
    couponWeights: { SAVE10: 1 },
    cheapestOf: 1,
    categoryWeights: { electronics: 0.1, fashion: 0.1, home: 0.18, books: 0.3, sports: 0.24, beauty: 0.08 },
    deviceWeights: { mobile: 0.4, desktop: 0.5, tablet: 0.1 },
    planWeights: { free: 0.75, plus: 0.2, premium: 0.05 },
    age: { mean: 47, sd: 9 },
    churnLogHazard: 0.4,
  },
  new: {
    description: 'Signed up in the recent window; explores every category, welcome coupon, high early churn.',
    share: 0.15,
    signup: 'recent',
    sessionsPerDay: 0.3,
    actionsPerSession: 4.5,
    actionWeights: { category: 0.4, search: 0.2, product: 0.4 },
    addToCartRate: 0.1,
    completeGivenCart: 0.25,
    couponRate: 0.35,
    couponWeights: { WELCOME15: 4, SAVE10: 1 },
    cheapestOf: 1,
    categoryWeights: {
      electronics: 1 / 6,
      fashion: 1 / 6,
      home: 1 / 6,
      books: 1 / 6,
      sports: 1 / 6,
      beauty: 1 / 6,
    },
    deviceWeights: { mobile: 0.65, desktop: 0.25, tablet: 0.1 },
    planWeights: { free: 0.9, plus: 0.1, premium: 0 },
    age: { mean: 30, sd: 9 },
    churnLogHazard: 0.5,
  },
};

/**
 * Exact persona counts for `users` users by largest remainders of `share × users`
 * (ties broken by persona order), so the counts always add up to `users`.
 */
export function personaCounts(users: number): Record<PersonaName, number> {
  const raw = PERSONA_NAMES.map((name) => PERSONAS[name].share * users);
  const counts = raw.map(Math.floor);
  let left = users - counts.reduce((a, b) => a + b, 0);
  const order = raw
    .map((r, i) => ({ i, rest: r - Math.floor(r) }))
    .sort((x, y) => y.rest - x.rest || x.i - y.i);
  for (const { i } of order) {
    if (left <= 0) break;
    counts[i] = (counts[i] ?? 0) + 1;
    left--;
  }
  return Object.fromEntries(PERSONA_NAMES.map((name, i) => [name, counts[i] ?? 0])) as Record<
    PersonaName,
    number
  >;
}

/** Persona of every user (index 0 is `u_000001`): exact counts, shuffled by the seeded stream. */
export function assignPersonas(users: number, rng: Rng): PersonaName[] {
  const counts = personaCounts(users);
  const list: PersonaName[] = [];
  for (const name of PERSONA_NAMES) for (let i = 0; i < counts[name]; i++) list.push(name);
  return rng.shuffle(list);
}

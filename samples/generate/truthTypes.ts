/** The shape of truth.json, for code and tests that read it back. */
import type { CellId } from './experiment.ts';
import type { CellCounts } from './tally.ts';
import type { PersonaName } from './personas.ts';

export interface TruthRates {
  click_rate: number;
  purchase_rate: number;
}

export interface TruthCell extends CellCounts {
  timing: 'morning' | 'evening';
  content: 'generic' | 'personalised';
  designed: TruthRates;
  realised: TruthRates & { conversion_given_click: number };
}

export interface TruthCartCounts {
  sessions_with_add: number;
  abandoned: number;
  rate: number;
}

export interface TruthPersona {
  share: number;
  users: number;
  description: string;
  signup: 'spread' | 'recent';
  sessions_per_day: number;
  actions_per_session: number;
  add_to_cart_rate: number;
  complete_given_cart: number;
  coupon_rate: number;
  churn_log_hazard: number;
  category_weights: Record<string, number>;
  realised: {
    users: number;
    events: number;
    events_per_user: number;
    sessions: number;
    sessions_per_user: number;
    orders: number;
    orders_per_user: number;
    revenue: number;
    coupon_order_share: number;
    churned: number;
    churned_share: number;
  };
  [param: string]: unknown;
}

export interface SampleTruth {
  generator: string;
  seed: number;
  options: { users: number; days: number; seed: number; end_date: string };
  date_range: { start: string; end: string; start_at: string; end_at: string };
  catalog: {
    categories: readonly string[];
    products: number;
    products_per_category: number;
    coupons: object;
  };
  calendar: Record<string, unknown>;
  personas: Record<PersonaName, TruthPersona>;
  user_persona: Record<string, PersonaName>;
  churn: {
    model: string;
    base: number;
    beta: {
      persona: Record<PersonaName, number>;
      sessions_7d: number;
      purchased_14d: number;
      first_week: number;
    };
    features: Record<string, string>;
    churn_day: string;
    day_origin: string;
    churned_users: number;
    churned_share: number;
    /** First silent day (0-based from `day_origin`) per user, null if active to the end. */
    user_churn_day: Record<string, number | null>;
  };
  experiment: {
    id: string;
    name: string;
    start_day: number;
    start_date: string;
    end_date: string;
    factors: { timing: readonly string[]; content: readonly string[] };
    assignment: { method: string; salt: string; cells: CellId[] };
    exposure: string;
    notifications_per_active_day: number;
    delivery_hour_utc: Record<string, number>;
    click_responsiveness_per_user: readonly number[];
    metrics: Record<string, string>;
    designed_effects: Record<
      'click' | 'purchase',
      { base: number; timing_evening: number; content_personalised: number; interaction: number }
    >;
    cells: Record<CellId, TruthCell>;
  };
  cart_abandonment: {
    definition: string;
    designed: Record<PersonaName, number>;
    designed_applies_to: string;
    realised: Record<
      PersonaName,
      { organic: TruthCartCounts; notification: TruthCartCounts; all: TruthCartCounts }
    >;
    total: TruthCartCounts;
  };
  totals: {
    users: number;
    events: number;
    events_by_type: { track: number; page: number; identify: number };
    /** Track events by `event`. */
    events_by_name: Record<string, number>;
    /** Page calls by `name`. */
    pages_by_name: Record<string, number>;
    sessions: number;
    sessions_by_kind: { organic: number; notification_clicked: number; notification_only: number };
    orders: number;
    revenue: number;
    first_event_at: string;
    last_event_at: string;
    date_range: { start: string; end: string };
  };
}

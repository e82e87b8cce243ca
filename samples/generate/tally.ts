/** Realised counts gathered while simulating, later written to truth.json. */
import { CELL_IDS, type CellId } from './experiment.ts';
import { PERSONA_NAMES, type PersonaName } from './personas.ts';

export interface CartCounts {
  /** Sessions with at least one Product Added. */
  sessions_with_add: number;
  /** Of those, sessions without Order Completed. */
  abandoned: number;
}

export interface PersonaCounts {
  users: number;
  events: number;
  sessions: number;
  orders: number;
  coupon_orders: number;
  revenue: number;
  churned: number;
  organic_cart: CartCounts;
  notification_cart: CartCounts;
}

export interface CellCounts {
  /** Users whose hash falls in the cell (all users). */
  assigned: number;
  /** Users who received at least one notification (and one Experiment Viewed). */
  exposed: number;
  notifications: number;
  clicks: number;
  /** Orders completed in sessions opened by a notification click. */
  orders: number;
  revenue: number;
  users_clicked: number;
  users_ordered: number;
}

/** A record with one entry per key, in key order. */
export function byKey<K extends string, V>(keys: readonly K[], value: (key: K) => V): Record<K, V> {
  return Object.fromEntries(keys.map((k) => [k, value(k)])) as Record<K, V>;
}

export type SessionKind = 'organic' | 'notification_clicked' | 'notification_only';

export class Tally {
  readonly personas: Record<PersonaName, PersonaCounts>;
  readonly cells: Record<CellId, CellCounts>;
  readonly sessions: Record<SessionKind, number> = {
    organic: 0,
    notification_clicked: 0,
    notification_only: 0,
  };

  constructor() {
    this.personas = byKey(PERSONA_NAMES, () => ({
      users: 0,
      events: 0,
      sessions: 0,
      orders: 0,
      coupon_orders: 0,
      revenue: 0,
      churned: 0,
      organic_cart: { sessions_with_add: 0, abandoned: 0 },
      notification_cart: { sessions_with_add: 0, abandoned: 0 },
    }));
    this.cells = byKey(CELL_IDS, () => ({
      assigned: 0,
      exposed: 0,
      notifications: 0,
      clicks: 0,
      orders: 0,
      revenue: 0,
      users_clicked: 0,
      users_ordered: 0,
    }));
  }
}

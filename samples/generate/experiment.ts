/**
 * The 2×2 notification experiment `notif_2x2`: timing {morning, evening} × content
 * {generic, personalised}, assigned by a salted hash of the user id.
 */
import { hash32 } from '../../engine/analysis/random.ts';

export const EXPERIMENT_ID = 'notif_2x2';
export const EXPERIMENT_NAME = 'Push notification timing x content';
/** Salt of the assignment hash: cell = CELLS[hash32(`${SALT}:${userId}`) % 4]. */
export const EXPERIMENT_SALT = 'notif_2x2/2026-05';

export const TIMINGS = ['morning', 'evening'] as const;
export type Timing = (typeof TIMINGS)[number];
export const CONTENTS = ['generic', 'personalised'] as const;
export type Content = (typeof CONTENTS)[number];

export interface Cell {
  readonly id: `${Timing}_${Content}`;
  readonly timing: Timing;
  readonly content: Content;
}

export const CELLS: readonly Cell[] = TIMINGS.flatMap((timing) =>
  CONTENTS.map((content) => ({ id: `${timing}_${content}` as const, timing, content })),
);
export type CellId = Cell['id'];
export const CELL_IDS: readonly CellId[] = CELLS.map((c) => c.id);

/**
 * Designed rates per delivered notification, additive on the probability scale:
 * rate(cell) = base + timing·[evening] + content·[personalised] + interaction·[evening ∧ personalised].
 * `click`: P(Notification Clicked | Notification Received);
 * `purchase`: P(Order Completed in the session the click opens | Notification Received).
 */
export const DESIGNED_EFFECTS = {
  click: { base: 0.08, timing_evening: 0.02, content_personalised: 0.04, interaction: 0.04 },
  purchase: { base: 0.01, timing_evening: 0.006, content_personalised: 0.01, interaction: -0.006 },
} as const;

/** Delivery hour (UTC) of each timing; the minute is uniform in the hour. */
export const DELIVERY_HOUR: Readonly<Record<Timing, number>> = { morning: 8, evening: 19 };

/** Mean notifications per active day once the experiment runs (users get none before). */
export const NOTIFICATIONS_PER_DAY = 0.3;

/**
 * Per-user responsiveness multiplies the click probability; it is independent of everything else
 * and has mean 1, so the per-cell expected click and purchase rates equal the designed ones.
 */
export const RESPONSIVENESS = [0.5, 1, 1.5] as const;

/** First day (0-based, from the window start) of the experiment. */
export function experimentStartDay(days: number): number {
  return Math.floor(days / 2);
}

/** Designed rate of one metric in one cell. */
export function designedRate(metric: keyof typeof DESIGNED_EFFECTS, cell: Cell): number {
  const e = DESIGNED_EFFECTS[metric];
  const evening = cell.timing === 'evening' ? 1 : 0;
  const personalised = cell.content === 'personalised' ? 1 : 0;
  const rate =
    e.base +
    e.timing_evening * evening +
    e.content_personalised * personalised +
    e.interaction * evening * personalised;
  return Math.round(rate * 1e6) / 1e6;
}

/** Deterministic cell of a user id (`u_000123`): salted hash modulo 4, in {@link CELLS} order. */
export function assignCell(userId: string): Cell {
  return CELLS[hash32(`${EXPERIMENT_SALT}:${userId}`) % CELLS.length] as Cell;
}

/**
 * One user's life from signup to churn (or the end of the window): daily session counts with
 * weekly seasonality, the experiment's notifications, and the churn hazard drawn every morning.
 */
import {
  dayStart,
  DAY_MS,
  HOUR_MS,
  MIN_SESSION_GAP_MS,
  MAX_SESSION_MS,
  MINUTE_MS,
  tick,
  timeOfDay,
  weekday,
  WEEKDAY_FACTOR,
  type Window,
} from './calendar.ts';
import type { Catalog } from './catalog.ts';
import { dailyHazard } from './churn.ts';
import {
  DELIVERY_HOUR,
  designedRate,
  EXPERIMENT_ID,
  EXPERIMENT_NAME,
  NOTIFICATIONS_PER_DAY,
} from './experiment.ts';
import type { MessageWriter } from './messages.ts';
import type { UserProfile } from './profile.ts';
import type { Rng } from '../../engine/analysis/random.ts';
import { SessionRunner, type SessionResult } from './session.ts';
import type { CellCounts, PersonaCounts, Tally } from './tally.ts';

/** Everything shared by all users of one run. */
export interface Simulation {
  readonly window: Window;
  readonly catalog: Catalog;
  readonly experimentStartDay: number;
  readonly writer: MessageWriter;
  readonly tally: Tally;
}

/** Session-rate boost in a user's first week (onboarding curiosity). */
export const FIRST_WEEK_BOOST = 1.3;
const MAX_CLICK_DELAY_MS = 25 * MINUTE_MS;

/**
 * Simulates one user and writes their messages; returns their churn day (the first silent day,
 * 0-based from the window start) or null if they are still active at the end of the window.
 * Draws come only from `rng`, the user's own stream.
 */
export function simulateUser(sim: Simulation, user: UserProfile, rng: Rng): number | null {
  return new UserLife(sim, user, rng).live();
}

/** The mutable state of one user's simulation. */
class UserLife {
  private readonly runner: SessionRunner;
  private readonly sessionsByDay: Uint16Array;
  private readonly persona: PersonaCounts;
  private readonly cell: CellCounts;
  /** Earliest time the next session may start (last event + the session gap). */
  private cursor = 0;
  private lastOrderDay = Number.NEGATIVE_INFINITY;
  private exposed = false;
  private clicked = false;
  private orderedFromNotification = false;

  constructor(
    private readonly sim: Simulation,
    private readonly user: UserProfile,
    private readonly rng: Rng,
  ) {
    this.runner = new SessionRunner(user, rng, sim.writer, sim.catalog);
    this.sessionsByDay = new Uint16Array(sim.window.days);
    this.persona = sim.tally.personas[user.persona];
    this.cell = sim.tally.cells[user.cell.id];
  }

  live(): number | null {
    const { sim, user, rng } = this;
    const { window, writer } = sim;
    const eventsBefore = writer.counts.total;
    writer.beginUser(user.number, user.id, user.anonymousId, user.context);
    writer.identify(user.signupMs, { ...user.traits, created_at: new Date(user.signupMs).toISOString() });
    this.organic(user.signupDay, user.signupMs + tick(rng) * 4);

    let churnDay: number | null = null;
    for (let day = user.signupDay; day < window.days; day++) {
      if (day > user.signupDay && this.churns(day)) {
        churnDay = day;
        break;
      }
      this.liveDay(day);
    }

    this.persona.users++;
    this.persona.events += writer.counts.total - eventsBefore;
    if (churnDay !== null) this.persona.churned++;
    this.cell.assigned++;
    if (this.clicked) this.cell.users_clicked++;
    if (this.orderedFromNotification) this.cell.users_ordered++;
    return churnDay;
  }

  /** The morning churn draw of `day` (see churn.ts). */
  private churns(day: number): boolean {
    let sessions7d = 0;
    for (let d = Math.max(0, day - 7); d < day; d++) sessions7d += this.sessionsByDay[d] ?? 0;
    const hazard = dailyHazard(this.user.persona, {
      sessions7d,
      purchased14d: this.lastOrderDay >= day - 14,
      firstWeek: day - this.user.signupDay < 7,
    });
    return this.rng.chance(hazard);
  }

  /**
   * One active day: Poisson organic sessions at times from the daily rhythm, maybe one
   * notification, played in time order; each starts no earlier than the cursor and is skipped
   * if it could run past midnight.
   */
  private liveDay(day: number): void {
    const { sim, user, rng } = this;
    const start = dayStart(sim.window, day);
    const end = start + DAY_MS;
    const rate =
      user.params.sessionsPerDay *
      (WEEKDAY_FACTOR[weekday(sim.window, day)] ?? 1) *
      user.activity *
      (day - user.signupDay < 7 ? FIRST_WEEK_BOOST : 1);
    const n = rng.poisson(rate);
    const notify = day >= sim.experimentStartDay && day > user.signupDay && rng.chance(NOTIFICATIONS_PER_DAY);
    if (n === 0 && !notify) return;

    const requests: { at: number; notification: boolean }[] = [];
    for (let i = 0; i < n; i++) requests.push({ at: start + timeOfDay(rng), notification: false });
    if (notify) {
      const at = start + DELIVERY_HOUR[user.cell.timing] * HOUR_MS + rng.int(HOUR_MS);
      requests.push({ at, notification: true });
    }
    requests.sort((a, b) => a.at - b.at);

    for (const request of requests) {
      const at = Math.max(request.at, this.cursor);
      const longest = MAX_SESSION_MS + (request.notification ? MAX_CLICK_DELAY_MS : 0);
      if (at + longest >= end) continue;
      if (request.notification) this.notification(day, at);
      else this.organic(day, at);
    }
  }

  /** An organic session starting at `at`. */
  private organic(day: number, at: number): void {
    this.sim.tally.sessions.organic++;
    this.account(day, this.runner.run(at, { kind: 'organic' }), false);
  }

  /**
   * A notification of the user's cell delivered at `at` (preceded by Experiment Viewed the first
   * time); clicked with the designed probability × the user's responsiveness, and the click's
   * session ends in an order with probability purchase rate / click rate.
   */
  private notification(day: number, at: number): void {
    const { sim, user, rng, runner, cell } = this;
    const { writer, tally } = sim;
    const { timing, content } = user.cell;
    if (!this.exposed) {
      this.exposed = true;
      cell.exposed++;
      writer.track(at, 'Experiment Viewed', {
        experiment_id: EXPERIMENT_ID,
        experiment_name: EXPERIMENT_NAME,
        variant_id: user.cell.id,
        timing,
        content,
      });
    }
    const category = content === 'personalised' ? user.topCategory : runner.category();
    const product = runner.product(category);
    const properties = {
      notification_id: `n_${user.number}_${day}`,
      campaign_id: EXPERIMENT_ID,
      variant_id: user.cell.id,
      timing,
      content,
      category,
      product_id: product.id,
    };
    const receivedAt = at + 50;
    writer.track(receivedAt, 'Notification Received', properties);
    cell.notifications++;

    const clickRate = designedRate('click', user.cell);
    if (!rng.chance(Math.min(1, clickRate * user.responsiveness))) {
      tally.sessions.notification_only++;
      this.cursor = receivedAt + MIN_SESSION_GAP_MS;
      return;
    }
    const delay = Math.min(MAX_CLICK_DELAY_MS, 20_000 + Math.round(rng.exponential(4 * MINUTE_MS)));
    writer.track(receivedAt + delay, 'Notification Clicked', properties);
    cell.clicks++;
    this.clicked = true;
    const convert = rng.chance(designedRate('purchase', user.cell) / clickRate);
    const r = runner.run(receivedAt + delay + tick(rng), { kind: 'notification', product, convert });
    tally.sessions.notification_clicked++;
    if (r.ordered) {
      cell.orders++;
      cell.revenue += r.revenue;
      this.orderedFromNotification = true;
    }
    this.account(day, r, true);
  }

  /** Counts a finished session and moves the cursor past it. */
  private account(day: number, r: SessionResult, fromNotification: boolean): void {
    const counts = this.persona;
    this.sessionsByDay[day] = (this.sessionsByDay[day] ?? 0) + 1;
    counts.sessions++;
    const cart = fromNotification ? counts.notification_cart : counts.organic_cart;
    if (r.added) {
      cart.sessions_with_add++;
      if (!r.ordered) cart.abandoned++;
    }
    if (r.ordered) {
      this.lastOrderDay = day;
      counts.orders++;
      counts.revenue += r.revenue;
      if (r.coupon) counts.coupon_orders++;
    }
    this.cursor = r.endMs + MIN_SESSION_GAP_MS;
  }
}

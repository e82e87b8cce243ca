/** Who a user is: ids, persona, signup, traits, device context and personal tastes. */
import { dayStart, DAY_MS, MAX_SESSION_MS, timeOfDay, type Window } from './calendar.ts';
import {
  CATEGORIES,
  COUNTRIES,
  OPERATING_SYSTEMS,
  type Category,
  type Country,
  type DeviceType,
  type Gender,
  type Plan,
} from './catalog.ts';
import { assignCell, RESPONSIVENESS, type Cell } from './experiment.ts';
import { PERSONAS, type PersonaName, type PersonaParams } from './personas.ts';
import { cumulative, pickKey, type Rng } from '../../engine/analysis/random.ts';

/** The `identify` traits (and the users.csv columns). No e-mail or other personal data. */
export interface Traits {
  readonly age: number;
  readonly gender: Gender;
  readonly country: Country;
  readonly device: DeviceType;
  readonly plan: Plan;
}

export interface UserProfile {
  /** 1-based user number; the id is `u_` + six digits. */
  readonly number: number;
  readonly id: string;
  readonly anonymousId: string;
  readonly persona: PersonaName;
  readonly params: PersonaParams;
  readonly signupDay: number;
  readonly signupMs: number;
  readonly cell: Cell;
  /** Multiplier (log-normal, mean 1) of the persona's session rate. */
  readonly activity: number;
  /** Multiplier (mean 1) of the experiment's click probability. */
  readonly responsiveness: number;
  /** Cumulative weights of this user's category mix (persona mix with personal noise). */
  readonly categoryMix: Float64Array;
  readonly topCategory: Category;
  readonly traits: Traits;
  readonly context: object;
}

/** Days at the end of the window in which the `new` persona signs up (30, or a quarter if shorter). */
export function recentDays(days: number): number {
  return Math.max(1, Math.min(30, Math.floor(days / 4)));
}

/** User id of a 1-based user number. */
export function userId(number: number): string {
  return `u_${String(number).padStart(6, '0')}`;
}

const COUNTRY_WEIGHTS = Object.fromEntries(
  Object.entries(COUNTRIES).map(([code, c]) => [code, c.weight]),
) as Record<Country, number>;
const GENDER_WEIGHTS: Record<Gender, number> = { female: 0.49, male: 0.48, other: 0.03 };

/** Draws a user's profile from their own random stream. */
export function makeProfile(number: number, persona: PersonaName, window: Window, rng: Rng): UserProfile {
  const params = PERSONAS[persona];
  const id = userId(number);

  const recent = recentDays(window.days);
  const spreadDays = Math.max(1, window.days - recent);
  const signupDay = params.signup === 'recent' ? window.days - recent + rng.int(recent) : rng.int(spreadDays);
  const latest = DAY_MS - MAX_SESSION_MS - 1;
  const signupMs = dayStart(window, signupDay) + Math.min(latest, timeOfDay(rng));

  const device = pickKey(rng, params.deviceWeights);
  const country = pickKey(rng, COUNTRY_WEIGHTS);
  const traits: Traits = {
    age: Math.round(Math.min(80, Math.max(16, params.age.mean + params.age.sd * rng.normal()))),
    gender: pickKey(rng, GENDER_WEIGHTS),
    country,
    device,
    plan: pickKey(rng, params.planWeights),
  };
  const context = {
    device: { type: device },
    os: { name: pickKey(rng, OPERATING_SYSTEMS[device]) },
    locale: COUNTRIES[country].locale,
  };

  const mix = CATEGORIES.map((c) => params.categoryWeights[c] * Math.exp(0.3 * rng.normal()));
  let top = 0;
  mix.forEach((w, i) => {
    if (w > (mix[top] ?? 0)) top = i;
  });

  return {
    number,
    id,
    anonymousId: uuid(rng),
    persona,
    params,
    signupDay,
    signupMs,
    cell: assignCell(id),
    activity: Math.exp(0.3 * rng.normal() - 0.045),
    responsiveness: RESPONSIVENESS[rng.int(RESPONSIVENESS.length)] ?? 1,
    categoryMix: cumulative(mix),
    topCategory: CATEGORIES[top] ?? 'books',
    traits,
    context,
  };
}

/** A version-4-shaped UUID from the seeded stream. */
function uuid(rng: Rng): string {
  const hex = (n: number) => n.toString(16).padStart(8, '0');
  const a = hex(rng.uint32());
  const b = hex(rng.uint32());
  const c = hex(rng.uint32());
  const d = hex(rng.uint32());
  const variant = '89ab'[rng.int(4)] ?? '8';
  return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${variant}${c.slice(1, 4)}-${c.slice(4)}${d}`;
}

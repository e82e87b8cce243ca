/**
 * The churn model: a discrete-time proportional hazard. At the start of every day d after the
 * signup day, a still-active user churns with probability
 *   h(d) = base × exp(β_persona + β_sessions·sessions_7d + β_purchase·purchased_14d + β_new·first_week)
 * and from then on produces no events (churn day = d, the first silent day).
 */
import { PERSONAS, type PersonaName } from './personas.ts';

export const CHURN_MODEL = {
  base: 0.007,
  beta: {
    /** Sessions the user started (organic or from a notification click) in days d−7 … d−1. */
    sessions_7d: -0.12,
    /** 1 if the user completed an order in days d−14 … d−1. */
    purchased_14d: -0.7,
    /** 1 if d − signup day < 7. */
    first_week: 1.0,
  },
} as const;

/** The features of the hazard on one day. */
export interface ChurnFeatures {
  sessions7d: number;
  purchased14d: boolean;
  firstWeek: boolean;
}

/** Daily churn probability (capped at 0.5) for a persona and the day's features. */
export function dailyHazard(persona: PersonaName, f: ChurnFeatures): number {
  const b = CHURN_MODEL.beta;
  const eta =
    PERSONAS[persona].churnLogHazard +
    b.sessions_7d * f.sessions7d +
    (f.purchased14d ? b.purchased_14d : 0) +
    (f.firstWeek ? b.first_week : 0);
  return Math.min(0.5, CHURN_MODEL.base * Math.exp(eta));
}

import type { FeatureContrast } from './profiles.ts';

interface Profiled {
  readonly segment: number;
  readonly contrasts: FeatureContrast[];
}

/** A phrase that a strong standardised difference on a feature earns, and how much it counts. */
interface Rule {
  readonly matches: (c: FeatureContrast) => boolean;
  readonly direction: 1 | -1;
  readonly phrase: (c: FeatureContrast, buys: boolean) => string;
  /** Behaviour says more about a segment than taste, and taste more than demographics. */
  readonly weight: number;
}

const feature =
  (...names: string[]) =>
  (c: FeatureContrast) =>
    names.includes(c.feature);
const share = (pattern: RegExp) => (c: FeatureContrast) =>
  c.feature.startsWith('event_share:') && pattern.test(c.feature.slice('event_share:'.length));
const contentShare = (c: FeatureContrast) =>
  /_share:/.test(c.feature) && !c.feature.startsWith('event_share:');

const RULES: readonly Rule[] = [
  { matches: feature('discount_share'), direction: 1, phrase: () => 'Discount seekers', weight: 1.3 },
  { matches: feature('tenure_days'), direction: -1, phrase: () => 'New users', weight: 1.3 },
  { matches: feature('purchases', 'revenue'), direction: 1, phrase: () => 'Frequent buyers', weight: 1.2 },
  {
    matches: feature('sessions_per_week', 'active_days', 'events_per_session', 'session_minutes', 'events'),
    direction: 1,
    phrase: () => 'Power users',
    weight: 1.1,
  },
  { matches: feature('recency_days'), direction: 1, phrase: () => 'Lapsing users', weight: 1.1 },
  {
    matches: feature('sessions_per_week', 'active_days', 'events'),
    direction: -1,
    phrase: () => 'Occasional visitors',
    weight: 1.2,
  },
  { matches: share(/search/i), direction: 1, phrase: () => 'Searchers', weight: 1 },
  { matches: feature('avg_price'), direction: -1, phrase: () => 'Bargain hunters', weight: 1 },
  { matches: feature('avg_price'), direction: 1, phrase: () => 'Premium shoppers', weight: 1 },
  {
    matches: contentShare,
    direction: 1,
    phrase: (c, buys) =>
      `${capitalise(c.feature.slice(c.feature.indexOf(':') + 1))} ${buys ? 'buyers' : 'browsers'}`,
    weight: 1,
  },
  { matches: share(/view|page|screen/i), direction: 1, phrase: () => 'Browsers', weight: 0.9 },
  { matches: feature('age'), direction: -1, phrase: () => 'Younger users', weight: 0.8 },
  { matches: feature('age'), direction: 1, phrase: () => 'Older users', weight: 0.8 },
];

/**
 * Descriptive names from the strongest standardised differences ("Discount seekers", "New users",
 * "Fashion browsers"): each segment takes the phrase of its highest-scoring rule (|d| × weight, d
 * at least 0.4); names that would repeat get their next phrase, else a number. Noise stays "Noise".
 */
export function nameSegments(profiles: readonly Profiled[]): string[] {
  const candidates = profiles.map((p) => (p.segment === -1 ? ['Noise'] : phrasesOf(p)));
  const names: string[] = [];
  const used = new Set<string>();
  candidates.forEach((list, i) => {
    const free = list.find((n) => !used.has(n));
    const name = free ?? (list[0] ? `${list[0]} ${i + 1}` : `Segment ${profiles[i]!.segment + 1}`);
    used.add(name);
    names.push(name);
  });
  return names;
}

function phrasesOf(p: Profiled): string[] {
  const buys = (p.contrasts.find((c) => c.feature === 'purchases')?.difference ?? 0) > 0.3;
  const scored: { phrase: string; score: number }[] = [];
  for (const c of p.contrasts) {
    const d = c.difference;
    if (d === null || Math.abs(d) < 0.4) continue;
    for (const rule of RULES) {
      if (Math.sign(d) !== rule.direction || !rule.matches(c)) continue;
      scored.push({ phrase: rule.phrase(c, buys), score: Math.abs(d) * rule.weight });
    }
  }
  scored.sort((a, b) => b.score - a.score);
  const phrases = [...new Set(scored.map((s) => s.phrase))];
  return phrases.length > 0 ? phrases : ['Typical users'];
}

function capitalise(s: string): string {
  return s.length > 0 ? s[0]!.toUpperCase() + s.slice(1) : s;
}

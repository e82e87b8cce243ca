import { ident, literal } from '../store/sql.ts';
import type { Workspace } from '../store/Workspace.ts';
import { asText } from '../store/jsonSafe.ts';

/** What one per-user feature means and how it is treated by default. */
export interface FeatureInfo {
  /** Column name in the feature table, e.g. `sessions_per_week`, `event_share:Page Viewed`. */
  readonly name: string;
  readonly label: string;
  readonly kind: 'numeric' | 'categorical';
  readonly group: 'behaviour' | 'content' | 'purchase' | 'demographic';
  /** Counts and durations with a long right tail: log1p is applied by default. */
  readonly heavyTailed: boolean;
  /** Part of the default selection. */
  readonly byDefault: boolean;
  readonly description: string;
}

export interface FeatureOptions {
  /** First day (inclusive, `YYYY-MM-DD`, UTC) of the window; default the first event's day. */
  readonly from?: string | undefined;
  /** Last day (inclusive, `YYYY-MM-DD`, UTC); default the last event's day. Recency and tenure are measured at its end. */
  readonly to?: string | undefined;
  /** Inactivity that ends a session, in minutes (default 30). */
  readonly sessionGapMinutes?: number | undefined;
  /** Events that are not user activity (regular expression on the event name). */
  readonly passiveEvents?: string | undefined;
  /** Property whose values describe content (auto: `category`, `genre`, `section`…); null for none. */
  readonly contentProperty?: string | null | undefined;
  /** How many of the most frequent activity events get a share-of-events feature (default 4). */
  readonly topEvents?: number | undefined;
  /** How many content values get a share feature (default 8). */
  readonly topContent?: number | undefined;
}

/** What the workspace offers for segmentation, with the settings actually used. */
export interface FeatureCatalog {
  readonly features: FeatureInfo[];
  readonly window: { readonly from: string; readonly to: string };
  readonly sessionGapMinutes: number;
  readonly passiveEvents: string;
  readonly contentProperty: string | null;
  readonly topEvents: string[];
  readonly topContent: string[];
  /** Properties found on events: price (→ average price) and coupon/discount (→ discount use). */
  readonly priceProperty: string | null;
  readonly discountProperties: string[];
  readonly userColumns: string[];
}

/** Identify calls, notifications and e-mails the user merely received, experiment exposures. */
export const DEFAULT_PASSIVE_EVENTS =
  '^\\$|(?i)(identify|received|delivered|\\bsent\\b|experiment viewed|exposure|impression)';
const CONTENT_CANDIDATES = ['category', 'content_category', 'product_category', 'genre', 'section', 'topic'];
const PRICE_CANDIDATES = ['price', 'unit_price', 'item_price'];
const DISCOUNT_CANDIDATES = ['coupon', 'coupon_id', 'coupon_code', 'discount', 'promo_code', 'voucher'];
const USER_CATEGORICALS = ['gender', 'country', 'device', 'plan'] as const;

const BASE: readonly FeatureInfo[] = [
  num(
    'sessions_per_week',
    'Sessions per week',
    'behaviour',
    true,
    true,
    'Sessions (30-minute rule) per week of the user’s time in the window',
  ),
  num('active_days', 'Active days', 'behaviour', true, true, 'Days with at least one activity event'),
  num(
    'events_per_session',
    'Events per session',
    'behaviour',
    true,
    true,
    'Mean activity events per session',
  ),
  num(
    'session_minutes',
    'Session length (min)',
    'behaviour',
    true,
    true,
    'Mean minutes from first to last event of a session',
  ),
  num(
    'recency_days',
    'Days since last seen',
    'behaviour',
    true,
    true,
    'Days from the last activity to the end of the window',
  ),
  num(
    'tenure_days',
    'Tenure (days)',
    'behaviour',
    true,
    true,
    'Days from sign-up (else first event) to the end of the window',
  ),
  num('events', 'Activity events', 'behaviour', true, false, 'Activity events in the window'),
  num('purchases', 'Purchases', 'purchase', true, true, 'Events with revenue'),
  num('revenue', 'Revenue', 'purchase', true, true, 'Sum of revenue'),
];

function num(
  name: string,
  label: string,
  group: FeatureInfo['group'],
  heavyTailed: boolean,
  byDefault: boolean,
  description: string,
): FeatureInfo {
  return { name, label, kind: 'numeric', group, heavyTailed, byDefault, description };
}

/**
 * Looks at the workspace and lists the per-user features it can offer: behaviour and purchases
 * always; shares of the top activity events; shares of a content property's values; average price
 * and discount use when those properties exist; demographics from `users`.
 */
export async function discoverFeatures(ws: Workspace, options: FeatureOptions = {}): Promise<FeatureCatalog> {
  const passive = options.passiveEvents ?? DEFAULT_PASSIVE_EVENTS;
  const window = await resolveWindow(ws, options);
  const inWindow = `ts >= ${literal(window.from)}::DATE AND ts < ${literal(window.to)}::DATE + INTERVAL 1 DAY`;
  const activity = `events WHERE ${inWindow} AND NOT regexp_matches(event, ${literal(passive)})`;

  const topEvents = (
    await ws.rows(
      `SELECT event FROM ${activity} GROUP BY event ORDER BY count(*) DESC, event LIMIT ${options.topEvents ?? 4}`,
    )
  ).map((r) => asText(r.event));

  const keys = new Set(
    (
      await ws.rows(
        `SELECT DISTINCT unnest(json_keys(properties)) AS k FROM (SELECT properties FROM ${activity} AND properties IS NOT NULL LIMIT 200000)`,
      )
    ).map((r) => asText(r.k)),
  );
  const contentProperty =
    options.contentProperty === undefined
      ? (CONTENT_CANDIDATES.find((k) => keys.has(k)) ?? null)
      : options.contentProperty;
  const topContent = contentProperty
    ? (
        await ws.rows(
          `SELECT v FROM (SELECT json_extract_string(properties, ${literal(`$.${jsonKey(contentProperty)}`)}) AS v FROM ${activity})
           WHERE v IS NOT NULL GROUP BY v ORDER BY count(*) DESC, v LIMIT ${options.topContent ?? 8}`,
        )
      ).map((r) => asText(r.v))
    : [];
  const priceProperty = PRICE_CANDIDATES.find((k) => keys.has(k)) ?? null;
  const discountProperties = DISCOUNT_CANDIDATES.filter((k) => keys.has(k));

  const profileCounts = (
    await ws.rows(
      `SELECT count(age) AS age, ${USER_CATEGORICALS.map((c) => `count(${ident(c)}) AS ${ident(c)}`).join(', ')} FROM users`,
    )
  )[0];
  const userColumns = ['age', ...USER_CATEGORICALS].filter((c) => Number(profileCounts?.[c] ?? 0) > 0);

  const features: FeatureInfo[] = [
    ...BASE,
    ...(priceProperty
      ? [
          num(
            'avg_price',
            'Average price seen',
            'purchase',
            false,
            true,
            `Mean of the "${priceProperty}" property`,
          ),
        ]
      : []),
    ...(discountProperties.length > 0
      ? [
          num(
            'discount_share',
            'Discounted purchases',
            'purchase',
            false,
            true,
            'Share of purchases with a coupon or discount',
          ),
        ]
      : []),
    ...topEvents.map((e) =>
      num(
        `event_share:${e}`,
        `Share of “${e}”`,
        'content',
        false,
        true,
        `Share of the user’s activity events that are “${e}”`,
      ),
    ),
    ...topContent.map((v) =>
      num(
        `${contentProperty}_share:${v}`,
        `${contentProperty}: ${v}`,
        'content',
        false,
        true,
        `Share of the user’s events whose ${contentProperty} is “${v}”`,
      ),
    ),
    ...userColumns.map((c): FeatureInfo =>
      c === 'age'
        ? num('age', 'Age', 'demographic', false, true, 'Age from the users table')
        : {
            name: c,
            label: c[0]!.toUpperCase() + c.slice(1),
            kind: 'categorical',
            group: 'demographic',
            heavyTailed: false,
            byDefault: false,
            description: `${c} from the users table (one-hot encoded)`,
          },
    ),
  ];
  return {
    features,
    window,
    sessionGapMinutes: options.sessionGapMinutes ?? 30,
    passiveEvents: passive,
    contentProperty: topContent.length > 0 ? contentProperty : null,
    topEvents,
    topContent,
    priceProperty,
    discountProperties,
    userColumns,
  };
}

async function resolveWindow(ws: Workspace, options: FeatureOptions): Promise<{ from: string; to: string }> {
  const r = (
    await ws.rows(
      `SELECT strftime(min(ts) AT TIME ZONE 'UTC', '%Y-%m-%d') AS first, strftime(max(ts) AT TIME ZONE 'UTC', '%Y-%m-%d') AS last FROM events`,
    )
  )[0];
  const from = options.from ?? (r?.first as string | null);
  const to = options.to ?? (r?.last as string | null);
  if (!from || !to) throw new SegmentInputError('the workspace has no events to build user features from');
  for (const [name, day] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day))
      throw new SegmentInputError(`--${name}: "${day}" is not a YYYY-MM-DD date`);
  }
  if (from > to) throw new SegmentInputError(`the window is empty: from ${from} is after to ${to}`);
  return { from, to };
}

/** A JSON path key, quoted when it is not a plain identifier. */
export function jsonKey(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? key : `"${key.replaceAll('"', '\\"')}"`;
}

/** Bad input to segmentation: the message names the option, feature or column. */
export class SegmentInputError extends Error {
  override name = 'SegmentInputError';
}

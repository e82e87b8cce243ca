import type { AuditContext } from './context.ts';
import { formatCount, formatShare, listSome, plural, shareOf } from './format.ts';
import type { Finding } from './types.ts';
import { firstRow, num, text } from './values.ts';

/** Above this share, ids probably do not match between the events and the users files. */
export const ID_MISMATCH_SHARE = 0.5;
/** Ages outside [13, 110] are implausible (13: the usual minimum age for an account). */
export const MIN_AGE = 13;
export const MAX_AGE = 110;
const EXAMPLES = 5;

/**
 * The users-table checks, run only when the users table has rows: `users_without_events`
 * and `implausible_ages` look at the profiles in scope (those loaded by the import when one is
 * given), `events_without_profile` at the events in scope. Each is compared with the whole other table.
 */
export async function userChecks(ctx: AuditContext): Promise<Finding[]> {
  const { ws, scope } = ctx;
  const allProfiles = num(await ws.value(`SELECT count(*) FROM users`));
  if (allProfiles === 0) return [];
  const profiles = num(await ws.value(`SELECT count(*) FROM users AS u WHERE ${scope.where('u')}`));
  const findings: Finding[] = [];
  if (profiles > 0) findings.push(await usersWithoutEvents(ctx, profiles));
  findings.push(await eventsWithoutProfile(ctx));
  if (profiles > 0) findings.push(await implausibleAges(ctx, profiles));
  return findings;
}

/**
 * `users_without_events`: profiles with no event at all (any import). Value: their count; details:
 * `profiles`, `share`, a few `examples`. Info, unless more than half the profiles have no events,
 * which usually means the ids differ in format between the two files (warning).
 */
async function usersWithoutEvents({ ws, scope }: AuditContext, profiles: number): Promise<Finding> {
  const rows = await ws.rows(`
    SELECT u.user_id, count(*) OVER () AS n FROM users AS u
    WHERE ${scope.where('u')} AND NOT EXISTS (SELECT 1 FROM events AS e WHERE e.user_id = u.user_id)
    ORDER BY u.user_id LIMIT ${EXAMPLES}`);
  const count = num(firstRow(rows).n);
  const share = shareOf(count, profiles);
  const examples = rows.map((r) => text(r.user_id) ?? '');
  const mismatch = share > ID_MISMATCH_SHARE;
  return {
    id: 'users_without_events',
    severity: mismatch ? 'warning' : 'info',
    value: count,
    message:
      `${plural(count, 'profile')} (${formatShare(share)} of ${formatCount(profiles)}) ${count === 1 ? 'has' : 'have'} no events` +
      (count > 0 ? ` (e.g. ${listSome(examples, 3)})` : ''),
    hint: mismatch
      ? 'Most profiles have no events: compare the user ids of both files (prefixes, case, leading zeros) and fix the mapping.'
      : 'Profiles without events are usually sign-ups who never came back; they count as inactive in churn analyses.',
    details: { profiles, share, examples },
  };
}

/**
 * `events_without_profile`: distinct user_ids in the events in scope with no row in `users`. Value:
 * their count; details: `users` (distinct user_ids in the events), `share`, `events` by those users,
 * `examples`. Info, warning above half: demographic segments cannot describe those users.
 */
async function eventsWithoutProfile({ ws, scope }: AuditContext): Promise<Finding> {
  const stats = firstRow(
    await ws.rows(`
      SELECT count(DISTINCT e.user_id) AS users,
             count(DISTINCT e.user_id) FILTER (WHERE u.user_id IS NULL) AS orphans,
             count(*) FILTER (WHERE u.user_id IS NULL) AS events
      FROM ${scope.events} AS e LEFT JOIN users AS u ON u.user_id = e.user_id
      WHERE e.user_id IS NOT NULL AND e.user_id <> ''`),
  );
  const examples = (
    await ws.rows(`
      SELECT DISTINCT e.user_id FROM ${scope.events} AS e
      WHERE e.user_id IS NOT NULL AND e.user_id <> ''
        AND NOT EXISTS (SELECT 1 FROM users AS u WHERE u.user_id = e.user_id)
      ORDER BY e.user_id LIMIT ${EXAMPLES}`)
  ).map((r) => text(r.user_id) ?? '');
  const users = num(stats.users);
  const count = num(stats.orphans);
  const events = num(stats.events);
  const share = shareOf(count, users);
  const mismatch = share > ID_MISMATCH_SHARE;
  return {
    id: 'events_without_profile',
    severity: mismatch ? 'warning' : 'info',
    value: count,
    message:
      `${plural(count, 'user')} (${formatShare(share)} of ${formatCount(users)} with a user_id) ` +
      `${count === 1 ? 'has' : 'have'} events but no profile` +
      (count > 0 ? ` (${plural(events, 'event')}; e.g. ${listSome(examples, 3)})` : ''),
    hint: mismatch
      ? 'Most event users have no profile: compare the user ids of both files (prefixes, case, leading zeros) or import the missing profiles.'
      : 'Users without a profile have no demographics; segments by age, country or plan leave them out.',
    details: { users, share, events, examples },
  };
}

/**
 * `implausible_ages`: profiles with an age below 13 or above 110. Value: their count; details:
 * `tooYoung`, `tooOld`, `missing` (no age), `profiles`. Warning when any: they are usually
 * placeholders (0, 999) or birth years typed as ages; treat them as missing.
 */
async function implausibleAges({ ws, scope }: AuditContext, profiles: number): Promise<Finding> {
  const row = firstRow(
    await ws.rows(`
      SELECT count(*) FILTER (WHERE u.age < ${MIN_AGE}) AS young,
             count(*) FILTER (WHERE u.age > ${MAX_AGE}) AS old,
             count(*) FILTER (WHERE u.age IS NULL OR isnan(u.age)) AS missing
      FROM users AS u WHERE ${scope.where('u')}`),
  );
  const tooYoung = num(row.young);
  const tooOld = num(row.old);
  const missing = num(row.missing);
  const count = tooYoung + tooOld;
  return {
    id: 'implausible_ages',
    severity: count > 0 ? 'warning' : 'info',
    value: count,
    message: `${plural(count, 'profile')} (${formatShare(shareOf(count, profiles))}) ${count === 1 ? 'has an age' : 'have ages'} outside ${MIN_AGE}-${MAX_AGE} (${formatCount(tooYoung)} below, ${formatCount(tooOld)} above); ${formatCount(missing)} without an age`,
    hint:
      count > 0
        ? 'Such ages are usually placeholders (0, 999) or birth years typed as ages: treat them as missing before segmenting by age.'
        : 'Ages are within a plausible range.',
    details: { profiles, tooYoung, tooOld, missing },
  };
}

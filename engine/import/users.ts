import type { Workspace } from '../store/Workspace.ts';

/** Typed profile columns of `users`, each read from the first trait key present (compared as written). */
export const traitPaths = {
  age: ['$.age', '$.Age'],
  gender: ['$.gender', '$.Gender', '$.sex', '$.Genre'],
  country: ['$.country', '$.Country', '$.address.country'],
  city: ['$.city', '$.City', '$.address.city'],
  device: ['$.device', '$.device_type', '$.platform'],
  plan: ['$.plan', '$.Plan', '$.tier', '$.Contract'],
  signup_at: ['$.signup_at', '$.createdAt', '$.created_at'],
} as const;

/**
 * Upserts profiles from `select`, which yields `user_id, age, gender, country, city, device, plan,
 * signup_at, traits` with one row per user. New values win; traits are merged key by key
 * (JSON merge patch), so a later file adds to a profile without erasing it. Returns the rows upserted.
 */
export async function upsertUsers(ws: Workspace, select: string, importId: number): Promise<number> {
  const keep = (c: string) => `${c} = coalesce(excluded.${c}, users.${c})`;
  const rows = await ws.rows(
    `INSERT INTO users (user_id, age, gender, country, city, device, plan, signup_at, traits, import_id, updated_at)
     SELECT user_id, age, gender, country, city, device, plan, signup_at, traits, ${importId}, now() FROM (${select})
     ON CONFLICT (user_id) DO UPDATE SET ${['age', 'gender', 'country', 'city', 'device', 'plan', 'signup_at'].map(keep).join(', ')},
       traits = json_merge_patch(coalesce(users.traits, '{}'), coalesce(excluded.traits, '{}')),
       import_id = excluded.import_id, updated_at = excluded.updated_at`,
  );
  return Number(rows[0]?.Count ?? 0);
}

/** A `select` for upsertUsers from a JSON traits expression per user (Segment identify, Amplitude user_properties). */
export function usersFromTraits(from: string, userId: string, traits: string): string {
  const first = (paths: readonly string[]) =>
    `coalesce(${paths.map((p) => `nullif(json_extract_string(t, '${p}'), '')`).join(', ')})`;
  return `SELECT u AS user_id, TRY_CAST(${first(traitPaths.age)} AS DOUBLE) AS age, ${first(traitPaths.gender)} AS gender,
      ${first(traitPaths.country)} AS country, ${first(traitPaths.city)} AS city, ${first(traitPaths.device)} AS device,
      ${first(traitPaths.plan)} AS plan, TRY_CAST(${first(traitPaths.signup_at)} AS TIMESTAMPTZ) AS signup_at, t AS traits
    FROM (SELECT ${userId} AS u, ${traits} AS t FROM ${from}) WHERE u IS NOT NULL AND t IS NOT NULL`;
}

/** Segment identify calls of one import, the latest traits per user. */
export function identifyTraits(importId: number): string {
  return usersFromTraits(
    `(SELECT user_id, arg_max(properties, ts) AS properties FROM events
       WHERE import_id = ${importId} AND event = '$identify' AND user_id IS NOT NULL GROUP BY user_id)`,
    'user_id',
    'properties',
  );
}

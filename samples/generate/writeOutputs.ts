/** Writes the three output files: gzip-streamed events, users.csv and truth.json. */
import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { constants, createGzip } from 'node:zlib';
import type { UserProfile } from './profile.ts';

/**
 * Streams NDJSON text chunks through gzip (level 1, the fastest) into `path`. The chunks are
 * pulled lazily, so at most a few chunks are in memory and the simulation pauses under backpressure.
 */
export async function writeGzipStream(path: string, chunks: Iterable<string>): Promise<void> {
  await pipeline(
    Readable.from(chunks),
    createGzip({ level: 1, memLevel: 9, strategy: constants.Z_DEFAULT_STRATEGY, chunkSize: 256 * 1024 }),
    createWriteStream(path),
  );
}

/** The users.csv header. */
export const USERS_CSV_HEADER = 'user_id,age,gender,country,device,plan,signup_at';

/** users.csv text: header and one row per profile, in the given order. Values never need quoting. */
export function usersCsv(profiles: readonly UserProfile[]): string {
  const lines = [USERS_CSV_HEADER];
  for (const u of profiles) {
    const t = u.traits;
    const signup = new Date(u.signupMs).toISOString();
    lines.push(`${u.id},${t.age},${t.gender},${t.country},${t.device},${t.plan},${signup}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Writes a text file (UTF-8). */
export async function writeText(path: string, text: string): Promise<void> {
  await writeFile(path, text, 'utf8');
}

/** JSON text with two-space indentation and a final newline. */
export function truthJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

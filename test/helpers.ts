import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { main } from '../engine/cli/main.ts';
import type { Io } from '../engine/cli/output.ts';
import { Workspace } from '../engine/store/Workspace.ts';

export const datasets = new URL('../../shared/datasets/', import.meta.url).pathname;

/** A fresh temporary directory, removed by `cleanup()`. */
export function tempDir(): {
  dir: string;
  file(name: string, content: string | Buffer, gzip?: boolean): string;
  cleanup(): void;
} {
  const dir = mkdtempSync(join(tmpdir(), 'engage-test-'));
  return {
    dir,
    file(name, content, gzip = false) {
      const path = join(dir, name);
      writeFileSync(path, gzip ? gzipSync(content) : content);
      return path;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Runs `engage …` in-process and captures what it prints. */
export async function engage(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: Io = { out: (t) => void (stdout += t), err: (t) => void (stderr += t), tty: false };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

/** Row counts of every table a failed import must leave untouched. */
export async function snapshot(ws: Workspace): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of ['events', 'users', 'imports', 'import_rejects'])
    out[t] = Number(await ws.value(`SELECT count(*) FROM ${t}`));
  return out;
}

export { Workspace };

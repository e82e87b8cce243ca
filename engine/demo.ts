import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { importFile } from './import/index.ts';
import { Workspace } from './store/Workspace.ts';

/** Bumped when the demo's generator options or import change, so that old demo workspaces are rebuilt. */
export const DEMO_VERSION = '2';

export interface DemoOptions {
  /** Where the demo lives; default `$ENGAGE_DEMO_DIR`, else the user's cache directory. */
  readonly dir?: string;
  readonly onProgress?: (fraction: number, message: string) => void;
}

export function defaultDemoDir(): string {
  const cache = process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache');
  return process.env.ENGAGE_DEMO_DIR ?? join(cache, 'engage-workbench', 'demo');
}

/**
 * The demo workspace, built once from the seeded sample generator and reused afterwards. It is
 * built under a temporary name and renamed when complete, so an interrupted build is never reused.
 */
export async function ensureDemoWorkspace(options: DemoOptions = {}): Promise<string> {
  const dir = options.dir ?? defaultDemoDir();
  const path = join(dir, 'demo.engage.duckdb');
  if (existsSync(path) && (await demoVersion(path)) === DEMO_VERSION) return path;
  mkdirSync(dir, { recursive: true });
  const report = options.onProgress ?? (() => undefined);
  const { generateSamples } = await import('../samples/generate/index.ts');
  const samples = await generateSamples({
    out: join(dir, 'exports'),
    onProgress: (f, m) => report(0.4 * f, m),
  });
  const building = join(dir, 'demo.building.duckdb');
  for (const f of [building, `${building}.wal`]) rmSync(f, { force: true });
  const ws = await Workspace.open(building);
  try {
    await importFile(ws, samples.files.users, { users: true });
    await importFile(ws, samples.files.events, {
      onProgress: (p) => report(0.4 + 0.6 * p.fraction, p.message),
    });
    await ws.run(`INSERT OR REPLACE INTO meta VALUES ('demo_version', $v)`, { v: DEMO_VERSION });
    await ws.run('CHECKPOINT');
  } finally {
    ws.close();
  }
  for (const f of [path, `${path}.wal`]) rmSync(f, { force: true });
  renameSync(building, path);
  report(1, 'Demo workspace ready');
  return path;
}

async function demoVersion(path: string): Promise<string | null> {
  try {
    const ws = await Workspace.open(path, { readOnly: true });
    try {
      return (await ws.value(`SELECT value FROM meta WHERE key = 'demo_version'`)) as string | null;
    } finally {
      ws.close();
    }
  } catch {
    return null;
  }
}

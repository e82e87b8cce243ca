import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

/** What a folder was last browsed for: importing files, or opening a workspace. */
export type BrowsePurpose = 'import' | 'workspace';

interface StateFile {
  workspaces: string[];
  dirs: Partial<Record<BrowsePurpose, string>>;
}

/**
 * The user's config folder for the workbench: `$XDG_CONFIG_HOME/engage-workbench` (default
 * `~/.config/engage-workbench`), `%APPDATA%\engage-workbench` on Windows,
 * `~/Library/Application Support/engage-workbench` on macOS.
 */
export function configDir(): string {
  if (process.platform === 'win32' && process.env.APPDATA)
    return join(process.env.APPDATA, 'engage-workbench');
  if (process.platform === 'darwin')
    return join(homedir(), 'Library', 'Application Support', 'engage-workbench');
  return join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'engage-workbench');
}

/** `$ENGAGE_RECENT_FILE` (tests set it), else `recent.json` in the config folder. */
export function defaultStateFile(): string {
  return process.env.ENGAGE_RECENT_FILE ?? join(configDir(), 'recent.json');
}

/**
 * What the app remembers between launches, in one small JSON file: recently opened workspaces
 * (newest first) and the last folder browsed for each purpose. Without a file (tests, a throwaway
 * engine) it is kept in memory only. A damaged file is treated as empty, never an error.
 */
export class AppState {
  private memory: StateFile = { workspaces: [], dirs: {} };

  constructor(
    private readonly file: string | null,
    private readonly keep = 10,
  ) {}

  /** Persistent state at `defaultStateFile()`. */
  static persistent(): AppState {
    return new AppState(defaultStateFile());
  }

  /** Recent workspaces that still exist, newest first. */
  recent(): string[] {
    return this.read().workspaces.filter((p) => existsSync(p));
  }

  /** Puts `path` first in the recent list; returns the list. */
  addRecent(path: string): string[] {
    const state = this.read();
    state.workspaces = [path, ...state.workspaces.filter((p) => p !== path)].slice(0, this.keep);
    this.write(state);
    return state.workspaces;
  }

  lastDir(purpose: BrowsePurpose): string | undefined {
    const dir = this.read().dirs[purpose];
    return dir && existsSync(dir) ? dir : undefined;
  }

  setLastDir(purpose: BrowsePurpose, dir: string): void {
    const state = this.read();
    if (state.dirs[purpose] === dir) return;
    state.dirs[purpose] = dir;
    this.write(state);
  }

  private read(): StateFile {
    if (this.file === null) return this.memory;
    try {
      const parsed = JSON.parse(readFileSync(this.file, 'utf8')) as unknown;
      // The first format was a bare array of workspace paths.
      if (Array.isArray(parsed)) return { workspaces: strings(parsed), dirs: {} };
      const o = (parsed ?? {}) as { workspaces?: unknown; dirs?: Record<string, unknown> };
      const dirs: StateFile['dirs'] = {};
      for (const k of ['import', 'workspace'] as const)
        if (typeof o.dirs?.[k] === 'string') dirs[k] = o.dirs[k];
      return { workspaces: strings(o.workspaces), dirs };
    } catch {
      return { workspaces: [], dirs: {} };
    }
  }

  private write(state: StateFile): void {
    if (this.file === null) {
      this.memory = state;
      return;
    }
    try {
      mkdirSync(dirname(this.file), { recursive: true });
      const temp = `${this.file}.${process.pid}.tmp`;
      writeFileSync(temp, JSON.stringify(state, null, 2));
      renameSync(temp, this.file);
    } catch {
      // Remembering is a convenience: a read-only config folder must not break opening a workspace.
    }
  }
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((p): p is string => typeof p === 'string') : [];
}

import { readdirSync, statSync, type Dirent } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import type { AppState, BrowsePurpose } from './appState.ts';
import { ApiError } from './errors.ts';

/** Files the importer reads: CSV/TSV/text, Parquet, JSON/NDJSON, and gzip of those. */
export const importableExtensions = ['csv', 'tsv', 'txt', 'parquet', 'json', 'ndjson', 'jsonl'] as const;

/** Whether a file name looks importable (`events.csv`, `export.ndjson.gz`). */
export function isImportable(name: string): boolean {
  const lower = name.toLowerCase().replace(/\.gz$/, '');
  return importableExtensions.some((ext) => lower.endsWith(`.${ext}`));
}

/** Whether a file name looks like a workspace (`acme.engage.duckdb`). */
export function isWorkspaceFile(name: string): boolean {
  return name.toLowerCase().endsWith('.duckdb');
}

export interface FileEntry {
  name: string;
  path: string;
  kind: 'dir' | 'file';
  size: number | null;
  mtime: string | null;
}

export interface FolderListing {
  dir: string;
  parent: string | null;
  home: string;
  sep: string;
  entries: FileEntry[];
  truncated: number;
}

const MAX_ENTRIES = 2000;

/**
 * A folder's entries for the in-app file browser: folders first, then the files that fit the
 * purpose, each sorted by name (case-insensitive). Hidden entries (a leading dot) only on request.
 * The folder becomes the purpose's last used folder.
 */
export function listFolder(
  state: AppState,
  input: { dir?: string | undefined; purpose?: BrowsePurpose | undefined; hidden?: boolean | undefined },
): FolderListing {
  const purpose = input.purpose ?? 'import';
  const home = homedir();
  const dir = resolve(input.dir ?? state.lastDir(purpose) ?? home);
  let dirents: Dirent[];
  try {
    dirents = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such folder'
        : code === 'ENOTDIR'
          ? 'not a folder'
          : code === 'EACCES' || code === 'EPERM'
            ? 'permission denied'
            : (error as Error).message;
    throw new ApiError('FileError', `${dir}: ${why}`);
  }
  const fits = purpose === 'workspace' ? isWorkspaceFile : isImportable;
  const entries: FileEntry[] = [];
  for (const d of dirents) {
    if (!input.hidden && d.name.startsWith('.')) continue;
    const path = join(dir, d.name);
    let kind: 'dir' | 'file' | null = d.isDirectory() ? 'dir' : d.isFile() ? 'file' : null;
    let size: number | null = null;
    let mtime: string | null = null;
    try {
      // Follows symbolic links: a link to a folder is browsed like a folder.
      const s = statSync(path);
      kind = s.isDirectory() ? 'dir' : s.isFile() ? 'file' : null;
      size = kind === 'file' ? s.size : null;
      mtime = s.mtime.toISOString();
    } catch {
      // A dangling link or an unreadable entry: listed with what the folder itself says.
    }
    if (kind === null || (kind === 'file' && !fits(d.name))) continue;
    entries.push({ name: d.name, path, kind, size, mtime });
  }
  const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });
  entries.sort((a, b) => (a.kind === b.kind ? collator.compare(a.name, b.name) : a.kind === 'dir' ? -1 : 1));
  if (input.dir !== undefined) state.setLastDir(purpose, dir);
  const parent = dirname(dir);
  return {
    dir,
    parent: parent === dir ? null : parent,
    home,
    sep,
    entries: entries.slice(0, MAX_ENTRIES),
    truncated: Math.max(0, entries.length - MAX_ENTRIES),
  };
}

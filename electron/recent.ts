import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Recently opened workspaces, newest first, kept in a small JSON file in the app's data folder. */
export class RecentWorkspaces {
  constructor(
    private readonly file: string,
    private readonly keep = 10,
  ) {}

  list(): string[] {
    try {
      const paths = JSON.parse(readFileSync(this.file, 'utf8')) as unknown;
      return Array.isArray(paths)
        ? paths.filter((p): p is string => typeof p === 'string' && existsSync(p))
        : [];
    } catch {
      return [];
    }
  }

  add(path: string): string[] {
    const paths = [path, ...this.list().filter((p) => p !== path)].slice(0, this.keep);
    mkdirSync(dirname(this.file), { recursive: true });
    writeFileSync(this.file, JSON.stringify(paths, null, 2));
    return paths;
  }
}

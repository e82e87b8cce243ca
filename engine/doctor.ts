import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { DuckDBInstance } from '@duckdb/node-api';
import { loadTf } from './ml/backend.ts';

export interface DoctorReport {
  readonly engage: string;
  readonly node: string;
  readonly platform: string;
  readonly duckdb: string;
  readonly tensorflow: {
    readonly backend: string;
    readonly package: string;
    readonly version: string;
    readonly note: string | null;
  };
  readonly electron: {
    readonly installed: boolean;
    readonly version: string | null;
    readonly binary: string | null;
    readonly note: string;
  };
}

const require = createRequire(import.meta.url);

/** What this machine runs the engine with: versions, the ML backend in use, and whether Electron can start. */
export async function doctor(): Promise<DoctorReport> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const duckdb = String((await connection.runAndReadAll('SELECT version()')).getRows()[0]?.[0] ?? 'unknown');
  connection.closeSync();
  instance.closeSync();
  const tf = await loadTf();
  return {
    engage: packageVersion(),
    node: process.versions.node,
    platform: `${process.platform}-${process.arch}`,
    duckdb,
    tensorflow: {
      backend: tf.name,
      package: tf.package,
      version: tf.version,
      note: tf.fallbackReason ?? null,
    },
    electron: electronStatus(),
  };
}

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

/** The electron package exports the binary's path; the binary itself is absent when its download was skipped. */
export function electronStatus(): DoctorReport['electron'] {
  let version: string | null = null;
  try {
    version = (require('electron/package.json') as { version: string }).version;
  } catch {
    return {
      installed: false,
      version: null,
      binary: null,
      note: 'the electron package is not installed; use `npm run web`',
    };
  }
  try {
    const binary = require('electron') as unknown;
    if (typeof binary === 'string' && existsSync(binary))
      return { installed: true, version, binary, note: 'ready' };
  } catch {
    // Falls through: the package is there but its binary download was skipped or failed.
  }
  return {
    installed: false,
    version,
    binary: null,
    note: 'no Electron binary (installed with ELECTRON_SKIP_BINARY_DOWNLOAD); the browser mode `npm run web` works without it',
  };
}

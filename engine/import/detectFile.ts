import { createHash } from 'node:crypto';
import { isUtf8 } from 'node:buffer';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { gunzipSync, constants as zlibConstants } from 'node:zlib';
import { ImportError } from './errors.ts';

export type FileFormat = 'csv' | 'tsv' | 'parquet' | 'json' | 'ndjson';
export type Compression = 'gzip' | 'none';
export type Encoding = 'utf-8' | 'latin-1';

export interface DetectedFile {
  readonly path: string;
  readonly bytes: number;
  readonly format: FileFormat;
  readonly compression: Compression;
  /** From the first bytes; a later invalid byte switches to latin-1 at import time. */
  readonly encoding: Encoding;
  /** Size, and SHA-256 of the first and last MiB: identifies a file without reading all of it. */
  readonly fingerprint: string;
  /** Decompressed head of the file (at most 256 KiB), for sniffing. */
  readonly head: Buffer;
}

const HEAD_BYTES = 256 * 1024;
const MIB = 1024 * 1024;

/**
 * Looks at a file before DuckDB reads it: it exists and is readable, it is not empty, what format and
 * compression it has (by extension, then by content), and whether its text is UTF-8.
 */
export function detectFile(path: string, formatOverride?: FileFormat | 'auto'): DetectedFile {
  let bytes: number;
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) throw new ImportError(path, 'is a directory, not a file');
    bytes = stat.size;
  } catch (error) {
    if (error instanceof ImportError) throw error;
    throw new ImportError(path, describeFsError(error));
  }
  if (bytes === 0) throw new ImportError(path, 'the file is empty (0 bytes)');

  const { head: rawHead, tail } = readEnds(path, bytes);
  const compression: Compression = rawHead[0] === 0x1f && rawHead[1] === 0x8b ? 'gzip' : 'none';
  const head = compression === 'gzip' ? gunzipHead(path, rawHead) : rawHead.subarray(0, HEAD_BYTES);
  if (head.length === 0) throw new ImportError(path, 'the file is empty once decompressed');

  const format =
    formatOverride && formatOverride !== 'auto'
      ? formatOverride
      : (formatFromName(path) ?? formatFromContent(path, head));
  if (format !== 'parquet' && looksBinary(head)) {
    throw new ImportError(
      path,
      `does not look like ${format.toUpperCase()} text (binary content in the first bytes)`,
    );
  }
  if (format === 'parquet' && head.subarray(0, 4).toString('latin1') !== 'PAR1') {
    throw new ImportError(path, 'is not a Parquet file (no PAR1 magic bytes)');
  }
  const whole = compression === 'none' && bytes <= HEAD_BYTES;
  const encoding: Encoding = format === 'parquet' || isUtf8Prefix(head, whole) ? 'utf-8' : 'latin-1';
  const fingerprint = createHash('sha256').update(String(bytes)).update(rawHead).update(tail).digest('hex');
  return { path, bytes, format, compression, encoding, fingerprint, head };
}

function readEnds(path: string, bytes: number): { head: Buffer; tail: Buffer } {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw new ImportError(path, describeFsError(error));
  }
  try {
    const head = Buffer.alloc(Math.min(bytes, MIB));
    readSync(fd, head, 0, head.length, 0);
    const tail = Buffer.alloc(Math.min(bytes, MIB));
    readSync(fd, tail, 0, tail.length, Math.max(0, bytes - tail.length));
    return { head, tail };
  } catch (error) {
    throw new ImportError(path, describeFsError(error));
  } finally {
    closeSync(fd);
  }
}

function gunzipHead(path: string, compressed: Buffer): Buffer {
  try {
    // Z_SYNC_FLUSH lets a partial stream (we read only its first MiB) decompress without an error.
    return gunzipSync(compressed, { finishFlush: zlibConstants.Z_SYNC_FLUSH }).subarray(0, HEAD_BYTES);
  } catch (error) {
    throw new ImportError(path, `corrupt gzip data: ${(error as Error).message}`);
  }
}

/** The format named by the file's extension, ignoring a trailing `.gz`. */
export function formatFromName(path: string): FileFormat | undefined {
  const name = path.toLowerCase().replace(/\.(gz|gzip)$/, '');
  if (name.endsWith('.csv') || name.endsWith('.txt')) return 'csv';
  if (name.endsWith('.tsv') || name.endsWith('.tab')) return 'tsv';
  if (name.endsWith('.parquet') || name.endsWith('.pq')) return 'parquet';
  if (name.endsWith('.ndjson') || name.endsWith('.jsonl')) return 'ndjson';
  if (name.endsWith('.json')) return 'json';
  return undefined;
}

function formatFromContent(path: string, head: Buffer): FileFormat {
  if (head.subarray(0, 4).toString('latin1') === 'PAR1') return 'parquet';
  const text = head
    .subarray(0, 4096)
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (text.startsWith('[')) return 'json';
  if (text.startsWith('{')) return /^\{[^\n]*\}\s*\n\s*\{/.test(text) ? 'ndjson' : 'json';
  if (looksBinary(head)) throw new ImportError(path, 'unrecognised file format (binary content)');
  const firstLine = text.split('\n', 1)[0] ?? '';
  return firstLine.split('\t').length > firstLine.split(',').length ? 'tsv' : 'csv';
}

/** NUL bytes or many control characters in the first 8 KiB: not a text export. */
function looksBinary(head: Buffer): boolean {
  const sample = head.subarray(0, 8192);
  let control = 0;
  for (const byte of sample) {
    if (byte === 0) return true;
    if (byte < 9 || (byte > 13 && byte < 32)) control++;
  }
  return control > sample.length * 0.1;
}

/** UTF-8 validity of a prefix, forgiving a multi-byte character cut at its end. */
function isUtf8Prefix(buffer: Buffer, whole: boolean): boolean {
  for (let cut = 0; cut < (whole ? 1 : 4) && cut < buffer.length; cut++) {
    if (isUtf8(buffer.subarray(0, buffer.length - cut))) return true;
  }
  return false;
}

export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied (the file is not readable)';
    case 'EISDIR':
      return 'is a directory, not a file';
    default:
      return (error as Error | undefined)?.message ?? String(error);
  }
}

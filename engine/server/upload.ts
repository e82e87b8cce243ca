import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance } from 'fastify';
import type { ApiHost } from '../api/events.ts';
import { importableExtensions, isImportable } from '../api/files.ts';
import { HttpError } from './calls.ts';

/** The route that receives a file for import in browser mode. */
export const uploadPath = '/api/upload';

/** Largest upload by default: 8 GiB (exports are big; the disk is the limit that matters). */
export const defaultUploadLimit = 8 * 1024 ** 3;

/**
 * `PUT /api/upload?name=events.csv` with the file as the body: browser mode's way to import a file
 * the page cannot name by path (drag and drop, a file chooser). The body is streamed to a staging
 * folder next to the current workspace, counted against its own size limit (413 past it), under a
 * plain, sanitised name that can never leave that folder, then renamed into place; the reply is
 * `{ok: true, result: {path, name, bytes}}` and the page imports `path` like any other file. The
 * guard's Host, Origin and token checks apply as to every request.
 */
export function registerUpload(app: FastifyInstance, options: { engine: ApiHost; limit: number }): void {
  const { engine, limit } = options;
  void app.register((scope, _options, done) => {
    // The body is a file, not JSON: this route reads the raw stream itself.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
    scope.put(uploadPath, { bodyLimit: Number.MAX_SAFE_INTEGER }, async (request, reply) => {
      const name = uploadName((request.query as Record<string, unknown>).name);
      const declared = Number(request.headers['content-length'] ?? Number.NaN);
      if (declared > limit) {
        reply.header('connection', 'close');
        throw tooLarge(limit);
      }
      const dir = resolve(engine.uploadDir());
      mkdirSync(dir, { recursive: true });
      const target = freePath(dir, name);
      const part = join(dir, `.${basename(target)}.${randomBytes(4).toString('hex')}.part`);
      let bytes = 0;
      const counter = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          bytes += chunk.length;
          if (bytes > limit) done(tooLarge(limit));
          else done(null, chunk);
        },
      });
      try {
        await pipeline(request.raw, counter, createWriteStream(part, { flags: 'wx' }));
        renameSync(part, target);
      } catch (error) {
        rmSync(part, { force: true });
        if (error instanceof HttpError) {
          reply.header('connection', 'close');
          throw error;
        }
        throw new HttpError(
          400,
          'UploadFailed',
          `the upload of ${name} did not complete: ${(error as Error).message}`,
        );
      }
      return reply.send({ ok: true, result: { path: target, name: basename(target), bytes } });
    });
    done();
  });
}

function tooLarge(limit: number): HttpError {
  return new HttpError(
    413,
    'PayloadTooLarge',
    `the file is larger than the upload limit of ${sizeText(limit)}: import it by its path on this computer instead (Browse…)`,
  );
}

/**
 * A plain file name for the staging folder: no folder parts, no leading dot, no control characters,
 * an importable extension; other unusual characters become `_`. Anything else is a 400.
 */
export function uploadName(raw: unknown): string {
  if (typeof raw !== 'string' || raw.trim() === '')
    throw new HttpError(400, 'BadRequest', 'name the file: PUT /api/upload?name=events.csv');
  const name = raw.trim();
  // eslint-disable-next-line no-control-regex
  if (/[/\\\u0000-\u001f\u007f]/.test(name) || name.startsWith('.') || name.length > 200)
    throw new HttpError(
      400,
      'BadRequest',
      `"${name.replace(/[\u0000-\u001f\u007f]/g, '?')}" is not a plain file name (no folders, no leading dot)`, // eslint-disable-line no-control-regex
    );
  if (!isImportable(name))
    throw new HttpError(
      400,
      'BadRequest',
      `${name}: only ${importableExtensions.join(', ')} files (optionally .gz) can be imported`,
    );
  return name.replace(/[^\p{L}\p{N} ._()+-]/gu, '_');
}

/** `dir/name`, or `dir/name (2).csv` … when taken; always inside `dir`. */
function freePath(dir: string, name: string): string {
  const match = /^(.*?)((?:\.[A-Za-z0-9]+){1,2})$/.exec(name);
  const stem = match?.[1] || name;
  const ext = match?.[1] ? (match[2] ?? '') : '';
  for (let n = 1; ; n++) {
    const candidate = resolve(dir, n === 1 ? name : `${stem} (${n})${ext}`);
    if (dirname(candidate) !== dir)
      throw new HttpError(400, 'BadRequest', `${name} is not a plain file name`);
    if (!existsSync(candidate)) return candidate;
  }
}

function sizeText(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${Number(value.toPrecision(3))} ${units[unit]}`;
}

// Helpers for the browser-mode server tests: raw requests with exact headers, calls, sockets.
import { request as httpRequest, type OutgoingHttpHeaders } from 'node:http';
import WebSocket from 'ws';
import { Engine } from '../../engine/api/Engine.ts';
import { startServer, type RunningServer, type ServerOptions } from '../../engine/server/startServer.ts';
import { Workspace } from '../helpers.ts';

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: { ok?: boolean; result?: unknown; error?: { name: string; message: string } };
}

/** A request with exactly these headers (fetch will not send a foreign Host). */
export function raw(
  server: RunningServer,
  path: string,
  headers: OutgoingHttpHeaders,
  method = 'GET',
  body?: string | Buffer,
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port: server.port, path, method, headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: Reply['json'] = {};
          try {
            json = JSON.parse(text) as Reply['json'];
          } catch {
            // not JSON (static files, the plain-text page)
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export const bearer = (server: RunningServer) => ({ authorization: `Bearer ${server.token}` });

/** `POST /api/call` through fetch. */
export async function call(server: RunningServer, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.origin}/api/call`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...bearer(server), ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Reply['json'] };
}

/** A socket that records every message; `next(pred)` waits for one that matches. */
export function socket(
  server: RunningServer,
  options: WebSocket.ClientOptions = {},
  query = `?token=${server.token}`,
) {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/events${query}`, options);
  const messages: Record<string, unknown>[] = [];
  const waiters: {
    pred: (m: Record<string, unknown>) => boolean;
    resolve: (m: Record<string, unknown>) => void;
  }[] = [];
  ws.on('message', (data: Buffer) => {
    const m = JSON.parse(data.toString('utf8')) as Record<string, unknown>;
    messages.push(m);
    for (const w of [...waiters])
      if (w.pred(m)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
  });
  return {
    ws,
    messages,
    open: () =>
      new Promise<void>((resolve, reject) => {
        ws.once('open', () => resolve());
        ws.once('error', reject);
      }),
    next: (pred: (m: Record<string, unknown>) => boolean, ms = 15_000) =>
      new Promise<Record<string, unknown>>((resolve, reject) => {
        const seen = messages.find(pred);
        if (seen) return resolve(seen);
        const timer = setTimeout(() => reject(new Error('no such message in time')), ms);
        waiters.push({
          pred,
          resolve: (m) => {
            clearTimeout(timer);
            resolve(m);
          },
        });
      }),
    close: () =>
      new Promise<void>((resolve) => {
        if (ws.readyState === WebSocket.CLOSED) return resolve();
        ws.once('close', () => resolve());
        ws.close();
      }),
  };
}

/** The status of a refused upgrade (the socket must not open). */
export function refusedUpgrade(
  server: RunningServer,
  options: WebSocket.ClientOptions,
  query?: string,
): Promise<number> {
  const s = socket(server, options, query);
  return new Promise((resolve, reject) => {
    s.ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      s.ws.terminate();
    });
    s.ws.once('open', () => {
      s.ws.terminate();
      reject(new Error('the upgrade succeeded'));
    });
    s.ws.once('error', () => undefined);
  });
}

export async function withServer(options: Partial<ServerOptions> = {}) {
  const ws = await Workspace.memory();
  const server = await startServer({ engine: new Engine(ws), ...options });
  return {
    ws,
    server,
    close: async () => {
      await server.close();
      ws.close();
    },
  };
}

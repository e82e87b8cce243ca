import type { AddressInfo } from 'node:net';
import { fastifyWebsocket } from '@fastify/websocket';
import { fastify } from 'fastify';
import type { ApiHost } from '../api/events.ts';
import { toJson } from './calls.ts';
import { closeSockets, registerEvents } from './events.ts';
import { guard } from './guard.ts';
import { registerRenderer } from './renderer.ts';
import { registerRoutes } from './routes.ts';
import { checkToken, newToken } from './security.ts';
import { defaultUploadLimit, registerUpload } from './upload.ts';

export interface ServerOptions {
  readonly engine: ApiHost;
  /** The only address it binds; never a public interface. */
  readonly host?: '127.0.0.1';
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  /** The built renderer, served at `/` when it holds an `index.html`. */
  readonly staticDir?: string;
  /** Default: 32 random bytes, base64url. At least 16 characters from A-Z a-z 0-9 . _ ~ -. */
  readonly token?: string;
  /** Largest request body and WebSocket message, in bytes; default 8 MiB. */
  readonly bodyLimit?: number;
  /** Largest file accepted by `PUT /api/upload`, in bytes; default 8 GiB. */
  readonly uploadLimit?: number;
}

export interface RunningServer {
  /** What to open in a browser: `http://127.0.0.1:PORT/?token=…`. */
  readonly url: string;
  /** `http://127.0.0.1:PORT`. */
  readonly origin: string;
  readonly port: number;
  readonly token: string;
  /** Closes every socket and connection, then the listener. Safe to call twice. */
  close(): Promise<void>;
}

export const defaultBodyLimit = 8 * 1024 * 1024;

/**
 * Browser mode: the engine over HTTP and a WebSocket, bound to 127.0.0.1, behind a per-launch token
 * and Host/Origin checks, with the built renderer served from the same origin.
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const token = options.token === undefined ? newToken() : checkToken(options.token);
  const bodyLimit = options.bodyLimit ?? defaultBodyLimit;
  const host = options.host ?? '127.0.0.1';
  // Until the listener has its port, no Host header matches, so every request is refused.
  let port = -1;

  const app = fastify({ logger: false, bodyLimit, forceCloseConnections: true });
  app.setReplySerializer((payload) => toJson(payload));
  await app.register(fastifyWebsocket, {
    options: { maxPayload: bodyLimit },
    preClose: (done) => closeSockets(app.websocketServer, done),
  });
  // After the plugin's own hook (which only marks upgrades) and before every route.
  app.addHook(
    'onRequest',
    guard(token, () => port),
  );
  const stopEvents = registerEvents(app, options.engine);
  registerRoutes(app, { engine: options.engine, bodyLimit });
  registerUpload(app, { engine: options.engine, limit: options.uploadLimit ?? defaultUploadLimit });
  await registerRenderer(app, options.staticDir);

  try {
    await app.listen({ host, port: options.port ?? 0 });
  } catch (error) {
    stopEvents();
    await app.close();
    throw error;
  }
  port = (app.server.address() as AddressInfo).port;
  const origin = `http://${host}:${port}`;
  let closing: Promise<void> | undefined;
  return {
    url: `${origin}/?token=${encodeURIComponent(token)}`,
    origin,
    port,
    token,
    close() {
      closing ??= (async () => {
        stopEvents();
        await app.close();
      })();
      return closing;
    },
  };
}

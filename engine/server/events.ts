import type { FastifyInstance } from 'fastify';
import type { RawData, WebSocket, WebSocketServer } from 'ws';
import { toWireError } from '../api/errors.ts';
import type { ApiHost, EngineEvent } from '../api/events.ts';
import { HttpError, parseCall, runCall, toJson } from './calls.ts';

/** The WebSocket's path. */
export const eventsPath = '/api/events';

/**
 * `GET /api/events` as a WebSocket (the guard has checked Host, Origin and token by then). The server
 * pushes every engine event as a JSON text message (`{"type":"job","job":…}`); a client may also send
 * `{"type":"call","id":n,"method":…,"input":…}` and gets `{"type":"result","id":n,"ok":…,"result"|"error":…}`.
 * One listener on the engine fans out to all sockets. Returns a function that stops listening.
 */
export function registerEvents(app: FastifyInstance, engine: ApiHost): () => void {
  const sockets = new Set<WebSocket>();
  const onEvent = (event: EngineEvent) => {
    const text = toJson(event);
    for (const socket of sockets) if (socket.readyState === socket.OPEN) socket.send(text);
  };
  engine.events.on('event', onEvent);

  app.get(
    eventsPath,
    {
      websocket: true,
      // A plain GET (no upgrade) is told what this path is.
      onRequest: async (request, reply) =>
        request.ws
          ? undefined
          : reply
              .code(426)
              .header('upgrade', 'websocket')
              .send({
                ok: false,
                error: {
                  name: 'UpgradeRequired',
                  message: `${eventsPath} is a WebSocket: connect with ws://…${eventsPath}`,
                },
              }),
    },
    (socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('message', (data, isBinary) => void answer(engine, socket, data, isBinary));
    },
  );
  return () => {
    engine.events.off('event', onEvent);
    sockets.clear();
  };
}

/**
 * Closes every socket (1001, going away) and the WebSocket server; a socket that does not finish the
 * closing handshake within a second is cut, so that `close()` never hangs on a silent client.
 */
export function closeSockets(wss: WebSocketServer, done: () => void): void {
  for (const client of wss.clients) {
    client.close(1001, 'server closing');
    setTimeout(() => client.terminate(), 1000).unref();
  }
  wss.close(() => done());
}

async function answer(engine: ApiHost, socket: WebSocket, data: RawData, isBinary: boolean): Promise<void> {
  let id: number | string | null = null;
  let reply: Record<string, unknown>;
  try {
    if (isBinary) throw new HttpError(400, 'BadRequest', 'send calls as JSON text messages');
    let message: unknown;
    try {
      message = JSON.parse(text(data));
    } catch {
      throw new HttpError(400, 'BadRequest', 'the message is not valid JSON');
    }
    const record =
      typeof message === 'object' && message !== null ? (message as Record<string, unknown>) : {};
    if (typeof record.id === 'number' || typeof record.id === 'string') id = record.id;
    if (record.type !== 'call' || id === null)
      throw new HttpError(
        400,
        'BadRequest',
        'a socket message must be {"type":"call","id":number|string,"method":string,"input"?:…}',
      );
    const outcome = await runCall(engine, parseCall(record, ['type', 'id']));
    reply = { type: 'result', id, ...outcome.body };
  } catch (error) {
    reply = { type: 'result', id, ok: false, error: toWireError(error) };
  }
  if (socket.readyState === socket.OPEN) socket.send(toJson(reply));
}

function text(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data).toString('utf8');
}

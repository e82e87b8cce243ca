import type { EngineClient, EngineEvent, Input, Method, Output, Uploaded } from './EngineClient.ts';
import { EngineError } from './EngineClient.ts';

type Reply<M extends Method> =
  | { ok: true; result: Output<M> }
  | { ok: false; error: { name: string; message: string; details?: unknown } };

/**
 * Browser mode: `POST /api/call` for calls (authenticated by the server's HttpOnly cookie) and a
 * WebSocket on `/api/events?token=…` for pushed events, reconnecting with a growing delay.
 */
export function createHttpClient(origin: string, token: string | null): EngineClient {
  const listeners = new Set<(event: EngineEvent) => void>();
  let socket: WebSocket | null = null;
  let retry = 500;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let connectedBefore = false;

  function connect(): void {
    if (socket || listeners.size === 0) return;
    const url = new URL('/api/events', origin);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    if (token) url.searchParams.set('token', token);
    const ws = new WebSocket(url);
    socket = ws;
    ws.onopen = () => {
      retry = 500;
      if (!connectedBefore) connectedBefore = true;
      else for (const listener of listeners) listener({ type: 'reconnected' });
    };
    ws.onmessage = (message: MessageEvent<unknown>) => {
      if (typeof message.data !== 'string') return;
      let event: EngineEvent;
      try {
        event = JSON.parse(message.data) as EngineEvent;
      } catch {
        return;
      }
      for (const listener of listeners) listener(event);
    };
    ws.onclose = () => {
      socket = null;
      if (listeners.size === 0) return;
      timer = setTimeout(connect, retry);
      retry = Math.min(retry * 2, 10_000);
    };
  }

  return {
    async call<M extends Method>(method: M, input: Input<M>): Promise<Output<M>> {
      let response: Response;
      try {
        response = await fetch(new URL('/api/call', origin), {
          method: 'POST',
          credentials: 'same-origin',
          headers: token
            ? { 'content-type': 'application/json', authorization: `Bearer ${token}` }
            : { 'content-type': 'application/json' },
          body: JSON.stringify({ method, input }),
        });
      } catch {
        throw new EngineError(
          'EngineUnreachable',
          'The engine is not reachable. Check that `engage serve` is still running, then reload the page.',
        );
      }
      let reply: Reply<M>;
      try {
        reply = (await response.json()) as Reply<M>;
      } catch {
        throw new EngineError(
          response.status === 401 ? 'Unauthorized' : 'BadReply',
          response.status === 401
            ? 'This page is not authorised. Open the URL printed by `engage serve` (it carries the token).'
            : `The engine answered ${response.status} without a readable reply.`,
        );
      }
      if (!reply.ok) throw new EngineError(reply.error.name, reply.error.message, reply.error.details);
      return reply.result;
    },
    upload(file, onProgress, signal) {
      // XMLHttpRequest, not fetch: it reports upload progress.
      return new Promise<Uploaded>((resolve, reject) => {
        const xhr = new XMLHttpRequest();
        xhr.open('PUT', new URL(`/api/upload?name=${encodeURIComponent(file.name)}`, origin));
        xhr.withCredentials = true;
        if (token) xhr.setRequestHeader('authorization', `Bearer ${token}`);
        xhr.setRequestHeader('content-type', 'application/octet-stream');
        xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
        xhr.onload = () => {
          let reply: { ok: boolean; result?: Uploaded; error?: { name: string; message: string } };
          try {
            reply = JSON.parse(String(xhr.responseText)) as typeof reply;
          } catch {
            return reject(new EngineError('BadReply', `The engine answered ${xhr.status} to the upload.`));
          }
          if (reply.ok && reply.result) resolve(reply.result);
          else
            reject(
              new EngineError(reply.error?.name ?? 'UploadFailed', reply.error?.message ?? 'upload failed'),
            );
        };
        xhr.onerror = () =>
          reject(
            new EngineError(
              'UploadFailed',
              `The upload of ${file.name} was interrupted. Check that \`engage serve\` is still running, then try again.`,
            ),
          );
        xhr.onabort = () => reject(new EngineError('Cancelled', `The upload of ${file.name} was cancelled.`));
        signal?.addEventListener('abort', () => xhr.abort());
        xhr.send(file);
      });
    },
    subscribe(listener) {
      listeners.add(listener);
      connect();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) {
          if (timer) clearTimeout(timer);
          socket?.close();
          socket = null;
        }
      };
    },
  };
}

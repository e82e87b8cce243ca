import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorBody } from './calls.ts';
import {
  authenticate,
  hostAllowed,
  originAllowed,
  presentedTokens,
  securityHeaders,
  tokenCookie,
} from './security.ts';

/**
 * The first hook on every request, HTTP and WebSocket upgrade alike: Host and Origin must name this
 * server (403 otherwise, a DNS-rebinding and cross-site defence), then the token must be presented
 * (401 otherwise). A valid `?token=` on a GET sets the HttpOnly cookie so that the page's own
 * assets and fetches carry it.
 */
export function guard(token: string, port: () => number) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    const p = port();
    reply.headers(securityHeaders(p));
    if (request.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
    if (!hostAllowed(request.headers.host, p))
      return reply
        .code(403)
        .send(refusal('Forbidden', `this server answers only to Host 127.0.0.1:${p} or localhost:${p}`));
    if (!originAllowed(request.headers.origin, p))
      return reply
        .code(403)
        .send(refusal('Forbidden', `requests from origin ${request.headers.origin} are refused`));
    const how = authenticate(presentedTokens(request.headers, request.url), token);
    if (how === null)
      return reply
        .code(401)
        .send(
          refusal(
            'Unauthorized',
            'a valid token is required: open the URL that `engage serve` printed, or send Authorization: Bearer <token>',
          ),
        );
    if (how === 'query' && request.method === 'GET') reply.header('set-cookie', tokenCookie(token));
    return undefined;
  };
}

function refusal(name: string, message: string): ErrorBody {
  return { ok: false, error: { name, message } };
}

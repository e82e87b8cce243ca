import type { FastifyError, FastifyInstance } from 'fastify';
import type { ApiHost } from '../api/events.ts';
import { toWireError } from '../api/errors.ts';
import { HttpError, parseCall, runCall, type ErrorBody } from './calls.ts';

/**
 * The HTTP API: `POST /api/call` (one engine call), `POST /api/churn/score` and `GET /api/health`, with the error and
 * not-found handlers that keep every failure `{ok: false, error: {name, message}}`.
 */
export function registerRoutes(app: FastifyInstance, options: { engine: ApiHost; bodyLimit: number }): void {
  const { engine, bodyLimit } = options;
  // JSON only: a text/plain POST is what a cross-site form can send without a CORS preflight.
  app.removeContentTypeParser('text/plain');

  app.post('/api/call', async (request, reply) => {
    const outcome = await runCall(engine, parseCall(request.body));
    return reply.code(outcome.status).send(outcome.body);
  });

  // The local scoring endpoint for other tools on this machine: the body is `churn.scoreRows`'s input.
  app.post('/api/churn/score', async (request, reply) => {
    const outcome = await runCall(engine, { method: 'churn.scoreRows', input: request.body });
    return reply.code(outcome.status).send(outcome.body);
  });

  app.get('/api/health', (_request, reply) => reply.send({ ok: true }));

  app.setNotFoundHandler(async (request, reply) =>
    reply
      .code(404)
      .send(errorBody('NotFound', `no such route: ${request.method} ${request.url.split('?')[0]}`)),
  );

  app.setErrorHandler<FastifyError>(async (error, _request, reply) => {
    const { status, body } = errorResponse(error, bodyLimit);
    return reply.code(status).send(body);
  });
}

/**
 * Maps what fails before or around a call to a status and a JSON body. Mistakes in the request are
 * 400 with a message that says what to fix (fastify's own 413 and 415 included); the rest is 500.
 */
export function errorResponse(error: FastifyError, bodyLimit: number): { status: number; body: ErrorBody } {
  if (error instanceof HttpError) return { status: error.status, body: errorBody(error.name, error.message) };
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return bad(`the request body is larger than the limit of ${sizeText(bodyLimit)}`);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return bad('send the call as JSON, with Content-Type: application/json');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return bad('the request body is empty: send {"method": string, "input"?: …}');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return bad('the request body is not valid JSON');
    default:
      break;
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500)
    return bad(
      error instanceof SyntaxError ? `the request body is not valid JSON: ${error.message}` : error.message,
      status === 413 || status === 415 ? 400 : status,
    );
  return { status: 500, body: { ok: false, error: toWireError(error) } };
}

function bad(message: string, status = 400): { status: number; body: ErrorBody } {
  return { status, body: errorBody('BadRequest', message) };
}

function errorBody(name: string, message: string): ErrorBody {
  return { ok: false, error: { name, message } };
}

function sizeText(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fastifyStatic } from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** Shown at `/` while there is no built renderer to serve. */
export const rendererMissingPage = `Engage Workbench: the engine is running, but the renderer is not built.

Build it with:
  npm run build:renderer
then start the server again (engage serve, or npm run web).

Meanwhile the API answers here: POST /api/call, GET /api/health, WebSocket /api/events.
`;

/** Whether `staticDir` holds a built renderer (its `index.html`). */
export function rendererBuilt(staticDir: string | undefined): staticDir is string {
  return staticDir !== undefined && existsSync(join(staticDir, 'index.html'));
}

/**
 * The built renderer at `/` (`index.html` for `/`), from the same origin as the API so that the CSP
 * can stay `'self'`; without one, `/` answers a short plain-text page that says how to build it.
 */
export async function registerRenderer(app: FastifyInstance, staticDir: string | undefined): Promise<void> {
  if (!rendererBuilt(staticDir)) {
    app.get('/', async (_request, reply) =>
      reply.type('text/plain; charset=utf-8').send(rendererMissingPage),
    );
    return;
  }
  await app.register(fastifyStatic, {
    root: resolve(staticDir),
    prefix: '/',
    index: 'index.html',
    dotfiles: 'ignore',
    redirect: false,
  });
}

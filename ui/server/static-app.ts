import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** The built app (`dist/ui`, made by Vite), found above this module whether it runs from source or from dist/. */
export const defaultAppRoot = (start = dirname(fileURLToPath(import.meta.url))): string => {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'cli'))) return join(dir, 'dist', 'ui');
    if (dirname(dir) === dir) return join(start, 'dist', 'ui');
  }
};

/**
 * The app's pages may not run scripts from elsewhere, be framed by another site (clickjacking an Approve button), or
 * send a Referer; agent text is rendered as text by the app, and this is the second wall.
 */
const appSecurityHeaders = (reply: FastifyReply): FastifyReply =>
  reply
    .header(
      'content-security-policy',
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    )
    .header('x-frame-options', 'DENY')
    .header('referrer-policy', 'no-referrer');

const notBuilt = `<!doctype html><meta charset="utf-8"><title>swarmlog</title>
<p>The dashboard app is not built yet: run <code>npm run build</code> (or <code>npm install</code>), then reload.
The API is up: see <a href="/docs">/docs</a>.</p>`;

/** Paths that are the API's own: a miss there is a JSON 404, never the app's page. */
const apiPath = (url: string) => /^\/(api|ws|docs|health)(\/|\?|$)/.test(url);

/**
 * Serves the built app at `/` and answers page paths (`/tasks`, `/approvals`, `/replay?task=…`) with its
 * index.html, so a reload or a shared link lands on the right page (SPA fallback).
 */
export const serveApp = async (app: FastifyInstance, root: string, notFound: (request: FastifyRequest, reply: FastifyReply) => unknown): Promise<void> => {
  const built = existsSync(join(root, 'index.html'));
  if (built) {
    // A wildcard route (not one route per file found at start), so a rebuilt app is served without a restart; a
    // path that is no file falls through to the not-found handler below.
    await app.register(fastifyStatic, { root, prefix: '/', wildcard: true, index: false, schemaHide: true, setHeaders: (res) => res.setHeader('x-content-type-options', 'nosniff') });
  }
  const page = async (_request: FastifyRequest, reply: FastifyReply) => {
    appSecurityHeaders(reply).header('cache-control', 'no-cache');
    return built ? reply.type('text/html; charset=utf-8').sendFile('index.html') : reply.type('text/html; charset=utf-8').send(notBuilt);
  };
  app.get('/', { schema: { hide: true } }, page);
  app.setNotFoundHandler(async (request, reply) => {
    const wantsPage = request.method === 'GET' && !apiPath(request.url) && !/\.[a-z0-9]+(\?|$)/i.test(request.url.split('?')[0]!);
    return wantsPage ? page(request, reply) : notFound(request, reply);
  });
};

import { createRequire } from 'node:module';
import { serveStatic } from '@hono/node-server/serve-static';
import path from 'node:path';
import { Hono } from 'hono';
import type { AppEnv } from './app-env.js';

const swaggerDist = path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Rapport API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/api/docs/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/api/docs/swagger-ui-bundle.js"></script>
<script src="/api/docs/init.js"></script></body></html>`;

const INIT = `window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#swagger-ui', deepLinking: true });`;

/** The API docs page, served from the installed swagger-ui-dist so it works offline and under a strict CSP. */
export function docsRoutes() {
  const docs = new Hono<AppEnv>();
  docs.get('/', (c) => c.html(PAGE));
  docs.get('/init.js', (c) => c.body(INIT, 200, { 'content-type': 'text/javascript; charset=utf-8' }));
  docs.use(
    '/*',
    serveStatic({ root: path.relative(process.cwd(), swaggerDist), rewriteRequestPath: (p) => p.replace(/^\/api\/docs/, '') }),
  );
  return docs;
}

/**
 * The dashboard's Fastify instance, built without listening so tests drive it through `inject`:
 * the API routes with their zod validation both ways, the OpenAPI description, the security hook,
 * and the web app's built files when they exist.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { UserError } from '../cli/io.js';
import { TooManyJobsError } from './backtestJobs.js';
import { HttpError } from './httpError.js';
import { openApiDocument } from './openapi.js';
import { buildRoutes, type RouteSpec, type ServerDeps } from './routes.js';
import { hostOfHeader, isLoopbackHost, tokenMatches } from './security.js';

export interface AppOptions {
  /** When set, every API request must carry `Authorization: Bearer <token>`. */
  readonly token: string | undefined;
  /** The web app's build (web/dist); served at `/` when it exists. */
  readonly webDistDir: string;
  /** Fastify's request log; off in tests. */
  readonly logger?: boolean;
}

const WEB_NOT_BUILT_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>alvh</title></head><body>
<h1>alvh dashboard</h1>
<p>The web app is not built. In the alvh folder run <code>npm install</code> (which builds it) or <code>npm run build:web</code>, then reload.</p>
<p>The API answers meanwhile: <a href="/api/health">/api/health</a>, <a href="/api/openapi.json">/api/openapi.json</a>.</p>
</body></html>`;

function errorStatus(error: unknown): { status: number; message: string } {
  if (error instanceof HttpError) return { status: error.statusCode, message: error.message };
  if (error instanceof UserError) return { status: 400, message: error.message };
  if (error instanceof TooManyJobsError) return { status: 429, message: error.message };
  const fe = error as Partial<FastifyError>;
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) return { status: fe.statusCode, message: fe.message ?? 'invalid request' };
  return { status: 500, message: `internal error: ${error instanceof Error ? error.message : String(error)}` };
}

export async function buildApp(deps: ServerDeps, options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: deps.config.bodyLimitBytes });
  const routes = buildRoutes(deps);
  const openApi = openApiDocument(routes, deps.version);

  app.addHook('onRequest', async (request, reply) => {
    if (options.token === undefined) {
      // Loopback only: a page on another site reaching 127.0.0.1 through a rebound DNS name carries its own Host.
      if (!isLoopbackHost(hostOfHeader(request.headers.host))) {
        return reply.code(403).send({ error: `host '${request.headers.host ?? ''}' is not this machine's loopback; the server answers only on 127.0.0.1 or localhost without a token` });
      }
      return undefined;
    }
    if (request.url.startsWith('/api/') && !tokenMatches(options.token, request.headers.authorization)) {
      return reply.code(401).send({ error: 'this server needs a token: send Authorization: Bearer <token>' });
    }
    return undefined;
  });

  app.setErrorHandler((error, request, reply) => {
    const { status, message } = errorStatus(error);
    if (status >= 500) request.log.error(error);
    void reply.code(status).send({ error: message });
  });

  for (const route of routes) registerRoute(app, route);
  app.get('/api/openapi.json', async () => openApi);

  const hasWeb = existsSync(join(options.webDistDir, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, { root: options.webDistDir, wildcard: false, index: ['index.html'] });
  } else {
    app.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').send(WEB_NOT_BUILT_PAGE));
  }
  app.setNotFoundHandler(async (request, reply) => {
    if (request.url.startsWith('/api/') || request.url === '/api' || !hasWeb || request.method !== 'GET') {
      return reply.code(404).send({ error: `no route ${request.method} ${request.url.split('?')[0] ?? ''}` });
    }
    // The web app routes in the browser: any other page path gets its shell.
    return reply.type('text/html; charset=utf-8').sendFile('index.html');
  });
  app.addHook('onClose', async () => {
    await deps.jobs.close();
  });
  return app;
}

function registerRoute(app: FastifyInstance, route: RouteSpec): void {
  app.route({
    method: route.method,
    url: route.url,
    handler: async (request, reply) => {
      if (route.query === undefined && Object.keys((request.query ?? {}) as object).length > 0) {
        throw new HttpError(400, `query: ${route.method} ${route.url} takes no query parameters`);
      }
      const result = await route.handle({ query: request.query, params: request.params, body: request.body }, reply);
      if (result === undefined) return reply;
      const schema = route.responses[result.status];
      // A response that breaks the contract is the server's bug: say so rather than send it.
      const checked = schema ? schema.safeParse(result.body) : { success: false as const, error: new Error(`no schema for status ${result.status}`) };
      if (!checked.success) throw new Error(`response of ${route.method} ${route.url} breaks its schema: ${checked.error.message}`);
      return reply.code(result.status).send(result.body);
    },
  });
}

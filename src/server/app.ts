/**
 * The dashboard's Fastify instance, built without listening so tests drive it through `inject`:
 * the API routes with their zod validation both ways, the OpenAPI description, the security hook,
 * and the web app's built files when they exist.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyCompress from '@fastify/compress';
import fastifyHelmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyRequest } from 'fastify';
import { ConflictError, UserError } from '../cli/io.js';
import { TooManyJobsError } from './backtestJobs.js';
import { HttpError, type FieldIssue } from './httpError.js';
import { openApiDocument } from './openapi.js';
import { buildRoutes, type RouteSpec, type ServerDeps } from './routes.js';
import { crossSiteReason, hostOfHeader, isLoopbackHost, STATE_CHANGING_METHODS, tokenMatches } from './security.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A file of the web app's build (or the page saying it is not built): served without the token. */
    publicFile?: boolean;
  }
}

/**
 * The Content-Security-Policy: scripts only from the server's own files (no inline script, no eval),
 * no framing by any page (clickjacking), requests only back to this server. Styles may be inline
 * because the chart libraries position their canvases with style attributes.
 */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
} as const;

/** Responses smaller than this are sent as they are: compressing them costs more than it saves, bytes. */
const COMPRESS_THRESHOLD_BYTES = 1024;

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

/** The status and reason a failed request is answered with (exported for its test). */
export function errorStatus(error: unknown): { status: number; message: string; issues?: readonly FieldIssue[] } {
  if (error instanceof HttpError) return error.issues === undefined ? { status: error.statusCode, message: error.message } : { status: error.statusCode, message: error.message, issues: error.issues };
  if (error instanceof ConflictError) return { status: 409, message: error.message };
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

  // Headers and compression first: hooks apply to the routes registered after them, the static files included.
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: { useDefaults: false, directives: { ...CONTENT_SECURITY_POLICY } },
    frameguard: { action: 'deny' },
    // Served over plain HTTP on the loopback: a Strict-Transport-Security header would be wrong there.
    strictTransportSecurity: false,
  });
  await app.register(fastifyCompress, { global: true, threshold: COMPRESS_THRESHOLD_BYTES });

  app.addHook('onRequest', async (request, reply) => {
    if (options.token === undefined) {
      // Loopback only: a page on another site reaching 127.0.0.1 through a rebound DNS name carries its own Host.
      if (!isLoopbackHost(hostOfHeader(request.headers.host))) {
        return reply.code(403).send({ error: `host '${request.headers.host ?? ''}' is not this machine's loopback; the server answers only on 127.0.0.1 or localhost without a token` });
      }
    } else if (!isPublicFile(request) && !tokenMatches(options.token, request.headers.authorization)) {
      // Decided on the route the router matched (after it decoded the path), never on the raw URL:
      // everything but the web app's own files needs the token, unknown paths included.
      return reply.code(401).send({ error: 'this server needs a token: send Authorization: Bearer <token>' });
    }
    if (STATE_CHANGING_METHODS.has(request.method)) {
      const reason = crossSiteReason(request.headers);
      if (reason !== undefined) return reply.code(403).send({ error: reason });
    }
    return undefined;
  });

  app.setErrorHandler((error, request, reply) => {
    const { status, message, issues } = errorStatus(error);
    if (status >= 500) request.log.error(error);
    void reply.code(status).send(issues === undefined ? { error: message } : { error: message, issues });
  });

  for (const route of routes) registerRoute(app, route);
  app.get('/api/openapi.json', async () => openApi);

  const hasWeb = existsSync(join(options.webDistDir, 'index.html'));
  if (hasWeb) {
    // Every route the static plugin registers (one per built file) is marked public as it is added.
    let registeringStatic = true;
    app.addHook('onRoute', (route) => {
      if (registeringStatic) route.config = { ...(route.config ?? {}), publicFile: true };
    });
    await app.register(fastifyStatic, { root: options.webDistDir, wildcard: false, index: ['index.html'] });
    registeringStatic = false;
  } else {
    app.get('/', { config: { publicFile: true } }, async (_request, reply) => reply.type('text/html; charset=utf-8').send(WEB_NOT_BUILT_PAGE));
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
    await deps.sweeps.close();
  });
  return app;
}

/** A matched route of the web app's build, read with GET or HEAD. */
function isPublicFile(request: FastifyRequest): boolean {
  return !request.is404 && (request.method === 'GET' || request.method === 'HEAD') && request.routeOptions.config.publicFile === true;
}

function registerRoute(app: FastifyInstance, route: RouteSpec): void {
  app.route({
    method: route.method,
    url: route.url,
    ...(route.bodyLimitBytes !== undefined ? { bodyLimit: route.bodyLimitBytes } : {}),
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

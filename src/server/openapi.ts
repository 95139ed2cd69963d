/** The OpenAPI 3.1 description of the API, generated from the same zod schemas the routes validate with. */
import { z } from 'zod';
import type { RouteSpec } from './routes.js';
import { ErrorResponseSchema } from './schemas.js';

type JsonObject = Record<string, unknown>;

/** JSON Schema of a zod schema; structures typed by the core's interfaces come out as open objects. */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonObject {
  const out = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonObject;
  delete out.$schema;
  return out;
}

function parameters(schema: z.ZodType | undefined, where: 'query' | 'path'): JsonObject[] {
  if (!schema) return [];
  const s = jsonSchema(schema, 'input');
  const props = (s.properties ?? {}) as Record<string, JsonObject>;
  const required = new Set((s.required ?? []) as string[]);
  return Object.entries(props).map(([name, p]) => ({ name, in: where, required: where === 'path' || required.has(name), schema: p }));
}

export function openApiDocument(routes: readonly RouteSpec[], version: string): JsonObject {
  const paths: Record<string, Record<string, JsonObject>> = {};
  for (const r of routes) {
    const path = r.url.replace(/:([A-Za-z]+)/g, '{$1}');
    const responses: Record<string, JsonObject> = {};
    for (const [status, schema] of Object.entries(r.responses)) {
      responses[status] = r.eventStream
        ? { description: 'server-sent events', content: { 'text/event-stream': { schema: { type: 'string' } } } }
        : { description: schema.description ?? 'OK', content: { 'application/json': { schema: jsonSchema(schema, 'output') } } };
    }
    responses['4XX'] = { description: 'invalid request (400), missing token (401), unknown id (404), a job not done or a book another command changed meanwhile (409): the reason in `error`', content: { 'application/json': { schema: jsonSchema(ErrorResponseSchema, 'output') } } };
    paths[path] ??= {};
    (paths[path] as Record<string, JsonObject>)[r.method.toLowerCase()] = {
      summary: r.summary,
      parameters: [...parameters(r.params, 'path'), ...parameters(r.query, 'query')],
      ...(r.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(r.body, 'input') } } } } : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'alvh dashboard API', version, description: 'The JSON API behind `alvh serve`. With a token set, every request needs `Authorization: Bearer <token>`.' },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    paths,
  };
}

/**
 * The server probed as an attacker would: every route without the token under every spelling of its
 * path the router may decode (percent-encoded, double-encoded, mixed case, trailing slash); GETs that
 * must change nothing; state-changing requests sent by another site's page; user keys that name
 * Object's prototype; the security headers; compression; the token kept off the command line.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/testing.js';
import { loadMarketHistory } from '../data/loadHistory.js';
import { BacktestCreatedSchema, SignalResponseSchema } from './schemas.js';
import { parseEventStream, testServer, type TestServer } from './testing.js';
import type { ValidationOutput } from './validationRun.js';

const TOKEN = 'a-long-enough-test-token';
const AUTH = { authorization: `Bearer ${TOKEN}` };
/** A job id of the right form that no job has. */
const SOME_ID = '0f549558-733d-44fc-9c05-b0d6c9376af9';
/** A variant key prefix of the right form that no sweep has. */
const SOME_VARIANT = '0123456789';
/** The Host header the tests send: the server's own address. */
const HOST = '127.0.0.1:4317';

const dataDir = mkdtempSync(join(tmpdir(), 'alvh-security-data-'));
const history = loadMarketHistory({ userDir: dataDir });
const webDir = join(dataDir, 'web-dist');
let locked: TestServer;
let open: TestServer;
let validationRuns = 0;

/** Every route of the API as [method, path with a concrete id], read from the server's own OpenAPI description. */
let routes: Array<[string, string]> = [];

beforeAll(async () => {
  mkdirSync(join(webDir, 'assets'), { recursive: true });
  writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>alvh app shell</title><script type="module" src="/assets/app.js"></script>');
  // A bundle large enough to be worth compressing: 64 KB of script.
  writeFileSync(join(webDir, 'assets', 'app.js'), `console.log(${JSON.stringify('alvh '.repeat(13_000))});`);
  const validation = () => {
    validationRuns++;
    return new Promise<ValidationOutput>(() => undefined);
  };
  locked = await testServer({ history, token: TOKEN, webDistDir: webDir, validation });
  open = await testServer({ history, validation });
  const doc = (await locked.app.inject({ method: 'GET', url: '/api/openapi.json', headers: AUTH })).json() as { paths: Record<string, Record<string, unknown>> };
  routes = Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).map((m): [string, string] => [m.toUpperCase(), path.replace('{id}', SOME_ID).replace('{variant}', SOME_VARIANT)]));
  routes.push(['GET', '/api/openapi.json']);
});
afterAll(async () => {
  await locked.close();
  await open.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** The spellings of an API path a router may take for the same route, or a near one. */
function spellings(path: string): Array<[string, string]> {
  const rest = path.slice('/api'.length);
  const lastSlash = path.lastIndexOf('/');
  const lastChar = path.charCodeAt(lastSlash + 1);
  const encodedLast = `${path.slice(0, lastSlash + 1)}%${lastChar.toString(16)}${path.slice(lastSlash + 2)}`;
  return [
    ['raw', path],
    ['percent-encoded a', `/%61pi${rest}`],
    ['percent-encoded p', `/a%70i${rest}`],
    ['percent-encoded upper-case hex', `/%41pi${rest}`.replace('%41', '%61'.toUpperCase())],
    ['percent-encoded last segment', encodedLast],
    ['double-encoded', `/%2561pi${rest}`],
    ['mixed case', `/API${rest}`],
    ['mixed case inside', `/Api${rest.replace(/\/(\w)/, (_m, c: string) => `/${c.toUpperCase()}`)}`],
    ['trailing slash', `${path}/`],
    ['double slash', `/${path}`],
    ['with a query', `${path}?x=1`],
  ];
}

describe('the token is checked on the route the router matched', () => {
  it('the OpenAPI description lists the routes this test probes', () => {
    expect(routes.length).toBeGreaterThanOrEqual(15);
    expect(routes).toContainEqual(['GET', '/api/book']);
    expect(routes).toContainEqual(['POST', '/api/backtests']);
    expect(routes).toContainEqual(['DELETE', `/api/backtests/${SOME_ID}`]);
    for (const route of [
      ['GET', '/api/sweep-specs'],
      ['POST', '/api/sweeps/check'],
      ['POST', '/api/sweeps'],
      ['GET', '/api/sweeps'],
      ['GET', `/api/sweeps/${SOME_ID}`],
      ['GET', `/api/sweeps/${SOME_ID}/events`],
      ['DELETE', `/api/sweeps/${SOME_ID}`],
      ['POST', `/api/sweeps/${SOME_ID}/resume`],
      ['GET', `/api/sweeps/${SOME_ID}/report`],
      ['GET', `/api/sweeps/${SOME_ID}/results.csv`],
      ['GET', `/api/sweeps/${SOME_ID}/configs/${SOME_VARIANT}`],
      ['POST', '/api/book/switch'],
    ]) {
      expect(routes).toContainEqual(route);
    }
  });

  it('no route answers anything but 401 without the token, however its path is spelled', async () => {
    const leaks: string[] = [];
    for (const [method, path] of routes) {
      for (const [how, url] of spellings(path)) {
        const r = await locked.app.inject({ method: method as 'GET', url, headers: { host: HOST }, ...(method === 'POST' ? { payload: {} } : {}) });
        if (r.statusCode !== 401) leaks.push(`${method} ${url} (${how}): ${r.statusCode}`);
      }
    }
    expect(leaks).toEqual([]);
    // Nothing behind the routes ran: no job, no validation, no journal.
    expect(locked.jobs.runningCount).toBe(0);
    expect(locked.sweeps.runningCount).toBe(0);
    expect(validationRuns).toBe(0);
    expect(existsSync(locked.bookPath)).toBe(false);
  });

  it('the token works whichever spelling the router decodes to the same route', async () => {
    for (const url of ['/api/health', '/%61pi/health', '/a%70i/health']) {
      expect((await locked.app.inject({ method: 'GET', url, headers: AUTH })).statusCode, url).toBe(200);
    }
  });

  it('only the web app\'s own files are served without it; a page path or a climb out of the build is not', async () => {
    for (const url of ['/', '/index.html', '/assets/app.js']) expect((await locked.app.inject({ method: 'GET', url })).statusCode, url).toBe(200);
    for (const url of ['/backtest', '/assets/..%2F..%2Fapi/book', '/%2E%2E/api/book', '/assets/missing.js', '/api']) {
      expect((await locked.app.inject({ method: 'GET', url })).statusCode, url).toBe(401);
    }
    // A file route read with a method that changes something is no public file.
    expect((await locked.app.inject({ method: 'POST', url: '/index.html' })).statusCode).toBe(401);
  });
});

describe('GETs change nothing', () => {
  it('the day\'s signal is issued (and journalled) by POST; GET no longer reaches it', async () => {
    expect((await open.app.inject({ method: 'GET', url: '/api/signal?date=2018-02-05' })).statusCode).toBe(404);
    expect(existsSync(open.bookPath)).toBe(false);
    const imported = await runCli(['book', 'import', 'test/fixtures/book/condor-2018-01-19.csv', '--book', open.bookPath]);
    expect(imported.code, imported.stderr).toBe(0);
    const first = await open.app.inject({ method: 'POST', url: '/api/signal', payload: { date: '2018-02-05' } });
    expect(first.statusCode, first.body).toBe(200);
    expect(SignalResponseSchema.parse(first.json()).journal).toBe('new');
    const again = await open.app.inject({ method: 'POST', url: '/api/signal', payload: { date: '2018-02-05' } });
    expect(SignalResponseSchema.parse(again.json()).journal).toBe('reproduced');
    const unknown = await open.app.inject({ method: 'POST', url: '/api/signal', payload: { date: '2018-02-05', out: '/etc' } });
    expect(unknown.statusCode).toBe(400);
    expect((unknown.json() as { error: string }).error).toMatch(/body: unknown field\(s\) out/);
  });

  it('reading the validation report starts nothing; POST starts it once', async () => {
    const before = validationRuns;
    for (let i = 0; i < 2; i++) {
      const r = await open.app.inject({ method: 'GET', url: '/api/validation' });
      expect(r.statusCode).toBe(200);
      expect(r.json()).toEqual({ status: 'idle' });
    }
    expect(validationRuns).toBe(before);
    const started = await open.app.inject({ method: 'POST', url: '/api/validation' });
    expect(started.statusCode).toBe(202);
    expect((started.json() as { status: string }).status).toBe('running');
    expect((await open.app.inject({ method: 'POST', url: '/api/validation' })).statusCode).toBe(202);
    expect(validationRuns).toBe(before + 1);
    expect((await open.app.inject({ method: 'GET', url: '/api/validation' })).statusCode).toBe(202);
  });
});

describe('a change sent by another site\'s page is refused', () => {
  const crossSite: Array<[string, Record<string, string>]> = [
    ['another origin', { origin: 'http://attacker.example' }],
    ['the same host on another port', { origin: 'http://127.0.0.1:9999' }],
    ['an opaque origin', { origin: 'null' }],
    ['a cross-site fetch', { 'sec-fetch-site': 'cross-site' }],
    ['a same-site fetch from a sibling', { 'sec-fetch-site': 'same-site' }],
    ['a same-origin claim with a foreign Origin', { 'sec-fetch-site': 'same-origin', origin: 'https://attacker.example' }],
  ];
  it.each(crossSite)('%s: 403 on every POST and DELETE, with or without the token, and nothing runs', async (_what, headers) => {
    for (const server of [locked, open]) {
      for (const [method, url] of routes.filter(([m]) => m === 'POST' || m === 'DELETE')) {
        // A body each POST would accept from the page itself, so only the origin can refuse it.
        const payload = url.startsWith('/api/sweeps') ? { bundled: 'quick' } : { presets: ['unhedged'], from: '2018-01-02' };
        const r = await server.app.inject({ method: method as 'POST', url, headers: { ...AUTH, host: HOST, ...headers }, ...(method === 'POST' ? { payload } : {}) });
        expect(r.statusCode, `${method} ${url}`).toBe(403);
        expect((r.json() as { error: string }).error).toMatch(/this dashboard's own pages/);
      }
      expect(server.jobs.runningCount).toBe(0);
      expect(server.sweeps.runningCount).toBe(0);
    }
  });

  it('the page\'s own requests pass: same origin, or a client that is no browser', async () => {
    const own = await locked.app.inject({ method: 'POST', url: '/api/validation', headers: { ...AUTH, host: HOST, origin: `http://${HOST}`, 'sec-fetch-site': 'same-origin' } });
    expect(own.statusCode).toBe(202);
    expect((await locked.app.inject({ method: 'POST', url: '/api/validation', headers: { ...AUTH, host: HOST } })).statusCode).toBe(202);
  });
});

describe('user keys never reach Object\'s prototype', () => {
  it('a decision log asked for variant __proto__, constructor or toString is a 404 naming the variants run', async () => {
    const created = await open.app.inject({ method: 'POST', url: '/api/backtests', payload: { presets: ['unhedged'], from: '2018-01-02', to: '2018-02-28' } });
    expect(created.statusCode, created.body).toBe(202);
    const { id } = BacktestCreatedSchema.parse(created.json());
    const stream = parseEventStream((await open.app.inject({ method: 'GET', url: `/api/backtests/${id}/events` })).body);
    expect(stream.at(-1)?.event).toBe('done');
    expect((await open.app.inject({ method: 'GET', url: `/api/backtests/${id}/decisions?variant=unhedged` })).statusCode).toBe(200);
    for (const variant of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', '__defineGetter__']) {
      const r = await open.app.inject({ method: 'GET', url: `/api/backtests/${id}/decisions?variant=${variant}` });
      expect(r.statusCode, variant).toBe(404);
      expect((r.json() as { error: string }).error).toMatch(/it ran unhedged/);
    }
  });

  it('a preset named after a prototype key is an unknown preset', async () => {
    for (const preset of ['__proto__', 'constructor']) {
      const r = await open.app.inject({ method: 'POST', url: '/api/backtests', payload: { presets: [preset], from: '2018-01-02' } });
      expect(r.statusCode, preset).toBe(400);
      expect(r.body).toMatch(/unknown|must be a preset name/);
    }
  });
});

describe('headers', () => {
  it('a policy that allows no inline or foreign script and no framing, and no content sniffing, on pages and API alike', async () => {
    for (const [server, url, headers] of [
      [locked, '/', {}],
      [locked, '/assets/app.js', {}],
      [locked, '/api/health', AUTH],
      [open, '/api/health', {}],
      [open, '/', {}],
    ] as const) {
      const r = await server.app.inject({ method: 'GET', url, headers });
      const csp = String(r.headers['content-security-policy'] ?? '');
      const directives = new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
      expect(directives.get('script-src'), url).toEqual(["'self'"]);
      expect(directives.get('default-src'), url).toEqual(["'self'"]);
      expect(directives.get('frame-ancestors'), url).toEqual(["'none'"]);
      expect(directives.get('object-src'), url).toEqual(["'none'"]);
      expect(r.headers['x-content-type-options'], url).toBe('nosniff');
      expect(r.headers['x-frame-options'], url).toBe('DENY');
    }
  });

  it('a 401 carries the headers too', async () => {
    const r = await locked.app.inject({ method: 'GET', url: '/%61pi/book' });
    expect(r.statusCode).toBe(401);
    expect(r.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('compression', () => {
  it('the signals payload and the script bundle are sent gzip-compressed to a browser that accepts it, byte-identical once unpacked', async () => {
    const url = '/api/signals?from=2024-01-01&to=2024-12-31';
    const plain = await open.app.inject({ method: 'GET', url });
    const packed = await open.app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip' } });
    expect(packed.headers['content-encoding']).toBe('gzip');
    expect(packed.rawPayload.length).toBeLessThan(plain.rawPayload.length / 4);
    expect(gunzipSync(packed.rawPayload).toString('utf8')).toBe(plain.body);

    const js = await locked.app.inject({ method: 'GET', url: '/assets/app.js', headers: { 'accept-encoding': 'gzip' } });
    expect(js.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(js.rawPayload).toString('utf8')).toMatch(/^console\.log\("alvh alvh/);
  });
});

describe('the token kept off the command line', () => {
  it('alvh serve reads it from a file named by --token-file or ALVH_TOKEN_FILE, and names a missing or empty one', async () => {
    const missing = join(dataDir, 'no-such-token');
    const r = await runCli(['serve', '--host', '0.0.0.0', '--port', '0', '--token-file', missing]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`token file ${missing}: cannot be read`);
    const empty = join(dataDir, 'empty-token');
    writeFileSync(empty, '\n');
    process.env['ALVH_TOKEN_FILE'] = empty;
    const e = await runCli(['serve', '--host', '0.0.0.0', '--port', '0']).finally(() => delete process.env['ALVH_TOKEN_FILE']);
    expect(e.code).toBe(1);
    expect(e.stderr).toContain(`token file ${empty}: line 1 is empty`);
    const both = await runCli(['serve', '--token', TOKEN, '--token-file', empty]);
    expect(both.code).toBe(1);
    expect(both.stderr).toMatch(/either with --token or from a file/);
  });
});

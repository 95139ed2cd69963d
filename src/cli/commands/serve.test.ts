/**
 * `alvh serve` for real: listening on the loopback on a free port, the token asked of every API request
 * when one is set, the validation report answered 202 until it is there, and other addresses refused
 * without a token before anything binds.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DashboardConfigSchema } from '../../server/config.js';
import { runCli } from '../testing.js';
import { dashboardConfigFromFlags, startServer, type RunningServer } from './serve.js';

const dir = mkdtempSync(join(tmpdir(), 'alvh-serve-'));
const servers: RunningServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.close();
  rmSync(dir, { recursive: true, force: true });
});

const TOKEN = 'a-long-enough-test-token';

async function serve(token: string | undefined, webDistDir = join(dir, 'no-web')): Promise<RunningServer> {
  const s = await startServer({ host: '127.0.0.1', port: 0, token, bookPath: join(dir, 'book.sqlite'), userDir: dir, webDistDir, config: DashboardConfigSchema.parse({}), logger: false });
  servers.push(s);
  return s;
}

describe('alvh serve', () => {
  it('refuses another address without a token, naming the way to set one', async () => {
    const r = await runCli(['serve', '--host', '0.0.0.0', '--port', '0']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--host 0\.0\.0\.0 makes the dashboard reachable from other machines: set a token with --token or ALVH_TOKEN/);
  });

  it('refuses a port that is not one', async () => {
    const r = await runCli(['serve', '--port', '70000']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--port '70000': must be a port number/);
  });

  it('refuses sweep settings that are not ones, naming the flag, before anything binds', async () => {
    for (const [args, reason] of [
      [['--sweep-workers', '0'], /--sweep-workers '0': must be a positive whole number/],
      [['--sweep-workers', '1.5'], /--sweep-workers '1\.5': must be a positive whole number/],
      [['--sweep-workers', '2', '--sweep-worker-heap-mb', 'lots'], /--sweep-worker-heap-mb 'lots': must be a whole number of MB/],
      [['--sweep-worker-heap-mb', '384'], /--sweep-worker-heap-mb caps the heap of the threads a sweep runs its variants on: it needs --sweep-workers 2 or more/],
    ] as const) {
      const r = await runCli(['serve', '--port', '0', ...args]);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr).toMatch(reason);
    }
  });

  it('the sweep flags set the dashboard config: threads and their heap cap; the defaults without them', () => {
    expect(dashboardConfigFromFlags({ sweepWorkers: '2', sweepWorkerHeapMb: '384' })).toMatchObject({ sweepThreads: 2, sweepWorkerHeapMb: 384 });
    const plain = dashboardConfigFromFlags({});
    expect(plain).toEqual(DashboardConfigSchema.parse({}));
    expect(plain.sweepThreads).toBe(1);
    expect(plain.sweepWorkerHeapMb).toBeUndefined();
    // The config itself refuses a cap without threads to cap, so a file or a test cannot set one either.
    expect(() => DashboardConfigSchema.parse({ sweepWorkerHeapMb: 384 })).toThrow(/sweepWorkerHeapMb[\s\S]*needs sweepThreads of 2 or more/);
  });

  it('--config reads the dashboard config from a file, strict, and the sweep flags override it', () => {
    const file = join(dir, 'dashboard.json');
    writeFileSync(file, JSON.stringify({ keptStoredRuns: 500, sweepThreads: 2, sweepWorkerHeapMb: 512 }));
    expect(dashboardConfigFromFlags({ config: file })).toMatchObject({ keptStoredRuns: 500, sweepThreads: 2, sweepWorkerHeapMb: 512, maxRunningBacktests: 1 });
    expect(dashboardConfigFromFlags({ config: file, sweepWorkers: '3' })).toMatchObject({ keptStoredRuns: 500, sweepThreads: 3, sweepWorkerHeapMb: 512 });
    // A flag's cap on the file's threads.
    writeFileSync(file, JSON.stringify({ sweepThreads: 2 }));
    expect(dashboardConfigFromFlags({ config: file, sweepWorkerHeapMb: '384' })).toMatchObject({ sweepThreads: 2, sweepWorkerHeapMb: 384 });
    for (const [content, reason] of [
      [{ keptStoredRun: 500 }, /--config .*dashboard\.json: keptStoredRun: .*did you mean "keptStoredRuns"\?/],
      [{ sweepThreads: 0 }, /--config .*dashboard\.json: sweepThreads: /],
      [{ sweepWorkerHeapMb: 384 }, /--config .*dashboard\.json: sweepWorkerHeapMb: caps the heap of variant threads: it needs sweepThreads of 2 or more/],
      [[1, 2], /--config .*dashboard\.json: a dashboard config is a JSON object of fields/],
    ] as const) {
      writeFileSync(file, JSON.stringify(content));
      expect(() => dashboardConfigFromFlags({ config: file }), JSON.stringify(content)).toThrow(reason);
    }
    writeFileSync(file, '{ "keptStoredRuns": ');
    expect(() => dashboardConfigFromFlags({ config: file })).toThrow(/--config .*dashboard\.json: not valid JSON/);
    expect(() => dashboardConfigFromFlags({ config: join(dir, 'missing.json') })).toThrow(/--config .*missing\.json: file not found/);
  });

  it('with a token: API requests without it or with another get 401, with it 200; the page shell needs none', async () => {
    const s = await serve(TOKEN);
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const none = await fetch(`${s.url}/api/health`);
    expect(none.status).toBe(401);
    expect(((await none.json()) as { error: string }).error).toMatch(/Authorization: Bearer/);
    expect((await fetch(`${s.url}/api/health`, { headers: { authorization: 'Bearer wrong-token-of-some-length' } })).status).toBe(401);
    const good = await fetch(`${s.url}/api/health`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(good.status).toBe(200);
    expect(((await good.json()) as { ok: boolean }).ok).toBe(true);
    expect((await fetch(`${s.url}/`)).status).toBe(200);
  });

  it('serves the built web app and its shell for the app\'s own page paths', async () => {
    const web = join(dir, 'web-dist');
    mkdirSync(join(web, 'assets'), { recursive: true });
    writeFileSync(join(web, 'index.html'), '<!doctype html><title>alvh app shell</title>');
    writeFileSync(join(web, 'assets', 'app.js'), 'console.log("alvh")');
    const s = await serve(undefined, web);
    expect(await (await fetch(`${s.url}/`)).text()).toMatch(/alvh app shell/);
    expect(await (await fetch(`${s.url}/backtest`)).text()).toMatch(/alvh app shell/);
    const js = await fetch(`${s.url}/assets/app.js`);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    // A path climbing out of the build gets the shell, never a file from outside it.
    writeFileSync(join(dir, 'outside.txt'), 'not to be served');
    for (const climb of ['/assets/..%2F..%2Foutside.txt', '/..%2Foutside.txt', '/%2E%2E/outside.txt']) {
      const text = await (await fetch(`${s.url}${climb}`)).text();
      expect(text, climb).not.toMatch(/not to be served/);
    }
    expect((await fetch(`${s.url}/api/missing`)).status).toBe(404);
  });
});

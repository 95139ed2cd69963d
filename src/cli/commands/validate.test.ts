import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { emptyUserDir, realChains, realHistory } from '../../../test/fixtures/realMarket.js';
import type { MarketHistory } from '../../history/types.js';
import { ok } from '../../lib/result.js';
import { UserError, type CliIo } from '../io.js';
import { runCli } from '../testing.js';
import { runValidate, vixAndSpreadSections, type ValidateDependencies } from './validate.js';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'alvh-validate-'));
}

function captureIo(): CliIo & { text: () => string } {
  let out = '';
  return { out: (t) => void (out += t), err: () => undefined, isTty: false, text: () => out };
}

/** A history holding nothing at all: every series missing on every day. */
const emptyHistory: MarketHistory = {
  tradingDays: new Int32Array(0),
  series: () => undefined,
  barOn: () => undefined,
  closeOn: () => undefined,
  vxFuturesOn: () => [],
  termStructureOn: () => [],
  constantMaturityFutureOn: () => undefined,
  riskFreeRateOn: () => undefined,
  dividendYieldOn: () => undefined,
  eventsBetween: () => [],
  breadthOn: () => undefined,
  missingSeriesOn: () => ['vix'],
  dataVersion: 'empty',
};

describe('alvh validate (real bundled data)', () => {
  // The default loader merges the user's overlay folder: point it at an empty one.
  beforeAll(() => {
    process.env['ALVH_HOME'] = emptyUserDir();
  });

  it('writes the Markdown, JSON, HTML and SVG files and prints the summary table', async () => {
    const out = tempDir();
    const { code, stdout, stderr } = await runCli(['validate', '--out', out]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^section\s+metric\s+value\s+target/);
    expect(stdout).toContain('median abs IV error, fitted quotes (vol pts)');
    for (const file of ['validate.md', 'validate.json', 'validate.html', 'charts/vix-options-iv-2016-07-20.svg', 'charts/spreads-held-out-by-vix.svg']) {
      expect(existsSync(join(out, file)), file).toBe(true);
    }
    const html = readFileSync(join(out, 'validate.html'), 'utf8');
    expect(html).not.toMatch(/<script|<link|<img|src\s*=/i);
    const json = JSON.parse(readFileSync(join(out, 'validate.json'), 'utf8')) as { sections: { id: string }[] };
    expect(json.sections.map((s) => s.id)).toEqual(['vix-options', 'spreads']);
  });

  it('prints the summary as JSON with --json, and the same files twice give the same bytes', async () => {
    const first = tempDir();
    const second = tempDir();
    const run = await runCli(['validate', '--json', '--out', first]);
    expect(run.code).toBe(0);
    const parsed = JSON.parse(run.stdout) as { summary: { section: string; metric: string; value: string }[]; files: string[] };
    expect(parsed.summary.find((r) => r.metric === 'held-out 2018: median model/real half-spread')?.value).toMatch(/^\d+\.\d\d$/);
    await runCli(['validate', '--json', '--out', second]);
    for (const name of ['validate.md', 'validate.json', 'validate.html']) {
      expect(readFileSync(join(second, name), 'utf8'), name).toBe(readFileSync(join(first, name), 'utf8'));
    }
  });

  it('reports an output folder it cannot write as a clear error', async () => {
    const blocker = join(tempDir(), 'a-file');
    writeFileSync(blocker, 'not a folder');
    const { code, stderr } = await runCli(['validate', '--out', blocker]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^alvh: cannot write the report to .*a-file/);
  });
});

describe('runValidate with constructed inputs', () => {
  const chainsOnly = (): ReturnType<ValidateDependencies['loadChains']> => ok(realChains());

  it('names the missing series and day when the history lacks what the VIX chain needs', async () => {
    const deps: ValidateDependencies = { loadHistory: () => Promise.resolve(emptyHistory), loadChains: chainsOnly, providers: [vixAndSpreadSections] };
    await expect(runValidate({ json: false, out: tempDir() }, captureIo(), deps)).rejects.toThrow(
      new UserError('validation cannot run: no vix on 2016-06-01 for the VIX option chain'),
    );
  });

  it('reports a history that cannot be loaded', async () => {
    const deps: ValidateDependencies = { loadHistory: () => Promise.reject(new Error('disk gone')), loadChains: chainsOnly, providers: [] };
    await expect(runValidate({ json: false, out: tempDir() }, captureIo(), deps)).rejects.toThrow('cannot load the market history: disk gone');
  });

  it('appends the sections of every provider in order', async () => {
    const history = await realHistory();
    const io = captureIo();
    const deps: ValidateDependencies = {
      loadHistory: () => Promise.resolve(history),
      loadChains: chainsOnly,
      providers: [
        vixAndSpreadSections,
        () => ok({ sections: [{ id: 'extra', title: 'Extra', markdown: 'x', json: null, svgCharts: [] }], summary: [{ section: 'extra', metric: 'm', value: '1', target: '<= 2', met: true }] }),
      ],
    };
    const out = tempDir();
    const outcome = await runValidate({ json: false, out }, io, deps);
    expect(outcome.summary[outcome.summary.length - 1]).toMatchObject({ section: 'extra' });
    expect(io.text()).toContain('<= 2 (met)');
    const json = JSON.parse(readFileSync(join(out, 'validate.json'), 'utf8')) as { sections: { id: string }[] };
    expect(json.sections.map((s) => s.id)).toEqual(['vix-options', 'spreads', 'extra']);
  });
});

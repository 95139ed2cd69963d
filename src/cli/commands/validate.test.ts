import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { emptyUserDir, realChains, realHistory } from '../../../test/fixtures/realMarket.js';
import type { MarketHistory } from '../../history/types.js';
import { ok } from '../../lib/result.js';
import { DEFAULT_MARKET_MODEL_CONFIG } from '../../market/config.js';
import { UserError, type CliIo } from '../io.js';
import { runCli } from '../testing.js';
import { Command } from 'commander';
import { registerValidateCommand, runValidate, vixAndSpreadSections, type ValidateDependencies, type ValidationSectionProvider } from './validate.js';
import { loadMarketModelConfigFile } from '../../data/modelConfigFile.js';
import { TARGET_IDS } from '../../validation/targets.js';

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

/** The full report (SPX model over all history included) takes about a minute on a shared 2-core machine. */
const FULL_REPORT_TIMEOUT_MS = 300_000;

describe('alvh validate (real bundled data)', () => {
  // The default loader merges the user's overlay folder: point it at an empty one.
  beforeAll(() => {
    process.env['ALVH_HOME'] = emptyUserDir();
  });

  it(
    'writes the Markdown, JSON, HTML and SVG files and prints the summary as JSON',
    async () => {
      const out = tempDir();
      // The CNDR replication runs on a short span here; its full-span figures are tested in src/report.
      const { code, stdout, stderr } = await runCli(['validate', '--json', '--out', out, '--replication-from', '2016-12-01', '--replication-to', '2018-06-29']);
      expect(stderr).toBe('');
      expect(code).toBe(0);
      const printed = JSON.parse(stdout) as {
        summary: { section: string; metric: string; value: string; target?: string; targetId?: string; figure?: string; met?: boolean; measured?: boolean }[];
        files: string[];
      };
      // First, one entry per row of the target table, with its target, figure and met.
      const targetRows = printed.summary.filter((r) => r.section === 'targets');
      expect(targetRows.map((r) => r.targetId)).toEqual([...TARGET_IDS]);
      for (const row of targetRows) {
        expect(typeof row.target).toBe('string');
        expect(typeof row.figure).toBe('string');
        expect(typeof row.met).toBe('boolean');
      }
      expect(targetRows.find((r) => r.targetId === 'spxw-2018-iv-error')?.figure).toMatch(/^median abs \d+\.\d\d vol pts; signed 16Δ put [+-]\d/);
      expect(targetRows.find((r) => r.targetId === 'feb-2018-condor-price')?.measured).toBe(true);
      expect(printed.summary.find((r) => r.metric === 'held-out 2018: median model/real half-spread')?.value).toMatch(/^\d+\.\d\d$/);
      // The SPX section's own row judges the target table's rule: the same verdict as the table's row.
      const heldOutRow = printed.summary.find((r) => r.section === 'spx-quotes' && r.target !== undefined);
      expect(heldOutRow?.target).toBe('<= 0.5, signed median per 16-25 delta bucket within ±0.3');
      expect(heldOutRow?.met).toBe(targetRows.find((r) => r.targetId === 'spxw-2018-iv-error')?.met);
      expect(printed.summary.find((r) => r.section === 'spx-feb2018-condor')?.met).toBe(targetRows.find((r) => r.targetId === 'feb-2018-condor-marks')?.met);
      expect(printed.summary.find((r) => r.metric === '2016-today (held out): monthly-return correlation')?.target).toBe('>= 0.93');
      // The PUT replica on the same short span: its held-out era is compared, the 2007-15 era is not, so the row is missed.
      expect(targetRows.find((r) => r.targetId === 'put-replica')).toMatchObject({ measured: true, met: false, figure: expect.stringMatching(/^2007-15: not compared .*2016-today \(held out\): gap [+-]?\d+\.\d\d pts/) as unknown });
      for (const file of ['validate.md', 'validate.json', 'validate.html', 'charts/vix-options-iv-2016-07-20.svg', 'charts/spreads-held-out-by-vix.svg', 'charts/cndr-replication-growth-2016-today.svg', 'charts/put-replication-growth-2016-today.svg', 'charts/pput-replication-growth-2016-today.svg']) {
        expect(existsSync(join(out, file)), file).toBe(true);
      }
      expect(printed.files).toContain(join(out, 'validate.html'));
      const html = readFileSync(join(out, 'validate.html'), 'utf8');
      expect(html).not.toMatch(/<script|<link|<img|src\s*=/i);
      const json = JSON.parse(readFileSync(join(out, 'validate.json'), 'utf8')) as { sections: { id: string }[] };
      expect(json.sections.map((s) => s.id)).toEqual(['targets', 'spx-quotes', 'spx-feb2018-condor', 'spx-vix-formula', 'vix-options', 'spreads', 'cndr-replication', 'put-replication', 'pput-replication', 'roll-day-gap', 'fitted-parameters', 'configuration']);
      // Every fitted number with its data, and the hold-out rule checked in the report itself.
      const report = readFileSync(join(out, 'validate.md'), 'utf8');
      expect(report).toContain('Every fit keeps the hold-out rule');
      expect(report).toContain('| `spx.meanReversionPerYear` | 1.45 | VIX, VIX9D, VIX3M, VIX6M closes 2011-01-04 to 2015-12-31, 1,257 days');
      // The roll-day section: one line per replica and era.
      expect(printed.summary.filter((r) => r.section === 'roll-day-gap').map((r) => r.metric.split(':')[0])).toEqual(['CNDR 1990-99', 'CNDR 2000-07', 'CNDR 2008-15', 'CNDR 2016-today (held out)', 'PUT 2007-15', 'PUT 2016-today (held out)', 'PPUT 1990-99', 'PPUT 2000-07', 'PPUT 2008-15', 'PPUT 2016-today (held out)']);
    },
    FULL_REPORT_TIMEOUT_MS,
  );

  it('rejects a replication date that is not a date, naming the option', async () => {
    const { code, stderr } = await runCli(['validate', '--out', tempDir(), '--replication-from', '2017-13-01']);
    expect(code).not.toBe(0);
    expect(stderr).toContain("--replication-from: '2017-13-01' is not a date");
  });

  it('lists validate in the help', async () => {
    const { stdout } = await runCli(['--help']);
    expect(stdout).toMatch(/validate \[options\]/);
  });
});

describe('runValidate with constructed inputs', () => {
  const chainsOnly = (): ReturnType<ValidateDependencies['loadChains']> => ok(realChains());

  it('names the missing series and day when the history lacks what the VIX chain needs', async () => {
    const deps: ValidateDependencies = { loadHistory: () => Promise.resolve(emptyHistory), loadChains: chainsOnly, providers: [vixAndSpreadSections], config: DEFAULT_MARKET_MODEL_CONFIG };
    await expect(runValidate({ json: false, out: tempDir() }, captureIo(), deps)).rejects.toThrow(
      new UserError('validation cannot run: no vix on 2016-06-01 for the VIX option chain'),
    );
  });

  it('reports a history that cannot be loaded', async () => {
    const deps: ValidateDependencies = { loadHistory: () => Promise.reject(new Error('disk gone')), loadChains: chainsOnly, providers: [], config: DEFAULT_MARKET_MODEL_CONFIG };
    await expect(runValidate({ json: false, out: tempDir() }, captureIo(), deps)).rejects.toThrow('cannot load the market history: disk gone');
  });

  it('prints the summary table and writes byte-identical files on a second run', async () => {
    const history = await realHistory();
    const deps: ValidateDependencies = { loadHistory: () => Promise.resolve(history), loadChains: chainsOnly, providers: [vixAndSpreadSections], config: DEFAULT_MARKET_MODEL_CONFIG };
    const first = tempDir();
    const second = tempDir();
    const io = captureIo();
    await runValidate({ json: false, out: first }, io, deps);
    expect(io.text()).toMatch(/^section\s+metric\s+value\s+target/);
    expect(io.text()).toContain(`report: ${join(first, 'validate.html')}`);
    await runValidate({ json: false, out: second }, captureIo(), deps);
    for (const name of ['validate.md', 'validate.json', 'validate.html', 'charts/vix-options-vvix-fallback-error.svg']) {
      expect(readFileSync(join(second, name), 'utf8'), name).toBe(readFileSync(join(first, name), 'utf8'));
    }
  });

  it('reports an output folder it cannot write as a clear error', async () => {
    const blocker = join(tempDir(), 'a-file');
    writeFileSync(blocker, 'not a folder');
    const deps: ValidateDependencies = { loadHistory: () => Promise.resolve(emptyHistory), loadChains: chainsOnly, providers: [], config: DEFAULT_MARKET_MODEL_CONFIG };
    await expect(runValidate({ json: false, out: blocker }, captureIo(), deps)).rejects.toThrow(/^cannot write the report to .*a-file: /);
  });

  it('appends the sections of every provider in order', async () => {
    const history = await realHistory();
    const io = captureIo();
    const deps: ValidateDependencies = {
      loadHistory: () => Promise.resolve(history),
      loadChains: chainsOnly,
      config: DEFAULT_MARKET_MODEL_CONFIG,
      providers: [
        vixAndSpreadSections,
        () =>
          ok({
            sections: [{ id: 'extra', title: 'Extra', markdown: 'x', json: null, svgCharts: [] }],
            summary: [{ section: 'extra', metric: 'm', value: '1', target: '<= 2', met: true }],
            targets: [{ id: 'put-replica', figure: '+0.4 pts', met: true }],
          }),
      ],
    };
    const out = tempDir();
    const outcome = await runValidate({ json: false, out }, io, deps);
    expect(outcome.summary[outcome.summary.length - 1]).toMatchObject({ section: 'extra' });
    // A provider's target rows join the table in the table's order; rows nobody measured say so.
    expect(outcome.summary.find((r) => r.section === 'targets' && r.value === '+0.4 pts')).toMatchObject({ targetId: 'put-replica', met: true });
    // The VIX-option and spread sections measure their three rows; the extra provider measures put-replica.
    const measured = ['put-replica', 'vix-option-iv-by-tenor', 'vix-stress-strike', 'half-spread-ratio'];
    const notMeasured = outcome.summary.filter((r) => r.section === 'targets' && r.value === 'not measured in this build');
    expect(notMeasured.map((r) => (r as { targetId?: string }).targetId)).toEqual(TARGET_IDS.filter((id) => !measured.includes(id)));
    expect(io.text()).toContain('<= 2 (met)');
    const json = JSON.parse(readFileSync(join(out, 'validate.json'), 'utf8')) as { sections: { id: string }[] };
    // The target table first, then each provider's sections in order, the configuration last.
    expect(json.sections.map((s) => s.id)).toEqual(['targets', 'vix-options', 'spreads', 'extra', 'fitted-parameters', 'configuration']);
  });
});

describe('alvh validate --model-config', () => {
  /** The command on a history with no days and no providers: what is checked is the config it ran with. */
  async function validateWith(args: readonly string[]): Promise<{ error: unknown; out: string }> {
    const out = tempDir();
    const deps: ValidateDependencies = { loadHistory: () => Promise.resolve(emptyHistory), loadChains: () => ok(realChains()), providers: [], config: DEFAULT_MARKET_MODEL_CONFIG };
    const program = new Command('alvh').exitOverride();
    registerValidateCommand(program, captureIo(), deps);
    try {
      await program.parseAsync(['node', 'alvh', 'validate', '--out', out, ...args]);
      return { error: undefined, out };
    } catch (error) {
      return { error, out };
    }
  }

  it('runs the exam with the model of the file and names the file in the report', async () => {
    const file = join('presets', 'model', 'exchange-tick.json');
    const { error, out } = await validateWith(['--model-config', file]);
    expect(error).toBeUndefined();
    const report = readFileSync(join(out, 'validate.md'), 'utf8');
    expect(report).toContain(`- market model config: ${file}`);
    const json = JSON.parse(readFileSync(join(out, 'validate.json'), 'utf8')) as { sections: { id: string; data: { spx: { vixStripZeroBid: string } } }[] };
    expect(json.sections.find((s) => s.id === 'configuration')?.data.spx.vixStripZeroBid).toBe('exchange-tick');
  });

  it('without it, the report says the defaults ran', async () => {
    const { error, out } = await validateWith([]);
    expect(error).toBeUndefined();
    expect(readFileSync(join(out, 'validate.md'), 'utf8')).toContain('- market model config: defaults');
  });

  it('refuses a bad file before loading anything, naming the option, the file and the field', async () => {
    const dir = tempDir();
    const file = join(dir, 'model.json');
    writeFileSync(file, '{"spread":{"nope":1}}');
    const { error } = await validateWith(['--model-config', file]);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toBe(`--model-config: invalid market model config ${file}: spread.nope: unknown field`);
    expect(existsSync(join(dir, 'validate.md'))).toBe(false);
  });

  it('with --chains too, a bad file is refused before the chain store is read', async () => {
    const file = join(tempDir(), 'model.json');
    writeFileSync(file, '{"vix":');
    const { error } = await validateWith(['--chains', '--model-config', file]);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toMatch(new RegExp(`^--model-config: ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: not valid JSON`));
  });
});

describe('alvh validate --across-models', () => {
  /** A provider whose put-replica row says which skew calibration it ran on: met only on the fixed smile. */
  const skewProvider: ValidationSectionProvider = ({ config }) =>
    ok({ sections: [], summary: [], targets: [{ id: 'put-replica', figure: `skew calibration ${config.spx.skewCalibration}`, met: config.spx.skewCalibration === 'off' }] });

  function depsWith(providers: ValidationSectionProvider[]): ValidateDependencies {
    return { loadHistory: () => Promise.resolve(emptyHistory), loadChains: () => ok(realChains()), providers, config: DEFAULT_MARKET_MODEL_CONFIG };
  }

  it('runs the exam on each other model and puts its target rows beside this run\'s', async () => {
    const skewOff = join('presets', 'model', 'skew-off.json');
    const io = captureIo();
    const out = tempDir();
    const outcome = await runValidate({ json: false, out, acrossModels: [{ source: skewOff, config: loadMarketModelConfigFile(skewOff) }] }, io, depsWith([skewProvider]));
    // The summary and the report are this run's (the defaults); the other model adds a column only.
    expect(outcome.summary.find((r) => (r as { targetId?: string }).targetId === 'put-replica')).toMatchObject({ value: 'skew calibration daily', met: false });
    const json = JSON.parse(readFileSync(join(out, 'validate.json'), 'utf8')) as { sections: Array<{ id: string; data: { models: string[]; targets: Array<{ id: string; byModel: Array<{ figure: string; met: boolean }> }> } }> };
    expect(json.sections.map((s) => s.id)).toEqual(['targets', 'targets-across-models', 'fitted-parameters', 'configuration']);
    const across = json.sections[1]!.data;
    expect(across.models).toEqual(['defaults', skewOff]);
    expect(across.targets.find((t) => t.id === 'put-replica')?.byModel).toEqual([
      { model: 'defaults', figure: 'skew calibration daily', met: false, measured: true },
      { model: skewOff, figure: 'skew calibration off', met: true, measured: true },
    ]);
    expect(io.text()).toContain('The targets on other market models:');
    expect(io.text()).toMatch(/targets met\s+0 of 12\s+1 of 12/);
    expect(readFileSync(join(out, 'validate.md'), 'utf8')).toContain('  - skew-off.json: skew calibration off (met)');
  });

  it("an exam on another thread that cannot run is the user's error, naming the model, as on this thread", async () => {
    const skewOff = join('presets', 'model', 'skew-off.json');
    const deps: ValidateDependencies = {
      ...depsWith([skewProvider]),
      examsElsewhere: (models) => Promise.reject(new Error(`the exam on ${models[0]?.source} failed: validation cannot run: no quotes`)),
    };
    const run = runValidate({ json: true, out: tempDir(), acrossModels: [{ source: skewOff, config: loadMarketModelConfigFile(skewOff) }] }, captureIo(), deps);
    await expect(run).rejects.toThrow(UserError);
    await expect(run).rejects.toThrow(`--across-models the exam on ${skewOff} failed: validation cannot run: no quotes`);
  });

  it('refuses --chains, an unknown file and its own model only, before running', async () => {
    const program = () => {
      const p = new Command('alvh').exitOverride();
      registerValidateCommand(p, captureIo(), depsWith([]));
      return p;
    };
    const run = (args: string[]) => program().parseAsync(['node', 'alvh', 'validate', '--out', tempDir(), ...args]);
    await expect(run(['--chains', '--across-models'])).rejects.toThrow('--across-models runs the bundled exam on each model config: it cannot be combined with --chains');
    await expect(run(['--across-models', 'presets/model/nope.json'])).rejects.toThrow('--across-models: model config file not found: presets/model/nope.json');
    await expect(run(['--model-config', 'presets/model/skew-off.json', '--across-models', 'presets/model/skew-off.json'])).rejects.toThrow("every file named is the run's own model");
  });
});

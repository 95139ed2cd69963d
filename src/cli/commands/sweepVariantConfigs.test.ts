/**
 * A sweep's top variants as config files a trader can run, end to end on the bundled history: the
 * best variant's file reruns it with `alvh backtest --config` to the sweep's own figures, and
 * `alvh signal` and `alvh book` follow it in a book (named on the first command: the book keeps the
 * config; never mixed with a preset).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPreset, loadStrategyConfigFile } from '../../data/presets.js';
import { runCli } from '../testing.js';

const dir = mkdtempSync(join(tmpdir(), 'alvh-variant-configs-'));
const db = join(dir, 'sweeps.duckdb');
const out = join(dir, 'report');
const configs = join(out, 'configs');
/** A sweep of three variants over one quarter and the CLI commands after it: about 15 s on a busy 2-core machine. */
const VARIANT_CONFIG_TEST_TIMEOUT_MS = 180_000;

function writeSpec(values: readonly number[]): string {
  const path = join(dir, `spec-${values.join('-')}.json`);
  writeFileSync(
    path,
    JSON.stringify({
      name: 'configs',
      basePreset: 'alvh-ladder',
      vary: [{ kind: 'list', path: 'hedge.hedgeCallDelta', values }],
      period: { from: '2018-01-02', to: '2018-03-29' },
      rankBy: 'sharpeRatio',
      walkForward: { inSampleMonths: 1, outOfSampleMonths: 1 },
      cscvBlocks: 2,
    }),
  );
  return path;
}

interface TopRow {
  readonly key: string;
  readonly rank: number;
  readonly isBaseline: boolean;
  readonly configFile: string | null;
  readonly metrics: { readonly sharpeRatio: number; readonly cagrFraction: number; readonly hedgeNetPnlPerYearUsd: number };
}
let top: TopRow[] = [];
let sweepStdout = '';

beforeAll(async () => {
  const r = await runCli(['sweep', writeSpec([0.2, 0.5]), '--db', db, '--out', out]);
  expect(r.code, r.stderr).toBe(0);
  sweepStdout = r.stdout;
  const report = JSON.parse(readFileSync(join(out, 'sweep.json'), 'utf8')) as { sections: { id: string; data: unknown }[] };
  top = report.sections.find((s) => s.id === 'top')?.data as TopRow[];
}, VARIANT_CONFIG_TEST_TIMEOUT_MS);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const bestRow = () => top.find((r) => !r.isBaseline) as TopRow;
const bestFile = () => join(out, bestRow().configFile as string);

describe('a sweep writes its top variants as strategy configs', () => {
  it('one file per variant but the preset, each a whole config that names the sweep, the rank and the data', () => {
    const files = readdirSync(configs).sort();
    const variants = top.filter((r) => !r.isBaseline);
    expect(variants).toHaveLength(2);
    expect(files).toEqual(variants.map((r) => `alvh-ladder~${r.key.slice(0, 10)}.json`).sort());
    for (const row of variants) {
      expect(row.configFile).toBe(`configs/alvh-ladder~${row.key.slice(0, 10)}.json`);
      const config = loadStrategyConfigFile(join(out, row.configFile as string));
      expect(config.name).toBe(`alvh-ladder~${row.key.slice(0, 10)}`);
      expect(config.description).toContain(`of sweep 'configs'`);
      expect(config.description).toContain(`Ranked #${row.rank} of 3 by sharpeRatio, 2018-01-02 to 2018-03-29`);
      // Every field is written out, so a later change of a default cannot change the variant.
      const { name: _n, description: _d, ...fields } = config;
      const { name: _pn, description: _pd, ...presetFields } = loadPreset('alvh-ladder');
      expect(Object.keys(JSON.parse(readFileSync(join(out, row.configFile as string), 'utf8')) as object).length).toBe(Object.keys(presetFields).length + 2);
      expect({ ...fields, hedge: { ...fields.hedge, hedgeCallDelta: presetFields.hedge.hedgeCallDelta } }).toEqual(presetFields);
    }
    expect(sweepStdout).toContain(`the best's daily signal: alvh signal --config ${bestFile()}`);
  });

  it('reruns with alvh backtest --config to the figures the sweep ranked it by', async () => {
    const r = await runCli(['backtest', '--config', bestFile(), '--preset', 'unhedged', '--from', '2018-01-02', '--to', '2018-03-29', '--out', join(dir, 'backtest'), '--json']);
    expect(r.code, r.stderr).toBe(0);
    const summaries = (JSON.parse(r.stdout) as { summaries: { name: string; metrics: { sharpeRatio: number; cagrFraction: number }; hedgeNetPnlPerYearUsd: number }[] }).summaries;
    const rerun = summaries.find((s) => s.name === `alvh-ladder~${bestRow().key.slice(0, 10)}`);
    expect(rerun).toBeDefined();
    // The same engine on the same market: equal to the last digit, not within a tolerance.
    expect(rerun?.metrics.sharpeRatio).toBe(bestRow().metrics.sharpeRatio);
    expect(rerun?.metrics.cagrFraction).toBe(bestRow().metrics.cagrFraction);
    expect(rerun?.hedgeNetPnlPerYearUsd).toBe(bestRow().metrics.hedgeNetPnlPerYearUsd);
  }, VARIANT_CONFIG_TEST_TIMEOUT_MS);

  it("gives the variant's daily signal, and a book that follows it keeps its config", async () => {
    const book = join(dir, 'book.sqlite');
    const name = `alvh-ladder~${bestRow().key.slice(0, 10)}`;
    const signal = await runCli(['signal', '--config', bestFile(), '--date', '2018-01-03', '--book', book]);
    expect(signal.code, signal.stderr).toBe(0);
    expect(signal.stdout).toContain(`Signal for 2018-01-03 (${name})\nStrategy: ${bestFile()}: Variant ${bestRow().key.slice(0, 10)} of sweep 'configs': alvh-ladder with hedge.hedgeCallDelta = `);
    const accept = await runCli(['book', 'accept', '--config', bestFile(), '--date', '2018-01-03', '--book', book]);
    expect(accept.code, accept.stderr).toBe(0);
    // Without the file the book follows the config it kept with its state: the same signal as with the file.
    const bare = await runCli(['signal', '--date', '2018-01-04', '--book', book, '--json']);
    expect(bare.code, bare.stderr).toBe(0);
    const withFile = await runCli(['signal', '--config', bestFile(), '--date', '2018-01-04', '--book', book, '--json']);
    expect(withFile.code, withFile.stderr).toBe(0);
    const signalOf = (stdout: string) => (JSON.parse(stdout) as { signal: { preset: string } }).signal;
    expect(signalOf(bare.stdout).preset).toBe(name);
    expect(signalOf(bare.stdout)).toEqual(signalOf(withFile.stdout));
    // The JSON says where each one's config came from, with the same hash: the file's text is what the book kept.
    const strategyOf = (stdout: string) => (JSON.parse(stdout) as { strategy: { name: string; source: string; file?: string; configSha256: string } }).strategy;
    expect(strategyOf(bare.stdout)).toMatchObject({ name, source: 'config kept in the book' });
    expect(strategyOf(bare.stdout).file).toBeUndefined();
    expect(strategyOf(withFile.stdout)).toMatchObject({ name, source: 'config file', file: bestFile(), configSha256: strategyOf(bare.stdout).configSha256 });
    const bareText = await runCli(['signal', '--date', '2018-01-04', '--book', book]);
    expect(bareText.code, bareText.stderr).toBe(0);
    expect(bareText.stdout).toMatch(new RegExp(`^Signal for 2018-01-04 \\(${name}\\)\nStrategy: the config of '${name}' the book keeps \\(sha256 [0-9a-f]{12}\\): Variant ${bestRow().key.slice(0, 10)} of sweep 'configs'`));
    const keptList = await runCli(['book', 'list', '--date', '2018-01-04', '--book', book]);
    expect(keptList.code, keptList.stderr).toBe(0);
    expect(keptList.stdout).toMatch(new RegExp(`\\nStrategy: ${name} \\(config kept in the book, config sha256 [0-9a-f]{12}\\)\\n`));
    // The kept config, printed or written to a new file, is the variant's file field for field, and
    // passed back with --config it is the same config (the same hash) as the one the book kept.
    const printed = await runCli(['book', 'config', '--book', book]);
    expect(printed.code, printed.stderr).toBe(0);
    expect(JSON.parse(printed.stdout)).toEqual(loadStrategyConfigFile(bestFile()));
    expect(printed.stderr).toMatch(new RegExp(`^the config of '${name}' \\(config kept in the book, config sha256 [0-9a-f]{12}\\)\n$`));
    const recovered = join(dir, 'recovered.json');
    const written = await runCli(['book', 'config', '--book', book, '--out', recovered]);
    expect(written.code, written.stderr).toBe(0);
    expect(written.stdout).toBe(`wrote ${printed.stderr.trimEnd()} to ${recovered}\n`);
    const fromRecovered = await runCli(['signal', '--config', recovered, '--date', '2018-01-04', '--book', book, '--json']);
    expect(fromRecovered.code, fromRecovered.stderr).toBe(0);
    expect(strategyOf(fromRecovered.stdout).configSha256).toBe(strategyOf(bare.stdout).configSha256);
    // An existing file is never replaced.
    const again = await runCli(['book', 'config', '--book', book, '--out', recovered]);
    expect(again.stderr).toBe(`alvh: --out ${recovered}: the file exists; name a new file (nothing was written)\n`);
    const preset = await runCli(['book', 'list', '--preset', 'alvh-ladder', '--date', '2018-01-04', '--book', book]);
    expect(preset.code).not.toBe(0);
    expect(preset.stderr).toContain(`the book follows the '${name}' strategy, not 'alvh-ladder': give neither --preset nor --config (the book keeps its config), or pass --config`);
    const both = await runCli(['signal', '--preset', 'alvh-ladder', '--config', bestFile(), '--book', book]);
    expect(both.stderr).toBe('alvh: --preset and --config both name the strategy: give one\n');
    const list = await runCli(['book', 'list', '--config', bestFile(), '--date', '2018-01-04', '--book', book]);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(new RegExp(`\\nStrategy: ${name} \\(config file, config sha256 [0-9a-f]{12}\\)\\n`));
    // The same name with an edited rule: the book follows the file as it is now, and says its state was made under others.
    const edited = join(dir, 'edited.json');
    const config = loadStrategyConfigFile(bestFile());
    writeFileSync(edited, JSON.stringify({ ...config, hedge: { ...config.hedge, takeProfitMultipleOfCost: config.hedge.takeProfitMultipleOfCost + 1 } }));
    const afterEdit = await runCli(['book', 'list', '--config', edited, '--date', '2018-01-04', '--book', book]);
    expect(afterEdit.code, afterEdit.stderr).toBe(0);
    expect(afterEdit.stdout).toMatch(
      new RegExp(`; this state was made under another config \\(sha256 [0-9a-f]{12}\\): the next signal follows this one, which sets hedge\\.takeProfitMultipleOfCost ${config.hedge.takeProfitMultipleOfCost + 1} \\(was ${config.hedge.takeProfitMultipleOfCost}\\)\\)\\n`),
    );
    // Accepted under the edited file, the book keeps that config too, and follows it from then on.
    const acceptEdited = await runCli(['book', 'accept', '--config', edited, '--date', '2018-01-04', '--book', book]);
    expect(acceptEdited.code, acceptEdited.stderr).toBe(0);
    const editedHash = /config sha256 ([0-9a-f]{12})/.exec(afterEdit.stdout)?.[1];
    const afterAccept = await runCli(['book', 'list', '--date', '2018-01-05', '--book', book]);
    expect(afterAccept.code, afterAccept.stderr).toBe(0);
    expect(afterAccept.stdout).toContain(`\nStrategy: ${name} (config kept in the book, config sha256 ${editedHash})\n`);
  }, VARIANT_CONFIG_TEST_TIMEOUT_MS);

  it("refuses a config file that takes a bundled preset's name with other rules, and takes the preset's own", async () => {
    const other = { ...loadStrategyConfigFile(bestFile()), name: 'alvh-ladder' };
    const otherFile = join(dir, 'renamed.json');
    writeFileSync(otherFile, JSON.stringify(other));
    const refused = await runCli(['signal', '--config', otherFile, '--date', '2018-01-03', '--book', join(dir, 'renamed.sqlite')]);
    expect(refused.stderr).toBe(`alvh: --config ${otherFile}: its name 'alvh-ladder' is a bundled preset's, with other rules; give the strategy a name of its own (the book records its strategy by name)\n`);
    expect(existsSync(join(dir, 'renamed.sqlite'))).toBe(false);
    const sameFile = join(dir, 'same.json');
    writeFileSync(sameFile, JSON.stringify(loadPreset('alvh-ladder')));
    const same = await runCli(['signal', '--config', sameFile, '--date', '2018-01-03', '--book', join(dir, 'same.sqlite')]);
    expect(same.code, same.stderr).toBe(0);
    expect(same.stdout).toContain('Signal for 2018-01-03 (alvh-ladder)');
  }, VARIANT_CONFIG_TEST_TIMEOUT_MS);

  it("a rerun of the sweep under the same name replaces the old variants' files and keeps the user's", async () => {
    writeFileSync(join(configs, 'my-notes.txt'), 'mine\n');
    const r = await runCli(['sweep', writeSpec([0.4]), '--db', db, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const files = readdirSync(configs).sort();
    expect(files).toHaveLength(2);
    expect(files).toContain('my-notes.txt');
    expect(files.find((f) => f.endsWith('.json'))).toMatch(/^alvh-ladder~[0-9a-f]{10}\.json$/);
    expect(loadStrategyConfigFile(join(configs, files.find((f) => f.endsWith('.json')) as string)).hedge.hedgeCallDelta).toBe(0.4);
  }, VARIANT_CONFIG_TEST_TIMEOUT_MS);
});

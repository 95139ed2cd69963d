/**
 * A book that follows a bundled preset, whose latest state an earlier alvh stored under other numbers
 * of that preset (a newer alvh ships the preset changed): the daily signal says which rules changed
 * since, `alvh book config --state N` gives back the earlier config, and switching to it (under a name
 * of its own) ends the warning, as accepting a day under the new rules does. On the bundled history, from the condor imported on 2018-01-19.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BookStore } from '../../book/store.js';
import { loadPreset } from '../../data/presets.js';
import type { StrategyConfig } from '../../strategy/config.js';
import { runCli } from '../testing.js';

const dir = mkdtempSync(join(tmpdir(), 'alvh-rules-changed-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const book = join(dir, 'book.sqlite');
/** Each command on the book loads the bundled history: a few seconds each on a busy 2-core machine. */
const RULES_CHANGED_TEST_TIMEOUT_MS = 120_000;

const ladder = loadPreset('alvh-ladder');
/** alvh-ladder as an earlier alvh might have shipped it: two numbers otherwise, and other words. */
const earlierLadder: StrategyConfig = {
  ...ladder,
  description: 'The ladder as an earlier alvh shipped it',
  hedge: { ...ladder.hedge, takeProfitMultipleOfCost: 2.5, maxLayerLifeDays: 120 },
};

interface SignalJson {
  readonly strategy: { readonly name: string; readonly rulesChangedSinceState?: { stateId: number; day: string; stateConfigSha256: string; differences: Array<{ field: string; was: string; now: string }> | null } };
}

beforeAll(async () => {
  const r = await runCli(['book', 'import', 'test/fixtures/book/condor-2018-01-19.csv', '--book', book]);
  expect(r.code, r.stderr).toBe(0);
  // The state an earlier alvh would have stored: the same positions, under its alvh-ladder.
  const store = BookStore.open(book);
  try {
    const first = store.latestState();
    if (first === undefined) throw new Error('the import stored no state');
    const configJson = JSON.stringify(earlierLadder);
    const configHash = createHash('sha256').update(configJson).digest('hex');
    store.appendState({ dayIso: first.dayIso, kind: 'edit', preset: 'alvh-ladder', snapshotJson: first.snapshotJson, dataVersion: first.dataVersion, configHash, note: 'as an earlier alvh stored it' }, [], { configJson });
  } finally {
    store.close();
  }
}, RULES_CHANGED_TEST_TIMEOUT_MS);

describe('a bundled preset changed since the book was last stored', () => {
  it('the signal names the rules that changed (not the description) and how to keep the earlier ones', async () => {
    const text = await runCli(['signal', '--date', '2018-01-22', '--book', book]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(
      /\nRules changed since the book's state #2 of 2018-01-19, made under another config of 'alvh-ladder' \(sha256 [0-9a-f]{12}\): this signal follows the bundled preset as this alvh ships it, which sets hedge\.takeProfitMultipleOfCost 3 \(was 2\.5\), hedge\.maxLayerLifeDays 91 \(was 120\)\. To keep the earlier rules: alvh book config --state 2 --out FILE, give the file a name of its own, then alvh book switch --config FILE\n/,
    );
    const json = await runCli(['signal', '--date', '2018-01-22', '--book', book, '--json']);
    expect(json.code, json.stderr).toBe(0);
    const change = (JSON.parse(json.stdout) as SignalJson).strategy.rulesChangedSinceState;
    expect(change).toEqual({
      stateId: 2,
      day: '2018-01-19',
      stateConfigSha256: createHash('sha256').update(JSON.stringify(earlierLadder)).digest('hex'),
      differences: [
        { field: 'hedge.takeProfitMultipleOfCost', was: '2.5', now: '3' },
        { field: 'hedge.maxLayerLifeDays', was: '120', now: '91' },
      ],
    });
    // Accepting the day takes the new rules, and says so; the state it stores is under them, so the
    // next day's signal has nothing to say.
    const accepted = await runCli(['book', 'accept', '--date', '2018-01-22', '--book', book]);
    expect(accepted.code, accepted.stderr).toBe(0);
    expect(accepted.stdout).toMatch(/^2018-01-22: accepted \d+ decision\(s\), \d+ trade\(s\) \(state #3\)\n/);
    expect(accepted.stdout).toContain("\n  Rules changed since the book's state #2 of 2018-01-19, made under another config of 'alvh-ladder'");
    const next = await runCli(['signal', '--date', '2018-01-23', '--book', book, '--json']);
    expect(next.code, next.stderr).toBe(0);
    expect((JSON.parse(next.stdout) as SignalJson).strategy).not.toHaveProperty('rulesChangedSinceState');
  }, RULES_CHANGED_TEST_TIMEOUT_MS);

  it('book config --state gives the earlier config back; under a name of its own the book switches to it, and the warning ends', async () => {
    const out = join(dir, 'earlier-ladder.json');
    const written = await runCli(['book', 'config', '--state', '2', '--out', out, '--book', book]);
    expect(written.code, written.stderr).toBe(0);
    expect(written.stdout).toMatch(
      /^wrote the config state #2 \(2018-01-19\) was made under: 'alvh-ladder' \(kept in the book, config sha256 [0-9a-f]{12}, read by this alvh; it differs from the bundled preset 'alvh-ladder' as this alvh ships it: give the file a name of its own before alvh book switch --config FILE\) to /,
    );
    const earlier = JSON.parse(readFileSync(out, 'utf8')) as StrategyConfig;
    expect(earlier).toEqual(earlierLadder);
    // Under the preset's name the file is refused, as the line said; renamed, the book takes it.
    const clash = await runCli(['book', 'switch', '--config', out, '--book', book]);
    expect(clash.stderr).toContain("its name 'alvh-ladder' is a bundled preset's, with other rules");
    writeFileSync(out, JSON.stringify({ ...earlier, name: 'ladder-as-before' }));
    const switched = await runCli(['book', 'switch', '--config', out, '--book', book]);
    expect(switched.code, switched.stderr).toBe(0);
    // The switch names what it changes: the accepted state #3 is under the preset as this alvh ships it.
    expect(switched.stdout).toContain('\n  the new rules set hedge.takeProfitMultipleOfCost 2.5 (was 3), hedge.maxLayerLifeDays 120 (was 91)\n');
    // The next day, the first under the switch (2018-01-22, accepted, replays from the state it was issued from).
    const after = await runCli(['signal', '--date', '2018-01-23', '--book', book, '--json']);
    expect(after.code, after.stderr).toBe(0);
    const summary = (JSON.parse(after.stdout) as SignalJson).strategy;
    expect(summary.name).toBe('ladder-as-before');
    expect(summary).not.toHaveProperty('rulesChangedSinceState');
  }, RULES_CHANGED_TEST_TIMEOUT_MS);

  it('book config --state refuses a state the book does not have, and an id that is not one', async () => {
    const missing = await runCli(['book', 'config', '--state', '99', '--book', book]);
    expect(missing.stderr).toBe('alvh: --state 99: the book has no such state (its latest is #4; alvh book list names the state in force)\n');
    const bad = await runCli(['book', 'config', '--state', '0', '--book', book]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('--state');
  }, RULES_CHANGED_TEST_TIMEOUT_MS);
});

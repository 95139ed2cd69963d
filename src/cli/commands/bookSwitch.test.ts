/**
 * `alvh book switch`, end to end on the bundled history: a book holding a condor (imported on
 * 2018-01-19 under alvh-ladder) is handed to a variant config and back. The positions stay as they
 * are, the book keeps the new config, and the next signal follows it; a switch that would change
 * nothing, or that names no strategy, is refused and writes nothing.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptSignal, closePosition, issueSignal } from '../../book/bookService.js';
import { loadPreset } from '../../data/presets.js';
import { dayFromIso } from '../../time/day.js';
import { ConflictError } from '../io.js';
import { runCli } from '../testing.js';
import { defaultBookDeps, withBook, type BookCommandDeps } from './bookContext.js';

const dir = mkdtempSync(join(tmpdir(), 'alvh-book-switch-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const book = join(dir, 'book.sqlite');
const variantFile = join(dir, 'my-ladder.json');
/** Each command on the book loads the bundled history: a few seconds each on a busy 2-core machine. */
const SWITCH_TEST_TIMEOUT_MS = 120_000;

interface ListJson {
  readonly state: { readonly id: number; readonly day: string; readonly kind: string };
  readonly strategy: { readonly name: string; readonly source: string; readonly configHash: string; readonly stateConfigHash: string };
  readonly positions: readonly { readonly id: string; readonly markPoints: number | null }[];
}
const list = async (): Promise<ListJson> => {
  const r = await runCli(['book', 'list', '--date', '2018-01-22', '--book', book, '--json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as ListJson;
};

beforeAll(async () => {
  const ladder = loadPreset('alvh-ladder');
  writeFileSync(variantFile, JSON.stringify({ ...ladder, name: 'my-ladder', description: 'The ladder with 0.4-delta hedge calls', hedge: { ...ladder.hedge, hedgeCallDelta: 0.4 } }));
  const r = await runCli(['book', 'import', 'test/fixtures/book/condor-2018-01-19.csv', '--book', book]);
  expect(r.code, r.stderr).toBe(0);
}, SWITCH_TEST_TIMEOUT_MS);

describe('alvh book switch', () => {
  it("hands the positions to the variant: the same positions and marks, the variant's config kept, its signal next", async () => {
    const before = await list();
    expect(before.strategy.name).toBe('alvh-ladder');
    // Named against the book without switching: refused, and the message says how to switch.
    const refused = await runCli(['signal', '--config', variantFile, '--date', '2018-01-22', '--book', book]);
    expect(refused.stderr).toContain(`the book follows the 'alvh-ladder' strategy, not 'my-ladder': pass --preset alvh-ladder; to hand the book's positions to 'my-ladder', alvh book switch --config ${variantFile}`);
    const r = await runCli(['book', 'switch', '--config', variantFile, '--book', book]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /^switched the book from 'alvh-ladder' \(config sha256 [0-9a-f]{12}\) to 'my-ladder' \(config file, config sha256 [0-9a-f]{12}\) as of 2018-01-19 \(state #2\): the positions stay as they are, and the next signal follows 'my-ladder'\n {2}the new rules set hedge\.hedgeCallDelta 0\.4 \(was 0\.3\)\n$/,
    );
    const after = await list();
    expect(after.state).toEqual({ id: 2, day: '2018-01-19', kind: 'edit' });
    expect(after.strategy).toMatchObject({ name: 'my-ladder', source: 'config kept in the book' });
    expect(after.strategy.stateConfigHash).toBe(after.strategy.configHash);
    // Nothing traded: the same four legs at the same marks.
    expect(after.positions).toEqual(before.positions);
    const signal = await runCli(['signal', '--date', '2018-01-22', '--book', book, '--json']);
    expect(signal.code, signal.stderr).toBe(0);
    const issued = JSON.parse(signal.stdout) as { strategy: { name: string; source: string }; signal: { preset: string }; book: { baseStateId: number } };
    expect(issued.strategy).toMatchObject({ name: 'my-ladder', source: 'config kept in the book' });
    expect(issued.signal.preset).toBe('my-ladder');
    expect(issued.book.baseStateId).toBe(2);
  }, SWITCH_TEST_TIMEOUT_MS);

  it('refuses a switch that names no strategy or changes nothing, and switches back to the preset', async () => {
    const none = await runCli(['book', 'switch', '--book', book]);
    expect(none.stderr).toBe('alvh: name the strategy to switch the book to: --preset NAME or --config FILE\n');
    const same = await runCli(['book', 'switch', '--config', variantFile, '--book', book]);
    expect(same.stderr).toMatch(/^alvh: the book already follows 'my-ladder' with this config \(sha256 [0-9a-f]{12}\): nothing to switch\n$/);
    expect((await list()).state.id).toBe(2);
    const back = await runCli(['book', 'switch', '--preset', 'alvh-ladder', '--book', book]);
    expect(back.code, back.stderr).toBe(0);
    expect(back.stdout).toContain("to 'alvh-ladder' (bundled preset, config sha256 ");
    expect((await list()).strategy).toMatchObject({ name: 'alvh-ladder', source: 'bundled preset' });
  }, SWITCH_TEST_TIMEOUT_MS);

  it('switched after a day is accepted: that day is not accepted again, and days before the switch replay under the strategy the book followed then', async () => {
    const accepted = await runCli(['book', 'accept', '--date', '2018-01-22', '--book', book]);
    expect(accepted.code, accepted.stderr).toBe(0);
    const switched = await runCli(['book', 'switch', '--config', variantFile, '--book', book]);
    expect(switched.code, switched.stderr).toBe(0);
    expect(switched.stdout).toContain('as of 2018-01-22');
    // The switch was stored on the accepted state; a second accept would step the day again from it.
    const again = await runCli(['book', 'accept', '--date', '2018-01-22', '--book', book]);
    expect(again.stderr).toBe('alvh: 2018-01-22 is already accepted\n');
    // The accepted day's signal starts from the state it was issued from (before the accept, made under
    // alvh-ladder) and runs under the strategy of that state, not the one the book follows now: the
    // replay gives back the very signal the accept journalled. So does a day before the switch.
    for (const date of ['2018-01-22', '2018-01-19']) {
      const replay = await runCli(['signal', '--date', date, '--book', book, '--json']);
      expect(replay.code, `${date}: ${replay.stderr}`).toBe(0);
      const issued = JSON.parse(replay.stdout) as { strategy: { name: string; source: string; bookNowFollows?: string }; signal: { preset: string }; book: { baseDay: string | null }; journal: string };
      expect(issued.strategy).toMatchObject({ name: 'alvh-ladder', source: 'bundled preset', bookNowFollows: 'my-ladder' });
      expect(issued.signal.preset).toBe('alvh-ladder');
      expect(issued.book.baseDay).toBe('2018-01-19');
      if (date === '2018-01-22') expect(issued.journal).toBe('reproduced');
    }
    const text = await runCli(['signal', '--date', '2018-01-22', '--book', book]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/\nStrategy: 'alvh-ladder' \(bundled preset, sha256 [0-9a-f]{12}\), the one the book followed on this day; it has since switched to 'my-ladder'\n/);
    // The book's pages mark that day's positions under the strategy it follows now, and say so.
    const listed = await runCli(['book', 'list', '--date', '2018-01-19', '--book', book]);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toContain('\nStrategy: my-ladder (config kept in the book, config sha256 ');
    expect(listed.stdout).toContain('; this state was made under another config (sha256 ');
    const next = await runCli(['book', 'accept', '--date', '2018-01-23', '--book', book]);
    expect(next.code, next.stderr).toBe(0);
    // Back to the preset after 2018-01-23 was accepted under the variant: that day replays under the
    // variant's config, read from the book (no file named), and reproduces its journalled signal.
    rmSync(variantFile);
    const back = await runCli(['book', 'switch', '--preset', 'alvh-ladder', '--book', book]);
    expect(back.code, back.stderr).toBe(0);
    const replay = await runCli(['signal', '--date', '2018-01-23', '--book', book, '--json']);
    expect(replay.code, replay.stderr).toBe(0);
    const issued = JSON.parse(replay.stdout) as { strategy: { name: string; source: string; bookNowFollows?: string }; journal: string };
    expect(issued.strategy).toMatchObject({ name: 'my-ladder', source: 'config kept in the book', bookNowFollows: 'alvh-ladder' });
    expect(issued.journal).toBe('reproduced');
    // The next day starts from the switch: the preset's signal.
    const after = await runCli(['signal', '--date', '2018-01-24', '--book', book, '--json']);
    expect(after.code, after.stderr).toBe(0);
    expect(JSON.parse(after.stdout)).toMatchObject({ strategy: { name: 'alvh-ladder', source: 'bundled preset' } });
    expect((JSON.parse(after.stdout) as { strategy: object }).strategy).not.toHaveProperty('bookNowFollows');
  }, SWITCH_TEST_TIMEOUT_MS);

  it('refuses to switch an empty book, and leaves no file behind', async () => {
    const empty = join(dir, 'empty.sqlite');
    const r = await runCli(['book', 'switch', '--preset', 'cndr', '--book', empty]);
    expect(r.stderr).toBe('alvh: the book is empty: it follows the strategy its first command names (pass --preset or --config to that command); there is nothing to switch\n');
    expect(existsSync(empty)).toBe(false);
  }, SWITCH_TEST_TIMEOUT_MS);
});

/**
 * A command chooses its strategy from the book before it opens the book to write, so another command
 * can change the book's strategy in between. `otherCommand` runs that other command at the point where
 * the first one is loading its market history, after it has chosen.
 */
function depsWithCommandDuringLoad(otherCommand: () => Promise<{ code: number; stderr: string }>): { deps: BookCommandDeps; ran: () => { code: number; stderr: string } | undefined } {
  let result: { code: number; stderr: string } | undefined;
  const deps: BookCommandDeps = {
    ...defaultBookDeps,
    loadHistory: async () => {
      result = await otherCommand();
      return defaultBookDeps.loadHistory();
    },
  };
  return { deps, ran: () => result };
}

describe('a strategy change by another command while a command runs', () => {
  /** A book of its own for each case, holding the condor imported on 2018-01-19 under alvh-ladder. */
  const raceBookWithCondor = async (name: string): Promise<{ path: string; list: () => Promise<ListJson> }> => {
    const path = join(dir, name);
    const r = await runCli(['book', 'import', 'test/fixtures/book/condor-2018-01-19.csv', '--book', path]);
    expect(r.code, r.stderr).toBe(0);
    const list = async (): Promise<ListJson> => {
      const listed = await runCli(['book', 'list', '--date', '2018-01-22', '--book', path, '--json']);
      expect(listed.code, listed.stderr).toBe(0);
      return JSON.parse(listed.stdout) as ListJson;
    };
    return { path, list };
  };

  it("refuses a hand close under the strategy the book followed when it started: stored, it would have handed the book back to it and undone the switch", async () => {
    const { path: raceBook, list: listRace } = await raceBookWithCondor('race-close.sqlite');
    const before = await listRace();
    expect(before.strategy.name).toBe('alvh-ladder');
    const shortPut = before.positions[0]?.id as string;
    const { deps, ran } = depsWithCommandDuringLoad(() => runCli(['book', 'switch', '--preset', 'alvh-taper', '--book', raceBook]));
    // The close chose alvh-ladder (the book's strategy then); the switch to alvh-taper lands before it writes.
    const refusal = await withBook({ book: raceBook }, deps, (ctx) => closePosition(ctx, shortPut, dayFromIso('2018-01-22'), 12, 0)).then(
      () => undefined,
      (error: unknown) => error,
    );
    // A conflict with another writer, not a bad request: the server answers it 409.
    expect(refusal).toBeInstanceOf(ConflictError);
    expect((refusal as Error).message).toMatch(
      /^the book's latest state \(#2, 2018-01-19\) was made under 'alvh-taper' by another command after this one read the book under 'alvh-ladder' \(config sha256 [0-9a-f]{12}\): nothing was written; run the command again to act on the book as it is now$/,
    );
    expect(ran()?.code, ran()?.stderr).toBe(0);
    const after = await listRace();
    expect(after.state).toEqual({ id: 2, day: '2018-01-19', kind: 'edit' });
    expect(after.strategy.name).toBe('alvh-taper');
    expect(after.positions).toEqual(before.positions);
    // A signal is refused the same way: run under the switched-to strategy, it would have said the book
    // has since switched to the one this command chose.
    const { deps: signalDeps } = depsWithCommandDuringLoad(() => runCli(['book', 'switch', '--preset', 'alvh-ladder', '--book', raceBook]));
    await expect(withBook({ book: raceBook, preset: 'alvh-taper' }, signalDeps, (ctx) => issueSignal(ctx, dayFromIso('2018-01-22'), ctx.config.initialEquityUsd))).rejects.toThrow(
      /^the book's latest state \(#3, 2018-01-19\) was made under 'alvh-ladder' by another command after this one read the book under 'alvh-taper'/,
    );
    const backAgain = await runCli(['book', 'switch', '--preset', 'alvh-taper', '--book', raceBook]);
    expect(backAgain.code, backAgain.stderr).toBe(0);
    // Run again, the close follows the book as it is now.
    const again = await runCli(['book', 'close', shortPut, '--date', '2018-01-22', '--price', '12', '--book', raceBook]);
    expect(again.code, again.stderr).toBe(0);
    expect((await listRace()).strategy.name).toBe('alvh-taper');
  }, SWITCH_TEST_TIMEOUT_MS);

  it("refuses an accept that follows the book's kept config once another command stored another config of that name, and lets a write under the same strategy through", async () => {
    const taper = loadPreset('alvh-taper');
    const first = join(dir, 'my-taper.json');
    const edited = join(dir, 'my-taper-edited.json');
    writeFileSync(first, JSON.stringify({ ...taper, name: 'my-taper', description: 'The taper with 0.35-delta hedge calls', hedge: { ...taper.hedge, hedgeCallDelta: 0.35 } }));
    writeFileSync(edited, JSON.stringify({ ...taper, name: 'my-taper', description: 'The taper with 0.35-delta hedge calls', hedge: { ...taper.hedge, hedgeCallDelta: 0.4 } }));
    const { path: raceBook, list: listRace } = await raceBookWithCondor('race-accept.sqlite');
    const switched = await runCli(['book', 'switch', '--config', first, '--book', raceBook]);
    expect(switched.code, switched.stderr).toBe(0);
    const before = await listRace();
    // No flag: the accept follows the config the book keeps, and another command stores the edited file's.
    const { deps, ran } = depsWithCommandDuringLoad(() => runCli(['book', 'switch', '--config', edited, '--book', raceBook]));
    await expect(withBook({ book: raceBook }, deps, (ctx) => acceptSignal(ctx, dayFromIso('2018-01-22'), ctx.config.initialEquityUsd))).rejects.toThrow(
      new RegExp(`^the book's latest state \\(#${before.state.id + 1}, 2018-01-19\\) was made under another config of 'my-taper' \\(sha256 [0-9a-f]{12}\\) by another command after this one read the book under 'my-taper' \\(config sha256 ${before.strategy.configHash.slice(0, 12)}\\): nothing was written`),
    );
    expect(ran()?.code, ran()?.stderr).toBe(0);
    expect((await listRace()).state.id).toBe(before.state.id + 1);
    // A write by another command under the very strategy this one follows is no change of strategy: the
    // accept goes ahead from the state that command stored.
    const hedgeCsv = join(dir, 'hedge-2018-01-22.csv');
    writeFileSync(hedgeCsv, 'day,group,role,leg,underlying,type,strike,expiry,settlement,quantity,price,fees_usd\n2018-01-22,hedge-x,hedge,longCall,VIX,call,20,2018-02-14,AM,25,0.60,15\n');
    const sameStrategy = depsWithCommandDuringLoad(() => runCli(['book', 'import', hedgeCsv, '--book', raceBook]));
    const accepted = await withBook({ book: raceBook }, sameStrategy.deps, (ctx) => acceptSignal(ctx, dayFromIso('2018-01-22'), ctx.config.initialEquityUsd));
    expect(sameStrategy.ran()?.code, sameStrategy.ran()?.stderr).toBe(0);
    expect(accepted.stateId).toBe(before.state.id + 3);
    expect(accepted.issued.baseStateId).toBe(before.state.id + 2);
  }, SWITCH_TEST_TIMEOUT_MS);
});


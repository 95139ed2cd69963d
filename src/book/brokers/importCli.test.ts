/**
 * `alvh book import --format`: a broker's file into a fresh book on the real data, the reconciliation
 * printed first, a second import of the same file adding nothing, a dry run writing nothing.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/testing.js';

const dir = mkdtempSync(join(tmpdir(), 'alvh-broker-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fixture = join('src', 'book', 'brokers', 'fixtures', 'tastytrade.csv');

describe('alvh book import --format', () => {
  it('imports the condor and the VIX layer, then finds them in the book on a second import', async () => {
    const book = join(dir, 'book.sqlite');
    const dry = await runCli(['book', 'import', fixture, '--format', 'tastytrade', '--book', book, '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/new: condor condor-2018-03-16 \(4 leg\(s\), file lines 2, 3, 4, 5\)/);
    expect(dry.stdout).toMatch(/closing trade not applied .*line 8, short 20 VIX 2018-02-14 17 call/);
    expect(dry.stdout).toMatch(/dry run: 5 position\(s\) would be imported/);
    const first = await runCli(['book', 'import', fixture, '--format', 'tastytrade', '--book', book]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/imported 5 position\(s\)/);
    const list = await runCli(['book', 'list', '--book', book, '--date', '2018-01-23', '--json']);
    expect((JSON.parse(list.stdout) as { positions: unknown[] }).positions).toHaveLength(5);
    const again = await runCli(['book', 'import', fixture, '--format', 'tastytrade', '--book', book]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/already in the book: condor condor-2018-03-16/);
    expect(again.stdout).toMatch(/nothing new to import/);
  });

  it('names the file, line and field of a bad row and writes nothing; an unknown format is named', async () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, '"Date","Action","Symbol","Quantity","Price","Fees & Comm"\n"01/19/2018","Sell to Open","SPX 03/16/2018 2700.00 P","10","abc",""\n');
    const book = join(dir, 'bad.sqlite');
    const r = await runCli(['book', 'import', bad, '--format', 'schwab', '--book', book]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${bad}:2: field 'Price': 'abc' is not a number`);
    const list = await runCli(['book', 'list', '--book', book, '--json']);
    expect(list.stdout).toMatch(/"positions":\[\]/);
    const unknown = await runCli(['book', 'import', bad, '--format', 'etrade', '--book', book]);
    expect(unknown.stderr).toMatch(/--format 'etrade': one of ibkr-flex, tastytrade, schwab, thinkorswim/);
  });
});

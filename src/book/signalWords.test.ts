import { describe, expect, it } from 'vitest';
import { bookBasisLine, fractionalContractsNote, journalLine, RULES_CHANGED_FIELDS_SHOWN, rulesChangedLine, shortCodeVersion, stateRulesNote, switchRulesText } from './signalWords.js';

describe('the signal basis in words', () => {
  it('says an empty book is empty, with its equity where given, never "state 0 from no day"', () => {
    const empty = { baseStateId: 0, baseDay: null, unsteppedTradingDays: 0 };
    expect(bookBasisLine(empty)).toBe('Book: empty (no position or fill stored yet)');
    expect(bookBasisLine(empty, '1,000,000 USD')).toBe('Book: empty, 1,000,000 USD of equity');
  });

  it('names the stored state and its day, and warns about trading days never accepted since', () => {
    expect(bookBasisLine({ baseStateId: 7, baseDay: '2026-04-15', unsteppedTradingDays: 0 })).toBe('Book: state #7 of 2026-04-15');
    expect(bookBasisLine({ baseStateId: 7, baseDay: '2026-04-15', unsteppedTradingDays: 2 })).toBe(
      'Book: state #7 of 2026-04-15 (warning: the 2 trading day(s) since then were never accepted, so the engine did not step them)',
    );
  });

  it('names a later state the signal leaves out: a replayed day, or a fill recorded past the data', () => {
    const later = { id: 3, day: '2026-08-14' };
    expect(bookBasisLine({ baseStateId: 2, baseDay: '2026-04-15', unsteppedTradingDays: 0, laterState: later })).toBe('Book: state #2 of 2026-04-15; book state #3 of 2026-08-14 is after this day and not in this signal');
    // Nothing held on the day though the book is not empty: it never says "no position or fill stored yet".
    expect(bookBasisLine({ baseStateId: 0, baseDay: null, unsteppedTradingDays: 0, laterState: later })).toBe('Book: empty on this day; book state #3 of 2026-08-14 is after this day and not in this signal');
    expect(bookBasisLine({ baseStateId: 0, baseDay: null, unsteppedTradingDays: 0, laterState: later }, '1,000,000 USD')).toBe('Book: empty on this day, 1,000,000 USD of equity; book state #3 of 2026-08-14 is after this day and not in this signal');
    expect(bookBasisLine({ baseStateId: 2, baseDay: '2026-04-15', unsteppedTradingDays: 0, laterState: null })).toBe('Book: state #2 of 2026-04-15');
  });

  it('says what the journal made of the signal, naming the other build when it differs', () => {
    expect(journalLine({ journal: 'new', journalEarlier: null })).toBe('Journal: stored with the data version and config hash');
    expect(journalLine({ journal: 'reproduced', journalEarlier: null })).toBe('Journal: identical to the signal stored for this day, data and config');
    expect(journalLine({ journal: 'changed', journalEarlier: { alvhVersion: '0.1.0', codeVersion: 'abcdef0123456789' } })).toContain('an earlier build of alvh (0.1.0, code abcdef012345) issued');
    expect(journalLine({ journal: 'changed', journalEarlier: { alvhVersion: '0.0.9', codeVersion: '' } })).toContain('(0.0.9, code not recorded)');
  });

  it('prints a code fingerprint by its first 12 hex digits', () => {
    expect(shortCodeVersion('0123456789abcdef')).toBe('0123456789ab');
    expect(shortCodeVersion('')).toBe('not recorded');
  });
});

describe('fractional contracts in a signal', () => {
  it('says nothing when every trade is whole contracts, and names the preset when one is a fraction', () => {
    expect(fractionalContractsNote('alvh-ladder', [{ quantity: -11 }, { quantity: 11 }, { quantity: 4 }])).toBeUndefined();
    expect(fractionalContractsNote('alvh-ladder', [])).toBeUndefined();
    // The cndr preset's condor of 2018-01-19: 1,000,000 USD over ten times the widest wing (145 points) = 6.8966 contracts.
    expect(fractionalContractsNote('cndr', [{ quantity: -6.896551724137931 }, { quantity: 6.896551724137931 }])).toBe(
      'Fractional contracts: preset cndr sizes as the index it replicates does (sizing.allowFractionalContracts); a brokerage account trades whole contracts',
    );
  });
});

describe('the rules-changed line', () => {
  const at = { stateId: 4, day: '2026-03-02', stateConfigSha256: 'abcdef0123456789abcdef' };

  it('says nothing when the base state was made under the very rules the signal runs under', () => {
    expect(rulesChangedLine({ name: 'alvh-ladder', source: 'bundled preset' })).toBeUndefined();
  });

  it("names the fields a bundled preset now sets otherwise, and how to keep the earlier ones", () => {
    const differences = [
      { field: 'hedge.maxLayerLifeDays', was: '120', now: '91' },
      { field: 'hedge.takeProfitMultipleOfCost', was: '2.5', now: '3' },
    ];
    expect(rulesChangedLine({ name: 'alvh-ladder', source: 'bundled preset', rulesChangedSinceState: { ...at, differences } })).toBe(
      "Rules changed since the book's state #4 of 2026-03-02, made under another config of 'alvh-ladder' (sha256 abcdef012345): this signal follows the bundled preset as this alvh ships it, which sets hedge.maxLayerLifeDays 91 (was 120), hedge.takeProfitMultipleOfCost 3 (was 2.5). To keep the earlier rules: alvh book config --state 4 --out FILE, give the file a name of its own, then alvh book switch --config FILE",
    );
  });

  it('counts the fields beyond the few it names; a config file gets no advice, its user edited it', () => {
    const differences = Array.from({ length: RULES_CHANGED_FIELDS_SHOWN + 2 }, (_, i) => ({ field: `f${i}`, was: '1', now: '2' }));
    const line = rulesChangedLine({ name: 'my-ladder', source: 'config file', rulesChangedSinceState: { ...at, differences } }) as string;
    expect(line).toContain('this signal follows the config file as it reads now, which sets f0 2 (was 1)');
    expect(line).toMatch(/f5 2 \(was 1\) and 2 more$/);
    expect(line).not.toContain('alvh book config');
  });

  it("says why the fields cannot be shown when the book did not keep the state's config", () => {
    expect(rulesChangedLine({ name: 'alvh-ladder', source: 'bundled preset', rulesChangedSinceState: { ...at, differences: null, why: 'the book did not keep that config (a state stored before alvh kept configs)' } })).toBe(
      "Rules changed since the book's state #4 of 2026-03-02, made under another config of 'alvh-ladder' (sha256 abcdef012345): this signal follows the bundled preset as this alvh ships it; which rules differ cannot be shown: the book did not keep that config (a state stored before alvh kept configs)",
    );
  });
});

describe("the book's note on the rules a state was made under", () => {
  const strategy = { name: 'my-ladder', stateConfigHash: 'abcdef0123456789abcdef' };

  it('is empty for a state made under these rules, and names the fields for one made under others', () => {
    expect(stateRulesNote('my-ladder', strategy, undefined)).toBe('');
    const change = { stateId: 2, day: '2018-01-03', stateConfigSha256: strategy.stateConfigHash, differences: [{ field: 'hedge.takeProfitMultipleOfCost', was: '3', now: '4' }] };
    expect(stateRulesNote('my-ladder', strategy, change)).toBe('; this state was made under another config (sha256 abcdef012345): the next signal follows this one, which sets hedge.takeProfitMultipleOfCost 4 (was 3)');
  });

  it('names the strategy of a state made before a switch', () => {
    expect(stateRulesNote('alvh-ladder', strategy, undefined)).toBe("; this state was made under another config (sha256 abcdef012345, of 'alvh-ladder', before the book switched): the next signal follows this one");
  });
});

describe('what a switch changes, in words', () => {
  it('names the fields, says when only a name or description differs, and why it cannot tell', () => {
    expect(switchRulesText({ differences: [{ field: 'hedge.layering', was: '"ladder"', now: '"taper"' }] })).toBe('the new rules set hedge.layering "taper" (was "ladder")');
    expect(switchRulesText({ differences: [] })).toBe('the rules are the same (another name or description only)');
    expect(switchRulesText({ differences: null, why: 'the book did not keep that config (a state stored before alvh kept configs)' })).toBe(
      'which rules change cannot be shown: the book did not keep that config (a state stored before alvh kept configs)',
    );
  });
});


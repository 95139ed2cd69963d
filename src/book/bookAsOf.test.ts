/**
 * Which stored state a mark of one day's close values. A trader who records a fill on a day the
 * model's data does not reach yet (the futures file ends first) must not see that position marked on
 * an earlier day against the price paid later: the mark values the state in force at the day's close
 * and names the later one it leaves out.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dayFromIso } from '../time/day.js';
import { parseStrategyConfig } from '../strategy/config.js';
import { bookAsOf, laterStateNote } from './bookService.js';
import { emptyBookSnapshot } from './bookState.js';
import { BookStore } from './store.js';

const dir = mkdtempSync(join(tmpdir(), 'alvh-book-as-of-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const config = parseStrategyConfig({ name: 'book-as-of-test', entry: { mode: 'calendar' }, management: { mode: 'hold-to-expiry' }, hedge: { enabled: false } }, 'test');
const state = (dayIso: string, kind: 'edit' | 'accept', cashUsd: number) => ({
  dayIso,
  kind,
  preset: config.name,
  // Empty books of different cash: the cash tells the states apart.
  snapshotJson: JSON.stringify(emptyBookSnapshot(config, cashUsd)),
  dataVersion: 'dv',
  configHash: 'c',
  note: '',
});

/** The data reaches past every state here: the notes send the trader to a later mark day. */
const dataEnds = { dayIso: '2018-03-29', reason: 'test data' };

describe('bookAsOf', () => {
  const store = BookStore.open(join(dir, 'book.sqlite'));
  const ctx = { store, config };
  // Three states: an edit on 2018-01-19 (cash 1,000,000), an accept on 2018-02-05 (cash 990,000),
  // a hand edit on 2018-02-09 (cash 980,000).
  const first = store.appendState(state('2018-01-19', 'edit', 1_000_000), []);
  const accepted = store.appendState(state('2018-02-05', 'accept', 990_000), []);
  const last = store.appendState(state('2018-02-09', 'edit', 980_000), []);
  afterAll(() => store.close());

  it('values the state in force at the close: the day\'s own accept included, later edits left out and named', () => {
    const on = bookAsOf(ctx, dayFromIso('2018-02-05'), dataEnds);
    expect(on.current?.row.id).toBe(accepted);
    expect(on.current?.snapshot.book.cashUsd).toBe(990_000);
    expect(on.later).toEqual({ id: last, day: '2018-02-09', note: `book state #${last} of 2018-02-09 is after 2018-02-05 and not in these marks: mark 2018-02-09 or later to see it` });
    const between = bookAsOf(ctx, dayFromIso('2018-02-02'), dataEnds);
    expect(between.current?.row.id).toBe(first);
    expect(between.later).toMatchObject({ id: last, day: '2018-02-09' });
  });

  it('on or after the latest state\'s day it is the latest, with nothing left out', () => {
    for (const iso of ['2018-02-09', '2018-03-01']) {
      const r = bookAsOf(ctx, dayFromIso(iso), dataEnds);
      expect(r.current?.row.id).toBe(last);
      expect(r.later).toBeNull();
    }
  });

  it('before the first state the book held nothing, and the latest state is named', () => {
    const r = bookAsOf(ctx, dayFromIso('2018-01-18'), dataEnds);
    expect(r.current).toBeUndefined();
    expect(r.later).toMatchObject({ id: last, day: '2018-02-09' });
  });
});

describe('laterStateNote', () => {
  const futuresEnd = { dayIso: '2026-04-17', reason: 'the last day with VIX futures settlements' };

  it('sends the trader to a later mark day when the data reaches the state', () => {
    expect(laterStateNote({ id: 3, day: '2026-02-09' }, '2026-02-02', futuresEnd)).toBe('book state #3 of 2026-02-09 is after 2026-02-02 and not in these marks: mark 2026-02-09 or later to see it');
  });

  it('sends the trader to the data when the state is dated after its last day, whichever day is marked', () => {
    const note = "book state #2 of 2026-08-14 is after DAY and not in these marks: the model's data ends on 2026-04-17 (the last day with VIX futures settlements; run alvh data update)";
    expect(laterStateNote({ id: 2, day: '2026-08-14' }, '2026-04-17', futuresEnd)).toBe(note.replace('DAY', '2026-04-17'));
    expect(laterStateNote({ id: 2, day: '2026-08-14' }, '2026-01-05', futuresEnd)).toBe(note.replace('DAY', '2026-01-05'));
  });
});

import { describe, expect, it } from 'vitest';
import { formatDuration, parseSpecText, percentDone, progressText, runsOnText, sameResultText, sweepRequest, variedValue, verdictBrief, verdictFigures } from './sweepView.js';

describe('the Sweeps page figures', () => {
  it("says how the server runs a sweep's variants, and the flag that changes it", () => {
    expect(runsOnText({ threads: 1, workerHeapMb: null })).toBe("This server runs a sweep's variants on one thread; start it with alvh serve --sweep-workers N to use N threads.");
    expect(runsOnText({ threads: 2, workerHeapMb: null })).toBe("This server runs a sweep's variants on 2 threads (alvh serve --sweep-workers).");
    expect(runsOnText({ threads: 2, workerHeapMb: 384 })).toBe("This server runs a sweep's variants on 2 threads, each with its heap capped at 384 MB (alvh serve --sweep-workers).");
  });

  it('a row that repeats a better one\'s result names its rank; a first result shows a dash', () => {
    expect(sameResultText({ sameResultAsRank: 1 })).toBe('#1');
    expect(sameResultText({ sameResultAsRank: null })).toBe('–');
  });

  it('the verdict\'s figures: each measure with its value, a dash where none was computable', () => {
    const v = {
      verdict: 'text',
      variants: 37,
      distinctResults: 12,
      bestKey: 'k',
      deflatedSharpeRatio: 0.40512,
      distinctDeflatedSharpeRatio: 0.4638,
      probabilityOfOverfitting: 0.5143,
      probabilityOfOosLoss: 0.5714,
      walkForwardWindows: 6,
      walkForwardOosReturnFraction: -0.0653,
    };
    expect(verdictFigures(v).map((f) => f.value)).toEqual(['0.405', '12 of 37; DSR 0.464 counting each once', '0.514', 'in 57 % of the splits', '-6.53 % out of sample over 6 windows']);
    expect(verdictFigures(v)[0]?.label).toBe('Deflated Sharpe ratio of the best variant (37 trials)');
    const none = { ...v, distinctResults: 37, distinctDeflatedSharpeRatio: null, probabilityOfOverfitting: null, probabilityOfOosLoss: null, walkForwardWindows: 0, walkForwardOosReturnFraction: null };
    expect(verdictFigures(none).map((f) => f.value)).toEqual(['0.405', '37 of 37', '–', '–', '– (the period is shorter than one in-sample plus one out-of-sample window)']);
    // The recent sweeps' list line.
    expect(verdictBrief(v)).toBe('DSR 0.405 · PBO 0.514');
    expect(verdictBrief(none)).toBe('DSR 0.405 · PBO –');
  });

  it('durations as m:ss or h:mm:ss, a dash when unknown', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(61_400)).toBe('1:01');
    // 1 h 2 min 3 s.
    expect(formatDuration(3_723_000)).toBe('1:02:03');
    expect(formatDuration(null)).toBe('–');
    expect(formatDuration(Number.NaN)).toBe('–');
  });

  it('the percentage done rounds down: 100 % only when every variant has a result', () => {
    expect(percentDone({ done: 36, total: 37 })).toBe(97);
    expect(percentDone({ done: 37, total: 37 })).toBe(100);
    expect(percentDone({ done: 1, total: 3 })).toBe(33);
  });

  it('the progress line names the variants stored before the run and the ETA', () => {
    expect(progressText({ total: 37, done: 12, skipped: 5, ran: 7, elapsedMs: 41_000, etaMs: 67_000 })).toBe('12 / 37 variants (32 %), 5 already stored · elapsed 0:41 · ETA 1:07');
    expect(progressText({ total: 4, done: 0, skipped: 0, ran: 0, elapsedMs: 0, etaMs: null })).toBe('0 / 4 variants (0 %) · elapsed 0:00 · ETA –');
    expect(progressText({ total: 4, done: 4, skipped: 0, ran: 4, elapsedMs: 9_000, etaMs: 0 })).toBe('4 / 4 variants (100 %) · elapsed 0:09 · ETA 0:00');
  });

  it('varied values: the preset says default, numbers and lists as JSON', () => {
    expect(variedValue({ isBaseline: true, values: {} }, 'hedge.hedgeCallDelta')).toBe('default');
    expect(variedValue({ isBaseline: false, values: { 'hedge.hedgeCallDelta': 0.4 } }, 'hedge.hedgeCallDelta')).toBe('0.4');
    expect(variedValue({ isBaseline: false, values: { x: [4, 4, 2] } }, 'x')).toBe('[4,4,2]');
    expect(variedValue({ isBaseline: false, values: {} }, 'x')).toBe('–');
  });

  it('the editor\'s text: the bundled spec by name while untouched, the edited spec otherwise, a JSON fault with its line', () => {
    const text = '{\n  "name": "quick"\n}';
    expect(sweepRequest({ name: 'quick', text }, text)).toEqual({ bundled: 'quick' });
    expect(sweepRequest({ name: 'quick', text }, text.replace('quick', 'mine'))).toEqual({ spec: { name: 'mine' } });
    const bad = sweepRequest(undefined, '{\n  "name": "x",\n}');
    expect('error' in bad && bad.error).toMatch(/^not valid JSON/);
    // V8 names the position of a trailing comma's fault: character 22 is the closing brace, line 4, column 1.
    expect(parseSpecText('{\n  "a": 1,\n  "b": 2,\n}')).toEqual({ ok: false, message: expect.stringMatching(/^not valid JSON at line 4, column 1: .*position 22/) as unknown });
  });
});

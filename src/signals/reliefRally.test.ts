import { describe, expect, it } from 'vitest';
import { defaultSignalConfig } from './config.js';
import { advanceEpisode, openEpisode, reliefStateOf, type ReliefBarInput, type ReliefEpisode } from './reliefRally.js';

const rules = defaultSignalConfig();
const calm = { contango: true, breadthDiverging: false };

/** Runs an episode (pre-event SPX 100, VIX 20) through a list of (spx, vix) closes. */
function run(bars: readonly (readonly [number, number, Partial<ReliefBarInput>?])[]): ReliefEpisode[] {
  let episode = openEpisode(0, ['fomc'], 100, 20);
  return bars.map(([spxClose, vixClose, extra], day) => {
    episode = advanceEpisode(episode, { day, spxClose, vixClose, ...calm, ...extra }, rules);
    return episode;
  });
}

describe('relief rally vs resolution', () => {
  it('calls a relief rally when SPX is up and VIX down 10 % within 3 days, and a resolution after 5 more days below', () => {
    const states = run([
      [99, 21],
      [101, 18],
      [101, 17],
      [102, 17],
      [102, 18],
      [103, 17],
      [103, 16],
    ]).map(reliefStateOf);
    expect(states).toEqual(['none', 'relief-rally', 'relief-rally', 'relief-rally', 'relief-rally', 'relief-rally', 'resolution']);
  });

  it('needs VIX down at least 10 %: 18.1 from 20 is not enough', () => {
    expect(run([[101, 18.1]]).map(reliefStateOf)).toEqual(['none']);
    expect(run([[101, 18]]).map(reliefStateOf)).toEqual(['relief-rally']);
  });

  it('does not open a relief rally after the 3-day window', () => {
    const last = run([[99, 21], [99, 21], [99, 21], [99, 21], [101, 15]]).at(-1);
    expect(last?.phase).toBe('no-relief');
  });

  it('fades when VIX gets back to its pre-event level', () => {
    const last = run([[101, 17], [101, 19], [100, 20]]).at(-1);
    expect(last?.phase).toBe('faded');
    expect(reliefStateOf(last)).toBe('none');
  });

  it('stays a relief rally while the term structure is inverted or breadth diverges, resolving once they clear', () => {
    const inverted = { contango: false };
    const states = run([[101, 17], [101, 17, inverted], [101, 17, inverted], [101, 17, inverted], [101, 17, inverted], [101, 17, inverted], [101, 17, { breadthDiverging: true }], [101, 17]]).map(reliefStateOf);
    expect(states).toEqual(['relief-rally', 'relief-rally', 'relief-rally', 'relief-rally', 'relief-rally', 'relief-rally', 'relief-rally', 'resolution']);
  });

  it('skips the contango condition when it cannot be evaluated', () => {
    const states = run([[101, 17], [101, 17, { contango: undefined }], [101, 17, { contango: undefined }], [101, 17, { contango: undefined }], [101, 17, { contango: undefined }], [101, 17, { contango: undefined }]]);
    expect(reliefStateOf(states.at(-1))).toBe('resolution');
  });

  it('fades after reliefMaxAgeBars without resolving', () => {
    const bars: [number, number, Partial<ReliefBarInput>][] = [[101, 17, {}]];
    for (let i = 0; i < rules.reliefMaxAgeBars; i++) bars.push([101, 17, { breadthDiverging: true }]);
    const last = run(bars).at(-1);
    expect(last?.phase).toBe('faded');
  });
});

import { describe, expect, it } from 'vitest';
import { NOT_MEASURED_FIGURE, TARGET_IDS, TARGET_TABLE, targetSummary } from './targets.js';
import { targetsSection } from './targetsSection.js';

describe('the target table', () => {
  it('has one definition per id, in the order of the ids', () => {
    expect(TARGET_TABLE.map((r) => r.id)).toEqual([...TARGET_IDS]);
  });

  it('gives one summary entry per row: measured rows with their figure, the others marked not measured and missed', () => {
    const rows = targetSummary([
      { id: 'feb-2018-condor-marks', figure: 'worst +12.0 %', met: true },
      { id: 'spxw-2018-iv-error', figure: 'median abs 0.62 vol pts', met: false },
    ]);
    expect(rows.map((r) => r.targetId)).toEqual([...TARGET_IDS]);
    expect(rows.find((r) => r.targetId === 'feb-2018-condor-marks')).toMatchObject({ section: 'targets', value: 'worst +12.0 %', figure: 'worst +12.0 %', met: true, measured: true, target: 'within ±15 %' });
    expect(rows.find((r) => r.targetId === 'put-replica')).toMatchObject({ figure: NOT_MEASURED_FIGURE, met: false, measured: false });
  });

  it('refuses a row measured twice', () => {
    expect(() => targetSummary([{ id: 'put-replica', figure: 'a', met: true }, { id: 'put-replica', figure: 'b', met: false }])).toThrow('put-replica was measured twice');
  });

  it('renders the table as the report section, saying how many rows were measured and met', () => {
    const section = targetsSection(targetSummary([{ id: 'half-spread-ratio', figure: '0.97', met: true }]));
    expect(section.markdown).toContain(`1 of ${TARGET_IDS.length} targets measured in this build, 1 met`);
    expect(section.markdown).toContain('| model / real half-spread, held-out 2018 | 0.9-1.1 in every VIX bucket | 0.97 | met |');
    expect(section.markdown).toContain('| not measured |');
  });
});

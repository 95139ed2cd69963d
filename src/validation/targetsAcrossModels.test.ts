import { describe, expect, it } from 'vitest';
import { targetSummary } from './targets.js';
import { targetsAcrossModelsRows, targetsAcrossModelsSection, TargetsAcrossModelsError } from './targetsAcrossModels.js';

describe('the target table across market models', () => {
  // Two exams of the same build: the defaults meet the VIX rows, the other model the PUT row too.
  const defaults = targetSummary([
    { id: 'vix-option-iv-by-tenor', figure: '-0.59', met: true },
    { id: 'put-replica', figure: '-1.43', met: false },
  ]);
  const other = targetSummary([
    { id: 'vix-option-iv-by-tenor', figure: '-0.59', met: true },
    { id: 'put-replica', figure: '-0.20', met: true },
  ]);
  const exams = [
    { model: 'defaults', targets: defaults },
    { model: 'presets/model/skew-relative.json', targets: other },
  ];

  it('says met, missed or not measured by row and model, and counts what each meets', () => {
    const { headers, rows } = targetsAcrossModelsRows(exams);
    expect(headers).toEqual(['target', 'defaults', 'skew-relative.json']);
    const put = rows.find((r) => r[0]?.startsWith('PUT replica'));
    expect(put?.slice(1)).toEqual(['missed', 'met']);
    expect(rows.find((r) => r[0]?.startsWith('SPXW'))?.slice(1)).toEqual(['not measured', 'not measured']);
    expect(rows[rows.length - 1]).toEqual(['targets met', `1 of ${defaults.length}`, `2 of ${defaults.length}`]);
  });

  it('keeps every figure in the section, by model', () => {
    const section = targetsAcrossModelsSection(exams);
    expect(section.markdown).toContain('  - skew-relative.json: -0.20 (met)');
    expect(section.markdown).toContain('  - defaults: -1.43 (missed)');
  });

  it('refuses exams of different tables, and none', () => {
    expect(() => targetsAcrossModelsRows([exams[0]!, { model: 'x', targets: other.slice(1) }])).toThrow(TargetsAcrossModelsError);
    expect(() => targetsAcrossModelsRows([])).toThrow('no model exam to compare');
  });
});

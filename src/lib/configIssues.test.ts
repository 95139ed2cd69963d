import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { configIssues, editDistance, knownKeysAt, nearestKey, stripByteOrderMark } from './configIssues.js';

const schema = z.strictObject({
  hedge: z.strictObject({ enabled: z.boolean().default(true), maxLayers: z.number().default(3) }).prefault({}),
  legs: z.array(z.strictObject({ strike: z.number(), ratio: z.number().default(1) })).default([]),
  rule: z.discriminatedUnion('by', [z.strictObject({ by: z.literal('delta'), delta: z.number() }), z.strictObject({ by: z.literal('points'), points: z.number() })]),
});

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions and adjacent transpositions as one edit each', () => {
    expect(editDistance('enabled', 'enabled')).toBe(0);
    expect(editDistance('enabeld', 'enabled')).toBe(1); // transposition "el" -> "le"
    expect(editDistance('shortDeltaa', 'shortDelta')).toBe(1); // one insertion
    expect(editDistance('kitten', 'sitting')).toBe(3); // the textbook example
    expect(editDistance('', 'abc')).toBe(3);
  });
});

describe('nearestKey', () => {
  it('suggests the closest known key, and nothing for a name unlike every key', () => {
    expect(nearestKey('enabeld', ['enabled', 'maxLayers'])).toBe('enabled');
    expect(nearestKey('zzzzzzzz', ['enabled', 'maxLayers'])).toBeUndefined();
    expect(nearestKey('ab', ['xy'])).toBeUndefined();
  });
});

describe('configIssues', () => {
  it('names a misspelled nested field, its path and the field meant', () => {
    const result = schema.safeParse({ hedge: { enabeld: false }, rule: { by: 'delta', delta: 0.3 } });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(configIssues(schema, result.error)).toEqual([{ path: 'hedge.enabeld', message: 'unknown field; did you mean "enabled"?' }]);
  });

  it('finds the keys inside arrays and discriminated unions', () => {
    expect(knownKeysAt(schema, ['legs', 0])).toEqual(['ratio', 'strike']);
    expect(knownKeysAt(schema, ['rule'])).toEqual(['by', 'delta', 'points']);
    const result = schema.safeParse({ legs: [{ strike: 1, ratoi: 2 }], rule: { by: 'points', points: 5, pionts: 3 } });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(configIssues(schema, result.error)).toEqual([
      { path: 'legs.0.ratoi', message: 'unknown field; did you mean "ratio"?' },
      { path: 'rule.pionts', message: 'unknown field; did you mean "points"?' },
    ]);
  });

  it('keeps other issues as zod words them', () => {
    const result = schema.safeParse({ hedge: { maxLayers: 'three' }, rule: { by: 'delta', delta: 0.3 } });
    expect(result.success).toBe(false);
    if (result.success) return;
    const issues = configIssues(schema, result.error);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.path).toBe('hedge.maxLayers');
  });
});

describe('stripByteOrderMark', () => {
  it('drops one leading BOM and nothing else', () => {
    expect(stripByteOrderMark('\uFEFF{"a":1}')).toBe('{"a":1}');
    expect(stripByteOrderMark('{"a":"\uFEFF"}')).toBe('{"a":"\uFEFF"}');
  });
});

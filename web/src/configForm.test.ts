import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { StrategyConfigSchema } from '../../src/strategy/config.js';
import { boundsText, configLeaves, defaultText, fieldKind, issueFor, issuesOfConfig, jsonInput, numberInput, valueAt, withValueAt, type SchemaNode } from './configForm.js';

/** The schema the server serves (GET /api/strategy-config/schema), generated here the same way. */
const schema = z.toJSONSchema(StrategyConfigSchema, { io: 'input' }) as SchemaNode;
const node = (path: string): SchemaNode => path.split('.').reduce<SchemaNode>((n, key) => n.properties?.[key] ?? {}, schema);

describe('fields of the strategy config schema', () => {
  it('each field gets the input that can hold it', () => {
    expect(fieldKind(node('ironCondor.shortDelta'))).toBe('number');
    expect(fieldKind(node('ironCondor.entryDteDays'))).toBe('integer');
    expect(fieldKind(node('hedge.enabled'))).toBe('boolean');
    expect(fieldKind(node('hedge.layering'))).toBe('enum');
    expect(fieldKind(node('name'))).toBe('string');
    expect(fieldKind(node('hedge.hedgeRatioBand'))).toBe('group');
    // Lists and the custom legs' choice of shapes are edited as JSON.
    expect(fieldKind(node('hedge.ladderTenors'))).toBe('json');
    expect(fieldKind(node('customLegs'))).toBe('json');
  });

  it('bounds read as a person writes them; the safe-integer limit zod adds is left out', () => {
    expect(boundsText(node('ironCondor.shortDelta'))).toBe('0.15 to 0.2');
    expect(boundsText(node('ironCondor.wingDelta'))).toBe('> 0, < 0.15');
    expect(boundsText(node('ironCondor.entryDteDays'))).toBe('> 0');
    expect(boundsText(node('ironCondor.preFomcWindowTradingDays'))).toBe('≥ 0');
    expect(boundsText(node('hedge.rebalanceEveryTradingDays'))).toBe('3 to 5');
    expect(boundsText(node('name'))).toBe('');
  });

  it('defaults are shown as they are, lists as JSON', () => {
    expect(defaultText(node('ironCondor.shortDelta').default)).toBe('0.16');
    expect(defaultText(node('hedge.ladderContractRatio').default)).toBe('[4,4,2]');
    expect(defaultText(node('description').default)).toBe('(empty)');
    expect(defaultText(node('name').default)).toBe('');
  });
});

describe('reading and writing a field by its path', () => {
  const config = { name: 'a', ironCondor: { shortDelta: 0.16, wingWidthPoints: 50 }, hedge: { enabled: true } };

  it('replaces one nested field and shares everything else', () => {
    const edited = withValueAt(config, 'ironCondor.shortDelta', 0.18);
    expect(edited).toEqual({ name: 'a', ironCondor: { shortDelta: 0.18, wingWidthPoints: 50 }, hedge: { enabled: true } });
    expect(config.ironCondor.shortDelta).toBe(0.16);
    expect(edited['hedge']).toBe(config.hedge);
    // Undefined removes the field: the server then fills its default.
    expect(withValueAt(config, 'hedge.enabled', undefined)).toEqual({ name: 'a', ironCondor: config.ironCondor, hedge: {} });
    // A missing section is created.
    expect(withValueAt(config, 'execution.fillTiming', 'next-open')['execution']).toEqual({ fillTiming: 'next-open' });
  });

  it('a value written is the value read back, at any depth (property)', () => {
    const key = fc.constantFrom('a', 'b', 'c');
    fc.assert(
      fc.property(fc.array(key, { minLength: 1, maxLength: 4 }), fc.oneof(fc.double({ noNaN: true }), fc.string(), fc.boolean()), (keys, value) => {
        const path = keys.join('.');
        expect(valueAt(withValueAt(config, path, value), path)).toEqual(value);
      }),
    );
  });

  it('never reads through the prototype', () => {
    expect(valueAt(config, '__proto__')).toBeUndefined();
    expect(valueAt(config, 'ironCondor.constructor')).toBeUndefined();
  });
});

describe('what an input sends', () => {
  it('a number box sends its number, or its text for the server to refuse', () => {
    expect(numberInput('0.18')).toBe(0.18);
    expect(numberInput(' 45 ')).toBe(45);
    expect(numberInput('')).toBe('');
    expect(numberInput('abc')).toBe('abc');
  });

  it('a JSON box parses, or says where it does not', () => {
    expect(jsonInput('["M1","M2"]')).toEqual({ ok: true, value: ['M1', 'M2'] });
    const bad = jsonInput('[4, 4,');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.message).toMatch(/^not valid JSON: /);
  });
});

describe("the server's field issues", () => {
  const issues = [
    { path: 'configs.0.ironCondor.shortDelta', message: 'Too big: expected number to be <=0.2' },
    { path: 'configs.0.hedge.ladderTenors.1', message: 'Invalid option' },
    { path: 'configs.1.name', message: 'Too small' },
    { path: 'from', message: 'must be a date' },
  ];

  it('are keyed by the path inside the config they belong to', () => {
    const mine = issuesOfConfig(issues, 0);
    expect([...mine.keys()]).toEqual(['ironCondor.shortDelta', 'hedge.ladderTenors.1']);
    expect(issueFor(mine, 'ironCondor.shortDelta', 'number')).toBe('Too big: expected number to be <=0.2');
    // An element of a list is reported at the list edited as JSON.
    expect(issueFor(mine, 'hedge.ladderTenors', 'json')).toBe('1: Invalid option');
    expect(issueFor(mine, 'hedge.enabled', 'boolean')).toBeUndefined();
    expect([...issuesOfConfig(issues, 1).keys()]).toEqual(['name']);
  });
});

describe('a config as the run report lists it', () => {
  it('every leaf with its dotted path; lists are leaves', () => {
    expect(configLeaves({ name: 'a', hedge: { ladderTenors: ['M1'], band: { min: 0.6 } } })).toEqual([
      ['name', 'a'],
      ['hedge.ladderTenors', ['M1']],
      ['hedge.band.min', 0.6],
    ]);
  });
});

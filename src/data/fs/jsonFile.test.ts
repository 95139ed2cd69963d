import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readJsonFile } from './jsonFile.js';

describe('readJsonFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'alvh-json-file-'));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('parses the file, a leading byte-order mark dropped', () => {
    expect(readJsonFile(file('bom.json', '\uFEFF{"a":[1,2]}'))).toEqual({ ok: true, value: { a: [1, 2] } });
  });

  it('names each way it can fail before a schema is asked', () => {
    expect(readJsonFile(join(dir, 'none.json'))).toEqual({ ok: false, error: { kind: 'not-found', message: 'file not found' } });
    expect(readJsonFile(dir)).toEqual({ ok: false, error: { kind: 'folder', message: 'a folder, not a file' } });
    const broken = readJsonFile(file('broken.json', '{"a":'));
    expect(broken.ok ? undefined : broken.error.kind).toBe('not-json');
    expect(broken.ok ? '' : broken.error.message).toMatch(/^not valid JSON \(/);
  });
});

/**
 * The run's scratch folder (alvhHome.ts) reaches the test workers: a temporary folder a test makes, and
 * one a child process makes, land inside it, next to the run's alvh home, so the run's end removes them.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEST_RUN_SCRATCH_PREFIX } from './alvhHome.js';

describe('the test run scratch folder', () => {
  it('holds the temporary folders of the tests, of their child processes, and the run home', () => {
    const scratch = tmpdir();
    expect(basename(scratch).startsWith(TEST_RUN_SCRATCH_PREFIX)).toBe(true);
    expect(dirname(process.env['ALVH_HOME'] ?? '')).toBe(scratch);
    expect(dirname(process.env['ALVH_CACHE_DIR'] ?? '')).toBe(scratch);

    const mine = mkdtempSync(join(tmpdir(), 'alvh-scratch-'));
    expect(dirname(mine)).toBe(scratch);

    const child = spawnSync(process.execPath, ['-e', "const os=require('node:os');const fs=require('node:fs');const p=require('node:path');process.stdout.write(fs.mkdtempSync(p.join(os.tmpdir(),'alvh-child-')))"], { encoding: 'utf8' });
    expect(child.status).toBe(0);
    expect(dirname(child.stdout)).toBe(scratch);
    expect(existsSync(child.stdout)).toBe(true);
  });
});

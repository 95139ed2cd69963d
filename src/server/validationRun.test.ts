import { describe, expect, it } from 'vitest';
import { ValidationRun } from './validationRun.js';

const AT = new Date('2026-11-20T08:00:00Z');

describe('ValidationRun', () => {
  it('reading the state starts nothing; start runs once, answers running until the report is there, then the report', async () => {
    let runs = 0;
    let finish: (r: Record<string, unknown>) => void = () => undefined;
    const run = new ValidationRun(() => {
      runs++;
      return new Promise((resolve) => (finish = resolve));
    }, () => AT);
    expect(run.current()).toEqual({ status: 'idle' });
    expect(runs).toBe(0);
    expect(run.start()).toEqual({ status: 'running', startedAt: AT.toISOString() });
    expect(run.start()).toEqual({ status: 'running', startedAt: AT.toISOString() });
    expect(run.current()).toEqual({ status: 'running', startedAt: AT.toISOString() });
    expect(runs).toBe(1);
    finish({ title: 'alvh validation', sections: [] });
    await run.settled();
    expect(run.current()).toEqual({ status: 'ready', report: { title: 'alvh validation', sections: [] } });
    expect(runs).toBe(1);
  });

  it('keeps a failure until a new start tries again', async () => {
    let runs = 0;
    const run = new ValidationRun(() => {
      runs++;
      return Promise.reject(new Error('no option chains'));
    }, () => AT);
    run.start();
    await run.settled();
    expect(run.current()).toEqual({ status: 'error', message: 'no option chains' });
    expect(run.current()).toEqual({ status: 'error', message: 'no option chains' });
    expect(run.start().status).toBe('running');
    expect(runs).toBe(2);
    await run.settled();
  });
});

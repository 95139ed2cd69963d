import { describe, expect, it } from 'vitest';
import { ValidationRun } from './validationRun.js';

const AT = new Date('2026-11-20T08:00:00Z');

describe('ValidationRun', () => {
  it('starts once on the first request, answers running until the report is there, then the report', async () => {
    let runs = 0;
    let finish: (r: Record<string, unknown>) => void = () => undefined;
    const run = new ValidationRun(() => {
      runs++;
      return new Promise((resolve) => (finish = resolve));
    }, () => AT);
    expect(run.current()).toEqual({ status: 'running', startedAt: AT.toISOString() });
    expect(run.current()).toEqual({ status: 'running', startedAt: AT.toISOString() });
    expect(runs).toBe(1);
    finish({ title: 'alvh validation', sections: [] });
    await run.settled();
    expect(run.current()).toEqual({ status: 'ready', report: { title: 'alvh validation', sections: [] } });
    expect(runs).toBe(1);
  });

  it('reports a failure once, then tries again', async () => {
    let runs = 0;
    const run = new ValidationRun(() => {
      runs++;
      return Promise.reject(new Error('no option chains'));
    }, () => AT);
    run.current();
    await run.settled();
    expect(run.current()).toEqual({ status: 'error', message: 'no option chains' });
    expect(run.current().status).toBe('running');
    expect(runs).toBe(2);
    await run.settled();
  });
});

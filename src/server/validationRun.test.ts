import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { modelConfigOption } from '../cli/modelConfigOption.js';
import { chartsOfReport, ValidationRun, workerValidationProducer, type ValidationOutput } from './validationRun.js';

const AT = new Date('2026-11-20T08:00:00Z');

describe('ValidationRun', () => {
  it('reading the state starts nothing; start runs once, answers running until the report is there, then the report', async () => {
    let runs = 0;
    let finish: (r: ValidationOutput) => void = () => undefined;
    const run = new ValidationRun(() => {
      runs++;
      return new Promise((resolve) => (finish = resolve));
    }, () => AT);
    expect(run.current()).toEqual({ status: 'idle' });
    expect(runs).toBe(0);
    expect(run.start()).toEqual({ status: 'running', startedAt: AT.toISOString(), acrossModels: false });
    expect(run.start()).toEqual({ status: 'running', startedAt: AT.toISOString(), acrossModels: false });
    expect(run.current()).toEqual({ status: 'running', startedAt: AT.toISOString(), acrossModels: false });
    expect(runs).toBe(1);
    finish({ report: { title: 'alvh validation', sections: [] }, charts: [] });
    await run.settled();
    expect(run.current()).toEqual({ status: 'ready', report: { title: 'alvh validation', sections: [] }, charts: [] });
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

  it("charts go to the section whose id is the longest prefix of their file name, titled by the SVG's <title>", () => {
    const report = { sections: [{ id: 'spx' }, { id: 'spx-model' }, { id: 'targets' }] };
    const svg = (title: string) => `<svg xmlns="http://www.w3.org/2000/svg"><title>${title}</title></svg>`;
    const charts = chartsOfReport(report, [
      ['charts/spx-model-iv-error.svg', svg('IV error &amp; delta')],
      ['charts/spx-term.svg', svg('Term')],
      ['charts/other-x.svg', svg('not in this report')],
      ['charts/../../etc.svg', svg('not a chart file name')],
      ['validate.json', '{}'],
    ]);
    expect(charts.map(({ sectionId, id, title }) => ({ sectionId, id, title }))).toEqual([
      { sectionId: 'spx', id: 'term', title: 'Term' },
      { sectionId: 'spx-model', id: 'iv-error', title: 'IV error & delta' },
    ]);
  });

  it("gives the worker the server's model and, with acrossModels, every other bundled model config", async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'alvh-validation-'));
    try {
      // A worker that writes what it was given as its report (test/fixtures/validation/echoWorker.mjs).
      const workerFile = resolve('test', 'fixtures', 'validation', 'echoWorker.mjs');
      const onFixedSmile = workerValidationProducer(outDir, { model: modelConfigOption('presets/model/skew-off.json'), workerFile });
      expect((await onFixedSmile({ acrossModels: true })).report['given']).toEqual({
        model: 'presets/model/skew-off.json',
        acrossModels: ['exchange-tick.json', 'put-wing-smile.json', 'skew-relative.json', 'vix-options-0.8x.json', 'vix-options-1.2x.json'].map((f) => `presets/model/${f}`),
      });
      expect((await onFixedSmile({ acrossModels: false })).report['given']).toEqual({ model: 'presets/model/skew-off.json', acrossModels: null });
      const onDefaults = workerValidationProducer(outDir, { workerFile });
      expect((await onDefaults({ acrossModels: true })).report['given']).toEqual({
        model: null,
        acrossModels: ['exchange-tick.json', 'put-wing-smile.json', 'skew-off.json', 'skew-relative.json', 'vix-options-0.8x.json', 'vix-options-1.2x.json'].map((f) => `presets/model/${f}`),
      });
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  });
});

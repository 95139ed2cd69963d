/**
 * Benchmark: `alvh validate --across-models`, the exam on the default model and on every bundled model
 * config: the other models one after the other on this thread with every provider (the first way),
 * with only the providers that measure target rows (all the other models' exams keep), and those on
 * worker threads while this thread runs its own (the way now). The benchmark-index
 * replications are cut to 2008-2015 so that the pair takes about two minutes rather than four; each
 * exam is then shorter, so the threads' fixed cost (each loads the data) weighs a little more than in
 * the full command. Wall clock is what counts: the threaded exam spends more CPU in all to finish sooner.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultValidateDependencies, runValidate, type ValidateDependencies } from '../src/cli/commands/validate.js';
import { acrossModelFiles, DEFAULT_MODEL_CONFIG_SOURCE } from '../src/cli/modelConfigOption.js';
import { dayFromIso } from '../src/time/day.js';
import type { BenchmarkEntry, BenchmarkResult } from './harness.js';

const silent = { out: () => undefined, err: () => undefined, isTty: false };
const REPLICATION_SPAN = { fromDay: dayFromIso('2008-01-02'), toDay: dayFromIso('2015-12-31') };

async function benchValidateAcrossModels(): Promise<BenchmarkResult> {
  const outDir = await mkdtemp(join(tmpdir(), 'alvh-bench-validate-'));
  try {
    const models = acrossModelFiles(true, DEFAULT_MODEL_CONFIG_SOURCE) ?? [];
    const { examsElsewhere: _threads, ...oneThread } = defaultValidateDependencies;
    // The way before the other models' exams kept to the providers that measure target rows: every
    // provider (the PPUT replica and the roll-day runs too) on every model, one after the other.
    const { targetProviders: _targetsOnly, ...everyProvider } = oneThread;
    const timed = async (label: string, deps: ValidateDependencies) => {
      const start = performance.now();
      await runValidate({ json: true, out: join(outDir, label), replicationSpan: REPLICATION_SPAN, acrossModels: models }, silent, deps);
      const seconds = (performance.now() - start) / 1000;
      // The whole report, the table of every model's targets included.
      const report = JSON.parse(await readFile(join(outDir, label, 'validate.json'), 'utf8')) as { sections: unknown };
      return { seconds, sections: JSON.stringify(report.sections) };
    };
    const everything = await timed('every-provider', everyProvider);
    const serial = await timed('one-thread', oneThread);
    const threaded = await timed('threads', defaultValidateDependencies);
    const same = serial.sections === threaded.sections && everything.sections === serial.sections;
    return {
      throughputs: [],
      notes: [
        `exam on ${models.length + 1} market models (replications 2008-2015): the others one after the other with every provider ${everything.seconds.toFixed(1)} s wall clock; with only the providers of target rows ${serial.seconds.toFixed(1)} s (${(everything.seconds / serial.seconds).toFixed(2)}x); those on worker threads beside this thread's exam ${threaded.seconds.toFixed(1)} s (${(serial.seconds / threaded.seconds).toFixed(2)}x, ${(everything.seconds / threaded.seconds).toFixed(2)}x in all)`,
        `the three reports' sections (every model's targets included) are ${same ? 'identical' : 'DIFFERENT (a bug)'}`,
      ],
    };
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

export const validateAcrossModelsBenchmarks: readonly BenchmarkEntry[] = [{ name: 'validation exam on every bundled market model (--across-models)', run: benchValidateAcrossModels }];

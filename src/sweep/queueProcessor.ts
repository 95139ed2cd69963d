/**
 * The sandboxed processor of the sweep queue: BullMQ runs it in a child process of `alvh worker`.
 * The history is loaded once per child, and the shared state of a period prepared once per period;
 * each job is a batch of variants, stepped through the days together. A job for other data than this machine has fails without retries.
 */
import { UnrecoverableError, type SandboxedJob } from 'bullmq';
import { countNyseTradingDays } from '../calendar/nyse.js';
import { defaultUserDir, loadMarketHistory } from '../data/loadHistory.js';
import { wholeCodeFingerprint } from '../data/codeFingerprint.js';
import { defaultTapeSettings, marketTapeSettingsHash } from '../tape/marketTape.js';
import { defaultTapeCacheDir, openMarketTape, type OpenedTape } from '../tape/tapeCache.js';
import type { MarketHistory } from '../history/types.js';
import { marketModelConfigSchema } from '../market/config.js';
import type { EncodedBatch, SweepJobData } from './queue.js';
import { encodeRun } from './queue.js';
import { prepareVariantRunner, type VariantRun, type VariantRunner } from './runVariant.js';

let history: Promise<MarketHistory> | undefined;
/** The machine's tapes by settings hash: one per market model config the jobs name. */
const tapes = new Map<string, OpenedTape>();
const runners = new Map<string, VariantRunner>();

export default async function processVariant(job: SandboxedJob<SweepJobData, EncodedBatch>): Promise<EncodedBatch> {
  history ??= loadMarketHistory(process.env['ALVH_HOME'] === undefined ? {} : { userDir: process.env['ALVH_HOME'] }).then((h) => h.history);
  const loaded = await history;
  const data = job.data;
  // A job queued by an older alvh (one variant, no batch) cannot be read: refuse it rather than guess.
  if (!Array.isArray(data.tasks)) throw new UnrecoverableError('this job carries no batch of variants (queued by another version of alvh)');
  if (loaded.dataVersion !== data.dataVersion) throw new UnrecoverableError(`this worker has data ${loaded.dataVersion}, the sweep runs on ${data.dataVersion}`);
  // The results are stored under keys that name the sweep's build: another build's rules would answer for it.
  const codeVersion = wholeCodeFingerprint();
  if (data.codeVersion === undefined) throw new UnrecoverableError('this job names no code version (queued by another version of alvh)');
  if (data.codeVersion !== codeVersion) throw new UnrecoverableError(`this worker runs another build of alvh (code ${codeVersion.slice(0, 12)}), the sweep was queued by code ${data.codeVersion.slice(0, 12)}: run the same build on every machine`);
  // A model config this alvh does not know (a newer sender's field) is refused, never run on the defaults.
  const model = data.modelConfig === undefined ? undefined : marketModelConfigSchema.safeParse(data.modelConfig);
  if (model !== undefined && !model.success) throw new UnrecoverableError(`this job's market model config is not one this alvh reads: ${model.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const settings = defaultTapeSettings(model?.data);
  const settingsHash = marketTapeSettingsHash(settings);
  const runnerKey = `${data.period.from}/${data.period.to}/${settingsHash}`;
  let runner = runners.get(runnerKey);
  let opened = tapes.get(settingsHash);
  if (runner === undefined) {
    const signalDeps = { countTradingDays: countNyseTradingDays };
    // The machine's own tape cache (under ALVH_HOME; ALVH_TAPE_CACHE=off turns it off).
    if (opened === undefined) {
      opened = openMarketTape({ history: loaded, settings, signalDeps, cacheDir: processorTapeDir() });
      tapes.set(settingsHash, opened);
    }
    runner = prepareVariantRunner(loaded, data.period, signalDeps, opened.tape);
    runners.set(runnerKey, runner);
  }
  const runs = runner.runBatch(data.tasks.map((t) => t.config));
  const batch: EncodedBatch = { runs: data.tasks.map((t, i) => ({ key: t.key, run: encodeRun(runs[i] as VariantRun) })) };
  try {
    // Days the first variant of a period calibrated are kept for this machine's next sweep.
    opened?.save();
  } catch {
    // A tape that cannot be stored costs the next run its head start, never this result.
  }
  return batch;
}

function processorTapeDir(): string | undefined {
  if (process.env['ALVH_TAPE_CACHE'] === 'off') return undefined;
  return defaultTapeCacheDir(defaultUserDir());
}

/**
 * The sandboxed processor of the sweep queue: BullMQ runs it in a child process of `alvh worker`.
 * The history is loaded once per child, and the shared state of a period prepared once per period;
 * each job is one variant. A job for other data than this machine has fails without retries.
 */
import { UnrecoverableError, type SandboxedJob } from 'bullmq';
import { countNyseTradingDays } from '../calendar/nyse.js';
import { loadMarketHistory } from '../data/loadHistory.js';
import type { MarketHistory } from '../history/types.js';
import type { EncodedRun, SweepJobData } from './queue.js';
import { encodeRun } from './queue.js';
import { prepareVariantRunner, type VariantRunner } from './runVariant.js';

let history: Promise<MarketHistory> | undefined;
const runners = new Map<string, VariantRunner>();

export default async function processVariant(job: SandboxedJob<SweepJobData, EncodedRun>): Promise<EncodedRun> {
  history ??= loadMarketHistory(process.env['ALVH_HOME'] === undefined ? {} : { userDir: process.env['ALVH_HOME'] }).then((h) => h.history);
  const loaded = await history;
  const data = job.data;
  if (loaded.dataVersion !== data.dataVersion) throw new UnrecoverableError(`this worker has data ${loaded.dataVersion}, the sweep runs on ${data.dataVersion}`);
  const periodKey = `${data.period.from}/${data.period.to}`;
  let runner = runners.get(periodKey);
  if (runner === undefined) {
    runner = prepareVariantRunner(loaded, data.period, { countTradingDays: countNyseTradingDays });
    runners.set(periodKey, runner);
  }
  return encodeRun(runner.run(data.config));
}

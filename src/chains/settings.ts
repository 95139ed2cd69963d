/**
 * The chain settings a user can change: the known roots with their settlement style and the DataShop
 * snapshot (import), and how many calendar days a missing quote may be carried (market). They come
 * from a strict JSON file (`--chains-config FILE`) and from command-line flags that override the file:
 *
 *   alvh chains import --root VIX:BVZ=AM --datashop-snapshot eod FILE
 *   alvh backtest --market chains --max-carry-days 2
 *
 * Parsing is pure; reading the file is the one I/O function here.
 */
import { z } from 'zod';
import { configIssues, type ConfigIssue } from '../lib/configIssues.js';
import { readJsonFile } from '../data/fs/jsonFile.js';
import { ChainImportConfigSchema, type ChainImportConfig } from './config.js';
import { ChainMarketConfigSchema } from './marketView.js';
import { CHAIN_UNDERLYINGS, type ChainUnderlying, type SettlementStyle } from './types.js';

export const ChainSettingsSchema = z.strictObject({
  import: ChainImportConfigSchema.default(ChainImportConfigSchema.parse({})),
  market: z
    .strictObject({
      /** A quote older than this many calendar days is not carried any more (the chain market's maxCarryDays). */
      maxCarryDays: ChainMarketConfigSchema.shape.maxCarryDays,
    })
    .default({ maxCarryDays: ChainMarketConfigSchema.parse({}).maxCarryDays }),
});
export type ChainSettings = z.infer<typeof ChainSettingsSchema>;
export const DEFAULT_CHAIN_SETTINGS: ChainSettings = ChainSettingsSchema.parse({});

export class ChainSettingsError extends Error {
  override name = 'ChainSettingsError';
  constructor(
    readonly source: string,
    readonly issues: readonly ConfigIssue[],
  ) {
    super(`${source}: ${issues.map((i) => (i.path === '' ? i.message : `${i.path}: ${i.message}`)).join('; ')}`);
  }
}

export function parseChainSettings(raw: unknown, source: string): ChainSettings {
  const parsed = ChainSettingsSchema.safeParse(raw);
  if (!parsed.success) throw new ChainSettingsError(source, configIssues(ChainSettingsSchema, parsed.error));
  return parsed.data;
}

/** The settings of a JSON file (missing fields take their defaults). */
export function loadChainSettingsFile(path: string): ChainSettings {
  const raw = readJsonFile(path);
  if (!raw.ok) throw new ChainSettingsError(path, [{ path: '', message: raw.error.message }]);
  return parseChainSettings(raw.value, path);
}

export interface KnownRootFlag {
  readonly underlying: ChainUnderlying;
  readonly root: string;
  readonly settlement: SettlementStyle;
}

const ROOT_FLAG = /^\s*([A-Za-z]+)\s*:\s*([A-Za-z0-9]{1,6})\s*=\s*(AM|PM|am|pm)\s*$/;

/** `--root VIX:BVZ=AM`: one known root of an underlying with its settlement style. */
export function parseRootFlag(text: string): KnownRootFlag {
  const m = ROOT_FLAG.exec(text);
  const source = `--root '${text}'`;
  if (m === null) throw new ChainSettingsError(source, [{ path: '', message: 'expected UNDERLYING:ROOT=AM|PM, for example VIX:BVZ=AM' }]);
  const underlying = (m[1] as string).toUpperCase();
  if (!(CHAIN_UNDERLYINGS as readonly string[]).includes(underlying)) throw new ChainSettingsError(source, [{ path: '', message: `the underlying '${m[1]}' is not one of ${CHAIN_UNDERLYINGS.join(', ')}` }]);
  return { underlying: underlying as ChainUnderlying, root: (m[2] as string).toUpperCase(), settlement: (m[3] as string).toUpperCase() as SettlementStyle };
}

/** `--max-carry-days N`: a whole number of calendar days within the config's bounds. */
export function parseMaxCarryDays(text: string): number {
  const trimmed = text.trim();
  const n = /^\d+$/.test(trimmed) ? Number(trimmed) : Number.NaN;
  const checked = ChainMarketConfigSchema.shape.maxCarryDays.safeParse(n);
  if (!checked.success) {
    const bounds = ChainMarketConfigSchema.shape.maxCarryDays.unwrap();
    throw new ChainSettingsError(`--max-carry-days '${text}'`, [{ path: '', message: `must be a whole number of calendar days from ${bounds.minValue ?? 0} to ${bounds.maxValue ?? ''}` }]);
  }
  return checked.data;
}

export interface ChainSettingsFlags {
  readonly roots?: readonly KnownRootFlag[];
  readonly datashopSnapshot?: ChainImportConfig['datashopSnapshot'];
  readonly maxCarryDays?: number;
}

/** The settings with the flags on top (a `--root` adds a root or changes the settlement of a known one). */
export function withFlags(settings: ChainSettings, flags: ChainSettingsFlags): ChainSettings {
  const knownRoots = { SPX: { ...settings.import.knownRoots.SPX }, VIX: { ...settings.import.knownRoots.VIX } };
  for (const r of flags.roots ?? []) knownRoots[r.underlying][r.root] = r.settlement;
  return parseChainSettings(
    {
      import: { knownRoots, datashopSnapshot: flags.datashopSnapshot ?? settings.import.datashopSnapshot },
      market: { maxCarryDays: flags.maxCarryDays ?? settings.market.maxCarryDays },
    },
    'command-line flags',
  );
}

/** `--datashop-snapshot 1545|eod`. */
export function parseDatashopSnapshot(text: string): ChainImportConfig['datashopSnapshot'] {
  const checked = ChainImportConfigSchema.shape.datashopSnapshot.unwrap().safeParse(text);
  if (!checked.success) throw new ChainSettingsError(`--datashop-snapshot '${text}'`, [{ path: '', message: "must be '1545' (the 15:45 snapshot) or 'eod'" }]);
  return checked.data;
}

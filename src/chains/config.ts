/**
 * The chain-import settings: which trading classes are known for each underlying and how they settle,
 * and which Cboe DataShop snapshot is read. Strict like every alvh config object.
 */
import { z } from 'zod';

const SettlementSchema = z.enum(['AM', 'PM']);

/**
 * Known roots and their settlement. SPX: the AM-settled monthlies; SPXW and the older SPXPM: PM-settled.
 * VIX options (monthly VIX, weekly VIXW) settle on the special opening quotation, an AM settlement.
 * Anything else (for instance the BVZ rows of Cboe's 2016 VIX sample) is rejected as an unknown root
 * until the user adds it here with its settlement.
 */
export const DEFAULT_KNOWN_ROOTS = {
  SPX: { SPX: 'AM', SPXW: 'PM', SPXPM: 'PM' },
  VIX: { VIX: 'AM', VIXW: 'AM' },
} as const;

export const ChainImportConfigSchema = z.strictObject({
  knownRoots: z
    .strictObject({
      SPX: z.record(z.string().regex(/^[A-Z0-9]{1,6}$/), SettlementSchema),
      VIX: z.record(z.string().regex(/^[A-Z0-9]{1,6}$/), SettlementSchema),
    })
    .default({ SPX: { ...DEFAULT_KNOWN_ROOTS.SPX }, VIX: { ...DEFAULT_KNOWN_ROOTS.VIX } }),
  /**
   * Cboe DataShop files carry a 15:45 ET snapshot (12:45 on half days) and an end-of-day one. The
   * 15:45 quotes are the ones Cboe's own index calculations use; the end-of-day SPX quotes are often
   * wide after the 16:15 close of the option session.
   */
  datashopSnapshot: z.enum(['1545', 'eod']).default('1545'),
});

export type ChainImportConfig = z.infer<typeof ChainImportConfigSchema>;
export const DEFAULT_CHAIN_IMPORT_CONFIG: ChainImportConfig = ChainImportConfigSchema.parse({});

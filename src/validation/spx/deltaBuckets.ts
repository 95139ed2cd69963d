/**
 * Delta buckets of the quote comparison: 5, 10, 16, 20, 25 and 50 delta, puts and calls, by the
 * absolute forward delta of the real quote. A quote belongs to the nearest bucket centre; edges are
 * the midpoints between centres (the lowest bucket starts at half its centre), so every OTM quote with
 * |delta| >= 0.025 has exactly one bucket.
 */
import type { OptionType } from '../../pricing/black76.js';

export const DELTA_BUCKET_CENTRES_ABS = [0.05, 0.1, 0.16, 0.2, 0.25, 0.5] as const;
export type DeltaBucketCentre = (typeof DELTA_BUCKET_CENTRES_ABS)[number];

export interface DeltaBucket {
  readonly type: OptionType;
  /** e.g. 16 for the 16-delta bucket. */
  readonly deltaPercent: number;
}

export function deltaBucketLabel(bucket: DeltaBucket): string {
  return `${bucket.deltaPercent}Δ ${bucket.type}`;
}

/** The bucket of an OTM quote with forward delta `forwardDelta`, or undefined below the lowest edge. */
export function deltaBucketOf(type: OptionType, forwardDelta: number): DeltaBucket | undefined {
  const abs = Math.abs(forwardDelta);
  const centres = DELTA_BUCKET_CENTRES_ABS;
  if (abs < (centres[0] as number) / 2) return undefined;
  for (let i = 0; i < centres.length; i++) {
    const next = centres[i + 1];
    const upper = next === undefined ? Number.POSITIVE_INFINITY : 0.5 * ((centres[i] as number) + next);
    if (abs < upper) return { type, deltaPercent: Math.round((centres[i] as number) * 100) };
  }
  return undefined;
}

/** All twelve buckets in report order: puts from 5 to 50 delta, then calls from 50 to 5. */
export function allDeltaBuckets(): DeltaBucket[] {
  const percents = DELTA_BUCKET_CENTRES_ABS.map((c) => Math.round(c * 100));
  return [
    ...percents.map((deltaPercent) => ({ type: 'put' as const, deltaPercent })),
    ...[...percents].reverse().map((deltaPercent) => ({ type: 'call' as const, deltaPercent })),
  ];
}

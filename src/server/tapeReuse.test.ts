/**
 * The server keeps its own model's market tape for every request; a comparison across models reads the
 * other models' tapes for its request only and leaves the server's own in place.
 */
import { describe, expect, it, vi } from 'vitest';
import { marketTapeSettingsHash, type MarketTapeSettings } from '../tape/marketTape.js';
import { testServer } from './testing.js';

const opened: MarketTapeSettings[] = [];
vi.mock('../tape/tapeCache.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../tape/tapeCache.js')>();
  return {
    ...original,
    openMarketTape: (options: Parameters<typeof original.openMarketTape>[0]) => {
      opened.push(options.settings);
      return original.openMarketTape(options);
    },
  };
});

describe("the server's market tapes", () => {
  it('opens its own tape once, and a comparison across models does not push it out', async () => {
    const server = await testServer();
    try {
      const signal = (payload: Record<string, unknown>) => server.app.inject({ method: 'POST', url: '/api/signal', payload: { date: '2017-04-11', ...payload } });
      expect((await signal({})).statusCode).toBe(200);
      expect(opened).toHaveLength(1);
      const own = marketTapeSettingsHash(opened[0] as MarketTapeSettings);
      expect((await signal({ acrossModels: true })).statusCode).toBe(200);
      // The six bundled model files, each read for that request.
      expect(opened.slice(1).map(marketTapeSettingsHash).filter((h) => h !== own)).toHaveLength(6);
      const before = opened.length;
      expect((await signal({})).statusCode).toBe(200);
      expect(opened).toHaveLength(before);
    } finally {
      await server.close();
    }
  }, 120_000);
});

import { it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importChainFile, readStoredQuotes, formatChainImportError } from './store.js';
it('smoke', async () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'cs-')), 'chains');
  for (let i = 0; i < 2; i++) {
    const t = Date.now();
    const r = await importChainFile(dir, 'data/vix_options_20160601.csv', { format: 'auto', replace: false });
    console.log(r.ok ? JSON.stringify({ ...r.value, summaries: undefined }) : formatChainImportError(r.error), Date.now() - t);
  }
  const rows = await readStoredQuotes(dir);
  console.log(rows.length, rows[0]);
});

// Prints the dashboard bundle's gzipped size and fails the build when it exceeds the budget.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const bundleBudgetGzipKb = 600;
const distDir = fileURLToPath(new URL('../web/dist', import.meta.url));

function filesUnder(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)]));
}

const shipped = filesUnder(distDir).filter((file) => /\.(js|css|html)$/.test(file));
const gzipBytes = shipped.reduce((sum, file) => sum + gzipSync(readFileSync(file), { level: 9 }).length, 0);
const gzipKb = gzipBytes / 1024;
console.log(`dashboard bundle: ${shipped.length} files, ${gzipKb.toFixed(1)} KB gzipped (budget ${bundleBudgetGzipKb} KB)`);
if (gzipKb > bundleBudgetGzipKb) {
  console.error(`the dashboard bundle is over its budget of ${bundleBudgetGzipKb} KB gzipped`);
  process.exit(1);
}

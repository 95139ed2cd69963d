// A module-resolution hook that fails any import of DuckDB's Node package, so that a test can prove a
// command never loads it (test/support/refuseDuckdb/register.js installs it through --import).
export const REFUSED_MESSAGE = 'refused to load @duckdb/node-api';

export async function resolve(specifier, context, nextResolve) {
  if (specifier === '@duckdb/node-api' || specifier.startsWith('@duckdb/')) throw new Error(`${REFUSED_MESSAGE} (imported by ${context.parentURL ?? 'the entry'})`);
  return nextResolve(specifier, context);
}

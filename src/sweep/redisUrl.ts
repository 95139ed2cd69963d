/**
 * The Redis a distributed sweep uses, named by a URL: `redis://HOST:PORT[/DB]`. The connection itself
 * is ioredis (BullMQ's own driver); this file only turns the user's URL into its options, refusing what
 * a sweep does not support (passwords, TLS) with a clear error.
 */
export class RedisUrlError extends Error {
  override name = 'RedisUrlError';
}

export interface RedisTarget {
  readonly host: string;
  readonly port: number;
  readonly db: number;
}

/** `redis://HOST:PORT[/DB]`; a password or TLS is not supported (a plain loopback or LAN Redis). */
export function parseRedisUrl(url: string): RedisTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new RedisUrlError(`'${url}' is not a URL; expected redis://HOST:PORT`);
  }
  if (parsed.protocol !== 'redis:') throw new RedisUrlError(`'${url}': only redis:// URLs are supported`);
  if (parsed.username !== '' || parsed.password !== '') throw new RedisUrlError(`'${url}': passwords are not supported; run Redis on a trusted network`);
  const port = parsed.port === '' ? 6379 : Number(parsed.port);
  const dbText = parsed.pathname.replace(/^\//, '');
  const db = dbText === '' ? 0 : Number(dbText);
  if (!Number.isInteger(db) || db < 0) throw new RedisUrlError(`'${url}': the database must be a whole number`);
  return { host: parsed.hostname === '' ? '127.0.0.1' : parsed.hostname, port, db };
}

/**
 * Who may talk to the server. On a loopback address only this machine can, and the Host header must
 * name the loopback too (a web page elsewhere cannot reach it by a DNS name pointed at 127.0.0.1).
 * On any other address a token is required, and every API request must carry it as a bearer token.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_HOSTS.has(host.toLowerCase()) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** Shortest token accepted, characters: long enough that guessing it over a network is hopeless. */
export const MIN_TOKEN_LENGTH = 16;

export class SecurityConfigError extends Error {
  override name = 'SecurityConfigError';
}

/** Checks the host and token the user chose before the server binds; returns the token in force. */
export function checkBinding(host: string, token: string | undefined): string | undefined {
  if (token !== undefined && token.length < MIN_TOKEN_LENGTH) throw new SecurityConfigError(`the token must be at least ${MIN_TOKEN_LENGTH} characters long`);
  if (!isLoopbackHost(host) && token === undefined) {
    throw new SecurityConfigError(`--host ${host} makes the dashboard reachable from other machines: set a token with --token or ALVH_TOKEN (at least ${MIN_TOKEN_LENGTH} characters)`);
  }
  return token;
}

/** Compares without leaking the token's length or the position of the first difference through timing. */
export function tokenMatches(expected: string, authorization: string | undefined): boolean {
  const match = /^Bearer (.+)$/.exec(authorization ?? '');
  if (!match) return false;
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(expected), digest(match[1] as string));
}

/** The host name of a Host header (`127.0.0.1:4317` -> `127.0.0.1`, `[::1]:80` -> `[::1]`). */
export function hostOfHeader(header: string | undefined): string {
  if (header === undefined) return '';
  if (header.startsWith('[')) return header.slice(0, header.indexOf(']') + 1);
  const colon = header.lastIndexOf(':');
  return colon >= 0 ? header.slice(0, colon) : header;
}

/** Methods that change something; every other one must change nothing. */
export const STATE_CHANGING_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** `Sec-Fetch-Site` values of a request the page itself made (or the user typed). */
const SAME_SITE_FETCH = new Set(['same-origin', 'none']);

/**
 * Why a state-changing request looks sent by another site's page, or undefined when it does not.
 * Browsers send `Origin` with every POST/DELETE and `Sec-Fetch-Site` with every request; a page on
 * another origin cannot forge either. A client without both (curl, the CLI) is no browser, so no
 * other site can make it send anything, and it is let through to the token check.
 */
export function crossSiteReason(headers: { readonly origin?: string | undefined; readonly 'sec-fetch-site'?: string | undefined; readonly host?: string | undefined }): string | undefined {
  const fetchSite = headers['sec-fetch-site'];
  if (fetchSite !== undefined && !SAME_SITE_FETCH.has(fetchSite.toLowerCase())) return `Sec-Fetch-Site '${fetchSite}': a change must come from this dashboard's own pages`;
  const origin = headers.origin;
  if (origin === undefined) return undefined;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return `Origin '${origin}' is not an origin: a change must come from this dashboard's own pages`;
  }
  if (origin === 'null' || originHost === '' || originHost.toLowerCase() !== (headers.host ?? '').toLowerCase()) {
    return `Origin '${origin}' is not this server (${headers.host ?? 'no Host'}): a change must come from this dashboard's own pages`;
  }
  return undefined;
}

/** Where the token may come from, in the order they are tried; at most one of flag and file. */
export interface TokenSources {
  /** `--token` (visible to every user of the machine in `ps`: the file or the environment is better). */
  readonly flag: string | undefined;
  /** `--token-file`, or `ALVH_TOKEN_FILE` when the flag is not given. */
  readonly file: string | undefined;
  /** `ALVH_TOKEN`. */
  readonly env: string | undefined;
}

/**
 * The token in force from a flag, a file (its first line, trailing white space dropped) or the
 * environment; undefined when none is set. `readText` reads the file (an adapter, so this stays pure).
 */
export function resolveToken(sources: TokenSources, readText: (path: string) => string): string | undefined {
  if (sources.flag !== undefined && sources.file !== undefined) throw new SecurityConfigError('give the token either with --token or from a file (--token-file / ALVH_TOKEN_FILE), not both');
  if (sources.flag !== undefined) return sources.flag;
  if (sources.file !== undefined) {
    let text: string;
    try {
      text = readText(sources.file);
    } catch (error) {
      throw new SecurityConfigError(`token file ${sources.file}: cannot be read (${(error as Error).message})`);
    }
    const token = (text.split(/\r?\n/)[0] ?? '').trim();
    if (token === '') throw new SecurityConfigError(`token file ${sources.file}: line 1 is empty; write the token on the first line`);
    return token;
  }
  return sources.env === undefined || sources.env === '' ? undefined : sources.env;
}

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

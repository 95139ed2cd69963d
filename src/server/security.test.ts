import { describe, expect, it } from 'vitest';
import { checkBinding, crossSiteReason, hostOfHeader, isLoopbackHost, MIN_TOKEN_LENGTH, resolveToken, SecurityConfigError, tokenMatches } from './security.js';

const TOKEN = 'a-token-of-enough-length';

describe('binding', () => {
  it('the loopback needs no token; any other address does', () => {
    expect(checkBinding('127.0.0.1', undefined)).toBeUndefined();
    expect(checkBinding('::1', undefined)).toBeUndefined();
    expect(() => checkBinding('0.0.0.0', undefined)).toThrow(SecurityConfigError);
    expect(() => checkBinding('192.168.1.5', undefined)).toThrow(/--token or ALVH_TOKEN/);
    expect(checkBinding('0.0.0.0', TOKEN)).toBe(TOKEN);
  });
  it('a short token is refused', () => {
    expect(() => checkBinding('127.0.0.1', 'x'.repeat(MIN_TOKEN_LENGTH - 1))).toThrow(/at least 16 characters/);
  });
  it('knows the loopback names and range', () => {
    expect(['127.0.0.1', '127.3.2.1', 'localhost', 'LOCALHOST', '[::1]'].every(isLoopbackHost)).toBe(true);
    expect(['0.0.0.0', '10.0.0.1', 'example.com', '127.0.0.1.example.com', ''].some(isLoopbackHost)).toBe(false);
  });
});

describe('requests', () => {
  it('a bearer token must match exactly', () => {
    expect(tokenMatches(TOKEN, `Bearer ${TOKEN}`)).toBe(true);
    expect(tokenMatches(TOKEN, `Bearer ${TOKEN}x`)).toBe(false);
    expect(tokenMatches(TOKEN, TOKEN)).toBe(false);
    expect(tokenMatches(TOKEN, undefined)).toBe(false);
    expect(tokenMatches(TOKEN, 'Basic abc')).toBe(false);
  });
  it('reads the host out of a Host header', () => {
    expect(hostOfHeader('127.0.0.1:4317')).toBe('127.0.0.1');
    expect(hostOfHeader('[::1]:4317')).toBe('[::1]');
    expect(hostOfHeader('localhost')).toBe('localhost');
    expect(hostOfHeader(undefined)).toBe('');
  });
});

describe('cross-site requests', () => {
  const host = '127.0.0.1:4317';
  it('the page\'s own origin, a typed-in request and a client that is no browser pass', () => {
    expect(crossSiteReason({ host, origin: 'http://127.0.0.1:4317', 'sec-fetch-site': 'same-origin' })).toBeUndefined();
    expect(crossSiteReason({ host: 'LOCALHOST:4317', origin: 'http://localhost:4317' })).toBeUndefined();
    expect(crossSiteReason({ host, 'sec-fetch-site': 'none' })).toBeUndefined();
    expect(crossSiteReason({ host })).toBeUndefined();
  });
  it('another origin, an opaque one, a garbled one or a cross-site fetch are refused with the reason', () => {
    expect(crossSiteReason({ host, origin: 'http://evil.example' })).toMatch(/Origin 'http:\/\/evil\.example' is not this server \(127\.0\.0\.1:4317\)/);
    expect(crossSiteReason({ host, origin: 'null' })).toMatch(/Origin 'null'/);
    expect(crossSiteReason({ host, origin: 'not a url' })).toMatch(/is not an origin/);
    expect(crossSiteReason({ host, 'sec-fetch-site': 'cross-site' })).toMatch(/Sec-Fetch-Site 'cross-site'/);
    expect(crossSiteReason({ host, 'sec-fetch-site': 'same-site' })).toMatch(/Sec-Fetch-Site 'same-site'/);
    expect(crossSiteReason({ origin: 'http://127.0.0.1:4317' })).toMatch(/no Host/);
  });
});

describe('the token\'s source', () => {
  const files: Record<string, string> = { '/run/token': 'a-token-from-a-file-1234\n', '/run/empty': '  \n', '/run/crlf': 'token-with-crlf-ending\r\nsecond line\n' };
  const read = (path: string) => {
    const text = files[path];
    if (text === undefined) throw new Error('ENOENT');
    return text;
  };
  it('a flag, else the first line of a file, else the environment, else none', () => {
    expect(resolveToken({ flag: TOKEN, file: undefined, env: 'from-env-xxxxxxxxxx' }, read)).toBe(TOKEN);
    expect(resolveToken({ flag: undefined, file: '/run/token', env: 'from-env-xxxxxxxxxx' }, read)).toBe('a-token-from-a-file-1234');
    expect(resolveToken({ flag: undefined, file: '/run/crlf', env: undefined }, read)).toBe('token-with-crlf-ending');
    expect(resolveToken({ flag: undefined, file: undefined, env: 'from-env-xxxxxxxxxx' }, read)).toBe('from-env-xxxxxxxxxx');
    expect(resolveToken({ flag: undefined, file: undefined, env: '' }, read)).toBeUndefined();
  });
  it('names the file that cannot be read or is empty, and refuses a flag and a file together', () => {
    expect(() => resolveToken({ flag: undefined, file: '/run/none', env: undefined }, read)).toThrow(/token file \/run\/none: cannot be read \(ENOENT\)/);
    expect(() => resolveToken({ flag: undefined, file: '/run/empty', env: undefined }, read)).toThrow(/token file \/run\/empty: line 1 is empty/);
    expect(() => resolveToken({ flag: TOKEN, file: '/run/token', env: undefined }, read)).toThrow(SecurityConfigError);
  });
});

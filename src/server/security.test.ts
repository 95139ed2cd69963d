import { describe, expect, it } from 'vitest';
import { checkBinding, hostOfHeader, isLoopbackHost, MIN_TOKEN_LENGTH, SecurityConfigError, tokenMatches } from './security.js';

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

import { describe, expect, it } from 'vitest';
import { configParseWanted, extractConfigFacts } from '../../src/config-files/index.js';
import { fileKindOf } from '../../src/discover/file-kind.js';

// A config-like file that is not recognisable configuration is parsed only when it can hold
// a JWT literal: a generated data file of 200 kB is not parsed for a token it cannot hold.
const TOKEN = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlLXZhbHVlLWhlcmU';
const input = (path: string, text: string) => ({ path, kind: fileKindOf(path), text });
const context = { keyEnvNames: new Set<string>(), lifetimeEnvNames: new Set<string>() } as never;

describe('configParseWanted', () => {
  it('parses a data file that holds a token, and finds the token', () => {
    const file = input('docs/generated/api.json', JSON.stringify({ example: { headers: { authorization: `Bearer ${TOKEN}` } } }, null, 2));
    expect(configParseWanted(file)).toBe(true);
    expect(extractConfigFacts(file, context).facts.tokens.map((t) => t.text)).toEqual([TOKEN]);
  });

  it('skips a data file whose only `eyJ` is not a token (a truncated example in documentation)', () => {
    const file = input('docs/generated/user.json', JSON.stringify({ comment: 'validateInviteToken("eyJhbG...")', padding: 'x'.repeat(1000) }));
    expect(configParseWanted(file)).toBe(false);
    expect(extractConfigFacts(file, context).facts.tokens).toEqual([]);
  });

  it('still parses recognisable configuration whatever it holds', () => {
    expect(configParseWanted(input('docker-compose.yml', 'services:\n  api:\n    image: x\n'))).toBe(true);
    expect(configParseWanted(input('.env', 'A=1\n'))).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { parseEnv } from '../../src/config-files/parse-env.js';
import { at, entry } from './helpers.js';

describe('parseEnv', () => {
  it('locates keys and values of KEY=value lines', () => {
    const parsed = parseEnv('.env', 'NODE_ENV=production\n\n# comment\nJWT_SECRET=abc123\n');
    expect(parsed.entries.map((e) => e.key)).toEqual(['NODE_ENV', 'JWT_SECRET']);
    const secret = entry(parsed, 'JWT_SECRET');
    expect(secret.value).toBe('abc123');
    expect(at(secret)).toEqual({ key: '4:1', value: '4:12' });
    expect(secret.valueLoc).toMatchObject({ endLine: 4, endColumn: 18 });
    expect(secret.envVar).toBe(true);
    expect(parsed.diagnostics).toEqual([]);
  });

  it('reads export, spaces around =, KEY: value and indented lines', () => {
    const parsed = parseEnv('.env', 'export JWT_SECRET=a\n  JWT_TTL = 1h\nJWT_ALG: HS256\n');
    expect(at(entry(parsed, 'JWT_SECRET'))).toEqual({ key: '1:8', value: '1:19' });
    expect(entry(parsed, 'JWT_TTL').value).toBe('1h');
    expect(at(entry(parsed, 'JWT_TTL'))).toEqual({ key: '2:3', value: '2:13' });
    expect(entry(parsed, 'JWT_ALG').value).toBe('HS256');
  });

  it('unquotes values and points at the opening quote', () => {
    const parsed = parseEnv('.env', `A="x y" # note\nB='lit \\n $X'\nC=\`tick\`\nD="esc\\n\\"q\\""\n`);
    expect(entry(parsed, 'A').value).toBe('x y');
    expect(at(entry(parsed, 'A')).value).toBe('1:3');
    expect(entry(parsed, 'B').value).toBe('lit \\n $X');
    expect(entry(parsed, 'C').value).toBe('tick');
    expect(entry(parsed, 'D').value).toBe('esc\n"q"');
  });

  it('ends unquoted values at an inline comment after whitespace only', () => {
    const parsed = parseEnv('.env', 'A=b # comment\nB=c#d\nC=#only-comment\nD=\n');
    expect(entry(parsed, 'A').value).toBe('b');
    expect(entry(parsed, 'A').valueLoc).toMatchObject({ column: 3, endColumn: 4 });
    expect(entry(parsed, 'B').value).toBe('c#d');
    expect(entry(parsed, 'C').value).toBe('');
    expect(entry(parsed, 'D').value).toBe('');
  });

  it('reads a double-quoted value across lines (PEM keys) and carries on after it', () => {
    const text = 'JWT_PRIVATE_KEY="-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----"\nNEXT=1\n';
    const parsed = parseEnv('.env', text);
    const key = entry(parsed, 'JWT_PRIVATE_KEY');
    expect(key.value).toBe('-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----');
    expect(key.valueLoc).toMatchObject({ line: 1, column: 17, endLine: 3, endColumn: 27 });
    expect(at(entry(parsed, 'NEXT'))).toEqual({ key: '4:1', value: '4:6' });
  });

  it('resolves ${VAR:-literal} to the literal, located where the literal starts', () => {
    const parsed = parseEnv('.env', 'JWT_SECRET=${JWT_SECRET:-dev-secret}\nREF=${OTHER}\nQ="${A:-q}"\nS=\'${A:-single}\'\n');
    const fallback = entry(parsed, 'JWT_SECRET');
    expect(fallback.value).toBe('dev-secret');
    expect(fallback.interpolation).toEqual({ name: 'JWT_SECRET', fallback: true });
    expect(at(fallback).value).toBe('1:26');
    expect(fallback.valueLoc.endColumn).toBe(36);
    expect(entry(parsed, 'REF')).toMatchObject({ value: '${OTHER}', interpolation: { name: 'OTHER', fallback: false } });
    expect(entry(parsed, 'Q')).toMatchObject({ value: 'q', valueLoc: { column: 9 } });
    // Single quotes are literal in dotenv-expand and compose.
    expect(entry(parsed, 'S').value).toBe('${A:-single}');
    expect(entry(parsed, 'S').interpolation).toBeUndefined();
  });

  it('handles CRLF line endings', () => {
    const parsed = parseEnv('.env', 'A=1\r\nJWT_SECRET=abc\r\n');
    expect(entry(parsed, 'JWT_SECRET').value).toBe('abc');
    expect(at(entry(parsed, 'JWT_SECRET'))).toEqual({ key: '2:1', value: '2:12' });
  });

  it('reports malformed lines as diagnostics and keeps reading', () => {
    const parsed = parseEnv('app/.env', 'this is not an assignment\nPASSTHROUGH\nA="unterminated\nB=2\n');
    expect(parsed.diagnostics).toEqual(['app/.env:1:1: expected KEY=value', 'app/.env:3:3: unterminated " quote']);
    expect(entry(parsed, 'A').value).toBe('unterminated');
    expect(entry(parsed, 'B').value).toBe('2');
  });

  it('caps the number of diagnostics of one file', () => {
    const parsed = parseEnv('x.env', Array.from({ length: 20 }, () => 'garbage here').join('\n'));
    expect(parsed.diagnostics).toHaveLength(6);
    expect(parsed.diagnostics[5]).toBe('x.env: 15 more problem(s) not shown');
  });
});

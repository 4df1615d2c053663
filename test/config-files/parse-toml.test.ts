import { describe, expect, it } from 'vitest';
import { parseToml } from '../../src/config-files/parse-toml.js';
import { at, entry } from './helpers.js';

describe('parseToml', () => {
  it('reads tables, env-var tables and the string forms', () => {
    const text = [
      'name = "worker"',
      '[vars]',
      'JWT_SECRET = "basic\\tvalue" # comment',
      "LITERAL = 'c:\\path'",
      'JWT_TTL = 3600',
      '[env.production.vars]',
      'MULTI = """',
      'line"""',
      '"quoted.key" = true',
      '[[rules]]',
      'a = 1',
      '[[rules]]',
      'a = 2',
      '',
    ].join('\n');
    const parsed = parseToml('wrangler.toml', text);
    expect(parsed.diagnostics).toEqual([]);
    const secret = entry(parsed, 'vars.JWT_SECRET');
    expect(secret).toMatchObject({ value: 'basic\tvalue', envVar: true });
    expect(at(secret)).toEqual({ key: '3:1', value: '3:14' });
    expect(entry(parsed, 'vars.LITERAL').value).toBe('c:\\path');
    expect(entry(parsed, 'vars.JWT_TTL')).toMatchObject({ value: '3600', valueType: 'number' });
    expect(entry(parsed, 'env.production.vars.MULTI')).toMatchObject({ value: 'line', envVar: true });
    expect(entry(parsed, 'env.production.vars.quoted.key')).toMatchObject({ key: 'quoted.key', valueType: 'boolean' });
    expect(entry(parsed, 'rules.1.a').value).toBe('2');
    expect(entry(parsed, 'name').envVar).toBe(false);
  });

  it('skips inline arrays and tables, also across lines', () => {
    const parsed = parseToml('fly.toml', 'list = [\n  "a",\n  "b",\n]\ninline = { a = 1 }\n[env]\nJWT_SECRET = "x"\n');
    expect(parsed.entries.map((e) => e.path.join('.'))).toEqual(['env.JWT_SECRET']);
    expect(at(entry(parsed, 'env.JWT_SECRET'))).toEqual({ key: '7:1', value: '7:14' });
  });

  it('reports malformed lines and keeps reading', () => {
    const parsed = parseToml('bad.toml', 'what is this\n[broken\nok = "yes"\nunterminated = "x\n');
    expect(parsed.diagnostics).toEqual(['bad.toml:1:1: TOML: expected key = value', 'bad.toml:2:1: TOML: malformed table header', 'bad.toml:4:16: TOML: malformed value']);
    expect(entry(parsed, 'ok').value).toBe('yes');
  });
});

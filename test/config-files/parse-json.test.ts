import { describe, expect, it } from 'vitest';
import { parseJson } from '../../src/config-files/parse-json.js';
import { at, entry } from './helpers.js';

describe('parseJson', () => {
  it('locates keys and values by key path, quotes included', () => {
    const text = '{\n  "Jwt": {\n    "Key": "k3y",\n    "ExpiryMinutes": 60,\n    "Enabled": true\n  },\n  "Hosts": ["a", "b"]\n}\n';
    const parsed = parseJson('appsettings.json', text);
    expect(parsed.diagnostics).toEqual([]);
    const key = entry(parsed, 'Jwt.Key');
    expect(key).toMatchObject({ key: 'Key', value: 'k3y', valueType: 'string', envVar: false });
    expect(at(key)).toEqual({ key: '3:5', value: '3:12' });
    expect(key.valueLoc).toMatchObject({ endLine: 3, endColumn: 17 });
    expect(entry(parsed, 'Jwt.ExpiryMinutes')).toMatchObject({ value: '60', valueType: 'number' });
    expect(entry(parsed, 'Jwt.Enabled')).toMatchObject({ value: 'true', valueType: 'boolean' });
    expect(entry(parsed, 'Hosts.1')).toMatchObject({ key: 'Hosts', value: 'b' });
    expect(at(entry(parsed, 'Hosts.1')).value).toBe('7:18');
  });

  it('accepts comments and trailing commas (appsettings, tsconfig style)', () => {
    const parsed = parseJson('appsettings.json', '{\n  // comment\n  "a": "b", /* block */\n}\n');
    expect(parsed.diagnostics).toEqual([]);
    expect(at(entry(parsed, 'a'))).toEqual({ key: '3:3', value: '3:8' });
  });

  it('decodes escapes in values', () => {
    const parsed = parseJson('config.json', '{"pem": "-----BEGIN PRIVATE KEY-----\\nMIIE\\n-----END PRIVATE KEY-----"}');
    expect(entry(parsed, 'pem').value).toBe('-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----');
  });

  it('turns name/value arrays (ECS task definitions) into entries', () => {
    const parsed = parseJson('taskdef.json', '{"environment": [{"name": "JWT_SECRET", "value": "abc"}]}');
    expect(entry(parsed, 'environment.JWT_SECRET')).toMatchObject({ value: 'abc', envVar: true });
  });

  it('returns diagnostics for malformed JSON and keeps what it could read', () => {
    const parsed = parseJson('config/default.json', '{\n  "jwt": { "secret": "x" \n  "b": \n');
    expect(parsed.diagnostics.length).toBeGreaterThan(0);
    expect(parsed.diagnostics[0]).toMatch(/^config\/default\.json:\d+:\d+: JSON: \w+/);
    expect(entry(parsed, 'jwt.secret').value).toBe('x');
    expect(parseJson('empty.json', '').entries).toEqual([]);
  });
});

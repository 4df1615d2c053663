import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NodeConfigIndex, parseConfigFile } from '../../src/config-files/index.js';
import { FIXTURES_ROOT } from '../helpers/fixtures.js';

const files = [
  { path: 'config/default.json', text: '{\n  "jwt": {\n    "secret": "default-key",\n    "expiresIn": "1h",\n    "rotate": true,\n    "skew": 30\n  }\n}\n' },
  { path: 'config/production.yaml', text: 'jwt:\n  expiresIn: 15m\n' },
  { path: 'config/local.json', text: '{"jwt": {"secret": "local-key"}}' },
  { path: 'config/custom-environment-variables.yml', text: 'jwt:\n  secret: JWT_SECRET\n  expiresIn:\n    __name: JWT_TTL\n    __format: string\n' },
  { path: 'services/billing/config/default.yml', text: 'jwt:\n  secret: billing-key\n' },
  { path: 'src/settings.json', text: '{"jwt": {"secret": "not-node-config"}}' },
];

describe('NodeConfigIndex', () => {
  const index = new NodeConfigIndex(files);

  it('indexes only files inside a config/ directory', () => {
    expect(index.configFiles).toEqual([
      'config/default.json',
      'services/billing/config/default.yml',
      'config/custom-environment-variables.yml',
      'config/production.yaml',
      'config/local.json',
    ]);
    expect(NodeConfigIndex.isNodeConfigFile('config/test.json')).toBe(true);
    expect(NodeConfigIndex.isNodeConfigFile('src/config.json')).toBe(false);
    expect(index.diagnostics).toEqual([]);
  });

  it('looks values up by dotted key path, default first, with their positions', () => {
    expect(index.lookup('jwt.secret')).toEqual([
      { value: 'default-key', loc: { file: 'config/default.json', line: 3, column: 15, endLine: 3, endColumn: 28 }, file: 'config/default.json', environment: 'default' },
      { value: 'billing-key', loc: expect.objectContaining({ file: 'services/billing/config/default.yml', line: 2, column: 11 }), file: 'services/billing/config/default.yml', environment: 'default' },
      { value: 'local-key', loc: expect.objectContaining({ line: 1, column: 20 }), file: 'config/local.json', environment: 'local' },
    ]);
    expect(index.lookup('jwt.expiresIn').map((v) => [v.environment, v.value, v.loc.line])).toEqual([
      ['default', '1h', 4],
      ['production', '15m', 2],
    ]);
  });

  it('returns typed values', () => {
    expect(index.lookup('jwt.rotate')[0]!.value).toBe(true);
    expect(index.lookup('jwt.skew')[0]!.value).toBe(30);
    expect(index.lookup('jwt.missing')).toEqual([]);
    expect(index.lookup('jwt')).toEqual([]);
  });

  it('narrows to one config directory', () => {
    expect(index.lookup('jwt.secret', 'services/billing/config').map((v) => v.value)).toEqual(['billing-key']);
    expect(index.lookup('jwt.secret', 'config').map((v) => v.value)).toEqual(['default-key', 'local-key']);
  });

  it('maps keys to the environment variables of custom-environment-variables', () => {
    expect(index.envNameFor('jwt.secret')).toBe('JWT_SECRET');
    expect(index.envNameFor('jwt.expiresIn')).toBe('JWT_TTL');
    expect(index.envNameFor('jwt.issuer')).toBeUndefined();
    expect(index.envNameFor('jwt.secret', 'services/billing/config')).toBeUndefined();
  });

  it('accepts files parsed elsewhere and collects diagnostics of broken files', () => {
    const fromParsed = new NodeConfigIndex();
    const path = 'node-config/config/default.json';
    const text = readFileSync(join(FIXTURES_ROOT, 'config-files', path), 'utf8');
    fromParsed.addParsed(path, parseConfigFile({ path, kind: 'json', text })!);
    expect(fromParsed.lookup('jwt.expiresIn')).toEqual([expect.objectContaining({ value: '30d', environment: 'default', loc: expect.objectContaining({ line: 5 }) })]);
    const broken = new NodeConfigIndex([{ path: 'config/default.json', text: '{"jwt": ' }]);
    expect(broken.diagnostics.length).toBeGreaterThan(0);
    expect(broken.lookup('jwt.secret')).toEqual([]);
  });
});

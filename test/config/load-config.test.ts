import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig, validateConfig } from '../../src/config/load-config.js';
import { makeTempProject, removeTempProject } from '../cli/helpers/temp-project.js';

const RULE_IDS = ['hardcoded-secret', 'long-expiry', 'weak-secret'];
const roots: string[] = [];
function project(files: Record<string, string>): string {
  const root = makeTempProject(files);
  roots.push(root);
  return root;
}
afterEach(() => {
  for (const root of roots.splice(0)) removeTempProject(root);
});

describe('loadConfig', () => {
  it('reads a YAML file', async () => {
    const root = project({
      'jwtlint.yaml': 'failOn: high\nmaxExpiry: 7d\nignore:\n  - test/\nrules:\n  weak-secret: off\n  long-expiry: "on"\n',
    });
    expect(await loadConfig(path.join(root, 'jwtlint.yaml'), RULE_IDS)).toEqual({
      ok: true,
      config: {
        failOn: 'high',
        maxExpirySeconds: 604_800,
        ignore: ['test/'],
        rules: { 'weak-secret': 'off', 'long-expiry': 'on' },
      },
    });
  });

  it('reads a JSON file and takes a number of seconds as maxExpiry', async () => {
    const root = project({ 'jwtlint.json': JSON.stringify({ failOn: 'none', maxExpiry: 3600 }) });
    expect(await loadConfig(path.join(root, 'jwtlint.json'), RULE_IDS)).toEqual({
      ok: true,
      config: { failOn: 'none', maxExpirySeconds: 3600, ignore: [], rules: {} },
    });
  });

  it('treats an empty YAML file as an empty configuration', async () => {
    const root = project({ '.jwtlint.yml': '' });
    expect(await loadConfig(path.join(root, '.jwtlint.yml'), RULE_IDS)).toEqual({ ok: true, config: { ignore: [], rules: {} } });
  });

  it.each(['jwtlint.config.js', 'jwtlint.config.mjs', 'jwtlint.config.cjs', 'jwtlint.config.ts'])(
    'refuses %s without reading it',
    async (name) => {
      const root = project({ [name]: 'throw new Error("executed")' });
      const result = await loadConfig(path.join(root, name), RULE_IDS);
      expect(result.ok).toBe(false);
      expect(!result.ok && result.problems[0]).toMatch(/must be JSON or YAML data/);
    },
  );

  it('reports a missing file', async () => {
    const result = await loadConfig('/nonexistent/jwtlint.yaml', RULE_IDS);
    expect(result).toEqual({ ok: false, problems: [expect.stringMatching(/cannot read the configuration file \(ENOENT\)/)] });
  });

  it('reports syntax errors with the file name', async () => {
    const root = project({ 'bad.json': '{ "failOn": ', 'bad.yaml': 'failOn: high\nfailOn: low\n' });
    const json = await loadConfig(path.join(root, 'bad.json'), RULE_IDS);
    const yaml = await loadConfig(path.join(root, 'bad.yaml'), RULE_IDS);
    expect(!json.ok && json.problems).toEqual([expect.stringMatching(/bad\.json: invalid JSON/)]);
    expect(!yaml.ok && yaml.problems).toEqual([expect.stringMatching(/bad\.yaml: invalid YAML: Map keys must be unique/)]);
  });
});

describe('validateConfig', () => {
  it('collects every problem at once', () => {
    const result = validateConfig(
      {
        failOn: 'urgent',
        maxExpiry: 'forever',
        ignore: 'test/',
        rules: { 'hardcoded-secrets': 'off', 'weak-secret': 'disabled' },
        failon: 'high',
      },
      RULE_IDS,
    );
    expect(result).toEqual({
      ok: false,
      problems: [
        'unknown key "failon" (did you mean "failOn"?).',
        'failOn must be one of critical, high, medium, low, none (got "urgent").',
        'maxExpiry must be a positive duration such as "24h", "30m", "7d" or a number of seconds (got "forever").',
        'ignore must be a list of .gitignore-style patterns (strings).',
        'rules: unknown rule id "hardcoded-secrets" (did you mean "hardcoded-secret"?).',
        'rules.weak-secret must be "on" or "off" (got "disabled").',
      ],
    });
  });

  it('rejects a configuration that is not an object', () => {
    expect(validateConfig(['failOn'], RULE_IDS).ok).toBe(false);
    expect(validateConfig('high', RULE_IDS).ok).toBe(false);
  });

  it('rejects rules that is not an object and a non-positive maxExpiry', () => {
    expect(validateConfig({ rules: ['weak-secret'], maxExpiry: 0 }, RULE_IDS)).toEqual({
      ok: false,
      problems: [
        'maxExpiry must be a positive duration such as "24h", "30m", "7d" or a number of seconds (got 0).',
        'rules must be an object mapping rule ids to "on" or "off".',
      ],
    });
  });
});

import { symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverConfig, emptyConfig, loadConfig, validateConfig, type ConfigurableRule } from '../../src/config/load-config.js';
import { tempProjectsRemovedAfterEach } from '../cli/helpers/temp-project.js';

const RULE_IDS: ConfigurableRule[] = [
  { id: 'expiry-not-enforced', options: { maxClockTolerance: { description: 'seconds', default: 300 } } },
  { id: 'hardcoded-secret', options: {} },
  { id: 'long-expiry', options: { maxExpiry: { description: 'duration', default: '24h' } } },
  { id: 'weak-secret', options: {} },
];
const project = tempProjectsRemovedAfterEach();

describe('loadConfig', () => {
  it('reads a YAML file', async () => {
    const root = project({
      'jwtlint.yaml': 'failOn: high\nmaxExpiry: 7d\nignore:\n  - test/\nrules:\n  weak-secret: off\n  long-expiry: "on"\n',
    });
    expect(await loadConfig(path.join(root, 'jwtlint.yaml'), RULE_IDS)).toEqual({
      ok: true,
      config: { ...emptyConfig(), failOn: 'high', maxExpirySeconds: 604_800, ignore: ['test/'], disabledRules: ['weak-secret'] },
    });
  });

  it('reads a JSON file and takes a number of seconds as maxExpiry', async () => {
    const root = project({ 'jwtlint.json': JSON.stringify({ failOn: 'none', maxExpiry: 3600 }) });
    expect(await loadConfig(path.join(root, 'jwtlint.json'), RULE_IDS)).toEqual({
      ok: true,
      config: { ...emptyConfig(), failOn: 'none', maxExpirySeconds: 3600 },
    });
  });

  it('treats an empty YAML file as an empty configuration', async () => {
    const root = project({ '.jwtlint.yml': '' });
    expect(await loadConfig(path.join(root, '.jwtlint.yml'), RULE_IDS)).toEqual({ ok: true, config: emptyConfig() });
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
    expect(!json.ok && json.problems).toEqual([expect.stringMatching(/bad\.json: invalid JSON: .* at line 1, column \d+\./)]);
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
        'ignore must be a list of .gitignore-style patterns (non-empty strings).',
        'rules: unknown rule id "hardcoded-secrets" (did you mean "hardcoded-secret"?).',
        'rules.weak-secret must be "on", "off", a severity (critical, high, medium, low) or an object with enabled, severity and options (got "disabled").',
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
        'rules must be an object mapping rule ids to "on", "off", a severity, or { enabled, severity, options }.',
      ],
    });
  });
});

describe('validateConfig: rules, test paths and units', () => {
  it('takes on/off, a severity or an object with enabled, severity and options', () => {
    const result = validateConfig(
      {
        rules: {
          'hardcoded-secret': 'critical',
          'weak-secret': { enabled: false },
          'long-expiry': { severity: 'low', options: { maxExpiry: '7d' } },
          'expiry-not-enforced': { options: { maxClockTolerance: 0 } },
        },
        testPaths: ['e2e/', '!fixtures/prod-like/**'],
        units: { './services/api/': 'api', 'services/worker': 'worker' },
      },
      RULE_IDS,
    );
    expect(result).toEqual({
      ok: true,
      config: {
        ...emptyConfig(),
        disabledRules: ['weak-secret'],
        severityOverrides: { 'hardcoded-secret': 'critical', 'long-expiry': 'low' },
        maxExpirySeconds: 604_800,
        maxClockToleranceSeconds: 0,
        testPaths: ['e2e/', '!fixtures/prod-like/**'],
        units: { 'services/api': 'api', 'services/worker': 'worker' },
      },
    });
  });

  it('reports every problem in rules, options, test paths and units at once', () => {
    const result = validateConfig(
      {
        maxExpiry: '12h',
        testPaths: [''],
        units: { '../outside': 'x', 'services/api': '', '/abs': 'y' },
        rules: {
          'hardcoded-secret': { severity: 'urgent', enable: false, options: { strict: true } },
          'long-expiry': { options: { maxExpiry: '1d', maxExpiri: '2d' } },
          'expiry-not-enforced': { enabled: 'maybe', options: { maxClockTolerance: 'soon' } },
        },
      },
      RULE_IDS,
    );
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems).toEqual([
      'testPaths must be a list of .gitignore-style patterns (non-empty strings).',
      'units: "../outside" must be a folder relative to the scan root, with / separators and no "..".',
      'units.services/api must be a non-empty unit name (got "").',
      'units: "/abs" must be a folder relative to the scan root, with / separators and no "..".',
      'rules.hardcoded-secret: unknown key "enable" (did you mean "enabled"?).',
      'rules.hardcoded-secret.severity must be one of critical, high, medium, low (got "urgent").',
      'rules.hardcoded-secret.options: hardcoded-secret has no options (got "strict").',
      'maxExpiry and rules.long-expiry.options.maxExpiry are both set; keep one.',
      'rules.long-expiry.options: unknown option "maxExpiri" (did you mean "maxExpiry"?); known: maxExpiry.',
      'rules.expiry-not-enforced.enabled must be true or false (got "maybe").',
      'rules.expiry-not-enforced.options.maxClockTolerance must be a duration such as "24h", "5m" or a number of seconds (got "soon").',
    ]);
  });

  it('accepts a $schema key for editors', () => {
    expect(validateConfig({ $schema: './jwtlint.schema.json' }, RULE_IDS).ok).toBe(true);
  });
});

describe('loadConfig: JSON with comments', () => {
  it('allows comments and trailing commas in .jwtlintrc.json', async () => {
    const root = project({ '.jwtlintrc.json': '{\n  // stricter in CI\n  "failOn": "high",\n}\n' });
    expect(await loadConfig(path.join(root, '.jwtlintrc.json'), RULE_IDS)).toEqual({ ok: true, config: { ...emptyConfig(), failOn: 'high' } });
  });
});

describe('discoverConfig', () => {
  it.each(['.jwtlintrc.json', '.jwtlintrc.yaml', '.jwtlintrc.yml', 'jwtlint.config.json'])('finds %s in the scan root', (name) => {
    const root = project({ [name]: '{}' });
    expect(discoverConfig(root)).toEqual({ file: path.join(root, name), notifications: [] });
  });

  it('finds nothing in an empty folder and does not look in parents or children', () => {
    const root = project({ 'sub/.jwtlintrc.json': '{}' });
    expect(discoverConfig(path.join(root, 'sub', '..'))).toEqual({ notifications: [] });
  });

  it('reports several candidates as a conflict', () => {
    const root = project({ '.jwtlintrc.json': '{}', '.jwtlintrc.yaml': '' });
    expect(discoverConfig(root).conflicting).toEqual(['.jwtlintrc.json', '.jwtlintrc.yaml']);
  });

  it('never loads a JavaScript config and says so', () => {
    const root = project({ '.jwtlintrc.js': 'throw new Error("executed")', 'jwtlint.config.mjs': '' });
    const discovered = discoverConfig(root);
    expect(discovered.file).toBeUndefined();
    expect(discovered.notifications.map((n) => [n.kind, n.level, n.file])).toEqual([
      ['config', 'warning', '.jwtlintrc.js'],
      ['config', 'warning', 'jwtlint.config.mjs'],
    ]);
    expect(discovered.notifications[0]!.message).toContain('never runs code from the scanned repository');
  });

  it('finds a configuration name that is a link, even a dangling one, so that loading it can refuse it', async () => {
    const root = project({ 'elsewhere.json': '{ "failOn": "none" }' });
    symlinkSync('/nonexistent/jwtlint.json', path.join(root, '.jwtlintrc.json'));
    expect(discoverConfig(root)).toEqual({ file: path.join(root, '.jwtlintrc.json'), notifications: [] });
    const other = project({ 'elsewhere.json': '{ "failOn": "none" }' });
    symlinkSync(path.join(other, 'elsewhere.json'), path.join(root, 'linked.json'));
    // Without an area, the file's own folder is the repository: its link is not followed.
    expect(await loadConfig(path.join(root, 'linked.json'), RULE_IDS)).toEqual({ ok: false, problems: [expect.stringMatching(/linked\.json: is a symbolic link inside the scanned repository/)] });
  });
});

describe('loadConfig: hostile values', () => {
  it('lists at most 20 problems and cuts long values short', async () => {
    const keys = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`key${i}`, 1]));
    const root = project({ 'many.json': JSON.stringify(keys), 'long.json': JSON.stringify({ failOn: 'x'.repeat(10_000) }) });
    const many = await loadConfig(path.join(root, 'many.json'), RULE_IDS);
    expect(!many.ok && many.problems.length).toBe(21);
    expect(!many.ok && many.problems[20]).toMatch(/many\.json: … and 10 more problems\.$/);
    const long = await loadConfig(path.join(root, 'long.json'), RULE_IDS);
    expect(!long.ok && long.problems[0]!.length).toBeLessThan(300);
  });
});

// insecure-key-options: the rule's verdicts on hand-built facts, and what the adapters record
// for option objects that reach jsonwebtoken in ways the fixtures do not show.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import insecureKeyOptions from '../../rules/insecure-key-options.js';
import type { FileFacts, UnsafeOption } from '../../src/rule-api.js';
import { SETTINGS, fileFacts, loc } from '../helpers/facts.js';
import { scanFolder } from '../helpers/scan.js';

const run = (facts: Partial<FileFacts>) => insecureKeyOptions.check({ facts: fileFacts(facts), settings: SETTINGS });

function unsafe(partial: Partial<UnsafeOption>): UnsafeOption {
  return { option: 'allowInsecureKeySizes', kind: 'disables-check', library: 'jsonwebtoken', api: 'jwt.sign', loc: loc(7), ...partial };
}

describe('insecure-key-options on facts', () => {
  it('names the switch and the API, on the option line', () => {
    const [report] = run({ unsafeOptions: [unsafe({})] });
    expect(report).toMatchObject({ loc: loc(7), messageId: 'insecureKeySizes', data: { option: 'allowInsecureKeySizes', api: 'jwt.sign' } });
    expect(report?.severity).toBeUndefined();
  });

  it('adds CWE-347 to a disabled key-type check', () => {
    const [report] = run({ unsafeOptions: [unsafe({ option: 'verifyOptions.allowInvalidAsymmetricKeyTypes', api: 'JwtModule.register' })] });
    expect(report).toMatchObject({ messageId: 'invalidKeyTypes', extraCwe: ['CWE-347'], data: { option: 'verifyOptions.allowInvalidAsymmetricKeyTypes' } });
  });

  it('tells where an ignored option belongs, weighing a dropped audience or issuer like a missing one', () => {
    const reports = run({
      unsafeOptions: [
        unsafe({ option: 'jsonWebTokenOptions.algorithms', kind: 'ignored', library: 'passport-jwt', api: 'new JwtStrategy', loc: loc(3) }),
        unsafe({ option: 'jsonWebTokenOptions.audience', kind: 'ignored', library: 'passport-jwt', api: 'super', loc: loc(4) }),
      ],
    });
    expect(reports[0]).toMatchObject({ messageId: 'ignoredOption', data: { setting: 'algorithms', library: 'passport-jwt' }, extraCwe: ['CWE-757'] });
    expect(reports[0]?.severity).toBeUndefined();
    expect(reports[1]).toMatchObject({ messageId: 'ignoredOption', data: { setting: 'audience', api: 'super' }, severity: 'medium' });
  });

  it('reports nothing for a switch it has no message for', () => {
    expect(run({ unsafeOptions: [unsafe({ option: 'someFutureSwitch' })] })).toEqual([]);
  });
});

describe('insecure-key-options through the adapters', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  async function scan(files: Record<string, string>) {
    const dir = mkdtempSync(join(tmpdir(), 'jwtlint-insecure-key-options-'));
    dirs.push(dir);
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    const result = await scanFolder(dir);
    return result.findings.filter((f) => f.ruleId === 'insecure-key-options').map((f) => `${f.location.file}:${f.location.line}`);
  }

  it('reports an imported options object once, where the option is written', async () => {
    const found = await scan({
      'src/jwt-options.js': ['export const signOptions = {', "  algorithm: 'RS256',", "  expiresIn: '10m',", '  allowInsecureKeySizes: true,', '};', ''].join('\n'),
      'src/tokens.js': [
        "import jwt from 'jsonwebtoken';",
        "import { signOptions } from './jwt-options.js';",
        'export const access = (sub, key) => jwt.sign({ sub }, key, signOptions);',
        "export const refresh = (sub, key) => jwt.sign({ sub, typ: 'refresh' }, key, signOptions, (err, t) => t);",
        '',
      ].join('\n'),
    });
    expect(found).toEqual(['src/jwt-options.js:4']);
  });

  it('stays silent where the value is not a literal true, or the call is not a JWT library', async () => {
    const found = await scan({
      'src/tokens.js': [
        "import jwt from 'jsonwebtoken';",
        'const legacy = process.env.LEGACY === "1";',
        "export const a = (sub, key) => jwt.sign({ sub }, key, { expiresIn: '5m', allowInvalidAsymmetricKeyTypes: legacy });",
        "export const b = (sub, key, opts) => jwt.sign({ sub }, key, { expiresIn: '5m', ...opts });",
        "export const c = (sub, key) => jwt.sign({ sub }, key, { expiresIn: '5m', allowInsecureKeySizes: legacy ? true : false });",
        '',
      ].join('\n'),
      // No JWT import: the prefilter and the adapters never look at this file.
      'src/keys.js': ["import { generateKeyPairSync } from 'node:crypto';", "export const pair = () => generateKeyPairSync('rsa', { modulusLength: 1024, allowInsecureKeySizes: true });", ''].join('\n'),
    });
    expect(found).toEqual([]);
  });
});

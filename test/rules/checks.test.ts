// Rule logic against hand-built facts: what each rule concludes from the records it is given,
// independent of how the indexer produces them.
import { describe, expect, it } from 'vitest';
import algNone from '../../rules/alg-none.js';
import decodeWithoutVerify from '../../rules/decode-without-verify.js';
import expiryNotEnforced from '../../rules/expiry-not-enforced.js';
import hardcodedSecret from '../../rules/hardcoded-secret.js';
import hardcodedToken from '../../rules/hardcoded-token.js';
import { rules } from '../../rules/index.js';
import longExpiry, { humaniseSeconds } from '../../rules/long-expiry.js';
import missingAudience from '../../rules/missing-audience.js';
import missingIssuer from '../../rules/missing-issuer.js';
import noExpiry from '../../rules/no-expiry.js';
import symmetricAlgorithm from '../../rules/symmetric-algorithm.js';
import tokenInWebStorage from '../../rules/token-in-web-storage.js';
import tokenLogged from '../../rules/token-logged.js';
import unpinnedAlgorithm from '../../rules/unpinned-algorithm.js';
import weakSecret from '../../rules/weak-secret.js';
import type { AlgorithmSpec, FileFacts, RuleDefinition, RuleReport } from '../../src/rule-api.js';
import { SETTINGS, callSite, fileFacts, loc, secretUse, token } from '../helpers/facts.js';

const run = (rule: RuleDefinition, facts: Partial<FileFacts>): RuleReport[] => rule.check({ facts: fileFacts(facts), settings: SETTINGS });
const lines = (reports: RuleReport[]) => reports.map((r) => r.loc.line);
const explicit = (...names: [string, number][]): AlgorithmSpec => ({
  kind: 'explicit',
  values: names.map(([name, line]) => ({ name, loc: loc(line) })),
  loc: loc(names[0]?.[1] ?? 1),
});
const HMAC_DEFAULT: AlgorithmSpec = { kind: 'default', hmacByDefault: true };
const KEY_DEFAULT: AlgorithmSpec = { kind: 'default', hmacByDefault: false };

describe('hardcoded-secret', () => {
  it('reports every literal at its own line with the material as evidence', () => {
    const use = secretUse('Ujitn3oChUKZz6aaZNRSfkgfLDRXJNbDly8dLOH0PoyADb7TQ2r1eDqr12Sm4f00');
    const [report] = run(hardcodedSecret, { secrets: [use] });
    expect(report).toMatchObject({ loc: use.material.loc, messageId: 'literal', evidence: { kind: 'secret', material: use.material } });
    expect(report?.severity).toBeUndefined();
    expect(report?.related?.map((r) => r.loc)).toEqual(use.usedAt);
  });

  it('names the environment variable of a fallback and adds CWE-1188', () => {
    const [report] = run(hardcodedSecret, { secrets: [secretUse('dev-secret-value', { route: 'env-fallback', envName: 'JWT_SECRET' })] });
    expect(report).toMatchObject({ messageId: 'envFallback', data: { envName: 'JWT_SECRET' }, extraCwe: ['CWE-1188'] });
  });

  it('treats default parameters and config defaults as fallbacks', () => {
    const reports = run(hardcodedSecret, {
      secrets: [secretUse('a-default-parameter', { route: 'default-parameter' }), secretUse('a-config-default', { route: 'config-default' })],
    });
    expect(reports.map((r) => r.messageId)).toEqual(['fallback', 'fallback']);
    expect(reports.every((r) => r.extraCwe?.includes('CWE-1188'))).toBe(true);
  });

  it('speaks of a template in a file deployments copy into place, and counts Terraform, Jenkinsfiles and env templates as configuration', () => {
    const key = 'r6iURhottC4mHegjX4K4HUsePKpHsRR8';
    for (const file of ['env-example', '.example-env', '.env.example', 'src/config.ts.example']) {
      const [report] = run(hardcodedSecret, { file, secrets: [secretUse(key, { loc: loc(3, 1, file) })] });
      expect(report?.messageId, file).toBe('template');
    }
    for (const file of ['infra/main.tf', 'env/prod.tfvars', 'Jenkinsfile', 'Procfile', 'env-example']) {
      const [report] = run(hardcodedSecret, { file, secrets: [secretUse(key, { loc: loc(3, 1, file) })] });
      expect(report?.extraCwe, file).toContain('CWE-260');
    }
    const [code] = run(hardcodedSecret, { file: 'src/templates/render.ts', secrets: [secretUse(key, { loc: loc(3, 1, 'src/templates/render.ts') })] });
    // A key the code reads from a template (an import that resolves to `config.ts.example`) is the template's.
    const [viaImport] = run(hardcodedSecret, { file: 'src/auth.ts', secrets: [secretUse(key, { loc: loc(3, 1, 'src/config.ts.example') })] });
    expect(viaImport?.messageId).toBe('template');
    expect(code).toMatchObject({ messageId: 'literal' });
    expect(code?.extraCwe).toBeUndefined();
  });

  it('raises private keys and production config secrets to critical', () => {
    const [pem] = run(hardcodedSecret, { secrets: [secretUse('-----BEGIN PRIVATE KEY-----\nMIG...', { form: 'pem-private' })] });
    expect(pem).toMatchObject({ messageId: 'privateKey', severity: 'critical' });
    const [prod] = run(hardcodedSecret, { file: 'deploy/.env.production', secrets: [secretUse('r6iURhottC4mHegjX4K4HUsePKpHsRR8', { loc: loc(3, 1, 'deploy/.env.production') })] });
    expect(prod).toMatchObject({ severity: 'critical', extraCwe: ['CWE-260'] });
    const [staging] = run(hardcodedSecret, { file: 'config/staging.yaml', secrets: [secretUse('r6iURhottC4mHegjX4K4HUsePKpHsRR8', { loc: loc(3, 1, 'config/staging.yaml') })] });
    expect(staging?.severity).toBeUndefined();
    expect(staging?.extraCwe).toEqual(['CWE-260']);
  });

  it('does not treat a source file named after production as a config file', () => {
    const [report] = run(hardcodedSecret, { file: 'src/production.ts', secrets: [secretUse('r6iURhottC4mHegjX4K4HUsePKpHsRR8')] });
    expect(report?.severity).toBeUndefined();
    expect(report?.extraCwe).toBeUndefined();
  });
});

describe('weak-secret', () => {
  const judge = (text: string, algorithms: string[] = [], extra = {}) => run(weakSecret, { secrets: [secretUse(text, extra, algorithms)] });

  it('measures key length against the strongest HMAC algorithm in use (RFC 7518 §3.2)', () => {
    const key48 = 'N4XbGMt30MYphwCWwfw5Qw1xSI9e2IJxXVRx9WPLL63kLwqS';
    expect(judge(key48, ['HS256'])).toEqual([]);
    expect(judge(key48)).toEqual([]);
    const [report] = judge(key48, ['HS256', 'HS512']);
    expect(report).toMatchObject({ messageId: 'tooShort', data: { bytes: 48, required: 64, algorithm: 'HS512' } });
    expect(judge('D7ZBuH8NJh5oq38jbX75zrsi9wjq3yVIcoO', ['HS384'])[0]?.data).toMatchObject({ required: 48, algorithm: 'HS384' });
  });

  it('uses decoded byte length, not text length', () => {
    expect(judge('XI8kEJp3ilLvnj3i9FJ0AAXI8kEJp3ilLvnj3i9', [], { form: 'jwk-oct', byteLength: 16 })[0]?.messageId).toBe('tooShort');
  });

  it('knows documented example secrets, whatever their case or separators', () => {
    for (const text of ['shhhhh', 'secretKey', 'Super_Secret', 'your-256-bit-secret', 'keyboard cat']) {
      expect(judge(text)[0]?.messageId, text).toBe('knownDefault');
    }
    const nest = 'DO NOT USE THIS VALUE. INSTEAD, CREATE A COMPLEX SECRET AND KEEP IT SAFE OUTSIDE OF THE SOURCE CODE.';
    expect(judge(nest)[0]?.messageId).toBe('knownDefault');
  });

  it('calls repeated characters and short repeated patterns low-entropy, but not random keys', () => {
    expect(judge('x'.repeat(40))[0]?.messageId).toBe('lowEntropy');
    expect(judge('abc123'.repeat(8))[0]?.messageId).toBe('lowEntropy');
    expect(judge('ab'.repeat(10) + 'ba'.repeat(10))[0]?.messageId).toBe('lowEntropy');
    for (const random of [
      '1uMoHMdBRknGBSjDpaYii8vJ6JrngZoSZEPMLqhU',
      'ea3f428c1d8198bb7989952c1715dca06844841e2dddc2ffb4b1e915b5d5c261',
      'eZAzmFUYTV1HLqSlgucz711BtsGzw2E9OixMT1XcYx0',
    ]) {
      expect(judge(random), random).toEqual([]);
    }
  });

  it('never measures private keys', () => {
    expect(judge('short', [], { form: 'pem-private' })).toEqual([]);
    expect(judge('secret', [], { form: 'jwk-private' })).toEqual([]);
  });
});

describe('symmetric-algorithm', () => {
  it('reports explicit HMAC values on their own lines and defaults at the call', () => {
    const reports = run(symmetricAlgorithm, {
      callSites: [
        callSite({ operation: 'sign', signs: true, verifies: false, signAlgorithm: explicit(['HS512', 4]) }),
        callSite({ loc: loc(8), verifyAlgorithms: explicit(['RS256', 9], ['HS256', 10]) }),
        callSite({ loc: loc(20), operation: 'configure', signs: true, verifies: true, signAlgorithm: HMAC_DEFAULT, verifyAlgorithms: HMAC_DEFAULT }),
      ],
    });
    expect(reports.map((r) => `${r.loc.line}:${r.messageId}`)).toEqual(['4:explicitSign', '10:explicitVerify', '20:defaultSign', '20:defaultVerify']);
  });

  it('reports HMAC algorithms named in configuration files', () => {
    const reports = run(symmetricAlgorithm, { algorithmSettings: [{ name: 'HS512', loc: loc(4) }, { name: 'RS256', loc: loc(5) }] });
    expect(reports).toEqual([{ loc: loc(4), messageId: 'configured', data: { algorithm: 'HS512' } }]);
  });

  it('ignores decodes, unsecured tokens, none-only lists and key-typed defaults', () => {
    const reports = run(symmetricAlgorithm, {
      callSites: [
        callSite({ operation: 'decode', verifies: false, verifyAlgorithms: HMAC_DEFAULT }),
        callSite({ unsecured: true, verifyAlgorithms: HMAC_DEFAULT }),
        callSite({ emptyKey: true, verifyAlgorithms: explicit(['none', 3]), signAlgorithm: HMAC_DEFAULT, signs: true }),
        callSite({ verifyAlgorithms: KEY_DEFAULT }),
        callSite({ verifyAlgorithms: { kind: 'unknown', loc: loc(2) } }),
      ],
    });
    expect(reports).toEqual([]);
  });
});

describe('alg-none', () => {
  it('finds none in any case, unsecured APIs and empty verification keys', () => {
    const reports = run(algNone, {
      callSites: [
        callSite({ verifyAlgorithms: explicit(['HS256', 3], ['NoNe', 4]) }),
        callSite({ operation: 'sign', signs: true, verifies: false, signAlgorithm: explicit(['none', 7]) }),
        callSite({ loc: loc(11), api: 'new UnsecuredJWT', operation: 'sign', signs: true, verifies: false, unsecured: true }),
        callSite({ loc: loc(15), emptyKey: true, verifyAlgorithms: KEY_DEFAULT }),
      ],
    });
    expect(reports.map((r) => `${r.loc.line}:${r.messageId}`)).toEqual(['4:noneAccepted', '7:noneSigned', '11:unsecuredApi', '15:emptyKey']);
    expect(reports[2]?.data).toEqual({ api: 'new UnsecuredJWT' });
  });

  it('does not treat an empty key on a signing call as verification', () => {
    expect(run(algNone, { callSites: [callSite({ operation: 'sign', signs: true, verifies: false, emptyKey: true })] })).toEqual([]);
  });
});

describe('unpinned-algorithm', () => {
  it('reports missing allowlists, algorithms read from the token, and mixed families', () => {
    const reports = run(unpinnedAlgorithm, {
      callSites: [
        callSite({ loc: loc(3), verifyAlgorithms: KEY_DEFAULT }),
        callSite({ loc: loc(6), verifyAlgorithms: { kind: 'from-token', loc: loc(8) } }),
        callSite({ loc: loc(12), verifyAlgorithms: explicit(['RS256', 13], ['HS256', 13]) }),
        callSite({ loc: loc(16), verifyAlgorithms: explicit(['EdDSA', 17], ['HS512', 17], ['none', 17]) }),
      ],
    });
    expect(reports.map((r) => `${r.loc.line}:${r.messageId}`)).toEqual(['3:noAllowlistUnknownVersion', '8:algFromToken', '13:mixedFamilies', '17:mixedFamilies']);
    expect(reports[2]?.data).toEqual({ hmac: 'HS256', asymmetric: 'RS256' });
  });

  it('stays silent for pinned, one-family, none-mixed, unknown, signing-only and alg-none sites', () => {
    const reports = run(unpinnedAlgorithm, {
      callSites: [
        callSite({ verifyAlgorithms: explicit(['RS256', 2]) }),
        callSite({ verifyAlgorithms: explicit(['RS256', 2], ['ES256', 2], ['PS384', 2]) }),
        callSite({ verifyAlgorithms: explicit(['HS256', 2], ['none', 2]) }),
        callSite({ verifyAlgorithms: { kind: 'unknown', loc: loc(2) } }),
        callSite({ operation: 'sign', signs: true, verifies: false, verifyAlgorithms: KEY_DEFAULT }),
        callSite({ unsecured: true, verifyAlgorithms: KEY_DEFAULT }),
        callSite({ emptyKey: true, verifyAlgorithms: KEY_DEFAULT }),
      ],
    });
    expect(reports).toEqual([]);
  });
});

describe('missing-audience and missing-issuer', () => {
  it('report absent checks on verifiers at the call, and nothing for present, unknown or signing-only', () => {
    const sites = [
      callSite({ loc: loc(3), audience: 'absent', issuer: 'absent' }),
      callSite({ loc: loc(6), audience: 'present', issuer: 'unknown' }),
      callSite({ loc: loc(9), audience: 'unknown', issuer: 'present' }),
      callSite({ loc: loc(12), operation: 'sign', signs: true, verifies: false, audience: 'absent', issuer: 'absent' }),
    ];
    expect(lines(run(missingAudience, { callSites: sites }))).toEqual([3]);
    expect(lines(run(missingIssuer, { callSites: sites }))).toEqual([3]);
    expect(run(missingAudience, { callSites: sites })[0]?.data).toEqual({ api: 'jwt.verify', example: "`audience: 'orders-api'`" });
  });

  it('phrase the fix in the language of the file', () => {
    const at = (file: string) => [callSite({ loc: { ...loc(3), file }, audience: 'absent', issuer: 'absent' })];
    expect(run(missingAudience, { callSites: at('auth.py') })[0]?.data?.example).toBe('`audience="orders-api"`');
    expect(run(missingAudience, { callSites: at('auth.go') })[0]?.data?.example).toBe('`jwt.WithAudience("orders-api")`');
    expect(run(missingIssuer, { callSites: at('auth.go') })[0]?.data?.example).toBe('`jwt.WithIssuer("https://your-issuer")`');
    expect(run(missingIssuer, { callSites: at('auth.ts') })[0]?.data?.example).toBe("`issuer: 'https://your-issuer'`");
  });
});

describe('decode-without-verify', () => {
  const decode = (partial = {}) =>
    callSite({ api: 'jwt.decode', operation: 'decode', verifies: false, decode: { headerOnly: false, verifiedInScope: false, manual: false, ...partial } });

  it('reports library and manual decodes in server code', () => {
    const reports = run(decodeWithoutVerify, { callSites: [decode(), { ...decode({ manual: true }), loc: loc(20) }] });
    expect(reports.map((r) => `${r.loc.line}:${r.messageId}`)).toEqual(['10:decoded', '20:manualDecode']);
  });

  it('accepts header-only decodes, decodes of verified tokens, and browser code', () => {
    expect(run(decodeWithoutVerify, { callSites: [decode({ headerOnly: true }), decode({ verifiedInScope: true })] })).toEqual([]);
    expect(run(decodeWithoutVerify, { environment: 'browser', callSites: [decode()] })).toEqual([]);
  });
});

describe('no-expiry', () => {
  it('reports signing without a lifetime, and nothing when a lifetime is set or unknown', () => {
    const reports = run(noExpiry, {
      callSites: [
        callSite({ loc: loc(2), operation: 'sign', signs: true, verifies: false, lifetime: { kind: 'absent' } }),
        callSite({ loc: loc(4), operation: 'sign', signs: true, verifies: false, lifetime: { kind: 'present', loc: loc(4) } }),
        callSite({ loc: loc(6), operation: 'sign', signs: true, verifies: false, lifetime: { kind: 'unknown' } }),
        callSite({ loc: loc(8), lifetime: { kind: 'absent' } }),
      ],
    });
    expect(lines(reports)).toEqual([2]);
  });
});

describe('long-expiry', () => {
  it('reports lifetimes strictly above the threshold, at the value', () => {
    const reports = run(longExpiry, {
      callSites: [
        callSite({ operation: 'sign', signs: true, verifies: false, lifetime: { kind: 'seconds', seconds: 86_400, loc: loc(3) } }),
        callSite({ operation: 'sign', signs: true, verifies: false, lifetime: { kind: 'seconds', seconds: 86_401, loc: loc(5) } }),
      ],
      lifetimes: [
        { seconds: 30 * 86_400, loc: loc(9) },
        { seconds: 900, loc: loc(10) },
      ],
    });
    expect(lines(reports)).toEqual([5, 9]);
    expect(reports[1]?.data).toEqual({ lifetime: '30 days', threshold: '24 hours' });
  });

  it('follows the configured maximum', () => {
    const facts = fileFacts({ lifetimes: [{ seconds: 7_200, loc: loc(2) }] });
    expect(longExpiry.check({ facts, settings: { ...SETTINGS, maxExpirySeconds: 3_600 } })[0]?.data).toEqual({
      lifetime: '2 hours',
      threshold: '1 hour',
    });
  });

  it('humanises durations in whole units where it can', () => {
    expect(humaniseSeconds(2_592_000)).toBe('30 days');
    expect(humaniseSeconds(172_800)).toBe('2 days');
    expect(humaniseSeconds(129_600)).toBe('36 hours');
    expect(humaniseSeconds(86_400)).toBe('24 hours');
    expect(humaniseSeconds(90 * 60)).toBe('90 minutes');
    expect(humaniseSeconds(86_401)).toBe('24.0 hours');
    expect(humaniseSeconds(200_000)).toBe('2.3 days');
    expect(humaniseSeconds(45)).toBe('45 seconds');
  });
});

describe('expiry-not-enforced', () => {
  it('reports ignoreExpiration and tolerances above the maximum, at the option', () => {
    const reports = run(expiryNotEnforced, {
      callSites: [
        callSite({ expiry: { ignoreExpiration: loc(4) } }),
        callSite({ expiry: { clockTolerance: { seconds: 300, loc: loc(6) } } }),
        callSite({ expiry: { clockTolerance: { seconds: 301, loc: loc(8) } } }),
        callSite({ operation: 'sign', signs: true, verifies: false, expiry: { ignoreExpiration: loc(12) } }),
      ],
    });
    expect(reports.map((r) => `${r.loc.line}:${r.messageId}`)).toEqual(['4:ignoreExpiration', '8:clockTolerance']);
    expect(reports[1]?.data).toEqual({ tolerance: 301, max: 300 });
  });
});

describe('hardcoded-token', () => {
  it('rates unsigned and never-expiring tokens high', () => {
    const reports = run(hardcodedToken, {
      tokens: [
        token(),
        token({ header: { alg: 'none' }, unsigned: true }),
        token({ payload: { sub: 'batch' } }),
        token({ payload: null }),
        token({ header: { alg: '<script>' } }),
      ],
    });
    expect(reports.map((r) => `${r.messageId}:${r.severity ?? 'default'}`)).toEqual([
      'token:default',
      'unsignedToken:high',
      'neverExpires:high',
      'token:default',
      'token:default',
    ]);
    expect(reports[4]?.data).toEqual({ alg: 'unknown' });
    expect(reports.every((r) => r.evidence?.kind === 'token')).toBe(true);
  });
});

describe('token-in-web-storage and token-logged', () => {
  it('report each write and each log with the matching message', () => {
    const writes = run(tokenInWebStorage, { storageWrites: [{ loc: loc(3), storage: 'sessionStorage', evidence: 'key "id_token"' }] });
    expect(writes).toEqual([{ loc: loc(3), messageId: 'stored', data: { storage: 'sessionStorage', evidence: 'key "id_token"' } }]);
    const logs = run(tokenLogged, {
      logs: [
        { loc: loc(4), what: 'token', expression: 'token' },
        { loc: loc(5), what: 'authorization-header', expression: 'req.headers.authorization' },
        { loc: loc(6), what: 'secret', expression: 'secret' },
      ],
    });
    expect(logs.map((r) => r.messageId)).toEqual(['tokenLogged', 'authorizationHeaderLogged', 'secretLogged']);
  });
});

describe('every rule', () => {
  const secretText = 'Zt8pQ2wL6vN1cR4yH7kB0mS3xF5jD9gA';
  const everything = fileFacts({
    file: 'config/.env.production',
    callSites: [
      callSite({
        operation: 'configure',
        signs: true,
        verifies: true,
        key: { kind: 'hmac-secret', envNames: [], envReads: [], loc: loc(2), fromParameter: false },
        signAlgorithm: explicit(['HS256', 2]),
        verifyAlgorithms: explicit(['HS256', 3], ['RS256', 3], ['none', 3]),
        audience: 'absent',
        issuer: 'absent',
        lifetime: { kind: 'seconds', seconds: 10 * 86_400, loc: loc(4) },
        expiry: { ignoreExpiration: loc(5), clockTolerance: { seconds: 9_999, loc: loc(6) } },
        emptyKey: true,
      }),
      callSite({ operation: 'decode', verifies: false, decode: { headerOnly: false, verifiedInScope: false, manual: true } }),
    ],
    secrets: [secretUse(secretText, { route: 'env-fallback', envName: 'JWT_SECRET' }, ['HS512'])],
    lifetimes: [{ seconds: 90 * 86_400, loc: loc(7) }],
    tokens: [token({ text: `eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.${secretText}` })],
    algorithmSettings: [{ name: 'HS384', loc: loc(10) }],
    storageWrites: [{ loc: loc(8), storage: 'localStorage', evidence: 'key "token"' }],
    logs: [{ loc: loc(9), what: 'secret', expression: 'JWT_SECRET' }],
  });

  it.each(rules.map((r) => [r.id, r] as const))('%s fills every placeholder of its messages and never puts a key in data', (_id, rule) => {
    for (const report of rule.check({ facts: everything, settings: SETTINGS })) {
      const template = rule.messages[report.messageId];
      expect(template, report.messageId).toBeDefined();
      const placeholders = [...template!.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]!);
      expect(Object.keys(report.data ?? {}).sort()).toEqual([...new Set(placeholders)].sort());
      for (const value of Object.values(report.data ?? {})) expect(String(value)).not.toContain(secretText);
    }
  });
});

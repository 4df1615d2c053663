import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { formatText } from '../../src/report/text.js';
import { buildJsonReport } from '../../src/report/json.js';
import { buildSarifLog } from '../../src/report/sarif.js';
import type { RunResult } from '../../src/engine/types.js';
import { blastRadius, blastRadiusClause } from '../../src/facts/blast-radius.js';
import type { KeyReach } from '../../src/facts/model.js';
import { SCENARIOS_DIR } from '../helpers/fixtures.js';
import { scanFiles, scanFolder } from '../helpers/scan.js';

// fixtures/scenarios/estate-blast-radius: one key (`JWT_SECRET`) signed by `auth`, verified
// by `orders` and `billing` (through a template of the variable) and configured in the NestJS
// module of `realtime` (through a key provider that only returns it); `notes` keeps its own key to itself; `gateway` only
// verifies a key its issuer (outside the repository) holds; `mailer` only signs.
const ROOT = join(SCENARIOS_DIR, 'estate-blast-radius');



let result: RunResult;
beforeAll(async () => {
  result = await scanFolder(ROOT);
}, 60_000);

function rated(file: string, ruleId: string) {
  return result.findings
    .filter((f) => f.location.file === file && f.ruleId === ruleId)
    .map((f) => ({ line: f.location.line, severity: f.severity, reason: f.severityReason }));
}

describe('severity from the blast radius of the key', () => {
  it('rates HMAC high in every unit of a shared key, and names the units', () => {
    for (const file of ['services/auth/src/tokens.js', 'services/orders/src/auth.js', 'services/billing/src/verify.js', 'services/realtime/src/realtime.module.ts']) {
      const found = rated(file, 'symmetric-algorithm');
      expect(found.length, file).toBeGreaterThan(0);
      for (const f of found) {
        expect(f.severity, file).toBe('high');
        expect(f.reason).toMatch(/^4 units hold this key \(.*\): any of them can mint tokens the others accept$/);
        for (const unit of ['auth', 'billing', 'orders', 'realtime']) expect(f.reason).toContain(`\`${unit}\``);
      }
    }
    const message = result.findings.find((f) => f.location.file === 'services/orders/src/auth.js' && f.ruleId === 'symmetric-algorithm')!.message;
    expect(message).toContain('the same key is held by `auth`, `billing` and `realtime` besides `orders`');
  });

  it('rates a missing audience high where several units accept tokens of one key', () => {
    expect(rated('services/orders/src/auth.js', 'missing-audience')).toEqual([
      { line: 8, severity: 'high', reason: '`auth`, `billing`, `orders` and `realtime` all accept tokens signed with this key' },
    ]);
    expect(rated('services/billing/src/verify.js', 'missing-audience').map((f) => f.severity)).toEqual(['high']);
  });

  it('rates a key one unit keeps to itself low, and says so in the message', () => {
    const notes = result.findings.filter((f) => f.location.file === 'services/notes/src/session.js');
    expect(notes.map((f) => `${f.location.line} ${f.ruleId} ${f.severity}`).sort()).toEqual([
      '13 missing-audience low',
      '13 missing-issuer low',
      '15 symmetric-algorithm low',
      '9 symmetric-algorithm low',
    ]);
    for (const f of notes) {
      expect(f.severityReason).toBe('only `notes` holds this key, and it signs and verifies its own tokens');
      expect(f.message).toContain('Only `notes` holds this key');
    }
  });

  it('rates a verifier of an outside issuer medium, and a lone signer at the default', () => {
    expect(rated('services/gateway/src/upstream.js', 'symmetric-algorithm')).toEqual([
      { line: 8, severity: 'medium', reason: '`gateway` only verifies with this key, so whoever issues its tokens (not in this scan) holds it too' },
    ]);
    expect(rated('services/mailer/src/links.js', 'symmetric-algorithm')).toEqual([
      { line: 6, severity: 'low', reason: 'only `mailer` holds this key in this scan, and no verifier of it was found' },
    ]);
  });

  it('gives every finding a reason, and a reason of its own whenever its severity is not the rule default', () => {
    const defaults = new Map(rules.map((r) => [r.id, r]));
    for (const f of result.findings) {
      expect(f.severityReason.length, `${f.location.file}:${f.location.line} ${f.ruleId}`).toBeGreaterThan(10);
      if (f.severity !== defaults.get(f.ruleId)!.severity) expect(f.severityReason).not.toBe(defaults.get(f.ruleId)!.severityReason);
    }
  });
});

describe('the reason in every report format', () => {
  it('JSON carries severityReason next to severity', () => {
    const json = buildJsonReport(result);
    const notes = json.findings.find((f) => f.location.file === 'services/notes/src/session.js')!;
    expect(notes.severityReason).toBe('only `notes` holds this key, and it signs and verifies its own tokens');
  });

  it('SARIF results carry the reason and a security-severity in the band of their own severity', () => {
    const sarif = buildSarifLog(result);
    const results = sarif.runs[0]!.results;
    const lowHmac = results.find((r) => r.ruleId === 'symmetric-algorithm' && r.locations[0]!.physicalLocation.artifactLocation.uri.endsWith('notes/src/session.js'))!;
    const highHmac = results.find((r) => r.ruleId === 'symmetric-algorithm' && r.locations[0]!.physicalLocation.artifactLocation.uri.endsWith('orders/src/auth.js'))!;
    expect(lowHmac.properties.severityReason).toContain('only `notes` holds this key');
    expect(Number(lowHmac.properties['security-severity'])).toBeLessThan(4);
    expect(Number(highHmac.properties['security-severity'])).toBeGreaterThanOrEqual(7);
    expect(highHmac.level).toBe('error');
  });

  it('text shows one "why" line per finding and lists the most severe first', () => {
    const text = formatText(result, { color: false, quiet: true });
    expect(text).toContain('  why low: only `notes` holds this key, and it signs and verifies its own tokens\n');
    const severities = text.split('\n').flatMap((line) => /^\S+:\d+:\d+: (\w+)/.exec(line)?.[1] ?? []);
    const rank = { critical: 0, high: 1, medium: 2, low: 3 } as Record<string, number>;
    expect(severities.length).toBe(result.findings.length);
    expect(severities.map((s) => rank[s])).toEqual(severities.map((s) => rank[s]).sort((a, b) => a - b));
  });
});

describe('blastRadius', () => {
  const reach = (over: Partial<KeyReach>): KeyReach => ({ keyId: 'key-1', unit: 'api', holders: ['api'], signers: [], verifiers: [], signAlgorithms: [], ...over });

  it('names the four situations', () => {
    expect(blastRadius(undefined)).toBeNull();
    expect(blastRadius(reach({ signers: ['api'], verifiers: ['api'] }))?.kind).toBe('contained');
    expect(blastRadius(reach({ verifiers: ['api'] }))?.kind).toBe('issuer-elsewhere');
    expect(blastRadius(reach({ signers: ['api'] }))?.kind).toBe('verifier-unseen');
    expect(blastRadius(reach({ holders: ['api', 'worker'], signers: ['api'], verifiers: ['api'] }))?.kind).toBe('shared');
  });

  it('cuts long unit lists in its clause', () => {
    const radius = blastRadius(reach({ holders: ['a', 'api', 'b', 'c', 'd', 'e'] }))!;
    expect(blastRadiusClause(radius)).toBe('6 units hold this key (`api`, `a`, `b` and 3 more): any of them can mint tokens the others accept');
  });
});

describe('shared-secret: one value in several environments', () => {
  const rule = rules.find((r) => r.id === 'shared-secret')!;
  const at = (file: string) => ({ file, line: 2, column: 1, endLine: 2, endColumn: 10 });
  const estate = (environments: string[]) => ({
    units: [],
    keys: [
      {
        id: 'key-1',
        names: ['JWT_SECRET'],
        unitIds: [],
        environments,
        sharedAcrossUnits: false,
        sharedAcrossEnvironments: true,
        places: environments.map((e) => ({ loc: at(`.env.${e}`), unitId: null, how: 'define' as const, environment: e })),
        signers: [],
        verifiers: [],
      },
    ],
  });
  const settings = { maxExpirySeconds: 86_400, maxClockToleranceSeconds: 60 };

  it('is high when the value also opens production', () => {
    const reports = rule.checkProject!({ estate: estate(['production', 'staging']), settings });
    expect(reports.map((r) => r.severity ?? rule.severity)).toEqual(['high', 'high']);
    expect(reports[0]!.severityReason).toContain('`production`');
  });

  it('is medium when no production environment shares it', () => {
    const reports = rule.checkProject!({ estate: estate(['development', 'test']), settings });
    expect(reports.map((r) => r.severity)).toEqual(['medium', 'medium']);
    expect(reports[0]!.severityReason).toBe('no production environment shares the value (only `development` and `test`)');
  });
});

describe('holders of a key', () => {
  it('a package that defines the key only in configuration for tests is not a holder, and does not make it shared', async () => {
    const scanned = await scanFiles({
      'package.json': '{ "private": true, "workspaces": ["apps/*", "libs/*"] }',
      'apps/api/package.json': '{ "name": "api", "dependencies": { "jsonwebtoken": "^9.0.2" } }',
      'apps/api/src/auth.js': "const jwt = require('jsonwebtoken');\nexports.sign = (sub) => jwt.sign({ sub }, process.env.API_JWT_SECRET, { algorithm: 'HS256', expiresIn: '15m' });\nexports.check = (t) => jwt.verify(t, process.env.API_JWT_SECRET, { algorithms: ['HS256'] });\n",
      'libs/testkit/package.json': '{ "name": "testkit" }',
      'libs/testkit/.env.test': 'API_JWT_SECRET=only-for-the-tests-of-the-testkit\n',
    });
    const hmac = scanned.findings.filter((f) => f.ruleId === 'symmetric-algorithm');
    expect(hmac.map((f) => f.severity)).toEqual(['low', 'low']);
    expect(hmac[0]!.severityReason).toBe('only `api` holds this key, and it signs and verifies its own tokens');
    // Nor does the test copy make the key shared across units.
    expect(scanned.findings.filter((f) => f.ruleId === 'shared-secret').map((f) => f.messageId)).toEqual([]);
  });
});

describe('missing-audience: one issuer, several verifiers', () => {
  it('is high where several units check tokens against the same key set (jose and jwks-rsa alike)', async () => {
    const scanned = await scanFolder(join(SCENARIOS_DIR, '..', 'missing-audience', 'invalid', 'estate'));
    const rated = (file: string) =>
      scanned.findings.filter((f) => f.location.file === file && f.ruleId === 'missing-audience').map((f) => [f.messageId, f.severity, f.severityReason]);
    const reason = '`reports` and `search` all accept tokens checked against `IDP_JWKS_URL`';
    expect(rated('search/src/auth.ts')).toEqual([['missingAudienceSharedIssuer', 'high', reason]]);
    expect(rated('reports/src/auth.js')).toEqual([['missingAudienceSharedIssuer', 'high', reason]]);
  });
});

describe('missing-issuer: several signers of one key', () => {
  it('names the signers at medium (any holder of a shared HMAC key can write the expected iss)', async () => {
    const scanned = await scanFolder(join(SCENARIOS_DIR, '..', 'missing-issuer', 'invalid', 'estate'));
    const admin = scanned.findings.filter((f) => f.location.file === 'admin/src/auth.js' && f.ruleId === 'missing-issuer');
    expect(admin.map((f) => [f.messageId, f.severity])).toEqual([['missingIssuerShared', 'medium']]);
    expect(admin[0]!.message).toContain('`admin` and `web` can all sign with the key it accepts');
    const notes = scanned.findings.filter((f) => f.location.file === 'notes/src/session.js' && f.ruleId === 'missing-issuer');
    expect(notes.map((f) => [f.messageId, f.severity])).toEqual([['missingIssuerContained', 'low']]);
  });
});

describe('a key named like a private key, used with HMAC', () => {
  it('is an HMAC secret: the algorithm says what the key is, and the estate links it', async () => {
    const scanned = await scanFiles({
      'package.json': '{ "private": true, "workspaces": ["apps/*"] }',
      'apps/auth/package.json': '{ "name": "auth", "dependencies": { "jsonwebtoken": "^9.0.2" } }',
      'apps/auth/src/issue.js': "const jwt = require('jsonwebtoken');\nexports.issue = (sub) => jwt.sign({ sub }, process.env.JWT_PRIVATE_KEY, { algorithm: 'HS256', expiresIn: '15m' });\n",
      'apps/api/package.json': '{ "name": "api", "dependencies": { "jsonwebtoken": "^9.0.2" } }',
      'apps/api/src/check.js': "const jwt = require('jsonwebtoken');\nexports.check = (t) => jwt.verify(t, process.env.JWT_PRIVATE_KEY, { algorithms: ['HS256'], audience: 'api', issuer: 'auth' });\n",
    });
    const hmac = scanned.findings.filter((f) => f.ruleId === 'symmetric-algorithm');
    expect(hmac.map((f) => [f.location.file, f.severity])).toEqual([
      ['apps/api/src/check.js', 'high'],
      ['apps/auth/src/issue.js', 'high'],
    ]);
    expect(scanned.findings.some((f) => f.ruleId === 'shared-secret')).toBe(true);
  });
});

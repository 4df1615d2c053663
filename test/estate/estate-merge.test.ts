import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ajv2020 from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { estateKeyId, type EstateFile } from '../../src/estate/estate-file.js';
import { parseEstateFile } from '../../src/estate/estate-read.js';
import { mergeEstates } from '../../src/estate/merge.js';
import { assertBuilt, jwtlintInProcess as jwtlint, PROJECT_ROOT } from '../cli/helpers/run-jwtlint.js';
import { expectValidSarif } from '../report/sarif-schema.js';

// `jwtlint scan --estate-out` and `jwtlint estate merge` on the small repositories of
// fixtures/estate-merge/ (see its README), each scanned on its own as its own CI would (the CLI
// run in process, `runCli`; test/cli/cli.test.ts runs the built binary).

const KEY = 'estate-merge-test-key-0123456789abcdefghij';
const OTHER_KEY = 'another-organisation-key-0123456789abcdef';
const FIXTURES = path.join(PROJECT_ROOT, 'fixtures', 'estate-merge');
const NODE_REPOSITORIES = ['billing', 'reports', 'inventory', 'catalog', 'catalog-staging'] as const;
const REPOSITORIES = [...NODE_REPOSITORIES, 'notes-api', 'notes-worker'] as const;
const schema = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'schema', 'estate.schema.json'), 'utf8'));
const validate = new ajv2020.default({ strict: true, allErrors: true }).compile(schema);

let dir: string;
const file = (name: string) => path.join(dir, `${name}.json`);

async function writeEstate(repository: string, out: string, env: Record<string, string>) {
  const run = await jwtlint(['scan', path.join(FIXTURES, repository), '--estate-out', out, '--estate-name', repository, '--fail-on', 'none', '--format', 'json'], { env });
  expect(run.status, run.stderr).toBe(0);
  return run;
}

async function merge(files: string[], extra: string[] = [], env: Record<string, string> = { JWTLINT_ESTATE_KEY: KEY }) {
  return await jwtlint(['estate', 'merge', ...files, ...extra], { env });
}

beforeAll(async () => {
  assertBuilt();
  dir = mkdtempSync(path.join(tmpdir(), 'jwtlint-estate-merge-'));
  for (const repository of REPOSITORIES) await writeEstate(repository, file(repository), { JWTLINT_ESTATE_KEY: KEY });
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('scan --estate-out', () => {
  it('writes a versioned estate file that the JSON Schema accepts, with fingerprints under the key id', async () => {
    for (const repository of REPOSITORIES) {
      const estate = JSON.parse(readFileSync(file(repository), 'utf8'));
      expect(validate(estate), JSON.stringify(validate.errors)).toBe(true);
      expect(estate.jwtlintEstate).toBe(1);
      expect(estate.repository.name).toBe(repository);
      expect(estate.repository.path).toBe(`fixtures/estate-merge/${repository}`);
      expect(estate.fingerprints).toEqual({ algorithm: 'HMAC-SHA256', keyId: estateKeyId(Buffer.from(KEY)) });
      expect(JSON.stringify(estate)).not.toContain(PROJECT_ROOT);
    }
  });

  it('says per key how it is known, who holds it in which role, and where', async () => {
    const reports = JSON.parse(readFileSync(file('reports'), 'utf8')) as EstateFile;
    expect(reports.keys).toHaveLength(1);
    const key = reports.keys[0]!;
    expect(key).toMatchObject({ known: 'value', names: ['JWT_SECRET'], environments: ['production'], units: [{ unit: 'package:.', signs: false, verifies: true }] });
    expect(key.fingerprints).toHaveLength(1);
    expect(key.places.map((p) => `${p.file}:${p.line}:${p.how}`)).toEqual(['.env.production:2:define', 'src/auth.js:3:code']);
    const inventory = JSON.parse(readFileSync(file('inventory'), 'utf8')) as EstateFile;
    expect(inventory.keys.map((k) => [k.known, k.names, k.fingerprints ?? []])).toEqual([['variable-name', ['JWT_SECRET'], []]]);
  });

  it('without JWTLINT_ESTATE_KEY writes the file with no fingerprint and says why', async () => {
    const out = path.join(dir, 'no-key.json');
    const run = await writeEstate('billing', out, {});
    const estate = JSON.parse(readFileSync(out, 'utf8'));
    expect(validate(estate), JSON.stringify(validate.errors)).toBe(true);
    expect(estate.fingerprints.algorithm).toBe('none');
    expect(estate.fingerprints.reason).toContain('JWTLINT_ESTATE_KEY');
    expect(JSON.stringify(estate)).not.toMatch(/[0-9a-f]{64}/);
    expect(run.stderr).toContain('no fingerprints');
  });

  it('refuses a short estate key, and a file that is not an earlier estate file (exit 2)', async () => {
    const short = await jwtlint(['scan', path.join(FIXTURES, 'billing'), '--estate-out', path.join(dir, 'short.json')], { env: { JWTLINT_ESTATE_KEY: 'short' } });
    expect(short.status).toBe(2);
    expect(short.stderr).toContain('at least 32 characters');
    const precious = path.join(dir, 'precious.json');
    writeFileSync(precious, '{ "name": "not an estate" }\n');
    const refused = await jwtlint(['scan', path.join(FIXTURES, 'billing'), '--estate-out', precious], { env: { JWTLINT_ESTATE_KEY: KEY } });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('is not a jwtlint estate file');
    expect(readFileSync(precious, 'utf8')).toBe('{ "name": "not an estate" }\n');
    // An earlier estate file is replaced.
    await writeEstate('billing', file('billing'), { JWTLINT_ESTATE_KEY: KEY });
  });
});

describe('estate merge', () => {
  it('reports a key value shared by two repositories at every place in each, a verifier-only holder as such', async () => {
    const run = await merge([file('billing'), file('reports')], ['--format', 'json']);
    expect(run.status, run.stderr).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.sharedKeys).toHaveLength(1);
    expect(report.sharedKeys[0]).toMatchObject({ repositories: ['billing', 'reports'], signers: ['billing/billing'], verifiers: ['reports/reports'] });
    expect(report.findings.map((f: { repository: string; file: string; line: number; severity: string }) => `${f.repository}:${f.file}:${f.line}:${f.severity}`)).toEqual([
      'billing:fixtures/estate-merge/billing/.env.production:1:high',
      'billing:fixtures/estate-merge/billing/src/token.js:3:high',
      'reports:fixtures/estate-merge/reports/.env.production:2:high',
      'reports:fixtures/estate-merge/reports/src/auth.js:3:high',
    ]);
    expect(report.findings[3].message).toContain('`reports` only verifies tokens, yet holds the key billing/billing signs with');
  });

  it('writes SARIF with one uriBaseId per repository', async () => {
    const run = await merge([file('billing'), file('reports')], ['--format', 'sarif']);
    expect(run.status).toBe(1);
    const log = JSON.parse(run.stdout);
    expectValidSarif(log);
    const [sarifRun] = log.runs;
    expect(Object.keys(sarifRun.originalUriBaseIds)).toEqual(['billing', 'reports']);
    expect(sarifRun.results.map((r: { locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string } } }[] }) => r.locations[0]!.physicalLocation.artifactLocation)).toContainEqual({
      uri: 'fixtures/estate-merge/reports/src/auth.js',
      uriBaseId: 'reports',
    });
    expect(sarifRun.results.every((r: { ruleId: string }) => r.ruleId === 'shared-secret')).toBe(true);
  });

  it('does not report repositories that share only a variable name, and says so', async () => {
    const run = await merge([file('billing'), file('inventory')]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('Keys shared across repositories: none');
    expect(run.stdout).toContain('not findings');
    expect(run.stdout).toContain('  JWT_SECRET: billing, inventory');
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe('No findings (2 estate files merged)');
  });

  it('reports one value in staging of one repository and production of another, with the environments', async () => {
    const run = await merge([file('catalog'), file('catalog-staging')], ['--format', 'json']);
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.sharedKeys).toHaveLength(1);
    expect(report.sharedKeys[0].environments).toEqual(['production', 'staging']);
    const defines = report.findings.filter((f: { environment?: string }) => f.environment);
    expect(defines.map((f: { repository: string; environment: string; severity: string }) => `${f.repository}:${f.environment}:${f.severity}`).sort()).toEqual(['catalog-staging:staging:high', 'catalog:production:high']);
    expect(defines[0].message).toContain('environments sharing it: production, staging');
  });

  it('fingerprints a value on the line that also reads the variable (a pydantic field default)', async () => {
    const run = await merge([file('notes-api'), file('notes-worker')], ['--format', 'json']);
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.findings.map((f: { repository: string; file: string; line: number }) => `${f.repository}:${f.file}:${f.line}`)).toEqual([
      'notes-api:fixtures/estate-merge/notes-api/app/settings.py:7',
      'notes-worker:fixtures/estate-merge/notes-worker/app/auth.py:5',
    ]);
  });

  it('lists the merged estate in text: repositories, units and the keys they share', async () => {
    const run = await merge(NODE_REPOSITORIES.map(file));
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('Estate of 5 repositories');
    expect(run.stdout).toContain('  reports (commit ');
    expect(run.stdout).toMatch(/shared-1 JWT_SECRET — in billing, reports; signers: billing\/billing; verify only: reports\/reports; environments: production/);
    expect(run.stdout).toMatch(/shared-2 JWT_SECRET, SESSION_JWT_KEY — in catalog, catalog-staging/);
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe('8 findings: 8 high (5 estate files merged)');
  });

  it('compares nothing without JWTLINT_ESTATE_KEY (exit 2)', async () => {
    const run = await merge([file('billing'), file('reports')], [], {});
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('JWTLINT_ESTATE_KEY is not set');
  });

  it('compares nothing when the files were fingerprinted under another key, or under none (exit 2)', async () => {
    const other = path.join(dir, 'other-key.json');
    await writeEstate('reports', other, { JWTLINT_ESTATE_KEY: OTHER_KEY });
    const mismatched = await merge([file('billing'), other]);
    expect(mismatched.status).toBe(2);
    expect(mismatched.stdout).toBe('');
    expect(mismatched.stderr).toContain(`under another estate key (key id ${estateKeyId(Buffer.from(OTHER_KEY))}`);
    const unkeyed = path.join(dir, 'unkeyed.json');
    await writeEstate('reports', unkeyed, {});
    const none = await merge([file('billing'), unkeyed]);
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('has no fingerprints');
  });

  it('refuses malformed, oversized and hostile estate files with a sentence each, never a crash (exit 2)', async () => {
    const good = JSON.parse(readFileSync(file('billing'), 'utf8'));
    const cases: Record<string, string> = {
      'not-json': '{ "jwtlintEstate": 1, ',
      'wrong-version': JSON.stringify({ ...good, jwtlintEstate: 2 }),
      'proto': JSON.stringify(good).replace('"jwtlintEstate":1', '"__proto__":{"polluted":true},"jwtlintEstate":1'),
      'traversal': JSON.stringify({ ...good, keys: [{ ...good.keys[0], places: [{ ...good.keys[0].places[0], file: '../../../etc/passwd' }] }] }),
      'dangling-unit': JSON.stringify({ ...good, keys: [{ ...good.keys[0], units: [{ unit: 'package:nowhere', signs: true, verifies: false }] }] }),
      'deep': `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
      'escapes': JSON.stringify({ ...good, repository: { name: 'x\u001b]0;owned\u0007' }, keys: [{ ...good.keys[0], fingerprints: ['zz'] }] }),
    };
    const files = Object.entries(cases).map(([name, content]) => {
      const target = path.join(dir, `hostile-${name}.json`);
      writeFileSync(target, content);
      return target;
    });
    const huge = path.join(dir, 'hostile-huge.json');
    writeFileSync(huge, '');
    truncateSync(huge, 17 * 1024 * 1024);
    const run = await merge([file('reports'), ...files, huge, path.join(dir, 'absent.json')]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(run.stderr).not.toContain('\u001b');
    for (const name of [...Object.keys(cases), 'huge']) expect(run.stderr).toContain(`hostile-${name}.json`);
    expect(run.stderr).toContain('over the 16777216-byte limit');
    expect(run.stderr).toContain('must be a path relative to its repository');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('the estate reader agrees with the JSON Schema', () => {
  const good = () => JSON.parse(readFileSync(file('billing'), 'utf8'));
  const variants: [string, (d: ReturnType<typeof good>) => unknown, boolean][] = [
    ['as written', (d) => d, true],
    ['without a commit', (d) => ({ ...d, repository: { name: d.repository.name } }), true],
    ['with an unknown top-level field', (d) => ({ ...d, secret: 'x' }), false],
    ['with an absolute place', (d) => ({ ...d, keys: [{ ...d.keys[0], places: [{ ...d.keys[0].places[0], file: '/etc/passwd' }] }] }), false],
    ['with a short fingerprint', (d) => ({ ...d, keys: [{ ...d.keys[0], fingerprints: ['abc'] }] }), false],
    ['with a value field', (d) => ({ ...d, keys: [{ ...d.keys[0], value: 'Hq7Rw2Nz9Tc4' }] }), false],
    ['with line 0', (d) => ({ ...d, keys: [{ ...d.keys[0], places: [{ ...d.keys[0].places[0], line: 0 }] }] }), false],
    ['with an unknown algorithm', (d) => ({ ...d, fingerprints: { algorithm: 'SHA-256', keyId: d.fingerprints.keyId } }), false],
    ['keyed with a reason too', (d) => ({ ...d, fingerprints: { ...d.fingerprints, reason: 'x' } }), false],
    ['with a private-key signer', (d) => ({ ...d, units: [{ ...d.units[0], signsWithPrivateKey: true }] }), true],
    ['with a public-key verifier flag set to false', (d) => ({ ...d, units: [{ ...d.units[0], verifiesWithPublicKey: false }] }), false],
  ];
  it.each(variants)('%s', async (_, change, accepted) => {
    const document = change(good());
    expect(validate(document), JSON.stringify(validate.errors)).toBe(accepted);
    expect(parseEstateFile(JSON.stringify(document)).ok).toBe(accepted);
  });
});

describe('asymmetric units in the estate file', () => {
  it('marks the private-key issuer and the public-key verifier, which the merged HTML draws as the good pattern', async () => {
    const out = path.join(dir, 'example.json');
    const run = await jwtlint(['scan', path.join(PROJECT_ROOT, 'fixtures', 'examples', 'estate'), '--estate-out', out, '--estate-name', 'example', '--fail-on', 'none', '--quiet'], { env: { JWTLINT_ESTATE_KEY: KEY } });
    expect(run.status, run.stderr).toBe(0);
    const estate = JSON.parse(readFileSync(out, 'utf8')) as EstateFile;
    expect(validate(estate), JSON.stringify(validate.errors)).toBe(true);
    const flags = (name: string) => { const { signsWithPrivateKey, verifiesWithPublicKey } = estate.units.find((u) => u.name === name)!; return { signsWithPrivateKey, verifiesWithPublicKey }; };
    expect(flags('identity')).toEqual({ signsWithPrivateKey: true, verifiesWithPublicKey: undefined });
    expect(flags('orders')).toEqual({ signsWithPrivateKey: undefined, verifiesWithPublicKey: true });
    expect(flags('auth')).toEqual({ signsWithPrivateKey: undefined, verifiesWithPublicKey: undefined });
    const html = await merge([out, file('billing')], ['--format', 'html']);
    expect(html.status, html.stderr).toBe(0);
    expect(html.stdout).toMatch(/class="node unit good"[^>]*>(?:<title>identity )/);
    expect(html.stdout).toMatch(/class="node unit good"[^>]*>(?:<title>orders )/);
  });
});

describe('mergeEstates', () => {
  it('puts each fingerprint in the index once: work grows with the repositories, not their pairs', async () => {
    const estate = (n: number, value: string): EstateFile => ({
      jwtlintEstate: 1,
      tool: { name: 'jwtlint', version: '0' },
      repository: { name: `repo-${n}` },
      fingerprints: { algorithm: 'HMAC-SHA256', keyId: '0123456789abcdef' },
      units: [{ id: 'package:.', name: `svc-${n}`, kind: 'package', path: '.', signs: true, verifies: true }],
      keys: [{ id: 'key-1', known: 'value', names: ['JWT_SECRET'], environments: [], fingerprints: [value.repeat(64)], units: [{ unit: 'package:.', signs: true, verifies: true }], places: [{ file: '.env', line: 1, unit: 'package:.', how: 'define' }] }],
    });
    for (const n of [10, 100, 1000]) {
      // Every repository holds one of two values.
      const result = mergeEstates(Array.from({ length: n }, (_, i) => ({ source: `${i}.json`, estate: estate(i, i % 2 === 0 ? 'a' : 'b') })), '0123456789abcdef');
      expect(result.work).toEqual({ fingerprintsIndexed: n, holders: n });
      expect(result.shared.map((k) => k.repositories.length)).toEqual([n / 2, n / 2]);
      expect(result.findings).toHaveLength(n);
    }
  });
});

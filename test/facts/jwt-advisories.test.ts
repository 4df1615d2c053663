import { describe, expect, it } from 'vitest';
import { JWT_ADVISORIES, versionOf, vulnerabilityOf } from '../../src/facts/jwt-advisories.js';
import type { DependencyUse } from '../../src/facts/model.js';

const dep = (name: string, spec: string, source: DependencyUse['source'] = 'manifest'): DependencyUse => ({
  name,
  spec,
  source,
  loc: { file: 'package.json', line: 1, column: 1, endLine: 1, endColumn: 2 },
});
const summary = (d: DependencyUse) => {
  const v = vulnerabilityOf(d);
  return v && `${v.kind} ${v.version} -> ${v.fixed}: ${v.advisories.map((a) => a.cve ?? a.ghsa).join(', ')}`;
};

describe('the advisory table', () => {
  it('has one well-formed row per advisory and package', () => {
    const keys = JWT_ADVISORIES.map((a) => `${a.ghsa} ${a.package} ${a.fixed}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const a of JWT_ADVISORIES) {
      expect(a.ghsa).toMatch(/^GHSA(-[23456789cfghjmpqrvwx]{4}){3}$/);
      if (a.cve) expect(a.cve).toMatch(/^CVE-\d{4}-\d{4,}$/);
      expect(a.url).toBe(`https://github.com/advisories/${a.ghsa}`);
      expect(a.summary.length).toBeGreaterThan(20);
    }
  });
});

describe('versionOf', () => {
  it.each([
    ['8.5.1', 'version 8.5.1'],
    ['=8.5.1', 'version 8.5.1'],
    ['v8.5.1', 'version 8.5.1'],
    ['^8.5.1', 'range 8.5.1'],
    ['~8.0.0', 'range 8.0.0'],
    ['8.x', 'range 8.0.0'],
    ['>=7 <9', 'range 7.0.0'],
    ['>8.5.1 <10', 'range 8.5.2'],
    ['<9.0.0', 'range 0.0.0'],
    ['^8.0.0 || ^9.0.0', 'range 8.0.0'],
    ['*', null],
    ['', null],
    ['x', null],
    ['latest', null],
    ['next', null],
    ['git+https://github.com/auth0/node-jsonwebtoken.git#v8.5.1', null],
    ['github:auth0/express-jwt#v5.3.1', null],
    ['auth0/express-jwt', null],
    ['https://registry.example/jsonwebtoken-8.5.1.tgz', null],
    ['file:../jsonwebtoken', null],
    ['link:../jsonwebtoken', null],
    ['workspace:^8.5.1', null],
    ['catalog:', null],
    ['npm:jsonwebtoken@8.5.1', null],
  ])('%s in a manifest is %s', (spec, expected) => {
    const v = versionOf(dep('jsonwebtoken', spec));
    expect(v && `${v.kind} ${v.version}`).toBe(expected);
  });

  it('takes only exact versions from lockfiles', () => {
    expect(versionOf(dep('jsonwebtoken', '8.5.1', 'lockfile'))).toEqual({ kind: 'version', version: '8.5.1' });
    expect(versionOf(dep('jsonwebtoken', '^8.5.1', 'lockfile'))).toBeNull();
  });
});

describe('vulnerabilityOf', () => {
  it.each([
    ['jsonwebtoken', '^8.5.1', 'range 8.5.1 -> 9.0.0: CVE-2022-23540, CVE-2022-23541, CVE-2022-23539'],
    ['jsonwebtoken', '4.2.1', 'version 4.2.1 -> 9.0.0: CVE-2015-9235, CVE-2022-23540, CVE-2022-23541, CVE-2022-23539'],
    ['jsonwebtoken', '^9.0.0', null],
    ['jsonwebtoken', '9.0.0-beta.1', 'version 9.0.0-beta.1 -> 9.0.0: CVE-2022-23540, CVE-2022-23541, CVE-2022-23539'],
    ['express-jwt', '~5.3.3', 'range 5.3.3 -> 6.0.0: CVE-2020-15084'],
    ['express-jwt', '6.0.0', null],
    ['hono', '^4.10.0', 'range 4.10.0 -> 4.11.4: CVE-2025-62610, CVE-2026-22817, CVE-2026-22818'],
    ['hono', '4.10.2', 'version 4.10.2 -> 4.11.4: CVE-2026-22817, CVE-2026-22818'],
    ['hono', '0.5.0', 'version 0.5.0 -> 4.11.4: CVE-2026-22817, CVE-2026-22818'],
    ['hono', '4.11.4', null],
    ['jwt-simple', '0.2.0', 'version 0.2.0 -> 0.5.3: CVE-2016-10555, GHSA-8v5f-hp78-jgxq'],
    ['jwt-simple', '^0.5.1', 'range 0.5.1 -> 0.5.3: GHSA-8v5f-hp78-jgxq'],
    ['jwt-simple', '0.5.3', null],
    ['next-auth', '^4.22.1', 'range 4.22.1 -> 4.24.5: CVE-2023-48309'],
    ['next-auth', '5.0.0-beta.25', null],
    ['@types/jsonwebtoken', '8.5.9', null],
    ['jsonwebtoken-promisified', '1.0.0', null],
  ])('%s %s: %s', (name, spec, expected) => {
    expect(summary(dep(name, spec))).toBe(expected);
  });
});

describe('vulnerabilityOf a peer range', () => {
  it.each([
    ['jsonwebtoken', '^8.0.0 || ^9.0.0', null],
    ['jsonwebtoken', '>=8', null],
    ['jsonwebtoken', '^8.0.0', 'range 8.0.0 -> 9.0.0: CVE-2022-23540, CVE-2022-23541, CVE-2022-23539'],
    ['hono', '^4.0.0', null],
    ['hono', '>=4.0.0 <4.11.0', 'range 4.0.0 -> 4.11.4: CVE-2025-62610, CVE-2026-22817, CVE-2026-22818'],
    ['express-jwt', '5.x', 'range 5.0.0 -> 6.0.0: CVE-2020-15084'],
  ])('%s %s: %s', (name, spec, expected) => {
    expect(summary({ ...dep(name, spec), peer: true })).toBe(expected);
  });
});

// vulnerable-library on PyPI and Go entries (hand-built facts): the message per ecosystem,
// "no fixed release" for dgrijalva/jwt-go, medium for golang-jwt's CVE-2024-51744, and the
// PyJWT version rating of unpinned-algorithm. The fixtures cover extraction and lines.
import { describe, expect, it } from 'vitest';
import unpinnedAlgorithm from '../../rules/unpinned-algorithm.js';
import vulnerableLibrary from '../../rules/vulnerable-library.js';
import type { DependencyUse, FileFacts, RuleReport } from '../../src/rule-api.js';
import { SETTINGS, callSite, fileFacts, loc } from '../helpers/facts.js';

const pypi = (name: string, spec: string, semver: string | undefined, source: DependencyUse['source'] = 'manifest'): DependencyUse => ({
  name,
  spec,
  source,
  ecosystem: 'pypi',
  ...(semver !== undefined && { semver }),
  loc: loc(3, 1, 'requirements.txt'),
});
const gomod = (name: string, version: string): DependencyUse => ({ name, spec: version, source: 'manifest', ecosystem: 'go', semver: version.slice(1), loc: loc(5, 2, 'go.mod') });
const run = (facts: Partial<FileFacts>): RuleReport[] => vulnerableLibrary.check({ facts: fileFacts({ file: 'requirements.txt', ...facts }), settings: SETTINGS });

describe('vulnerable-library: PyPI and Go', () => {
  it('reports an exact PyPI pin with every matching advisory and the release that fixes them all', () => {
    const [report] = run({ dependencies: [pypi('pyjwt', '==1.5.0', '1.5.0')] });
    expect(report).toMatchObject({ messageId: 'vulnerableVersion', data: { name: 'pyjwt', version: '1.5.0', advisories: 'CVE-2017-11424, CVE-2022-29217, CVE-2026-32597, CVE-2026-48526', fixed: '2.13.0' } });
  });

  it('reports PyJWT 2.10.0 alone for the issuer flaw, and neither 2.9.0 nor 2.10.1 for it', () => {
    const ids = (semver: string) => String(run({ dependencies: [pypi('pyjwt', `==${semver}`, semver)] })[0]?.data?.['advisories'] ?? '');
    expect(ids('2.10.0')).toContain('CVE-2024-53861');
    expect(ids('2.9.0')).not.toContain('CVE-2024-53861');
    expect(ids('2.10.1')).not.toContain('CVE-2024-53861');
  });

  it('suggests a PEP 440 or Poetry range in the file\'s own syntax', () => {
    expect(run({ dependencies: [pypi('python-jose', '~=3.2', '>=3.2.0 <4.0.0-0')] })[0]).toMatchObject({ messageId: 'vulnerableRange', data: { version: '3.2.0', fixed: '3.4.0', example: '`>=3.4.0`' } });
    expect(run({ dependencies: [pypi('authlib', '^1.2', '>=1.2.0 <2.0.0-0')] })[0]?.data).toMatchObject({ example: '`^1.3.1`' });
  });

  it('is silent on fixed versions, untranslated constraints and npm packages of the same name', () => {
    const reports = run({
      dependencies: [
        pypi('pyjwt', '==2.13.0', '2.13.0', 'lockfile'),
        pypi('pyjwt', '<2', undefined),
        pypi('authlib', '*', undefined),
        { name: 'pyjwt', spec: '1.7.1', source: 'lockfile', loc: loc(4, 1, 'package-lock.json') },
        { name: 'jsonwebtoken', spec: '==8.5.1', source: 'manifest', ecosystem: 'pypi', semver: '8.5.1', loc: loc(5) },
      ],
    });
    expect(reports).toEqual([]);
  });

  it('says a dgrijalva/jwt-go version has no fixed release and names the replacement, without inventing a version', () => {
    const [report] = run({ dependencies: [gomod('github.com/dgrijalva/jwt-go', 'v3.2.0+incompatible')] });
    expect(report).toMatchObject({ messageId: 'noFixedRelease', data: { version: 'v3.2.0+incompatible', advisories: 'CVE-2020-26160' } });
    expect(report?.data?.['replacement']).toContain('github.com/golang-jwt/jwt/v5');
    expect(report?.severity).toBeUndefined();
  });

  it('reports golang-jwt/jwt/v4 before 4.5.1 at medium with a Go version, and the /v4 dgrijalva module before its preview fix', () => {
    expect(run({ dependencies: [gomod('github.com/golang-jwt/jwt/v4', 'v4.4.2')] })[0]).toMatchObject({ messageId: 'vulnerableVersion', severity: 'medium', data: { fixed: 'v4.5.1' } });
    expect(run({ dependencies: [gomod('github.com/dgrijalva/jwt-go/v4', 'v4.0.0-20190408202314-32acca36b99f')] })[0]?.data).toMatchObject({ fixed: 'v4.0.0-preview1' });
    expect(run({ dependencies: [gomod('github.com/golang-jwt/jwt/v4', 'v4.5.1'), gomod('github.com/golang-jwt/jwt/v5', 'v5.0.0'), gomod('github.com/golang-jwt/jwt', 'v3.2.0+incompatible')] })).toEqual([]);
  });
});

describe('vulnerable-library: Maven and NuGet', () => {
  const maven = (spec: string, semver: string | undefined, name = 'com.nimbusds:nimbus-jose-jwt'): DependencyUse => ({ name, spec, source: 'manifest', ecosystem: 'maven', ...(semver !== undefined && { semver }), loc: loc(9, 16, 'pom.xml') });
  const nuget = (spec: string, semver: string | undefined): DependencyUse => ({ name: 'Microsoft.IdentityModel.Protocols.SignedHttpRequest', spec, source: 'manifest', ecosystem: 'nuget', ...(semver !== undefined && { semver }), loc: loc(4, 5, 'Api.csproj') });

  it('shows an exact Maven version as written and suggests a range in Maven syntax', () => {
    expect(run({ dependencies: [maven('4.38', '4.38.0')] })[0]).toMatchObject({ messageId: 'vulnerableVersion', data: { version: '4.38', advisories: 'CVE-2017-12972, CVE-2019-17195', fixed: '7.9' } });
    expect(run({ dependencies: [maven('[7.0,8.0)', '>=7.0.0 <8.0.0')] })[0]).toMatchObject({ messageId: 'vulnerableRange', data: { version: '7.0.0', example: '`[7.9,)`' } });
  });

  it('is silent on Nimbus 7.9 and later, on unknown versions, and on an npm package of the same name', () => {
    const npmNamesake: DependencyUse = { name: 'com.nimbusds:nimbus-jose-jwt', spec: '4.0.0', source: 'manifest', loc: loc(2) };
    expect(run({ dependencies: [maven('7.9', '7.9.0'), maven('9.37.3', '9.37.3'), maven('${v}', undefined), maven('4.0', '4.0.0', 'io.jsonwebtoken:jjwt-api'), npmNamesake] })).toEqual([]);
  });

  it('judges SignedHttpRequest on both fixed branches and suggests a plain NuGet minimum', () => {
    expect(run({ dependencies: [nuget('7.0.3', '7.0.3')] })[0]).toMatchObject({ messageId: 'vulnerableVersion', data: { version: '7.0.3', advisories: 'CVE-2024-21643', fixed: '7.1.2' } });
    expect(run({ dependencies: [nuget('[6.0, 7.0)', '>=6.0.0 <7.0.0')] })[0]).toMatchObject({ messageId: 'vulnerableRange', data: { fixed: '6.34.0', example: '`6.34.0`' } });
    expect(run({ dependencies: [nuget('6.34.0', '6.34.0'), nuget('7.1.2', '7.1.2'), nuget('6.*', undefined)] })).toEqual([]);
  });
});

describe('unpinned-algorithm: PyJWT version in scope', () => {
  const site = callSite({ library: 'pyjwt', api: 'jwt.decode', verifies: true, verifyAlgorithms: { kind: 'default', hmacByDefault: false }, loc: loc(9, 12, 'app/auth.py') });
  const rate = (versions: DependencyUse[]) => unpinnedAlgorithm.check({ facts: fileFacts({ file: 'app/auth.py', callSites: [site], libraryVersions: versions }), settings: SETTINGS })[0];

  it('rates PyJWT 1.x high and names the version and where it was found', () => {
    const report = rate([pypi('pyjwt', '==1.7.1', '1.7.1')]);
    expect(report).toMatchObject({ messageId: 'noAllowlistPyjwt1', data: { version: '1.7.1 (requirements.txt)' } });
    expect(report?.severity).toBeUndefined();
  });

  it('rates PyJWT 2.x low: decode raises DecodeError without algorithms', () => {
    expect(rate([pypi('pyjwt', '>=2.4', '>=2.4.0')])).toMatchObject({ messageId: 'noAllowlistRaises', severity: 'low' });
  });

  it('lets a lockfile pin win over a manifest range, and keeps unknown versions high', () => {
    const lock = { ...pypi('pyjwt', '1.7.1', '1.7.1', 'lockfile'), loc: loc(20, 11, 'poetry.lock') };
    expect(rate([pypi('pyjwt', '>=2.4', '>=2.4.0'), lock])).toMatchObject({ messageId: 'noAllowlistPyjwt1', data: { version: '1.7.1 (poetry.lock)' } });
    expect(rate([pypi('pyjwt', '<3', undefined)])).toMatchObject({ messageId: 'noAllowlistUnknownVersion' });
    expect(rate([])).toMatchObject({ messageId: 'noAllowlistUnknownVersion' });
  });
});

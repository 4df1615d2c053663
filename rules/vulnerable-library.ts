import { defineRule, vulnerabilityOf } from '../src/rule-api.js';
import type { DependencyUse, JwtAdvisory, RuleReport } from '../src/rule-api.js';

function advisoryIds(advisories: JwtAdvisory[]): string {
  return advisories.map((a) => a.cve ?? a.ghsa).join(', ');
}

function judge(dep: DependencyUse): RuleReport | null {
  const vulnerable = vulnerabilityOf(dep);
  if (!vulnerable) return null;
  const data = { name: dep.name, spec: dep.spec, version: vulnerable.version, advisories: advisoryIds(vulnerable.advisories), fixed: vulnerable.fixed };
  // The advisory's own rating when every matched advisory is rated below high (next-auth's mock-user flaw).
  const severity = vulnerable.advisories.every((a) => a.severity === 'medium') ? { severity: 'medium' as const, severityReason: 'every matching advisory is rated medium' } : {};
  return { loc: dep.loc, messageId: vulnerable.kind === 'range' ? 'vulnerableRange' : 'vulnerableVersion', data, ...severity };
}

export default defineRule({
  id: 'vulnerable-library',
  description: 'Finds JWT library versions with published verification flaws, declared in package.json or pinned in a lockfile.',
  severity: 'high',
  severityReason: 'a known advisory applies to the installed version',
  securitySeverity: 7.5,
  confidence: 'high',
  scope: 'file',
  standards: {
    nhi: ['NHI4'],
    csf: ['ID.RA-01', 'PR.PS-02'],
    cwe: ['CWE-347', 'CWE-757'],
  },
  messages: {
    vulnerableVersion:
      '`{{name}}` {{version}} is affected by {{advisories}}, published flaws that let forged or foreign tokens pass verification. Upgrade to {{fixed}} or later and follow the release\'s migration notes.',
    vulnerableRange:
      'The range `{{spec}}` allows `{{name}}` {{version}}, which is affected by {{advisories}} (published token-verification flaws). Require {{fixed}} or later, e.g. `^{{fixed}}`, and refresh the lockfile.',
  },
  remediation:
    'Upgrade the library to the fixed release named in the finding (jsonwebtoken 9, express-jwt 6 or later, hono 4.11.4, jwt-simple 0.5.3, next-auth 4.24.5), refresh the lockfile, and pass an explicit `algorithms` allowlist, audience and issuer to every verifier.',
  references: [
    { title: 'GHSA-qwph-4952-7xr6 (CVE-2022-23540): jsonwebtoken insecure default algorithm in jwt.verify()', url: 'https://github.com/advisories/GHSA-qwph-4952-7xr6' },
    { title: 'GHSA-hjrf-2m68-5959 (CVE-2022-23541): jsonwebtoken RSA to HMAC forgery via key retrieval', url: 'https://github.com/advisories/GHSA-hjrf-2m68-5959' },
    { title: 'GHSA-8cf7-32gw-wr33 (CVE-2022-23539): jsonwebtoken legacy key types', url: 'https://github.com/advisories/GHSA-8cf7-32gw-wr33' },
    { title: 'GHSA-c7hr-j4mj-j2w6 (CVE-2015-9235): jsonwebtoken verification bypass', url: 'https://github.com/advisories/GHSA-c7hr-j4mj-j2w6' },
    { title: 'GHSA-6g6m-m6h5-w9gf (CVE-2020-15084): express-jwt authorization bypass', url: 'https://github.com/advisories/GHSA-6g6m-m6h5-w9gf' },
    { title: 'GHSA-f67f-6cw9-8mq4 (CVE-2026-22817): hono JWT middleware unsafe default (HS256)', url: 'https://github.com/advisories/GHSA-f67f-6cw9-8mq4' },
    { title: 'GHSA-3vhc-576x-3qv4 (CVE-2026-22818): hono JWK middleware header `alg` fallback', url: 'https://github.com/advisories/GHSA-3vhc-576x-3qv4' },
    { title: 'GHSA-m732-5p4w-x69g (CVE-2025-62610): hono JWT middleware audience not validated', url: 'https://github.com/advisories/GHSA-m732-5p4w-x69g' },
    { title: 'GHSA-vgrx-w6rg-8fqf (CVE-2016-10555): jwt-simple algorithm not enforced', url: 'https://github.com/advisories/GHSA-vgrx-w6rg-8fqf' },
    { title: 'GHSA-8v5f-hp78-jgxq: jwt-simple signature verification bypass', url: 'https://github.com/advisories/GHSA-8v5f-hp78-jgxq' },
    { title: 'GHSA-v64w-49xw-qq89 (CVE-2023-48309): next-auth mock user via Middleware', url: 'https://github.com/advisories/GHSA-v64w-49xw-qq89' },
    { title: 'jsonwebtoken migration notes: v8 to v9', url: 'https://github.com/auth0/node-jsonwebtoken/wiki/Migration-Notes:-v8-to-v9' },
    { title: 'RFC 8725 §3.1: Perform Algorithm Verification', url: 'https://www.rfc-editor.org/rfc/rfc8725#section-3.1' },
  ],
  options: {},
  docs: {
    whyItMatters:
      'Every check a verifier makes runs inside the JWT library, so a flaw there is a flaw in every service that uses it, however carefully the calling code is written. The advisories this rule knows are all about verification: jsonwebtoken before 9 accepted unsigned tokens and RSA-to-HMAC key confusion, express-jwt before 6 let verification run without an algorithm allowlist, hono before 4.11.4 defaulted its JWT middleware to HS256 and trusted the token header\'s `alg` for JWKs, jwt-simple before 0.5.3 took the algorithm from the token, and next-auth before 4.24.5 let a non-session JWT pass its Middleware. These are public and scripted; an old version is the first thing an attacker checks for.',
    incorrect: `// file: package.json
{
  "name": "orders-api",
  "dependencies": {
    "express": "^4.21.2",
    "jsonwebtoken": "^8.5.1"
  }
}
`,
    correct: `// file: package.json
{
  "name": "orders-api",
  "dependencies": {
    "express": "^4.21.2",
    "jsonwebtoken": "^9.0.2"
  }
}
`,
    remediation:
      'Raise the declared range to the fixed release (`"jsonwebtoken": "^9.0.2"`), run the package manager so the lockfile pins it, and check the release notes: jsonwebtoken 9 rejects unsigned tokens and small RSA keys by default, express-jwt 6 requires `algorithms`, hono 4.11.4 requires `alg` on `jwt()` and `jwk()`. Both the manifest line and each lockfile entry are reported, since each is a place the fix must land. A copy pulled in by another package shows only in the lockfile: upgrade that parent, or force the version with `overrides` (npm), `resolutions` (yarn) or `pnpm.overrides`.',
    limitations:
      'Only the packages and advisories in the built-in table are known (jsonwebtoken, express-jwt, hono, jwt-simple, next-auth); advisories about other flaws (denial of service, e.g. jose\'s CVE-2024-28176) and other libraries (fast-jwt, jws) are not reported. A manifest range is judged by the lowest version it allows, so `^8.5.1` is reported even if the lockfile installs a later 8.x; a `peerDependencies` range is reported only when it allows no fixed release (`^8.0.0 || ^9.0.0` leaves the choice to the application); `*`, dist-tags (`latest`), git, file, link, workspace and catalog specs name no version and are left to the lockfile. `overrides`/`resolutions` entries are not read. Lockfiles read: package-lock.json and npm-shrinkwrap.json (v1 to v3), yarn.lock (classic and Berry) and pnpm-lock.yaml (`packages` section); bun lockfiles are not. Files over 2 MB are skipped by the engine.',
  },
  check({ facts }) {
    return facts.dependencies.map(judge).filter((r): r is RuleReport => r !== null);
  },
});

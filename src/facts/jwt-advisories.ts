// Published advisories about JWT libraries that weaken or bypass token verification, and
// the version logic that matches a declared or locked dependency against them (for
// `vulnerable-library`). One table, kept as data: each row is one advisory for one package,
// in OSV's event model (affected from `introduced`, or from the first release, up to but
// not including `fixed`). An advisory with several fixed branches is several rows with the
// same id.
//
// Left out on purpose: advisories that are not about verification (jose's JWE decompression
// and PBES2 denial of service, CVE-2024-28176 and CVE-2022-36083), packages whose affected
// ranges could not be pinned from the advisories themselves (fast-jwt's 2026 follow-ups to
// CVE-2023-48223), and transitive building blocks (jws) that every jsonwebtoken lockfile pins.
import semver from 'semver';
import type { DependencyUse } from './model.js';

export interface JwtAdvisory {
  /** GHSA id: every row has one. */
  ghsa: string;
  cve?: string;
  package: string;
  /** First affected version; absent when every release before `fixed` is affected. */
  introduced?: string;
  /** First release without the flaw. */
  fixed: string;
  summary: string;
  url: string;
  /** The advisory's own rating when it is below the rule's default (high). */
  severity?: 'medium';
}

export const JWT_ADVISORIES: readonly JwtAdvisory[] = [
  {
    ghsa: 'GHSA-c7hr-j4mj-j2w6',
    cve: 'CVE-2015-9235',
    package: 'jsonwebtoken',
    fixed: '4.2.2',
    summary: 'verify() accepts an HS256 token signed with the RSA/EC public key (algorithm confusion)',
    url: 'https://github.com/advisories/GHSA-c7hr-j4mj-j2w6',
  },
  {
    ghsa: 'GHSA-qwph-4952-7xr6',
    cve: 'CVE-2022-23540',
    package: 'jsonwebtoken',
    fixed: '9.0.0',
    summary: 'verify() without `algorithms` and with a falsy key accepts unsigned (`none`) tokens',
    url: 'https://github.com/advisories/GHSA-qwph-4952-7xr6',
  },
  {
    ghsa: 'GHSA-hjrf-2m68-5959',
    cve: 'CVE-2022-23541',
    package: 'jsonwebtoken',
    fixed: '9.0.0',
    summary: 'a key-retrieval callback serving both secrets and public keys lets RS256 tokens be forged as HS256',
    url: 'https://github.com/advisories/GHSA-hjrf-2m68-5959',
  },
  {
    ghsa: 'GHSA-8cf7-32gw-wr33',
    cve: 'CVE-2022-23539',
    package: 'jsonwebtoken',
    fixed: '9.0.0',
    summary: 'legacy and mismatched key types (e.g. DSA keys with RS256) are accepted for verification',
    url: 'https://github.com/advisories/GHSA-8cf7-32gw-wr33',
  },
  {
    ghsa: 'GHSA-6g6m-m6h5-w9gf',
    cve: 'CVE-2020-15084',
    package: 'express-jwt',
    fixed: '6.0.0',
    summary: '`algorithms` is not required; with a key callback such as jwks-rsa, authorization can be bypassed',
    url: 'https://github.com/advisories/GHSA-6g6m-m6h5-w9gf',
  },
  {
    ghsa: 'GHSA-m732-5p4w-x69g',
    cve: 'CVE-2025-62610',
    package: 'hono',
    introduced: '1.1.0',
    fixed: '4.10.2',
    summary: 'the JWT middleware does not validate the `aud` claim (tokens for other services are accepted)',
    url: 'https://github.com/advisories/GHSA-m732-5p4w-x69g',
  },
  {
    ghsa: 'GHSA-f67f-6cw9-8mq4',
    cve: 'CVE-2026-22817',
    package: 'hono',
    fixed: '4.11.4',
    summary: 'the JWT middleware defaults to HS256 without an `alg` option (algorithm confusion, token forgery)',
    url: 'https://github.com/advisories/GHSA-f67f-6cw9-8mq4',
  },
  {
    ghsa: 'GHSA-3vhc-576x-3qv4',
    cve: 'CVE-2026-22818',
    package: 'hono',
    fixed: '4.11.4',
    summary: 'the JWK/JWKS middleware falls back to the unverified header `alg` when the JWK has none',
    url: 'https://github.com/advisories/GHSA-3vhc-576x-3qv4',
  },
  {
    ghsa: 'GHSA-vgrx-w6rg-8fqf',
    cve: 'CVE-2016-10555',
    package: 'jwt-simple',
    fixed: '0.3.1',
    summary: 'decode() does not enforce the algorithm: an HS256 token signed with the RSA public key verifies',
    url: 'https://github.com/advisories/GHSA-vgrx-w6rg-8fqf',
  },
  {
    ghsa: 'GHSA-8v5f-hp78-jgxq',
    package: 'jwt-simple',
    fixed: '0.5.3',
    summary: 'decode() without an algorithm uses the token header\'s algorithm (signature verification bypass)',
    url: 'https://github.com/advisories/GHSA-8v5f-hp78-jgxq',
  },
  {
    ghsa: 'GHSA-v64w-49xw-qq89',
    cve: 'CVE-2023-48309',
    package: 'next-auth',
    fixed: '4.24.5',
    summary: 'the default Middleware accepts a JWT from an interrupted OAuth flow as a session (mock user)',
    url: 'https://github.com/advisories/GHSA-v64w-49xw-qq89',
    severity: 'medium',
  },
];

/** Packages that have a row in the table: the only dependencies the extractor records. */
export const ADVISORY_PACKAGES: ReadonlySet<string> = new Set(JWT_ADVISORIES.map((a) => a.package));

export interface VulnerableDependency {
  /** `version`: an exact version (lockfile entry or pinned manifest spec); `range`: the lowest version a manifest range allows. */
  kind: 'version' | 'range';
  /** The affected version: the locked/pinned one, or the range's minimum. */
  version: string;
  advisories: JwtAdvisory[];
  /** The lowest release that fixes every matched advisory. */
  fixed: string;
}

function affects(advisory: JwtAdvisory, version: string): boolean {
  return semver.lt(version, advisory.fixed) && (advisory.introduced === undefined || semver.gte(version, advisory.introduced));
}

/**
 * The version a dependency stands for: an exact version as is; a manifest range by its
 * lowest satisfying version (the range allows it, so an install or a lockfile may pin it).
 * Null for what is not a registry semver spec: tags (`latest`, `next`), git/GitHub/tarball
 * URLs, `file:`, `link:`, `workspace:`, `portal:`, `patch:`, `catalog:` (their version is not
 * written here; the lockfile says what is installed), and the unbounded range (`*`, `x`, ``).
 */
export function versionOf(dep: DependencyUse): { kind: 'version' | 'range'; version: string } | null {
  const spec = dep.spec.trim();
  const exact = semver.valid(spec.replace(/^[=v]+/, ''));
  if (exact) return { kind: 'version', version: exact };
  if (dep.source === 'lockfile') return null;
  if (/^[a-z+]+:|\/|^\.|^~\//i.test(spec)) return null;
  const range = semver.validRange(spec);
  if (range === null || range === '*') return null;
  const min = semver.minVersion(range);
  return min ? { kind: 'range', version: min.version } : null;
}

/** The advisories a dependency's version (or its range's lowest version) is affected by; null when none. */
export function vulnerabilityOf(dep: DependencyUse): VulnerableDependency | null {
  if (!ADVISORY_PACKAGES.has(dep.name)) return null;
  const resolved = versionOf(dep);
  if (!resolved) return null;
  const advisories = JWT_ADVISORIES.filter((a) => a.package === dep.name && affects(a, resolved.version));
  if (advisories.length === 0) return null;
  const fixed = advisories.map((a) => a.fixed).reduce((a, b) => (semver.gt(b, a) ? b : a));
  // A peer range is a library's statement of what it works with; the application installs
  // the version. Only a range that leaves no fixed release to choose is the library's flaw.
  if (dep.peer && resolved.kind === 'range' && semver.intersects(dep.spec, `>=${fixed}`)) return null;
  return { ...resolved, advisories, fixed };
}

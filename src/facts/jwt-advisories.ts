// Published advisories about JWT libraries that weaken or bypass token verification, and
// the version logic that matches a declared or locked dependency against them (for
// `vulnerable-library`). One table, kept as data: each row is one advisory for one package,
// in OSV's event model (affected from `introduced`, or from the first release, up to but
// not including `fixed`). An advisory with several fixed branches is several rows with the
// same id.
//
// Left out on purpose: advisories that are not about verification (jose's JWE decompression
// and PBES2 denial of service, CVE-2024-28176 and CVE-2022-36083; golang-jwt's ParseUnverified
// allocation, CVE-2025-30204; python-jose's JWE bomb, CVE-2024-33664; Authlib's oversized
// segments, CVE-2025-61920), packages whose affected ranges could not be pinned from the
// advisories themselves (fast-jwt's 2026 follow-ups to CVE-2023-48223; Authlib's 2025-2026
// `crit`, `alg: none` and JWK-header advisories), transitive building blocks (jws) that every
// jsonwebtoken lockfile pins, djangorestframework-simplejwt's CVE-2024-22513 (token issuance
// for inactive users via `for_user`, disputed, no patched release), and golang-jwt/jwt's v3
// import path before 3.2.1 (GO-2020-0017 names only the dgrijalva modules).
//
// PyPI rows are keyed by the PEP 503 name (`pyjwt`, `python-jose`, `authlib`), Go rows by
// module path (a major version suffix `/v4` is a module of its own). Versions are semver; the
// readers translate PEP 440 and Go versions (dependencies-python.ts, dependencies-go.ts).
//
// Maven rows are keyed by `groupId:artifactId`, NuGet rows by package id as nuget.org spells
// it (matched case-insensitively by the reader, dependencies-nuget.ts); their versions are
// translated by dependencies-jvm.ts and dependencies-nuget.ts. Left out there too, as not
// about verification: Nimbus JOSE+JWT's denial of service through PBES2 iteration counts
// (CVE-2023-52428) and deeply nested JSON (CVE-2025-53864); jose4j's PBES2 iteration count
// DoS (CVE-2023-51775), compressed-JWE DoS (CVE-2024-29371) and weak PBES2 iteration minimum
// for JWE key derivation (CVE-2023-31582); System.IdentityModel.Tokens.Jwt and
// Microsoft.IdentityModel.JsonWebTokens' JWE decompression DoS (CVE-2024-21319,
// GHSA-59j7-ghrg-fj52; GHSA-8g9c-28fc-mcx2 is its withdrawn duplicate). JJWT's CVE-2024-31033
// is disputed by its maintainers (a Base64 string is no key) and not listed; no advisory
// exists for com.auth0:java-jwt or the JWT (jwt-dotnet) package.
import semver from 'semver';
import type { DependencyUse } from './model.js';

export type AdvisoryEcosystem = 'npm' | 'pypi' | 'go' | 'maven' | 'nuget';

export interface JwtAdvisory {
  /** GHSA id: every row has one. */
  ghsa: string;
  cve?: string;
  /** Absent for npm. */
  ecosystem?: 'pypi' | 'go' | 'maven' | 'nuget';
  package: string;
  /** First affected version; absent when every release before `fixed` is affected. */
  introduced?: string;
  /** First release without the flaw; absent when no release of this package fixes it (see `replacement`). */
  fixed?: string;
  /** What to move to when no release of the package itself fixes the flaw. */
  replacement?: string;
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
  // ---- PyPI ----
  {
    ghsa: 'GHSA-r9jw-mwhq-wp62',
    cve: 'CVE-2017-11424',
    ecosystem: 'pypi',
    package: 'pyjwt',
    fixed: '1.5.1',
    summary: 'the HMAC key check misses PKCS#1 RSA public keys, so an HS256 token signed with the public key verifies (key confusion)',
    url: 'https://github.com/advisories/GHSA-r9jw-mwhq-wp62',
  },
  {
    ghsa: 'GHSA-ffqj-6fqr-9h24',
    cve: 'CVE-2022-29217',
    ecosystem: 'pypi',
    package: 'pyjwt',
    introduced: '1.5.0',
    fixed: '2.4.0',
    summary: 'public keys in formats the HMAC blocklist misses (e.g. OpenSSH ECDSA) are accepted as HMAC secrets when several algorithm families are allowed (key confusion)',
    url: 'https://github.com/advisories/GHSA-ffqj-6fqr-9h24',
  },
  {
    ghsa: 'GHSA-75c5-xw7c-p5pm',
    cve: 'CVE-2024-53861',
    ecosystem: 'pypi',
    package: 'pyjwt',
    introduced: '2.10.0',
    fixed: '2.10.1',
    summary: 'a string `issuer` is compared by substring, so a token whose `iss` is part of the expected issuer passes',
    url: 'https://github.com/advisories/GHSA-75c5-xw7c-p5pm',
  },
  {
    ghsa: 'GHSA-752w-5fwx-jx9f',
    cve: 'CVE-2026-32597',
    ecosystem: 'pypi',
    package: 'pyjwt',
    fixed: '2.12.0',
    summary: 'tokens listing unknown `crit` header extensions are accepted instead of rejected (RFC 7515 §4.1.11)',
    url: 'https://github.com/advisories/GHSA-752w-5fwx-jx9f',
  },
  {
    ghsa: 'GHSA-xgmm-8j9v-c9wx',
    cve: 'CVE-2026-48526',
    ecosystem: 'pypi',
    package: 'pyjwt',
    fixed: '2.13.0',
    summary: 'a public JWK passed as a raw JSON string is accepted as an HMAC secret when HMAC and public-key algorithms are both allowed (key confusion)',
    url: 'https://github.com/advisories/GHSA-xgmm-8j9v-c9wx',
  },
  {
    ghsa: 'GHSA-6c5p-j8vq-pqhj',
    cve: 'CVE-2024-33663',
    ecosystem: 'pypi',
    package: 'python-jose',
    fixed: '3.4.0',
    summary: 'without `algorithms`, OpenSSH ECDSA and other public-key formats are accepted as HMAC secrets (key confusion)',
    url: 'https://github.com/advisories/GHSA-6c5p-j8vq-pqhj',
  },
  {
    ghsa: 'GHSA-5357-c2jx-v7qh',
    cve: 'CVE-2024-37568',
    ecosystem: 'pypi',
    package: 'authlib',
    fixed: '1.3.1',
    summary: 'unless `jwt.decode` is given an algorithm, HMAC verification is allowed with any asymmetric public key (key confusion)',
    url: 'https://github.com/advisories/GHSA-5357-c2jx-v7qh',
  },
  // ---- Go modules ----
  {
    ghsa: 'GHSA-w73w-5m7g-f7qc',
    cve: 'CVE-2020-26160',
    ecosystem: 'go',
    package: 'github.com/dgrijalva/jwt-go',
    introduced: '0.0.0-20150717181359-44718f8a89b0',
    replacement: 'its maintained fork github.com/golang-jwt/jwt/v5',
    summary: 'an `aud` claim holding a list is read as the empty audience, so `VerifyAudience(…, false)` passes tokens for other services',
    url: 'https://github.com/advisories/GHSA-w73w-5m7g-f7qc',
  },
  {
    ghsa: 'GHSA-w73w-5m7g-f7qc',
    cve: 'CVE-2020-26160',
    ecosystem: 'go',
    package: 'github.com/dgrijalva/jwt-go/v4',
    fixed: '4.0.0-preview1',
    summary: 'an `aud` claim holding a list is read as the empty audience, so `VerifyAudience(…, false)` passes tokens for other services',
    url: 'https://github.com/advisories/GHSA-w73w-5m7g-f7qc',
  },
  {
    ghsa: 'GHSA-29wx-vh33-7x7r',
    cve: 'CVE-2024-51744',
    ecosystem: 'go',
    package: 'github.com/golang-jwt/jwt/v4',
    fixed: '4.5.1',
    summary: '`ParseWithClaims` returns an expired token\'s bad signature joined to `ErrTokenExpired`, so code that tolerates expiry accepts forged tokens',
    url: 'https://github.com/advisories/GHSA-29wx-vh33-7x7r',
    severity: 'medium',
  },
  // ---- Maven ----
  {
    ghsa: 'GHSA-2qp9-wg27-9pcv',
    cve: 'CVE-2017-12972',
    ecosystem: 'maven',
    package: 'com.nimbusds:nimbus-jose-jwt',
    fixed: '4.39.0',
    summary: 'an unchecked integer overflow in the AES-CBC/HMAC length computation lets a tampered encrypted token pass its HMAC check',
    url: 'https://github.com/advisories/GHSA-2qp9-wg27-9pcv',
  },
  {
    ghsa: 'GHSA-f6vf-pq8c-69m4',
    cve: 'CVE-2019-17195',
    ecosystem: 'maven',
    package: 'com.nimbusds:nimbus-jose-jwt',
    fixed: '7.9.0',
    summary: 'uncaught exceptions while parsing a JWT can escape the caller and lead to an authentication bypass',
    url: 'https://github.com/advisories/GHSA-f6vf-pq8c-69m4',
  },
  // ---- NuGet ----
  {
    ghsa: 'GHSA-rv9j-c866-gp5h',
    cve: 'CVE-2024-21643',
    ecosystem: 'nuget',
    package: 'Microsoft.IdentityModel.Protocols.SignedHttpRequest',
    fixed: '6.34.0',
    summary: 'the SignedHttpRequest validator trusts the `jku` claim by default, fetching verification keys from a URL the token names',
    url: 'https://github.com/advisories/GHSA-rv9j-c866-gp5h',
  },
  {
    ghsa: 'GHSA-rv9j-c866-gp5h',
    cve: 'CVE-2024-21643',
    ecosystem: 'nuget',
    package: 'Microsoft.IdentityModel.Protocols.SignedHttpRequest',
    introduced: '7.0.0-preview',
    fixed: '7.1.2',
    summary: 'the SignedHttpRequest validator trusts the `jku` claim by default, fetching verification keys from a URL the token names',
    url: 'https://github.com/advisories/GHSA-rv9j-c866-gp5h',
  },
];

function ecosystemOf(entry: { ecosystem?: Exclude<AdvisoryEcosystem, 'npm'> }): AdvisoryEcosystem {
  return entry.ecosystem ?? 'npm';
}

/** Packages of one registry that have a row in the table: the only dependencies the readers record. */
export function advisoryPackages(ecosystem: AdvisoryEcosystem): ReadonlySet<string> {
  return new Set(JWT_ADVISORIES.filter((a) => ecosystemOf(a) === ecosystem).map((a) => a.package));
}

/** npm packages that have a row in the table. */
export const ADVISORY_PACKAGES: ReadonlySet<string> = advisoryPackages('npm');

export interface VulnerableDependency {
  /** `version`: an exact version (lockfile entry or pinned manifest spec); `range`: the lowest version a manifest range allows. */
  kind: 'version' | 'range';
  /** The affected version: the locked/pinned one, or the range's minimum. */
  version: string;
  advisories: JwtAdvisory[];
  /** The lowest release that fixes every matched advisory; null when one of them has no fixed release of this package. */
  fixed: string | null;
  /** What to move to when `fixed` is null. */
  replacement?: string;
}

function affects(advisory: JwtAdvisory, version: string): boolean {
  return (advisory.fixed === undefined || semver.lt(version, advisory.fixed)) && (advisory.introduced === undefined || semver.gte(version, advisory.introduced));
}

/** A translated (PyPI, Go) constraint: an exact version as is, a range by its lowest version; null without one. */
function translatedVersion(dep: DependencyUse): { kind: 'version' | 'range'; version: string } | null {
  if (dep.semver === undefined) return null;
  const exact = semver.valid(dep.semver);
  if (exact) return { kind: 'version', version: exact };
  const range = semver.validRange(dep.semver);
  if (range === null || range === '*') return null;
  const min = semver.minVersion(range);
  return min ? { kind: 'range', version: min.version } : null;
}

/**
 * The version a dependency stands for: an exact version as is; a manifest range by its
 * lowest satisfying version (the range allows it, so an install or a lockfile may pin it).
 * Null for what is not a registry semver spec: tags (`latest`, `next`), git/GitHub/tarball
 * URLs, `file:`, `link:`, `workspace:`, `portal:`, `patch:`, `catalog:` (their version is not
 * written here; the lockfile says what is installed), and the unbounded range (`*`, `x`, ``).
 * PyPI and Go entries are judged by their `semver` translation only.
 */
export function versionOf(dep: DependencyUse): { kind: 'version' | 'range'; version: string } | null {
  if (dep.ecosystem !== undefined) return translatedVersion(dep);
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
  const ecosystem = ecosystemOf(dep);
  const rows = JWT_ADVISORIES.filter((a) => a.package === dep.name && ecosystemOf(a) === ecosystem);
  if (rows.length === 0) return null;
  const resolved = versionOf(dep);
  if (!resolved) return null;
  const advisories = rows.filter((a) => affects(a, resolved.version));
  if (advisories.length === 0) return null;
  const unfixed = advisories.find((a) => a.fixed === undefined);
  if (unfixed) return { ...resolved, advisories, fixed: null, ...(unfixed.replacement !== undefined && { replacement: unfixed.replacement }) };
  const fixed = advisories.map((a) => a.fixed!).reduce((a, b) => (semver.gt(b, a) ? b : a));
  // A peer range is a library's statement of what it works with; the application installs
  // the version. Only a range that leaves no fixed release to choose is the library's flaw.
  if (dep.peer && resolved.kind === 'range' && semver.intersects(dep.spec, `>=${fixed}`)) return null;
  return { ...resolved, advisories, fixed };
}

import { defineRule, vulnerabilityOf } from '../src/rule-api.js';
import type { DependencyUse, JwtAdvisory, RuleReport } from '../src/rule-api.js';

function advisoryIds(advisories: JwtAdvisory[]): string {
  return advisories.map((a) => a.cve ?? a.ghsa).join(', ');
}

/** How the ecosystem writes a version: Go modules with their `v`. */
function shown(dep: DependencyUse, version: string): string {
  if (dep.ecosystem === 'go') return `v${version}`;
  // Maven releases are named without a zero patch (`7.9`, `4.39`), as the advisories name them.
  if (dep.ecosystem === 'maven' && version.endsWith('.0') && version.split('.').length === 3) return version.slice(0, -2);
  return version;
}

/** A constraint that admits the fixed release and later, in the file's own syntax. */
function rangeExample(dep: DependencyUse, fixed: string): string {
  if (dep.ecosystem === 'pypi') return /^[\^~](?!=)/.test(dep.spec.trim()) ? `\`^${fixed}\`` : `\`>=${fixed}\``;
  // Maven and Gradle ranges are interval notation; a plain NuGet version is already a minimum.
  if (dep.ecosystem === 'maven') return `\`[${shown(dep, fixed)},)\``;
  if (dep.ecosystem === 'nuget') return `\`${fixed}\``;
  return `\`^${fixed}\``;
}

function judge(dep: DependencyUse): RuleReport | null {
  const vulnerable = vulnerabilityOf(dep);
  if (!vulnerable) return null;
  // An exact Go, Maven or NuGet version is shown as the file writes it (`v3.2.0+incompatible`, `7.8`).
  const version = (dep.ecosystem === 'go' || dep.ecosystem === 'maven' || dep.ecosystem === 'nuget') && vulnerable.kind === 'version' ? dep.spec : vulnerable.version;
  const base = { name: dep.name, spec: dep.spec, version, advisories: advisoryIds(vulnerable.advisories) };
  // The advisory's own rating when every matched advisory is rated below high (next-auth's mock-user flaw, golang-jwt's error joining).
  const severity = vulnerable.advisories.every((a) => a.severity === 'medium') ? { severity: 'medium' as const, severityReason: 'every matching advisory is rated medium' } : {};
  if (vulnerable.fixed === null) {
    return { loc: dep.loc, messageId: 'noFixedRelease', data: { ...base, replacement: vulnerable.replacement ?? 'a maintained library' }, ...severity };
  }
  const fixed = shown(dep, vulnerable.fixed);
  if (vulnerable.kind === 'range') return { loc: dep.loc, messageId: 'vulnerableRange', data: { ...base, fixed, example: rangeExample(dep, vulnerable.fixed) }, ...severity };
  return { loc: dep.loc, messageId: 'vulnerableVersion', data: { ...base, fixed }, ...severity };
}

export default defineRule({
  id: 'vulnerable-library',
  description: 'Finds JWT library versions with published verification flaws, declared or pinned in package.json and npm/yarn/pnpm lockfiles, Python requirements files, pyproject.toml, Pipfile, Pipfile.lock, poetry.lock and uv.lock, go.mod, Maven pom.xml, Gradle build files and version catalogs, and NuGet project files, packages.config and packages.lock.json.',
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
      'The range `{{spec}}` allows `{{name}}` {{version}}, which is affected by {{advisories}} (published token-verification flaws). Require {{fixed}} or later, e.g. {{example}}, and refresh the lockfile.',
    noFixedRelease:
      '`{{name}}` {{version}} is affected by {{advisories}}, a published flaw that lets foreign tokens pass verification, and no release of this module fixes it. Replace it with {{replacement}}, and change the import paths.',
  },
  remediation:
    'Upgrade the library to the fixed release named in the finding (jsonwebtoken 9, express-jwt 6 or later, hono 4.11.4, jwt-simple 0.5.3, next-auth 4.24.5; PyJWT 2.13.0, python-jose 3.4.0, Authlib 1.3.1; github.com/golang-jwt/jwt/v4 v4.5.1; com.nimbusds:nimbus-jose-jwt 7.9; Microsoft.IdentityModel.Protocols.SignedHttpRequest 6.34.0 or 7.1.2) and refresh the lockfile; replace github.com/dgrijalva/jwt-go, which has no fixed release, with github.com/golang-jwt/jwt/v4 or /v5. Pass an explicit algorithm allowlist, audience and issuer to every verifier.',
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
    { title: 'GHSA-r9jw-mwhq-wp62 (CVE-2017-11424): PyJWT key confusion with PKCS#1 public keys', url: 'https://github.com/advisories/GHSA-r9jw-mwhq-wp62' },
    { title: 'GHSA-ffqj-6fqr-9h24 (CVE-2022-29217): PyJWT key confusion through non-blocklisted public key formats', url: 'https://github.com/jpadilla/pyjwt/security/advisories/GHSA-ffqj-6fqr-9h24' },
    { title: 'GHSA-75c5-xw7c-p5pm (CVE-2024-53861): PyJWT 2.10.0 issuer partial match', url: 'https://github.com/jpadilla/pyjwt/security/advisories/GHSA-75c5-xw7c-p5pm' },
    { title: 'GHSA-752w-5fwx-jx9f (CVE-2026-32597): PyJWT accepts unknown `crit` header extensions', url: 'https://github.com/jpadilla/pyjwt/security/advisories/GHSA-752w-5fwx-jx9f' },
    { title: 'GHSA-xgmm-8j9v-c9wx (CVE-2026-48526): PyJWT public-key JWK accepted as HMAC secret', url: 'https://github.com/jpadilla/pyjwt/security/advisories/GHSA-xgmm-8j9v-c9wx' },
    { title: 'GHSA-6c5p-j8vq-pqhj (CVE-2024-33663): python-jose algorithm confusion with OpenSSH ECDSA keys', url: 'https://github.com/advisories/GHSA-6c5p-j8vq-pqhj' },
    { title: 'GHSA-5357-c2jx-v7qh (CVE-2024-37568): Authlib algorithm confusion with asymmetric public keys', url: 'https://github.com/advisories/GHSA-5357-c2jx-v7qh' },
    { title: 'GHSA-w73w-5m7g-f7qc / GO-2020-0017 (CVE-2020-26160): dgrijalva/jwt-go audience bypass, no fixed release', url: 'https://github.com/advisories/GHSA-w73w-5m7g-f7qc' },
    { title: 'GHSA-29wx-vh33-7x7r (CVE-2024-51744): golang-jwt/jwt/v4 ParseWithClaims error handling', url: 'https://github.com/golang-jwt/jwt/security/advisories/GHSA-29wx-vh33-7x7r' },
    { title: 'GHSA-f6vf-pq8c-69m4 (CVE-2019-17195): Nimbus JOSE+JWT uncaught exceptions while parsing, potential authentication bypass', url: 'https://github.com/advisories/GHSA-f6vf-pq8c-69m4' },
    { title: 'GHSA-2qp9-wg27-9pcv (CVE-2017-12972): Nimbus JOSE+JWT AES-CBC/HMAC integer overflow, HMAC bypass', url: 'https://github.com/advisories/GHSA-2qp9-wg27-9pcv' },
    { title: 'GHSA-rv9j-c866-gp5h (CVE-2024-21643): Microsoft.IdentityModel.Protocols.SignedHttpRequest trusts the `jku` claim', url: 'https://github.com/advisories/GHSA-rv9j-c866-gp5h' },
    { title: 'jsonwebtoken migration notes: v8 to v9', url: 'https://github.com/auth0/node-jsonwebtoken/wiki/Migration-Notes:-v8-to-v9' },
    { title: 'github.com/golang-jwt/jwt: the maintained fork of dgrijalva/jwt-go', url: 'https://github.com/golang-jwt/jwt' },
    { title: 'RFC 8725 §3.1: Perform Algorithm Verification', url: 'https://www.rfc-editor.org/rfc/rfc8725#section-3.1' },
  ],
  options: {},
  docs: {
    languages: [
      {
        language: 'Python',
        reading:
          'PyJWT, python-jose and Authlib (PEP 503 names, any spelling) in requirements files (`requirements*.txt`, `requirements/*.txt`, `constraints.txt`), pyproject.toml (`[project]` dependencies and optional dependencies, `[dependency-groups]`, Poetry, PDM, uv), Pipfile, Pipfile.lock, poetry.lock and uv.lock, reported on the line that declares or pins the version. `==X` is judged as that version, `>=X`, `~=X` and Poetry\'s `^X`/`~X` by X; an upper bound alone (`<2`), `*` and URLs are not judged. With a PyJWT 1.x in scope, `unpinned-algorithm` also rates a decode without `algorithms` high.',
        incorrect: `# requirements.txt
Flask==3.0.3
PyJWT==1.7.1
python-jose[cryptography]~=3.2
`,
        correct: `# requirements.txt
Flask==3.0.3
PyJWT==2.13.0
python-jose[cryptography]>=3.4.0
`,
      },
      {
        language: 'Go',
        reading:
          'go.mod `require` lines and blocks (indirect ones too) for github.com/dgrijalva/jwt-go, its /v4 module and github.com/golang-jwt/jwt/v4, with `replace` directives applied: a replacement module is judged at its own version on the replace line, a directory replacement is not judged. dgrijalva/jwt-go has no fixed release, so the finding names the module to move to instead of a version.',
        incorrect: `// go.mod
require (
\tgithub.com/dgrijalva/jwt-go v3.2.0+incompatible
\tgithub.com/golang-jwt/jwt/v4 v4.4.2 // indirect
)
`,
        correct: `// go.mod
require (
\tgithub.com/golang-jwt/jwt/v5 v5.2.2
\tgithub.com/golang-jwt/jwt/v4 v4.5.1 // indirect
)
`,
      },
      {
        language: 'Java',
        reading:
          'Nimbus JOSE+JWT (`com.nimbusds:nimbus-jose-jwt`) in pom.xml `<dependencies>` and `<dependencyManagement>` (profiles too), reported on the entry\'s `<version>` line also when the value comes from a `${property}` of the pom or of a parent pom in the scanned tree; in build.gradle and build.gradle.kts string notations (`implementation \'g:a:v\'`, `"g:a:$v"`) and map notations with literal versions, variables assigned a literal in the same file, or `gradle.properties` entries; and in gradle/libs.versions.toml `[libraries]` entries (`version.ref` resolved). A Maven range is judged by the lowest version it allows. Test scopes and test configurations are not read. A version managed by a BOM or a parent outside the scanned files is not guessed: a note says it was not judged. jjwt and java-jwt have no verification advisory (jjwt\'s CVE-2024-31033 is disputed), so they are not reported.',
        incorrect: `<!-- pom.xml -->
<properties>
  <nimbus.version>7.8</nimbus.version>
</properties>
<dependencies>
  <dependency>
    <groupId>com.nimbusds</groupId>
    <artifactId>nimbus-jose-jwt</artifactId>
    <version>\${nimbus.version}</version>
  </dependency>
</dependencies>
`,
        correct: `<!-- pom.xml -->
<properties>
  <nimbus.version>9.37.3</nimbus.version>
</properties>
<dependencies>
  <dependency>
    <groupId>com.nimbusds</groupId>
    <artifactId>nimbus-jose-jwt</artifactId>
    <version>\${nimbus.version}</version>
  </dependency>
</dependencies>
`,
      },
      {
        language: 'C#',
        reading:
          'Microsoft.IdentityModel.Protocols.SignedHttpRequest (ids matched case-insensitively) in `.csproj`/`.fsproj`/`.vbproj` `PackageReference` versions (attribute or child, `VersionOverride` first, `$(Property)` from the same file or the nearest Directory.Build.props), central `PackageVersion` entries in Directory.Packages.props (a versionless `PackageReference` is covered by that entry), packages.config and packages.lock.json, on the version\'s line. A plain version is judged as itself (restore picks the lowest applicable version), a range by its lowest version; floating versions (`6.*`) are not judged. System.IdentityModel.Tokens.Jwt and Microsoft.IdentityModel.JsonWebTokens have only a denial-of-service advisory (CVE-2024-21319), which this rule does not report.',
        incorrect: `<!-- Gateway.csproj -->
<ItemGroup>
  <PackageReference Include="Microsoft.IdentityModel.Protocols.SignedHttpRequest" Version="6.10.0" />
</ItemGroup>
`,
        correct: `<!-- Gateway.csproj -->
<ItemGroup>
  <PackageReference Include="Microsoft.IdentityModel.Protocols.SignedHttpRequest" Version="7.1.2" />
</ItemGroup>
`,
      },
    ],
    whyItMatters:
      'Every check a verifier makes runs inside the JWT library, so a flaw there is a flaw in every service that uses it, however carefully the calling code is written. The advisories this rule knows are all about verification: jsonwebtoken before 9 accepted unsigned tokens and RSA-to-HMAC key confusion, express-jwt before 6 let verification run without an algorithm allowlist, hono before 4.11.4 defaulted its JWT middleware to HS256 and trusted the token header\'s `alg` for JWKs, jwt-simple before 0.5.3 took the algorithm from the token, next-auth before 4.24.5 let a non-session JWT pass its Middleware; PyJWT, python-jose before 3.4.0 and Authlib before 1.3.1 accepted public keys as HMAC secrets (key confusion), PyJWT 2.10.0 matched the issuer by substring; github.com/dgrijalva/jwt-go reads a list-valued `aud` as empty and was never fixed; Nimbus JOSE+JWT before 7.9 could let parsing exceptions escape into an authentication bypass (and before 4.39 let tampered AES-CBC tokens pass their HMAC); Microsoft.IdentityModel.Protocols.SignedHttpRequest before 6.34.0 / 7.1.2 fetched verification keys from a URL the token itself names (`jku`). These are public and scripted; an old version is the first thing an attacker checks for.',
    incorrect: `// file: package.json
{
  "name": "orders-api",
  "dependencies": {
    "express": "^4.21.2",
    "jsonwebtoken": "^8.5.1"
  }
}
# file: billing/requirements.txt
Flask==3.0.3
PyJWT==1.7.1
// file: gateway/go.mod
module example.com/gateway

go 1.22

require github.com/dgrijalva/jwt-go v3.2.0+incompatible
`,
    correct: `// file: package.json
{
  "name": "orders-api",
  "dependencies": {
    "express": "^4.21.2",
    "jsonwebtoken": "^9.0.2"
  }
}
# file: billing/requirements.txt
Flask==3.0.3
PyJWT==2.13.0
// file: gateway/go.mod
module example.com/gateway

go 1.22

require github.com/golang-jwt/jwt/v5 v5.2.2
`,
    remediation:
      'Raise the declared version to the fixed release and let the lockfile follow: npm `"jsonwebtoken": "^9.0.2"` then install; pip `PyJWT>=2.13.0` (or `PyJWT==2.13.0` in a pinned requirements file), Poetry `pyjwt = "^2.13.0"` then `poetry lock`, uv `uv lock --upgrade-package pyjwt`; Go `go get github.com/golang-jwt/jwt/v4@v4.5.1`; Maven `<version>9.37.3</version>` (or the property it names); Gradle `implementation("com.nimbusds:nimbus-jose-jwt:9.37.3")` or the catalog\'s `[versions]` entry; NuGet `Version="7.1.2"` on the `PackageReference` or the central `PackageVersion`, then restore to refresh packages.lock.json. github.com/dgrijalva/jwt-go has no fixed release: move to github.com/golang-jwt/jwt/v4 (a drop-in for v3 code, imports renamed) or /v5, or, as a stopgap, `replace github.com/dgrijalva/jwt-go => github.com/golang-jwt/jwt v3.2.1+incompatible`. Check the release notes: jsonwebtoken 9 rejects unsigned tokens and small RSA keys by default, express-jwt 6 requires `algorithms`, hono 4.11.4 requires `alg` on `jwt()` and `jwk()`, PyJWT 2 requires `algorithms` in `jwt.decode`. Both the manifest line and each lockfile entry are reported, since each is a place the fix must land. A copy pulled in by another package shows only in the lockfile: upgrade that parent, or force the version with `overrides` (npm), `resolutions` (yarn), `pnpm.overrides`, a constraints file (pip) or a `replace` directive (Go).',
    limitations:
      'Only the packages and advisories in the built-in table are known: npm jsonwebtoken, express-jwt, hono, jwt-simple, next-auth; PyPI PyJWT, python-jose, Authlib; Go github.com/dgrijalva/jwt-go (and /v4), github.com/golang-jwt/jwt/v4. Advisories about other flaws (denial of service, e.g. jose\'s CVE-2024-28176, golang-jwt\'s CVE-2025-30204) and other libraries (fast-jwt, jws, djangorestframework-simplejwt, Flask-JWT-Extended, lestrrat-go/jwx) are not reported. A declared range is judged by the lowest version it allows, so `^8.5.1` or `PyJWT>=1.5` is reported even if the lockfile installs a later version; a range with only an upper bound (`PyJWT<2`), `*`, dist-tags, git, file, URL and path specs name no lowest version and are left to the lockfile; a `peerDependencies` range is reported only when it allows no fixed release. npm `overrides`/`resolutions` are not read. Python: requirements files (`requirements*.txt`, `requirements*.in`, `requirements/*.txt`, `constraints*.txt`; `-r`/`-c` includes are not followed and environment markers are ignored), pyproject.toml (PEP 621, PEP 735 groups, Poetry, PDM, uv), Pipfile, Pipfile.lock, poetry.lock and uv.lock (setup.py, setup.cfg, tox.ini and conda environment files are not read); PEP 440 versions are compared as semver (pre-releases before their release, post-releases as their release). Go: go.mod `require` lines (indirect ones too) with `replace` directives applied (a replacement module is judged at its own version on the replace line; a directory replacement is not judged); go.sum and vendor/modules.txt are not read, and github.com/golang-jwt/jwt (v3 path) is not reported: the advisory names only the dgrijalva modules. Maven and Gradle: com.nimbusds:nimbus-jose-jwt only; Maven versions are compared as semver (`4.39` is 4.39.0, `-rc1`/`-beta`/`-SNAPSHOT` are pre-releases, `.Final`/`.RELEASE` the release); parents are followed only within the scanned tree, BOM imports are not read, settings.xml, `libs.x.y` accessors in build files and Gradle dependency locking are not read, and Gradle files are read by a tokenizer that knows only literal notations (no Groovy/Kotlin evaluation). NuGet: Microsoft.IdentityModel.Protocols.SignedHttpRequest only; `Condition` attributes are not evaluated (every reference counts), MSBuild properties come from the same file and the nearest Directory.Build.props only, and only the nearest Directory.Packages.props is consulted. Denial-of-service advisories (Nimbus CVE-2023-52428 and CVE-2025-53864, jose4j CVE-2023-51775 and CVE-2024-29371, IdentityModel CVE-2024-21319) and jose4j\'s weak PBES2 iteration minimum (CVE-2023-31582) are not reported. Files over 2 MB (lockfiles over the lockfile limit) are skipped by the engine.',
  },
  check({ facts }) {
    return facts.dependencies.map(judge).filter((r): r is RuleReport => r !== null);
  },
});

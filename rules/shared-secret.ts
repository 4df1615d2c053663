import { defineRule, unitList } from '../src/rule-api.js';
import type { KeyGroup, KeyPlace, RuleReport, Unit } from '../src/rule-api.js';

const MAX_RELATED = 12;
const ALL = Number.POSITIVE_INFINITY;

function describePlace(place: KeyPlace, units: Map<string, Unit>): string {
  const unit = place.unitId ? units.get(place.unitId)?.name : undefined;
  const where = place.how === 'define' ? 'value defined' : place.how === 'inject' ? 'key injected' : 'key read';
  return `${where} here${unit ? ` (${unit})` : place.environment ? ` (${place.environment})` : ''}`;
}

function reportFor(place: KeyPlace, key: KeyGroup, units: Map<string, Unit>): RuleReport {
  const related = key.places
    .filter((p) => p !== place)
    .slice(0, MAX_RELATED)
    .map((p) => ({ loc: p.loc, label: describePlace(p, units) }));
  const nameOf = (id: string) => units.get(id)?.name ?? id;
  if (!key.sharedAcrossUnits) {
    // A value shared only between environments without production data (development and
    // test) is a hygiene problem; one that also opens production is the real one.
    const production = key.environments.includes('production');
    return {
      loc: place.loc,
      messageId: 'sharedAcrossEnvironments',
      data: { environments: unitList(key.environments, ALL) },
      related,
      ...(production
        ? { severityReason: 'a key or token from a weaker environment also opens `production`' }
        : { severity: 'medium' as const, severityReason: `no production environment shares the value (only ${unitList(key.environments, ALL)})` }),
    };
  }
  const self = place.unitId ? units.get(place.unitId) : undefined;
  const signers = key.signers.filter((id) => id !== self?.id).map(nameOf);
  if (self && self.verifies && !self.signs && signers.length > 0) {
    return {
      loc: place.loc,
      messageId: 'verifierHoldsSigningKey',
      data: { unit: self.name, signers: unitList(signers, ALL), verb: signers.length === 1 ? 'signs' : 'sign' },
      related,
      severityReason: `\`${self.name}\` only verifies, yet can mint tokens with the key ${unitList(signers)} ${signers.length === 1 ? 'signs' : 'sign'} with`,
    };
  }
  const others = key.unitIds.filter((id) => id !== self?.id).map(nameOf);
  return {
    loc: place.loc,
    messageId: 'sharedAcrossUnits',
    // The place's own unit first, when it is one of the holders (a test-only copy is not).
    data: { units: unitList(self && key.unitIds.includes(self.id) ? [self.name, ...others] : others, ALL), count: key.unitIds.length },
    related,
    severityReason: `${key.unitIds.length} units hold this key: any of them can mint tokens the others accept`,
  };
}

export default defineRule({
  id: 'shared-secret',
  description: 'Finds one HMAC JWT key held by several deployable units, or one key value used in several environments.',
  severity: 'high',
  severityReason: 'every unit that holds the key can mint tokens the others accept',
  securitySeverity: 7.1,
  confidence: 'medium',
  scope: 'project',
  standards: {
    nhi: ['NHI9', 'NHI8'],
    csf: ['PR.AA-01', 'PR.AA-05', 'PR.IR-01'],
    csf11: ['PR.AC-4'],
    cwe: ['CWE-653'],
  },
  messages: {
    verifierHoldsSigningKey:
      '`{{unit}}` only verifies tokens, yet holds the HMAC key {{signers}} {{verb}} with, so it can mint tokens for every user. Give verifiers the issuer\'s public key (JWKS) instead of the shared secret.',
    sharedAcrossUnits:
      'The same HMAC key reaches {{count}} units ({{units}}): any of them can mint tokens the others accept. Give each service its own key, or better, sign in one issuer with a private key and verify everywhere else with its JWKS.',
    sharedAcrossEnvironments:
      'The same JWT key value is used in {{environments}}: a key or token leaked from one environment works in the others. Generate a separate random key for each environment.',
  },
  remediation:
    'One issuer signs with a private key (RS256/ES256/EdDSA) and publishes its public keys as JWKS; every other service verifies with those public keys, so no verifier can mint tokens. Where HMAC must stay, give each pair of services its own key and each environment its own value, and rotate keys that were shared.',
  references: [
    { title: 'OWASP NHI9:2025 NHI Reuse', url: 'https://owasp.org/www-project-non-human-identities-top-10/2025/9-nhi-reuse/' },
    { title: 'OWASP NHI8:2025 Environment Isolation', url: 'https://owasp.org/www-project-non-human-identities-top-10/2025/8-environment-isolation/' },
    { title: 'RFC 8725 §3.12: Use Mutually Exclusive Validation Rules for Different Kinds of JWTs', url: 'https://www.rfc-editor.org/rfc/rfc8725#section-3.12' },
    { title: 'CWE-653: Improper Isolation or Compartmentalization', url: 'https://cwe.mitre.org/data/definitions/653.html' },
  ],
  options: {},
  docs: {
    languages: [
      {
        language: 'Python',
        reading: "A Python service's key read (`os.environ[\"JWT_SECRET\"]`, `os.getenv`, a pydantic `BaseSettings` field named after the variable, Flask or Django settings) joins the estate like a Node one: the same variable defined once in `.env`, compose, Kubernetes or CI and read by units in any language is one shared key, reported on each unit's read.",
        incorrect: `# billing/app/auth.py, while the Go auth service signs with the same JWT_SECRET
SECRET = os.environ["JWT_SECRET"]
claims = jwt.decode(token, SECRET, algorithms=["HS256"], audience="billing", issuer="auth")
`,
        correct: `jwks = jwt.PyJWKClient(os.environ["AUTH_JWKS_URL"])
key = jwks.get_signing_key_from_jwt(token).key
claims = jwt.decode(token, key, algorithms=["RS256"], audience="billing", issuer="auth")
`,
      },
      {
        language: 'Go',
        reading: "A Go service's `os.Getenv(\"JWT_SECRET\")` key joins the estate the same way; units are Go modules (`go.mod` folders), compose services and Kubernetes workloads.",
        incorrect: `// auth/token.go: billing (Python) and the gateway (Node) verify with the same variable
var key = []byte(os.Getenv("JWT_SECRET"))
signed, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(key)
`,
        correct: `signed, err := jwt.NewWithClaims(jwt.SigningMethodRS256, claims).SignedString(privateKey)
// verifiers fetch the public keys from /.well-known/jwks.json
`,
      },
      {
        language: 'Java',
        reading: "A Java unit's key read (`System.getenv`, `@Value(\"${jwt.secret}\")` and the env name Spring's relaxed binding maps it from, `JWT_SECRET`) joins the estate: the same variable injected into a Java and any other unit is one shared key. Units are Maven and Gradle modules; an aggregator pom is none, and a library module (no Spring Boot plugin, `war` or `application` plugin) that exactly one service of the repository depends on (`<dependency>` on its coordinates, `project(':lib')`) is part of that service. A Kotlin unit joins the same way (`@Value(\"\\${jwt.secret}\")` on a constructor parameter, `System.getenv`).",
        incorrect: `@Value("\${jwt.secret}") private String secret; // compose also gives JWT_SECRET to the .NET issuer
`,
        correct: `JwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri("http://identity/.well-known/jwks.json").build();
`,
      },
      {
        language: 'C#',
        reading: "`Configuration[\"Jwt:Key\"]` and `IOptions<JwtSettings>` reads link through the env name `Jwt__Key` to compose, Kubernetes and `.env` definitions, so a .NET unit and a unit in any other language holding one key are one estate. Units are `.csproj` projects; a class library (`Microsoft.NET.Sdk` without `OutputType` Exe) that exactly one web, worker or executable project references through `ProjectReference`, directly or through other libraries, is part of that project, so a host and its Identity module reading `Jwt:Key` are one unit. Test projects do not count as users of a library; a library used by several services stays a unit of its own.",
        incorrect: `// compose: Jwt__Key: \${JWT_SECRET} for the .NET issuer, JWT_SECRET for the Spring verifier
var key = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(_configuration["Jwt:Key"]!));
`,
        correct: `// verifiers take the issuer's public keys instead of the secret
options.Authority = "https://identity.example.com";
`,
      },
    ],
    whyItMatters:
      'With HMAC the key that verifies a token also signs one. When the issuer and every API behind it hold the same `JWT_SECRET`, the least protected of them (a worker with a leaked `.env`, a container image, a CI variable) is enough to forge a token for any user, accepted everywhere. The same value reused in staging and production lets a key or token from the weaker environment open the stronger one.',
    incorrect: `// file: auth/package.json
{ "name": "auth", "dependencies": { "jsonwebtoken": "^9.0.2" } }
// file: auth/src/issue.js
const jwt = require('jsonwebtoken');
exports.issue = (sub) => jwt.sign({ sub }, process.env.JWT_SECRET, { algorithm: 'HS256', expiresIn: '15m' });
// file: orders/package.json
{ "name": "orders", "dependencies": { "jsonwebtoken": "^9.0.2" } }
// file: orders/src/auth.js
const jwt = require('jsonwebtoken');
exports.check = (token) => jwt.verify(token, process.env.JWT_SECRET, { algorithms: ['HS256'] });
`,
    correct: `// file: auth/package.json
{ "name": "auth", "dependencies": { "jsonwebtoken": "^9.0.2" } }
// file: auth/src/issue.js
const jwt = require('jsonwebtoken');
const privateKey = require('node:fs').readFileSync(process.env.JWT_PRIVATE_KEY_FILE);
exports.issue = (sub) => jwt.sign({ sub }, privateKey, { algorithm: 'RS256', expiresIn: '15m' });
// file: orders/package.json
{ "name": "orders", "dependencies": { "jose": "^5.6.3" } }
// file: orders/src/auth.js
const { createRemoteJWKSet, jwtVerify } = require('jose');
const jwks = createRemoteJWKSet(new URL(process.env.JWKS_URL));
exports.check = (token) => jwtVerify(token, jwks, { algorithms: ['RS256'], audience: 'orders', issuer: 'https://auth.internal' });
`,
    remediation:
      'Move the estate to one issuer with an asymmetric key pair and JWKS-based verifiers. Until then, split the key: a different secret per verifier (and per environment), injected only into the services that need it, and rotate every value that was shared.',
    limitations:
      'Units are folders with their own manifest, docker-compose services and Kubernetes workloads of one scan root; keys are linked by equal values, by the same environment variable name read by HMAC code in two units, and through compose interpolation, `env_file` and `secretKeyRef`. Helm templates, Terraform and secret managers are not followed, and two repositories are never compared. Environments are named by the file path or Kubernetes namespace (production, staging, development, test...); configuration used only by tests (`.env.test`, `.env.ci`, `values-test.yaml`, a file below a test folder, even `e2e/.env.production`) is the test environment and never production, and CI pipelines name no environment, so a value shared between a test file and a production file is reported as test and production. A value shared only between environments without production (development, test, staging) is medium; with production it is high.',
  },
  check() {
    return [];
  },
  checkProject({ estate }) {
    const units = new Map(estate.units.map((u) => [u.id, u]));
    return estate.keys
      .filter((key) => key.sharedAcrossUnits || key.sharedAcrossEnvironments)
      .flatMap((key) => key.places.map((place) => reportFor(place, key, units)));
  },
});

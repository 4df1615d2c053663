import { defineRule, isExampleFile, isKnownDefaultSecret, isTemplateFile, isTestConfigPath } from '../src/rule-api.js';
import type { CweId, RuleReport, SecretUse } from '../src/rule-api.js';

// Configuration, not code: env files and their templates, the config formats, Terraform, Jenkinsfiles, Procfiles.
const CONFIG_FILE = /(^|\/)\.env(\.[^/]*)?$|\.(ya?ml|json|properties|toml|ini|conf|tf|tfvars|tofu|env|jenkinsfile)$|(^|\/)(jenkinsfile(\.[^/]*)?|procfile|\.?env[.\-_][a-z]+|\.?[a-z]+[.\-_]env)$/i;
const PRODUCTION_NAME = /(^|[./_-])prod(uction)?([./_-]|$)/i;

function messageIdFor(use: SecretUse, inTemplate: boolean): string {
  const { form, route } = use.material;
  if (form === 'pem-private' || form === 'jwk-private') return 'privateKey';
  if (inTemplate) return 'template';
  if (route === 'env-fallback') return use.material.envName ? 'envFallback' : 'fallback';
  if (route === 'default-parameter' || route === 'config-default') return 'fallback';
  return 'literal';
}

export default defineRule({
  id: 'hardcoded-secret',
  description: 'Finds JWT signing or verification key material written into the repository.',
  severity: 'high',
  severityReason: 'anyone who can read the repository can sign tokens with this key',
  securitySeverity: 8.9,
  confidence: 'high',
  scope: 'file',
  standards: {
    nhi: ['NHI2'],
    csf: ['PR.AA-01', 'PR.DS-01'],
    csf11: ['PR.AC-1'],
    cwe: ['CWE-798', 'CWE-321'],
  },
  messages: {
    literal:
      'This JWT key is written into the repository, so anyone who can read the code can mint valid tokens. Load it from a secret manager or a required environment variable, and rotate the committed value.',
    template:
      'This JWT key is written into a template that deployments copy into place, so every deployment that keeps it runs with a key anyone who can read the repository knows. Leave a placeholder here (`<generate: openssl rand -base64 32>`) and rotate the key wherever a deployment copied it.',
    envFallback:
      'When `{{envName}}` is unset this code falls back to a key written in the repository. Fail at startup when `{{envName}}` is missing instead of falling back, and rotate the committed value.',
    fallback:
      'This JWT key has a default written into the repository, used whenever no key is supplied. Remove the default so a missing key fails loudly, and rotate the committed value.',
    privateKey:
      'A private signing key is committed here: anyone who can read the repository can issue tokens as this service. Move it to a secret manager or KMS, publish only the public key (JWKS), and rotate it now.',
  },
  remediation:
    'Keep JWT keys out of the repository: load them at startup from a secret manager (or a required environment variable with no fallback), prefer an asymmetric key pair held by the single issuer with verifiers using its JWKS, and rotate any key that was ever committed.',
  references: [
    { title: 'RFC 8725 §3.5: Ensure Cryptographic Keys Have Sufficient Entropy', url: 'https://www.rfc-editor.org/rfc/rfc8725#section-3.5' },
    { title: 'OWASP Secrets Management Cheat Sheet', url: 'https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html' },
    { title: 'OWASP NHI2:2025 Secret Leakage', url: 'https://owasp.org/www-project-non-human-identities-top-10/2025/2-secret-leakage/' },
    { title: 'CWE-798: Use of Hard-coded Credentials', url: 'https://cwe.mitre.org/data/definitions/798.html' },
  ],
  options: {},
  docs: {
    languages: [
      {
        language: 'Python',
        reading: "A literal key reaching PyJWT, python-jose or Authlib, directly, through a constant of this or another module of the repository (`from app.core.config import settings` then `settings.SECRET_KEY`), or as the literal fallback of an environment read (`os.environ.get(\"X\", \"lit\")`, `os.getenv(\"X\") or \"lit\"`, django-environ `default=`, a pydantic `BaseSettings` field default); Flask-JWT-Extended `JWT_SECRET_KEY` (else `SECRET_KEY`) and SimpleJWT `SIGNING_KEY` (else Django `SECRET_KEY`). Reported on the literal's line.",
        incorrect: `import os
import jwt

SECRET = os.getenv("JWT_SECRET", "dev-secret-change-me")

def issue(sub):
    return jwt.encode({"sub": sub}, SECRET, algorithm="HS256")
`,
        correct: `import os
import jwt

SECRET = os.environ["JWT_SECRET"]  # fails at startup when unset

def issue(sub):
    return jwt.encode({"sub": sub}, SECRET, algorithm="HS256")
`,
      },
      {
        language: 'Go',
        reading: "A literal key reaching golang-jwt `SignedString`, a `Parse` keyfunc, jwx `WithKey`, go-jose `SigningKey` or echo/fiber `SigningKey`, through constants of any file of the package or of another package of the repository, and the literal fallback of a getenv helper, an `if key == \"\"` default or a `viper.SetDefault`, on the literal's line.",
        incorrect: `var jwtKey = []byte("dev-secret-change-me")

func issue(claims jwt.Claims) (string, error) {
	return jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(jwtKey)
}
`,
        correct: `var jwtKey = []byte(os.Getenv("JWT_SECRET"))

func issue(claims jwt.Claims) (string, error) {
	return jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(jwtKey)
}
`,
      },
      {
        language: 'Java',
        reading: "A literal key reaching jjwt, java-jwt, `NimbusJwtDecoder.withSecretKey`, a Nimbus `MACSigner`/`MACVerifier`/`ImmutableSecret`/`OctetSequenceKey` or a `NimbusJwtEncoder`, directly, through `static final` constants of any class, a `System.getenv` fallback, an inline `@Value(\"${k:lit}\")` default, or the value `@Value(\"${jwt.secret}\")` reads from `application*.yml`/`.properties`, on the literal's line. Kotlin reads the same libraries through `const val`s, companion objects, top-level and other files' `object` constants, `\"\"\"raw\"\"\"` strings and `System.getenv(\"X\") ?: \"fallback\"`; a string template (`\"${prefix}-key\"`) is not a literal.",
        incorrect: `return Jwts.builder().setSubject(user).signWith(SignatureAlgorithm.HS512, "s3cr3t-signing-key").compact();
`,
        correct: `SecretKey key = Keys.hmacShaKeyFor(System.getenv("JWT_SECRET").getBytes(StandardCharsets.UTF_8));
return Jwts.builder().setSubject(user).signWith(key).compact();
`,
      },
      {
        language: 'C#',
        reading: "A literal reaching `new SymmetricSecurityKey(...)`, directly, through constants of any class (or a field its constructor sets), a C# 11 UTF-8 literal (`\"key\"u8.ToArray()`, verbatim and raw too), `Convert.FromBase64String`, a `?? \"lit\"` fallback, or an `appsettings*.json` value read through `Configuration[\"Jwt:Key\"]` or `IOptions<T>`, on the literal's line; jwt-dotnet `WithSecret(\"lit\")`, `encoder.Encode(payload, \"lit\")` and `.AddJwt(o => o.Keys = new[] { \"lit\" })`. JwtBearer's configured signing keys, `Authentication:Schemes:<scheme>:SigningKeys:<n>:Value` (and .NET 7's `<issuer>:KeyMaterial`), in any committed config file, user-secrets `secrets.json` and `Authentication__Schemes__...` environment entries included: `dotnet user-jwts` keeps them in user secrets, so one in the repository is a committed key (high; `appsettings.Development.json` is a named environment, not production).",
        incorrect: `var key = new SymmetricSecurityKey(Encoding.UTF8.GetBytes("s3cret-signing-key-for-dev"));
`,
        correct: `var key = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(builder.Configuration["Jwt:Key"] ?? throw new InvalidOperationException("Jwt:Key")));
`,
      },
    ],
    whyItMatters:
      'A JWT key in the source tree is shared with every clone, fork, CI log and laptop that ever held the repository. With an HMAC key anyone holding it can mint tokens for any user; with a committed private key anyone can impersonate the issuer. Removing the line later does not help: the key stays in git history until it is rotated. Fallbacks such as `process.env.JWT_SECRET || "dev"` are the same problem, because a deployment that forgets the variable silently runs with the committed key.',
    incorrect: `import jwt from 'jsonwebtoken';

const JWT_SECRET = process.env.JWT_SECRET || 'q8Vn2Lr5Tz1Wc7Yp4Hd9Kf3Mx6Bs0Ga2';

export function issueToken(userId) {
  return jwt.sign({ sub: userId }, JWT_SECRET, { algorithm: 'HS256', expiresIn: '15m' });
}
`,
    correct: `import jwt from 'jsonwebtoken';

const JWT_SECRET = process.env.JWT_SECRET;
if (!JWT_SECRET) throw new Error('JWT_SECRET is not set');

export function issueToken(userId) {
  return jwt.sign({ sub: userId }, JWT_SECRET, { algorithm: 'HS256', expiresIn: '15m' });
}
`,
    remediation:
      'Read the key at startup from a secret manager or a required environment variable and refuse to start without it. Better still, sign with a private key that only the issuing service holds (KMS or a mounted secret) and let verifiers fetch the public key from a JWKS endpoint. Rotate every key that was committed, since git history keeps it.',
    limitations:
      'Only literals that reach JWT code in the same file, through constants, object members, imports, defaults and `||`/`??` fallbacks are seen. Keys assembled at run time (string concatenation of several sources, values decrypted in code) are not. A library function that merely forwards its caller\'s key parameter is not reported; the caller that passes a literal is. Configuration used only by tests is reported as test code (JSON `inTestCode`, SARIF `note` and `test` tag), never as production config, at the same severity: env files named for a test run (`.env.test`, `.env.testing`, `.env.ci`, `.env.e2e`, `test.env`, `*.test.env`), files below test folders, compose files, Helm values and Kustomize overlays named for test or CI (`docker-compose.test.yml`, `values-ci.yaml`, `overlays/test/`), and CI pipelines (GitHub Actions, GitLab CI, CircleCI, Travis, Azure, Bitbucket, Drone, Buildkite). A pipeline file named for deploying (`deploy.yml`, `release.yml`, `cd.yml`) is production, and so are the jobs of any other pipeline that deploy (a job or stage named deploy/release/publish, a deployment `environment:`, a step that runs `kubectl apply`, `helm upgrade`, `terraform apply`, `docker push` or a deploy/publish/release script) together with the workflow-level settings those jobs inherit. Look-alikes stay production: `.env.testnet`, `.env.integration`, `.env.qa`, `contest.env`, `latest.env`, `attest/`. Mark a file either way with `testPaths` (`!path` for production). A literal a caller passes to a project function that signs or verifies with it (a wrapper, up to three deep, across modules) is reported where the caller writes it, also when the wrapper\'s parameter has a default. An OAuth client secret counts as a JWT key only when the client metadata signs or verifies with it (openid-client or oidc-provider `*_signed_response_alg` HS*, `client_secret_jwt`, symmetric JWE); with `client_secret_basic`/`_post` it is a password this rule does not judge. oidc-provider `cookies.keys` sign the provider\'s session cookies: a literal there is reported as key material too. Auth.js and better-auth `secret` values (one, or a rotation list) are key material. Templates a deployment copies into place (`.env.example`, `env-example`, `.example-env`, `config.ts.example`, `appsettings.json.sample`, `*.dist`, `*.template`) are read as the file they become, and an import of a module the repository ships only as such a template reads the template: a value usable as-is (random-looking, or a private key) is reported, a placeholder (empty, `<...>`, `${...}`, `changeme-in-production`, `replace-me`, `your-secret-here` and other prose) is not, so a short or word-like key in a template is missed. A key in such a template is reported in its own words (deployments that copy the file run with it). Terraform/OpenTofu files are read through tree-sitter\'s HCL grammar: literal `variable` defaults, locals, module inputs, `.tfvars` values, Lambda/ECS/Cloud Run/App Service environment entries, SSM parameter values and Secrets Manager `secret_string`s are judged by the variable or secret name; references (`var.`, `local.`, `random_password.….result`, `data.…`) and `${…}` templates are not literals, and a `.tf` file is parsed only when it mentions a key, token or signing word. In CI files, commands in `script:`/`run:`/`command:` strings are read for shell assignments and `echo "K=v" >> $GITHUB_ENV` lines; Travis `env` strings are read pair by pair (`secure:` is a reference); Jenkinsfiles are read for `environment {}` blocks, `withEnv` and `sh` strings only, and any Groovy expression other than one plain string (`credentials()`, `"${...}"`) counts as a reference. CloudFormation/SAM intrinsic functions hold no literal: `!Ref P` reads the parameter whose `Default` is reported on its own line, and `{{resolve:…}}` is a reference; serverless `${env:X, \'lit\'}` carries a literal fallback, other `${…}` variables are references.',
  },
  check({ facts }) {
    return facts.secrets.map((use): RuleReport => {
      const { material } = use;
      // Judged by the file that holds the literal (a code file may use a key written in a config file or template).
      const file = material.loc.file;
      const inConfigFile = CONFIG_FILE.test(file);
      // `test/.env.production`, `deploy/prod/values-test.yaml`: configuration used only by tests is no production config.
      const inProductionConfig = inConfigFile && PRODUCTION_NAME.test(file) && !(file === facts.file ? facts.isTest : isTestConfigPath(file));
      // A template deployments copy: configuration named as an example, or any file with a template suffix.
      const inTemplate = inConfigFile ? isExampleFile(file) : isTemplateFile(file);
      const isPrivateKey = material.form === 'pem-private' || material.form === 'jwk-private';
      const extraCwe: CweId[] = [];
      if (material.route === 'env-fallback' || material.route === 'default-parameter' || material.route === 'config-default') {
        extraCwe.push('CWE-1188');
      }
      if (inConfigFile) extraCwe.push('CWE-260');
      if (isKnownDefaultSecret(material.text)) extraCwe.push('CWE-1394');
      const messageId = messageIdFor(use, inTemplate);
      return {
        loc: material.loc,
        messageId,
        ...(messageId === 'envFallback' && material.envName ? { data: { envName: material.envName } } : {}),
        ...(isPrivateKey
          ? { severity: 'critical' as const, severityReason: 'a private signing key in the repository lets its readers sign as the issuer' }
          : inProductionConfig
            ? { severity: 'critical' as const, severityReason: 'the key is in production configuration: its readers can sign production tokens' }
            : {}),
        ...(extraCwe.length > 0 ? { extraCwe } : {}),
        evidence: { kind: 'secret', material },
        related: use.usedAt.map((loc) => ({ loc, label: 'key used here' })),
      };
    });
  },
});

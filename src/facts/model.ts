// The normalised facts the indexer extracts from one parsed file. Rules judge these
// records only: they never walk syntax and never know library names.

/** 1-based line and column; columns count UTF-16 code units (as SARIF expects). */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** How a literal reached the place that uses it. */
export type LiteralRoute =
  | 'direct'
  | 'constant'
  | 'env-fallback'
  | 'default-parameter'
  | 'import'
  | 'config-default';

/**
 * Key material written into the repository. `text` is the raw value and must never
 * reach a message, log or report: the engine masks it.
 */
export interface SecretMaterial {
  text: string;
  /** Bytes of key material (decoded for base64/base64url/hex Buffers and `oct` JWKs). */
  byteLength: number;
  form: 'string' | 'buffer' | 'jwk-oct' | 'jwk-private' | 'pem-private';
  /** Where the literal text starts. */
  loc: SourceLocation;
  route: LiteralRoute;
  /** `process.env.X` name when the literal is the fallback of an env read. */
  envName?: string;
}

export type KeyKind =
  | 'hmac-secret'
  | 'private-key'
  | 'public-key'
  | 'jwks'
  | 'key-function'
  | 'none'
  | 'unknown';

export interface KeyInfo {
  /** What the key is, as far as the resolver can tell without running the code. */
  kind: KeyKind;
  /** Literal key material behind the key, when one is written in the repository. */
  material?: SecretMaterial;
  /** `process.env.X` names that feed the key. */
  envNames: string[];
  /** Where the code reads those variables (`process.env.X`, `config.get('X')`): where a unit obtains the key. */
  envReads: { name: string; loc: SourceLocation }[];
  /** The key argument or option. */
  loc: SourceLocation;
  /** True when the key is a parameter of the enclosing function (a library forwarding its caller's key). */
  fromParameter: boolean;
  /**
   * For a key set or public key: where it comes from, comparable across units
   * (`env:JWKS_URL`, `config:auth.jwksUri`, `url:https://issuer/.well-known/jwks.json`).
   */
  origin?: string;
}

export interface AlgorithmValue {
  name: string;
  loc: SourceLocation;
}

export type AlgorithmSpec =
  /** Literal algorithm names (an allowlist, or the one signing algorithm). */
  | { kind: 'explicit'; values: AlgorithmValue[]; loc: SourceLocation }
  /** The algorithm comes from the token's own header (`decodeProtectedHeader(t).alg`). */
  | { kind: 'from-token'; loc: SourceLocation }
  /** Nothing given: the library's default applies (`hmacByDefault` when that default is HS256 for this key). */
  | { kind: 'default'; hmacByDefault: boolean }
  /** Given, but not resolvable to literals. */
  | { kind: 'unknown'; loc: SourceLocation };

export type Presence = 'present' | 'absent' | 'unknown';

export type Lifetime =
  | {
      kind: 'seconds';
      seconds: number;
      loc: SourceLocation;
      /** The `exp` claim is a millisecond timestamp (`Date.now() + N`): read as seconds it lies millennia ahead. */
      milliseconds?: true;
    }
  /** A lifetime is set but its value cannot be resolved (an env var without fallback, a parameter). */
  | { kind: 'present'; loc: SourceLocation; envName?: string }
  | { kind: 'absent' }
  /** The options object itself could not be resolved: no judgement possible. */
  | { kind: 'unknown' };

export interface ExpiryEnforcement {
  /** `ignoreExpiration: true` or a library equivalent. */
  ignoreExpiration?: SourceLocation;
  /**
   * The library checks only the signature and leaves `exp` to a validation call the code
   * never makes on the result (Authlib `claims.validate()`, go-jose `claims.Validate`): where
   * the claims are obtained.
   */
  claimsNotValidated?: SourceLocation;
  /** A clock tolerance, in seconds, with the location of its value. */
  clockTolerance?: { seconds: number; loc: SourceLocation };
}

export type JwtOperation = 'sign' | 'verify' | 'decode' | 'configure';

/**
 * One JWT operation as library-agnostic facts. For configure-once APIs
 * (`JwtModule.register`, `app.register(fastifyJwt, ...)`, `expressjwt(...)`,
 * `new JwtStrategy(...)`, `koaJwt(...)`, hono `jwt(...)`) the record stands for every
 * sign/verify the configuration performs, and `signs`/`verifies` say which.
 */
export interface JwtCallSite {
  library: string;
  /** Human name of the API, e.g. `jwt.verify`, `new SignJWT`, `expressjwt`. */
  api: string;
  operation: JwtOperation;
  signs: boolean;
  verifies: boolean;
  /** Start of the call (or `new`) expression: where "something missing" is reported. */
  loc: SourceLocation;
  key: KeyInfo | null;
  /** Signing algorithm (sign side). */
  signAlgorithm?: AlgorithmSpec;
  /** Accepted algorithms (verify side). */
  verifyAlgorithms?: AlgorithmSpec;
  audience?: Presence;
  issuer?: Presence;
  /** Token lifetime set when signing. */
  lifetime?: Lifetime;
  expiry?: ExpiryEnforcement;
  /** The API produces or accepts unsigned tokens (`UnsecuredJWT`). */
  unsecured?: boolean;
  /** Verification with a null/empty key (accepts `alg: none` on some libraries). */
  emptyKey?: boolean;
  decode?: DecodeFacts;
  /** Who else holds this site's HMAC key: set from the estate, after every file was read. */
  keyReach?: KeyReach;
  /** For a verifier with a key set or public key: which units verify against the same one. */
  issuerReach?: IssuerReach;
  /**
   * The record stands for a call of a project function that wraps the JWT call (src/lang/javascript/wrappers.ts):
   * `loc` is that call, `api` the wrapper's name, and these are the steps down to the library call.
   */
  via?: { label: string; loc: SourceLocation }[];
  /**
   * Sign side: the `aud` and `iss` the call puts in its tokens, where the adapter reads them
   * (options or payload). Absent when the adapter does not read them: unknown.
   */
  signClaims?: { aud: ClaimValues; iss: ClaimValues };
  /**
   * For a site with an HMAC key: every call in the scan that signs with the same key (any
   * unit, or none), one entry per distinct reading, sorted; set from the estate. What
   * `jwtlint fix` may take as certain about the key's issuers.
   */
  keySigners?: KeySigner[];
  /**
   * Units that obtain the same key by deployment configuration (a compose service or workload
   * running an image built elsewhere) and whose code is not in the scan: they may sign too.
   */
  keyHoldersOutsideScan?: string[];
}

/**
 * A claim a signer sets: string literals written in the repository (`literal`, never computed
 * at run time), none at all (`absent`), or something that cannot be told (`unknown`).
 */
export type ClaimValues = { kind: 'literal'; values: string[] } | { kind: 'absent' } | { kind: 'unknown' };

/** One signing call of an HMAC key, as the estate saw it (for `jwtlint fix`). */
export interface KeySigner {
  /** The unit of the signing call; null when its file belongs to no unit. */
  unit: string | null;
  /**
   * The one algorithm the call signs with: named, or its library's default for an HMAC key
   * (`HS256`); null when not known (computed, several, a configure-once signer whose calls may
   * override it).
   */
  algorithm: string | null;
  aud: ClaimValues;
  iss: ClaimValues;
  /** The signing call is in test code: it shows what the tests mint, not what the issuer does. */
  test?: true;
}

/** The units that verify tokens against one key set or public key (by `KeyInfo.origin`). */
export interface IssuerReach {
  /** `KeyInfo.origin` without its kind: the variable, setting or URL. */
  origin: string;
  /** The unit of the call site. */
  unit: string;
  /** Every unit whose code verifies against it, `unit` included; sorted. */
  verifiers: string[];
}

/**
 * The estate's view of one call site's HMAC key (RULES.md "Units"): the unit the site
 * belongs to and every unit that holds, signs or verifies with the same key. Names are
 * unit names, sorted.
 */
export interface KeyReach {
  /** The estate's key group (`key-1`, ...). */
  keyId: string;
  /** The unit of the call site. */
  unit: string;
  /** Every unit that obtains the key (code, injection or definition), `unit` included. */
  holders: string[];
  /** Units whose code signs with the key. */
  signers: string[];
  /** Units whose code verifies with it. */
  verifiers: string[];
  /** Explicit algorithms the key's signers sign with (`HS256`), across the estate. */
  signAlgorithms: string[];
}

export interface DecodeFacts {
  /** Only the header is read (e.g. to pick a `kid`). */
  headerOnly: boolean;
  /** The same token is verified in the same function (or inside a verify callback). */
  verifiedInScope: boolean;
  /** A hand-written base64 decode of the payload segment. */
  manual: boolean;
  /**
   * The token is an OIDC ID token read from a token response (`params.id_token`,
   * `tokenSet.id_token`), not from a request: received from the provider over TLS.
   */
  fromTokenEndpoint?: boolean;
  /**
   * Where the token comes from, followed through the file's local variables: `request` (the
   * incoming request: `req.headers`, the Authorization header, cookies, query, body),
   * `response` (an outbound HTTP response: `fetch`/`axios`/`got` to a token or userinfo
   * endpoint, an openid-client token set), `parameter` (a parameter of the enclosing function
   * whose callers this module does not all show: exported, or used other than by calls here),
   * `issued` (the result of a sign call: a token this code has just minted itself), `unknown`.
   * Set for every decode of a token.
   */
  tokenSource?: 'request' | 'response' | 'parameter' | 'issued' | 'unknown';
  /**
   * The decode sits in a helper of this module (not exported, only called here) and every
   * call of the helper verifies the token it passes (same argument text in a verify call of
   * the caller's function).
   */
  verifiedByCallers?: boolean;
  /**
   * The decoded claims are read only to choose a key, an issuer or a tenant (`kid`, `tid`,
   * `iss`, `alg`, `tenantId`), and the same token is then handed to a function of this module
   * that verifies it.
   */
  keySelectionThenVerified?: boolean;
  /** In test code, the decoded claims are only read inside assertions (`expect(...)`, `assert.*`). */
  inTestAssertion?: boolean;
  /**
   * The decoded value is read only for claims that identify no one, listed here: when the
   * token expires (`exp`, `iat`, `nbf`) or which key, issuer or tenant to use (`kid`, `tid`,
   * `iss`, `alg`, `tenantId`), besides presence checks. No verification of it is seen.
   */
  nonIdentityClaims?: string[];
  /**
   * For a token from the request: the decoded claims feed a decision in the same function (a
   * condition, a comparison, a membership test, the request's identity). Not set otherwise.
   */
  claimsDecide?: boolean;
}

/** A string literal shaped like a JWT whose header decodes to JSON with `alg`. */
export interface TokenLiteral {
  loc: SourceLocation;
  text: string;
  header: Record<string, unknown>;
  payload: Record<string, unknown> | null;
  unsigned: boolean;
}

/** A write to localStorage/sessionStorage whose key or value looks like a token. */
export interface StorageWrite {
  loc: SourceLocation;
  storage: 'localStorage' | 'sessionStorage';
  /** What made the stored value a token: the key name, the value's name, or a signed value. */
  evidence: string;
}

/** A console/logger call that writes a token, an Authorization header or a JWT secret. */
export interface SensitiveLog {
  loc: SourceLocation;
  what: 'token' | 'authorization-header' | 'secret';
  /** The expression logged, as written (identifier or member path, never a value). */
  expression: string;
}

/**
 * Key material that reaches JWT code, with the algorithms it is used with. One entry per
 * literal, however many calls use it.
 */
export interface SecretUse {
  material: SecretMaterial;
  /** Explicit algorithms the key is used with (empty when none is named). */
  algorithms: string[];
  /** True when the key is used with HMAC (explicitly or by library default). */
  hmac: boolean;
  /** Where the key is used (calls or configurations). */
  usedAt: SourceLocation[];
}

/** A lifetime value written apart from any call (config modules, next-auth `session.maxAge`). */
export interface LifetimeValue {
  seconds: number;
  loc: SourceLocation;
}

export interface DisabledCheck {
  check: 'audience' | 'issuer' | 'expiry' | 'signature';
  /** The setting as written (`Jwt:ValidateLifetime`), for the message. */
  setting: string;
  /** The value's location. */
  loc: SourceLocation;
}

/** A JWT library declared in a manifest or pinned in a lockfile (for `vulnerable-library`). */
export interface DependencyUse {
  /** Package name, e.g. `jsonwebtoken`. */
  name: string;
  /** The version or range as written (`^8.5.1`), or the exact locked version. */
  spec: string;
  source: 'manifest' | 'lockfile';
  /** A `peerDependencies` range: the consumer picks the version within it. */
  peer?: boolean;
  /** The registry the name belongs to (PyPI names PEP 503-normalised, Go module paths, Maven `groupId:artifactId`, NuGet package ids); absent for npm. */
  ecosystem?: 'pypi' | 'go' | 'maven' | 'nuget';
  /**
   * PyPI and Go entries: the constraint as an npm-semver version or range, which is what the
   * advisory matcher judges (`==1.7.1` → `1.7.1`, `>=1.5,<2` → `>=1.5.0 <2.0.0`,
   * `v3.2.0+incompatible` → `3.2.0+incompatible`). Absent when the constraint names no version
   * or sets no lower bound (`*`, `<2`, a URL or local path): such an entry is not judged.
   */
  semver?: string;
  /** The line that declares or pins it. */
  loc: SourceLocation;
}

/**
 * A library option that switches a safety check off (`allowInsecureKeySizes: true`) or sits
 * where the library ignores it (for `insecure-key-options`).
 */
export interface UnsafeOption {
  /** The option as written, e.g. `allowInsecureKeySizes` or `jsonWebTokenOptions.algorithms`. */
  option: string;
  kind: 'disables-check' | 'ignored';
  library: string;
  /** Human name of the API, e.g. `jwt.sign`, `new JwtStrategy`. */
  api: string;
  /** The option's location. */
  loc: SourceLocation;
}

export type ModuleEnvironment = 'server' | 'browser';

export interface FileFacts {
  file: string;
  environment: ModuleEnvironment;
  /**
   * The file itself shows neither browser nor server evidence: `environment` is the default
   * (server) until the file's package says it is a front-end package.
   */
  environmentAssumed?: true;
  /** True for test code and fixtures (reported at a lower level). */
  isTest: boolean;
  callSites: JwtCallSite[];
  secrets: SecretUse[];
  lifetimes: LifetimeValue[];
  tokens: TokenLiteral[];
  /** Algorithm names written in configuration (`JWT_ALGORITHM=HS256`, `jwt.algorithm: HS512`). */
  algorithmSettings: AlgorithmValue[];
  /** Verification checks switched off in configuration (`ValidateAudience: false`, `JWT_IGNORE_EXPIRATION=true`). */
  disabledChecks: DisabledCheck[];
  storageWrites: StorageWrite[];
  logs: SensitiveLog[];
  /** JWT libraries declared in manifests or pinned in lockfiles. */
  dependencies: DependencyUse[];
  /**
   * Source files only: the JWT library versions that apply to this file (nearest folder above
   * it whose manifest or lockfile names the library), set by the engine before rules run.
   */
  libraryVersions?: DependencyUse[];
  /** Library options that switch safety checks off or are ignored where they are placed. */
  unsafeOptions: UnsafeOption[];
}

// ---- estate: deployable units and the keys they share -------------------------------

/** `manifest-service`: a SAM/CloudFormation Lambda function, a render.yaml service or a serverless.yml service. */
export type UnitKind = 'package' | 'compose-service' | 'k8s-workload' | 'terraform-resource' | 'manifest-service' | 'repository';

/** A deployable unit: a package with its own manifest, a compose service, a Kubernetes workload. */
export interface Unit {
  id: string;
  name: string;
  kind: UnitKind;
  /** Root-relative folder (packages), or the file that declares the service/workload. */
  path: string;
  /** JWT operations the unit's code performs with an HMAC key. */
  signs: boolean;
  verifies: boolean;
  /** Set when the unit signs with a private key (RS/PS/ES/EdDSA): the issuer pattern jwtlint recommends. */
  signsWithPrivateKey?: boolean;
  /** Set when the unit verifies with a public key or a key set (JWKS): it cannot mint tokens. */
  verifiesWithPublicKey?: boolean;
}

/** A line where a unit obtains a key, or where the key's value is defined. */
export interface KeyPlace {
  loc: SourceLocation;
  unitId: string | null;
  how: 'code' | 'inject' | 'define';
  /** Named environment of a defining file (`production`, `staging`), when the path says so. */
  environment?: string;
  /** With an estate key only: HMAC-SHA256(estate key, value) of the values written at this place. */
  fingerprints?: string[];
}

/** One HMAC key (by value or by the variable/secret that carries it) and who holds it. */
export interface KeyGroup {
  /** Stable within a run: `key-1`, `key-2`, ... Never derived from the value. */
  id: string;
  /** Environment variables and secret references that carry the key. */
  names: string[];
  unitIds: string[];
  environments: string[];
  /** Shared by two or more units, or defined with one value in two or more named environments. */
  sharedAcrossUnits: boolean;
  sharedAcrossEnvironments: boolean;
  places: KeyPlace[];
  signers: string[];
  verifiers: string[];
  /** A value of the key is written somewhere in the scan (not only the names that carry it). */
  holdsValue?: boolean;
  /** With an estate key only: HMAC-SHA256(estate key, value) of each value the key has (sorted). */
  fingerprints?: string[];
}

export interface EstateFacts {
  units: Unit[];
  keys: KeyGroup[];
  /**
   * Public keys and key sets (JWKS) that units verify against, by origin (`env:JWKS_URL`,
   * `url:https://…/jwks.json`): every unit listed accepts what the one issuer behind it signs.
   */
  keySets?: { origin: string; unitIds: string[] }[];
  /** The unit each file with a finding belongs to (root-relative path → unit id), for reports grouped by unit. */
  fileUnits?: Record<string, string>;
}

// Which config keys name a JWT key, a token lifetime or a JWT algorithm.
//
// A key is read as words (`ACCESS_TOKEN_SECRET`, `accessTokenSecret`, `access-token-secret`
// and `accesstokensecret` all give access/token/secret). An environment variable name carries
// its whole meaning; a nested key (`jwt: { secret }`, `Jwt:Key`, `jwt.secret`) takes context
// from its path too.
import type { ConfigEntry } from './types.js';
import { unitSeconds } from './values.js';

// Vocabulary for splitting glued lower-case keys (`jwtsecret`, `accesstokenttl`).
const VOCABULARY = [
  'jwt', 'jws', 'jwe', 'token', 'tokens', 'access', 'refresh', 'secret', 'secrets', 'key', 'keys', 'signing', 'private',
  'public', 'ttl', 'expires', 'expire', 'expiry', 'expiration', 'in', 'ms', 'sec', 'seconds', 'minutes', 'hours', 'days',
  'max', 'age', 'algorithm', 'alg', 'auth', 'nextauth', 'session', 'id', 'kid', 'path', 'file', 'url', 'uri', 'name',
  'lifetime', 'time', 'validity', 'hmac', 'app', 'api', 'client', 'base64', 'bearer', 'life',
];
const VOCABULARY_SET = new Set(VOCABULARY);

function segment(word: string): string[] {
  if (word.length <= 4 || VOCABULARY_SET.has(word)) return [word];
  // Word break by dynamic programming; only a complete segmentation is used. Back-pointers
  // rather than arrays per position keep a very long key linear.
  const count = new Int32Array(word.length + 1).fill(-1);
  const from = new Int32Array(word.length + 1).fill(-1);
  count[0] = 0;
  for (let end = 1; end <= word.length; end++) {
    for (let start = Math.max(0, end - 10); start < end; start++) {
      if (count[start]! < 0 || !VOCABULARY_SET.has(word.slice(start, end))) continue;
      if (count[end]! < 0 || count[end]! > count[start]! + 1) {
        count[end] = count[start]! + 1;
        from[end] = start;
      }
    }
  }
  if (count[word.length]! < 0) return [word];
  const words: string[] = [];
  for (let end = word.length; end > 0; end = from[end]!) words.push(word.slice(from[end]!, end));
  return words.reverse();
}

const keyWordCache = new Map<string, string[]>();
const KEY_WORD_CACHE_SIZE = 4096;

/** Lower-case words of a key: camelCase, PascalCase, snake, kebab, dots, colons, glued words. Cached: do not mutate the array. */
export function keyWords(key: string): string[] {
  const cached = keyWordCache.get(key);
  if (cached) return cached;
  // `(?<=[A-Z])(?=[A-Z][a-z])` splits `JWTSecret` like `([A-Z]+)([A-Z][a-z])` did, without
  // that pattern's quadratic backtracking on long runs of capitals.
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/(?<=[A-Z])(?=[A-Z][a-z])/g, ' ')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .flatMap(segment);
  if (keyWordCache.size >= KEY_WORD_CACHE_SIZE) keyWordCache.clear();
  keyWordCache.set(key, words);
  return words;
}

/**
 * Credentials that are not JWT keys, services whose secrets are not JWT keys, and pointers to
 * keys (public halves, JWKS, KMS). Any of these words anywhere in the key (or its path)
 * rules the key out: `CLIENT_SECRET`, `DB_SECRET`, `STRIPE_SECRET_KEY`, `JWT_PUBLIC_KEY`,
 * `COOKIE_SECRET`, `auth.google.secret`, `existingSecret`, `spec.encryptedData.JWT_SECRET`.
 */
const NOT_JWT = new Set([
  'client', 'consumer', 'webhook', 'webhooks', 'stripe', 'recaptcha', 'captcha', 'hcaptcha', 'turnstile', 'cookie', 'cookies',
  'csrf', 'xsrf', 'db', 'database', 'postgres', 'postgresql', 'pg', 'mysql', 'mariadb', 'mongo', 'mongodb', 'redis', 'rabbitmq',
  'amqp', 'kafka', 'elastic', 'elasticsearch', 'passphrase', 'smtp',
  'aws', 's3', 'minio', 'gcp', 'gcs', 'google', 'github', 'gitlab', 'bitbucket', 'facebook', 'fb', 'twitter', 'slack',
  'discord', 'sendgrid', 'twilio', 'mailgun', 'mailchimp', 'paypal', 'shopify', 'firebase', 'sentry', 'datadog', 'algolia',
  'cloudinary', 'mapbox', 'openai', 'apple', 'microsoft', 'linkedin', 'saml', 'ldap', 'public', 'pub', 'jwks', 'kms', 'hsm',
  'encrypted', 'sealed', 'existing', 'external', 'salt', 'pepper', 'otp', 'totp', 'hotp', 'mfa', 'tls', 'ssl', 'ssh', 'gpg',
  'pgp', 'cert', 'certificate', 'license', 'licence', 'recovery',
]);
const NOT_JWT_PREFIX = /^(oauth\d*|auth0|okta)$/;

/** Words that tie a `...SECRET` or `...KEY` to JWTs on their own. */
const STRONG_CONTEXT = new Set(['jwt', 'jwts', 'jws', 'jwe', 'token', 'tokens', 'nextauth', 'authjs']);
/**
 * Words that tie a `...SECRET` to JWTs only when nothing else qualifies it: `AUTH_SECRET`
 * (Auth.js), `ACCESS_SECRET`, `REFRESH_SECRET`, `auth.secret` are JWT keys, while
 * `AUTH_KEYCLOAK_SECRET` (an Auth.js provider's client secret), `BASIC_AUTH_SECRET` and
 * `SPACES_ACCESS_SECRET` are not.
 */
const WEAK_CONTEXT = new Set(['auth', 'authentication', 'bearer', 'access', 'refresh']);
/** Words that qualify nothing (structure of nested config files, the material words themselves). */
const NEUTRAL = new Set([
  'app', 'application', 'service', 'server', 'api', 'config', 'configuration', 'settings', 'options', 'security', 'default',
  'main', 'core', 'common', 'shared', 'global', 'backend', 'web', 'http', 'signing', 'sign', 'hmac', 'secret', 'secrets', 'key',
  'keys', 'base64', 'b64', 'hex', 'value', 'raw', 'string', 'str', 'text', 'spring', 'data', 'values', 'env', 'environment',
  // Product names in front of a weak word: BETTER_AUTH_SECRET (better-auth).
  'better',
]);
const JWT_WORDS = new Set(['jwt', 'jwts', 'jws', 'jwe', 'nextauth']);
/** Credential words that rule a key out unless a token word is there too (`PASSWORD_RESET_TOKEN_SECRET` signs reset JWTs). */
const OTHER_CREDENTIAL = new Set(['password', 'passwd', 'pwd', 'pass', 'email', 'mail', 'reset', 'verification']);
/**
 * Encodings, wrappers and rotation slots after the material word: `JWT_SECRET_BASE64`,
 * `jwt.secret.value`, `JWT_SECRET_PREVIOUS`, `JWT_SECRET_V2`.
 */
const TRAILING_NOISE = new Set([
  'base64', 'b64', 'hex', 'value', 'raw', 'string', 'str', 'text', 'old', 'previous', 'prev', 'current', 'curr', 'next', 'new',
  'primary', 'secondary', 'fallback', 'legacy', 'rotated',
]);
const ROTATION_SLOT = /^(v?\d+)$/;

function excluded(words: string[]): boolean {
  if (words.some((w) => NOT_JWT.has(w) || NOT_JWT_PREFIX.test(w))) return true;
  const tokenWord = words.some((w) => JWT_WORDS.has(w) || w === 'token' || w === 'tokens');
  return !tokenWord && words.some((w) => OTHER_CREDENTIAL.has(w));
}

/** Key-material words a generic name is built from; these need visible evidence (an HMAC algorithm next to them). */
const GENERIC_SECRET_NAMES = new Set(['secret', 'secret key', 'signing key', 'signing secret', 'hmac key', 'hmac secret', 'key']);

/** Words of the key alone, or of the whole path for nested settings (sequence positions dropped). */
export function contextWords(entry: ConfigEntry): string[] {
  if (entry.envVar) return keyWords(entry.key);
  return entry.path.filter((p) => !/^\d+$/.test(p)).flatMap(keyWords);
}

function materialWords(words: string[]): string[] {
  let end = words.length;
  while (end > 0 && (TRAILING_NOISE.has(words[end - 1]!) || ROTATION_SLOT.test(words[end - 1]!))) end--;
  return words.slice(0, end);
}

export type SecretName =
  /** The name alone says JWT key (`JWT_SECRET`, `Jwt:Key`, `security.jwt.secret`, `NEXTAUTH_SECRET`). */
  | 'jwt'
  /** A generic key name (`SECRET_KEY`, `SIGNING_KEY`): a JWT key only next to an HMAC algorithm setting. */
  | 'generic';

export function secretName(entry: ConfigEntry): SecretName | null {
  const own = materialWords(keyWords(entry.key));
  const last = own[own.length - 1];
  if (last === undefined) return null;
  const context = contextWords(entry);
  if (excluded(context)) return null;
  if (context.includes('session') && !context.some((w) => JWT_WORDS.has(w))) return null; // express-session secrets
  const isSecretWord = last === 'secret' || last === 'secrets';
  const isKeyWord = last === 'key' || last === 'keys';
  if (!isSecretWord && !isKeyWord) return null;
  // A plural (`secrets:`, `keys:`) is usually a list of names (compose service `secrets`,
  // `imagePullSecrets`); it holds key material only when the key itself says JWT (`JWT_SECRETS`).
  if ((last === 'secrets' || last === 'keys') && !own.some((w) => JWT_WORDS.has(w) || w === 'token' || w === 'tokens')) return null;
  if (context.some((w) => STRONG_CONTEXT.has(w))) return 'jwt';
  // `...KEY` is a generic word (`API_KEY`, WordPress `AUTH_KEY` salts): it needs a strong word.
  if (isSecretWord && context.some((w) => WEAK_CONTEXT.has(w)) && context.every((w) => WEAK_CONTEXT.has(w) || NEUTRAL.has(w))) return 'jwt';
  return GENERIC_SECRET_NAMES.has(own.join(' ')) ? 'generic' : null;
}

const LIFETIME_WORDS = new Set(['expires', 'expire', 'expiry', 'expiration', 'exp', 'ttl', 'lifetime', 'lifespan', 'life', 'validity', 'duration', 'maxage']);
const LIFETIME_CONTEXT = new Set(['jwt', 'jwts', 'jws', 'jwe', 'token', 'tokens', 'access', 'refresh', 'auth', 'nextauth', 'bearer', 'authentication']);
/** Timings that are not token lifetimes: caches, clock skew, rotation, one-time codes, key lifetimes. */
const NOT_A_LIFETIME = new Set([
  'cache', 'clock', 'skew', 'leeway', 'tolerance', 'interval', 'rotation', 'rotate', 'grace', 'threshold', 'lock', 'lockout',
  'rate', 'retry', 'delay', 'key', 'keys', 'secret', 'secrets', 'jwks', 'reset', 'verification', 'invite', 'invitation',
  'magic', 'before', 'buffer', 'margin', 'warning', 'jitter', 'check', 'poll', 'timeout',
]);

export interface LifetimeName {
  /** Seconds per unit of a bare number, from the key (`..._MS`, `ExpiryMinutes`, `expiration-hours`). */
  keyUnit?: number;
  /** A Spring-style `expiration` key: bare numbers of 10,000,000 or more are milliseconds. */
  springMillis: boolean;
}

/** The unit a key name gives its bare numbers: the last unit word (`expiresInMs`, `ExpireDays`). */
export function keyUnit(words: string[]): number | undefined {
  for (let i = words.length - 1; i >= 0; i--) {
    const w = words[i]!;
    if (w === 'm' || w === 'in') continue; // `m` could be months; `in` is part of `expiresIn`
    const unit = unitSeconds(w);
    if (unit !== undefined) return unit;
  }
  return undefined;
}

export function lifetimeName(entry: ConfigEntry): LifetimeName | null {
  const own = keyWords(entry.key);
  const hasLifetimeWord = own.some((w, i) => LIFETIME_WORDS.has(w) || (w === 'max' && own[i + 1] === 'age'));
  if (!hasLifetimeWord) return null;
  const context = contextWords(entry);
  if (excluded(context) || context.some((w) => NOT_A_LIFETIME.has(w))) return null;
  if (!context.some((w) => LIFETIME_CONTEXT.has(w))) return null;
  const unit = unitOf(entry, own);
  return { ...(unit !== undefined ? { keyUnit: unit } : {}), springMillis: own.includes('expiration') };
}

/** The key's own unit word, else that of the variable a fallback stands for (`expire-length: ${JWT_EXPIRE_MS:300000}`). */
function unitOf(entry: ConfigEntry, own: string[]): number | undefined {
  return keyUnit(own) ?? (entry.interpolation?.fallback ? keyUnit(keyWords(entry.interpolation.name)) : undefined);
}

/** Same words as `lifetimeName`, minus the JWT-context requirement: for names linked to lifetimes by code. */
export function linkedLifetimeName(entry: ConfigEntry): LifetimeName {
  const own = keyWords(entry.key);
  const unit = unitOf(entry, own);
  return { ...(unit !== undefined ? { keyUnit: unit } : {}), springMillis: own.includes('expiration') };
}

const ALGORITHM_WORDS = new Set(['algorithm', 'algorithms', 'alg', 'algs', 'algo', 'algos']);
const NOT_JWS = new Set(['hash', 'hashing', 'digest', 'password', 'bcrypt', 'cipher', 'compression', 'cookie', 'webhook', 'checksum', 'enc', 'encryption']);

/** `JWT_ALGORITHM`, `jwt.algorithm`, `Jwt:Algorithm`, `JWT_ALG`, `jwt.algorithms[0]`; the value must also be a JWS name. */
export function isAlgorithmName(entry: ConfigEntry): boolean {
  const own = keyWords(entry.key);
  if (!own.some((w) => ALGORITHM_WORDS.has(w))) return false;
  const context = contextWords(entry);
  return !context.some((w) => NOT_JWS.has(w)) && !excluded(context);
}

import { describe, expect, it } from 'vitest';
import { isAlgorithmName, keyWords, lifetimeName, secretName } from '../../src/config-files/names.js';
import type { ConfigEntry } from '../../src/config-files/types.js';

const LOC = { file: 'f', line: 1, column: 1, endLine: 1, endColumn: 2 };

/** An env var (`JWT_SECRET`) or a nested key path (`jwt.secret`). */
function named(name: string, envVar = !name.includes('.') && !name.includes(':')): ConfigEntry {
  const path = envVar ? [name] : name.split(/[.:]/);
  return { path, key: path[path.length - 1]!, value: 'v', valueType: 'string', valueLoc: LOC, keyLoc: LOC, valueRange: [0, 1], envVar, document: 0 };
}

describe('keyWords', () => {
  it('splits every naming style, glued words included', () => {
    expect(keyWords('ACCESS_TOKEN_SECRET')).toEqual(['access', 'token', 'secret']);
    expect(keyWords('accessTokenTTL')).toEqual(['access', 'token', 'ttl']);
    expect(keyWords('JWTSecret')).toEqual(['jwt', 'secret']);
    expect(keyWords('jwt.secret-key')).toEqual(['jwt', 'secret', 'key']);
    expect(keyWords('jwtsecret')).toEqual(['jwt', 'secret']);
    expect(keyWords('expiresIn')).toEqual(['expires', 'in']);
    expect(keyWords('keyboard')).toEqual(['keyboard']);
  });
});

describe('secretName', () => {
  it.each([
    'JWT_SECRET',
    'JWT_KEY',
    'JWT_SIGNING_KEY',
    'JWT_PRIVATE_KEY',
    'ACCESS_TOKEN_SECRET',
    'REFRESH_TOKEN_SECRET',
    'JWT_ACCESS_SECRET',
    'JWT_REFRESH_SECRET',
    'NEXTAUTH_SECRET',
    'AUTH_SECRET',
    'TOKEN_SECRET',
    'SESSION_JWT_SECRET',
    'ACCESS_SECRET',
    'JWT_SECRET_BASE64',
    'JWT_SECRET_PREVIOUS',
    'JWT_SECRET_V2',
    'JWT_SECRETS',
    'PASSWORD_RESET_TOKEN_SECRET',
    'jwt.secret',
    'jwt.secret-key',
    'security.jwt.secret',
    'app.jwtSecret',
    'Jwt:Key',
    'JwtSettings:SecretKey',
    'TokenOptions:SecurityKey',
    'auth.secret',
    'app.auth.tokenSecret',
  ])('%s names a JWT key', (name) => {
    expect(secretName(named(name))).toBe('jwt');
  });

  it.each([
    'CLIENT_SECRET',
    'GOOGLE_CLIENT_SECRET',
    'AUTH_GOOGLE_SECRET',
    'AUTH_KEYCLOAK_SECRET',
    'BASIC_AUTH_SECRET',
    'DB_PASSWORD',
    'POSTGRES_PASSWORD',
    'STRIPE_SECRET_KEY',
    'STRIPE_WEBHOOK_SECRET',
    'COOKIE_SECRET',
    'SESSION_SECRET',
    'JWT_KID',
    'JWT_KEY_ID',
    'JWKS_URL',
    'JWKS_URI',
    'JWT_PUBLIC_KEY',
    'JWT_PUBLIC_KEY_PATH',
    'JWT_PRIVATE_KEY_FILE',
    'JWT_SECRET_NAME',
    'JWT_SECRET_ARN',
    'JWT_KMS_KEY_ID',
    'JWT_ISSUER',
    'AWS_SECRET_ACCESS_KEY',
    'SPACES_ACCESS_SECRET',
    'TWITTER_ACCESS_TOKEN_SECRET',
    'API_KEY',
    'AUTH_KEY',
    'SECRET_KEY_BASE',
    'APP_SECRET',
    'RECAPTCHA_SECRET',
    'spring.security.oauth2.client.registration.google.client-secret',
    'Authentication:Google:ClientSecret',
    'jwt.existingSecret',
    'postgresql.auth.password',
    'spec.encryptedData.JWT_SECRET',
  ])('%s does not name a JWT key', (name) => {
    expect(secretName(named(name))).toBeNull();
  });

  it('reads env-var names on their own, nested keys with their path', () => {
    // The compose service is called `auth`, but an env var name carries its whole meaning.
    expect(secretName({ ...named('APP_SECRET'), path: ['services', 'auth', 'environment', 'APP_SECRET'] })).toBeNull();
    expect(secretName(named('auth.secret'))).toBe('jwt');
    expect(secretName(named('secret', false))).toBe('generic');
  });

  it.each(['SECRET_KEY', 'SECRET', 'SIGNING_KEY', 'HMAC_SECRET'])('%s is a generic key name that needs an HMAC algorithm next to it', (name) => {
    expect(secretName(named(name))).toBe('generic');
  });
});

describe('lifetimeName', () => {
  it.each([
    ['JWT_EXPIRES_IN', undefined, false],
    ['JWT_TTL', undefined, false],
    ['ACCESS_TOKEN_EXPIRES_IN', undefined, false],
    ['REFRESH_TOKEN_TTL_MS', 0.001, false],
    ['ACCESS_TOKEN_EXPIRE_MINUTES', 60, false],
    ['jwt.expiration', undefined, true],
    ['jwt.expiresIn', undefined, false],
    ['jwt.expiresInMs', 0.001, false],
    ['jwt.ttlMillis', 0.001, false],
    ['jwt.refresh.expiration-hours', 3600, true],
    ['Jwt:ExpiryMinutes', 60, false],
    ['Jwt:AccessTokenExpirationMinutes', 60, true],
    ['Jwt:ExpireDays', 86_400, false],
    ['jwt.accessTokenTtl', undefined, false],
    ['app.jwt.access-token-validity-seconds', 1, false],
    ['NEXTAUTH_SESSION_MAX_AGE', undefined, false],
  ] as const)('%s is a lifetime (unit %s, Spring ms %s)', (name, unit, springMillis) => {
    const found = lifetimeName(named(name));
    expect(found).not.toBeNull();
    expect(found!.keyUnit).toBe(unit);
    expect(found!.springMillis).toBe(springMillis);
  });

  it.each([
    'EXPIRES_IN',
    'SESSION_TTL',
    'JWKS_CACHE_TTL',
    'JWT_CLOCK_TOLERANCE',
    'JWT_COOKIE_EXPIRES_IN',
    'REDIS_TTL',
    'OTP_EXPIRES_IN',
    'JWT_KEY_ROTATION_DAYS',
    'PASSWORD_RESET_TOKEN_EXPIRES_IN',
    'JWT_REFRESH_INTERVAL',
    'server.servlet.session.timeout',
  ])('%s is not a token lifetime', (name) => {
    expect(lifetimeName(named(name))).toBeNull();
  });
});

describe('isAlgorithmName', () => {
  it('accepts algorithm keys and refuses hashing and cipher settings', () => {
    for (const name of ['JWT_ALGORITHM', 'JWT_ALG', 'ALGORITHM', 'jwt.algorithm', 'Jwt:Algorithm', 'jwt.algorithms']) expect(isAlgorithmName(named(name)), name).toBe(true);
    for (const name of ['HASH_ALGORITHM', 'PASSWORD_HASH_ALGORITHM', 'ENCRYPTION_ALGORITHM', 'WEBHOOK_SIGNATURE_ALGORITHM', 'JWT_SECRET'])
      expect(isAlgorithmName(named(name)), name).toBe(false);
  });
});

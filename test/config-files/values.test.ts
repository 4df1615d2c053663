import { describe, expect, it } from 'vitest';
import { analyseInterpolation } from '../../src/config-files/interpolation.js';
import { isPlaceholder, isReferenceValue, jwsAlgorithm, lifetimeSeconds, looksRandom } from '../../src/config-files/values.js';

const RANDOM = 'bACEjFCiUrnZYArT7KqisYcp6he45a6Nv3foBEkHGQyFPRkiXBk4o54JgRibpT2G';

describe('isPlaceholder', () => {
  it.each([
    '',
    '   ',
    '<your-secret>',
    '<generate with: openssl rand -base64 48>',
    '${JWT_SECRET}',
    '$JWT_SECRET',
    'prefix-${SUFFIX}',
    '{{ .Values.jwt.secret }}',
    '${{ secrets.JWT_SECRET }}',
    '#{JwtSecret}',
    '$(jwtSecret)',
    '@jwt.secret@',
    '__JWT_SECRET__',
    '%JWT_SECRET%',
    '********',
    'xxxxxxxxxxxx',
    'null',
    'TODO',
  ])('%j is a placeholder in any file', (value) => {
    expect(isPlaceholder(value, false)).toBe(true);
  });

  it.each(['changeme', 'your-secret-here', 'secret', 'dev-secret', RANDOM, 'Xk$aP9q2'])('%j is a value outside example files', (value) => {
    expect(isPlaceholder(value, false)).toBe(false);
  });

  it.each(['changeme', 'change-me', 'your-secret-here', 'replace_with_a_long_random_string', 'super-secret-jwt-key-for-development', 'mysecretkey123456'])(
    '%j is a placeholder in an example file',
    (value) => {
      expect(isPlaceholder(value, true)).toBe(true);
    },
  );

  it.each([RANDOM, '9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c', 'eTsq65ODNpZc+Ney57TmOrx/hmTyHk4nW9jvq5cdIH6LnOvAbKxd2EVYaGlViI6h'])(
    '%j in an example file carries evidence of a real key',
    (value) => {
      expect(looksRandom(value)).toBe(true);
      expect(isPlaceholder(value, true)).toBe(false);
    },
  );
});

describe('isReferenceValue', () => {
  it.each([
    '/run/secrets/jwt_secret',
    './keys/private.pem',
    'keys/jwt.key',
    'classpath:keys/jwt.pem',
    'file:/etc/jwt/secret',
    'vault:secret/data/jwt#key',
    'op://prod/jwt/secret',
    'arn:aws:secretsmanager:eu-west-1:123456789012:secret:jwt',
    '@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/jwt)',
    'ENC[AES256_GCM,data:abc,iv:def,tag:ghi,type:str]',
    'https://auth.example.com/.well-known/jwks.json',
  ])('%j points to a key', (value) => {
    expect(isReferenceValue(value)).toBe(true);
  });

  it.each([RANDOM, '/9j4kXq+Zt0=', 'changeme'])('%j is not a reference', (value) => {
    expect(isReferenceValue(value)).toBe(false);
  });
});

describe('lifetimeSeconds', () => {
  it.each([
    ['3600', {}, 3600],
    ['30d', {}, 2_592_000],
    ['12h', {}, 43_200],
    ['30m', {}, 1800],
    ['3600s', {}, 3600],
    ['500ms', {}, 1],
    ['1w', {}, 604_800],
    ['2 days', {}, 172_800],
    ['1.5h', {}, 5400],
    ['PT15M', {}, 900],
    ['P7D', {}, 604_800],
    ['P1DT12H', {}, 129_600],
    ['7.00:00:00', {}, 604_800],
    ['00:15:00', {}, 900],
    ['15', { keyUnit: 60 }, 900],
    ['30', { keyUnit: 86_400 }, 2_592_000],
    ['86400000', { keyUnit: 0.001 }, 86_400],
    ['7d', { keyUnit: 60 }, 604_800],
    ['604800000', { springMillis: true }, 604_800],
    ['9999999', { springMillis: true }, 9_999_999],
  ] as const)('%j with %j is %d seconds', (value, units, seconds) => {
    expect(lifetimeSeconds(value, units)).toBe(seconds);
  });

  it.each(['', 'soon', '0', '-5', '10 parsecs', 'PT', '${JWT_TTL}'])('%j is not a lifetime', (value) => {
    expect(lifetimeSeconds(value)).toBeUndefined();
  });
});

describe('jwsAlgorithm', () => {
  it('normalises JWS names and rejects everything else', () => {
    expect(jwsAlgorithm('hs256')).toBe('HS256');
    expect(jwsAlgorithm('RS512')).toBe('RS512');
    expect(jwsAlgorithm('eddsa')).toBe('EdDSA');
    expect(jwsAlgorithm('none')).toBe('none');
    expect(jwsAlgorithm('sha256')).toBeUndefined();
    expect(jwsAlgorithm('aes-256-gcm')).toBeUndefined();
    expect(jwsAlgorithm('HS257')).toBeUndefined();
  });
});

describe('analyseInterpolation', () => {
  it('finds literal fallbacks in compose, shell and Spring forms', () => {
    expect(analyseInterpolation('${A:-lit}')).toEqual({ kind: 'fallback', name: 'A', literal: 'lit', offset: 5 });
    expect(analyseInterpolation('${A-lit}')).toEqual({ kind: 'fallback', name: 'A', literal: 'lit', offset: 4 });
    expect(analyseInterpolation('${A:=lit}')).toMatchObject({ kind: 'fallback', literal: 'lit' });
    expect(analyseInterpolation('${jwt.secret:spring:default}')).toEqual({ kind: 'fallback', name: 'jwt.secret', literal: 'spring:default', offset: 13 });
    expect(analyseInterpolation('${A:-${B:-inner}}')).toEqual({ kind: 'fallback', name: 'A', literal: 'inner', offset: 10 });
    expect(analyseInterpolation(' ${A:-x}')).toMatchObject({ kind: 'fallback', offset: 6 });
  });

  it('tells references from composites and plain values', () => {
    expect(analyseInterpolation('${A}')).toEqual({ kind: 'reference', name: 'A' });
    expect(analyseInterpolation('$A')).toEqual({ kind: 'reference', name: 'A' });
    expect(analyseInterpolation('${A:?required}')).toEqual({ kind: 'reference', name: 'A' });
    expect(analyseInterpolation('${A:-${B}}')).toEqual({ kind: 'reference', name: 'A' });
    expect(analyseInterpolation('${A:+set}')).toEqual({ kind: 'composite' });
    expect(analyseInterpolation('postgres://${U}@db')).toEqual({ kind: 'composite' });
    expect(analyseInterpolation('${{ secrets.X }}')).toEqual({ kind: 'composite' });
    expect(analyseInterpolation('plain')).toEqual({ kind: 'none' });
    expect(analyseInterpolation('price$5')).toEqual({ kind: 'none' });
  });
});

import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { rsaModulusBits } from '../../src/facts/key-size.js';

describe('rsaModulusBits', () => {
  const rsa1024 = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;

  it('measures RSA private keys in PEM (PKCS#8 and PKCS#1) and JWK form', () => {
    expect(rsaModulusBits(rsa1024.export({ type: 'pkcs8', format: 'pem' }) as string)).toBe(1024);
    expect(rsaModulusBits(rsa1024.export({ type: 'pkcs1', format: 'pem' }) as string)).toBe(1024);
    expect(rsaModulusBits(JSON.stringify(rsa1024.export({ format: 'jwk' })))).toBe(1024);
  });

  it('measures nothing it should not: EC keys, encrypted or truncated PEMs, other text', () => {
    expect(rsaModulusBits(ec.export({ type: 'pkcs8', format: 'pem' }) as string)).toBeNull();
    expect(rsaModulusBits(rsa1024.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'p' }) as string)).toBeNull();
    const pem = rsa1024.export({ type: 'pkcs8', format: 'pem' }) as string;
    expect(rsaModulusBits(pem.slice(0, pem.length / 2))).toBeNull();
    expect(rsaModulusBits('-----BEGIN PRIVATE KEY-----\n' + 'A'.repeat(100_000) + '\n-----END PRIVATE KEY-----')).toBeNull();
    expect(rsaModulusBits('{"kty":"oct","k":"c2VjcmV0"}')).toBeNull();
    expect(rsaModulusBits('{not json')).toBeNull();
    expect(rsaModulusBits('changeme')).toBeNull();
  });
});

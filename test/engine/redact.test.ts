import { describe, expect, it } from 'vitest';
import { maskedPreview, maskTokens, redactLine, redactText } from '../../src/engine/redact.js';

const SECRET = 'bACEjFCiUrnZYArT7KqisYcp6he45a6Nv3foBEkHGQyFPRkiXBk4o54JgRibpT2G';

describe('redactLine', () => {
  it('masks a secret where it occurs whole, keeping a short prefix', () => {
    expect(redactLine(`const KEY = '${SECRET}';`, [SECRET])).toBe(`const KEY = '${maskedPreview(SECRET)}';`);
    expect(redactLine("jwt.sign(p, 'dev')", ['dev'])).toBe("jwt.sign(p, '***')");
  });

  it('masks the part of a secret that a line holds (a value continued on the next line)', () => {
    const line = `jwt.secret=${SECRET.slice(0, 21)}\\`;
    expect(redactLine(line, [SECRET])).toBe('jwt.secret=bA********\\');
  });

  it('masks the base64 form of a secret (Kubernetes Secret data)', () => {
    const encoded = Buffer.from(SECRET).toString('base64');
    const out = redactLine(`  JWT_SECRET: ${encoded}`, [SECRET]);
    expect(out).not.toContain(encoded.slice(0, 12));
    expect(out).toMatch(/^ {2}JWT_SECRET: \w{4}\*+$/);
  });

  it('masks the body lines of a PEM key, not its armour', () => {
    const pem = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----';
    expect(redactLine('MIIEvQIBADANBgkqhkiG9w0BAQEFAASC', [pem])).toBe('MIIE********');
    expect(redactLine('-----BEGIN PRIVATE KEY-----', [pem])).toBe('-----BEGIN PRIVATE KEY-----');
  });

  it('leaves unrelated text alone', () => {
    expect(redactLine('module.exports = { issue };', [SECRET, 'another-long-secret'])).toBe('module.exports = { issue };');
  });
});

describe('redactText and maskTokens', () => {
  it('masks JWT-shaped text anywhere', () => {
    expect(maskTokens('Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl now')).toBe('Bearer eyJh******** now');
  });

  it('does not mangle words with short secrets', () => {
    expect(redactText('the secret is dev', ['dev', 'secret'])).toBe('the secret is dev');
    expect(redactText(`leaked ${SECRET}`, [SECRET])).toBe(`leaked ${maskedPreview(SECRET)}`);
  });
});

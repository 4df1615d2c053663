import { describe, expect, it } from 'vitest';
import { parseAnnotations, parseSidecar } from '../helpers/annotations.js';

const keys = (list: { line: number; ruleId: string }[]) => list.map((a) => `${a.line}:${a.ruleId}`);

describe('annotation grammar', () => {
  it('applies a standalone expect to the next code line, skipping blanks and other annotations', () => {
    const text = ['// expect: weak-secret', '', '// ok: no-expiry', 'const a = 1;', 'const b = 2;'].join('\n');
    const parsed = parseAnnotations(text);
    expect(keys(parsed.expected)).toEqual(['4:weak-secret']);
    expect(keys(parsed.ok)).toEqual(['4:no-expiry']);
  });

  it('reads comma-separated ids and trailing annotations', () => {
    const text = ['/* expect: alg-none, missing-audience */', 'jwt.verify(t, null); // expect: missing-issuer'].join('\n');
    expect(keys(parseAnnotations(text).expected)).toEqual(['2:alg-none', '2:missing-audience', '2:missing-issuer']);
  });

  it('knows # comments for .env and YAML files', () => {
    const text = ['PORT=3000', '# expect: hardcoded-secret, weak-secret', 'JWT_SECRET=changeme', 'TTL=30d # expect: long-expiry'].join('\n');
    expect(keys(parseAnnotations(text).expected)).toEqual(['3:hardcoded-secret', '3:weak-secret', '4:long-expiry']);
  });

  it('does not carry an expectation past the line it applies to', () => {
    const text = ['// expect: no-expiry', 'jwt.sign(a, k);', 'jwt.sign(b, k);'].join('\n');
    expect(keys(parseAnnotations(text).expected)).toEqual(['2:no-expiry']);
  });

  it('flags an expectation with no line after it', () => {
    const parsed = parseAnnotations(['const a = 1;', '// expect: token-logged', ''].join('\n'));
    expect(parsed.expected).toEqual([]);
    expect(parsed.problems).toHaveLength(1);
  });

  it('reads JSON sidecars and rejects malformed lines', () => {
    const parsed = parseSidecar('2 hardcoded-token\n\n11 weak-secret\nline three\n');
    expect(keys(parsed.expected)).toEqual(['2:hardcoded-token', '11:weak-secret']);
    expect(parsed.problems).toHaveLength(1);
  });
});

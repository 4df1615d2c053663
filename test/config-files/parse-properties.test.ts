import { describe, expect, it } from 'vitest';
import { parseProperties } from '../../src/config-files/parse-properties.js';
import { at, entry } from './helpers.js';

describe('parseProperties', () => {
  it('reads key=value, key: value and key value, with dotted key paths', () => {
    const parsed = parseProperties('application.properties', 'jwt.secret=abc\njwt.issuer : me\njwt.header Authorization\n');
    expect(entry(parsed, 'jwt.secret')).toMatchObject({ key: 'secret', path: ['jwt', 'secret'], value: 'abc', envVar: false });
    expect(at(entry(parsed, 'jwt.secret'))).toEqual({ key: '1:1', value: '1:12' });
    expect(entry(parsed, 'jwt.issuer').value).toBe('me');
    expect(at(entry(parsed, 'jwt.issuer')).value).toBe('2:14');
    expect(entry(parsed, 'jwt.header').value).toBe('Authorization');
  });

  it('skips # and ! comments and blank lines, and keeps trailing spaces of values', () => {
    const parsed = parseProperties('a.properties', '# one\n! two\n\n   \njwt.prefix=Bearer \n');
    expect(parsed.entries).toHaveLength(1);
    expect(entry(parsed, 'jwt.prefix').value).toBe('Bearer ');
    expect(at(entry(parsed, 'jwt.prefix'))).toEqual({ key: '5:1', value: '5:12' });
  });

  it('joins continuation lines, dropping the leading whitespace of the next line', () => {
    const text = 'jwt.secret=first\\\n    second\\\n\tthird\nnext=1\n';
    const parsed = parseProperties('application.properties', text);
    const secret = entry(parsed, 'jwt.secret');
    expect(secret.value).toBe('firstsecondthird');
    expect(secret.valueLoc).toMatchObject({ line: 1, column: 12, endLine: 3, endColumn: 7 });
    expect(at(entry(parsed, 'next'))).toEqual({ key: '4:1', value: '4:6' });
  });

  it('starts a value on a continuation line when the first line ends after the separator', () => {
    const parsed = parseProperties('a.properties', 'jwt.secret=\\\n   on-next-line\n');
    expect(entry(parsed, 'jwt.secret').value).toBe('on-next-line');
    expect(at(entry(parsed, 'jwt.secret')).value).toBe('2:4');
  });

  it('treats an even number of trailing backslashes as an escaped backslash, not a continuation', () => {
    const parsed = parseProperties('a.properties', 'path=C:\\\\dir\\\\\nnext=1\n');
    expect(entry(parsed, 'path').value).toBe('C:\\dir\\');
    expect(entry(parsed, 'next').value).toBe('1');
  });

  it('unescapes keys and values', () => {
    const parsed = parseProperties('a.properties', 'my\\ key\\:x=\\u0041\\tb\n');
    expect(parsed.entries[0]).toMatchObject({ key: 'my key:x', value: 'A\tb' });
  });

  it('resolves Spring ${VAR:default} fallbacks, located at the literal', () => {
    const parsed = parseProperties('application.properties', 'jwt.secret=${JWT_SECRET:fallback-key}\njwt.ttl=${JWT_TTL}\n');
    const secret = entry(parsed, 'jwt.secret');
    expect(secret).toMatchObject({ value: 'fallback-key', interpolation: { name: 'JWT_SECRET', fallback: true } });
    expect(at(secret).value).toBe('1:25');
    expect(entry(parsed, 'jwt.ttl').interpolation).toEqual({ name: 'JWT_TTL', fallback: false });
  });

  it('handles CRLF and reports malformed \\u escapes', () => {
    const parsed = parseProperties('a.properties', 'a=1\r\nb=\\uZZZZ\r\nc=3');
    expect(entry(parsed, 'c').value).toBe('3');
    expect(at(entry(parsed, 'c'))).toEqual({ key: '3:1', value: '3:3' });
    expect(parsed.diagnostics).toEqual(['a.properties:2:3: malformed \\uXXXX escape']);
  });
});

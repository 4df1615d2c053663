import { describe, expect, it } from 'vitest';
import { quoted } from '../../src/engine/run.js';

// Messages quote what the user wrote in one line at most: the code frame shows the rest.
describe('quoted', () => {
  it('keeps a one-line value whole', () => {
    expect(quoted('jwt.verify')).toBe('jwt.verify');
    expect(quoted('req.headers.authorization')).toBe('req.headers.authorization');
  });

  it('cuts code that spans lines after its first line', () => {
    expect(quoted('{ issuer: cfg.issuer,\n  audience: cfg.audience }')).toBe('{ issuer: cfg.issuer, …');
    expect(quoted('{\r\n  token\r\n}')).toBe('{ …');
  });

  it('keeps a value whose line break only ends it', () => {
    expect(quoted('token\n')).toBe('token\n');
  });

  it('cuts a very long line', () => {
    const long = `sign(${'a'.repeat(200)})`;
    expect(quoted(long)).toBe(`${long.slice(0, 80)} …`);
  });
});

import { describe, expect, it } from 'vitest';
import { quoted } from '../../src/engine/run.js';

// Messages quote what the user wrote on one line at most: the code frame shows the rest.
describe('quoted', () => {
  it('keeps a one-line value whole', () => {
    expect(quoted('jwt.verify')).toBe('jwt.verify');
    expect(quoted('req.headers.authorization')).toBe('req.headers.authorization');
  });

  it('folds code that spans lines into one line', () => {
    expect(quoted('{ issuer: cfg.issuer,\n  audience: cfg.audience }')).toBe('{ issuer: cfg.issuer, audience: cfg.audience }');
    expect(quoted('{\r\n  token\r\n}')).toBe('{ token }');
    // A template literal whose first line is only its backtick still shows what it holds.
    expect(quoted('`\n      Invite token: ${invite.token}\n      Open the invite in the admin\n    `')).toBe('` Invite token: ${invite.token} Open the invite in the admin `');
  });

  it('cuts a long value, folded or not', () => {
    const long = `sign(${'a'.repeat(200)})`;
    expect(quoted(long)).toBe(`${long.slice(0, 80)} …`);
    const object = `{\n${Array.from({ length: 20 }, (_, i) => `  field${i}: value${i},`).join('\n')}\n}`;
    const shown = quoted(object);
    expect(shown).not.toContain('\n');
    expect(shown.endsWith(' …')).toBe(true);
    expect(shown.length).toBeLessThanOrEqual(82);
  });
});

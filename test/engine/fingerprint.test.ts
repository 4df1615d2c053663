import { describe, expect, it } from 'vitest';
import { fingerprintOf } from '../../src/engine/fingerprint.js';

describe('fingerprintOf', () => {
  const base = fingerprintOf('hardcoded-secret', 'src/a.js', "const KEY = 'shh***';", 0);

  it('is 32 hex characters and ignores indentation and spacing', () => {
    expect(base).toMatch(/^[0-9a-f]{32}$/);
    expect(fingerprintOf('hardcoded-secret', 'src/a.js', "   const  KEY =\t'shh***';  ", 0)).toBe(base);
  });

  it('changes with the rule, the path, the line text and the occurrence', () => {
    const others = [
      fingerprintOf('weak-secret', 'src/a.js', "const KEY = 'shh***';", 0),
      fingerprintOf('hardcoded-secret', 'src/b.js', "const KEY = 'shh***';", 0),
      fingerprintOf('hardcoded-secret', 'src/a.js', "const KEY2 = 'shh***';", 0),
      fingerprintOf('hardcoded-secret', 'src/a.js', "const KEY = 'shh***';", 1),
    ];
    expect(new Set([base, ...others]).size).toBe(5);
  });
});

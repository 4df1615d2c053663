// The language seam (src/lang/front-end.ts) as the engine uses it: a repository without
// Python or Go loads no grammar and parses nothing extra; files of another language that
// cannot matter are not parsed; a file over its budget is abandoned with a note, never
// silently. Work is counted (files parsed, grammars loaded), never timed.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScan } from '../../src/engine/run.js';
import type { RunResult } from '../../src/engine/types.js';
import { grammarsLoaded } from '../../src/parse/tree-sitter.js';

async function scanTree(files: Record<string, string>, extra: { fileTimeBudgetMs?: number } = {}): Promise<RunResult> {
  const root = mkdtempSync(join(tmpdir(), 'jwtlint-lang-'));
  try {
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(join(root, file, '..'), { recursive: true });
      writeFileSync(join(root, file), text);
    }
    return await runScan({ cwd: root, paths: [root], maxExpirySeconds: 86_400, ignore: [], disabledRules: [], ...extra });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

const PLAIN_PYTHON = (i: number) => `import os\n\n\ndef handler_${i}(event):\n    return {"status": 200, "path": os.getcwd(), "n": ${i}}\n`;
const PLAIN_GO = (i: number) => `package util\n\nimport "strings"\n\nfunc Upper${i}(s string) string {\n\treturn strings.ToUpper(s)\n}\n`;
const PYJWT_SIGNER = 'import jwt\n\n\ndef issue(sub):\n    return jwt.encode({"sub": sub}, "literal-signing-key-for-tests-0123456789", algorithm="HS256")\n';

describe('language front ends in the engine', () => {
  it('a JS-only repository loads no Python or Go grammar and reports no other-language parse', async () => {
    const root = resolve('fixtures/examples/express-api');
    const result = await runScan({ cwd: root, paths: [root], maxExpirySeconds: 86_400, ignore: [], disabledRules: [] });
    expect(result.findings.length).toBeGreaterThan(0);
    expect(result.stats.parsedByLanguage).toBeUndefined();
    expect(grammarsLoaded().filter((g) => /python|go\.wasm/.test(g))).toEqual([]);
  });

  it('parses only the Python and Go files that can matter', async () => {
    const files: Record<string, string> = { 'svc/auth.py': PYJWT_SIGNER };
    for (let i = 0; i < 40; i++) files[`svc/mod_${i}.py`] = PLAIN_PYTHON(i);
    for (let i = 0; i < 40; i++) files[`gosvc/util_${i}.go`] = PLAIN_GO(i);
    const result = await scanTree(files);
    expect(result.stats.parsedByLanguage).toEqual({ Python: 1 });
    expect(result.findings.some((f) => f.location.file === 'svc/auth.py' && f.ruleId === 'hardcoded-secret')).toBe(true);
    expect(result.libraries?.modelled).toContain('PyJWT');
  });

  it('takes inline suppressions in each language\'s own comments', async () => {
    const result = await scanTree({
      'auth.py': 'import jwt\n\n\ndef issue(sub):\n    # jwtlint-disable-next-line hardcoded-secret, weak-secret -- test double, never deployed\n    return jwt.encode({"sub": sub}, "literal-signing-key-for-tests-0123456789", algorithm="HS256")\n',
      'auth.go': 'package auth\n\nimport "github.com/golang-jwt/jwt/v5"\n\nfunc issue(c jwt.Claims) (string, error) {\n\t// jwtlint-disable-next-line hardcoded-secret -- test double, never deployed\n\treturn jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString([]byte("literal-signing-key-for-tests-0123456789"))\n}\n',
    });
    const secrets = result.findings.filter((f) => f.ruleId === 'hardcoded-secret');
    expect(secrets.map((f) => f.location.file).sort()).toEqual(['auth.go', 'auth.py']);
    expect(secrets.map((f) => f.suppression?.reason)).toEqual(['test double, never deployed', 'test double, never deployed']);
    expect(result.notifications.filter((n) => n.kind === 'invalid-suppression')).toEqual([]);
  });

  it('abandons a file over its time budget with a note, and goes on', async () => {
    const result = await scanTree({ 'auth.py': PYJWT_SIGNER, 'api.js': "const jwt = require('jsonwebtoken');\nmodule.exports = (t) => jwt.decode(t);\n" }, { fileTimeBudgetMs: 0 });
    const notes = result.notifications.filter((n) => n.kind === 'timeout').map((n) => n.file);
    expect(notes).toContain('auth.py');
    expect(result.findings.filter((f) => f.location.file === 'auth.py')).toEqual([]);
    expect(result.internalError).toBe(false);
  });
});

import { parse } from '@babel/parser';
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { withoutBlockComments } from '../../src/engine/block-comments.js';
import { runScan } from '../../src/engine/run.js';

// The prefilter judges a file's code without its block comments (generated API docs mention
// `jwt` only there). The lexer must never take code for a comment: where it cannot be sure
// it answers null and the whole text is judged.

/** What Babel calls block comments, replaced by one space each: the reference. */
function babelWithoutBlockComments(text: string, jsx: boolean): string {
  const ast = parse(text, { sourceType: 'module', plugins: jsx ? ['typescript', 'jsx'] : ['typescript'], errorRecovery: true });
  let out = '';
  let copied = 0;
  for (const comment of ast.comments ?? []) {
    if (comment.type !== 'CommentBlock') continue;
    out += `${text.slice(copied, comment.start!)} `;
    copied = comment.end!;
  }
  return out + text.slice(copied);
}

describe('withoutBlockComments', () => {
  it.each([
    ['a JSDoc block before code', '/**\n * security:\n *   - jwt_token: []\n */\nexport const x = 1;\n', ' \nexport const x = 1;\n'],
    ['line comments are kept', '// jwt here\nconst a = 1; /* and jwt */\n', '// jwt here\nconst a = 1;  \n'],
    ['comment markers inside strings', "const s = '/* jwt */'; const t = \"//\"; /* c */", "const s = '/* jwt */'; const t = \"//\";  "],
    ['templates with nested expressions', 'const t = `/* ${ { a: "*/" }.a } */`; /* c */ x', 'const t = `/* ${ { a: "*/" }.a } */`;   x'],
    ['regular expressions after operators and keywords', 'const r = /[/*]/; function f() { return /\\/*x/.test(s) } /* c */', 'const r = /[/*]/; function f() { return /\\/*x/.test(s) }  '],
    ['division after an operand', 'const half = total / 2 /* c */ / 3;', 'const half = total / 2   / 3;'],
  ])('%s', (_name, text, expected) => {
    expect(withoutBlockComments(text, false)).toBe(expected);
  });

  it.each([
    ['a slash after `)` (division or regular expression)', 'if (a) /x*/.test(s); /* jwt */'],
    ['a slash after `}`', 'function f() {}\n/re/.test(s) /* jwt */'],
    ['a slash after `]`', 'const x = a[0] / 2; /* c */'],
    ['a postfix increment', 'i++ / 2; /* c */'],
    ["TypeScript's non-null assertion", 'const y = a! / b; /* c */'],
    ['an unterminated comment', 'const a = 1; /* never closed'],
    ['an unterminated string', "const s = 'abc\n/* c */"],
    ['an unterminated template', 'const t = `abc /* c */'],
  ])('gives up on %s', (_name, text) => {
    expect(withoutBlockComments(text, false)).toBeNull();
  });

  it('gives up on `<` in a file that may hold JSX, whose text can hold `//`', () => {
    const text = 'const a = <a href="x">see http://jwt.io</a>; /* c */';
    expect(withoutBlockComments(text, true)).toBeNull();
    expect(withoutBlockComments('const lt = a < b; /* c */', true)).toBeNull();
  });

  it('agrees with Babel on every block comment, or gives up (generated statements)', () => {
    const comment = fc.constantFrom('/* c */', '/** jwt_token */', '/*/*/', '/* " \' ` */', '/*\n * a\n */', '// line /* not */\n');
    const { expr } = fc.letrec<{ expr: string }>((tie) => ({
      expr: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.constantFrom('a', 'b.c', '1.5', '2', '"s/*"', "'*/'", '"q\\"/*"', '`t/*`', '/re*/g', '/[/*]/', '/\\/*/'),
        fc.tuple(tie('expr'), fc.constantFrom('+', '/', '*', '-', '<', '>', '&&'), fc.option(comment), tie('expr')).map(([l, op, c, r]) => `${l} ${op} ${c ?? ''} ${r}`),
        tie('expr').map((e) => `(${e})`),
        tie('expr').map((e) => `f(${e}) / 2`),
        tie('expr').map((e) => `[${e}][0]`),
        tie('expr').map((e) => `\`a \${${e}} /* b\``),
        tie('expr').map((e) => `({ k: ${e} })`),
        tie('expr').map((e) => `/x*/.test(${e})`),
      ),
    }));
    const statement = fc.oneof(
      expr.map((e) => `const v = ${e};`),
      expr.map((e) => `function g() { return ${e} }`),
      expr.map((e) => `if (${e}) { x = 1 }`),
      comment,
    );
    fc.assert(
      fc.property(fc.array(statement, { maxLength: 8 }), fc.constantFrom('\n', ' '), fc.boolean(), (statements, gap, jsx) => {
        const text = statements.join(gap);
        const ours = withoutBlockComments(text, jsx);
        if (ours === null) return;
        let ast;
        try {
          ast = parse(text, { sourceType: 'module', plugins: jsx ? ['typescript', 'jsx'] : ['typescript'] });
        } catch {
          return;
        }
        if ((ast.errors ?? []).length > 0) return;
        expect(ours).toBe(babelWithoutBlockComments(text, jsx));
      }),
      { seed: 20261206, numRuns: 5_000 },
    );
  });

  it('agrees with Babel on every block comment, or gives up (generated token soup)', () => {
    const piece = fc.constantFrom(
      'a', 'b1', 'x.y', '1.5', '2', ' ', '\n', ';', ',', '=', '+', '-', '*', '/', '(', ')', '[', ']', '{', '}', '!', '?', ':', '<', '>', '=>', '++',
      'return ', 'typeof ', 'case ', 'else ', 'await ', '/* c */', '/** jwt */', '/*/*/', '// line /* c */\n', '"s/*"', "'*/'", '"a\\"b"',
      '`t/*`', '`${a}/*`', '`${ {b:1} }`', '/re/g', '/[/]/', '/\\//', '/a*/', 'x / y', 'f() / 2', '`${`${"*/"}`}`',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), fc.boolean(), (pieces, jsx) => {
        const text = pieces.join('');
        const ours = withoutBlockComments(text, jsx);
        if (ours === null) return;
        let reference: string;
        try {
          const ast = parse(text, { sourceType: 'module', plugins: jsx ? ['typescript', 'jsx'] : ['typescript'] });
          if ((ast.errors ?? []).length > 0) return;
          reference = babelWithoutBlockComments(text, jsx);
        } catch {
          return; // not a program: nothing to compare
        }
        expect(ours).toBe(reference);
      }),
      { seed: 20261206, numRuns: 20_000 },
    );
  });
});

describe('the prefilter without block comments, end to end', () => {
  it('does not parse a file that mentions JWTs only in block comments, and still finds the rest', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'jwtlint-block-comments-'));
    try {
      writeFileSync(path.join(root, 'docs.ts'), '/**\n * @oas [get] /admin/users\n * security:\n *   - jwt_token: []\n */\n\nexport const docs = true;\n');
      writeFileSync(path.join(root, 'auth.ts'), "/** Signs session tokens (jwt). */\nimport jwt from 'jsonwebtoken';\nexport const t = jwt.sign({ sub: 'a' }, 'hardcoded-signing-secret-value');\n");
      writeFileSync(path.join(root, 'tricky.ts'), "const ratio = (a) / 2; /* jwt */ const s = 'jwt';\n");
      const result = await runScan({ cwd: root, paths: [root], maxExpirySeconds: 86_400, ignore: [], disabledRules: [] });
      // auth.ts (jwt in code) and tricky.ts (the lexer gives up: judged whole) are parsed; docs.ts is not.
      expect(result.stats.filesParsed).toBe(2);
      expect(new Set(result.findings.map((f) => f.location.file))).toEqual(new Set(['auth.ts']));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/engine/types.js';
import { applySuppressions, parseDirectives } from '../../src/engine/suppressions.js';

const KNOWN = ['hardcoded-secret', 'weak-secret', 'no-expiry', 'symmetric-algorithm'];

function finding(file: string, line: number, ruleId: string): Finding {
  return {
    ruleId,
    messageId: 'm',
    message: 'message',
    severity: 'high',
    severityReason: 'reason',
    confidence: 'high',
    location: { file, line, column: 1, endLine: line, endColumn: 5 },
    relatedLocations: [],
    snippet: '',
    remediation: '',
    standards: { nhi: [], csf: [], cwe: [] },
    inTestCode: false,
    fingerprint: `${file}:${line}:${ruleId}`,
  };
}

describe('parseDirectives', () => {
  it('reads // and /* */ comments in JavaScript, with several rule ids and a reason', () => {
    const text = [
      "const jwt = require('jsonwebtoken');",
      '// jwtlint-disable-next-line hardcoded-secret, weak-secret -- test fixture, never deployed',
      "const KEY = 'dev';",
      "jwt.sign(p, KEY); /* jwtlint-disable-line symmetric-algorithm -- HMAC inside one process */",
      '/* jwtlint-disable-next-line no-expiry',
      ' * -- one-off migration token',
      ' */',
      'jwt.sign(p, KEY);',
    ].join('\n');
    expect(parseDirectives('src/a.ts', text, KNOWN)).toEqual({
      problems: [],
      directives: [
        { file: 'src/a.ts', line: 2, target: 3, kind: 'next-line', ruleIds: ['hardcoded-secret', 'weak-secret'], reason: 'test fixture, never deployed' },
        { file: 'src/a.ts', line: 4, target: 4, kind: 'line', ruleIds: ['symmetric-algorithm'], reason: 'HMAC inside one process' },
        { file: 'src/a.ts', line: 5, target: 8, kind: 'next-line', ruleIds: ['no-expiry'], reason: 'one-off migration token' },
      ],
    });
  });

  it.each([
    ['config/app.yaml', 'jwt:\n  # jwtlint-disable-next-line hardcoded-secret -- local only\n  secret: abc\n'],
    ['.env.local', '# jwtlint-disable-next-line hardcoded-secret -- local only\nJWT_SECRET=abc\n'],
    ['app.properties', '! jwtlint-disable-next-line hardcoded-secret -- local only\njwt.secret=abc\n'],
    ['deploy/run.sh', '# jwtlint-disable-next-line hardcoded-secret -- local only\nexport JWT_SECRET=abc\n'],
  ])('reads # comments in %s', (file, text) => {
    const { directives, problems } = parseDirectives(file, text, KNOWN);
    expect(problems).toEqual([]);
    expect(directives).toHaveLength(1);
    expect(directives[0]).toMatchObject({ ruleIds: ['hardcoded-secret'], reason: 'local only', kind: 'next-line' });
    expect(directives[0]!.target).toBe(directives[0]!.line + 1);
  });

  it('reads a trailing # comment on a value line', () => {
    const { directives } = parseDirectives('.env', 'JWT_SECRET=abc # jwtlint-disable-line hardcoded-secret -- dev only\n', KNOWN);
    expect(directives).toEqual([{ file: '.env', line: 1, target: 1, kind: 'line', ruleIds: ['hardcoded-secret'], reason: 'dev only' }]);
  });

  it('does not take # for a comment in JavaScript, nor prose that mentions the directive', () => {
    const text = '#!/usr/bin/env node\n# jwtlint-disable-next-line hardcoded-secret -- x\n// to silence it, write jwtlint-disable-next-line\n';
    expect(parseDirectives('cli.js', text, KNOWN)).toEqual({ directives: [], problems: [] });
  });

  it('reports directives without a reason, without rule ids, with unknown ids, or of an unsupported form', () => {
    const text = [
      '// jwtlint-disable-next-line hardcoded-secret',
      '// jwtlint-disable-next-line -- just because',
      '// jwtlint-disable-line hardcoded-secrets, weak-secret -- typo in the first id',
      '/* jwtlint-disable */',
      '// jwtlint-enable-next-line weak-secret -- x',
    ].join('\n');
    const { directives, problems } = parseDirectives('a.js', text, KNOWN);
    expect(problems.map((p) => [p.kind, p.line, p.message])).toEqual([
      ['invalid-suppression', 1, 'jwtlint-disable-next-line hardcoded-secret needs a reason after "--"; the finding stays reported.'],
      ['invalid-suppression', 2, 'jwtlint-disable-next-line must name the rule ids it silences, e.g. "jwtlint-disable-next-line hardcoded-secret -- reason"; it suppresses nothing.'],
      ['invalid-suppression', 3, 'jwtlint-disable-line: unknown rule id "hardcoded-secrets" (did you mean "hardcoded-secret"?).'],
      ['invalid-suppression', 4, 'jwtlint-disable is not supported: use jwtlint-disable-next-line or jwtlint-disable-line with rule ids and a reason.'],
      ['invalid-suppression', 5, 'jwtlint-enable-next-line is not supported: use jwtlint-disable-next-line or jwtlint-disable-line with rule ids and a reason.'],
    ]);
    // The valid id of line 3 still applies.
    expect(directives).toEqual([{ file: 'a.js', line: 3, target: 3, kind: 'line', ruleIds: ['weak-secret'], reason: 'typo in the first id' }]);
  });
});

describe('applySuppressions', () => {
  const texts = new Map([
    ['src/a.js', "// jwtlint-disable-next-line hardcoded-secret, weak-secret, no-expiry -- fixture\nconst KEY = 'dev';\n"],
    ['src/b.js', "// jwtlint-disable-next-line hardcoded-secret\nconst KEY = 'dev';\n"],
  ]);
  const findings = [finding('src/a.js', 2, 'hardcoded-secret'), finding('src/a.js', 2, 'symmetric-algorithm'), finding('src/b.js', 2, 'hardcoded-secret')];

  it('marks covered findings suppressed with the reason and keeps them in the list', () => {
    const outcome = applySuppressions(findings, texts, KNOWN, new Set(['hardcoded-secret', 'weak-secret', 'symmetric-algorithm']));
    expect(outcome.findings.map((f) => [f.location.file, f.ruleId, f.suppression?.reason])).toEqual([
      ['src/a.js', 'hardcoded-secret', 'fixture'],
      ['src/a.js', 'symmetric-algorithm', undefined],
      ['src/b.js', 'hardcoded-secret', undefined],
    ]);
    expect(outcome.findings[0]!.suppression).toEqual({ kind: 'inSource', reason: 'fixture', location: { file: 'src/a.js', line: 1 } });
  });

  it('reports unused rule ids of enabled rules only, and invalid directives', () => {
    const outcome = applySuppressions(findings, texts, KNOWN, new Set(['hardcoded-secret', 'weak-secret', 'symmetric-algorithm']));
    expect(outcome.notifications.map((n) => [n.kind, n.file, n.line, n.ruleId ?? null])).toEqual([
      ['unused-suppression', 'src/a.js', 1, 'weak-secret'],
      ['invalid-suppression', 'src/b.js', 1, null],
    ]);
    expect(outcome.notifications[0]!.message).toBe('jwtlint-disable-next-line weak-secret: no weak-secret finding on line 2; remove it from the comment.');
  });
});

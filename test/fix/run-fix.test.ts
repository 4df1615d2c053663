import { beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/engine/types.js';
import { applyReplacements } from '../../src/fix/edits.js';
import { createFixProject, fixFile } from '../../src/fix/run-fix.js';
import { loadTsMorph, tsMorph } from '../../src/fix/ts-morph.js';
import type { Fixer } from '../../src/fix/types.js';

// The framework around the fixers (src/fix/run-fix.ts), with fixers made up for the test:
// bottom-up order, edits recovered from the text, and what happens when a fixer misbehaves.
beforeAll(async () => {
  expect((await loadTsMorph()).ok).toBe(true);
});

const TEXT = 'const a = f(1, 2);\nconst b = g(3);\n';

function finding(ruleId: string, line: number, column: number, extra: Partial<Finding> = {}): Finding {
  return { ruleId, messageId: 'm', message: '', severity: 'high', severityReason: '', confidence: 'high', location: { file: 'x.ts', line, column, endLine: line, endColumn: column + 1 }, relatedLocations: [], snippet: '', remediation: '', standards: { cwe: [] }, inTestCode: false, fingerprint: `${ruleId}:${line}:${column}`, ...extra } as Finding;
}

const fixers = (...list: Fixer[]) => new Map(list.map((f) => [f.ruleId, f]));

/** Replaces the numeric literal at the finding with its double. */
const doubler: Fixer = {
  ruleId: 'double',
  fix: ({ node }) => {
    if (!node || !tsMorph().Node.isNumericLiteral(node)) return { kind: 'skipped', reason: 'not a number' };
    node.replaceWithText(String(Number(node.getText()) * 2));
    return { kind: 'fixed', summary: 'doubled' };
  },
};

describe('fixFile', () => {
  it('hands each fixer the node at its finding, fixes bottom-up, and expresses every edit against the original text', () => {
    const result = fixFile(createFixProject(), { file: 'x.ts', text: TEXT, findings: [finding('double', 1, 13), finding('double', 2, 13), finding('double', 1, 16)] }, fixers(doubler), { applySuggestions: false });
    expect(result.after).toBe('const a = f(2, 4);\nconst b = g(6);\n');
    expect(result.outcomes.map((o) => o.kind)).toEqual(['fixed', 'fixed', 'fixed']);
    // Each fix's replacements rebuild the fixed text from the original, in any order.
    const all = result.outcomes.flatMap((o) => (o.kind === 'fixed' ? o.replacements : []));
    expect(applyReplacements(TEXT, all)).toBe(result.after);
    // Outcomes come in file order.
    expect(all.map((r) => [r.deletedRegion.startLine, r.deletedRegion.startColumn, r.insertedContent])).toEqual([
      [1, 13, '2'],
      [1, 16, '4'],
      [2, 13, '6'],
    ]);
  });

  it('skips a fix whose edit reaches code an earlier fix of this run changed (the next run makes it)', () => {
    const wholeCall: Fixer = {
      ruleId: 'call',
      fix: ({ node }) => {
        const call = node?.getFirstAncestorByKind(tsMorph().SyntaxKind.CallExpression);
        call!.replaceWithText('h()');
        return { kind: 'fixed', summary: 'call replaced' };
      },
    };
    const result = fixFile(createFixProject(), { file: 'x.ts', text: TEXT, findings: [finding('call', 1, 11), finding('double', 1, 16)] }, fixers(doubler, wholeCall), { applySuggestions: false });
    expect(result.after).toBe('const a = f(1, 4);\nconst b = g(3);\n');
    expect(result.outcomes.find((o) => o.finding.ruleId === 'call')).toMatchObject({ kind: 'skipped', reason: expect.stringContaining('run jwtlint fix again') });
  });

  it('offers a suggestion without making it unless asked, and reports its edit either way', () => {
    const suggester: Fixer = { ruleId: 'double', fix: (input) => ({ kind: 'suggested', summary: 'would double', reason: 'changes behaviour', apply: () => void doubler.fix(input) }) };
    const offered = fixFile(createFixProject(), { file: 'x.ts', text: TEXT, findings: [finding('double', 2, 13)] }, fixers(suggester), { applySuggestions: false });
    expect(offered.after).toBe(TEXT);
    expect(offered.outcomes[0]).toMatchObject({ kind: 'suggested', applied: false, replacements: [{ insertedContent: '6' }] });
    const applied = fixFile(createFixProject(), { file: 'x.ts', text: TEXT, findings: [finding('double', 2, 13)] }, fixers(suggester), { applySuggestions: true });
    expect(applied.after).toBe('const a = f(1, 2);\nconst b = g(6);\n');
  });

  it('a fixer that throws, breaks the syntax, or claims a fix it did not make fails, and the file keeps its text', () => {
    const thrower: Fixer = { ruleId: 'throw', fix: () => { throw new Error('boom'); } };
    const breaker: Fixer = { ruleId: 'break', fix: ({ file }) => (file.replaceText([0, 5], 'const const'), { kind: 'fixed', summary: 'broke it' }) };
    const idle: Fixer = { ruleId: 'idle', fix: () => ({ kind: 'fixed', summary: 'nothing' }) };
    for (const fixer of [thrower, breaker, idle]) {
      const result = fixFile(createFixProject(), { file: 'x.ts', text: TEXT, findings: [finding(fixer.ruleId, 1, 1)] }, fixers(fixer), { applySuggestions: false });
      expect(result.after, fixer.ruleId).toBe(TEXT);
      expect(result.outcomes[0]!.kind, fixer.ruleId).toBe('failed');
    }
  });

  it('a skipped fixer that edited anyway is undone; a rule without a fixer and a suppressed finding are reported as such', () => {
    const sloppy: Fixer = { ruleId: 'sloppy', fix: ({ node }) => (node!.replaceWithText('9'), { kind: 'skipped', reason: 'unsure' }) };
    const result = fixFile(
      createFixProject(),
      { file: 'x.ts', text: TEXT, findings: [finding('sloppy', 1, 13), finding('other', 2, 1), finding('double', 2, 13, { suppression: { kind: 'inSource', reason: 'ok', location: { file: 'x.ts', line: 2 } } })] },
      fixers(sloppy, doubler),
      { applySuggestions: false },
    );
    expect(result.after).toBe(TEXT);
    expect(result.outcomes.map((o) => o.kind)).toEqual(['skipped', 'no-fixer', 'skipped']);
  });

  it('leaves a file TypeScript cannot parse (Flow types) alone', () => {
    const flow = '// @flow\nconst a: ?number = f(1);\ntype T = {| x: number |};\n';
    const result = fixFile(createFixProject(), { file: 'x.js', text: flow, findings: [finding('double', 2, 22)] }, fixers(doubler), { applySuggestions: false });
    expect(result.after).toBe(flow);
    expect(result.outcomes[0]).toMatchObject({ kind: 'skipped', reason: expect.stringContaining("TypeScript's parser cannot read this file") });
  });
});

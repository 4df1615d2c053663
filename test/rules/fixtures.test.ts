import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import type { Finding, RunResult } from '../../src/engine/types.js';
import { listFiles, readAnnotations } from '../helpers/annotations.js';
import { compare, describeComparison, rawValuesBehind } from '../helpers/compare.js';
import { FIXTURES_ROOT, SCENARIOS_DIR, subfolders } from '../helpers/fixtures.js';
import { scanFolder } from '../helpers/scan.js';

const SCAN_TIMEOUT_MS = 60_000;
const BROKEN_INPUT = new Set(['unparsable', 'encoding', 'internal-error', 'rule-error']);

function findingsOf(result: RunResult, file: string, ruleId?: string): Finding[] {
  return result.findings.filter((f) => f.location.file === file && (ruleId === undefined || f.ruleId === ruleId));
}

function expectFileMatches(root: string, file: string, findings: Finding[], ruleId?: string) {
  const annotations = readAnnotations(root, file);
  expect(annotations.problems, `${file}: malformed annotations`).toEqual([]);
  const expected = ruleId === undefined ? annotations.expected : annotations.expected.filter((a) => a.ruleId === ruleId);
  const comparison = compare(expected, findings);
  expect(comparison, describeComparison(file, comparison, findings)).toEqual({ missing: [], unexpected: [] });
}

/** Messages are rendered from data; a leftover placeholder or a raw key in the output is a rule or engine bug. */
function expectCleanOutput(root: string, file: string, findings: Finding[]) {
  const source = readFileSync(join(root, file), 'utf8').split('\n');
  for (const finding of findings) {
    const where = `${file}:${finding.location.line} ${finding.ruleId}`;
    expect(finding.message, `${where}: unfilled placeholder`).not.toMatch(/\{\{|\}\}|undefined/);
    if (!finding.evidence) continue;
    for (const raw of rawValuesBehind(finding.evidence, source[finding.location.line - 1] ?? '')) {
      expect(finding.message, `${where}: message shows the raw value`).not.toContain(raw);
      expect(finding.snippet, `${where}: snippet shows the raw value`).not.toContain(raw);
    }
  }
}

// A file-scope rule's folder is scanned as one root. A project-scope rule (shared-secret)
// compares units inside one repository, so each of its cases is a repository of its own:
// `fixtures/<rule>/{invalid,valid}/<case>/`.
function fixtureRoots(ruleId: string): { label: string; root: string }[] {
  const root = join(FIXTURES_ROOT, ruleId);
  const rule = rules.find((r) => r.id === ruleId)!;
  if (rule.scope !== 'project') return [{ label: ruleId, root }];
  return ['invalid', 'valid'].flatMap((kind) => subfolders(join(root, kind)).map((c) => ({ label: `${ruleId}/${kind}/${c}`, root: join(root, kind, c) })));
}

describe.each(rules.map((rule) => rule.id))('fixtures/%s', (ruleId) => {
  const rule = rules.find((r) => r.id === ruleId)!;
  const roots = existsSync(join(FIXTURES_ROOT, ruleId)) ? fixtureRoots(ruleId) : [];
  const results = new Map<string, RunResult>();

  beforeAll(async () => {
    for (const { root } of roots) results.set(root, await scanFolder(root));
  }, SCAN_TIMEOUT_MS);

  describe.each(roots)('$label', ({ root }) => {
    // A missing folder is reported by test/meta/registry.test.ts; here it only means no file tests.
    const files = listFiles(root);

    it('reads every fixture file', () => {
      const result = results.get(root)!;
      const broken = result.notifications.filter((n) => BROKEN_INPUT.has(n.kind));
      expect(broken, broken.map((n) => `${n.file ?? ''}: ${n.message}`).join('\n')).toEqual([]);
      expect(result.internalError).toBe(false);
    });

    it.each(files)('%s', (file) => {
      const findings = findingsOf(results.get(root)!, file, ruleId);
      expectFileMatches(root, file, findings, ruleId);
      expectCleanOutput(root, file, findings);
    });

    it('reports only on files that exist', () => {
      const known = new Set(files);
      expect(results.get(root)!.findings.filter((f) => !known.has(f.location.file)).map((f) => f.location.file)).toEqual([]);
    });
  });

  it('produces every message the rule defines', () => {
    const produced = new Set([...results.values()].flatMap((r) => r.findings.filter((f) => f.ruleId === ruleId).map((f) => f.messageId)));
    expect([...produced].sort()).toEqual(Object.keys(rule.messages).sort());
  });
});

describe.each(subfolders(SCENARIOS_DIR))('fixtures/scenarios/%s', (scenario) => {
  const root = join(SCENARIOS_DIR, scenario);
  const files = listFiles(root);
  let result: RunResult;

  beforeAll(async () => {
    result = await scanFolder(root);
  }, SCAN_TIMEOUT_MS);

  it('reads every file', () => {
    const broken = result.notifications.filter((n) => BROKEN_INPUT.has(n.kind));
    expect(broken, broken.map((n) => `${n.file ?? ''}: ${n.message}`).join('\n')).toEqual([]);
    expect(result.internalError).toBe(false);
  });

  it.each(files)('%s', (file) => {
    const findings = findingsOf(result, file);
    expectFileMatches(root, file, findings);
    expectCleanOutput(root, file, findings);
  });

  it('reports only on files that exist', () => {
    const known = new Set(files);
    expect(result.findings.filter((f) => !known.has(f.location.file)).map((f) => f.location.file)).toEqual([]);
  });
});

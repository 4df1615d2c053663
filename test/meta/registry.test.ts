import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { dependencyFileKind } from '../../src/config-files/dependency-files.js';
import type { RuleDefinition, Severity } from '../../src/rule-api.js';
import { CSF, CWE, NHI } from '../../src/standards/index.js';
import { listFiles, orphanSidecars, readAnnotations } from '../helpers/annotations.js';
import { FIXTURES_ROOT, RULES_DIR, SCENARIOS_DIR, subfolders } from '../helpers/fixtures.js';
import { scanFolder } from '../helpers/scan.js';

const RULE_FILE = /^([a-z0-9-]+)\.ts$/;
// Multi-file projects: scenarios compare every rule; examples back `npm run scan:example`.
const NON_RULE_FIXTURE_FOLDERS = new Set(['scenarios', 'examples', 'config-files', 'estate-merge', 'fix']);
const ruleFileIds = readdirSync(RULES_DIR)
  .map((name) => name.match(RULE_FILE)?.[1])
  .filter((id): id is string => id !== undefined && id !== 'index')
  .sort();
const ids = rules.map((rule) => rule.id);
const byId = new Map(rules.map((rule) => [rule.id, rule]));

// GitHub code scanning bands for `security-severity` (over 9.0 critical, 7.0-8.9 high, 4.0-6.9 medium,
// 0.1-3.9 low): SARIF consumers derive the displayed level from the score, so it must agree with `severity`.
function bandOf(score: number): Severity {
  if (score > 9.0) return 'critical';
  if (score >= 7.0) return 'high';
  if (score >= 4.0) return 'medium';
  return 'low';
}

const ruleCases = ids.map((id) => [id, byId.get(id)!] as [string, RuleDefinition]);

describe('rule registry', () => {
  it('lists exactly the rule files in rules/', () => {
    expect([...ids].sort()).toEqual(ruleFileIds);
  });

  it('is sorted by id and has no duplicates', () => {
    expect(ids).toEqual([...new Set(ids)].sort());
  });

  it('exports each rule as the default export of the file named after its id', async () => {
    for (const id of ruleFileIds) {
      const module = (await import(/* @vite-ignore */ join(RULES_DIR, `${id}.ts`))) as { default: RuleDefinition };
      expect(module.default.id, `rules/${id}.ts`).toBe(id);
      expect(module.default, `rules/${id}.ts`).toBe(byId.get(id));
    }
  });

  it('has a fixture folder for each rule and for nothing else', () => {
    const folders = subfolders(FIXTURES_ROOT).filter((name) => !NON_RULE_FIXTURE_FOLDERS.has(name));
    expect(folders).toEqual([...ids].sort());
  });

  it('uses only known rule ids in annotations', () => {
    const unknown: string[] = [];
    for (const folder of [...ids.map((id) => join(FIXTURES_ROOT, id)), ...subfolders(SCENARIOS_DIR).map((s) => join(SCENARIOS_DIR, s))]) {
      for (const file of listFiles(folder)) {
        const { expected, ok } = readAnnotations(folder, file);
        for (const a of [...expected, ...ok]) if (!byId.has(a.ruleId)) unknown.push(`${folder}/${file}:${a.line} ${a.ruleId}`);
      }
    }
    expect(unknown).toEqual([]);
  });

  it('has no sidecar without its file', () => {
    expect(orphanSidecars(FIXTURES_ROOT)).toEqual([]);
  });

  it('has scenario projects, each its own unit', () => {
    const scenarios = subfolders(SCENARIOS_DIR);
    expect(scenarios.length).toBeGreaterThanOrEqual(3);
    for (const scenario of scenarios) expect(listFiles(join(SCENARIOS_DIR, scenario)), scenario).toContain('package.json');
  });
});

const RELATIVE_IMPORT = /(\bfrom\s*|\brequire\(\s*)['"]\.\.?\//;

describe.each(ruleCases)('rule %s', (id, rule) => {
  it('imports nothing but the rule API', () => {
    const source = readFileSync(join(RULES_DIR, `${id}.ts`), 'utf8');
    // The compiler's own scanner, so import text inside docs samples (template strings) is not mistaken for an import.
    const specifiers = ts.preProcessFile(source, true, true).importedFiles.map((f) => f.fileName);
    expect(specifiers.length).toBeGreaterThan(0);
    expect(new Set(specifiers)).toEqual(new Set(['../src/rule-api.js']));
  });

  it('has complete metadata', () => {
    expect(rule.description).toMatch(/^[A-Z].*\.$/);
    expect(rule.description.replace(/`[^`]*`|\([^)]*\)/g, '')).not.toMatch(/\.\s+\S/);
    // shared-secret compares units across the repository; every other rule judges one file.
    expect(rule.scope).toBe(id === 'shared-secret' ? 'project' : 'file');
    if (rule.scope === 'project') expect(typeof rule.checkProject).toBe('function');
    expect(['high', 'medium', 'low']).toContain(rule.confidence);
    expect(rule.remediation.trim().length).toBeGreaterThan(40);
    for (const section of ['whyItMatters', 'incorrect', 'correct', 'remediation', 'limitations'] as const) {
      expect(rule.docs[section].trim(), `docs.${section}`).not.toBe('');
    }
    expect(rule.docs.incorrect).not.toBe(rule.docs.correct);
  });

  it('says how it reads in Python, Go, Java and C# (RULES.md "Other languages")', () => {
    const languages = rule.docs.languages ?? [];
    expect(languages.map((l) => l.language).sort()).toEqual(['C#', 'Go', 'Java', 'Python']);
    for (const l of languages) {
      expect(l.reading.trim(), `${l.language} reading`).toMatch(/\S.{20,}\.$/s);
      // Examples come in pairs: what is reported and the same code written safely.
      expect(l.incorrect === undefined, `${l.language}: incorrect and correct go together`).toBe(l.correct === undefined);
      if (l.incorrect !== undefined) expect(l.incorrect).not.toBe(l.correct);
    }
  });

  it('cites standards that exist', () => {
    const { nhi, csf, csf11, cwe } = rule.standards;
    expect(nhi.length).toBeGreaterThan(0);
    expect(csf.length).toBeGreaterThan(0);
    expect(cwe.length).toBeGreaterThan(0);
    for (const n of nhi) expect(Object.keys(NHI)).toContain(n);
    for (const c of csf) expect(Object.keys(CSF)).toContain(c);
    for (const c of cwe) expect(Object.keys(CWE)).toContain(c);
    for (const alias of csf11 ?? []) expect(alias).toMatch(/^(ID|PR|DE|RS|RC)\.[A-Z]{2}-\d+$/);
  });

  it('has a security-severity inside its severity band', () => {
    expect(rule.securitySeverity).toBeGreaterThanOrEqual(0.1);
    expect(rule.securitySeverity).toBeLessThanOrEqual(10);
    expect(bandOf(rule.securitySeverity)).toBe(rule.severity);
  });

  it('has messages with camelCase ids and named placeholders', () => {
    const entries = Object.entries(rule.messages);
    expect(entries.length).toBeGreaterThan(0);
    for (const [messageId, text] of entries) {
      expect(messageId).toMatch(/^[a-z][a-zA-Z0-9]*$/);
      expect(text.trim().length, messageId).toBeGreaterThan(30);
      const stripped = text.replace(/\{\{\s*[a-zA-Z][a-zA-Z0-9]*\s*\}\}/g, '');
      expect(stripped, `${messageId}: malformed placeholder`).not.toMatch(/\{\{|\}\}/);
      // One or two sentences: what is wrong, then what to do.
      const sentences = text.replace(/`[^`]*`|\([^)]*\)|e\.g\.|i\.e\./g, '').split(/[.!?](?:\s|$)/).filter((s) => s.trim() !== '');
      expect(sentences.length, `${messageId}: ${sentences.length} sentences`).toBeLessThanOrEqual(3);
    }
  });

  it('has references with https URLs and documented options', () => {
    expect(rule.references.length).toBeGreaterThan(0);
    for (const ref of rule.references) {
      expect(ref.title.trim()).not.toBe('');
      expect(() => new URL(ref.url)).not.toThrow();
      expect(ref.url).toMatch(/^https:\/\//);
    }
    for (const [name, option] of Object.entries(rule.options)) {
      expect(name).toMatch(/^[a-z][a-zA-Z0-9]*$/);
      expect(option.description.trim(), name).not.toBe('');
    }
  });
});

describe.each(ids)('fixtures of %s', (id) => {
  const root = join(FIXTURES_ROOT, id);

  // A project-scope rule's cases are whole repositories: the annotations are counted per
  // case folder (manifests and other files of a case need none of their own).
  const units = (kind: 'invalid' | 'valid') => {
    const base = join(root, kind);
    // A manifest or lockfile that carries no annotation of its own sets the scene for the
    // source files below it (the library version in scope) and is not a case of its own.
    const scenery = (file: string) => dependencyFileKind(file) !== null && readAnnotations(base, file).expected.length + readAnnotations(base, file).ok.length === 0;
    if (byId.get(id)?.scope !== 'project') {
      // A folder whose modules import each other (a wrapper and its callers) is one case: the
      // finding is where the caller acts, and the module it calls may hold none.
      // A .NET project folder (a `.csproj`) is one case too: its code and its appsettings files
      // configure one service (a JwtBearer scheme read from `Authentication:Schemes`).
      const modular = new Set(subfolders(base).filter((c) => listFiles(join(base, c)).some((f) => f.endsWith('.csproj') || RELATIVE_IMPORT.test(readFileSync(join(base, c, f), 'utf8')))));
      const folderOf = (file: string) => file.split('/')[0]!;
      return [
        ...listFiles(base)
          .filter((file) => !scenery(file) && !modular.has(folderOf(file)))
          .map((file) => ({ label: `${kind}/${file}`, base, files: [file] })),
        ...[...modular].map((c) => ({ label: `${kind}/${c}`, base: join(base, c), files: listFiles(join(base, c)) })),
      ];
    }
    return subfolders(base).map((c) => ({ label: `${kind}/${c}`, base: join(base, c), files: listFiles(join(base, c)) }));
  };

  it('has invalid files that each expect the rule', () => {
    const cases = units('invalid');
    expect(cases.length).toBeGreaterThan(0);
    for (const { label, base, files } of cases) {
      const expected = files.flatMap((file) => readAnnotations(base, file).expected);
      expect(expected.filter((a) => a.ruleId === id).length, label).toBeGreaterThan(0);
    }
  });

  it('has valid files of documented look-alikes that expect nothing of the rule', () => {
    const cases = units('valid');
    expect(cases.length).toBeGreaterThan(0);
    for (const { label, base, files } of cases) {
      const annotations = files.map((file) => readAnnotations(base, file));
      expect(annotations.flatMap((a) => a.expected).filter((a) => a.ruleId === id), label).toEqual([]);
      expect(annotations.flatMap((a) => a.ok).filter((a) => a.ruleId === id).length, `${label} documents no look-alike`).toBeGreaterThan(0);
    }
  });
});

describe('rule options', () => {
  it('long-expiry defaults to 24 hours', () => {
    expect(byId.get('long-expiry')?.options['maxExpiry']?.default).toBe('24h');
  });

  it('expiry-not-enforced defaults to a 300 second clock tolerance', () => {
    expect(byId.get('expiry-not-enforced')?.options['maxClockTolerance']?.default).toBe(300);
  });
});

/**
 * A doc sample is one file, or several introduced by `// file: path` (or `# file: path`)
 * lines, for rules that need a whole repository (shared-secret).
 */
function writeSample(dir: string, sample: string) {
  const marker = /^(?:\/\/|#) file: (\S+)\s*$/;
  if (!sample.split('\n').some((line) => marker.test(line))) {
    writeFileSync(join(dir, 'example.js'), sample);
    return;
  }
  let current: { path: string; lines: string[] } | null = null;
  const files: { path: string; lines: string[] }[] = [];
  for (const line of sample.split('\n')) {
    const m = marker.exec(line);
    if (m) files.push((current = { path: m[1]!, lines: [] }));
    else current?.lines.push(line);
  }
  for (const file of files) {
    mkdirSync(dirname(join(dir, file.path)), { recursive: true });
    writeFileSync(join(dir, file.path), `${file.lines.join('\n')}\n`);
  }
}

// Like ESLint's doc examples: the "incorrect" sample must trip the rule and the "correct" one must not.
describe.each(ruleCases)('docs examples of %s', (id, rule) => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  async function findingsFor(sample: string) {
    const dir = mkdtempSync(join(tmpdir(), `jwtlint-docs-${id}-`));
    dirs.push(dir);
    writeSample(dir, sample);
    const result = await scanFolder(dir);
    return result.findings.filter((f) => f.ruleId === id);
  }

  it('reports the incorrect example', async () => {
    expect((await findingsFor(rule.docs.incorrect)).length).toBeGreaterThan(0);
  });

  it('accepts the correct example', async () => {
    const findings = await findingsFor(rule.docs.correct);
    expect(findings.map((f) => `${f.location.line}: ${f.message}`)).toEqual([]);
  });
});

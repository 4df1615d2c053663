import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { rules as registry } from '../../rules/index.js';
import { ruleMetadata } from '../../src/engine/run.js';
import { githubSecuritySeverity } from '../../src/engine/security-severity.js';
import type { RunResult } from '../../src/engine/types.js';
import { buildSarifLog, MAX_RULE_TAGS, type SarifLog } from '../../src/report/sarif.js';
import { FIXTURES_ROOT, PROJECT_ROOT } from '../helpers/fixtures.js';
import { scanFolder } from '../helpers/scan.js';
import { sampleResult } from './sample-result.js';
import { expectValidSarif } from './sarif-schema.js';

const CORPUS = path.join(PROJECT_ROOT, '..', 'shared', 'corpus');

// GitHub's security-severity bands (STANDARDS.md §6).
const BANDS = { critical: [9.1, 10], high: [7, 8.9], medium: [4, 6.9], low: [0.1, 3.9] } as const;

describe('SARIF of the whole fixture set', () => {
  let result: RunResult;
  let log: SarifLog;

  beforeAll(async () => {
    result = await scanFolder(FIXTURES_ROOT);
    log = buildSarifLog(result, { sourceRoot: PROJECT_ROOT });
  }, 60_000);

  it('has many results and validates against the official schema', () => {
    expect(log.runs[0].results.length).toBeGreaterThan(200);
    expectValidSarif(log);
  });

  it('gives every result a GitHub line hash, the jwtlint fingerprint and a region', () => {
    const fingerprints = new Set<string>();
    for (const r of log.runs[0].results) {
      expect(r.partialFingerprints.primaryLocationLineHash, r.ruleId).toMatch(/^[0-9a-f]{1,16}:\d+$/);
      expect(r.partialFingerprints['jwtlint/v1']).toMatch(/^[0-9a-f]{32}$/);
      fingerprints.add(r.partialFingerprints['jwtlint/v1']!);
      const { region, artifactLocation } = r.locations[0]!.physicalLocation;
      expect(artifactLocation.uri.startsWith('fixtures/')).toBe(true);
      expect(region.startLine).toBeGreaterThan(0);
      expect(region.startColumn).toBeGreaterThan(0);
    }
    expect(fingerprints.size).toBe(log.runs[0].results.length);
  });

  it('links every related location from the message', () => {
    const withRelated = log.runs[0].results.filter((r) => r.relatedLocations);
    expect(withRelated.length).toBeGreaterThan(10);
    for (const r of withRelated) {
      for (const related of r.relatedLocations!) expect(r.message.text).toContain(`](${related.id})`);
    }
  });

  it('shows every production result on GitHub at its own severity, and no test-code result as a security alert', () => {
    const github = buildSarifLog(result, { sourceRoot: PROJECT_ROOT, severityVariants: true });
    expectValidSarif(github);
    const run = github.runs[0];
    const ids = new Set(registry.map((rule) => rule.id));
    const seen = { variant: 0, test: 0, plain: 0 };
    for (const r of run.results) {
      const descriptor = run.tool.driver.rules[r.ruleIndex!]!;
      expect(descriptor.id).toBe(r.ruleId);
      const [ruleId, variant] = r.ruleId.split('/');
      expect(ids.has(ruleId!), r.ruleId).toBe(true);
      const score = descriptor.properties['security-severity'];
      if (r.properties.tags.includes('test')) {
        expect([r.ruleId, r.level, score]).toEqual([`${ruleId}/test`, 'note', undefined]);
        seen.test++;
      } else {
        expect(githubSecuritySeverity(Number(score)), r.ruleId).toBe(r.properties.severity);
        seen[variant ? 'variant' : 'plain']++;
      }
    }
    expect(new Set(run.tool.driver.rules.map((d) => d.id)).size).toBe(run.tool.driver.rules.length);
    expect(seen.test).toBeGreaterThan(10);
    expect(seen.plain).toBeGreaterThan(50);
  });

  it('only refers to taxa the run declares', () => {
    const run = log.runs[0];
    const refs = [...run.results.flatMap((r) => r.taxa ?? []), ...run.tool.driver.rules.flatMap((rule) => rule.relationships.map((rel) => rel.target))];
    for (const ref of refs) expect(run.taxonomies[ref.toolComponent.index]!.taxa[ref.index]!.id).toBe(ref.id);
  });

  it.runIf(existsSync(CORPUS))('validates for every corpus case too', async () => {
    const cases = readdirSync(CORPUS).filter((name) => statSync(path.join(CORPUS, name)).isDirectory());
    for (const name of cases) expectValidSarif(buildSarifLog(await scanFolder(path.join(CORPUS, name))));
  }, 120_000);
});

describe('SARIF rule descriptors', () => {
  const result = sampleResult({ rules: registry.map((rule) => ruleMetadata(rule, 'https://github.com/jwtlint/jwtlint')), findings: [], notifications: [] });
  const log = buildSarifLog(result);
  const descriptors = log.runs[0].tool.driver.rules;

  it('exist for every rule of the registry and validate', () => {
    expect(descriptors.map((d) => d.id)).toEqual(registry.map((rule) => rule.id));
    expectValidSarif(log);
  });

  it.each(registry.map((rule) => [rule.id]))('%s has every field GitHub code scanning reads', (id) => {
    const d = descriptors.find((candidate) => candidate.id === id)!;
    const rule = registry.find((candidate) => candidate.id === id)!;
    expect(d.name).toMatch(/^[A-Z][A-Za-z0-9]+$/);
    expect(d.shortDescription.text.length).toBeGreaterThan(10);
    expect(d.shortDescription.text.length).toBeLessThanOrEqual(1024);
    expect(d.fullDescription.text.length).toBeGreaterThan(d.shortDescription.text.length);
    expect(d.fullDescription.text.length).toBeLessThanOrEqual(1024);
    expect(d.helpUri).toMatch(/^https:\/\//);
    expect(d.defaultConfiguration.level).toMatch(/^(error|warning|note)$/);

    // help: the rule docs with remediation and references
    expect(d.help.text).toContain(rule.docs.remediation.trim());
    for (const heading of ['Why it matters', 'Incorrect', 'Correct', 'Remediation', 'Limitations', 'Standards', 'References']) {
      expect(d.help.markdown, heading).toContain(`## ${heading}\n`);
    }
    for (const reference of rule.references) expect(d.help.markdown).toContain(`](${reference.url})`);

    // tags: `security` first (GitHub files the alert under security), CWE in GitHub's form, at most 10
    const { tags } = d.properties;
    expect(tags[0]).toBe('security');
    expect(tags.length).toBeLessThanOrEqual(MAX_RULE_TAGS);
    expect(tags.filter((tag) => /^external\/cwe\/cwe-\d{3,}$/.test(tag)).length).toBeGreaterThan(0);
    for (const cwe of rule.standards.cwe) expect(tags).toContain(`external/cwe/cwe-${cwe.slice(4).padStart(3, '0')}`);
    expect(tags.some((tag) => tag.startsWith('external/owasp-nhi-2025/'))).toBe(true);
    expect(tags.some((tag) => tag.startsWith('external/nist-csf-2.0/'))).toBe(true);

    // security-severity: a numeric string in the band of the rule's severity; precision from GitHub's set
    const score = d.properties['security-severity'];
    expect(score).toMatch(/^\d{1,2}\.\d$/);
    const [low, high] = BANDS[rule.severity];
    expect(Number(score)).toBeGreaterThanOrEqual(low);
    expect(Number(score)).toBeLessThanOrEqual(high);
    expect(['very-high', 'high', 'medium', 'low']).toContain(d.properties.precision);
    expect(d.relationships.length).toBe(rule.standards.cwe.length + rule.standards.nhi.length + rule.standards.csf.length);
  });
});

import { describe, expect, it } from 'vitest';
import { githubSecuritySeverity, securitySeverityIn } from '../../src/engine/security-severity.js';
import type { Finding, RunResult } from '../../src/engine/types.js';
import { buildSarifLog, formatSarif, type SarifLog } from '../../src/report/sarif.js';
import { RAW_SECRET, RAW_TOKEN, sampleResult as rawSampleResult } from './sample-result.js';
import { expectValidSarif, sarifValidator } from './sarif-schema.js';

/** What the GitHub Action asks for: a descriptor per severity band used, and one for test code. */
const GITHUB = { severityVariants: true } as const;

/** The sample run, with each rule's score in the band of its severity as the registry has it (a test checks that). */
function sampleResult(overrides: Partial<RunResult> = {}): RunResult {
  const result = rawSampleResult(overrides);
  if (!overrides.rules) result.rules = result.rules.map((rule) => ({ ...rule, securitySeverity: securitySeverityIn(rule.severity, rule.securitySeverity) }));
  return result;
}

/** What GitHub code scanning shows for a result: the security severity of the descriptor it points at. */
function githubView(log: SarifLog) {
  const run = log.runs[0];
  return run.results.map((r) => {
    const descriptor = run.tool.driver.rules[r.ruleIndex!]!;
    expect(descriptor.id).toBe(r.ruleId);
    const score = descriptor.properties['security-severity'];
    return { ruleId: r.ruleId, level: r.level, shown: score === undefined ? r.level : githubSecuritySeverity(Number(score)) };
  });
}

describe('formatSarif', () => {
  const text = formatSarif(sampleResult(), GITHUB);
  const log = JSON.parse(text);
  const run = log.runs[0];

  it('validates against the official SARIF 2.1.0 schema', () => {
    expectValidSarif(log);
    expectValidSarif(JSON.parse(formatSarif(sampleResult({ findings: [], notifications: [], internalError: true }))));
  });

  it('rejects a broken log, so the schema check has teeth', () => {
    const broken = structuredClone(log);
    broken.runs[0].results[0].level = 'critical';
    expect(sarifValidator()(broken)).toBe(false);
  });

  it('describes the tool from the run result, with one category per analysis', () => {
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    const { driver } = run.tool;
    expect(driver.name).toBe('jwtlint');
    expect(driver.version).toBe('9.8.7');
    expect(driver.semanticVersion).toBe('9.8.7');
    expect(driver.informationUri).toBe('https://github.com/jwtlint/jwtlint');
    expect(run.originalUriBaseIds.SRCROOT.uri).toBe('file:///work/sample%20project/');
    expect(run.columnKind).toBe('utf16CodeUnits');
    expect(run.automationDetails).toEqual({ id: 'jwtlint/' });
    expect(buildSarifLog(sampleResult(), { category: 'jwtlint-api' }).runs[0].automationDetails).toEqual({ id: 'jwtlint-api/' });
  });

  it('lists rules with names, help, levels, standards tags and taxonomy relationships', () => {
    const rules = run.tool.driver.rules;
    expect(rules.map((rule: { id: string }) => rule.id)).toEqual(['hardcoded-secret', 'hardcoded-token', 'no-expiry', 'unpinned-algorithm', 'unpinned-algorithm/test']);
    expect(rules[0]).toMatchObject({
      id: 'hardcoded-secret',
      name: 'HardcodedSecret',
      shortDescription: { text: 'JWT key material written into the repository.' },
      fullDescription: { text: 'JWT key material written into the repository. Anyone who can read the repository can mint tokens.' },
      helpUri: 'https://github.com/jwtlint/jwtlint/blob/main/docs/rules/hardcoded-secret.md',
      defaultConfiguration: { level: 'error' },
      properties: {
        'security-severity': '8.9',
        precision: 'high',
        tags: ['security', 'external/cwe/cwe-798', 'external/cwe/cwe-321', 'external/owasp-nhi-2025/nhi2', 'external/nist-csf-2.0/pr.aa-01', 'external/nist-csf-2.0/pr.ds-01'],
      },
    });
    expect(rules[0].relationships).toEqual([
      { target: { id: 'CWE-798', index: 0, toolComponent: { name: 'CWE', index: 0 } }, kinds: ['relevant'] },
      { target: { id: 'CWE-321', index: 1, toolComponent: { name: 'CWE', index: 0 } }, kinds: ['relevant'] },
      { target: { id: 'NHI2:2025', index: 0, toolComponent: { name: 'OWASP NHI Top 10', index: 1 } }, kinds: ['relevant'] },
      { target: { id: 'PR.AA-01', index: 0, toolComponent: { name: 'NIST CSF', index: 2 } }, kinds: ['relevant'] },
      { target: { id: 'PR.DS-01', index: 1, toolComponent: { name: 'NIST CSF', index: 2 } }, kinds: ['relevant'] },
    ]);
    expect(rules[2].defaultConfiguration.level).toBe('warning');
    expect(rules[3].properties.precision).toBe('medium');
  });

  it('renders help from the rule docs: markdown with code, remediation, standards and references', () => {
    const { help } = run.tool.driver.rules[0];
    for (const heading of ['Why it matters', 'Incorrect', 'Correct', 'Remediation', 'Limitations', 'Standards', 'References', 'Suppressing a finding']) {
      expect(help.markdown).toContain(`## ${heading}\n`);
      expect(help.text).toContain(`${heading}\n`);
    }
    expect(help.markdown).toContain("```ts\nconst SECRET = 'dev-secret';\njwt.sign(payload, SECRET);\n```");
    expect(help.markdown).toContain('Load the key at startup from a secret manager and rotate the committed one.');
    expect(help.markdown).toContain('[RFC 8725 §3.5](https://www.rfc-editor.org/rfc/rfc8725#section-3.5)');
    expect(help.markdown).toContain('[CWE-798: Use of Hard-coded Credentials](https://cwe.mitre.org/data/definitions/798.html)');
    expect(help.markdown).toContain('[NHI2:2025 Secret Leakage](https://owasp.org/www-project-non-human-identities-top-10/2025/2-secret-leakage/)');
    expect(help.text).toContain('RFC 8725 §3.5: https://www.rfc-editor.org/rfc/rfc8725#section-3.5');
    // Without docs, help still carries the remediation and the standards.
    const bare = run.tool.driver.rules[2].help;
    expect(bare.markdown).toContain("## Remediation\n\nPass expiresIn, e.g. '15m'.");
    expect(bare.markdown).toContain('CWE-613');
  });

  it('declares the CWE, OWASP NHI and NIST CSF taxonomies with only the entries in use', () => {
    expect(run.tool.driver.supportedTaxonomies).toEqual([
      { name: 'CWE', index: 0 },
      { name: 'OWASP NHI Top 10', index: 1 },
      { name: 'NIST CSF', index: 2 },
    ]);
    const [cwe, nhi, csf] = run.taxonomies;
    expect(cwe.taxa.map((t: { id: string }) => t.id)).toEqual(['CWE-798', 'CWE-321', 'CWE-522', 'CWE-613', 'CWE-757', 'CWE-347']);
    expect(cwe.taxa[0]).toEqual({
      id: 'CWE-798',
      name: 'Use of Hard-coded Credentials',
      shortDescription: { text: 'Use of Hard-coded Credentials' },
      helpUri: 'https://cwe.mitre.org/data/definitions/798.html',
    });
    expect(nhi).toMatchObject({ name: 'OWASP NHI Top 10', version: '2025', organization: 'OWASP' });
    expect(nhi.taxa.map((t: { id: string }) => t.id)).toEqual(['NHI2:2025', 'NHI7:2025', 'NHI4:2025']);
    expect(csf).toMatchObject({ name: 'NIST CSF', version: '2.0' });
    expect(csf.taxa[0]).toEqual({
      id: 'PR.AA-01',
      shortDescription: { text: 'Identities and credentials for authorized users, services, and hardware are managed by the organization' },
    });
  });

  it('maps findings to results with locations, fingerprints, taxa and levels', () => {
    expect(run.results.map((r: { ruleId: string; ruleIndex: number; level: string }) => [r.ruleId, r.ruleIndex, r.level])).toEqual([
      ['hardcoded-token', 1, 'warning'],
      ['hardcoded-secret', 0, 'error'],
      ['no-expiry', 2, 'warning'],
      ['unpinned-algorithm/test', 4, 'note'],
    ]);
    const secret = run.results[1];
    expect(secret.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'src/config.js', uriBaseId: 'SRCROOT' },
      region: { startLine: 3, startColumn: 24, endLine: 3, endColumn: 42 },
    });
    expect(secret.partialFingerprints).toEqual({ primaryLocationLineHash: '3f2a9c1b7d0e4a55:1', 'jwtlint/v1': 'a1b2c3d4e5f60718' });
    expect(run.results[0].partialFingerprints).toEqual({ 'jwtlint/v1': 'ffeeddccbbaa0011' });
    expect(secret.taxa.map((t: { id: string }) => t.id)).toEqual(['CWE-798', 'CWE-321', 'NHI2:2025', 'PR.AA-01', 'PR.DS-01']);
    expect(secret.properties).toMatchObject({ severity: 'high', confidence: 'high', evidence: { kind: 'secret', preview: 'shh***', length: 16 } });
    expect(secret).not.toHaveProperty('suppressions');
    expect(secret).not.toHaveProperty('baselineState');
  });

  it('links related locations from the message with [text](id)', () => {
    const secret = run.results[1];
    expect(secret.message.text).toBe('This JWT secret is written in the source code. Related: [The secret signs tokens here.](1).');
    expect(secret.relatedLocations).toEqual([
      {
        id: 1,
        physicalLocation: {
          artifactLocation: { uri: 'src/auth.js', uriBaseId: 'SRCROOT' },
          region: { startLine: 4, startColumn: 10, endLine: 4, endColumn: 51 },
        },
        message: { text: 'The secret signs tokens here.' },
      },
    ]);
    expect(run.results[2].message.text).toBe('This token never expires.');
    // Literal brackets are escaped once the message carries links (SARIF §3.11.6).
    const result = sampleResult();
    result.findings = [{ ...result.findings[1]!, message: "Pins ['none'] here.", relatedLocations: [{ location: result.findings[1]!.location, label: 'a [b]' }] }];
    expect(buildSarifLog(result).runs[0].results[0]!.message.text).toBe("Pins \\['none'\\] here. Related: [a \\[b\\]](1).");
  });

  it('encodes paths as URIs and tags test code', () => {
    expect(run.results[3].ruleId).toBe('unpinned-algorithm/test');
    const inTest = run.results[3];
    expect(inTest.locations[0].physicalLocation.artifactLocation.uri).toBe('test/my%20dir/auth.test.js');
    expect(inTest.properties.tags).toContain('test');
    expect(run.results[1].properties.tags).not.toContain('test');
  });

  it('makes URIs relative to the repository root when a subfolder was scanned', () => {
    const nested = buildSarifLog(sampleResult({ root: '/work/repo/services/api' }), { sourceRoot: '/work/repo' }).runs[0];
    expect(nested.originalUriBaseIds.SRCROOT!.uri).toBe('file:///work/repo/');
    expect(nested.results[1]!.locations[0]!.physicalLocation.artifactLocation.uri).toBe('services/api/src/config.js');
    expect(nested.results[1]!.relatedLocations![0]!.physicalLocation.artifactLocation.uri).toBe('services/api/src/auth.js');
    const outside = buildSarifLog(sampleResult({ root: '/elsewhere' }), { sourceRoot: '/work/repo' }).runs[0];
    expect(outside.originalUriBaseIds.SRCROOT!.uri).toBe('file:///elsewhere/');
    expect(outside.results[1]!.locations[0]!.physicalLocation.artifactLocation.uri).toBe('src/config.js');
  });

  it('reports notifications with descriptors and whether the run succeeded', () => {
    expect(run.invocations[0].executionSuccessful).toBe(true);
    expect(run.tool.driver.notifications).toEqual([
      { id: 'rule-error', shortDescription: { text: 'A rule failed on a file.' } },
      { id: 'unparsable', shortDescription: { text: 'A file could not be parsed, or only in part.' } },
    ]);
    expect(run.invocations[0].toolExecutionNotifications).toEqual([
      {
        level: 'warning',
        message: { text: 'Cannot parse this file: Unexpected token (3:7).' },
        descriptor: { id: 'unparsable', index: 1 },
        locations: [{ physicalLocation: { artifactLocation: { uri: 'src/broken.ts', uriBaseId: 'SRCROOT' } } }],
      },
      {
        level: 'error',
        message: { text: 'Rule crashed on this file.' },
        descriptor: { id: 'rule-error', index: 0 },
        locations: [{ physicalLocation: { artifactLocation: { uri: 'src/auth.js', uriBaseId: 'SRCROOT' } } }],
        associatedRule: { id: 'no-expiry', index: 2 },
      },
    ]);
    expect(run.invocations[0].toolConfigurationNotifications).toEqual([]);
    expect(buildSarifLog(sampleResult({ internalError: true })).runs[0].invocations[0].executionSuccessful).toBe(false);
  });

  it('puts configuration notifications apart and gives suppression problems their line', () => {
    const log = buildSarifLog(
      sampleResult({
        notifications: [
          { kind: 'config', level: 'warning', file: '.jwtlintrc.js', message: '.jwtlintrc.js is ignored.' },
          { kind: 'unused-suppression', level: 'warning', file: 'src/a.js', line: 7, ruleId: 'no-expiry', message: 'unused' },
        ],
      }),
    );
    expectValidSarif(log);
    const invocation = log.runs[0].invocations[0];
    expect(invocation.toolConfigurationNotifications.map((n) => n.descriptor.id)).toEqual(['config']);
    expect(invocation.toolExecutionNotifications[0]).toEqual({
      level: 'warning',
      message: { text: 'unused' },
      descriptor: { id: 'unused-suppression', index: 1 },
      locations: [{ physicalLocation: { artifactLocation: { uri: 'src/a.js', uriBaseId: 'SRCROOT' }, region: { startLine: 7 } } }],
      associatedRule: { id: 'no-expiry', index: 2 },
    });
  });

  it('marks suppressed results with an inSource suppression and leaves baselined ones out unless asked', () => {
    const result = sampleResult();
    const [token, secret, noExpiry, unpinned] = result.findings as [Finding, Finding, Finding, Finding];
    result.findings = [
      { ...token, baselineState: 'unchanged' },
      { ...secret, baselineState: 'new', suppression: { kind: 'inSource', reason: 'local fixture, never deployed', location: { file: 'src/config.js', line: 2 } } },
      { ...noExpiry, baselineState: 'new' },
      unpinned,
    ];
    const log = buildSarifLog(result);
    expectValidSarif(log);
    const results = log.runs[0].results;
    // GitHub reads neither baselineState nor suppressions: a baselined result would be an open alert.
    expect(results.map((r) => r.ruleId)).toEqual(['hardcoded-secret', 'no-expiry', 'unpinned-algorithm']);
    expect(results.map((r) => r.baselineState)).toEqual(['new', 'new', undefined]);
    expect(log.runs[0].properties).toEqual({ omitted: { suppressed: 0, baselined: 1 } });
    expect(results[0]!.suppressions).toEqual([
      {
        kind: 'inSource',
        status: 'accepted',
        justification: 'local fixture, never deployed',
        location: { physicalLocation: { artifactLocation: { uri: 'src/config.js', uriBaseId: 'SRCROOT' }, region: { startLine: 2 } } },
      },
    ]);

    const all = buildSarifLog(result, { includeBaselined: true });
    expectValidSarif(all);
    expect(all.runs[0].results.map((r) => r.baselineState)).toEqual(['unchanged', 'new', 'new', undefined]);
    expect(all.runs[0].results[0]!.suppressions).toEqual([
      { kind: 'external', status: 'accepted', justification: 'In the jwtlint baseline: accepted when the baseline was written.' },
    ]);
    expect(all.runs[0]).not.toHaveProperty('properties');

    const omitted = buildSarifLog(result, { omitSuppressed: true });
    expect(omitted.runs[0].results.map((r) => r.ruleId)).toEqual(['no-expiry', 'unpinned-algorithm']);
    expect(omitted.runs[0].properties).toEqual({ omitted: { suppressed: 1, baselined: 1 } });
    expect(buildSarifLog(result, { omitSuppressed: true, includeBaselined: true }).runs[0].results.map((r) => r.ruleId)).toEqual([
      'hardcoded-token',
      'no-expiry',
      'unpinned-algorithm',
    ]);
  });

  it('never contains a raw secret or token', () => {
    expect(text).not.toContain(RAW_SECRET);
    expect(text).not.toContain(RAW_TOKEN);
  });
});

describe('SARIF rule ids by default', () => {
  it('are the public rule ids for every result: variants only when asked (the GitHub Action asks)', () => {
    const result = sampleResult();
    const secret = result.findings[1]!;
    result.findings = [{ ...secret, severity: 'critical', severityReason: 'the key signs tokens for three services' }, ...result.findings];
    const log = buildSarifLog(result);
    expectValidSarif(log);
    const ids = new Set(result.rules.map((rule) => rule.id));
    expect(log.runs[0].results.every((r) => ids.has(r.ruleId))).toBe(true);
    expect(log.runs[0].tool.driver.rules.map((rule) => rule.id)).toEqual(result.rules.map((rule) => rule.id));
    expect(log.runs[0].results[0]!.properties).toMatchObject({ severity: 'critical', 'security-severity': '9.1' });
  });
});

describe('SARIF as GitHub code scanning shows it', () => {
  it('shows a critical result as critical, with the public rule id as the leading part of its id', () => {
    const result = sampleResult();
    const secret = result.findings[1]!;
    result.findings = [{ ...secret, severity: 'critical', severityReason: 'the key signs tokens for three services' }, secret];
    const log = buildSarifLog(result, GITHUB);
    expectValidSarif(log);
    expect(githubView(log)).toEqual([
      { ruleId: 'hardcoded-secret/critical', level: 'error', shown: 'critical' },
      { ruleId: 'hardcoded-secret', level: 'error', shown: 'high' },
    ]);
    const variant = log.runs[0].tool.driver.rules.find((rule) => rule.id === 'hardcoded-secret/critical')!;
    const base = log.runs[0].tool.driver.rules[0]!;
    expect(variant.properties).toMatchObject({ 'security-severity': '9.1', severity: 'critical', rule: 'hardcoded-secret', variant: 'critical', tags: base.properties.tags, precision: 'high' });
    expect(variant).toMatchObject({ name: base.name, shortDescription: base.shortDescription, fullDescription: base.fullDescription, helpUri: base.helpUri, relationships: base.relationships });
    expect(variant.defaultConfiguration.level).toBe('error');
    expect(variant.help.markdown).toMatch(/^Results of `hardcoded-secret` rated critical in their context/);
    expect(variant.help.markdown).toContain(base.help.markdown);
    expect(log.runs[0].results[0]!.properties).toMatchObject({ severity: 'critical', 'security-severity': '9.1', severityReason: 'the key signs tokens for three services' });
  });

  it('gives estate-rated findings of one rule their own bands, one descriptor per band used, in a stable order', () => {
    const result = sampleResult();
    const secret = result.findings[1]!;
    const at = (line: number) => ({ ...secret.location, line, endLine: line });
    result.findings = [
      { ...secret, severity: 'low', location: at(10), fingerprint: 'l1' },
      { ...secret, severity: 'medium', location: at(11), fingerprint: 'm1' },
      { ...secret, severity: 'low', location: at(12), fingerprint: 'l2' },
      { ...secret, location: at(13), fingerprint: 'h1' },
      { ...result.findings[2]!, severity: 'critical' },
    ];
    const log = buildSarifLog(result, GITHUB);
    expectValidSarif(log);
    expect(log.runs[0].tool.driver.rules.map((rule) => rule.id)).toEqual([
      'hardcoded-secret',
      'hardcoded-token',
      'no-expiry',
      'unpinned-algorithm',
      'hardcoded-secret/medium',
      'hardcoded-secret/low',
      'no-expiry/critical',
    ]);
    expect(githubView(log).map((view) => `${view.ruleId}:${view.shown}`)).toEqual([
      'hardcoded-secret/low:low',
      'hardcoded-secret/medium:medium',
      'hardcoded-secret/low:low',
      'hardcoded-secret:high',
      'no-expiry/critical:critical',
    ]);
    expect(log.runs[0].results.map((r) => r.level)).toEqual(['note', 'warning', 'note', 'error', 'error']);
    // The same input gives the same log (GitHub matches alerts across runs by rule id and fingerprint).
    expect(formatSarif(result, GITHUB)).toBe(formatSarif(structuredClone(result), GITHUB));
  });

  it('shows test-code findings as notes outside the security ranking, whatever their severity', () => {
    const result = sampleResult();
    const secret = result.findings[1]!;
    result.findings = [
      { ...secret, inTestCode: true, severity: 'critical' },
      { ...secret, inTestCode: true, location: { ...secret.location, line: 9, endLine: 9 }, fingerprint: 'other' },
    ];
    const log = buildSarifLog(result, GITHUB);
    expectValidSarif(log);
    expect(githubView(log)).toEqual([
      { ruleId: 'hardcoded-secret/test', level: 'note', shown: 'note' },
      { ruleId: 'hardcoded-secret/test', level: 'note', shown: 'note' },
    ]);
    const variant = log.runs[0].tool.driver.rules.at(-1)!;
    expect(variant.id).toBe('hardcoded-secret/test');
    expect(variant.properties).not.toHaveProperty('security-severity');
    expect(variant.properties.tags).toContain('test');
    expect(variant.properties.tags.length).toBeLessThanOrEqual(10);
    expect(variant.defaultConfiguration.level).toBe('note');
    // The finding's own rating stays on the result.
    expect(log.runs[0].results[0]!.properties).toMatchObject({ severity: 'critical', tags: expect.arrayContaining(['test']) });
  });

  it('needs no variant when the rule is not in the run, and keeps the rule index of notifications', () => {
    const result = sampleResult();
    result.findings = [{ ...result.findings[1]!, ruleId: 'unknown-rule', inTestCode: true }];
    const log = buildSarifLog(result, GITHUB);
    expectValidSarif(log);
    expect(log.runs[0].results[0]).toMatchObject({ ruleId: 'unknown-rule', level: 'note' });
    expect(log.runs[0].results[0]).not.toHaveProperty('ruleIndex');
    expect(log.runs[0].tool.driver.rules).toHaveLength(4);
  });
});

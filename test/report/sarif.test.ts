import { readFileSync } from 'node:fs';
import ajvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { buildSarifLog, formatSarif } from '../../src/report/sarif.js';
import { RAW_SECRET, RAW_TOKEN, sampleResult } from './sample-result.js';

// The official OASIS schema is written in JSON Schema draft-04 (its `$schema` says so),
// which Ajv's default draft-07 class refuses; ajv-draft-04 is Ajv for that draft.
const schema = JSON.parse(readFileSync(new URL('./sarif-schema-2.1.0.json', import.meta.url), 'utf8'));
// Both packages are CommonJS with `exports.default`, which is what NodeNext types see.
const ajv = new ajvDraft04.default({ allErrors: true, strict: false });
ajvFormats.default(ajv);
const validate = ajv.compile(schema);

function expectValid(log: unknown): void {
  const valid = validate(log);
  expect(validate.errors ?? []).toEqual([]);
  expect(valid).toBe(true);
}

describe('formatSarif', () => {
  const text = formatSarif(sampleResult());
  const log = JSON.parse(text);
  const run = log.runs[0];

  it('validates against the official SARIF 2.1.0 schema', () => {
    expect(schema.$schema).toBe('http://json-schema.org/draft-04/schema#');
    expectValid(log);
    expectValid(JSON.parse(formatSarif(sampleResult({ findings: [], notifications: [], internalError: true }))));
  });

  it('rejects a broken log, so the schema check has teeth', () => {
    const broken = structuredClone(log);
    broken.runs[0].results[0].level = 'critical';
    expect(validate(broken)).toBe(false);
  });

  it('describes the tool from the run result', () => {
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
  });

  it('lists rules with names, help, levels and standards tags', () => {
    const rules = run.tool.driver.rules;
    expect(rules.map((rule: { id: string }) => rule.id)).toEqual(['hardcoded-secret', 'hardcoded-token', 'no-expiry', 'unpinned-algorithm']);
    expect(rules[0]).toMatchObject({
      id: 'hardcoded-secret',
      name: 'HardcodedSecret',
      shortDescription: { text: 'JWT key material written into the repository.' },
      helpUri: 'https://github.com/jwtlint/jwtlint/blob/main/docs/rules/hardcoded-secret.md',
      defaultConfiguration: { level: 'error' },
      properties: {
        'security-severity': '9.1',
        precision: 'high',
        tags: ['security', 'external/cwe/cwe-798', 'external/cwe/cwe-321', 'external/owasp-nhi-2025/nhi2', 'external/nist-csf-2.0/pr.aa-01', 'external/nist-csf-2.0/pr.ds-01'],
      },
    });
    expect(rules[0].help.text).toContain('Load the key from the environment or a secret manager.');
    expect(rules[0].help.text).toContain('OWASP NHI2:2025');
    expect(rules[2].defaultConfiguration.level).toBe('warning');
    expect(rules[3].properties.precision).toBe('medium');
  });

  it('maps findings to results with locations, fingerprints and levels', () => {
    expect(run.results.map((r: { ruleId: string; ruleIndex: number; level: string }) => [r.ruleId, r.ruleIndex, r.level])).toEqual([
      ['hardcoded-token', 1, 'warning'],
      ['hardcoded-secret', 0, 'error'],
      ['no-expiry', 2, 'warning'],
      ['unpinned-algorithm', 3, 'note'],
    ]);
    const secret = run.results[1];
    expect(secret.message.text).toBe('This JWT secret is written in the source code.');
    expect(secret.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'src/config.js', uriBaseId: 'SRCROOT' },
      region: { startLine: 3, startColumn: 24, endLine: 3, endColumn: 42 },
    });
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
    expect(secret.partialFingerprints).toEqual({ 'jwtlint/v1': 'a1b2c3d4e5f60718' });
    expect(secret.properties).toMatchObject({ severity: 'high', confidence: 'high', evidence: { kind: 'secret', preview: 'shh***', length: 16 } });
  });

  it('encodes paths as URIs and tags test code', () => {
    const inTest = run.results[3];
    expect(inTest.locations[0].physicalLocation.artifactLocation.uri).toBe('test/my%20dir/auth.test.js');
    expect(inTest.properties.tags).toContain('test');
    expect(run.results[1].properties.tags).not.toContain('test');
  });

  it('reports notifications and whether the run succeeded', () => {
    expect(run.invocations[0].executionSuccessful).toBe(true);
    expect(run.invocations[0].toolExecutionNotifications).toEqual([
      {
        level: 'warning',
        message: { text: 'Cannot parse this file: Unexpected token (3:7).' },
        descriptor: { id: 'unparsable' },
        locations: [{ physicalLocation: { artifactLocation: { uri: 'src/broken.ts', uriBaseId: 'SRCROOT' } } }],
      },
      {
        level: 'error',
        message: { text: 'Rule crashed on this file.' },
        descriptor: { id: 'rule-error' },
        locations: [{ physicalLocation: { artifactLocation: { uri: 'src/auth.js', uriBaseId: 'SRCROOT' } } }],
        associatedRule: { id: 'no-expiry', index: 2 },
      },
    ]);
    expect(buildSarifLog(sampleResult({ internalError: true })).runs[0].invocations[0].executionSuccessful).toBe(false);
  });

  it('never contains a raw secret or token', () => {
    expect(text).not.toContain(RAW_SECRET);
    expect(text).not.toContain(RAW_TOKEN);
  });
});

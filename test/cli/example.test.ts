import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listFiles, readAnnotations } from '../helpers/annotations.js';
import { PROJECT_ROOT, assertBuilt, jwtlint } from './helpers/run-jwtlint.js';

const EXAMPLE = path.join(PROJECT_ROOT, 'fixtures', 'examples', 'express-api');

interface SarifResult {
  ruleId: string;
  locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
}

// The README's first command, checked against the example's own `expect:` annotations
// through the SARIF file, the way the benchmark reads it.
describe('fixtures/examples/express-api', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'jwtlint-example-'));
  const sarifFile = path.join(work, 'example.sarif');
  let status: number | null;
  let actual: string[];

  beforeAll(() => {
    assertBuilt();
    status = jwtlint(['scan', EXAMPLE, '--format', 'sarif', '--output', sarifFile]).status;
    const run = JSON.parse(readFileSync(sarifFile, 'utf8')).runs[0];
    const results: SarifResult[] = run.results;
    // URIs are relative to SRCROOT (the repository root), as code scanning expects.
    const base = fileURLToPath(run.originalUriBaseIds.SRCROOT.uri);
    actual = results
      .map((r) => {
        const location = r.locations[0]!.physicalLocation;
        const file = path.relative(EXAMPLE, path.join(base, decodeURIComponent(location.artifactLocation.uri))).split(path.sep).join('/');
        return `${file}:${location.region.startLine}:${r.ruleId}`;
      })
      .sort();
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('reports exactly the annotated findings', () => {
    const expected = listFiles(EXAMPLE)
      .flatMap((file) => {
        const annotations = readAnnotations(EXAMPLE, file);
        expect(annotations.problems, file).toEqual([]);
        return annotations.expected.map((a) => `${file}:${a.line}:${a.ruleId}`);
      })
      .sort();
    expect(expected.length).toBeGreaterThan(5);
    expect(actual).toEqual(expected);
  });

  it('exits 1 because it has findings', () => {
    expect(status).toBe(1);
  });

  it('prints a readable text report', () => {
    const run = jwtlint(['scan', 'fixtures/examples/express-api']);
    expect(run.stdout).toMatch(/^src\/config\.js:4:\d+: high: .* \[hardcoded-secret\]$/m);
    expect(run.stdout).not.toContain('keyboard cat');
  });
});

import { describe, expect, it } from 'vitest';
import { formatBaseline } from '../../src/engine/baseline.js';
import type { RunResult } from '../../src/engine/types.js';
import { estateFile } from '../../src/estate/estate-file.js';
import { mergeEstates } from '../../src/estate/merge.js';
import { formatMergeJson, formatMergeSarif, formatMergeText } from '../../src/report/estate-merge.js';
import { isPreviousOutput, RECOGNITION_BYTES, type OutputKind } from '../../src/own-files/previous-output.js';
import { formatCodeQuality } from '../../src/report/codequality.js';
import { formatGitlab } from '../../src/report/gitlab.js';
import { formatHtml } from '../../src/report/html.js';
import { formatMergeHtml } from '../../src/report/estate-merge-html.js';
import { formatJson } from '../../src/report/json.js';
import { formatSarif } from '../../src/report/sarif.js';
import { formatText } from '../../src/report/text.js';
import { readSampleSource, sampleResult } from '../report/sample-result.js';

const KINDS: OutputKind[] = ['json', 'sarif', 'gitlab', 'codequality', 'text', 'baseline', 'estate', 'html'];

/** What jwtlint writes for each kind, in the variants a run can produce. */
function outputs(result: RunResult): Record<OutputKind, string[]> {
  const text = (quiet: boolean, showSuppressed = false) => formatText(result, { color: false, readSource: readSampleSource, quiet, showSuppressed });
  const estate = (keyId?: string) => `${JSON.stringify(estateFile({ estate: result.estate, repository: { name: 'api' }, version: '0.1.0', ...(keyId && { keyId }) }), null, 2)}\n`;
  // `jwtlint estate merge` writes json, sarif and text reports that must be replaceable too.
  const merged = mergeEstates([{ source: 'a.json', estate: JSON.parse(estate('0123456789abcdef')) }], '0123456789abcdef');
  return {
    json: [formatJson(result), formatJson(result, { omitSuppressed: true }), formatMergeJson(merged, result.tool)],
    sarif: [formatSarif(result, { sourceRoot: '/work', category: 'jwtlint' }), formatSarif(result, { omitSuppressed: true }), formatMergeSarif(merged, result.tool)],
    gitlab: [formatGitlab(result)],
    codequality: [formatCodeQuality(result), formatCodeQuality({ ...result, findings: [] })],
    text: [text(false), text(true), text(false, true), formatText({ ...result, findings: [] }, { color: false, quiet: false, showSuppressed: false }), formatMergeText(merged)],
    baseline: [formatBaseline(result.findings), formatBaseline([])],
    estate: [estate(), estate('0123456789abcdef')],
    html: [formatHtml(result, { readSource: readSampleSource }), formatHtml({ ...result, findings: [] }), formatMergeHtml(merged, result.tool)],
  };
}

/** Head and tail as the writer reads them. */
function ends(text: string): [string, string] {
  return [text.slice(0, RECOGNITION_BYTES), text.slice(-RECOGNITION_BYTES)];
}

describe('isPreviousOutput', () => {
  const written = outputs(sampleResult());
  // A long report: the marks are found at the ends, whatever lies between.
  const many = sampleResult();
  const long = outputs({ ...many, findings: Array.from({ length: 200 }, () => many.findings).flat() });

  it.each(KINDS)('recognises every %s output jwtlint writes as its own kind, and as no other', (kind) => {
    for (const text of [...written[kind], ...long[kind]]) {
      expect(text.length).toBeGreaterThan(0);
      for (const other of KINDS) expect([other, isPreviousOutput(other, ...ends(text))]).toEqual([other, other === kind]);
    }
  });

  it.each([
    ['package.json', '{\n  "name": "jwtlint",\n  "version": "1.0.0"\n}\n'],
    ['a JSON object naming jwtlint elsewhere', '{ "tool": { "name": "jwtlint" }, "reportVersion": 1 }'],
    ['another SARIF tool', '{ "$schema": "x", "version": "2.1.0", "runs": [ { "tool": { "driver": { "name": "eslint" } } } ] }'],
    ['a README', '# jwtlint\n\nNo findings (3 files scanned) is what you want to see.\n\nThanks.\n'],
    ['shell history', 'ls\ncd src\n'],
    ['binary bytes', '\u0000\u0001\u0002'],
  ])('refuses %s for every kind', (_, text) => {
    for (const kind of KINDS) expect([kind, isPreviousOutput(kind, ...ends(text))]).toEqual([kind, false]);
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import hardcodedSecret from '../../rules/hardcoded-secret.js';
import hardcodedToken from '../../rules/hardcoded-token.js';
import longExpiry from '../../rules/long-expiry.js';
import weakSecret from '../../rules/weak-secret.js';
import { extractConfigFacts, type ConfigContext } from '../../src/config-files/index.js';
import { loadHclParser } from '../../src/config-files/parse-hcl.js';
import { configFormatOf } from '../../src/config-files/roles.js';
import { fileKindOf } from '../../src/discover/file-kind.js';
import type { RuleSettings } from '../../src/rule-api.js';
import { listFiles, readAnnotations } from '../helpers/annotations.js';
import { FIXTURES_ROOT } from '../helpers/fixtures.js';

// The annotated config fixtures, judged by the value rules that apply to config files
// (RULES.md). `symmetric-algorithm` is checked on the algorithm-setting facts directly: the
// rule reads call sites today, and the lead wires `algorithmSettings` into it.
const ROOT = join(FIXTURES_ROOT, 'config-files');
const SETTINGS: RuleSettings = { maxExpirySeconds: 86_400, maxClockToleranceSeconds: 300 };
const VALUE_RULES = [hardcodedSecret, weakSecret, longExpiry, hardcodedToken];
const JUDGED = new Set([...VALUE_RULES.map((r) => r.id), 'symmetric-algorithm']);
const NO_LINKS: ConfigContext = { keyEnvNames: new Set(), lifetimeEnvNames: new Set() };

const files = listFiles(ROOT).filter((file) => configFormatOf(file, fileKindOf(file)) !== null);

function findingsOf(file: string): { lines: string[]; diagnostics: string[] } {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const { facts, diagnostics } = extractConfigFacts({ path: file, kind: fileKindOf(file), text }, NO_LINKS);
  const lines = new Set<string>();
  for (const rule of VALUE_RULES) for (const report of rule.check({ facts, settings: SETTINGS })) lines.add(`${report.loc.line} ${rule.id}`);
  for (const setting of facts.algorithmSettings) if (/^HS\d+$/.test(setting.name)) lines.add(`${setting.loc.line} symmetric-algorithm`);
  return { lines: [...lines].sort(), diagnostics };
}

describe('fixtures/config-files', () => {
  beforeAll(loadHclParser);

  it('covers every config format', () => {
    const formats = new Set(files.map((f) => configFormatOf(f, fileKindOf(f))));
    expect([...formats].sort()).toEqual(['dockerfile', 'env', 'hcl', 'jenkinsfile', 'json', 'properties', 'shell', 'toml', 'yaml']);
  });

  it.each(files)('%s', (file) => {
    const { lines, diagnostics } = findingsOf(file);
    expect(diagnostics).toEqual([]);
    const annotations = readAnnotations(ROOT, file);
    expect(annotations.problems).toEqual([]);
    const expected = annotations.expected.filter((a) => JUDGED.has(a.ruleId)).map((a) => `${a.line} ${a.ruleId}`);
    expect(lines).toEqual([...new Set(expected)].sort());
  });
});

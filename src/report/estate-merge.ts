import type { ToolInfo } from '../engine/tool-info.js';
import type { MergeFinding, MergeResult, MergedRepository } from '../estate/merge.js';
import { SARIF_SCHEMA_URI } from './sarif.js';
import { terminalSafe } from './terminal-safe.js';

// Reports of `jwtlint estate merge`. Every name, path and environment comes from an estate
// file, which any repository's CI may have written: text lines are terminal-safe, and SARIF
// locations are URIs relative to one uriBaseId per repository.

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function roleOf(signs: boolean, verifies: boolean): string {
  return signs && verifies ? 'signs and verifies' : signs ? 'signs' : verifies ? 'verifies' : 'holds keys';
}

function repositoryLabel(repository: MergedRepository): string {
  return `${repository.name}${repository.commit ? ` (commit ${repository.commit.slice(0, 12)})` : ''}`;
}

export function formatMergeText(result: MergeResult): string {
  const lines: string[] = [];
  const names = (ids: number[]) => ids.map((i) => result.repositories[i]!.name).join(', ');
  const count = result.repositories.length;
  lines.push(`Estate of ${count} ${count === 1 ? 'repository' : 'repositories'} (estate key ${result.keyId}):`);
  for (const repository of result.repositories) {
    const active = repository.units.filter((u) => u.signs || u.verifies);
    const roles = active.map((u) => `${u.name}: ${roleOf(u.signs, u.verifies)}`).join('; ');
    lines.push(`  ${repositoryLabel(repository)}: ${plural(repository.units.length, 'unit')}${roles ? ` — ${roles}` : ''}`);
  }
  if (result.shared.length === 0) {
    lines.push('Keys shared across repositories: none (no key value has the same fingerprint in two repositories).');
  } else {
    lines.push('Keys shared across repositories:');
    for (const key of result.shared) {
      const carried = [...new Set(key.holders.flatMap((h) => h.key.names))].sort();
      const parts = [`in ${names(key.repositories)}`];
      if (key.signers.length > 0) parts.push(`signers: ${key.signers.join(', ')}`);
      const verifyOnly = key.verifiers.filter((v) => !key.signers.includes(v));
      if (verifyOnly.length > 0) parts.push(`verify only: ${verifyOnly.join(', ')}`);
      if (key.environments.length > 0) parts.push(`environments: ${key.environments.join(', ')}`);
      lines.push(`  ${key.id} ${carried.length > 0 ? carried.join(', ') : 'a literal key'} — ${parts.join('; ')}`);
    }
  }
  if (result.namesOnly.length > 0) {
    lines.push('Variable names in several repositories that no compared value joins (not findings: equal names say nothing about the values):');
    for (const { name, repositories } of result.namesOnly) lines.push(`  ${name}: ${names(repositories)}`);
  }
  const findings = result.findings.map((f) => `${result.repositories[f.repository]!.name}:${f.file}:${f.line}: ${f.severity}: ${f.message} [${f.ruleId}]`);
  const out = lines.map((line) => terminalSafe(line));
  if (findings.length > 0) out.push('', ...findings.map((line) => terminalSafe(line)));
  out.push('', mergeSummary(result));
  return `${out.join('\n')}\n`;
}

/** The closing line: `2 findings: 2 high (3 estate files merged)`. */
export function mergeSummary(result: MergeResult): string {
  const merged = `(${plural(result.repositories.length, 'estate file')} merged)`;
  if (result.findings.length === 0) return `No findings ${merged}`;
  const high = result.findings.filter((f) => f.severity === 'high').length;
  const medium = result.findings.length - high;
  const counts = [...(high > 0 ? [`${high} high`] : []), ...(medium > 0 ? [`${medium} medium`] : [])].join(', ');
  return `${plural(result.findings.length, 'finding')}: ${counts} ${merged}`;
}

export function formatMergeJson(result: MergeResult, tool: ToolInfo): string {
  const repo = (i: number) => result.repositories[i]!.name;
  const document = {
    reportVersion: 1,
    tool: { name: tool.name, version: tool.version },
    kind: 'estate-merge',
    estateKeyId: result.keyId,
    repositories: result.repositories.map((r) => ({ name: r.name, uriBaseId: r.baseId, estateFile: r.source, ...(r.path ? { path: r.path } : {}), ...(r.commit ? { commit: r.commit } : {}), units: r.units })),
    sharedKeys: result.shared.map((k) => ({
      id: k.id,
      repositories: k.repositories.map(repo),
      environments: k.environments,
      signers: k.signers,
      verifiers: k.verifiers,
      holders: k.holders.map((h) => ({ repository: repo(h.repository), key: h.key.id, names: h.key.names, units: h.key.units, places: h.key.places.map(({ fingerprints: _f, ...p }) => p) })),
    })),
    namesOnly: result.namesOnly.map((n) => ({ name: n.name, repositories: n.repositories.map(repo) })),
    findings: result.findings.map((f) => ({ ruleId: f.ruleId, severity: f.severity, repository: repo(f.repository), file: f.file, line: f.line, message: f.message, severityReason: f.severityReason, sharedKey: f.shared, ...(f.environment ? { environment: f.environment } : {}) })),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** Percent-encodes each path segment, so that a name such as `a:b` or `#x` stays a relative reference. */
function relativeUri(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

export function formatMergeSarif(result: MergeResult, tool: ToolInfo): string {
  const sarifResult = (f: MergeFinding) => {
    const repository = result.repositories[f.repository]!;
    return {
      ruleId: f.ruleId,
      ruleIndex: 0,
      level: 'error',
      message: { text: f.message },
      locations: [{ physicalLocation: { artifactLocation: { uri: relativeUri(f.file), uriBaseId: repository.baseId }, region: { startLine: f.line } } }],
      partialFingerprints: { 'jwtlintEstate/v1': `${f.shared}:${repository.baseId}:${f.file}:${f.line}` },
      properties: { severity: f.severity, severityReason: f.severityReason, repository: repository.name, sharedKey: f.shared, ...(f.environment ? { environment: f.environment } : {}) },
    };
  };
  const log = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: tool.name,
            version: tool.version,
            semanticVersion: tool.version,
            informationUri: tool.informationUri,
            rules: [
              {
                id: 'shared-secret',
                shortDescription: { text: 'One HMAC JWT key value held in several repositories.' },
                defaultConfiguration: { level: 'error' },
                properties: { 'security-severity': '7.1', tags: ['security'] },
              },
            ],
          },
        },
        automationDetails: { id: 'jwtlint-estate/' },
        originalUriBaseIds: Object.fromEntries(
          result.repositories.map((r) => [r.baseId, { description: { text: `Top level of repository ${r.name}${r.commit ? ` at commit ${r.commit}` : ''} (estate file ${r.source}).` } }]),
        ),
        results: result.findings.map(sarifResult),
        properties: { estateKeyId: result.keyId },
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

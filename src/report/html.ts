import path from 'node:path';
import type { Finding, RunResult } from '../engine/types.js';
import { findingFrame, sourceLineReader } from './code-frame.js';
import { keyDetail, keyLabel, scanGraph, unitRole } from './estate-graph.js';
import { filterForm, graphSvg, legend, page, SEVERITY_ORDER, standardsMarkup, text } from './html-page.js';
import { activeFindings, countBySeverity, safePreview, suppressedFindings, summaryWithFiles } from './summary.js';

// `scan --format html`: the estate graph next to the findings, grouped by unit and rule, with
// masked code frames and the standards each rule maps to. Frames are the engine's masked
// snippets (code-frame.ts), so the page holds no more of a secret than the text report does.

export interface HtmlReportOptions {
  /** Reads a scanned file again, to indent its code frame as in the file (the text shown is the masked snippet). */
  readSource?: (file: string) => string | undefined;
}

const UNIT_KIND_WORDS: Record<string, string> = {
  package: 'package',
  'compose-service': 'compose service',
  'k8s-workload': 'Kubernetes workload',
  'terraform-resource': 'Terraform resource',
  'manifest-service': 'declared service',
  repository: 'repository',
};

export function formatHtml(result: RunResult, options: HtmlReportOptions = {}): string {
  const findings = activeFindings(result);
  const { estate } = result;
  const unitIndex = new Map(estate.units.map((u, i) => [u.id, i]));
  const fileUnits = estate.fileUnits ?? {};
  const unitOf = (finding: Finding) => (Object.hasOwn(fileUnits, finding.location.file) ? fileUnits[finding.location.file] : undefined);
  const byUnit = new Map<number, Finding[]>();
  for (const finding of findings) {
    const unit = unitOf(finding);
    const index = unit === undefined ? -1 : unitIndex.get(unit) ?? -1;
    if (!byUnit.has(index)) byUnit.set(index, []);
    byUnit.get(index)!.push(finding);
  }
  const unitAnchor = (unitId: string) => {
    const index = unitIndex.get(unitId);
    return index !== undefined && byUnit.has(index) ? `#unit-${index}` : `#units-row-${index}`;
  };
  const keyIndex = new Map(estate.keys.map((k, i) => [k.id, i]));
  const graph = scanGraph(estate, unitAnchor, (keyId) => `#key-${keyIndex.get(keyId)}`);
  const rootName = path.basename(result.root) || result.root;
  const counts = countBySeverity(findings);
  const rulesUsed = [...new Set(findings.map((f) => f.ruleId))].sort();
  const lineOf = sourceLineReader(options.readSource);
  const keyHolders = new Set(estate.keys.flatMap((k) => k.unitIds));
  const roleOf = (unit: (typeof estate.units)[number]) => unitRole(unit, keyHolders.has(unit.id));

  const body: string[] = [];
  body.push(`<header class="page"><h1>jwtlint report: ${text(rootName)}</h1>`
    + `<p>${text(summaryWithFiles(result))}</p>`
    + `<p class="counts">${SEVERITY_ORDER.map((s) => `<span><span class="sev sev-${s}">${s}</span> ${counts[s]}</span>`).join('')}`
    + `<span>suppressed ${suppressedFindings(result).length}</span></p>`
    + `<nav><a href="#estate">Estate</a><a href="#findings">Findings</a><a href="#notes">Not analysed</a><a href="#standards">Standards</a></nav>`
    + `<p class="muted">${text(result.tool.name)} ${text(result.tool.version)} · secrets are masked as in every other report · this file loads nothing from the network</p></header>`);
  body.push('<main>');

  // Estate
  body.push('<section id="estate"><h2>Estate: who signs, who verifies, who shares a key</h2>');
  if (graph.nodes.length === 0) {
    body.push('<p>No unit of this scan signs or verifies tokens with a key jwtlint could follow.</p>');
  } else {
    body.push(legend([
      { tone: 'danger', label: 'HMAC key held by several units: each of them can mint tokens all of them accept' },
      { tone: 'warning', label: 'one key value in several environments' },
      { tone: 'good', label: 'asymmetric: signs with a private key, or verifies with public keys only' },
      { tone: 'neutral', label: 'held by one unit' },
    ]));
    body.push(graphSvg(graph, `Estate of ${rootName}: ${graph.nodes.length} nodes, ${graph.edges.length} edges`));
  }
  const shownUnits = estate.units.map((u, i) => ({ u, i })).filter(({ u, i }) => u.signs || u.verifies || u.signsWithPrivateKey || u.verifiesWithPublicKey || byUnit.has(i) || estate.keys.some((k) => k.unitIds.includes(u.id)));
  if (shownUnits.length > 0) {
    body.push('<h3>Units</h3><table class="units"><thead><tr><th>Unit</th><th>Kind</th><th>Where</th><th>Role</th><th>Findings</th></tr></thead><tbody>');
    for (const { u, i } of shownUnits) {
      const n = byUnit.get(i)?.length ?? 0;
      body.push(`<tr id="units-row-${i}"><td>${text(u.name)}</td><td>${text(UNIT_KIND_WORDS[u.kind] ?? u.kind)}</td><td><code>${text(u.path || '.')}</code></td><td>${text(roleOf(u))}</td><td>${n > 0 ? `<a href="#unit-${i}">${n}</a>` : '0'}</td></tr>`);
    }
    body.push('</tbody></table>');
  }
  const keys = estate.keys.map((k, i) => ({ k, i })).filter(({ k }) => k.unitIds.length > 0 || k.sharedAcrossEnvironments);
  if (keys.length > 0) {
    const unitName = (id: string) => estate.units[unitIndex.get(id) ?? -1]?.name ?? id;
    body.push('<h3>HMAC keys</h3><table class="keys"><thead><tr><th>Key</th><th>Carried by</th><th>Held by</th><th>Signers</th><th>Verifiers</th><th>Environments</th><th>Places</th></tr></thead><tbody>');
    for (const { k, i } of keys) {
      const places = k.places.map((p) => `<code>${text(p.loc.file)}:${p.loc.line}</code> <span class="tag">${text(p.how)}</span>`).join('<br>');
      body.push(`<tr id="key-${i}"><td>${text(k.id)}${keyDetail(k) ? `<br><span class="muted">${text(keyDetail(k))}</span>` : ''}</td><td>${text(keyLabel(k))}</td>`
        + `<td>${text(k.unitIds.map(unitName).join(', '))}</td><td>${text(k.signers.map(unitName).join(', '))}</td><td>${text(k.verifiers.map(unitName).join(', '))}</td>`
        + `<td>${text(k.environments.join(', '))}</td><td>${places}</td></tr>`);
    }
    body.push('</tbody></table>');
  }
  body.push('</section>');

  // Findings
  body.push(`<section id="findings"><h2>Findings (${findings.length})</h2>`);
  if (findings.length === 0) {
    body.push('<p>No findings.</p>');
  } else {
    body.push(filterForm([{ name: 'rule', label: 'Rule', options: rulesUsed.map((r) => ({ value: r, label: r })) }], findings.some((f) => f.inTestCode)));
    const order = [...byUnit.keys()].sort((a, b) => (a === -1 ? 1 : b === -1 ? -1 : a - b));
    for (const index of order) {
      const unit = estate.units[index];
      const heading = unit ? `${text(unit.name)} <span class="muted">${text(UNIT_KIND_WORDS[unit.kind] ?? unit.kind)} <code>${text(unit.path || '.')}</code> · ${text(roleOf(unit))}</span>` : 'Outside any unit';
      body.push(`<section class="group" id="unit-${index === -1 ? 'none' : index}" data-group><h3>${heading}</h3>`);
      const byRule = new Map<string, Finding[]>();
      for (const f of byUnit.get(index)!) {
        if (!byRule.has(f.ruleId)) byRule.set(f.ruleId, []);
        byRule.get(f.ruleId)!.push(f);
      }
      for (const [ruleId, list] of [...byRule].sort(([a], [b]) => a.localeCompare(b))) {
        body.push(`<div data-group><h4><a href="#rule-${text(ruleId)}">${text(ruleId)}</a> <span class="muted">(${list.length})</span></h4>`);
        for (const f of list) body.push(findingMarkup(f, lineOf(f)));
        body.push('</div>');
      }
      body.push('</section>');
    }
  }
  body.push('</section>');

  // What was not analysed
  body.push('<section id="notes"><h2>What jwtlint did not read or understand</h2>');
  if (result.notifications.length === 0) {
    body.push('<p>Every file was read and analysed.</p>');
  } else {
    body.push('<table><thead><tr><th>Level</th><th>Kind</th><th>Where</th><th>Note</th></tr></thead><tbody>');
    for (const n of result.notifications) {
      body.push(`<tr><td>${text(n.level)}</td><td>${text(n.kind)}</td><td>${n.file ? `<code>${text(n.file)}${n.line ? `:${n.line}` : ''}</code>` : ''}</td><td>${text(n.message)}</td></tr>`);
    }
    body.push('</tbody></table>');
  }
  body.push('</section>');

  // Standards
  body.push('<section id="standards"><h2>Rules and the standards they map to</h2><table><thead><tr><th>Rule</th><th>What it finds</th><th>OWASP NHI 2025 · NIST CSF 2.0 · CWE</th></tr></thead><tbody>');
  for (const rule of result.rules) {
    body.push(`<tr id="rule-${text(rule.id)}"><td><a href="${text(rule.helpUri)}" rel="noreferrer"><code>${text(rule.id)}</code></a></td><td>${text(rule.description)}</td><td>${standardsMarkup(rule.standards)}</td></tr>`);
  }
  body.push('</tbody></table></section></main>');
  return page(`jwtlint: ${rootName}`, body.join('\n'));
}

function findingMarkup(finding: Finding, sourceLine: string | undefined): string {
  const { location } = finding;
  const frame = findingFrame(finding, sourceLine, false);
  const tags = [
    ...(finding.inTestCode ? ['test code'] : []),
    ...(finding.baselineState === 'unchanged' ? ['in baseline'] : []),
    `confidence ${finding.confidence}`,
  ];
  const related = finding.relatedLocations.length > 0
    ? `<ul class="related">${finding.relatedLocations.map((r) => `<li>${text(r.label)}: <code>${text(r.location.file)}:${r.location.line}</code></li>`).join('')}</ul>`
    : '';
  const evidence = finding.evidence ? `<p class="muted">Value: <code>${text(safePreview(finding.evidence))}</code> (${finding.evidence.length} characters, masked)</p>` : '';
  return `<article class="finding" data-finding data-severity="${finding.severity}" data-rule="${text(finding.ruleId)}" data-test="${finding.inTestCode ? '1' : '0'}">`
    + `<header><span class="sev sev-${finding.severity}">${finding.severity}</span><code>${text(finding.ruleId)}</code><span class="loc">${text(location.file)}:${location.line}:${location.column}</span>${tags.map((t) => `<span class="tag">${text(t)}</span>`).join('')}</header>`
    + `<p>${text(finding.message)}</p>`
    + (frame ? `<pre class="frame">${text(frame)}</pre>` : '')
    + evidence
    + `<p><strong>Why this severity:</strong> ${text(finding.severityReason)}</p>`
    + `<p><strong>Fix:</strong> ${text(finding.remediation)}</p>`
    + related
    + `<p class="muted">${standardsMarkup(finding.standards)}</p>`
    + '</article>';
}

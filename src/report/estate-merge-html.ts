import type { ToolInfo } from '../engine/tool-info.js';
import type { MergeFinding, MergeResult } from '../estate/merge.js';
import { mergeGraph, unitRole } from './estate-graph.js';
import { filterForm, graphSvg, legend, page, text } from './html-page.js';
import { mergeSummary } from './estate-merge.js';

// `jwtlint estate merge --format html`: the repositories, the units in each, and the keys
// whose values have equal fingerprints in several of them, as one graph; then the findings
// per repository. Names and paths come from estate files any repository's CI may have
// written: every one goes through `text()`.

export function formatMergeHtml(result: MergeResult, tool: ToolInfo): string {
  const repositoryAnchor = (index: number) => `#repository-${index}`;
  const keyIndex = new Map(result.shared.map((k, i) => [k.id, i]));
  const graph = mergeGraph(result, repositoryAnchor, (keyId) => `#shared-${keyIndex.get(keyId)}`);
  const name = (i: number) => result.repositories[i]!.name;
  const body: string[] = [];
  body.push(`<header class="page"><h1>jwtlint estate: ${result.repositories.length} ${result.repositories.length === 1 ? 'repository' : 'repositories'}</h1>`
    + `<p>${text(mergeSummary(result))}</p>`
    + `<nav><a href="#estate">Estate</a><a href="#shared">Shared keys</a><a href="#findings">Findings</a><a href="#repositories">Repositories</a></nav>`
    + `<p class="muted">${text(tool.name)} ${text(tool.version)} · keys compared by fingerprints under estate key ${text(result.keyId)} · no key value is in this file · it loads nothing from the network</p></header><main>`);

  body.push('<section id="estate"><h2>Keys held across repositories</h2>');
  if (graph.nodes.length > 0) {
    body.push(legend([
      { tone: 'danger', label: 'a key value held in several repositories, and who holds it: each of them can mint tokens the others accept' },
      { tone: 'good', label: 'asymmetric: signs with a private key, or verifies with public keys only' },
      { tone: 'neutral', label: 'repositories and units that share no key with another repository' },
    ]));
    body.push(graphSvg(graph, `Estate of ${result.repositories.length} repositories: ${graph.nodes.length} nodes, ${graph.edges.length} edges`));
  }
  body.push('</section>');

  body.push('<section id="shared"><h2>Shared keys</h2>');
  if (result.shared.length === 0) {
    body.push('<p>No key value has the same fingerprint in two repositories.</p>');
  } else {
    body.push('<table><thead><tr><th>Key</th><th>Carried by</th><th>Repositories</th><th>Signers</th><th>Verify only</th><th>Environments</th></tr></thead><tbody>');
    result.shared.forEach((key, i) => {
      const carried = [...new Set(key.holders.flatMap((h) => h.key.names))].sort();
      const verifyOnly = key.verifiers.filter((v) => !key.signers.includes(v));
      body.push(`<tr id="shared-${i}"><td>${text(key.id)}<br><span class="muted">blast radius ${key.repositories.length} repositories</span></td><td>${text(carried.join(', ') || 'a literal key')}</td>`
        + `<td>${key.repositories.map((r) => `<a href="${repositoryAnchor(r)}">${text(name(r))}</a>`).join(', ')}</td><td>${text(key.signers.join(', '))}</td><td>${text(verifyOnly.join(', '))}</td><td>${text(key.environments.join(', '))}</td></tr>`);
    });
    body.push('</tbody></table>');
  }
  if (result.namesOnly.length > 0) {
    body.push('<h3>Variable names in several repositories that no compared value joins</h3><p class="muted">Not findings: equal names say nothing about the values.</p><ul>');
    for (const { name: variable, repositories } of result.namesOnly) body.push(`<li><code>${text(variable)}</code>: ${text(repositories.map(name).join(', '))}</li>`);
    body.push('</ul>');
  }
  body.push('</section>');

  body.push(`<section id="findings"><h2>Findings (${result.findings.length})</h2>`);
  if (result.findings.length === 0) {
    body.push('<p>No findings.</p>');
  } else {
    const withFindings = [...new Set(result.findings.map((f) => f.repository))].sort((a, b) => a - b);
    body.push(filterForm([{ name: 'repository', label: 'Repository', options: withFindings.map((r) => ({ value: String(r), label: name(r) })) }], false));
    for (const r of withFindings) {
      body.push(`<section class="group" data-group><h3><a href="${repositoryAnchor(r)}">${text(name(r))}</a></h3>`);
      for (const f of result.findings.filter((x) => x.repository === r)) body.push(findingMarkup(f, result));
      body.push('</section>');
    }
  }
  body.push('</section>');

  body.push('<section id="repositories"><h2>Repositories</h2><table><thead><tr><th>Repository</th><th>Commit</th><th>Estate file</th><th>Units</th></tr></thead><tbody>');
  result.repositories.forEach((repository, r) => {
    const units = repository.units.map((u) => `${text(u.name)} <span class="muted">(${text(unitRole(u, false))})</span>`).join('<br>');
    body.push(`<tr id="repository-${r}"><td>${text(repository.name)}${repository.path ? ` <code>${text(repository.path)}</code>` : ''}</td><td><code>${text(repository.commit?.slice(0, 12) ?? '')}</code></td><td><code>${text(repository.source)}</code></td><td>${units}</td></tr>`);
  });
  body.push('</tbody></table></section></main>');
  return page(`jwtlint estate of ${result.repositories.length} repositories`, body.join('\n'));
}

function findingMarkup(f: MergeFinding, result: MergeResult): string {
  return `<article class="finding" data-finding data-severity="${f.severity}" data-repository="${f.repository}" data-rule="${f.ruleId}">`
    + `<header><span class="sev sev-${f.severity}">${f.severity}</span><code>${f.ruleId}</code><span class="loc">${text(result.repositories[f.repository]!.name)}: ${text(f.file)}:${f.line}</span>${f.environment ? `<span class="tag">${text(f.environment)}</span>` : ''}<span class="tag">${text(f.shared)}</span></header>`
    + `<p>${text(f.message)}</p><p><strong>Why this severity:</strong> ${text(f.severityReason)}</p>`
    + '<p><strong>Fix:</strong> give each repository its own key, or better: one issuer signs with a private key and the others verify with its public keys (JWKS); rotate the shared value everywhere it is held.</p>'
    + '</article>';
}

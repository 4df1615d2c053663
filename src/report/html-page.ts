import { createHash } from 'node:crypto';
import type { EstateGraph, GraphNode } from './estate-graph.js';
import { EDGE_WORDS, shortLabel } from './estate-graph.js';
import type { RuleStandards } from '../rule-api.js';
import { CSF, CWE, cweUrl, NHI } from '../standards/index.js';
import { terminalSafe } from './terminal-safe.js';
import { HTML_REPORT_START } from '../own-files/previous-output.js';

// The page shared by `scan --format html` and `estate merge --format html`: one file with
// its style, its script and the graph inline, and a Content-Security-Policy that allows only
// that style and that script (by hash) and no network at all. Everything the scanned
// repository wrote (paths, names, source lines, messages that quote them) goes through
// `text()`: control and bidi characters become visible escapes, then HTML is escaped. Element
// ids come from indexes, never from the repository.

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text or a quoted attribute value from anywhere: controls shown as escapes, HTML escaped. */
export function text(value: string | number): string {
  return terminalSafe(String(value), { multiline: true }).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

const STYLE = `
:root{--danger:#c62828;--warning:#ef6c00;--good:#2e7d32;--neutral:#546e7a;--bg:#fafafa;--fg:#1c1c1c;--muted:#666;--line:#ddd}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
header.page,main{max-width:1200px;margin:0 auto;padding:12px 20px}
header.page{border-bottom:1px solid var(--line)}
h1{font-size:20px;margin:8px 0}h2{font-size:17px;margin:24px 0 8px}h3{font-size:15px;margin:16px 0 6px}h4{font-size:14px;margin:10px 0 4px}
nav a{margin-right:14px}
.counts>span{display:inline-block;margin-right:10px;padding:1px 8px;border-radius:10px;background:#eee}
.sev{display:inline-block;min-width:62px;text-align:center;border-radius:10px;padding:0 8px;color:#fff;font-size:12px;font-weight:600}
.sev-critical{background:#6a1b9a}.sev-high{background:var(--danger)}.sev-medium{background:var(--warning)}.sev-low{background:#1565c0}
.graph-box{overflow:auto;border:1px solid var(--line);background:#fff;max-height:640px}
svg.graph{display:block}
svg .node rect{stroke-width:1.5;fill:#fff}
svg .node text{font:12px system-ui,sans-serif;fill:var(--fg)}
svg .node text.detail{fill:var(--muted);font-size:11px}
svg .unit rect{rx:6px}svg .key rect{rx:18px}svg .key-set rect{rx:18px;stroke-dasharray:4 2}
svg .cluster rect{fill:#f3f6f8;stroke:#b0bec5}svg .cluster text{font:600 11px system-ui,sans-serif;fill:#37474f}
svg .danger rect{stroke:var(--danger)}svg .key.danger rect{fill:#ffebee}
svg .warning rect{stroke:var(--warning)}svg .key.warning rect{fill:#fff3e0}
svg .good rect{stroke:var(--good)}svg .good.node rect{fill:#e8f5e9}
svg .neutral rect{stroke:var(--neutral)}
svg a.node:hover rect,svg a.node:focus rect{stroke-width:3}
svg .edge{fill:none;stroke:var(--neutral);stroke-width:1.4}
svg .edge.danger{stroke:var(--danger);stroke-width:2.2}svg .edge.good{stroke:var(--good)}
svg .edge.holds,svg .edge.verifies-public-key{stroke-dasharray:5 3}
svg .edge-label{font:10px system-ui,sans-serif;fill:var(--muted);paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round}
.legend{display:flex;flex-wrap:wrap;gap:14px;margin:6px 0;font-size:13px}
.swatch{display:inline-block;width:12px;height:12px;border:2px solid;border-radius:3px;margin-right:5px;vertical-align:-1px}
.swatch.danger{border-color:var(--danger);background:#ffebee}.swatch.warning{border-color:var(--warning);background:#fff3e0}.swatch.good{border-color:var(--good);background:#e8f5e9}.swatch.neutral{border-color:var(--neutral)}
table{border-collapse:collapse;width:100%;margin:6px 0;background:#fff}
th,td{border:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f0f0f0}
form.filters{position:sticky;top:0;background:var(--bg);border-bottom:1px solid var(--line);padding:8px 0;z-index:1}
form.filters fieldset{display:inline-block;border:1px solid var(--line);margin:0 8px 0 0;padding:2px 8px}
.group{border-left:3px solid var(--line);padding-left:12px;margin:12px 0}
.group:target,tr:target{outline:2px solid #1565c0;outline-offset:3px}
.finding{background:#fff;border:1px solid var(--line);border-radius:6px;padding:8px 12px;margin:8px 0}
.finding header{display:flex;flex-wrap:wrap;gap:8px;align-items:baseline}
.finding .loc{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px}
.finding p{margin:4px 0}
pre.frame{background:#263238;color:#eceff1;padding:6px 10px;border-radius:4px;overflow:auto;font-size:12px}
.muted{color:var(--muted)}
.tag{font-size:11px;border:1px solid var(--line);border-radius:8px;padding:0 6px;color:var(--muted)}
[hidden]{display:none!important}
`;

// Filters: every `[data-finding]` is shown when its data-* values pass each control of the
// form; a `[data-group]` is hidden when nothing in it is shown. No network, no storage.
const SCRIPT = `
(function(){
var form=document.getElementById('filters');if(!form)return;
var findings=Array.prototype.slice.call(document.querySelectorAll('[data-finding]'));
var groups=Array.prototype.slice.call(document.querySelectorAll('[data-group]'));
var count=document.getElementById('shown-count');
function apply(){
var sets={};
Array.prototype.forEach.call(form.querySelectorAll('fieldset[data-filter]'),function(f){var on={};Array.prototype.forEach.call(f.querySelectorAll('input:checked'),function(i){on[i.value]=true});sets[f.getAttribute('data-filter')]=on});
var picks={};
Array.prototype.forEach.call(form.querySelectorAll('select[data-filter]'),function(s){picks[s.getAttribute('data-filter')]=s.value});
var testBox=form.querySelector('input[data-show-test]');var tests=!testBox||testBox.checked;
var shown=0;
findings.forEach(function(el){
var ok=tests||el.getAttribute('data-test')!=='1';
for(var k in sets){if(ok&&!sets[k][el.getAttribute('data-'+k)])ok=false}
for(var p in picks){if(ok&&picks[p]!==''&&el.getAttribute('data-'+p)!==picks[p])ok=false}
el.hidden=!ok;if(ok)shown++;
});
groups.forEach(function(g){g.hidden=g.querySelector('[data-finding]:not([hidden])')===null});
if(count)count.textContent=String(shown);
}
form.addEventListener('change',apply);apply();
})();
`;

function hash(content: string): string {
  return `'sha256-${createHash('sha256').update(content, 'utf8').digest('base64')}'`;
}

/** The whole document. `body` is HTML built with `text()` for every value. */
export function page(title: string, body: string): string {
  const csp = `default-src 'none'; style-src ${hash(STYLE)}; script-src ${hash(SCRIPT)}; img-src data:; base-uri 'none'; form-action 'none'`;
  return `${HTML_REPORT_START}<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${text(title)}</title>
<style>${STYLE}</style>
</head>
<body>
${body}
<script>${SCRIPT}</script>
</body>
</html>
`;
}


function nodeMarkup(node: GraphNode): string {
  const left = node.x - node.width / 2;
  const top = node.y - node.height / 2;
  const tooltip = `${node.label}${node.detail ? ` — ${node.detail}` : ''}`;
  const inner = `<title>${text(tooltip)}</title><rect x="${left.toFixed(1)}" y="${top.toFixed(1)}" width="${node.width.toFixed(1)}" height="${node.height.toFixed(1)}"/>`
    + `<text x="${node.x.toFixed(1)}" y="${(node.y - 3).toFixed(1)}" text-anchor="middle">${text(shortLabel(node.label))}</text>`
    + (node.detail ? `<text class="detail" x="${node.x.toFixed(1)}" y="${(node.y + 12).toFixed(1)}" text-anchor="middle">${text(shortLabel(node.detail))}</text>` : '');
  const attributes = `class="node ${node.kind} ${node.tone}" data-node="${node.id}" data-kind="${node.kind}"`;
  return node.href ? `<a href="${text(node.href)}" ${attributes}>${inner}</a>` : `<g ${attributes}>${inner}</g>`;
}

function clusterMarkup(node: GraphNode): string {
  const left = node.x - node.width / 2;
  const top = node.y - node.height / 2;
  // dagre leaves a strip about 19px high above a cluster's first node: the name goes there,
  // the rest (the commit) into the tooltip.
  const label = `<text x="${(left + 6).toFixed(1)}" y="${(top + 13).toFixed(1)}">${text(shortLabel(node.label))}</text>`;
  const inner = `<title>${text(node.detail ? `${node.label} — ${node.detail}` : node.label)}</title><rect x="${left.toFixed(1)}" y="${top.toFixed(1)}" width="${node.width.toFixed(1)}" height="${node.height.toFixed(1)}" rx="8"/>${label}`;
  const attributes = `class="cluster ${node.tone}" data-node="${node.id}" data-kind="${node.kind}"`;
  return node.href ? `<a href="${text(node.href)}" ${attributes}>${inner}</a>` : `<g ${attributes}>${inner}</g>`;
}

/** The graph as inline SVG: clusters, then edges, then nodes on top. */
export function graphSvg(graph: EstateGraph, caption: string): string {
  if (graph.nodes.length === 0) return '';
  const parents = new Set(graph.nodes.flatMap((n) => (n.parent !== undefined ? [n.parent] : [])));
  const clusters = graph.nodes.filter((n) => parents.has(n.id)).map(clusterMarkup);
  const edges = graph.edges.map((edge) => {
    if (edge.points.length === 0) return '';
    const d = edge.points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ');
    return `<path class="edge ${edge.kind} ${edge.tone}" d="${d}" marker-end="url(#arrow-${edge.tone})" data-from="${edge.from}" data-to="${edge.to}"><title>${EDGE_WORDS[edge.kind]}</title></path>`
      + `<text class="edge-label" x="${edge.label.x.toFixed(1)}" y="${(edge.label.y + 3).toFixed(1)}" text-anchor="middle">${EDGE_WORDS[edge.kind]}</text>`;
  });
  const nodes = graph.nodes.filter((n) => !parents.has(n.id)).map(nodeMarkup);
  const markers = (['danger', 'warning', 'good', 'neutral'] as const)
    .map((tone) => `<marker id="arrow-${tone}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="${TONE_COLOURS[tone]}"/></marker>`)
    .join('');
  return `<div class="graph-box"><svg class="graph" xmlns="http://www.w3.org/2000/svg" width="${graph.width}" height="${graph.height}" viewBox="0 0 ${graph.width} ${graph.height}" role="img" aria-label="${text(caption)}"><defs>${markers}</defs>`
    + `<g class="clusters">${clusters.join('')}</g><g class="edges">${edges.join('')}</g><g class="nodes">${nodes.join('')}</g></svg></div>`
    + (graph.omitted > 0 ? `<p class="muted">${graph.omitted} more nodes are left out of the graph to keep it readable (shared keys and their holders are drawn first); the tables below list everything.</p>` : '');
}

const TONE_COLOURS = { danger: '#c62828', warning: '#ef6c00', good: '#2e7d32', neutral: '#546e7a' } as const;

export function legend(entries: { tone: 'danger' | 'warning' | 'good' | 'neutral'; label: string }[]): string {
  return `<div class="legend">${entries.map((e) => `<span><span class="swatch ${e.tone}"></span>${text(e.label)}</span>`).join('')}</div>`;
}

/** OWASP NHI, NIST CSF and CWE ids with their titles and links. */
export function standardsMarkup(standards: RuleStandards): string {
  const parts: string[] = [];
  for (const id of standards.nhi) parts.push(`<a href="${text(NHI[id].url)}" rel="noreferrer" title="${text(NHI[id].title)}">OWASP ${text(id)}:2025 ${text(NHI[id].title)}</a>`);
  for (const id of standards.csf) parts.push(`<abbr title="${text(CSF[id])}">NIST CSF ${text(id)}</abbr>`);
  for (const id of standards.cwe) parts.push(`<a href="${text(cweUrl(id))}" rel="noreferrer" title="${text(CWE[id])}">${text(id)}</a>`);
  return parts.join(' · ');
}

export const SEVERITY_ORDER = ['critical', 'high', 'medium', 'low'] as const;

/** The filter form: a severity fieldset, selects (rule, repository) and the test-code switch. */
export function filterForm(selects: { name: string; label: string; options: { value: string; label: string }[] }[], testSwitch: boolean): string {
  const severities = SEVERITY_ORDER.map((s) => `<label><input type="checkbox" name="severity" value="${s}" checked> ${s}</label>`).join(' ');
  const picks = selects
    .map((s) => `<label>${text(s.label)} <select name="${text(s.name)}" data-filter="${text(s.name)}"><option value="">all</option>${s.options.map((o) => `<option value="${text(o.value)}">${text(o.label)}</option>`).join('')}</select></label>`)
    .join(' ');
  const tests = testSwitch ? ' <label><input type="checkbox" name="test" data-show-test checked> test code</label>' : '';
  return `<form id="filters" class="filters"><fieldset data-filter="severity"><legend>Severity</legend>${severities}</fieldset>${picks}${tests} <span class="muted"><span id="shown-count"></span> shown</span></form>`;
}

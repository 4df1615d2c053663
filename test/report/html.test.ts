import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { estateKeyId } from '../../src/estate/estate-file.js';
import { mergeEstates, type MergeSource } from '../../src/estate/merge.js';
import type { EstateFacts } from '../../src/facts/model.js';
import { MAX_GRAPH_NODES, mergeGraph, scanGraph } from '../../src/report/estate-graph.js';
import { formatMergeHtml } from '../../src/report/estate-merge-html.js';
import { formatHtml } from '../../src/report/html.js';
import { text } from '../../src/report/html-page.js';
import { RAW_SECRET, RAW_TOKEN, readSampleSource, sampleResult } from './sample-result.js';

// The HTML reports without a browser (test/browser/ opens them in Chromium): what the page
// holds, how it escapes the repository's strings, that its policy admits exactly its own
// style and script, and that the graph stays bounded on large estates.

const TOOL = { name: 'jwtlint', version: '0.1.0', informationUri: 'https://github.com/jwtlint/jwtlint' };

function inlineHashes(html: string): { style: string; script: string; csp: string } {
  const digest = (s: string) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`;
  const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
  const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1]!;
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1]!;
  return { style: digest(style), script: digest(script), csp };
}

const ESTATE: EstateFacts = {
  units: [
    { id: 'package:auth', name: 'auth', kind: 'package', path: 'auth', signs: true, verifies: false },
    { id: 'package:api', name: 'api', kind: 'package', path: 'api', signs: false, verifies: true },
    { id: 'package:idp', name: 'idp', kind: 'package', path: 'idp', signs: false, verifies: false, signsWithPrivateKey: true },
    { id: 'package:orders', name: 'orders', kind: 'package', path: 'orders', signs: false, verifies: false, verifiesWithPublicKey: true },
    { id: 'package:docs', name: 'docs', kind: 'package', path: 'docs', signs: false, verifies: false },
  ],
  keys: [
    {
      id: 'key-1', names: ['JWT_SECRET'], unitIds: ['package:auth', 'package:api'], environments: [], sharedAcrossUnits: true, sharedAcrossEnvironments: false,
      places: [], signers: ['package:auth'], verifiers: ['package:api'],
    },
  ],
  keySets: [{ origin: 'env:JWKS_URL', unitIds: ['package:orders'] }],
};

describe('scan --format html', () => {
  it('is one document whose policy admits only its own inline style and script, and no network', () => {
    const html = formatHtml(sampleResult({ estate: ESTATE }), { readSource: readSampleSource });
    const { style, script, csp } = inlineHashes(html);
    expect(csp).toBe(`default-src 'none'; style-src ${style}; script-src ${script}; img-src data:; base-uri 'none'; form-action 'none'`);
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).not.toMatch(/\bsrc="(?!data:)/);
    expect(html).not.toMatch(/<link\b/);
  });

  it('holds every finding with its masked frame, severity reason, fix and standards, and no secret', () => {
    const result = sampleResult();
    const html = formatHtml(result, { readSource: readSampleSource });
    expect(html.match(/<article class="finding"/g)).toHaveLength(result.findings.filter((f) => !f.suppression).length);
    expect(html).toContain('shh***');
    expect(html).toContain('OWASP NHI2:2025 Secret Leakage');
    expect(html).toContain('https://cwe.mitre.org/data/definitions/798.html');
    expect(html).not.toContain(RAW_SECRET);
    expect(html).not.toContain(RAW_TOKEN.slice(0, 40));
  });

  it('escapes what the repository wrote: names, paths, messages, and control and bidi characters', () => {
    const base = sampleResult();
    const hostile = '<img src=x onerror=alert(1)>"\'&\u202e\u001b[2J';
    const finding = { ...base.findings[0]!, message: `key in ${hostile}`, location: { ...base.findings[0]!.location, file: `src/${hostile}.js` } };
    const estate: EstateFacts = { units: [{ ...ESTATE.units[0]!, name: hostile }], keys: [] };
    const html = formatHtml({ ...base, findings: [finding], estate: { ...estate, fileUnits: { [finding.location.file]: 'package:auth' } } });
    expect(html).not.toContain('<img');
    expect(html).not.toContain('\u202e');
    expect(html).not.toContain('\u001b');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;\\u202e\\x1b[2J');
    expect(text('a<b')).toBe('a&lt;b');
  });

  it('groups findings by the unit of their file, and says what it did not read', () => {
    const result = sampleResult({ estate: { ...ESTATE, fileUnits: { 'src/config.js': 'package:auth' } } });
    const html = formatHtml(result);
    expect(html).toMatch(/<section class="group" id="unit-0" data-group><h3>auth /);
    expect(html).toContain('id="unit-none"');
    for (const n of result.notifications) expect(html).toContain(text(n.message));
  });
});

describe('the estate graph', () => {
  it('draws signers left of their key, verifiers right of it, and the asymmetric pair as the good pattern', () => {
    const graph = scanGraph(ESTATE, (id) => `#${id}`, (id) => `#${id}`);
    const label = new Map(graph.nodes.map((n) => [n.id, n.label]));
    expect(graph.nodes.map((n) => `${n.label}:${n.tone}`).sort()).toEqual([
      'api:danger', 'auth:danger', 'idp:good', 'key-1: JWT_SECRET:danger', 'orders:good', 'public keys: JWKS_URL:good',
    ]);
    expect(graph.edges.map((e) => `${label.get(e.from)} ${e.kind} ${label.get(e.to)}`).sort()).toEqual([
      'auth signs key-1: JWT_SECRET', 'key-1: JWT_SECRET verifies api', 'public keys: JWKS_URL verifies-public-key orders',
    ]);
    const x = new Map(graph.nodes.map((n) => [n.label, n.x]));
    expect(x.get('auth')!).toBeLessThan(x.get('key-1: JWT_SECRET')!);
    expect(x.get('key-1: JWT_SECRET')!).toBeLessThan(x.get('api')!);
    for (const edge of graph.edges) expect(edge.points.length).toBeGreaterThan(1);
  });

  it(`keeps at most ${MAX_GRAPH_NODES} nodes on 1,000 repositories, shared keys and their holders first`, () => {
    const keyId = estateKeyId(Buffer.from('html-test-estate-key-0123456789abcdef'));
    const print = (label: string) => createHash('sha256').update(label).digest('hex');
    const sources: MergeSource[] = Array.from({ length: 1000 }, (_, r) => ({
      source: `${r}.json`,
      estate: {
        jwtlintEstate: 1,
        tool: { name: 'jwtlint', version: '0.1.0' },
        repository: { name: `repo-${r}` },
        fingerprints: { algorithm: 'HMAC-SHA256', keyId },
        units: [0, 1].map((u) => ({ id: `package:s${u}`, name: `repo${r}-s${u}`, kind: 'package', path: `s${u}`, signs: u === 0, verifies: u === 1 })),
        keys: [{
          id: 'key-1', known: 'value', names: ['JWT_SECRET'], environments: [],
          // Every 50th repository holds the value of the one before it.
          fingerprints: [print(String(r % 50 === 1 ? r - 1 : r))],
          units: [{ unit: 'package:s0', signs: true, verifies: false }, { unit: 'package:s1', signs: false, verifies: true }],
          places: [{ file: '.env', line: 1, unit: 'package:s0', how: 'define' }],
        }],
      },
    } as unknown as MergeSource));
    const result = mergeEstates(sources, keyId);
    expect(result.shared).toHaveLength(20);
    const graph = mergeGraph(result, (i) => `#r${i}`, (id) => `#${id}`);
    expect(graph.nodes.length).toBeLessThanOrEqual(MAX_GRAPH_NODES + 1000);
    expect(graph.nodes.filter((n) => n.kind !== 'repository').length).toBeLessThanOrEqual(MAX_GRAPH_NODES);
    expect(graph.omitted).toBeGreaterThan(0);
    expect(graph.nodes.filter((n) => n.kind === 'key')).toHaveLength(20);
    // Every repository that shares a key is drawn, with its units.
    const drawn = new Set(graph.nodes.map((n) => n.label));
    for (const key of result.shared) for (const r of key.repositories) expect(drawn.has(`repo-${r}`)).toBe(true);
    const html = formatMergeHtml(result, TOOL);
    expect(html).toContain('more nodes are left out of the graph');
    expect(html.match(/<tr id="repository-\d+"/g)).toHaveLength(1000);
  });
});

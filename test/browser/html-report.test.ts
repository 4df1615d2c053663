/// <reference lib="dom" />
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT, assertBuilt, jwtlint, jwtlintInProcess } from '../cli/helpers/run-jwtlint.js';
import { CHROMIUM_PATH, HAVE_CHROMIUM, openBrowser, type Session } from './chromium.js';

// `--format html` opened in headless Chromium: the estate graph holds the expected nodes and
// edges, graph nodes lead to their findings, the filters work, the page reaches no network,
// breaks none of its own Content-Security-Policy, shows hostile names as text, and no secret
// is anywhere in its DOM. Screenshots of the example estates are kept in test-artifacts/.
//
// Chromium comes from Debian's package (`npm run setup:browser`; .ci/run installs it). Where
// it is missing the suite says so and skips, except in CI, where a missing browser fails.

const EXAMPLE = path.join(PROJECT_ROOT, 'fixtures', 'examples', 'estate');
const MERGE_FIXTURES = path.join(PROJECT_ROOT, 'fixtures', 'estate-merge');
const ARTIFACTS = path.join(PROJECT_ROOT, 'test-artifacts', 'html-report');
const EXAMPLE_SECRET = '9f8e7d6c5b4a39281706f5e4d3c2b1a0-example-estate-shared-hmac';
const HOSTILE_SECRET = 'hostile-literal-secret-value-1234567890';
const ESTATE_KEY = 'browser-test-estate-key-0123456789abcdef';

if (!HAVE_CHROMIUM && !process.env.CI) {
  console.warn(`test/browser: ${CHROMIUM_PATH} is missing, so the HTML report is not tested in a browser here: run \`npm run setup:browser\` (Debian's chromium).`);
}

interface DrawnNode {
  id: string;
  kind: string;
  classes: string;
  label: string;
  href: string | null;
}

interface Opened {
  page: Page;
  /** Every URL the page asked for. */
  requests: string[];
  /** Console errors and warnings (a CSP violation is one), and uncaught exceptions. */
  problems: string[];
}

describe.skipIf(!HAVE_CHROMIUM && !process.env.CI)('HTML report in headless Chromium', () => {
  let session: Session;
  let work: string;

  beforeAll(async () => {
    if (!HAVE_CHROMIUM) throw new Error(`${CHROMIUM_PATH} is missing: .ci/run installs Debian's chromium (npm run setup:browser).`);
    assertBuilt();
    work = mkdtempSync(path.join(tmpdir(), 'jwtlint-html-'));
    mkdirSync(ARTIFACTS, { recursive: true });
    session = await openBrowser();
  });
  afterAll(async () => {
    await session?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  async function open(file: string): Promise<Opened> {
    const page = await session.context.newPage();
    const requests: string[] = [];
    const problems: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(pathToFileURL(file).href);
    return { page, requests, problems };
  }

  function scanToHtml(target: string, name: string): string {
    const out = path.join(work, `${name}.html`);
    const run = jwtlint(['scan', target, '--format', 'html', '--output', out]);
    expect(run.status, run.stderr).toBe(1);
    return out;
  }

  const nodesOf = (page: Page) =>
    page.$$eval('svg.graph [data-node]', (elements) =>
      elements.map((e) => ({
        id: e.getAttribute('data-node')!,
        kind: e.getAttribute('data-kind')!,
        classes: e.getAttribute('class')!,
        label: e.querySelector('text')!.textContent!,
        href: e.getAttribute('href'),
      })),
    );
  const edgesOf = (page: Page) =>
    page.$$eval('svg.graph path.edge', (elements) => elements.map((e) => ({ from: e.getAttribute('data-from')!, to: e.getAttribute('data-to')!, classes: e.getAttribute('class')! })));
  /** Edges as `from-label -kind-> to-label`. */
  function edgeLines(nodes: DrawnNode[], edges: { from: string; to: string; classes: string }[]): string[] {
    const label = new Map(nodes.map((n) => [n.id, n.label]));
    return edges.map((e) => `${label.get(e.from)} -${e.classes.split(' ')[1]}-> ${label.get(e.to)}`).sort();
  }
  const shown = async (page: Page) => Number(await page.textContent('#shown-count'));

  it('draws the example estate: who signs, who verifies, the shared key and the asymmetric issuer', async () => {
    const { page, requests, problems } = await open(scanToHtml(EXAMPLE, 'example-estate'));
    const nodes = await nodesOf(page);
    const byLabel = new Map(nodes.map((n) => [n.label, n]));
    expect([...byLabel.keys()].sort()).toEqual(['auth', 'billing', 'gateway', 'identity', 'key-1: JWT_SECRET', 'orders', 'public keys: IDENTITY_JWKS_URL']);
    expect(edgeLines(nodes, await edgesOf(page))).toEqual([
      'auth -signs-> key-1: JWT_SECRET',
      'key-1: JWT_SECRET -verifies-> billing',
      'key-1: JWT_SECRET -verifies-> gateway',
      'public keys: IDENTITY_JWKS_URL -verifies-public-key-> orders',
    ]);
    // The shared key and its holders are the danger; the asymmetric pair is the good pattern.
    for (const label of ['key-1: JWT_SECRET', 'auth', 'billing', 'gateway']) expect(byLabel.get(label)!.classes).toContain('danger');
    for (const label of ['identity', 'orders', 'public keys: IDENTITY_JWKS_URL']) expect(byLabel.get(label)!.classes).toContain('good');
    expect(await page.textContent('svg.graph')).toContain('blast radius 3 units');
    // Every finding of the scan is on the page, and nothing was fetched or refused.
    expect(await page.$$eval('[data-finding]', (e) => e.length)).toBe(11);
    expect(requests.filter((url) => !url.startsWith('file://'))).toEqual([]);
    expect(problems).toEqual([]);
    await page.screenshot({ path: path.join(ARTIFACTS, 'example-estate.png'), fullPage: false });
    writeFileSync(path.join(ARTIFACTS, 'example-estate.html'), readFileSync(path.join(work, 'example-estate.html')));
    await page.close();
  });

  it('leads from a graph node to the findings of its unit, and from a key to its row', async () => {
    const { page } = await open(path.join(work, 'example-estate.html'));
    await page.click('svg.graph a[data-kind="unit"]:has(text:text-is("billing"))');
    const hash = await page.evaluate(() => location.hash);
    expect(hash).toMatch(/^#unit-\d+$/);
    const target = page.locator(`${hash}`);
    expect(await target.locator('h3').first().textContent()).toMatch(/^billing /);
    // billing's own files; the compose file and .env at the top belong to no package.
    const places = await target.locator('[data-finding] .loc').allTextContents();
    expect(places.sort()).toEqual(['billing/billing/security.py:11:55', 'billing/billing/security.py:6:15']);
    expect(await page.evaluate(() => document.querySelector(':target')?.id)).toBe(hash.slice(1));

    await page.click('svg.graph a[data-kind="key"]');
    const keyHash = await page.evaluate(() => location.hash);
    expect(keyHash).toMatch(/^#key-\d+$/);
    expect(await page.locator(keyHash).textContent()).toContain('JWT_SECRET');
    await page.close();
  });

  it('filters findings by severity, rule and test code, and hides groups left empty', async () => {
    const root = hostileProject();
    const html = scanToHtml(root, 'filters');
    const json = JSON.parse((await jwtlintInProcess(['scan', root, '--format', 'json'])).stdout) as { findings: { ruleId: string; severity: string; inTestCode: boolean }[] };
    const { page, problems } = await open(html);
    const all = json.findings.length;
    expect(all).toBeGreaterThan(3);
    expect(await shown(page)).toBe(all);

    const severities = [...new Set(json.findings.map((f) => f.severity))];
    expect(severities.length).toBeGreaterThan(1);
    const dropped = severities[0]!;
    await page.uncheck(`fieldset[data-filter="severity"] input[value="${dropped}"]`);
    expect(await shown(page)).toBe(json.findings.filter((f) => f.severity !== dropped).length);
    expect(await page.$$eval(`[data-finding][data-severity="${dropped}"]`, (e) => e.every((x) => (x as HTMLElement).hidden))).toBe(true);
    await page.check(`fieldset[data-filter="severity"] input[value="${dropped}"]`);

    const rule = json.findings.find((f) => f.ruleId !== json.findings[0]!.ruleId)!.ruleId;
    await page.selectOption('select[data-filter="rule"]', rule);
    expect(await shown(page)).toBe(json.findings.filter((f) => f.ruleId === rule).length);
    // A unit or rule group with nothing left to show is hidden with it.
    const visibleGroups = await page.$$eval('[data-group]', (groups) => groups.filter((g) => !(g as HTMLElement).hidden).map((g) => g.querySelectorAll('[data-finding]:not([hidden])').length));
    expect(visibleGroups.every((n) => n > 0)).toBe(true);
    await page.selectOption('select[data-filter="rule"]', '');

    const inTests = json.findings.filter((f) => f.inTestCode).length;
    expect(inTests).toBeGreaterThan(0);
    await page.uncheck('input[data-show-test]');
    expect(await shown(page)).toBe(all - inTests);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('shows hostile names as text, runs none of them, and holds no secret in its DOM', async () => {
    const html = path.join(work, 'filters.html');
    const { page, problems, requests } = await open(html);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.$$eval('img, iframe, object, embed', (e) => e.length)).toBe(0);
    expect(await page.$$eval('script', (e) => e.length)).toBe(1);
    expect(await page.textContent('table.units')).toContain('<img src=x onerror=window.__pwned=1>');
    expect(await page.textContent('#findings')).toContain('<b>x</b>.js');
    expect(requests.filter((url) => !url.startsWith('file://'))).toEqual([]);
    expect(problems).toEqual([]);

    for (const [file, secret] of [[html, HOSTILE_SECRET], [path.join(work, 'example-estate.html'), EXAMPLE_SECRET]] as const) {
      const p = file === html ? page : (await open(file)).page;
      // The whole DOM, attributes included, and the text a reader can select.
      const dom = await p.evaluate(() => document.documentElement.outerHTML + document.body.innerText);
      const half = Math.floor(secret.length / 2) + 1;
      for (let i = 0; i + half <= secret.length; i++) expect(dom).not.toContain(secret.slice(i, i + half));
      if (p !== page) await p.close();
    }
    await page.close();
  });

  it('draws merged estates: repositories, the keys they share and the units that hold them', async () => {
    const files: string[] = [];
    for (const repository of ['billing', 'reports', 'inventory', 'catalog', 'catalog-staging']) {
      const file = path.join(work, `${repository}.estate.json`);
      // The estate files in process (their making is tested in test/estate); the merge runs the built binary.
      const run = await jwtlintInProcess(['scan', path.join(MERGE_FIXTURES, repository), '--estate-out', file, '--estate-name', repository, '--fail-on', 'none', '--quiet'], { env: { JWTLINT_ESTATE_KEY: ESTATE_KEY } });
      expect(run.status, run.stderr).toBe(0);
      files.push(file);
    }
    const out = path.join(work, 'merged.html');
    const merged = jwtlint(['estate', 'merge', ...files, '--format', 'html', '--output', out], { env: { JWTLINT_ESTATE_KEY: ESTATE_KEY } });
    expect(merged.status, merged.stderr).toBe(1);
    const { page, problems, requests } = await open(out);
    const nodes = await nodesOf(page);
    expect(nodes.filter((n) => n.kind === 'repository').map((n) => n.label).sort()).toEqual(['billing', 'catalog', 'catalog-staging', 'inventory', 'reports']);
    const keys = nodes.filter((n) => n.kind === 'key');
    expect(keys).toHaveLength(2);
    expect(keys.every((k) => k.classes.includes('danger'))).toBe(true);
    // Each shared key is drawn between units of two repositories; inventory shares only a name.
    const edges = await edgesOf(page);
    const repositoryOf = new Map(nodes.map((n) => [n.id, n.id.replace(/u\d+$/, '')]));
    const label = new Map(nodes.map((n) => [n.id, n.label]));
    for (const key of keys) {
      const ends = edges.filter((e) => e.from === key.id || e.to === key.id).map((e) => label.get(repositoryOf.get(e.from === key.id ? e.to : e.from)!));
      expect(new Set(ends).size).toBe(2);
      expect(ends).not.toContain('inventory');
    }
    expect(await page.textContent('#shared')).toContain('JWT_SECRET');
    expect(await page.textContent('#shared')).toContain('Not findings');
    // Filtering by repository.
    await page.selectOption('select[data-filter="repository"]', { label: 'reports' });
    expect(await page.$$eval('[data-finding]:not([hidden])', (e) => e.every((x) => x.getAttribute('data-repository') === e[0]!.getAttribute('data-repository')))).toBe(true);
    expect(requests.filter((url) => !url.startsWith('file://'))).toEqual([]);
    expect(problems).toEqual([]);
    await page.screenshot({ path: path.join(ARTIFACTS, 'merged-estate.png'), fullPage: false });
    await page.close();
  });

  /** A repository whose package name and file names are markup, with findings of several severities and in test code. */
  function hostileProject(): string {
    const root = path.join(work, 'hostile');
    const write = (file: string, content: string) => {
      mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      writeFileSync(path.join(root, file), content);
    };
    write('package.json', JSON.stringify({ name: '<img src=x onerror=window.__pwned=1>', dependencies: { jsonwebtoken: '^9.0.2' } }));
    write('src/<b>x</b>.js', [
      "const jwt = require('jsonwebtoken');",
      `const secret = '${HOSTILE_SECRET}';`,
      "exports.issue = (sub) => jwt.sign({ sub }, secret, { expiresIn: '30d' });",
      'exports.check = (token) => jwt.verify(token, secret);',
      '',
    ].join('\n'));
    write('test/sign.test.js', [
      "const jwt = require('jsonwebtoken');",
      "const token = jwt.sign({ sub: 'test' }, 'test-only-signing-secret-abcdef');",
      'module.exports = token;',
      '',
    ].join('\n'));
    return root;
  }
});

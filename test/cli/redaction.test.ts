import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { FORMATS as SCAN_FORMATS, planScan, render, scanOptions, type Format, type ScanFlags } from '../../src/cli/scan-command.js';
import { runScan } from '../../src/engine/run.js';
import { estateFile } from '../../src/estate/estate-file.js';
import { PROJECT_ROOT } from './helpers/run-jwtlint.js';

// No output format ever holds a secret or token that jwtlint found. The secrets are taken
// from the scanned files themselves: for every finding with evidence, the text at its
// location (the literal the evidence masks).

const FIXTURES = path.join(PROJECT_ROOT, 'fixtures');
const CORPUS = path.join(PROJECT_ROOT, '..', 'shared', 'corpus');
// Every format of `jwtlint scan --format` (text with suppressed findings shown).
const FORMATS: readonly Format[] = SCAN_FORMATS;

interface Located {
  ruleId: string;
  location: { file: string; line: number; column: number; endLine: number; endColumn: number };
  evidence?: { kind: string; preview: string; length: number };
}

// jwtlint's own documentation quotes example secrets; finding one of them in the rule help
// of a SARIF file is not a leak.
const OWN_TEXT = rules.map((rule) => JSON.stringify(rule.docs) + JSON.stringify(rule.messages)).join('\n');

function literalAt(root: string, finding: Located): string[] | undefined {
  const { file, line, column, endLine, endColumn } = finding.location;
  const lines = readFileSync(path.join(root, file), 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/);
  const span =
    line === endLine
      ? lines[line - 1]!.slice(column - 1, endColumn - 1)
      : [lines[line - 1]!.slice(column - 1), ...lines.slice(line, endLine - 1), lines[endLine - 1]!.slice(0, endColumn - 1)].join('\n');
  const unquoted = /^(['"`]).*\1$/s.test(span) ? span.slice(1, -1) : span;
  const length = finding.evidence!.length;
  if (unquoted.length === length) return [unquoted];
  if (span.length === length) return [span];
  // A string literal with escapes (a PEM written on one line with `\n`).
  const unescaped = unquoted.replace(/\\n/g, '\n');
  if (unescaped.length === length) return [unescaped];
  // A YAML block scalar (`key: |` then indented lines): the lines below, dedented.
  if (/^[|>][-+]?$/.test(span.split('\n')[0]!.trim())) {
    const body = span.split('\n').slice(1);
    const indent = Math.min(...body.filter((l) => l.trim() !== '').map((l) => l.length - l.trimStart().length));
    const block = body.map((l) => l.slice(indent)).join('\n');
    for (const candidate of [block, block.replace(/\n+$/, ''), `${block.replace(/\n+$/, '')}\n`]) if (candidate.length === length) return [candidate];
  }
  // A .properties value continued with `\` on the next line.
  const joined = span.replace(/\\\r?\n\s*/g, '');
  if (joined.length === length) return [joined];
  // A Kubernetes Secret's `data:` value is base64: the secret is the decoded text (both must stay hidden).
  const decoded = Buffer.from(unquoted, 'base64').toString('utf8');
  if (/^[A-Za-z0-9+/]+=*$/.test(unquoted) && decoded.length === length) return [decoded, unquoted];
  // A value inside a longer span (`KEY=value`, `key: value`, `${VAR:-value}`): the longest
  // run of non-delimiter characters with the evidence's length and preview prefix.
  const prefix = finding.evidence!.preview.replace(/\*+$/, '');
  const candidates = span.match(/[^\s'"`=:,;(){}[\]]+/g) ?? [];
  const inside = candidates.find((c) => c.length === length && c.startsWith(prefix));
  return inside === undefined ? undefined : [inside];
}

interface Scan {
  name: string;
  root: string;
  secrets: Set<string>;
  /** Every path the report names: a value that is also part of a file name is not a leak. */
  paths: string;
  outputs: { format: string; stdout: string; stderr: string }[];
}

/** An estate key for --estate-out: its fingerprints are keyed hashes, which no plain hash below can equal. */
const ESTATE_KEY = 'redaction-test-estate-key-0123456789abcdef';

/**
 * Scans `root` once, as `jwtlint scan` plans and runs it, and renders every format from that
 * one result with the scan command's own renderer (a scan per format cost a minute of the
 * suite); the estate file is written as --estate-out writes it. The CLI's own writing of each
 * format is tested in test/cli.
 */
async function scan(name: string, root: string): Promise<Scan> {
  const estateDir = mkdtempSync(path.join(tmpdir(), 'jwtlint-estate-'));
  const io = { cwd: PROJECT_ROOT, env: { JWTLINT_ESTATE_KEY: ESTATE_KEY }, stdout: { write: () => true }, stderr: { write: () => true } };
  const flags: ScanFlags = { format: 'json', color: false, failOn: 'none', estateOut: path.join(estateDir, 'estate.json'), showSuppressed: true };
  const planned = await planScan([root], flags, io);
  if (!planned.ok) throw new Error(planned.problems.join('\n'));
  const { plan } = planned;
  expect(plan.estateKey, 'the estate key is read').toBeDefined();
  const result = await runScan(scanOptions([root], plan, io, flags));
  rmSync(estateDir, { recursive: true, force: true });
  expect(result.internalError, `${name}: ${result.notifications.filter((n) => n.level === 'error').map((n) => n.message).join('; ')}`).toBe(false);
  // The estate file (--estate-out) is one more output that must hold no secret, nor a plain hash of one.
  const estate = `${JSON.stringify(estateFile({ estate: result.estate, repository: { name }, version: '0', keyId: plan.estateKey!.keyId }), null, 2)}\n`;
  expect(JSON.parse(estate).keys.length, `${name}: the estate file holds keys`).toBeGreaterThan(0);
  const rendered = (format: Format) => render(result, { ...plan, format }, { ...flags, format }, io);
  const json = { stdout: rendered('json'), stderr: '' };
  const report = JSON.parse(json.stdout);
  const withEvidence: Located[] = [...report.findings, ...report.suppressedFindings].filter((f: Located) => f.evidence);
  const secrets = new Set<string>();
  const underived: string[] = [];
  for (const finding of withEvidence) {
    const literals = literalAt(root, finding);
    if (literals === undefined) underived.push(`${finding.location.file}:${finding.location.line} ${finding.ruleId}`);
    else for (const literal of literals) secrets.add(literal);
  }
  expect(underived, `${name}: cannot find the literal of these findings`).toEqual([]);
  const outputs = [{ format: 'json', stdout: json.stdout, stderr: json.stderr }, { format: 'estate file', stdout: estate, stderr: '' }];
  for (const format of FORMATS.filter((format) => format !== 'json')) outputs.push({ format, stdout: rendered(format), stderr: '' });
  const paths = [...report.findings, ...report.suppressedFindings, ...report.notifications]
    .flatMap((f: Located & { file?: string; relatedLocations?: { location: { file: string } }[] }) => [
      f.location?.file ?? f.file ?? '',
      ...(f.relatedLocations ?? []).map((r) => r.location.file),
    ])
    // Unit names come from package.json and compose files; a secret may share a prefix with them.
    .concat((report.estate?.units ?? []).flatMap((u: { name: string; path: string }) => [u.name, u.path]))
    .join('\n');
  return { name, root, secrets, paths, outputs };
}

function expectNoLeak({ name, secrets, paths, outputs }: Scan): void {
  const leaks: string[] = [];
  for (const secret of secrets) {
    // Short values (`dev`, `secret`) are ordinary words; jwtlint's own docs quote a few examples.
    if (secret.length < 8 || OWN_TEXT.includes(secret) || paths.includes(secret)) continue;
    const firstLine = secret.split('\n').find((l) => l.length >= 8 && !l.startsWith('-----')) ?? secret;
    const half = firstLine.slice(0, Math.max(8, Math.ceil(firstLine.length / 2) + 1));
    // A package named `inventory-api` may print while its key is `inventory-api-key`.
    if (paths.includes(half)) continue;
    // A plain hash or encoding of the secret is as good as the secret to anyone who can guess it.
    const digests = [secret, firstLine].flatMap((value) => [
      ...['sha256', 'sha1', 'md5'].flatMap((algorithm) => [createHash(algorithm).update(value).digest('hex'), createHash(algorithm).update(value).digest('base64')]),
      Buffer.from(value).toString('base64').replace(/=+$/, ''),
      Buffer.from(value).toString('hex'),
    ]);
    for (const { format, stdout, stderr } of outputs) {
      for (const [stream, text] of [['stdout', stdout], ['stderr', stderr]] as const) {
        // Checked in the estate file, whose fingerprints are hashes: the reports hold none at all.
        if (format === 'estate file') for (const digest of digests) if (text.includes(digest)) leaks.push(`${format} ${stream} holds a plain hash or encoding of a secret (${firstLine.slice(0, 3)}…)`);
        if (text.includes(firstLine)) leaks.push(`${format} ${stream} holds ${firstLine.length} characters of a secret (${firstLine.slice(0, 3)}…)`);
        else if (firstLine.length >= 12 && text.includes(half)) leaks.push(`${format} ${stream} holds more than half of a secret (${firstLine.slice(0, 3)}…)`);
      }
    }
  }
  expect(leaks, name).toEqual([]);
}

describe('no secret reaches any output', () => {
  let fixtures: Scan;

  beforeAll(async () => {
    fixtures = await scan('fixtures', FIXTURES);
  }, 120_000);

  it('finds many secrets and tokens in the fixtures', () => {
    expect(fixtures.secrets.size).toBeGreaterThan(40);
    expect([...fixtures.secrets].some((s) => s.startsWith('eyJ'))).toBe(true);
    expect([...fixtures.secrets].some((s) => s.includes('PRIVATE KEY'))).toBe(true);
  });

  it('no report of the fixtures, in any format, nor their estate file holds any of them', () => {
    expectNoLeak(fixtures);
  });

  it.runIf(existsSync(CORPUS))(
    'nor do the reports of the benchmark corpus',
    async () => {
      // Scanned as one tree: cheaper than case by case, and every literal is still found.
      const corpus = await scan('corpus', CORPUS);
      expect(corpus.secrets.size).toBeGreaterThan(20);
      expectNoLeak(corpus);
    },
    300_000,
  );
});

import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { assertBuilt, jwtlint, PROJECT_ROOT } from './helpers/run-jwtlint.js';

// No output format ever holds a secret or token that jwtlint found. The secrets are taken
// from the scanned files themselves: for every finding with evidence, the text at its
// location (the literal the evidence masks).

const FIXTURES = path.join(PROJECT_ROOT, 'fixtures');
const CORPUS = path.join(PROJECT_ROOT, '..', 'shared', 'corpus');
const FORMATS: string[][] = [['text', '--show-suppressed'], ['json'], ['sarif'], ['gitlab'], ['html']];

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

function scan(name: string, root: string): Scan {
  // The estate file (--estate-out) is one more output that must hold no secret, nor a plain hash of one.
  const estateDir = mkdtempSync(path.join(tmpdir(), 'jwtlint-estate-'));
  const estateFile = path.join(estateDir, 'estate.json');
  const json = jwtlint(['scan', root, '--format', 'json', '--fail-on', 'none', '--estate-out', estateFile], { env: { JWTLINT_ESTATE_KEY: ESTATE_KEY } });
  expect(json.status, `${name}: ${json.stderr}`).toBe(0);
  const estate = readFileSync(estateFile, 'utf8');
  rmSync(estateDir, { recursive: true, force: true });
  expect(JSON.parse(estate).keys.length, `${name}: the estate file holds keys`).toBeGreaterThan(0);
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
  for (const [format, ...extra] of FORMATS.filter(([format]) => format !== 'json')) {
    const run = jwtlint(['scan', root, '--format', format!, '--fail-on', 'none', ...extra]);
    outputs.push({ format: format!, stdout: run.stdout, stderr: run.stderr });
  }
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

  beforeAll(() => {
    assertBuilt();
    fixtures = scan('fixtures', FIXTURES);
  }, 120_000);

  it('finds many secrets and tokens in the fixtures', () => {
    expect(fixtures.secrets.size).toBeGreaterThan(40);
    expect([...fixtures.secrets].some((s) => s.startsWith('eyJ'))).toBe(true);
    expect([...fixtures.secrets].some((s) => s.includes('PRIVATE KEY'))).toBe(true);
  });

  it('text, JSON, SARIF and GitLab reports of the fixtures hold none of them', () => {
    expectNoLeak(fixtures);
  });

  it.runIf(existsSync(CORPUS))(
    'nor do the reports of the benchmark corpus',
    () => {
      // Scanned as one tree: cheaper than case by case, and every literal is still found.
      const corpus = scan('corpus', CORPUS);
      expect(corpus.secrets.size).toBeGreaterThan(20);
      expectNoLeak(corpus);
    },
    300_000,
  );
});

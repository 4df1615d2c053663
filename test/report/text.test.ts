import { describe, expect, it } from 'vitest';
import type { Finding, Notification } from '../../src/engine/types.js';
import { formatText } from '../../src/report/text.js';
import { RAW_SECRET, RAW_TOKEN, readSampleSource, sampleResult } from './sample-result.js';

const ANSI = /\u001b\[/;

describe('formatText', () => {
  const plain = formatText(sampleResult(), { color: false, readSource: readSampleSource });

  it('prints each finding as path:line:col: severity: message [rule-id], production before test code, most severe first', () => {
    const headers = plain.split('\n').filter((line) => /^\S+.*:\d+:\d+: /.test(line));
    expect(headers).toEqual([
      'src/config.js:3:24: high: This JWT secret is written in the source code. [hardcoded-secret]',
      'fixtures/token.json:2:12: medium: A signed JWT is written in this file. [hardcoded-token]',
      'src/auth.js:4:10: medium: This token never expires. [no-expiry]',
      'test/my dir/auth.test.js:2:1: high (test code): This verification accepts any algorithm the token names. [unpinned-algorithm]',
    ]);
  });

  it('shows the masked line with its indentation and an underline under the finding', () => {
    expect(plain).toContain(
      [
        'src/config.js:3:24: high: This JWT secret is written in the source code. [hardcoded-secret]',
        "  > 3 |     const JWT_SECRET = 'shh***'; // dev only",
        '      |                        ^^^^^^^^',
        '  why high: the default for the rule',
        '  help: Load the key from the environment or a secret manager.',
        '  standards: OWASP NHI2:2025 · NIST CSF PR.AA-01, PR.DS-01 (CSF 1.1: PR.AC-1) · CWE-798, CWE-321',
        '  evidence: shh*** (16 chars)',
        '  related: src/auth.js:4:10: The secret signs tokens here.',
      ].join('\n'),
    );
    expect(plain).toContain(
      [
        "  > 4 |   return jwt.sign({ sub: user.id }, 'shh***');",
        '      |          ^^^^^^^^',
        '  why medium: the default for the rule',
        "  help: Pass expiresIn, e.g. '15m'.",
      ].join('\n'),
    );
  });

  it('underlines the masked value when the source cannot be read', () => {
    expect(plain).toContain(['  > 2 | "token": "eyJhbG***",', '      |           ^^^^^^^^^'].join('\n'));
  });

  it('underlines to the end of the line for a finding spanning several lines', () => {
    const result = sampleResult();
    const finding = result.findings[2]!;
    result.findings = [{ ...finding, location: { ...finding.location, endLine: 6, endColumn: 3 } }];
    const text = formatText(result, { color: false, readSource: readSampleSource });
    expect(text).toContain("  > 4 |   return jwt.sign({ sub: user.id }, 'shh***');\n      |          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n");
  });

  it('never prints a raw secret or token, even with the source at hand', () => {
    expect(plain).not.toContain(RAW_SECRET);
    expect(plain).not.toContain(RAW_TOKEN);
    expect(plain).not.toContain(RAW_TOKEN.slice(0, 12));
  });

  it('prints notifications and a summary by severity', () => {
    expect(plain).toContain('src/broken.ts: warning: Cannot parse this file: Unexpected token (3:7). [unparsable]\n');
    expect(plain).toContain('src/auth.js: error: Rule crashed on this file. [rule-error]\n');
    // src/broken.ts could not be parsed: the summary says a file was left out.
    expect(plain.trimEnd().split('\n').at(-1)).toBe('4 findings: 2 high, 2 medium (5 files scanned, 1 left out: see the warnings)');
  });

  it('counts each file left out once, and not the deliberate skips', () => {
    const note = (kind: Notification['kind'], level: Notification['level'], file: string): Notification => ({ kind, level, file, message: `${file}: ${kind}` });
    const result = sampleResult({
      findings: [],
      notifications: [
        note('unreadable', 'warning', 'a.js'),
        note('timeout', 'warning', 'b.js'),
        note('too-large', 'note', 'big.js'), // over the size limit: not analysed
        note('unparsable', 'warning', 'b.js'),
        note('unparsable', 'note', 'c.js'), // recovered syntax errors: analysed
        note('skipped', 'note', 'bundle.min.js'),
        note('binary', 'note', 'logo.png'),
      ],
    });
    expect(formatText(result, { color: false }).trimEnd().split('\n').at(-1)).toBe('No findings (5 files scanned, 3 left out: see the warnings)');
  });

  it('says so when there is nothing to report', () => {
    const text = formatText(sampleResult({ findings: [], notifications: [] }), { color: false });
    expect(text).toBe('No findings (5 files scanned)\n');
  });

  it('prints findings only when quiet', () => {
    const text = formatText(sampleResult(), { color: false, readSource: readSampleSource, quiet: true });
    expect(text).not.toContain('[unparsable]');
    expect(text).not.toContain('files scanned');
    expect(text).toContain('[hardcoded-secret]');
    expect(formatText(sampleResult({ findings: [] }), { color: false, quiet: true })).toBe('');
  });

  it('uses ANSI colours only when asked to', () => {
    expect(plain).not.toMatch(ANSI);
    const coloured = formatText(sampleResult(), { color: true, readSource: readSampleSource });
    expect(coloured).toMatch(ANSI);
    expect(coloured).not.toContain(RAW_SECRET);
  });

  it('cuts very long lines to a window around the finding', () => {
    const result = sampleResult();
    const long = `${'x'.repeat(300)} jwt.verify(token, key) ${'y'.repeat(300)}`;
    const finding = { ...result.findings[2]!, location: { file: 'min.js', line: 1, column: 302, endLine: 1, endColumn: 312 }, snippet: long };
    const text = formatText({ ...result, findings: [finding] }, { color: false, readSource: () => long });
    const [shown, marker] = text.split('\n').slice(1, 3);
    expect(shown!.length).toBeLessThan(200);
    expect(shown).toContain('…');
    expect(shown!.slice(marker!.indexOf('^'), marker!.lastIndexOf('^') + 1)).toBe('jwt.verify');
  });

  it('caps an evidence preview that shows more than half of the value', () => {
    const result = sampleResult();
    const finding = { ...result.findings[1]!, evidence: { kind: 'secret' as const, preview: 'abcdefgh***', length: 10 } };
    const text = formatText({ ...result, findings: [finding] }, { color: false });
    expect(text).toContain('evidence: abcde*** (10 chars)');
  });

  it('hides suppressed and baselined findings unless asked, and counts them in the summary', () => {
    const result = sampleResult({ baseline: { entries: 1, matched: 1, unmatched: 0 } });
    const [token, secret, noExpiry, unpinned] = result.findings as [Finding, Finding, Finding, Finding];
    result.findings = [
      { ...token, baselineState: 'unchanged' },
      { ...secret, baselineState: 'new', suppression: { kind: 'inSource', reason: 'fixture only', location: { file: 'src/config.js', line: 2 } } },
      { ...noExpiry, baselineState: 'new' },
      { ...unpinned, baselineState: 'new' },
    ];
    result.notifications = [{ kind: 'unused-suppression', level: 'warning', file: 'src/a.js', line: 7, message: 'no finding here' }];
    const text = formatText(result, { color: false });
    const headers = text.split('\n').filter((line) => /^\S+.*:\d+:\d+: /.test(line));
    expect(headers.map((line) => line.replace(/: .*\[/, ' ['))).toEqual(['src/auth.js:4:10 [no-expiry]', 'test/my dir/auth.test.js:2:1 [unpinned-algorithm]']);
    expect(text).toContain('src/a.js:7: warning: no finding here [unused-suppression]');
    expect(text).toContain('2 new findings: 1 high, 1 medium; 1 baselined, 1 suppressed (5 files scanned)');
    const all = formatText(result, { color: false, showSuppressed: true });
    expect(all).toContain('fixtures/token.json:2:12: medium (baselined): ');
    expect(all).toContain('src/config.js:3:24: high (suppressed: fixture only): ');
  });

  it('says which files the report covers with --changed-since', () => {
    const text = formatText(sampleResult({ changedSince: { ref: 'origin/main', files: 2 } }), { color: false });
    expect(text.trim().split('\n').at(-1)).toBe('4 findings: 2 high, 2 medium (5 files scanned, 1 left out: see the warnings; reported for 2 files changed since origin/main)');
  });
});

describe('formatText: confidence', () => {
  it('tags a finding the rule is not sure of, and no other', () => {
    const result = sampleResult();
    const [first, ...rest] = result.findings as [Finding, ...Finding[]];
    result.findings = [{ ...first, confidence: 'low' }, ...rest];
    const headers = formatText(result, { color: false }).split('\n').filter((line) => /^\S+.*:\d+:\d+: /.test(line));
    expect(headers.filter((line) => line.includes('(low confidence)'))).toEqual([`${first.location.file}:${first.location.line}:${first.location.column}: ${first.severity} (low confidence): ${first.message} [${first.ruleId}]`]);
  });
});

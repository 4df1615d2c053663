// Whether an existing file is an earlier output of jwtlint, of the kind about to replace
// it: jwtlint replaces only its own reports (or an empty file), never a file someone else
// wrote (`-o package.json`, `--write-baseline README.md`).
//
// Judged from the start and the end of the file only (a few kilobytes), so that a huge
// file costs nothing to refuse. The JSON formats carry jwtlint's name near their start, in
// the place where jwtlint writes it, which the token sequences below spell out (whitespace
// and layout do not matter). Text reports carry no name: a text report is recognised by its
// last line, jwtlint's summary (`3 findings: 2 high, 1 low (12 files scanned)`), or, for a
// --quiet report, by its first line, a finding (`src/a.js:2:7: high: … [weak-secret]`).
import { createScanner, SyntaxKind } from 'jsonc-parser';

export type OutputKind = 'json' | 'sarif' | 'gitlab' | 'codequality' | 'text' | 'baseline' | 'estate' | 'html';

/** How much of each end of an existing file is read to recognise it. */
export const RECOGNITION_BYTES = 4096;

/** What the refusal calls each kind: "not a jwtlint sarif report". */
export const OUTPUT_NAMES: Record<OutputKind, string> = {
  json: 'jwtlint json report',
  sarif: 'jwtlint sarif report',
  gitlab: 'jwtlint gitlab report',
  codequality: 'jwtlint codequality report',
  text: 'jwtlint text report',
  baseline: 'jwtlint baseline',
  estate: 'jwtlint estate file',
  html: 'jwtlint html report',
};

/** How every HTML report of jwtlint starts (html-page.ts writes it; recognised byte for byte). */
export const HTML_REPORT_START = '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta name="generator" content="jwtlint">\n';

/** A string token with this value, or any string / number. */
type Expected = SyntaxKind | { string: string } | 'string' | 'number';
const S = (value: string): Expected => ({ string: value });
const OBJ = SyntaxKind.OpenBraceToken;
const ARR = SyntaxKind.OpenBracketToken;
const COLON = SyntaxKind.ColonToken;
const COMMA = SyntaxKind.CommaToken;

const PREFIXES: Record<Exclude<OutputKind, 'text' | 'html'>, Expected[]> = {
  // { "reportVersion": 1, "tool": { "name": "jwtlint"
  json: [OBJ, S('reportVersion'), COLON, 'number', COMMA, S('tool'), COLON, OBJ, S('name'), COLON, S('jwtlint')],
  // { "$schema": "…", "version": "2.1.0", "runs": [ { "tool": { "driver": { "name": "jwtlint"
  sarif: [OBJ, S('$schema'), COLON, 'string', COMMA, S('version'), COLON, 'string', COMMA, S('runs'), COLON, ARR, OBJ, S('tool'), COLON, OBJ, S('driver'), COLON, OBJ, S('name'), COLON, S('jwtlint')],
  // { "version": "15.0.7", "scan": { "analyzer": { "id": "jwtlint"
  gitlab: [OBJ, S('version'), COLON, 'string', COMMA, S('scan'), COLON, OBJ, S('analyzer'), COLON, OBJ, S('id'), COLON, S('jwtlint')],
  // [ { "engine_name": "jwtlint" (an empty report, `[]`, is recognised too)
  codequality: [ARR, OBJ, S('engine_name'), COLON, S('jwtlint')],
  // { "version": 1, "tool": "jwtlint", "findings"
  baseline: [OBJ, S('version'), COLON, 'number', COMMA, S('tool'), COLON, S('jwtlint'), COMMA, S('findings')],
  // { "jwtlintEstate": 1 (--estate-out)
  estate: [OBJ, S('jwtlintEstate'), COLON, 'number'],
};

/** `head` and `tail`: the first and last RECOGNITION_BYTES of the file (the same text when it is shorter). */
export function isPreviousOutput(kind: OutputKind, head: string, tail: string): boolean {
  if (kind === 'text') return isTextReport(head, tail);
  if (kind === 'html') return head.startsWith(HTML_REPORT_START);
  if (kind === 'codequality' && startsWithTokens(head, [ARR, SyntaxKind.CloseBracketToken, SyntaxKind.EOF])) return true;
  return startsWithTokens(head, PREFIXES[kind]);
}

function startsWithTokens(text: string, expected: readonly Expected[]): boolean {
  const scanner = createScanner(text, true);
  for (const want of expected) {
    const token = scanner.scan();
    const got = scanner.getTokenValue();
    if (want === 'string' ? token !== SyntaxKind.StringLiteral : want === 'number' ? token !== SyntaxKind.NumericLiteral : typeof want === 'object' ? token !== SyntaxKind.StringLiteral || got !== want.string : token !== want) {
      return false;
    }
    if (scanner.getTokenError() !== 0) return false;
  }
  return true;
}

function isTextReport(head: string, tail: string): boolean {
  const lines = tail.split('\n');
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const last = lines[lines.length - 1] ?? '';
  if (SUMMARY_START.test(last) && SUMMARY_FILES.test(last) && last.endsWith(')')) return true;
  const first = head.slice(0, head.indexOf('\n') < 0 ? head.length : head.indexOf('\n'));
  return FINDING_PLACE.test(first) && first.endsWith(']');
}

/** `No findings`, `3 findings:`, `1 new finding:`, `No new findings;` */
const SUMMARY_START = /^(?:No|\d+) (?:new )?findings?[:; (]/;
/** ` (12 files scanned)`, ` (5 files scanned, 1 left out: …)`, ` (1 file scanned; reported for 2 files changed since main)`, ` (3 estate files merged)` */
const SUMMARY_FILES = / \(\d+ (?:files? scanned[;,)]|estate files? merged\))/;
/** `src/a.js:2:7: high:`, `test/b.ts:1:1: low (test code):` */
const FINDING_PLACE = /:\d+:\d+: (?:critical|high|medium|low)[:( ]/;

import { LineIndex } from '../parse/line-index.js';
import { DiagnosticList, diagnosticAt, spanLoc } from './location.js';
import { applyInterpolation } from './tree.js';
import type { ConfigEntry, ParsedConfig } from './types.js';

const WHITESPACE = new Set([' ', '\t', '\f']);

interface LogicalLine {
  /** Characters of the logical line, continuation backslashes and line breaks removed. */
  chars: string[];
  /** Source offset of each character. */
  offsets: number[];
  /** Offset just past the last physical line's content. */
  end: number;
}

function isLineBreak(c: string | undefined): boolean {
  return c === '\n' || c === '\r';
}

function skipLineBreak(text: string, i: number): number {
  if (text[i] === '\r' && text[i + 1] === '\n') return i + 2;
  return isLineBreak(text[i]) ? i + 1 : i;
}

/**
 * One logical line from `start` (java.util.Properties#load): a line ending in an odd number of
 * backslashes continues on the next line, whose leading whitespace is dropped.
 */
function readLogicalLine(text: string, start: number): { line: LogicalLine; next: number } {
  const chars: string[] = [];
  const offsets: number[] = [];
  let i = start;
  for (;;) {
    while (i < text.length && !isLineBreak(text[i])) {
      chars.push(text[i]!);
      offsets.push(i);
      i++;
    }
    let backslashes = 0;
    for (let k = chars.length - 1; k >= 0 && chars[k] === '\\'; k--) backslashes++;
    if (backslashes % 2 === 1 && i < text.length) {
      chars.pop();
      offsets.pop();
      i = skipLineBreak(text, i);
      while (i < text.length && WHITESPACE.has(text[i]!)) i++;
      continue;
    }
    if (backslashes % 2 === 1) {
      chars.pop();
      offsets.pop();
    }
    return { line: { chars, offsets, end: i }, next: skipLineBreak(text, i) };
  }
}

function unescape(chars: string[], from: number, to: number, onError: (index: number) => void): string {
  let out = '';
  for (let i = from; i < to; i++) {
    const c = chars[i]!;
    if (c !== '\\' || i + 1 >= to) {
      if (c !== '\\') out += c;
      continue;
    }
    const n = chars[++i]!;
    if (n === 'u') {
      const hex = chars.slice(i + 1, i + 5).join('');
      if (/^[0-9a-fA-F]{4}$/.test(hex)) {
        out += String.fromCharCode(parseInt(hex, 16));
        i += 4;
      } else {
        onError(i - 1);
        out += 'u';
      }
    } else out += n === 't' ? '\t' : n === 'n' ? '\n' : n === 'r' ? '\r' : n === 'f' ? '\f' : n;
  }
  return out;
}

/**
 * Java `.properties`: `key=value`, `key: value`, `key value`, `#`/`!` comments, backslash
 * continuation lines, `\uXXXX` escapes. Keys are dotted paths (`jwt.secret` → [jwt, secret]).
 */
export function parseProperties(file: string, text: string): ParsedConfig {
  const lines = new LineIndex(text);
  const diagnostics = new DiagnosticList();
  const entries: ConfigEntry[] = [];
  let pos = 0;
  while (pos < text.length) {
    let i = pos;
    while (i < text.length && WHITESPACE.has(text[i]!)) i++;
    if (i >= text.length) break;
    if (isLineBreak(text[i]) || text[i] === '#' || text[i] === '!') {
      while (i < text.length && !isLineBreak(text[i])) i++;
      pos = skipLineBreak(text, i);
      continue;
    }
    const { line, next } = readLogicalLine(text, i);
    pos = next;
    const { chars, offsets } = line;
    let k = 0;
    while (k < chars.length) {
      const c = chars[k]!;
      if (c === '\\') k += 2;
      else if (c === '=' || c === ':' || WHITESPACE.has(c)) break;
      else k++;
    }
    const keyEnd = Math.min(k, chars.length);
    let v = keyEnd;
    while (v < chars.length && WHITESPACE.has(chars[v]!)) v++;
    if (v < chars.length && (chars[v] === '=' || chars[v] === ':')) v++;
    while (v < chars.length && WHITESPACE.has(chars[v]!)) v++;
    const onError = (index: number) => diagnostics.push(diagnosticAt(file, lines, offsets[index] ?? i, 'malformed \\uXXXX escape'));
    const key = unescape(chars, 0, keyEnd, onError);
    const value = unescape(chars, v, chars.length, onError);
    const valueStart = v < chars.length ? offsets[v]! : keyEnd < offsets.length ? offsets[offsets.length - 1]! + 1 : line.end;
    const valueEnd = chars.length > 0 && v < chars.length ? offsets[chars.length - 1]! + 1 : valueStart;
    const keyStart = offsets[0] ?? i;
    const keyStop = keyEnd > 0 ? offsets[keyEnd - 1]! + 1 : keyStart;
    const path = key.split('.').filter((p) => p !== '');
    const entry: ConfigEntry = {
      path: path.length > 0 ? path : [key],
      key: path[path.length - 1] ?? key,
      value,
      valueType: 'string',
      valueLoc: spanLoc(file, lines, valueStart, valueEnd),
      keyLoc: spanLoc(file, lines, keyStart, keyStop),
      valueRange: [valueStart, valueEnd],
      envVar: false,
      document: 0,
    };
    applyInterpolation(entry, { value, range: [valueStart, valueEnd], contentStart: valueStart }, text, lines);
    entries.push(entry);
  }
  return {
    format: 'properties',
    entries,
    documents: [{ index: 0, topLevelKeys: [...new Set(entries.map((e) => e.path[0]!))], compose: false, ci: false }],
    diagnostics: diagnostics.finish(file),
    lines,
  };
}

import { LineIndex } from '../parse/line-index.js';
import { DiagnosticList, diagnosticAt, spanLoc } from './location.js';
import { applyInterpolation } from './tree.js';
import type { ConfigEntry, ParsedConfig } from './types.js';

// `KEY=value`, `export KEY=value`, `KEY: value` (dotenv accepts both separators).
const ASSIGNMENT = /^[ \t]*(?:export[ \t]+)?([\w.-]+)[ \t]*(?:=|:(?=[ \t]|$))[ \t]*/d;
const BARE_NAME = /^[ \t]*(?:export[ \t]+)?[\w.-]+[ \t]*$/;

function lineEndAt(text: string, from: number): number {
  for (let i = from; i < text.length; i++) if (text[i] === '\n' || text[i] === '\r') return i;
  return text.length;
}

function nextLineStart(text: string, end: number): number {
  if (text[end] === '\r' && text[end + 1] === '\n') return end + 2;
  return end < text.length ? end + 1 : end;
}

function unescapeDouble(raw: string): string {
  return raw.replace(/\\([nrt"\\$])/g, (_, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : c === 't' ? '\t' : c));
}

/** Finds the closing quote of a quoted value, which may span lines (PEM keys). */
function closingQuote(text: string, from: number, quote: string): number {
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && quote === '"') i++;
    else if (c === quote) return i;
  }
  return -1;
}

/**
 * Reads `.env` files the way dotenv and compose `env_file` do: one `KEY=value` per line,
 * optional `export`, single/double/backtick quotes (double quotes expand `\n` and may span
 * lines), full-line `#` comments, and inline comments after whitespace in unquoted values.
 */
export function parseEnv(file: string, text: string): ParsedConfig {
  const lines = new LineIndex(text);
  const diagnostics = new DiagnosticList();
  const entries: ConfigEntry[] = [];
  let pos = 0;
  while (pos < text.length) {
    const lineStart = pos;
    const lineEnd = lineEndAt(text, pos);
    const line = text.slice(lineStart, lineEnd);
    pos = nextLineStart(text, lineEnd);
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const match = ASSIGNMENT.exec(line);
    if (!match) {
      // A bare name passes the variable through from the environment (compose env_file).
      if (!BARE_NAME.test(line)) diagnostics.push(diagnosticAt(file, lines, lineStart, 'expected KEY=value'));
      continue;
    }
    const key = match[1]!;
    const keyStart = lineStart + match.indices![1]![0];
    const valueStart = lineStart + match[0].length;
    const first = text[valueStart];
    let value: string;
    let range: [number, number];
    let contentStart = valueStart;
    if (first === '"' || first === "'" || first === '`') {
      const close = closingQuote(text, valueStart + 1, first);
      if (close < 0) {
        diagnostics.push(diagnosticAt(file, lines, valueStart, `unterminated ${first} quote`));
        value = text.slice(valueStart + 1, lineEnd).trimEnd();
        range = [valueStart, lineEnd];
        contentStart = valueStart + 1;
      } else {
        const raw = text.slice(valueStart + 1, close);
        value = first === '"' ? unescapeDouble(raw) : raw;
        range = [valueStart, close + 1];
        contentStart = valueStart + 1;
        if (close >= lineEnd) pos = nextLineStart(text, lineEndAt(text, close));
      }
    } else {
      let raw = text.slice(valueStart, lineEnd);
      const comment = raw.startsWith('#') ? 0 : raw.search(/[ \t]#/);
      if (comment >= 0) raw = raw.slice(0, comment);
      value = raw.trimEnd();
      range = [valueStart, valueStart + value.length];
    }
    const entry: ConfigEntry = {
      path: [key],
      key,
      value,
      valueType: 'string',
      valueLoc: spanLoc(file, lines, range[0], range[1]),
      keyLoc: spanLoc(file, lines, keyStart, keyStart + key.length),
      valueRange: range,
      envVar: true,
      document: 0,
    };
    // Single quotes are literal in dotenv-expand and compose: no interpolation.
    if (first !== "'") applyInterpolation(entry, { value, range, contentStart }, text, lines);
    entries.push(entry);
  }
  return {
    format: 'env',
    entries,
    documents: [{ index: 0, topLevelKeys: entries.map((e) => e.key), compose: false, ci: false }],
    diagnostics: diagnostics.finish(file),
    lines,
  };
}

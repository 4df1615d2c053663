import { LineIndex } from '../parse/line-index.js';
import { DiagnosticList, diagnosticAt, spanLoc } from './location.js';
import { applyInterpolation } from './tree.js';
import type { ConfigEntry, ConfigValueType, ParsedConfig } from './types.js';

// A small TOML reader for the settings files that hold environment variables (`wrangler.toml`
// `[vars]`, `fly.toml` `[env]`, `netlify.toml` `[build.environment]`, Streamlit
// `secrets.toml`): tables, array tables, dotted/quoted keys, the four string forms, numbers,
// booleans and dates. Inline arrays and tables are skipped (they hold no single setting).

const ENV_TABLES = new Set(['vars', 'env', 'environment', 'variables']);

interface Cursor {
  text: string;
  i: number;
}

function skipSpaces(c: Cursor): void {
  while (c.text[c.i] === ' ' || c.text[c.i] === '\t') c.i++;
}

function readKeyPart(c: Cursor): string | null {
  const q = c.text[c.i];
  if (q === '"' || q === "'") {
    const close = c.text.indexOf(q, c.i + 1);
    if (close < 0 || c.text.slice(c.i, close).includes('\n')) return null;
    const raw = c.text.slice(c.i + 1, close);
    c.i = close + 1;
    return q === '"' ? unescapeBasic(raw) : raw;
  }
  const m = /^[A-Za-z0-9_-]+/.exec(c.text.slice(c.i, c.i + 256));
  if (!m) return null;
  c.i += m[0].length;
  return m[0];
}

function readKey(c: Cursor): { parts: string[]; start: number; end: number } | null {
  const start = c.i;
  const parts: string[] = [];
  for (;;) {
    skipSpaces(c);
    const part = readKeyPart(c);
    if (part === null) return null;
    parts.push(part);
    const end = c.i;
    skipSpaces(c);
    if (c.text[c.i] !== '.') return { parts, start, end };
    c.i++;
  }
}

function unescapeBasic(raw: string): string {
  return raw.replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/gs, (_, e: string) => {
    if (e[0] === 'u' || e[0] === 'U') {
      // `\UFFFFFFFF` is no code point: String.fromCodePoint would throw.
      const code = parseInt(e.slice(1), 16);
      return code <= 0x10ffff ? String.fromCodePoint(code) : '\ufffd';
    }
    return ({ n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '"': '"', '\\': '\\', e: '\u001b' } as Record<string, string>)[e] ?? e;
  });
}

function lineEnd(text: string, from: number): number {
  const n = text.indexOf('\n', from);
  return n < 0 ? text.length : n;
}

/** Skips an inline array/table, strings included; returns the offset after its closing bracket. */
function skipBracketed(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"' || ch === "'") {
      const close = text.indexOf(ch, i + 1);
      if (close < 0) return text.length;
      i = close;
    } else if (ch === '#') i = lineEnd(text, i) - 1;
    else if (ch === '[' || ch === '{') depth++;
    else if (ch === ']' || ch === '}') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return text.length;
}

interface Value {
  value: string;
  valueType: ConfigValueType;
  range: [number, number];
  contentStart: number;
  next: number;
}

function readValue(text: string, start: number): Value | null | 'skip' {
  const head = text.slice(start, start + 3);
  if (head === '"""' || head === "'''") {
    const close = text.indexOf(head, start + 3);
    if (close < 0) return null;
    let raw = text.slice(start + 3, close);
    let contentStart = start + 3;
    if (raw.startsWith('\n')) [raw, contentStart] = [raw.slice(1), contentStart + 1];
    else if (raw.startsWith('\r\n')) [raw, contentStart] = [raw.slice(2), contentStart + 2];
    const value = head === '"""' ? unescapeBasic(raw.replace(/\\\r?\n\s*/g, '')) : raw;
    return { value, valueType: 'string', range: [start, close + 3], contentStart, next: close + 3 };
  }
  const q = text[start];
  if (q === '"' || q === "'") {
    let i = start + 1;
    while (i < text.length && text[i] !== q && text[i] !== '\n') i += q === '"' && text[i] === '\\' ? 2 : 1;
    if (text[i] !== q) return null;
    const raw = text.slice(start + 1, i);
    return { value: q === '"' ? unescapeBasic(raw) : raw, valueType: 'string', range: [start, i + 1], contentStart: start + 1, next: i + 1 };
  }
  if (q === '[' || q === '{') return 'skip';
  const end = lineEnd(text, start);
  // Up to a `#` comment (bare values hold no `#`); a loop, not `/\s+#.*$/`, which backtracks quadratically on long blank runs.
  const line = text.slice(start, end);
  const hash = line.indexOf('#');
  const raw = (hash < 0 ? line : line.slice(0, hash)).trimEnd();
  if (raw === '') return null;
  const valueType: ConfigValueType = /^(true|false)$/.test(raw) ? 'boolean' : /^[+-]?(\d[\d_]*(\.\d+)?([eE][+-]?\d+)?|0x[\da-fA-F_]+|0o[0-7_]+|0b[01_]+|inf|nan)$/.test(raw) ? 'number' : 'string';
  return { value: raw, valueType, range: [start, start + raw.length], contentStart: start, next: start + raw.length };
}

export function parseToml(file: string, text: string): ParsedConfig {
  const lines = new LineIndex(text);
  const diagnostics = new DiagnosticList();
  const entries: ConfigEntry[] = [];
  const arrayCounts = new Map<string, number>();
  let table: string[] = [];
  const c: Cursor = { text, i: 0 };
  while (c.i < text.length) {
    skipSpaces(c);
    const ch = text[c.i];
    if (ch === '\n' || ch === '\r') {
      c.i++;
      continue;
    }
    if (ch === '#' || ch === undefined) {
      c.i = lineEnd(text, c.i) + 1;
      continue;
    }
    const lineStart = c.i;
    if (ch === '[') {
      const isArray = text[c.i + 1] === '[';
      c.i += isArray ? 2 : 1;
      const key = readKey(c);
      skipSpaces(c);
      const closing = isArray ? ']]' : ']';
      if (!key || !text.startsWith(closing, c.i)) {
        diagnostics.push(diagnosticAt(file, lines, lineStart, 'TOML: malformed table header'));
        c.i = lineEnd(text, c.i) + 1;
        continue;
      }
      c.i += closing.length;
      if (isArray) {
        const name = key.parts.join('\0');
        const n = arrayCounts.get(name) ?? 0;
        arrayCounts.set(name, n + 1);
        table = [...key.parts, String(n)];
      } else table = key.parts;
      c.i = lineEnd(text, c.i) + 1;
      continue;
    }
    const key = readKey(c);
    skipSpaces(c);
    if (!key || text[c.i] !== '=') {
      diagnostics.push(diagnosticAt(file, lines, lineStart, 'TOML: expected key = value'));
      c.i = lineEnd(text, c.i) + 1;
      continue;
    }
    c.i++;
    skipSpaces(c);
    const value = readValue(text, c.i);
    if (value === 'skip') {
      c.i = lineEnd(text, skipBracketed(text, c.i)) + 1;
      continue;
    }
    if (value === null) {
      diagnostics.push(diagnosticAt(file, lines, c.i, 'TOML: malformed value'));
      c.i = lineEnd(text, c.i) + 1;
      continue;
    }
    const path = [...table, ...key.parts];
    const parent = [...table, ...key.parts.slice(0, -1)].filter((p) => !/^\d+$/.test(p));
    const last = key.parts[key.parts.length - 1]!;
    const entry: ConfigEntry = {
      path,
      key: last,
      value: value.value,
      valueType: value.valueType,
      valueLoc: spanLoc(file, lines, value.range[0], value.range[1]),
      keyLoc: spanLoc(file, lines, key.start, key.end),
      valueRange: value.range,
      envVar: ENV_TABLES.has((parent[parent.length - 1] ?? '').toLowerCase()),
      document: 0,
    };
    if (value.valueType === 'string') applyInterpolation(entry, value, text, lines);
    entries.push(entry);
    c.i = lineEnd(text, value.next) + 1;
  }
  return {
    format: 'toml',
    entries,
    documents: [{ index: 0, topLevelKeys: [...new Set(entries.map((e) => e.path[0]!))], compose: false, ci: false }],
    diagnostics: diagnostics.finish(file),
    lines,
  };
}

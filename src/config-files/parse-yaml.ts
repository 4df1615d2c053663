import { isAlias, isMap, isScalar, isSeq, parseAllDocuments, type Document, type Node as YamlNode, type Scalar } from 'yaml';
import { LineIndex } from '../parse/line-index.js';
import { DiagnosticList, diagnosticAt } from './location.js';
import { documentInfo, flattenDocument, type TreeNode, type TreePair, type TreeScalar } from './tree.js';
import type { ConfigDocument, ConfigEntry, ParsedConfig } from './types.js';

const TEMPLATE = /\{\{[^\n]*?\}\}/g;

interface Masked {
  text: string;
  regions: [number, number][];
}

/**
 * Go/Helm templates make YAML unparsable (`name: {{ include "x" . }}`, a line holding only
 * `{{- if ... }}`). Each `{{ ... }}` is replaced by text of the same length, so that every
 * offset still points into the original: a line holding only templates becomes blank, an
 * inline template becomes a plain word. Values that overlap a template are read back from
 * the original text, so they still show the template (and count as references).
 */
function maskTemplates(text: string): Masked {
  const regions: [number, number][] = [];
  const chars = text.split('');
  for (const match of text.matchAll(TEMPLATE)) {
    const start = match.index ?? 0;
    const end = start + match[0].length;
    regions.push([start, end]);
  }
  const lineStart = (i: number) => text.lastIndexOf('\n', i - 1) + 1;
  const lineEnd = (i: number) => {
    const n = text.indexOf('\n', i);
    return n < 0 ? text.length : n;
  };
  for (const [start, end] of regions) {
    const ls = lineStart(start);
    const le = lineEnd(end);
    const rest = text.slice(ls, le).replace(TEMPLATE, '').trim();
    const fill = rest === '' ? ' ' : '_';
    for (let i = start; i < end; i++) chars[i] = fill;
  }
  return { text: chars.join(''), regions };
}

function overlaps(regions: [number, number][], start: number, end: number): boolean {
  return regions.some(([a, b]) => a < end && start < b);
}

interface Converter {
  doc: Document;
  original: string;
  masked: Masked | null;
  memo: Map<YamlNode, TreeNode | null>;
}

function contentStartOf(scalar: Scalar, text: string, start: number): number {
  switch (scalar.type) {
    case 'QUOTE_DOUBLE':
    case 'QUOTE_SINGLE':
      return start + 1;
    case 'BLOCK_LITERAL':
    case 'BLOCK_FOLDED': {
      const nl = text.indexOf('\n', start);
      if (nl < 0) return start;
      let i = nl + 1;
      while (text[i] === ' ') i++;
      return i;
    }
    default:
      return start;
  }
}

function convertScalar(scalar: Scalar, c: Converter): TreeScalar {
  const [start, end] = scalar.range ?? [0, 0];
  const contentStart = contentStartOf(scalar, c.original, start);
  const v = scalar.value;
  if (c.masked && overlaps(c.masked.regions, start, end)) {
    const quoted = scalar.type === 'QUOTE_DOUBLE' || scalar.type === 'QUOTE_SINGLE';
    const value = c.original.slice(contentStart, quoted ? Math.max(contentStart, end - 1) : end).trim();
    return { type: 'scalar', value, valueType: 'string', range: [start, end], contentStart };
  }
  if (typeof v === 'string') return { type: 'scalar', value: v, valueType: 'string', range: [start, end], contentStart };
  const written = c.original.slice(start, end).trim();
  if (typeof v === 'number' || typeof v === 'bigint') return { type: 'scalar', value: written || String(v), valueType: 'number', range: [start, end], contentStart };
  if (typeof v === 'boolean') return { type: 'scalar', value: written || String(v), valueType: 'boolean', range: [start, end], contentStart };
  if (v === null || v === undefined) return { type: 'scalar', value: '', valueType: 'null', range: [start, end], contentStart };
  // Dates, binary and custom tags: the text as written.
  return { type: 'scalar', value: written, valueType: 'string', range: [start, end], contentStart };
}

function convert(node: unknown, c: Converter): TreeNode | null {
  if (node === null || node === undefined) return null;
  if (isAlias(node)) {
    const target = node.resolve(c.doc);
    return { type: 'alias', target: target ? convertMemo(target, c) : null };
  }
  return convertMemo(node as YamlNode, c);
}

function convertMemo(node: YamlNode, c: Converter): TreeNode | null {
  if (c.memo.has(node)) return c.memo.get(node)!;
  c.memo.set(node, null); // a node that contains an alias to itself stops here
  let out: TreeNode | null = null;
  if (isScalar(node)) {
    out = convertScalar(node, c);
  } else if (isMap(node)) {
    const pairs: TreePair[] = [];
    for (const pair of node.items) {
      if (!isScalar(pair.key)) continue; // complex keys carry no setting name
      const key = pair.key;
      const written = c.original.slice(key.range?.[0] ?? 0, key.range?.[1] ?? 0);
      const merge = typeof key.value === 'symbol' || (key.type === 'PLAIN' && written === '<<');
      const keyScalar = convertScalar(key, c);
      if (keyScalar.valueType !== 'string') keyScalar.value = written.trim();
      pairs.push({ key: keyScalar, value: convert(pair.value, c), ...(merge ? { merge: true } : {}) });
    }
    out = { type: 'map', pairs };
  } else if (isSeq(node)) {
    out = { type: 'seq', items: node.items.map((item) => convert(item, c)) };
  }
  c.memo.set(node, out);
  return out;
}

function parseDocuments(text: string) {
  return parseAllDocuments(text, { keepSourceTokens: true, uniqueKeys: false, prettyErrors: false, merge: true, strict: false });
}

function errorCount(docs: ReturnType<typeof parseDocuments>): number {
  return Array.isArray(docs) ? docs.reduce((n, d) => n + d.errors.length, 0) : 0;
}

export function parseYaml(file: string, text: string): ParsedConfig {
  const lines = new LineIndex(text);
  const diagnostics = new DiagnosticList();
  const entries: ConfigEntry[] = [];
  const documents: ConfigDocument[] = [];
  let docs: ReturnType<typeof parseDocuments>;
  let masked: Masked | null = null;
  try {
    docs = parseDocuments(text);
    if (errorCount(docs) > 0 && text.includes('{{')) {
      const candidate = maskTemplates(text);
      const retry = parseDocuments(candidate.text);
      if (errorCount(retry) < errorCount(docs)) {
        docs = retry;
        masked = candidate;
      }
    }
  } catch (error) {
    return { format: 'yaml', entries, documents, diagnostics: [`${file}: YAML parser failed: ${(error as Error).message}`], lines };
  }
  const list = Array.isArray(docs) ? docs : [];
  list.forEach((doc, index) => {
    for (const error of doc.errors) diagnostics.push(diagnosticAt(file, lines, error.pos[0], `YAML ${error.code}: ${error.message.split('\n')[0]}`));
    try {
      const root = convert(doc.contents, { doc, original: text, masked, memo: new Map() });
      const info = documentInfo(root, index);
      documents.push(info);
      const flat = flattenDocument(root, { file, text, lines, format: 'yaml', document: info });
      entries.push(...flat.entries);
      for (const d of flat.diagnostics) diagnostics.push(d);
    } catch (error) {
      diagnostics.push(`${file}: cannot read YAML document ${index + 1}: ${(error as Error).message}`);
    }
  });
  return { format: 'yaml', entries, documents, diagnostics: diagnostics.finish(file), lines };
}

import { isAlias, isMap, isScalar, isSeq, parseAllDocuments, type Document, type Node as YamlNode, type Scalar } from 'yaml';
import { LineIndex } from '../parse/line-index.js';
import { DiagnosticList, diagnosticAt } from './location.js';
import { documentInfo, flattenDocument, type TreeNode, type TreePair, type TreeScalar } from './tree.js';
import type { ConfigDocument, ConfigEntry, ParsedConfig } from './types.js';

interface Masked {
  text: string;
  /** Sorted, non-overlapping [start, end) of each `{{ ... }}`. */
  regions: [number, number][];
}

/**
 * `{{ ... }}` on one line: what `/\{\{[^\n]*?\}\}/g` finds, in one pass. (That pattern
 * rescans to the end of the line from every `{{` that has no `}}` after it: quadratic on a
 * long line of `{{`.) When the first `}}` after a `{{` lies beyond its line, no later `{{`
 * on that line closes either.
 */
export function templateRegions(text: string): [number, number][] {
  const regions: [number, number][] = [];
  let from = 0;
  for (;;) {
    const start = text.indexOf('{{', from);
    if (start < 0) return regions;
    const close = text.indexOf('}}', start + 2);
    const newline = text.indexOf('\n', start);
    if (close >= 0 && (newline < 0 || close < newline)) {
      regions.push([start, close + 2]);
      from = close + 2;
    } else if (newline < 0) {
      return regions;
    } else {
      from = newline + 1;
    }
  }
}

/**
 * Go/Helm templates make YAML unparsable (`name: {{ include "x" . }}`, a line holding only
 * `{{- if ... }}`). Each `{{ ... }}` is replaced by text of the same length, so that every
 * offset still points into the original: a line holding only templates becomes blank, an
 * inline template becomes a plain word. Values that overlap a template are read back from
 * the original text, so they still show the template (and count as references).
 */
function maskTemplates(text: string): Masked {
  const regions = templateRegions(text);
  const chars = text.split('');
  // Regions grouped by line: each line is looked at once, however many templates it holds.
  for (let r = 0; r < regions.length; ) {
    const lineStart = text.lastIndexOf('\n', regions[r]![0] - 1) + 1;
    const nl = text.indexOf('\n', regions[r]![0]);
    const lineEnd = nl < 0 ? text.length : nl;
    let last = r;
    while (last + 1 < regions.length && regions[last + 1]![0] < lineEnd) last++;
    let blank = true;
    let pos = lineStart;
    for (let k = r; k <= last + 1 && blank; k++) {
      const until = k <= last ? regions[k]![0] : lineEnd;
      for (let i = pos; i < until; i++) {
        if (!/\s/.test(text[i]!)) {
          blank = false;
          break;
        }
      }
      if (k <= last) pos = regions[k]![1];
    }
    const fill = blank ? ' ' : '_';
    for (let k = r; k <= last; k++) for (let i = regions[k]![0]; i < regions[k]![1]; i++) chars[i] = fill;
    r = last + 1;
  }
  return { text: chars.join(''), regions };
}

/** Whether [start, end) overlaps a region (binary search: regions are sorted and disjoint). */
function overlaps(regions: [number, number][], start: number, end: number): boolean {
  let lo = 0;
  let hi = regions.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (regions[mid]![1] <= start) lo = mid + 1;
    else hi = mid;
  }
  const region = regions[lo];
  return region !== undefined && region[0] < end && start < region[1];
}

interface Converter {
  doc: Document;
  original: string;
  masked: Masked | null;
  memo: Map<YamlNode, TreeNode | null>;
  /** Collections entered on the way to the current node. */
  depth: number;
  /** Set when content deeper than MAX_YAML_DEPTH was left out. */
  truncated: boolean;
}

/**
 * Deepest nesting read (settings never sit this deep) and deepest nesting the YAML parser is
 * given. The parser recurses once per level: near the stack limit it fails, and V8 can even
 * abort the whole process when it compiles a regular expression there ("RegExpCompiler
 * Allocation failed"), so text estimated deeper than MAX_YAML_NESTING is not parsed at all.
 */
export const MAX_YAML_DEPTH = 200;
const MAX_ERRORS_FOR_TEMPLATE_RETRY = 1000;
export const MAX_YAML_NESTING = 256;

/** `key: |`, `- >-`, `key: !!binary |`, `|2`: the lines after it that are indented deeper are text. */
function isBlockScalarHeader(text: string, lineStart: number, end: number): boolean {
  let i = end - 1;
  while (i >= lineStart && /\s/.test(text[i]!)) i--;
  while (i >= lineStart && /[-+0-9]/.test(text[i]!)) i--;
  if (i < lineStart || (text[i] !== '|' && text[i] !== '>')) return false;
  i--;
  for (;;) {
    if (i < lineStart) return true;
    if (!/\s/.test(text[i]!)) return false;
    while (i >= lineStart && /\s/.test(text[i]!)) i--;
    if (i < lineStart) return true;
    if (text[i] === ':' || text[i] === '-' || text[i] === '?') return true;
    // A tag or an anchor before the indicator: `!!binary |`, `&key |`.
    let j = i;
    while (j >= lineStart && !/\s/.test(text[j]!)) j--;
    if (text[j + 1] !== '!' && text[j + 1] !== '&') return false;
    i = j;
  }
}

/**
 * An upper estimate of how deep a YAML text nests, in one pass: per line, the indentation
 * plus the compact indicators that open it (`- - - x`, `? `), plus the depth of the flow
 * collections (`[`, `{`) open at that point. Brackets inside quoted text and comments count
 * too: an over-estimate needs hundreds of unclosed brackets there, while skipping quotes or
 * comments the way the parser does not (`it's`, `"x #"`) would let real nesting hide.
 * Block scalar content lines do not count. Stops early once `limit` is passed.
 */
export function yamlNestingEstimate(text: string, limit = Infinity): number {
  let max = 0;
  let flow = 0;
  let blockScalarIndent = -1;
  let i = 0;
  while (i < text.length) {
    let indent = 0;
    while (text[i] === ' ') {
      indent++;
      i++;
    }
    const lineStart = i;
    const nl = text.indexOf('\n', i);
    const end = nl < 0 ? text.length : nl;
    const blank = text.slice(lineStart, end).trim() === '';
    if (blockScalarIndent >= 0 && (blank || indent > blockScalarIndent)) {
      i = end + 1;
      continue;
    }
    blockScalarIndent = -1;
    if (text.startsWith('---', i) || text.startsWith('...', i)) flow = 0;
    let depth = indent;
    while ((text[i] === '-' || text[i] === '?' || text[i] === ':') && (text[i + 1] === ' ' || text[i + 1] === '\t')) {
      depth += 2;
      i += 2;
      while (text[i] === ' ' || text[i] === '\t') i++;
    }
    for (; i < end; i++) {
      const c = text[i]!;
      if (c === '[' || c === '{') {
        flow++;
        if (depth + flow > max) max = depth + flow;
        if (max > limit) return max;
      } else if ((c === ']' || c === '}') && flow > 0) flow--;
    }
    if (depth > max) max = depth;
    if (max > limit) return max;
    if (flow === 0 && isBlockScalarHeader(text, lineStart, end)) blockScalarIndent = indent;
    i = Math.max(i, end) + 1;
  }
  return max;
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
  if (c.depth >= MAX_YAML_DEPTH) {
    c.truncated = true;
    return null;
  }
  c.memo.set(node, null); // a node that contains an alias to itself stops here
  c.depth++;
  try {
    const out = convertCollection(node, c);
    c.memo.set(node, out);
    return out;
  } finally {
    c.depth--;
  }
}

function convertCollection(node: YamlNode, c: Converter): TreeNode | null {
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
  return out;
}

function parseDocuments(text: string) {
  // The parser makes an Error per problem; malformed input can hold hundreds of thousands,
  // and capturing a stack trace for each is most of the time spent (none is ever shown).
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return parseAllDocuments(text, { keepSourceTokens: true, uniqueKeys: false, prettyErrors: false, merge: true, strict: false });
  } finally {
    Error.stackTraceLimit = limit;
  }
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
  const nesting = yamlNestingEstimate(text, MAX_YAML_NESTING);
  if (nesting > MAX_YAML_NESTING) {
    return { format: 'yaml', entries, documents, diagnostics: [`${file}: YAML nests more than ${MAX_YAML_NESTING} levels deep; not parsed`], lines };
  }
  try {
    docs = parseDocuments(text);
    // A text this broken is not a template that masking would mend; a second parse would only double the cost.
    if (errorCount(docs) > 0 && errorCount(docs) <= MAX_ERRORS_FOR_TEMPLATE_RETRY && text.includes('{{')) {
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
      const converter: Converter = { doc, original: text, masked, memo: new Map(), depth: 0, truncated: false };
      const root = convert(doc.contents, converter);
      if (converter.truncated) diagnostics.push(`${file}: YAML document ${index + 1} nests more than ${MAX_YAML_DEPTH} levels deep; deeper content is skipped`);
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

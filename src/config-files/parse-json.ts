import { parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { LineIndex } from '../parse/line-index.js';
import { DiagnosticList, diagnosticAt } from './location.js';
import { documentInfo, flattenDocument, type TreeNode, type TreePair, type TreeScalar } from './tree.js';
import type { ParsedConfig } from './types.js';

/** Deepest nesting read (settings never sit this deep); deeper values are skipped with a diagnostic. */
export const MAX_JSON_DEPTH = 200;
/**
 * Deepest bracket nesting handed to the parser, which recurses once per level (a stack
 * overflow near the limit can even abort the process, see MAX_YAML_NESTING).
 */
export const MAX_JSON_NESTING = 512;

/**
 * The deepest `[`/`{` nesting in the text. Brackets inside strings and comments count too:
 * an over-estimate needs hundreds of unclosed brackets there, and never under-estimates.
 */
export function jsonNestingEstimate(text: string, limit = Infinity): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) {
      if (++depth > max) {
        max = depth;
        if (max > limit) return max;
      }
    } else if ((c === 0x5d || c === 0x7d) && depth > 0) depth--;
  }
  return max;
}

function scalar(node: JsonNode, text: string): TreeScalar {
  const range: [number, number] = [node.offset, node.offset + node.length];
  switch (node.type) {
    case 'string':
      return { type: 'scalar', value: String(node.value ?? ''), valueType: 'string', range, contentStart: node.offset + 1 };
    case 'number':
      return { type: 'scalar', value: text.slice(range[0], range[1]), valueType: 'number', range, contentStart: node.offset };
    case 'boolean':
      return { type: 'scalar', value: String(node.value), valueType: 'boolean', range, contentStart: node.offset };
    default:
      return { type: 'scalar', value: '', valueType: 'null', range, contentStart: node.offset };
  }
}

interface ConvertState {
  text: string;
  truncated: boolean;
}

function convert(node: JsonNode | undefined, state: ConvertState, depth: number): TreeNode | null {
  if (!node) return null;
  if (depth > MAX_JSON_DEPTH) {
    state.truncated = true;
    return null;
  }
  const { text } = state;
  if (node.type === 'object') {
    const pairs: TreePair[] = [];
    for (const property of node.children ?? []) {
      const [keyNode, valueNode] = property.children ?? [];
      if (!keyNode || keyNode.type !== 'string') continue;
      pairs.push({ key: scalar(keyNode, text), value: convert(valueNode, state, depth + 1) });
    }
    return { type: 'map', pairs };
  }
  if (node.type === 'array') return { type: 'seq', items: (node.children ?? []).map((c) => convert(c, state, depth + 1)) };
  if (node.type === 'property') return null;
  return scalar(node, text);
}

/** JSON with comments and trailing commas (appsettings, tsconfig-style files); recovers from errors. */
export function parseJson(file: string, text: string): ParsedConfig {
  const lines = new LineIndex(text);
  const diagnostics = new DiagnosticList();
  const errors: ParseError[] = [];
  let root: JsonNode | undefined;
  if (jsonNestingEstimate(text, MAX_JSON_NESTING) > MAX_JSON_NESTING) {
    return { format: 'json', entries: [], documents: [], diagnostics: [`${file}: JSON nests more than ${MAX_JSON_NESTING} levels deep; not parsed`], lines };
  }
  try {
    root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
  } catch (error) {
    return { format: 'json', entries: [], documents: [], diagnostics: [`${file}: JSON parser failed: ${(error as Error).message}`], lines };
  }
  for (const e of errors) diagnostics.push(diagnosticAt(file, lines, e.offset, `JSON: ${printParseErrorCode(e.error)}`));
  const state: ConvertState = { text, truncated: false };
  const tree = convert(root, state, 0);
  if (state.truncated) diagnostics.push(`${file}: JSON nests more than ${MAX_JSON_DEPTH} levels deep; deeper values are skipped`);
  const info = documentInfo(tree, 0);
  const flat = flattenDocument(tree, { file, text, lines, format: 'json', document: info });
  for (const d of flat.diagnostics) diagnostics.push(d);
  return { format: 'json', entries: flat.entries, documents: [info], diagnostics: diagnostics.finish(file), lines };
}

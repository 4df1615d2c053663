import { parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { LineIndex } from '../parse/line-index.js';
import { DiagnosticList, diagnosticAt } from './location.js';
import { documentInfo, flattenDocument, type TreeNode, type TreePair, type TreeScalar } from './tree.js';
import type { ParsedConfig } from './types.js';

const MAX_DEPTH = 200;

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

function convert(node: JsonNode | undefined, text: string, depth: number): TreeNode | null {
  if (!node || depth > MAX_DEPTH) return null;
  if (node.type === 'object') {
    const pairs: TreePair[] = [];
    for (const property of node.children ?? []) {
      const [keyNode, valueNode] = property.children ?? [];
      if (!keyNode || keyNode.type !== 'string') continue;
      pairs.push({ key: scalar(keyNode, text), value: convert(valueNode, text, depth + 1) });
    }
    return { type: 'map', pairs };
  }
  if (node.type === 'array') return { type: 'seq', items: (node.children ?? []).map((c) => convert(c, text, depth + 1)) };
  if (node.type === 'property') return null;
  return scalar(node, text);
}

/** JSON with comments and trailing commas (appsettings, tsconfig-style files); recovers from errors. */
export function parseJson(file: string, text: string): ParsedConfig {
  const lines = new LineIndex(text);
  const diagnostics = new DiagnosticList();
  const errors: ParseError[] = [];
  let root: JsonNode | undefined;
  try {
    root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
  } catch (error) {
    return { format: 'json', entries: [], documents: [], diagnostics: [`${file}: JSON parser failed: ${(error as Error).message}`], lines };
  }
  for (const e of errors) diagnostics.push(diagnosticAt(file, lines, e.offset, `JSON: ${printParseErrorCode(e.error)}`));
  const tree = convert(root, text, 0);
  const info = documentInfo(tree, 0);
  const flat = flattenDocument(tree, { file, text, lines, format: 'json', document: info });
  for (const d of flat.diagnostics) diagnostics.push(d);
  return { format: 'json', entries: flat.entries, documents: [info], diagnostics: diagnostics.finish(file), lines };
}

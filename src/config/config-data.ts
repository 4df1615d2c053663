// Configuration text to plain data, with bounded work. The text comes from the scanned
// repository, so:
// - nesting is measured before any recursive parser sees the text: jsonc-parser recurses
//   once per level (a 100,000-deep array overflowed the stack, exit 3), and the yaml
//   package's composer overflows near a thousand levels and ran out of memory outright on
//   `- - - … x` (a fatal error no catch can handle);
// - every object of the result has no prototype and holds each key as its own property, so
//   `__proto__`, `constructor` and `prototype` are keys that validation sees (and refuses
//   as unknown) instead of a prototype that lends options to the object or pollutes others;
// - YAML aliases are expanded under a depth and a size budget, and one that contains itself
//   is an error (it made the data circular, and reporting it crashed).
import { createScanner, parseTree, printParseErrorCode, SyntaxKind, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { Lexer, parseDocument, Parser, type CST } from 'yaml';

/** Deeper configuration is refused: a real one nests four levels (rules → rule → options → value). */
export const MAX_CONFIG_DEPTH = 64;
/** Values produced from one YAML file, aliases expanded; a file without aliases stays far below it. */
export const MAX_CONFIG_VALUES = 250_000;

export type Parsed = { ok: true; data: unknown } | { ok: false; problems: string[] };

export function parseConfigText(text: string, format: 'json' | 'yaml'): Parsed {
  return format === 'json' ? parseJson(text) : parseYaml(text);
}

const TOO_DEEP = `nested more than ${MAX_CONFIG_DEPTH} levels deep; a jwtlint configuration needs a handful.`;

/** JSON with comments and trailing commas allowed, as editors write `.jwtlintrc.json`. */
function parseJson(text: string): Parsed {
  if (jsonDepthExceeds(text, MAX_CONFIG_DEPTH)) return { ok: false, problems: [TOO_DEEP] };
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  const error = errors[0];
  if (error === undefined) return { ok: true, data: tree === undefined ? undefined : jsonValue(tree) };
  // Only the first error: the ones after it are usually its consequences.
  const before = text.slice(0, error.offset);
  const line = before.split('\n').length;
  const column = error.offset - before.lastIndexOf('\n');
  return { ok: false, problems: [`invalid JSON: ${printParseErrorCode(error.error)} at line ${line}, column ${column}.`] };
}

/**
 * Whether brackets nest deeper than `limit`, counted on the tokens (strings and comments
 * skipped) without recursion, stopping at the first level over the limit. A closing
 * bracket that does not match the innermost open one closes nothing here, so the count is
 * never below the depth the parser reaches.
 */
export function jsonDepthExceeds(text: string, limit: number): boolean {
  const scanner = createScanner(text, true);
  const open: SyntaxKind[] = [];
  for (let token = scanner.scan(); token !== SyntaxKind.EOF; token = scanner.scan()) {
    if (token === SyntaxKind.OpenBraceToken || token === SyntaxKind.OpenBracketToken) {
      open.push(token);
      if (open.length > limit) return true;
    } else if (
      (token === SyntaxKind.CloseBraceToken && open.at(-1) === SyntaxKind.OpenBraceToken) ||
      (token === SyntaxKind.CloseBracketToken && open.at(-1) === SyntaxKind.OpenBracketToken)
    ) {
      open.pop();
    }
  }
  return false;
}

/** The value of a parsed JSON node (its depth already checked), objects without a prototype. */
function jsonValue(node: JsonNode): unknown {
  switch (node.type) {
    case 'object': {
      const object: Record<string, unknown> = Object.create(null);
      for (const property of node.children ?? []) {
        const [key, value] = property.children ?? [];
        if (key !== undefined && value !== undefined) object[key.value as string] = jsonValue(value);
      }
      return object;
    }
    case 'array':
      return (node.children ?? []).map(jsonValue);
    default:
      return node.value;
  }
}

function parseYaml(text: string): Parsed {
  if (yamlDepthExceeds(text, MAX_CONFIG_DEPTH)) return { ok: false, problems: [TOO_DEEP] };
  try {
    // logLevel: no process warning on stderr for anything in the file.
    const document = parseDocument(text, { logLevel: 'error' });
    if (document.errors.length > 0) {
      return { ok: false, problems: document.errors.map((error) => `invalid YAML: ${error.message.split('\n')[0]}`) };
    }
    // Maps stay Maps, so that no key is stringified by the yaml package (with a warning)
    // and plainData sees each key as written. toJS throws on an alias bomb ("Excessive
    // alias count"): a configuration problem, not a crash.
    return { ok: true, data: plainData(document.toJS({ mapAsMap: true }), 0, new Set(), { left: MAX_CONFIG_VALUES }) };
  } catch (error) {
    if (error instanceof ConfigShapeError) return { ok: false, problems: [error.message] };
    return { ok: false, problems: [`invalid YAML: ${String((error as Error).message ?? error).split('\n')[0]}`] };
  }
}

const COLLECTIONS = new Set<string>(['block-map', 'block-seq', 'flow-collection']);

/**
 * Whether collections nest deeper than `limit`, from the yaml package's CST parser, which
 * keeps open collections on an explicit stack (no recursion) and is fed one lexeme at a
 * time, so that a deep file is refused as soon as it gets too deep.
 */
export function yamlDepthExceeds(text: string, limit: number): boolean {
  const parser = new Parser();
  const depth = (stack: readonly CST.Token[]) => stack.filter((token) => COLLECTIONS.has(token.type)).length;
  for (const lexeme of new Lexer().lex(text)) {
    for (const _ of parser.next(lexeme)) {
      // finished documents: only the stack of the one being read matters
    }
    // The stack holds the document, its open collections and at most a scalar: counted
    // only when it is long enough to matter.
    if (parser.stack.length > limit && depth(parser.stack) > limit) return true;
  }
  return false;
}

class ConfigShapeError extends Error {}

/**
 * YAML data (Maps from toJS) as plain data: objects without a prototype, own keys only.
 * Aliases make a tree out of a graph, so depth, size and cycles are checked here too.
 */
function plainData(value: unknown, depth: number, ancestors: Set<object>, budget: { left: number }): unknown {
  if (--budget.left < 0) throw new ConfigShapeError(`more than ${MAX_CONFIG_VALUES} values once aliases are expanded.`);
  if (typeof value !== 'object' || value === null) return value;
  if (ancestors.has(value)) throw new ConfigShapeError('invalid YAML: an alias refers to a collection that contains it.');
  if (depth >= MAX_CONFIG_DEPTH) throw new ConfigShapeError(TOO_DEEP);
  ancestors.add(value);
  let result: unknown;
  if (value instanceof Map) {
    const object: Record<string, unknown> = Object.create(null);
    for (const [key, item] of value) object[plainKey(key)] = plainData(item, depth + 1, ancestors, budget);
    result = object;
  } else if (Array.isArray(value)) {
    result = value.map((item) => plainData(item, depth + 1, ancestors, budget));
  } else {
    throw new ConfigShapeError(`invalid YAML: unsupported value (${Object.prototype.toString.call(value).slice(8, -1)}).`);
  }
  ancestors.delete(value);
  return result;
}

/** Scalar keys as the yaml package would stringify them; a collection as a key is refused. */
function plainKey(key: unknown): string {
  if (key === null) return '';
  if (typeof key === 'object') throw new ConfigShapeError('invalid YAML: a key is a list or a map; keys must be plain names.');
  return String(key);
}

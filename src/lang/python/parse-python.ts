// Python source through tree-sitter (tree-sitter-python 0.25, ABI 15, on the same
// web-tree-sitter 0.27 runtime as the Terraform reader in src/config-files/parse-hcl.ts).
// One parse per file; the grammar is loaded once per process (`loadPythonParser`, awaited by
// the engine before the first Python file). Syntax errors never throw: the well-formed parts
// of the tree are still read, and the first error is located for an `unparsable` note.
import type { Node, Tree } from 'web-tree-sitter';
import { loadGrammar, type GrammarState } from '../../parse/tree-sitter.js';

let state: GrammarState | undefined;
let loading: Promise<void> | undefined;

/** Starts tree-sitter and loads the Python grammar, once per process; never rejects (a failure becomes each file's note). */
export function loadPythonParser(): Promise<void> {
  loading ??= loadGrammar('tree-sitter-python.wasm', 'tree-sitter-python').then((loaded) => {
    state = loaded;
  });
  return loading;
}

export interface ParsedPython {
  tree: Tree | null;
  /** Why the file could not be read, or where its first syntax error is (1-based line and column). */
  error?: { message: string; line?: number; column?: number };
}

/** Parses one Python file; the caller deletes the tree. Never throws. */
export function parsePython(text: string): ParsedPython {
  if (!state) void loadPythonParser();
  if (!state || 'error' in state) return { tree: null, error: { message: `the Python parser ${state ? `failed to load: ${state.error}` : 'is not loaded'}` } };
  const tree = state.parser.parse(text);
  if (!tree) return { tree: null, error: { message: 'tree-sitter returned no tree' } };
  if (!tree.rootNode.hasError) return { tree };
  const bad = firstError(tree.rootNode);
  return { tree, error: { message: bad?.isMissing ? `missing ${bad.type}` : 'syntax error', ...(bad && { line: bad.startPosition.row + 1, column: bad.startPosition.column + 1 }) } };
}

function firstError(root: Node): Node | null {
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.isMissing || n.isError) return n;
    if (!n.hasError) continue;
    for (let i = n.childCount - 1; i >= 0; i--) {
      const c = n.child(i);
      if (c) stack.push(c);
    }
  }
  return null;
}

/** Text that may hold a PyJWT call: the file imports the `jwt` module. */
export function pythonMayMatter(text: string): boolean {
  return /^[ \t]*(?:import[ \t]+(?:[\w.]+[ \t]*,[ \t]*)*jwt\b|from[ \t]+jwt[ \t]+import\b)/m.test(text);
}

// Go source through tree-sitter (tree-sitter-go 0.25 on the shared web-tree-sitter runtime,
// src/parse/tree-sitter.ts). One parse per file; the grammar is loaded once per process.
// Syntax errors never throw: the rest of the tree is read and the first error is located.
import type { Node, Tree } from 'web-tree-sitter';
import { loadGrammar, type GrammarState } from '../../parse/tree-sitter.js';
import { mayHoldTokenLiteral } from '../token-strings.js';

let state: GrammarState | undefined;
let loading: Promise<void> | undefined;

/** Starts tree-sitter and loads the Go grammar, once per process; never rejects. */
export function loadGoParser(): Promise<void> {
  loading ??= loadGrammar('tree-sitter-go.wasm', 'tree-sitter-go').then((loaded) => {
    state = loaded;
  });
  return loading;
}

export interface ParsedGo {
  tree: Tree | null;
  /** Why the file could not be read, or where its first syntax error is (1-based line and column). */
  error?: { message: string; line?: number; column?: number };
}

/** Parses one Go file; the caller deletes the tree. Never throws. */
export function parseGo(text: string): ParsedGo {
  if (!state) void loadGoParser();
  if (!state || 'error' in state) return { tree: null, error: { message: `the Go parser ${state ? `failed to load: ${state.error}` : 'is not loaded'}` } };
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

/**
 * Known Go JWT modules by import-path prefix, and whether this front end reads their calls.
 * The library name reported is the module path (`github.com/golang-jwt/jwt/v5`).
 */
export const GO_JWT_MODULES: readonly { prefix: string; modelled: boolean }[] = [
  { prefix: 'github.com/golang-jwt/jwt', modelled: true },
  { prefix: 'github.com/dgrijalva/jwt-go', modelled: true },
  { prefix: 'github.com/form3tech-oss/jwt-go', modelled: true },
  { prefix: 'github.com/lestrrat-go/jwx', modelled: true },
  { prefix: 'github.com/go-jose/go-jose', modelled: true },
  { prefix: 'gopkg.in/square/go-jose', modelled: true },
  { prefix: 'gopkg.in/go-jose/go-jose', modelled: true },
  { prefix: 'github.com/square/go-jose', modelled: true },
  { prefix: 'github.com/appleboy/gin-jwt', modelled: false },
  { prefix: 'github.com/kataras/jwt', modelled: false },
  { prefix: 'github.com/cristalhq/jwt', modelled: false },
  { prefix: 'github.com/pascaldekloe/jwt', modelled: false },
  { prefix: 'github.com/gbrlsnchs/jwt', modelled: false },
  { prefix: 'github.com/labstack/echo-jwt', modelled: true },
  { prefix: 'github.com/gofiber/contrib/jwt', modelled: true },
  { prefix: 'github.com/gofiber/jwt', modelled: true },
  { prefix: 'github.com/auth0/go-jwt-middleware', modelled: false },
];

/** The module an import path belongs to (`github.com/golang-jwt/jwt/v5/request` → `github.com/golang-jwt/jwt/v5`), if known. */
export function goJwtModule(importPath: string): { name: string; modelled: boolean } | null {
  for (const m of GO_JWT_MODULES) {
    if (importPath !== m.prefix && !importPath.startsWith(`${m.prefix}/`) && !importPath.startsWith(`${m.prefix}.`)) continue;
    // Keep a major-version suffix (`/v5`, `.v2`) in the name; drop sub-packages.
    const rest = importPath.slice(m.prefix.length);
    const major = /^(?:\/v\d+|\.v\d+)/.exec(rest)?.[0] ?? '';
    return { name: m.prefix + major, modelled: m.modelled };
  }
  return null;
}

/** Text that may hold a JWT call: the file names a known JWT module's import path (plain substring tests, linear). */
export function goMayMatter(text: string): boolean {
  for (const m of GO_JWT_MODULES) if (text.includes(m.prefix)) return true;
  // A JWT written into the source (`hardcoded-token`), whatever the file imports.
  if (mayHoldTokenLiteral(text)) return true;
  // echo's own JWT middleware lives in its general middleware package.
  return text.includes('middleware.JWT') && text.includes('github.com/labstack/echo');
}

const importSpecsByTree = new WeakMap<Tree, Node[]>();

/**
 * The file's `import_spec` nodes. Imports sit in top-level declarations only, so this reads
 * those (not the whole tree), once per tree: every adapter asks for them.
 */
export function importSpecs(root: Node): Node[] {
  const cached = importSpecsByTree.get(root.tree);
  if (cached) return cached;
  const specs: Node[] = [];
  for (const decl of root.namedChildren) {
    if (decl?.type !== 'import_declaration') continue;
    for (const spec of decl.descendantsOfType('import_spec')) if (spec) specs.push(spec);
  }
  importSpecsByTree.set(root.tree, specs);
  return specs;
}

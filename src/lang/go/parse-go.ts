// Go source through tree-sitter (tree-sitter-go 0.25 on the shared web-tree-sitter runtime,
// src/parse/tree-sitter.ts). One parse per file; the grammar is loaded once per process.
// Syntax errors never throw: the rest of the tree is read and the first error is located.
import type { Node, Tree } from 'web-tree-sitter';
import { TreeSitterLanguage, type ParsedSource } from '../../parse/tree-sitter.js';
import { mayHoldTokenLiteral } from '../token-strings.js';

const GO = new TreeSitterLanguage('Go', 'tree-sitter-go.wasm', 'tree-sitter-go');

/** Starts tree-sitter and loads the Go grammar, once per process; never rejects (a failure becomes each file's note). */
export function loadGoParser(): Promise<void> {
  return GO.load();
}

export type ParsedGo = ParsedSource;

/** Parses one Go file; the caller deletes the tree. Never throws. */
export function parseGo(text: string): ParsedGo {
  return GO.parse(text);
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

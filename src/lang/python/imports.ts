// What a Python file imports, read once from its tree: the local names each import binds
// (`import a.b as c`, `from .config import KEY as K`, `from . import settings`) and the
// modules it names, for the library adapters (which library a name is) and for the
// cross-module resolver (which repository module a name comes from).
import type { Node } from 'web-tree-sitter';

export interface ImportBinding {
  /** The local name the import binds. */
  local: string;
  /** Dotted module name without the leading dots of a relative import (`''` for `from . import x`). */
  module: string;
  /** The imported name (`from m import name`), or null when the local name is the module itself. */
  name: string | null;
  /** Leading dots of a relative import (0 for absolute). */
  level: number;
}

export interface PythonImports {
  /** Local name → its import; a later import of the same name wins. */
  bindings: Map<string, ImportBinding>;
  /** `from m import *`: where unresolved names may come from. */
  stars: { module: string; level: number }[];
  /** Every absolute module named (`jose.jwt`, `authlib.jose`, `flask_jwt_extended`). */
  modules: Set<string>;
}

function relative(node: Node): { module: string; level: number } {
  if (node.type !== 'relative_import') return { module: node.text, level: 0 };
  const prefix = node.namedChildren.find((c) => c?.type === 'import_prefix');
  const dotted = node.namedChildren.find((c) => c?.type === 'dotted_name');
  return { module: dotted?.text ?? '', level: prefix?.text.length ?? 1 };
}

export function pythonImports(root: Node): PythonImports {
  const out: PythonImports = { bindings: new Map(), stars: [], modules: new Set() };
  for (const stmt of root.descendantsOfType(['import_statement', 'import_from_statement'])) {
    if (!stmt) continue;
    if (stmt.type === 'import_statement') {
      for (const name of stmt.childrenForFieldName('name')) {
        if (!name) continue;
        if (name.type === 'dotted_name') {
          out.modules.add(name.text);
          // `import a.b.c` binds `a`.
          const first = name.text.split('.')[0]!;
          out.bindings.set(first, { local: first, module: first, name: null, level: 0 });
        } else if (name.type === 'aliased_import') {
          const target = name.childForFieldName('name');
          const alias = name.childForFieldName('alias');
          if (!target || !alias) continue;
          out.modules.add(target.text);
          out.bindings.set(alias.text, { local: alias.text, module: target.text, name: null, level: 0 });
        }
      }
      continue;
    }
    const moduleNode = stmt.childForFieldName('module_name');
    if (!moduleNode) continue;
    const { module, level } = relative(moduleNode);
    if (level === 0) out.modules.add(module);
    if (stmt.namedChildren.some((c) => c?.type === 'wildcard_import')) out.stars.push({ module, level });
    for (const name of stmt.childrenForFieldName('name')) {
      if (!name) continue;
      const imported = name.type === 'aliased_import' ? name.childForFieldName('name')?.text : name.text;
      const local = name.type === 'aliased_import' ? name.childForFieldName('alias')?.text : name.text;
      if (!imported || !local) continue;
      if (level === 0) out.modules.add(`${module}.${imported}`);
      out.bindings.set(local, { local, module, name: imported, level });
    }
  }
  return out;
}

/** The full dotted module an import binding names when it is a module (`from authlib import jose` → `authlib.jose`). */
export function bindingPath(b: ImportBinding): string {
  if (b.name === null) return b.module;
  return b.module ? `${b.module}.${b.name}` : b.name;
}

/** True when `module` is `prefix` or inside it. */
export function within(module: string, prefix: string): boolean {
  return module === prefix || module.startsWith(`${prefix}.`);
}

/** Known Python JWT libraries by their import root; `modelled: false` ones are named in a note, not read. */
const KNOWN: { prefix: string; name: string; modelled: boolean }[] = [
  { prefix: 'jwt', name: 'PyJWT', modelled: true },
  { prefix: 'jose', name: 'python-jose', modelled: true },
  { prefix: 'authlib.jose', name: 'Authlib', modelled: true },
  { prefix: 'authlib.integrations', name: 'Authlib (OAuth client and server integrations)', modelled: false },
  { prefix: 'authlib.oauth2', name: 'Authlib (OAuth client and server integrations)', modelled: false },
  { prefix: 'authlib.oidc', name: 'Authlib (OAuth client and server integrations)', modelled: false },
  { prefix: 'flask_jwt_extended', name: 'Flask-JWT-Extended', modelled: true },
  { prefix: 'rest_framework_simplejwt', name: 'djangorestframework-simplejwt', modelled: true },
  { prefix: 'rest_framework_jwt', name: 'djangorestframework-jwt', modelled: true },
  { prefix: 'fastapi_jwt_auth', name: 'fastapi-jwt-auth', modelled: true },
  { prefix: 'async_fastapi_jwt_auth', name: 'fastapi-jwt-auth', modelled: true },
  { prefix: 'flask_jwt', name: 'Flask-JWT', modelled: false },
  { prefix: 'jwcrypto', name: 'jwcrypto', modelled: false },
  { prefix: 'josepy', name: 'josepy', modelled: false },
  { prefix: 'joserfc', name: 'joserfc', modelled: false },
  { prefix: 'fastapi_users.jwt', name: 'fastapi-users', modelled: false },
  { prefix: 'ninja_jwt', name: 'django-ninja-jwt', modelled: false },
  { prefix: 'graphql_jwt', name: 'django-graphql-jwt', modelled: false },
];

/** The known JWT libraries among the modules a file imports (and the settings it configures). */
export function knownLibraries(modules: Iterable<string>): { name: string; modelled: boolean }[] {
  const found = new Map<string, boolean>();
  for (const module of modules) {
    for (const k of KNOWN) if (within(module, k.prefix)) found.set(k.name, k.modelled);
  }
  return [...found].map(([name, modelled]) => ({ name, modelled }));
}

/** Import roots the prefilter looks for (PyJWT, python-jose, Authlib and the frameworks above). */
export const IMPORT_ROOTS = ['jwt', 'jose', 'authlib', 'flask_jwt_extended', 'rest_framework_simplejwt', 'rest_framework_jwt', 'fastapi_jwt_auth', 'async_fastapi_jwt_auth', 'flask_jwt', 'jwcrypto', 'josepy', 'joserfc', 'fastapi_users', 'ninja_jwt', 'graphql_jwt'];

/** The dotted path a callee names through the file's imports (`jwt.decode` after `from jose import jwt` → `jose.jwt.decode`), or null. */
export function qualifiedName(node: Node, imports: PythonImports): string | null {
  const parts: string[] = [];
  let n: Node | null = node;
  for (let i = 0; n && i < 8; i++) {
    if (n.type === 'identifier') {
      const b = imports.bindings.get(n.text);
      if (!b) return null;
      return [bindingPath(b), ...parts.reverse()].join('.');
    }
    if (n.type !== 'attribute') return null;
    const attr = n.childForFieldName('attribute');
    if (!attr) return null;
    parts.push(attr.text);
    n = n.childForFieldName('object');
  }
  return null;
}

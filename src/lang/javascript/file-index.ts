import type * as t from '@babel/types';
import type { FileBudget } from '../../facts/budget.js';

// One iterative traversal per file builds everything later phases ask about: parents,
// lexical scopes with their bindings, imports/exports, and the candidate nodes that
// adapters and fact extractors look at. Iterative so that deeply nested input cannot
// overflow the stack.

export type PatternStep = { key: string; defaultValue?: t.Expression } | { index: number; defaultValue?: t.Expression } | { rest: true };

export type Binding =
  | { kind: 'import'; name: string; source: string; imported: string; node: t.Node }
  | { kind: 'var'; name: string; declKind: 'const' | 'let' | 'var'; id: t.Identifier; init: t.Expression | null; path: PatternStep[]; scope: Scope }
  | { kind: 'param'; name: string; id: t.Identifier; fn: t.Function; index: number; path: PatternStep[]; defaultValue?: t.Expression; scope: Scope }
  | { kind: 'function'; name: string; node: t.Function }
  | { kind: 'class'; name: string; node: t.Class };

export interface Scope {
  parent: Scope | null;
  bindings: Map<string, Binding>;
  /** The function that owns this scope (null at module level). */
  fn: t.Function | null;
}

export type ExportEntry =
  | { kind: 'local'; name: string }
  | { kind: 'expr'; node: t.Expression }
  | { kind: 'reexport'; source: string; imported: string };

/** What the traversal recorded about each node of the file: looked up like a map. */
export interface NodeFacts<V> {
  get(node: t.Node): V | undefined;
  /** Nodes recorded. */
  readonly size: number;
}

export interface FileIndex {
  file: string;
  text: string;
  ast: t.File;
  programScope: Scope;
  parentOf: NodeFacts<t.Node | null>;
  scopeOf: NodeFacts<Scope>;
  exports: Map<string, ExportEntry>;
  starExports: string[];
  /** The value of `module.exports = ...` when it is not an object literal. */
  calls: t.CallExpression[];
  news: t.NewExpression[];
  strings: (t.StringLiteral | t.TemplateLiteral)[];
  assignments: t.AssignmentExpression[];
  classes: t.Class[];
  objects: t.ObjectExpression[];
  directives: string[];
  usesBrowserGlobals: boolean;
  /** The file holds JSX (an element or a fragment): a component module. */
  hasJsx: boolean;
  /**
   * Every Identifier node, in traversal order (references, declarations, property names
   * alike): what the decode facts read to find the uses of a binding, once per file.
   */
  identifiers: t.Identifier[];
  /** Module specifiers imported or required, for the prefilter and the module graph. */
  importSources: Set<string>;
}

const BROWSER_GLOBALS = new Set(['window', 'document', 'localStorage', 'sessionStorage']);

// A node's parent and scope are kept on the node itself, under symbols: two maps of several
// hundred thousand entries (a 1.8 MB file) cost more than the parse. Each AST belongs to one
// index (one parse per file), so the node is the cheapest key.
const PARENT: unique symbol = Symbol('jwtlint.parent');
const SCOPE: unique symbol = Symbol('jwtlint.scope');
type Annotated = t.Node & { [PARENT]?: t.Node | null; [SCOPE]?: Scope };

class NodeFactsOnNodes<V> implements NodeFacts<V> {
  size = 0;
  constructor(private readonly key: typeof PARENT | typeof SCOPE) {}
  get(node: t.Node): V | undefined {
    return (node as Annotated)[this.key] as V | undefined;
  }
}
// Node properties that are not child nodes. Children are found by shape (an object with a
// string `type`), which spares loading @babel/types' visitor tables at start-up.
const NOT_CHILDREN = new Set(['type', 'loc', 'start', 'end', 'range', 'extra', 'leadingComments', 'trailingComments', 'innerComments', 'comments', 'tokens', 'errors']);

function isFunction(node: t.Node): node is t.Function {
  return (
    node.type === 'FunctionDeclaration' ||
    node.type === 'FunctionExpression' ||
    node.type === 'ArrowFunctionExpression' ||
    node.type === 'ObjectMethod' ||
    node.type === 'ClassMethod' ||
    node.type === 'ClassPrivateMethod'
  );
}

function newScope(parent: Scope | null, fn: t.Function | null): Scope {
  return { parent, bindings: new Map(), fn };
}

function functionScopeOf(scope: Scope): Scope {
  let s = scope;
  while (s.parent && !isScopeRoot(s)) s = s.parent;
  return s;
}

const scopeRoots = new WeakSet<Scope>();
function isScopeRoot(scope: Scope): boolean {
  return scopeRoots.has(scope);
}

/** Names bound by a pattern, with the destructuring path from the initialiser to each. */
export function patternBindings(pattern: t.Node, path: PatternStep[] = [], out: { id: t.Identifier; path: PatternStep[] }[] = []) {
  switch (pattern.type) {
    case 'Identifier':
      out.push({ id: pattern, path });
      break;
    case 'AssignmentPattern': {
      const last = path[path.length - 1];
      if (last && !('rest' in last)) {
        const withDefault = [...path.slice(0, -1), { ...last, defaultValue: pattern.right }];
        patternBindings(pattern.left, withDefault, out);
      } else {
        patternBindings(pattern.left, path, out);
      }
      break;
    }
    case 'ObjectPattern':
      for (const prop of pattern.properties) {
        if (prop.type === 'RestElement') {
          patternBindings(prop.argument, [...path, { rest: true }], out);
        } else {
          const key = propertyKeyName(prop.key, prop.computed);
          if (key === null) continue;
          patternBindings(prop.value, [...path, { key }], out);
        }
      }
      break;
    case 'ArrayPattern':
      pattern.elements.forEach((el, index) => {
        if (!el) return;
        if (el.type === 'RestElement') patternBindings(el.argument, [...path, { rest: true }], out);
        else patternBindings(el, [...path, { index }], out);
      });
      break;
    case 'RestElement':
      patternBindings(pattern.argument, [...path, { rest: true }], out);
      break;
    case 'TSParameterProperty':
      patternBindings(pattern.parameter, path, out);
      break;
    default:
      break;
  }
  return out;
}

export function propertyKeyName(key: t.Node, computed: boolean): string | null {
  if (!computed && key.type === 'Identifier') return key.name;
  if (key.type === 'StringLiteral') return key.value;
  if (key.type === 'NumericLiteral') return String(key.value);
  if (computed && key.type === 'TemplateLiteral' && key.expressions.length === 0) return key.quasis[0]?.value.cooked ?? null;
  return null;
}

export function lookup(scope: Scope | undefined, name: string): Binding | undefined {
  for (let s: Scope | null | undefined = scope; s; s = s.parent) {
    const b = s.bindings.get(name);
    if (b) return b;
  }
  return undefined;
}

function declare(scope: Scope, binding: Binding) {
  if (!scope.bindings.has(binding.name) || binding.kind !== 'var' || binding.declKind !== 'var') scope.bindings.set(binding.name, binding);
}

function moduleSource(node: t.Node | null | undefined): string | null {
  if (!node) return null;
  if (node.type === 'StringLiteral') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0]?.value.cooked ?? null;
  return null;
}

export function requireSource(node: t.Node | null | undefined): string | null {
  if (!node || node.type !== 'CallExpression') return null;
  if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments.length >= 1) return moduleSource(node.arguments[0]);
  if (node.callee.type === 'Import') return moduleSource(node.arguments[0]);
  return null;
}

/** Throws FileBudgetExceeded (and builds nothing further) when `budget` is spent. */
export function indexFile(file: string, text: string, ast: t.File, budget?: FileBudget): FileIndex {
  // The parse just done counts: a file whose parse alone spent the budget goes no further.
  budget?.check();
  const programScope = newScope(null, null);
  scopeRoots.add(programScope);
  const index: FileIndex = {
    file,
    text,
    ast,
    programScope,
    parentOf: new NodeFactsOnNodes<t.Node | null>(PARENT),
    scopeOf: new NodeFactsOnNodes<Scope>(SCOPE),
    exports: new Map(),
    starExports: [],
    calls: [],
    news: [],
    strings: [],
    assignments: [],
    classes: [],
    objects: [],
    directives: ast.program.directives.map((d) => d.value.value),
    usesBrowserGlobals: false,
    hasJsx: false,
    identifiers: [],
    importSources: new Set(),
  };

  // Three parallel stacks instead of a frame object per node.
  const nodes: t.Node[] = [ast.program];
  const parents: (t.Node | null)[] = [null];
  const scopes: Scope[] = [programScope];
  let visited = 0;
  while (nodes.length > 0) {
    budget?.tick();
    const node = nodes.pop()! as Annotated;
    const parent = parents.pop()!;
    const scope = scopes.pop()!;
    node[PARENT] = parent;
    node[SCOPE] = scope;
    visited++;
    let childScope = scope;

    switch (node.type) {
      case 'ImportDeclaration': {
        index.importSources.add(node.source.value);
        for (const spec of node.specifiers) {
          const imported =
            spec.type === 'ImportDefaultSpecifier'
              ? 'default'
              : spec.type === 'ImportNamespaceSpecifier'
                ? '*'
                : spec.imported.type === 'Identifier'
                  ? spec.imported.name
                  : spec.imported.value;
          declare(programScope, { kind: 'import', name: spec.local.name, source: node.source.value, imported, node: spec });
        }
        break;
      }
      case 'TSImportEqualsDeclaration': {
        const ref = node.moduleReference;
        if (ref.type === 'TSExternalModuleReference') {
          index.importSources.add(ref.expression.value);
          declare(scope, { kind: 'import', name: node.id.name, source: ref.expression.value, imported: '*', node });
        }
        break;
      }
      case 'VariableDeclaration': {
        const target = node.kind === 'var' ? functionScopeOf(scope) : scope;
        for (const decl of node.declarations) {
          for (const { id, path } of patternBindings(decl.id)) {
            declare(target, {
              kind: 'var',
              name: id.name,
              declKind: node.kind === 'var' ? 'var' : node.kind === 'let' ? 'let' : 'const',
              id,
              init: decl.init ?? null,
              path,
              scope: target,
            });
          }
        }
        break;
      }
      case 'FunctionDeclaration':
        if (node.id) declare(scope, { kind: 'function', name: node.id.name, node });
        break;
      case 'ClassDeclaration':
        if (node.id) declare(scope, { kind: 'class', name: node.id.name, node });
        index.classes.push(node);
        break;
      case 'ClassExpression':
        index.classes.push(node);
        break;
      case 'CallExpression': {
        index.calls.push(node);
        const src = requireSource(node);
        if (src !== null) index.importSources.add(src);
        break;
      }
      case 'NewExpression':
        index.news.push(node);
        break;
      case 'StringLiteral':
        index.strings.push(node);
        break;
      case 'TemplateLiteral':
        if (node.expressions.length === 0) index.strings.push(node);
        break;
      case 'AssignmentExpression':
        index.assignments.push(node);
        collectCommonJsExport(index, node);
        break;
      case 'ObjectExpression':
        index.objects.push(node);
        break;
      case 'JSXElement':
      case 'JSXFragment':
        index.hasJsx = true;
        break;
      case 'Identifier':
        index.identifiers.push(node);
        if (BROWSER_GLOBALS.has(node.name) && parent && parent.type === 'MemberExpression' && parent.object === node) {
          index.usesBrowserGlobals = true;
        }
        break;
      case 'ExportNamedDeclaration':
        collectNamedExport(index, node);
        break;
      case 'ExportDefaultDeclaration': {
        const decl = node.declaration;
        if ((decl.type === 'FunctionDeclaration' || decl.type === 'ClassDeclaration') && decl.id) {
          index.exports.set('default', { kind: 'local', name: decl.id.name });
        } else if (decl.type !== 'TSDeclareFunction') {
          index.exports.set('default', { kind: 'expr', node: decl as t.Expression });
        }
        break;
      }
      case 'ExportAllDeclaration':
        index.importSources.add(node.source.value);
        index.starExports.push(node.source.value);
        break;
      case 'TSExportAssignment':
        index.exports.set('default', { kind: 'expr', node: node.expression });
        break;
      default:
        break;
    }

    if (isFunction(node)) {
      childScope = newScope(scope, node);
      scopeRoots.add(childScope);
      if (node.type === 'FunctionExpression' && node.id) declare(childScope, { kind: 'function', name: node.id.name, node });
      node.params.forEach((param, i) => {
        for (const { id, path } of patternBindings(param)) {
          const top = param.type === 'AssignmentPattern' && param.left.type === 'Identifier' ? param.right : undefined;
          declare(childScope, { kind: 'param', name: id.name, id, fn: node, index: i, path, defaultValue: top, scope: childScope });
        }
      });
    } else if (
      node.type === 'BlockStatement' ||
      node.type === 'ForStatement' ||
      node.type === 'ForInStatement' ||
      node.type === 'ForOfStatement' ||
      node.type === 'SwitchStatement' ||
      node.type === 'StaticBlock'
    ) {
      childScope = newScope(scope, scope.fn);
    } else if (node.type === 'CatchClause') {
      childScope = newScope(scope, scope.fn);
      if (node.param) for (const { id, path } of patternBindings(node.param)) {
        declare(childScope, { kind: 'var', name: id.name, declKind: 'let', id, init: null, path, scope: childScope });
      }
    }

    const record = node as unknown as Record<string, unknown>;
    const keys = Object.keys(record);
    for (let k = keys.length - 1; k >= 0; k--) {
      const key = keys[k]!;
      if (NOT_CHILDREN.has(key)) continue;
      const value = record[key];
      if (Array.isArray(value)) {
        for (let i = value.length - 1; i >= 0; i--) {
          const child = value[i] as t.Node | null;
          if (child && typeof child.type === 'string') {
            nodes.push(child);
            parents.push(node);
            scopes.push(childScope);
          }
        }
      } else if (value && typeof (value as t.Node).type === 'string') {
        nodes.push(value as t.Node);
        parents.push(node);
        scopes.push(childScope);
      }
    }
  }
  (index.parentOf as NodeFactsOnNodes<t.Node | null>).size = visited;
  (index.scopeOf as NodeFactsOnNodes<Scope>).size = visited;
  return index;
}

function collectNamedExport(index: FileIndex, node: t.ExportNamedDeclaration) {
  if (node.source) index.importSources.add(node.source.value);
  const decl = node.declaration;
  if (decl) {
    if (decl.type === 'VariableDeclaration') {
      for (const d of decl.declarations) for (const { id } of patternBindings(d.id)) index.exports.set(id.name, { kind: 'local', name: id.name });
    } else if ((decl.type === 'FunctionDeclaration' || decl.type === 'ClassDeclaration') && decl.id) {
      index.exports.set(decl.id.name, { kind: 'local', name: decl.id.name });
    }
  }
  for (const spec of node.specifiers) {
    const exported = spec.exported.type === 'Identifier' ? spec.exported.name : spec.exported.value;
    if (spec.type === 'ExportSpecifier') {
      if (node.source) index.exports.set(exported, { kind: 'reexport', source: node.source.value, imported: spec.local.name });
      else index.exports.set(exported, { kind: 'local', name: spec.local.name });
    } else if (spec.type === 'ExportNamespaceSpecifier' && node.source) {
      index.exports.set(exported, { kind: 'reexport', source: node.source.value, imported: '*' });
    } else if (spec.type === 'ExportDefaultSpecifier' && node.source) {
      index.exports.set(exported, { kind: 'reexport', source: node.source.value, imported: 'default' });
    }
  }
}

function isModuleExports(node: t.Node): boolean {
  return (
    node.type === 'MemberExpression' &&
    node.object.type === 'Identifier' &&
    node.object.name === 'module' &&
    !node.computed &&
    node.property.type === 'Identifier' &&
    node.property.name === 'exports'
  );
}

// CommonJS: `module.exports = { a, b }`, `module.exports = value`, `exports.x = ...`,
// `module.exports.x = ...`. Only the common static shapes; anything else stays unknown.
function collectCommonJsExport(index: FileIndex, node: t.AssignmentExpression) {
  if (node.operator !== '=') return;
  const left = node.left;
  if (isModuleExports(left)) {
    index.exports.set('default', { kind: 'expr', node: node.right });
    if (node.right.type === 'ObjectExpression') {
      for (const prop of node.right.properties) {
        if (prop.type === 'ObjectProperty') {
          const key = propertyKeyName(prop.key, prop.computed);
          if (key !== null && prop.value.type !== 'RestElement' && !prop.value.type.endsWith('Pattern')) {
            index.exports.set(key, { kind: 'expr', node: prop.value as t.Expression });
          }
        } else if (prop.type === 'ObjectMethod') {
          const key = propertyKeyName(prop.key, prop.computed);
          if (key !== null) index.exports.set(key, { kind: 'expr', node: prop as unknown as t.Expression });
        }
      }
    }
    return;
  }
  if (left.type === 'MemberExpression' && !left.computed && left.property.type === 'Identifier') {
    const target = left.object;
    if ((target.type === 'Identifier' && target.name === 'exports') || isModuleExports(target)) {
      index.exports.set(left.property.name, { kind: 'expr', node: node.right });
    }
  }
}

/** The innermost function enclosing a node, or null at module level. */
export function enclosingFunction(index: FileIndex, node: t.Node): t.Function | null {
  return index.scopeOf.get(node)?.fn ?? null;
}

export function nodeText(index: FileIndex, node: t.Node): string {
  return index.text.slice(node.start ?? 0, node.end ?? 0);
}

// Value resolution inside one Python file: literals, assignments to names (the enclosing
// function's, then the module's), environment reads with their literal fallbacks. Reads of
// settings objects (`settings.X`, `config.X`) and anything computed stay unknown.
import type { Node, Tree } from 'web-tree-sitter';
import type { SourceLocation } from '../../facts/model.js';
import { LineIndex } from '../../parse/line-index.js';
import { pythonImports, type PythonImports } from './imports.js';

export type PyValue =
  | { kind: 'string'; value: string; node: Node }
  | { kind: 'number'; value: number; node: Node }
  | { kind: 'bool'; value: boolean; node: Node }
  | { kind: 'none'; node: Node }
  /**
   * `os.environ['X']`, `os.getenv('X', 'lit')`, `os.getenv('X') or 'lit'`, django-environ
   * `env('X', default='lit')`, python-decouple `config('X', default='lit')`, a pydantic
   * `BaseSettings` field (`SECRET_KEY: str = 'lit'`): `node` is the read.
   */
  | { kind: 'env'; name: string; node: Node; fallback?: { value: string; node: Node }; numericFallback?: { value: number; node: Node } }
  | { kind: 'dict'; node: Node; name?: string; scope?: Node }
  | { kind: 'list'; node: Node }
  /** A parameter of the enclosing function. */
  | { kind: 'parameter'; name: string; node: Node }
  /** Any other expression, for the adapter to read (calls, arithmetic). */
  | { kind: 'expr'; node: Node }
  | { kind: 'unknown'; node: Node };

const MAX_DEPTH = 12;
// A class body is a scope of its own: `class Config: SECRET_KEY = ...` is no module-level name.
const SCOPES = new Set(['function_definition', 'lambda', 'class_definition']);

/** The string a `string` node spells, or null when it interpolates (`f"{x}"`). */
export function stringValue(node: Node): string | null {
  if (node.type === 'concatenated_string') {
    let out = '';
    for (const part of node.namedChildren) {
      const v = part ? stringValue(part) : null;
      if (v === null) return null;
      out += v;
    }
    return out;
  }
  if (node.type !== 'string') return null;
  let out = '';
  for (const child of node.namedChildren) {
    if (!child) continue;
    if (child.type === 'interpolation') return null;
    if (child.type === 'string_content') out += child.text;
  }
  return out;
}

function numberValue(node: Node): number | null {
  const text = node.text.replace(/_/g, '');
  const n = node.type === 'integer' ? Number(text) : Number.parseFloat(text);
  return Number.isFinite(n) ? n : null;
}

export function unwrapParens(node: Node): Node {
  let n = node;
  for (let i = 0; i < MAX_DEPTH && n.type === 'parenthesized_expression' && n.namedChildren.length === 1 && n.namedChildren[0]; i++) n = n.namedChildren[0];
  return n;
}

/** `a.b.c` as text for attribute chains of identifiers (up to 32 parts); null otherwise. */
export function dottedName(node: Node): string | null {
  const parts: string[] = [];
  let n: Node | null = node;
  // Iterative: a hostile file can nest attribute chains deeper than the call stack.
  for (let i = 0; n && i < 32; i++) {
    if (n.type === 'identifier') return [n.text, ...parts.reverse()].join('.');
    if (n.type !== 'attribute') return null;
    const attribute = n.childForFieldName('attribute');
    if (!attribute) return null;
    parts.push(attribute.text);
    n = n.childForFieldName('object');
  }
  return null;
}

const ENV_GETTERS = /^(?:os\.)?(?:environ\.get|getenv)$/;
const ENV_MAPPING = /^(?:os\.)?environ$/;

export interface CallArguments {
  positional: Node[];
  keywords: Map<string, { name: Node; value: Node }>;
  /** `*args` or `**kwargs` in the call: any option may be set there. */
  splat: boolean;
}

export function callArguments(call: Node): CallArguments {
  const out: CallArguments = { positional: [], keywords: new Map(), splat: false };
  const list = call.childForFieldName('arguments');
  for (const arg of list?.namedChildren ?? []) {
    if (!arg || arg.type === 'comment') continue;
    if (arg.type === 'keyword_argument') {
      const name = arg.childForFieldName('name');
      const value = arg.childForFieldName('value');
      if (name && value) out.keywords.set(name.text, { name, value });
    } else if (arg.type === 'list_splat' || arg.type === 'dictionary_splat') out.splat = true;
    else out.positional.push(arg);
  }
  return out;
}

/** One entry of a dict literal: found, absent, or unknowable (`**other` inside it). */
export type DictEntry = { found: 'yes'; key: Node; value: Node } | { found: 'no' } | { found: 'unknown' };

interface Assignment {
  value: Node;
  at: number;
  /** The whole assignment (its annotation and target), for class fields. */
  node: Node;
}

/**
 * Values of names this file imports or reads off another module (`from .config import KEY`,
 * `settings.SECRET_KEY`): set by the front end when it can read the repository's other
 * modules (src/lang/python/modules.ts). Returns null when it cannot tell.
 */
export interface PythonLinker {
  /** A module-level name bound by an import (or a star import) of `resolver`'s file. */
  importedName(resolver: PythonResolver, name: string, depth: number): PyValue | null;
  /** Where an imported module-level name is written (its module's resolver and the raw expression). */
  definitionOf?(resolver: PythonResolver, name: string): { resolver: PythonResolver; node: Node } | null;
  /** `a.b.NAME` where `a` is not a local value: a module attribute or a settings object's field. */
  attribute(resolver: PythonResolver, node: Node, depth: number): PyValue | null;
}

/** Which resolver owns a tree, so a value found in another module is located in its own file. */
const OWNERS = new WeakMap<Tree, PythonResolver>();

export class PythonResolver {
  readonly lines: LineIndex;
  readonly imports: PythonImports;
  linker: PythonLinker | null = null;
  /** Per scope (function node id, or 0 for the module): name → assignments in source order. */
  private readonly assignments = new Map<number, Map<string, Assignment[]>>();
  /** Per scope: `name['key'] = value` writes, and names changed by `.update(...)`/other subscript writes. */
  private readonly keyWrites = new Map<number, Map<string, { key: string; value: Node; keyNode: Node }[]>>();
  private readonly opaque = new Map<number, Set<string>>();

  constructor(
    readonly file: string,
    text: string,
    readonly root: Node,
  ) {
    this.lines = new LineIndex(text);
    this.imports = pythonImports(root);
    this.index(root);
    OWNERS.set(root.tree, this);
  }

  /** The resolver of the file a node belongs to (another module's, for an imported value). */
  ownerOf(node: Node): PythonResolver {
    return node.tree === this.root.tree ? this : (OWNERS.get(node.tree) ?? this);
  }

  loc(node: Node): SourceLocation {
    if (node.tree !== this.root.tree) {
      const owner = OWNERS.get(node.tree);
      if (owner && owner !== this) return owner.loc(node);
    }
    const start = this.lines.position(node.startIndex);
    const end = this.lines.position(node.endIndex);
    return { file: this.file, line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
  }

  /** The innermost function (or class body) around a node, or null at module level. */
  scopeOf(node: Node): Node | null {
    for (let n = node.parent; n; n = n.parent) if (SCOPES.has(n.type)) return n;
    return null;
  }

  /** One pass in WebAssembly (`descendantsOfType`), not a walk that brings every node into JS. */
  private index(root: Node) {
    const updates = root.text.includes('.update(');
    for (const n of root.descendantsOfType(updates ? ['assignment', 'call'] : ['assignment'])) {
      if (!n) continue;
      if (n.type === 'assignment') this.record(n);
      else {
        // `payload.update(...)`: the dict's entries are no longer what its literal says.
        const fn = n.childForFieldName('function');
        if (fn?.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'update') {
          const object = fn.childForFieldName('object');
          if (object?.type === 'identifier') this.opaqueOf(this.scopeOf(n)).add(object.text);
        }
      }
    }
  }

  private opaqueOf(scope: Node | null): Set<string> {
    const id = scope?.id ?? 0;
    let set = this.opaque.get(id);
    if (!set) this.opaque.set(id, (set = new Set()));
    return set;
  }

  private record(n: Node) {
    const left = n.childForFieldName('left');
    const scope = this.scopeOf(n);
    const id = scope?.id ?? 0;
    // `SECRET_KEY: str` (a pydantic field without default): the annotation is its own value.
    const right = n.childForFieldName('right') ?? (scope?.type === 'class_definition' ? n.childForFieldName('type') : null);
    if (!left || !right) return;
    if (left.type === 'identifier') {
      let names = this.assignments.get(id);
      if (!names) this.assignments.set(id, (names = new Map()));
      const list = names.get(left.text) ?? [];
      list.push({ value: right, at: n.startIndex, node: n });
      names.set(left.text, list);
    } else if (left.type === 'subscript') {
      const value = left.childForFieldName('value');
      const subscript = left.childForFieldName('subscript');
      if (value?.type !== 'identifier') return;
      const key = subscript ? stringValue(subscript) : null;
      if (key === null || !subscript) {
        this.opaqueOf(scope).add(value.text);
        return;
      }
      let writes = this.keyWrites.get(id);
      if (!writes) this.keyWrites.set(id, (writes = new Map()));
      const list = writes.get(value.text) ?? [];
      list.push({ key, value: right, keyNode: subscript });
      writes.set(value.text, list);
    }
  }

  /** The value assigned to `name` as seen at `at`: the last assignment before it in the scope, else the scope's last one. */
  private assigned(name: string, scope: Node | null, at: number): Node | null {
    const list = this.assignments.get(scope?.id ?? 0)?.get(name);
    if (!list || list.length === 0) return null;
    // An assignment inside a function runs when the function runs: only one before the use counts there.
    const before = list.filter((a) => a.at < at);
    if (scope) return before.length > 0 ? before[before.length - 1]!.value : null;
    return (before.length > 0 ? before[before.length - 1]! : list[list.length - 1]!).value;
  }

  private isParameter(name: string, scope: Node): Node | null {
    const params = scope.childForFieldName('parameters');
    for (const p of params?.namedChildren ?? []) {
      if (!p) continue;
      const id = p.type === 'identifier' ? p : (p.childForFieldName('name') ?? p.namedChildren.find((c) => c?.type === 'identifier') ?? null);
      if (id?.text === name) return id;
    }
    return null;
  }

  resolve(node: Node, depth = 0): PyValue {
    const n = unwrapParens(node);
    if (depth > MAX_DEPTH) return { kind: 'unknown', node: n };
    switch (n.type) {
      case 'string':
      case 'concatenated_string': {
        const value = stringValue(n);
        return value === null ? { kind: 'unknown', node: n } : { kind: 'string', value, node: n };
      }
      case 'integer':
      case 'float': {
        const value = numberValue(n);
        return value === null ? { kind: 'unknown', node: n } : { kind: 'number', value, node: n };
      }
      case 'true':
      case 'false':
        return { kind: 'bool', value: n.type === 'true', node: n };
      case 'none':
        return { kind: 'none', node: n };
      case 'dictionary':
        return { kind: 'dict', node: n };
      case 'list':
      case 'tuple':
        return { kind: 'list', node: n };
      case 'identifier': {
        for (let scope = this.scopeOf(n); ; scope = scope ? this.scopeOf(scope) : null) {
          const value = this.assigned(n.text, scope, n.startIndex);
          if (value) {
            const v = this.resolve(value, depth + 1);
            return v.kind === 'dict' ? { ...v, name: n.text, ...(scope && { scope }) } : v;
          }
          if (scope) {
            const param = this.isParameter(n.text, scope);
            if (param) return { kind: 'parameter', name: n.text, node: param };
          }
          if (!scope) break;
        }
        return this.linker?.importedName(this, n.text, depth + 1) ?? { kind: 'unknown', node: n };
      }
      case 'subscript': {
        const value = n.childForFieldName('value');
        const subscript = n.childForFieldName('subscript');
        const name = subscript ? stringValue(subscript) : null;
        if (value && name !== null && ENV_MAPPING.test(dottedName(value) ?? '')) return { kind: 'env', name, node: n };
        return { kind: 'expr', node: n };
      }
      case 'call': {
        const fn = n.childForFieldName('function');
        const callee = fn ? dottedName(fn) : null;
        if (callee && (ENV_GETTERS.test(callee) || this.isEnvReader(callee))) {
          const args = callArguments(n);
          const first = args.positional[0];
          const name = first ? stringValue(first) : null;
          if (name === null) return { kind: 'unknown', node: n };
          const second = args.positional[1] ?? args.keywords.get('default')?.value;
          const fallback = second ? this.resolve(second, depth + 1) : null;
          return {
            kind: 'env',
            name,
            node: n,
            ...(fallback?.kind === 'string' && { fallback: { value: fallback.value, node: fallback.node } }),
            ...(fallback?.kind === 'number' && { numericFallback: { value: fallback.value, node: fallback.node } }),
          };
        }
        return { kind: 'expr', node: n };
      }
      case 'boolean_operator': {
        // `os.getenv('X') or 'lit'`
        const left = n.childForFieldName('left');
        const right = n.childForFieldName('right');
        const operator = n.childForFieldName('operator')?.text ?? n.children.find((c) => c?.type === 'or' || c?.type === 'and')?.type;
        if (operator !== 'or' || !left || !right) return { kind: 'expr', node: n };
        const l = this.resolve(left, depth + 1);
        const r = this.resolve(right, depth + 1);
        if (l.kind === 'env' && !l.fallback && r.kind === 'string') return { ...l, node: n, fallback: { value: r.value, node: r.node } };
        if (l.kind === 'env') return l;
        return { kind: 'expr', node: n };
      }
      case 'binary_operator': {
        // Constant arithmetic (`60 * 60 * 24`); anything else is left to the adapter.
        const left = n.childForFieldName('left');
        const right = n.childForFieldName('right');
        const operator = n.childForFieldName('operator')?.text;
        const l = left ? this.resolve(left, depth + 1) : null;
        const r = right ? this.resolve(right, depth + 1) : null;
        if (l?.kind === 'number' && r?.kind === 'number') {
          const value = operator === '*' ? l.value * r.value : operator === '+' ? l.value + r.value : operator === '-' ? l.value - r.value : operator === '/' || operator === '//' ? (r.value === 0 ? NaN : l.value / r.value) : operator === '**' && Math.abs(r.value) <= 64 ? l.value ** r.value : NaN;
          if (Number.isFinite(value)) return { kind: 'number', value: operator === '//' ? Math.floor(value) : value, node: n };
        }
        return { kind: 'expr', node: n };
      }
      case 'attribute':
        // `settings.JWT_SECRET`, `config.SECRET_KEY`: read in the module that defines them, when it can be found.
        return this.linker?.attribute(this, n, depth + 1) ?? { kind: 'unknown', node: n };
      default:
        return { kind: 'expr', node: n };
    }
  }

  /**
   * python-decouple `config('X', default=...)` and django-environ `env('X', default=...)` /
   * `env.str('X', ...)` where `env = environ.Env(...)`: reads of the environment (or `.env`).
   */
  private isEnvReader(callee: string): boolean {
    const parts = callee.split('.');
    const base = parts[0]!;
    const binding = this.imports.bindings.get(base);
    if (parts.length === 1 && binding?.module === 'decouple' && binding.name === 'config') return true;
    if (parts.length > 2) return false;
    if (parts.length === 2 && !/^(?:str|bool|int|list|json|url|db_url|cache_url|path)$/.test(parts[1]!)) return false;
    const assigned = this.assignments.get(0)?.get(base);
    let value = assigned?.[assigned.length - 1]?.value;
    let owner: PythonResolver = this;
    // `from config.env import env`: the reader is built in another module.
    if (!value && binding?.name) {
      const found = this.linker?.definitionOf?.(this, base);
      if (found) [owner, value] = [found.resolver, found.node];
    }
    if (value?.type !== 'call') return false;
    const ctor = value.childForFieldName('function');
    const ctorName = ctor ? dottedName(ctor) : null;
    // django-environ `environ.Env()`, environs `Env()`, Starlette `Config('.env')`.
    if (ctorName === 'environ.Env') return owner.imports.bindings.get('environ')?.module === 'environ';
    const ctorModule = ctorName ? owner.imports.bindings.get(ctorName)?.module : undefined;
    if (ctorName === 'Env') return ctorModule === 'environ' || ctorModule === 'environs';
    if (ctorName === 'Config') return ctorModule === 'starlette.config';
    return false;
  }

  /** A module-level name's value (the last module-level assignment), for another module's resolver. */
  moduleValue(name: string, depth = 0): PyValue | null {
    const list = this.assignments.get(0)?.get(name);
    if (!list || list.length === 0) return null;
    const v = this.resolve(list[list.length - 1]!.value, depth + 1);
    return v.kind === 'dict' ? { ...v, name } : v;
  }

  /** The right-hand side of a module-level name's last assignment, as written. */
  moduleAssignment(name: string): Node | null {
    const list = this.assignments.get(0)?.get(name);
    return list && list.length > 0 ? list[list.length - 1]!.value : null;
  }

  /** A class attribute as written in the class body (`SECRET_KEY = ...`, `SECRET_KEY: str = ...`): its assignment. */
  classAttribute(cls: Node, name: string): Node | null {
    const list = this.assignments.get(cls.id)?.get(name);
    return list && list.length > 0 ? list[list.length - 1]!.node : null;
  }

  /** The resolver's MAX_DEPTH, for linkers that keep counting. */
  static readonly MAX_DEPTH = MAX_DEPTH;

  /** An entry of a dict value, including `name['key'] = v` writes after the literal in the same scope. */
  entry(dict: PyValue & { kind: 'dict' }, key: string): DictEntry {
    let splat = false;
    for (const pair of dict.node.namedChildren) {
      if (!pair) continue;
      if (pair.type === 'dictionary_splat') splat = true;
      if (pair.type !== 'pair') continue;
      const k = pair.childForFieldName('key');
      const v = pair.childForFieldName('value');
      if (k && v && stringValue(k) === key) return { found: 'yes', key: k, value: v };
    }
    if (dict.name) {
      const id = dict.scope?.id ?? 0;
      const write = this.keyWrites.get(id)?.get(dict.name)?.find((w) => w.key === key);
      if (write) return { found: 'yes', key: write.keyNode, value: write.value };
      if (this.opaque.get(id)?.has(dict.name)) return { found: 'unknown' };
    }
    return splat ? { found: 'unknown' } : { found: 'no' };
  }
}

const TIMEDELTA_UNITS: Record<string, number> = { weeks: 604_800, days: 86_400, hours: 3_600, minutes: 60, seconds: 1, milliseconds: 0.001, microseconds: 0.000_001 };

/** Seconds of `timedelta(days=30)` / `datetime.timedelta(hours=1, minutes=5)` with literal arguments; undefined if not such a call; null if unresolvable. */
export function timedeltaSeconds(node: Node, resolver: PythonResolver): number | null | undefined {
  const n = unwrapParens(node);
  if (n.type !== 'call') return undefined;
  const fn = n.childForFieldName('function');
  if (!/(?:^|\.)timedelta$/.test((fn && dottedName(fn)) ?? '')) return undefined;
  const args = callArguments(n);
  if (args.splat) return null;
  const positional = ['days', 'seconds', 'microseconds', 'milliseconds', 'minutes', 'hours', 'weeks'];
  let total = 0;
  const parts: [string, Node][] = [...args.positional.map((p, i) => [positional[i] ?? '', p] as [string, Node]), ...[...args.keywords].map(([k, v]) => [k, v.value] as [string, Node])];
  for (const [unit, valueNode] of parts) {
    const factor = TIMEDELTA_UNITS[unit];
    const v = resolver.resolve(valueNode);
    // `timedelta(seconds=env('TTL', default=604800))`: the default is the lifetime unless set.
    const value = v.kind === 'number' ? v.value : v.kind === 'env' && v.numericFallback ? v.numericFallback.value : null;
    if (factor === undefined || value === null) return null;
    total += value * factor;
  }
  return total;
}

/**
 * Where a lifetime's value is written: the literal default of an environment read when a
 * `timedelta` takes its one argument from one (`timedelta(seconds=env("TTL", default=604800))`),
 * else the expression itself.
 */
export function lifetimeValueNode(node: Node, resolver: PythonResolver): { node: Node; resolver: PythonResolver } {
  const n = unwrapParens(node);
  if (n.type !== 'call') return { node: n, resolver };
  const args = callArguments(n);
  const only = args.positional.length + args.keywords.size === 1 ? (args.positional[0] ?? [...args.keywords.values()][0]!.value) : null;
  if (!only) return { node: n, resolver };
  const v = resolver.resolve(only);
  if (v.kind === 'env' && v.numericFallback) return { node: v.numericFallback.node, resolver: resolver.ownerOf(v.numericFallback.node) };
  return { node: n, resolver };
}

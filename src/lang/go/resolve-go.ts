// The Go value resolver: literals (interpreted and raw strings, `[]byte("…")`), constants and
// variables (the function's own `:=`/`var`/`=` first, then the package's, and the package
// spans every .go file of the folder that declares the same package), environment reads
// (`os.Getenv`, `os.LookupEnv`, getenv helpers with a fallback parameter, `if v == "" { v =
// "lit" }`), viper settings with their `SetDefault` literal, and Go durations in nanoseconds
// (`24 * time.Hour`, `time.Duration(n) * time.Minute`). Anything computed stays `expr`.
import type { Node } from 'web-tree-sitter';
import type { SourceLocation } from '../../facts/model.js';
import { LineIndex } from '../../parse/line-index.js';
import type { LanguageSources } from '../front-end.js';
import { parseGo } from './parse-go.js';

export type GoValue =
  /** `direct` when the literal is the expression itself (no name in between). */
  | { kind: 'string'; value: string; loc: SourceLocation; direct: boolean }
  /** A number; `duration` when typed `time.Duration` (value in nanoseconds). */
  | { kind: 'number'; value: number; duration: boolean; loc: SourceLocation }
  /** An environment read; `loc` is the read. */
  | { kind: 'env'; name: string; loc: SourceLocation; fallback?: { value: string; loc: SourceLocation; route: 'env-fallback' } }
  /** A viper setting; `fallback` is its `SetDefault` literal. */
  | { kind: 'config'; key: string; loc: SourceLocation; fallback?: { value: string; loc: SourceLocation; route: 'config-default' } }
  | { kind: 'parameter'; name: string; index: number; loc: SourceLocation; fn: Node }
  | { kind: 'nil'; loc: SourceLocation }
  /** Any other expression of this file, for the adapter to read. */
  | { kind: 'expr'; node: Node; loc: SourceLocation }
  | { kind: 'unknown'; loc: SourceLocation };

const MAX_DEPTH = 12;
const SCOPES = new Set(['function_declaration', 'method_declaration', 'func_literal']);
const NS: Record<string, number> = { Nanosecond: 1, Microsecond: 1e3, Millisecond: 1e6, Second: 1e9, Minute: 60e9, Hour: 3600e9 };

/** The text a Go string literal spells (escapes decoded), or null for anything else. */
export function goString(node: Node): string | null {
  if (node.type === 'raw_string_literal') return node.text.slice(1, -1).replace(/\r/g, '');
  if (node.type !== 'interpreted_string_literal') return null;
  let out = '';
  for (const c of node.namedChildren) {
    if (!c) continue;
    if (c.type === 'interpreted_string_literal_content') out += c.text;
    else if (c.type === 'escape_sequence') out += unescape(c.text);
  }
  return out;
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\', "'": "'", a: '\x07', b: '\b', f: '\f', v: '\v' };

function unescape(seq: string): string {
  const c = seq[1] ?? '';
  if (c in SIMPLE_ESCAPES) return SIMPLE_ESCAPES[c]!;
  if (c === 'x' || c === 'u' || c === 'U') return String.fromCodePoint(Number.parseInt(seq.slice(2), 16) || 0);
  if (/[0-7]/.test(c)) return String.fromCharCode(Number.parseInt(seq.slice(1), 8) || 0);
  return seq;
}

export function unwrapParens(node: Node): Node {
  let n = node;
  for (let i = 0; i < MAX_DEPTH && n.type === 'parenthesized_expression' && n.namedChildren[0]; i++) n = n.namedChildren[0];
  return n;
}

/** `a.b.c` for selector chains of identifiers; null otherwise. */
export function dotted(node: Node): string | null {
  const n = unwrapParens(node);
  if (n.type === 'identifier' || n.type === 'package_identifier' || n.type === 'field_identifier' || n.type === 'type_identifier') return n.text;
  if (n.type === 'selector_expression') {
    const operand = n.childForFieldName('operand');
    const field = n.childForFieldName('field');
    const base = operand ? dotted(operand) : null;
    return base && field ? `${base}.${field.text}` : null;
  }
  return null;
}

/** Arguments of a call, without comments; `spread` when the last is `xs...`. */
export function callArgs(call: Node): { args: Node[]; spread: boolean } {
  const list = call.childForFieldName('arguments');
  const args: Node[] = [];
  let spread = false;
  for (let i = 0; list && i < list.childCount; i++) {
    const c = list.child(i);
    if (!c) continue;
    if (c.type === '...') spread = true;
    if (c.isNamed && c.type !== 'comment') args.push(c);
  }
  return { args, spread };
}

/** The inner expression of `[]byte(x)` / `string(x)` conversions, else the node. */
export function unwrapConversion(node: Node): Node {
  let n = unwrapParens(node);
  for (let i = 0; i < 4; i++) {
    if (n.type === 'type_conversion_expression') {
      const type = n.childForFieldName('type')?.text.replace(/\s+/g, '');
      const operand = n.childForFieldName('operand');
      if (!operand || (type !== '[]byte' && type !== 'string' && type !== '[]uint8')) return n;
      n = unwrapParens(operand);
    } else if (n.type === 'call_expression') {
      // `string(x)` parses as a call.
      const fn = n.childForFieldName('function');
      const { args } = callArgs(n);
      if (fn?.type !== 'identifier' || fn.text !== 'string' || args.length !== 1) return n;
      n = unwrapParens(args[0]!);
    } else return n;
  }
  return n;
}

/** The names a scope's parameter list binds, in order (`a, b string` is two). */
export function parameterNames(fn: Node): Node[] {
  const out: Node[] = [];
  for (const p of fn.childForFieldName('parameters')?.namedChildren ?? []) {
    if (!p || (p.type !== 'parameter_declaration' && p.type !== 'variadic_parameter_declaration')) continue;
    for (const name of p.childrenForFieldName('name')) if (name) out.push(name);
  }
  return out;
}

interface Binding {
  value: Node;
  at: number;
  /** `x = "lit"` inside `if x == "" {…}`: a fallback for what x held before. */
  fallbackFor?: string;
  /** `v, ok := f()`: which result of a multi-value call. */
  result?: number;
}

/** A getenv helper: `func getEnv(key, fallback string) string` reads the variable named by parameter `name` and returns parameter `fallback`. */
export interface EnvHelper {
  name: number;
  fallback?: number;
}

/** Package-level facts of a sibling file, kept without its tree. */
interface SiblingFacts {
  pkg: string | null;
  values: Map<string, GoValue>;
  helpers: Map<string, EnvHelper>;
  defaults: Map<string, { value: string; loc: SourceLocation }>;
}

/** Per run (per `LanguageSources`): each sibling file read once, by path. */
const siblingCache = new WeakMap<LanguageSources, Map<string, SiblingFacts | null>>();
/** Per run: the non-test .go files of each folder. */
const dirCache = new WeakMap<LanguageSources, Map<string, string[]>>();

function packageName(root: Node): string | null {
  for (const c of root.namedChildren) if (c?.type === 'package_clause') return c.namedChildren[0]?.text ?? null;
  return null;
}

function isTestGo(path: string): boolean {
  return path.endsWith('_test.go');
}

export class GoResolver {
  readonly lines: LineIndex;
  readonly pkg: string | null;
  /** Package-level const/var of this file: name → value. */
  private readonly pkgValues = new Map<string, Binding>();
  /** Package-level functions of this file. */
  readonly functions = new Map<string, Node>();
  /** Methods of this file by name. */
  readonly methods = new Map<string, Node[]>();
  /** Per function scope (node id): name → bindings in source order. */
  private readonly locals = new Map<number, Map<string, Binding[]>>();
  /** Package-level names given a fallback anywhere (`func init() { if k == "" { k = "lit" } }`). */
  private readonly pkgFallbacks = new Map<string, Node>();
  /** `m["key"] = v` writes per scope and name. */
  private readonly indexWrites = new Map<number, Map<string, { key: string; value: Node; keyNode: Node }[]>>();
  /** `x.Field = v` / `x.A.Field = v` writes per scope and name. */
  private readonly fieldWrites = new Map<number, Map<string, { path: string; value: Node; target: Node }[]>>();
  /** viper `SetDefault("key", "lit")` calls of this file. */
  private readonly defaults = new Map<string, { value: string; loc: SourceLocation }>();
  private helpersCache?: Map<string, EnvHelper>;
  private siblings?: SiblingFacts[];
  /** Imports of packages outside the standard library: local name → import path. */
  private readonly imports = new Map<string, string>();

  constructor(
    readonly file: string,
    text: string,
    readonly root: Node,
    private readonly sources?: LanguageSources,
    private readonly tick: () => void = () => {},
  ) {
    this.lines = new LineIndex(text);
    this.pkg = packageName(root);
    this.index();
  }

  loc(node: Node): SourceLocation {
    const start = this.lines.position(node.startIndex);
    const end = this.lines.position(node.endIndex);
    return { file: this.file, line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
  }

  scopeOf(node: Node): Node | null {
    for (let n = node.parent; n; n = n.parent) if (SCOPES.has(n.type)) return n;
    return null;
  }

  /** One pass in WebAssembly (`descendantsOfType`), not a walk that brings every node into JS. */
  private index() {
    const types = ['function_declaration', 'method_declaration', 'const_spec', 'var_spec', 'short_var_declaration', 'assignment_statement', 'import_spec'];
    // Only `viper.SetDefault(...)` calls are recorded.
    if (this.root.text.includes('SetDefault')) types.push('call_expression');
    for (const n of this.root.descendantsOfType(types)) {
      if (!n) continue;
      this.tick();
      switch (n.type) {
        case 'function_declaration': {
          const name = n.childForFieldName('name')?.text;
          if (name) this.functions.set(name, n);
          break;
        }
        case 'method_declaration': {
          const name = n.childForFieldName('name')?.text;
          if (name) this.methods.set(name, [...(this.methods.get(name) ?? []), n]);
          break;
        }
        case 'const_spec':
        case 'var_spec':
          this.recordSpec(n);
          break;
        case 'short_var_declaration':
        case 'assignment_statement':
          this.recordAssignment(n);
          break;
        case 'call_expression':
          this.recordDefault(n);
          break;
        case 'import_spec': {
          const path = n.childForFieldName('path');
          const value = path ? goString(path) : null;
          const name = n.childForFieldName('name');
          // Only module paths (`github.com/org/app/config`) can be packages of the scanned repository.
          if (value && value.split('/')[0]!.includes('.') && name?.type !== 'blank_identifier' && name?.type !== 'dot') this.imports.set(name?.text ?? value.slice(value.lastIndexOf('/') + 1), value);
          break;
        }
      }
    }
  }

  private bind(scope: Node | null, name: string, b: Binding) {
    if (name === '_') return;
    if (!scope) {
      if (b.fallbackFor) return;
      if (!this.pkgValues.has(name)) this.pkgValues.set(name, b);
      return;
    }
    let names = this.locals.get(scope.id);
    if (!names) this.locals.set(scope.id, (names = new Map()));
    names.set(name, [...(names.get(name) ?? []), b]);
  }

  private recordSpec(spec: Node) {
    const names = spec.childrenForFieldName('name').filter((x): x is Node => !!x);
    const values = spec.childForFieldName('value')?.namedChildren.filter((x): x is Node => !!x && x.type !== 'comment') ?? [];
    const scope = this.scopeOf(spec);
    names.forEach((name, i) => {
      const value = values.length === names.length ? values[i] : values.length === 1 && names.length > 1 ? values[0] : undefined;
      if (value) this.bind(scope, name.text, { value, at: spec.startIndex, ...(values.length === 1 && names.length > 1 && { result: i }) });
    });
  }

  private recordAssignment(n: Node) {
    const left = n.childForFieldName('left')?.namedChildren.filter((x): x is Node => !!x) ?? [];
    const right = n.childForFieldName('right')?.namedChildren.filter((x): x is Node => !!x && x.type !== 'comment') ?? [];
    const operator = n.type === 'assignment_statement' ? n.childForFieldName('operator')?.text ?? n.children.find((c) => c && !c.isNamed)?.text : ':=';
    const scope = this.scopeOf(n);
    left.forEach((target, i) => {
      const value = right.length === left.length ? right[i] : right.length === 1 ? right[0] : undefined;
      if (!value) return;
      if (target.type === 'identifier') {
        if (operator !== '=' && operator !== ':=') return;
        const fallbackFor = n.type === 'assignment_statement' && this.isEmptyGuarded(n, target.text) ? target.text : undefined;
        const declaredHere = scope && (n.type === 'short_var_declaration' || this.locals.get(scope.id)?.has(target.text) || parameterNames(scope).some((p) => p.text === target.text));
        if (fallbackFor && scope && !declaredHere) {
          this.pkgFallbacks.set(target.text, value);
          return;
        }
        if (n.type === 'assignment_statement' && scope && !declaredHere) return;
        this.bind(scope, target.text, { value, at: n.startIndex, ...(fallbackFor && { fallbackFor }), ...(right.length === 1 && left.length > 1 && { result: i }) });
      } else if (target.type === 'index_expression') {
        const operand = target.childForFieldName('operand');
        const index = target.childForFieldName('index');
        const key = index ? goString(index) : null;
        if (operand?.type !== 'identifier' || key === null || !index) return;
        const id = scope?.id ?? 0;
        let writes = this.indexWrites.get(id);
        if (!writes) this.indexWrites.set(id, (writes = new Map()));
        writes.set(operand.text, [...(writes.get(operand.text) ?? []), { key, value, keyNode: index }]);
      } else if (target.type === 'selector_expression') {
        const path = dotted(target);
        if (!path) return;
        const [base, ...rest] = path.split('.');
        const id = scope?.id ?? 0;
        let writes = this.fieldWrites.get(id);
        if (!writes) this.fieldWrites.set(id, (writes = new Map()));
        writes.set(base!, [...(writes.get(base!) ?? []), { path: rest.join('.'), value, target }]);
      }
    });
  }

  /** `x = v` inside `if x == "" { … }` (or `len(x) == 0`). */
  private isEmptyGuarded(assign: Node, name: string): boolean {
    const block = assign.parent?.type === 'statement_list' ? assign.parent.parent : assign.parent;
    const ifs = block?.parent;
    if (ifs?.type !== 'if_statement' || ifs.childForFieldName('consequence')?.id !== block?.id) return false;
    const cond = ifs.childForFieldName('condition');
    if (cond?.type !== 'binary_expression') return false;
    const text = cond.text.replace(/\s+/g, '');
    return text === `${name}==""` || text === `""==${name}` || text === `len(${name})==0`;
  }

  private recordDefault(call: Node) {
    const fn = call.childForFieldName('function');
    if (fn?.type !== 'selector_expression' || fn.childForFieldName('field')?.text !== 'SetDefault') return;
    const { args } = callArgs(call);
    const key = args[0] ? goString(args[0]) : null;
    const value = args[1] ? goString(unwrapConversion(args[1])) : null;
    if (key !== null && value !== null && !this.defaults.has(key.toLowerCase())) this.defaults.set(key.toLowerCase(), { value, loc: this.loc(unwrapConversion(args[1]!)) });
  }

  /** Index writes `name["key"] = v` in a scope. */
  indexWritesOf(scope: Node | null, name: string) {
    return this.indexWrites.get(scope?.id ?? 0)?.get(name) ?? [];
  }

  /** Field writes `name.A.B = v` in a scope (`path` is `A.B`). */
  fieldWritesOf(scope: Node | null, name: string) {
    return this.fieldWrites.get(scope?.id ?? 0)?.get(name) ?? [];
  }

  /** The local binding of `name` visible at `at` in `scope` (the last one before it), with the fallbacks written after it. */
  private localBinding(scope: Node, name: string, at: number): { base: Binding | null; fallback: Node | null } | null {
    const list = this.locals.get(scope.id)?.get(name);
    if (!list) return null;
    let fallback: Node | null = null;
    for (let i = list.length - 1; i >= 0; i--) {
      const b = list[i]!;
      if (b.at >= at) continue;
      if (b.fallbackFor) {
        fallback ??= b.value;
        continue;
      }
      return { base: b, fallback };
    }
    return fallback ? { base: null, fallback } : null;
  }

  /** The binding a name refers to at `node`: innermost function first, then the package. */
  binding(node: Node): { value: Node; scope: Node | null; result?: number } | null {
    for (let scope = this.scopeOf(node); scope; scope = this.scopeOf(scope)) {
      const b = this.localBinding(scope, node.text, node.startIndex);
      if (b?.base) return { value: b.base.value, scope, ...(b.base.result !== undefined && { result: b.base.result }) };
    }
    const p = this.pkgValues.get(node.text);
    return p ? { value: p.value, scope: null, ...(p.result !== undefined && { result: p.result }) } : null;
  }

  /** Getenv helpers of the package: this file's and its siblings'. */
  helpers(): Map<string, EnvHelper> {
    if (!this.helpersCache) {
      this.helpersCache = envHelpers(this.functions);
      for (const s of this.siblingFacts()) for (const [k, v] of s.helpers) if (!this.helpersCache.has(k)) this.helpersCache.set(k, v);
    }
    return this.helpersCache;
  }

  private viperDefault(key: string) {
    return this.defaults.get(key.toLowerCase()) ?? this.siblingFacts().map((s) => s.defaults.get(key.toLowerCase())).find((d) => d);
  }

  /** Sibling files of the same folder and package (not test files unless this one is). */
  private siblingFacts(): SiblingFacts[] {
    if (this.siblings) return this.siblings;
    this.siblings = [];
    const sources = this.sources;
    if (!sources || !this.pkg) return this.siblings;
    const slash = this.file.lastIndexOf('/');
    const dir = slash < 0 ? '' : this.file.slice(0, slash + 1);
    let cache = siblingCache.get(sources);
    if (!cache) siblingCache.set(sources, (cache = new Map()));
    for (const path of sources.paths) {
      this.tick();
      if (path === this.file || !path.startsWith(dir) || path.indexOf('/', dir.length) >= 0 || !path.endsWith('.go')) continue;
      if (isTestGo(path) && !isTestGo(this.file)) continue;
      let facts = cache.get(path);
      if (facts === undefined) {
        facts = readSibling(path, sources, this.tick);
        cache.set(path, facts);
      }
      if (facts && facts.pkg === this.pkg) this.siblings.push(facts);
    }
    return this.siblings;
  }

  /** Package facts of an imported package of the scanned repository: the folder whose path ends the import path (longest match). */
  private importedPackage(local: string): SiblingFacts[] {
    const importPath = this.imports.get(local);
    const sources = this.sources;
    if (!importPath || !sources) return [];
    let dirs = dirCache.get(sources);
    if (!dirs) {
      dirs = new Map();
      for (const path of sources.paths) {
        if (!path.endsWith('.go') || isTestGo(path)) continue;
        const slash = path.lastIndexOf('/');
        const dir = slash < 0 ? '' : path.slice(0, slash);
        dirs.set(dir, [...(dirs.get(dir) ?? []), path]);
      }
      dirCache.set(sources, dirs);
    }
    let best: string | null = null;
    for (const dir of dirs.keys()) {
      this.tick();
      if (dir !== '' && (importPath === dir || importPath.endsWith(`/${dir}`)) && (best === null || dir.length > best.length)) best = dir;
    }
    if (best === null) return [];
    let cache = siblingCache.get(sources);
    if (!cache) siblingCache.set(sources, (cache = new Map()));
    const out: SiblingFacts[] = [];
    for (const path of dirs.get(best) ?? []) {
      let facts = cache.get(path);
      if (facts === undefined) {
        facts = readSibling(path, sources, this.tick);
        cache.set(path, facts);
      }
      if (facts) out.push(facts);
    }
    return out;
  }

  /** `pkg.Name` of another package of the repository (exported names only). */
  private importedValue(local: string, name: string): GoValue | null {
    if (!/^[A-Z]/.test(name)) return null;
    for (const f of this.importedPackage(local)) {
      const v = f.values.get(name);
      if (v) return v;
    }
    return null;
  }

  private importedHelper(local: string, name: string): EnvHelper | undefined {
    for (const f of this.importedPackage(local)) {
      const h = f.helpers.get(name);
      if (h) return h;
    }
    return undefined;
  }

  /** The name is a local or package-level binding here (so `x.Y` is not a package selector). */
  private shadowed(id: Node): boolean {
    return this.binding(id) !== null || this.pkgValues.has(id.text);
  }

  /** A package-level name declared in a sibling file, detached from its tree. */
  private siblingValue(name: string): GoValue | null {
    for (const s of this.siblingFacts()) {
      const v = s.values.get(name);
      if (v) return v;
    }
    return null;
  }

  /** The value of `node`. */
  resolve(node: Node, depth = 0): GoValue {
    const n = unwrapParens(node);
    const loc = this.loc(n);
    if (depth > MAX_DEPTH) return { kind: 'unknown', loc };
    this.tick();
    switch (n.type) {
      case 'interpreted_string_literal':
      case 'raw_string_literal':
        return { kind: 'string', value: goString(n) ?? '', loc, direct: true };
      case 'int_literal':
      case 'float_literal': {
        const value = Number(n.text.replace(/_/g, ''));
        return Number.isFinite(value) ? { kind: 'number', value, duration: false, loc } : { kind: 'unknown', loc };
      }
      case 'nil':
        return { kind: 'nil', loc };
      case 'type_conversion_expression': {
        const type = n.childForFieldName('type')?.text.replace(/\s+/g, '');
        const operand = n.childForFieldName('operand');
        if (!operand) return { kind: 'expr', node: n, loc };
        if (type === '[]byte' || type === 'string' || type === '[]uint8') return this.indirect(this.resolve(operand, depth + 1), n);
        return { kind: 'expr', node: n, loc };
      }
      case 'identifier': {
        const found = this.identifier(n, depth);
        return found;
      }
      case 'selector_expression': {
        const path = dotted(n);
        const m = path ? /^time\.(\w+)$/.exec(path) : null;
        if (m && NS[m[1]!] !== undefined) return { kind: 'number', value: NS[m[1]!]!, duration: true, loc };
        const operand = n.childForFieldName('operand');
        const field = n.childForFieldName('field');
        if (operand?.type === 'identifier' && field && this.imports.has(operand.text) && !this.shadowed(operand)) {
          const v = this.importedValue(operand.text, field.text);
          if (v) return v.kind === 'string' ? { ...v, direct: false } : v;
        }
        return { kind: 'expr', node: n, loc };
      }
      case 'call_expression':
        return this.call(n, depth);
      case 'binary_expression': {
        const op = n.childForFieldName('operator')?.text;
        const l = n.childForFieldName('left');
        const r = n.childForFieldName('right');
        const lv = l ? this.resolve(l, depth + 1) : null;
        const rv = r ? this.resolve(r, depth + 1) : null;
        if (lv?.kind === 'number' && rv?.kind === 'number') {
          const value = op === '*' ? lv.value * rv.value : op === '+' ? lv.value + rv.value : op === '-' ? lv.value - rv.value : op === '/' ? (rv.value === 0 ? NaN : lv.value / rv.value) : NaN;
          if (Number.isFinite(value)) return { kind: 'number', value: op === '/' && !lv.duration && !rv.duration ? Math.trunc(value) : value, duration: lv.duration || rv.duration, loc };
        }
        if (lv?.kind === 'string' && rv?.kind === 'string' && op === '+') return { kind: 'string', value: lv.value + rv.value, loc, direct: true };
        return { kind: 'expr', node: n, loc };
      }
      default:
        return { kind: 'expr', node: n, loc };
    }
  }

  /** A conversion keeps the value; the adapter tells direct literals by position. */
  private indirect(v: GoValue, _via: Node): GoValue {
    return v;
  }

  private identifier(n: Node, depth: number): GoValue {
    const loc = this.loc(n);
    if (n.text === 'nil') return { kind: 'nil', loc };
    for (let scope = this.scopeOf(n); scope; scope = this.scopeOf(scope)) {
      const b = this.localBinding(scope, n.text, n.startIndex);
      if (b) {
        const base = b.base ? this.resolveBinding(b.base.value, b.base.result, depth) : ({ kind: 'unknown', loc } as GoValue);
        return this.withFallback({ ...base, ...(base.kind === 'string' && { direct: false }) } as GoValue, b.fallback, depth);
      }
      const params = parameterNames(scope);
      const index = params.findIndex((p) => p.text === n.text);
      if (index >= 0) return { kind: 'parameter', name: n.text, index, loc: this.loc(params[index]!), fn: scope };
    }
    const p = this.pkgValues.get(n.text);
    if (p) {
      const base = this.resolveBinding(p.value, p.result, depth);
      const fb = this.pkgFallbacks.get(n.text) ?? null;
      return this.withFallback(base.kind === 'string' ? { ...base, direct: false } : base, fb, depth);
    }
    const s = this.siblingValue(n.text);
    if (s) return s.kind === 'string' ? { ...s, direct: false } : s;
    return { kind: 'unknown', loc };
  }

  private resolveBinding(value: Node, result: number | undefined, depth: number): GoValue {
    // `v, ok := os.LookupEnv("X")`: v is the read, ok is not.
    const v = this.resolve(value, depth + 1);
    if (result === undefined || result === 0) return v;
    return { kind: 'unknown', loc: this.loc(value) };
  }

  private withFallback(base: GoValue, fallback: Node | null, depth: number): GoValue {
    if (!fallback) return base;
    const f = this.resolve(fallback, depth + 1);
    if (f.kind !== 'string') return base;
    if (base.kind === 'env' && !base.fallback) return { ...base, fallback: { value: f.value, loc: f.loc, route: 'env-fallback' } };
    if (base.kind === 'unknown' || base.kind === 'expr') return { ...f, direct: false };
    return base;
  }

  private call(n: Node, depth: number): GoValue {
    const loc = this.loc(n);
    const fn = n.childForFieldName('function');
    const callee = fn ? dotted(fn) : null;
    const { args } = callArgs(n);
    if (!callee) return { kind: 'expr', node: n, loc };
    if (/^(?:os|syscall)\.(?:Getenv|LookupEnv)$/.test(callee)) {
      const name = args[0] ? this.resolve(args[0], depth + 1) : null;
      return name?.kind === 'string' ? { kind: 'env', name: name.value, loc } : { kind: 'expr', node: n, loc };
    }
    // `time.Duration(n)` is n nanoseconds.
    if (callee === 'time.Duration' && args[0]) {
      const v = this.resolve(args[0], depth + 1);
      return v.kind === 'number' ? { ...v, duration: true, loc } : { kind: 'expr', node: n, loc };
    }
    if (callee === 'string' && args[0]) return this.indirect(this.resolve(args[0], depth + 1), n);
    // viper: `viper.GetString("jwt.secret")`, `v.GetString(...)` on an instance.
    if (fn?.type === 'selector_expression' && /^Get(?:String|Duration|Int|Int64)?$/.test(fn.childForFieldName('field')?.text ?? '') && /(?:^|\.)(?:viper|[vV]iper\w*|v)\.\w+$/.test(callee)) {
      const key = args[0] ? goString(args[0]) : null;
      if (key !== null && args.length === 1) {
        const d = this.viperDefault(key);
        return { kind: 'config', key, loc, ...(d && { fallback: { ...d, route: 'config-default' as const } }) };
      }
    }
    // A getenv helper of this package, or a helper of another package named like one.
    const operand = fn?.type === 'selector_expression' ? fn.childForFieldName('operand') : null;
    const helper =
      fn?.type === 'identifier'
        ? this.helpers().get(callee)
        : operand?.type === 'identifier' && this.imports.has(operand.text) && !this.shadowed(operand)
          ? this.importedHelper(operand.text, fn!.childForFieldName('field')?.text ?? '')
          : undefined;
    const named = !helper && fn?.type === 'selector_expression' && ENV_HELPER_NAME.test(fn.childForFieldName('field')?.text ?? '') ? { name: 0, fallback: args.length === 2 ? 1 : undefined } : undefined;
    const h = helper ?? named;
    if (h) {
      const name = args[h.name] ? this.resolve(args[h.name]!, depth + 1) : null;
      if (name?.kind === 'string' && (helper || ENV_NAME.test(name.value))) {
        const fb = h.fallback !== undefined && args[h.fallback] ? this.resolve(args[h.fallback]!, depth + 1) : null;
        return { kind: 'env', name: name.value, loc, ...(fb?.kind === 'string' && { fallback: { value: fb.value, loc: fb.loc, route: 'env-fallback' as const } }) };
      }
    }
    return { kind: 'expr', node: n, loc };
  }
}

/** Names of getenv helpers in other packages (`config.GetEnv("X", "dflt")`, `util.EnvOrDefault`). */
const ENV_HELPER_NAME = /^(?:[Gg]et|[Mm]ust|[Rr]ead|[Ll]ookup)?(?:[Ee]nv|[Gg]etenv|[Ee]nvironment)(?:[Oo]r)?(?:[Dd]efault|[Ff]allback|[Ss]tring|[Vv]ar)?$/;
const ENV_NAME = /^[A-Z][A-Z0-9_]*$/;

/** Functions that read the environment variable named by a parameter, with the parameter they fall back to. */
function envHelpers(functions: Map<string, Node>): Map<string, EnvHelper> {
  const out = new Map<string, EnvHelper>();
  for (const [name, fn] of functions) {
    const params = parameterNames(fn).map((p) => p.text);
    if (params.length === 0 || params.length > 3) continue;
    const body = fn.childForFieldName('body');
    if (!body) continue;
    let nameIndex = -1;
    for (const call of body.descendantsOfType('call_expression')) {
      const callee = call?.childForFieldName('function');
      if (!call || !callee || !/^(?:os|syscall)\.(?:Getenv|LookupEnv)$/.test(dotted(callee) ?? '')) continue;
      const first = callArgs(call).args[0];
      if (first?.type === 'identifier') nameIndex = params.indexOf(first.text);
      if (nameIndex >= 0) break;
    }
    if (nameIndex < 0) continue;
    let fallback: number | undefined;
    for (const ret of body.descendantsOfType('return_statement')) {
      const first = ret?.namedChildren[0]?.namedChildren[0] ?? ret?.namedChildren[0];
      if (first?.type !== 'identifier') continue;
      const i = params.indexOf(first.text);
      if (i >= 0 && i !== nameIndex) fallback = i;
    }
    out.set(name, { name: nameIndex, ...(fallback !== undefined && { fallback }) });
  }
  return out;
}

/** A sibling file's package-level values, helpers and viper defaults; its tree deleted. */
function readSibling(path: string, sources: LanguageSources, tick: () => void): SiblingFacts | null {
  const text = sources.text(path);
  if (text === undefined) return null;
  const parsed = parseGo(text);
  if (!parsed.tree) return null;
  try {
    const r = new GoResolver(path, text, parsed.tree.rootNode, undefined, tick);
    const values = new Map<string, GoValue>();
    for (const [name, b] of r['pkgValues'] as Map<string, Binding>) {
      const id = (b.value.parent?.parent ?? b.value).descendantsOfType('identifier').find((x) => x?.text === name) ?? null;
      const v = id ? r.resolve(id) : r.resolve(b.value);
      // Only values that mean something without the tree cross files.
      if (v.kind === 'string' || v.kind === 'number' || v.kind === 'env' || v.kind === 'config') values.set(name, v);
    }
    return { pkg: r.pkg, values, helpers: envHelpers(r.functions), defaults: r['defaults'] as SiblingFacts['defaults'] };
  } finally {
    parsed.tree.delete();
  }
}

/** `pkg.Name` where `pkg` is one of `pkgs`: `Name`, else null. */
export function packageMember(node: Node | null | undefined, pkgs: Set<string>): string | null {
  if (!node) return null;
  const n = unwrapParens(node);
  if (n.type !== 'selector_expression') return null;
  const operand = n.childForFieldName('operand');
  return operand?.type === 'identifier' && pkgs.has(operand.text) ? (n.childForFieldName('field')?.text ?? null) : null;
}

/** `pkg.Name(...)` where `pkg` is one of `pkgs`: `Name`, else null. */
export function packageCall(node: Node | null | undefined, pkgs: Set<string>): string | null {
  if (!node) return null;
  const n = unwrapParens(node);
  return n.type === 'call_expression' ? packageMember(n.childForFieldName('function'), pkgs) : null;
}

/** Fields of a keyed composite literal (`jose.SigningKey{Algorithm: …, Key: …}`). */
export function compositeFields(node: Node): Map<string, Node> {
  const out = new Map<string, Node>();
  for (const el of node.childForFieldName('body')?.namedChildren ?? []) {
    if (el?.type !== 'keyed_element') continue;
    const k = el.namedChildren[0]?.text;
    const v = el.namedChildren[1]?.namedChildren[0] ?? el.namedChildren[1];
    if (k && v) out.set(k, v);
  }
  return out;
}

// Values in Java source, as far as a reader can tell without running the code: string and
// number literals and their concatenation/arithmetic, local variables, fields and `static final`
// constants of the file's classes and of other classes of the repository (each other file parsed
// at most once), `System.getenv` reads with their literal fallbacks, Spring `@Value("${key}")`
// fields and constructor parameters looked up in the repository's `application*.yml` /
// `application*.properties`, and `java.time.Duration` factories (seconds).
import type { Node } from 'web-tree-sitter';
import type { SourceLocation } from '../../facts/model.js';
import { parseConfigText } from '../../config-files/parse.js';
import type { ConfigEntry } from '../../config-files/types.js';
import { LineIndex } from '../../parse/line-index.js';
import type { LanguageSources } from '../front-end.js';
import { parseJava } from './parse-java.js';

export type JValue =
  /** `bytes`: the string's UTF-8 bytes (`getBytes`); `decoded`: byte length after a Base64 decode. */
  | { kind: 'string'; value: string; loc: SourceLocation; decoded?: number; bytes?: boolean; envNames?: string[]; setting?: string; readAt?: SourceLocation }
  /** `seconds` is set for a `Duration`; otherwise a bare number whose unit the caller decides (`setting` names its key). */
  | { kind: 'number'; value: number; loc: SourceLocation; seconds?: boolean; setting?: string }
  | { kind: 'env'; name: string; loc: SourceLocation; fallback?: { value: string; loc: SourceLocation }; setting?: string; readAt?: SourceLocation }
  | { kind: 'parameter'; name: string; loc: SourceLocation }
  | { kind: 'expr'; node: Node }
  | { kind: 'unknown' };

const SCOPES = new Set(['method_declaration', 'constructor_declaration', 'lambda_expression', 'static_initializer']);
const CLASSES = new Set(['class_declaration', 'enum_declaration', 'interface_declaration', 'record_declaration']);

/** The text of a string literal (escapes read), or null. */
export function javaString(node: Node): string | null {
  if (node.type !== 'string_literal') return null;
  let out = '';
  for (const c of node.namedChildren) {
    if (!c) continue;
    if (c.type === 'string_fragment' || c.type === 'multiline_string_fragment') out += c.text;
    else if (c.type === 'escape_sequence') out += ESCAPES[c.text[1] ?? ''] ?? c.text.slice(1);
    else return null;
  }
  return out;
}

export const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '0': '\0', s: ' ' };

export function unwrap(node: Node): Node {
  let n = node;
  for (let i = 0; i < 8; i++) {
    if (n.type === 'parenthesized_expression' && n.namedChildren[0]) n = n.namedChildren[0];
    else if (n.type === 'cast_expression' && n.childForFieldName('value')) n = n.childForFieldName('value')!;
    else break;
  }
  return n;
}

/** The arguments of a method invocation or object creation. */
export function argsOf(call: Node): Node[] {
  return (call.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is Node => !!a && !a.type.endsWith('comment'));
}

/** `a.b.c` of identifiers and field accesses, else null. */
export function dotted(node: Node): string | null {
  if (node.type === 'identifier' || node.type === 'type_identifier') return node.text;
  if (node.type === 'field_access' || node.type === 'scoped_identifier' || node.type === 'scoped_type_identifier') {
    const obj = node.childForFieldName('object') ?? node.childForFieldName('scope') ?? node.namedChildren[0];
    const name = node.childForFieldName('field') ?? node.childForFieldName('name') ?? node.namedChildren[node.namedChildCount - 1];
    const left = obj ? dotted(obj) : null;
    return left !== null && name ? `${left}.${name.text}` : null;
  }
  return null;
}

/** `Recv.name(` of a method invocation: the receiver's dotted text (or `''`) and the name. */
export function callee(call: Node): { recv: string | null; name: string } {
  const obj = call.childForFieldName('object');
  return { recv: obj ? dotted(obj) : '', name: call.childForFieldName('name')?.text ?? '' };
}

/** Spring's relaxed binding: the environment variable that sets property `key` (`jwt.secret-key` → `JWT_SECRETKEY`). */
export function relaxedEnvName(key: string): string {
  return key.replace(/-/g, '').replace(/[.[\]]/g, '_').replace(/_+/g, '_').replace(/_$/, '').toUpperCase();
}

const PLACEHOLDER = /^\$\{([^}:]+)(?::([^}]*))?\}$/;

interface ClassTable {
  /** Constants of another file: plain values only (its tree is deleted after reading). */
  values: Map<string, JValue>;
}

/** Settings of the repository's Spring `application*` files, read once per scan root. */
class SpringSettings {
  private entries: { file: string; entry: ConfigEntry }[] | null = null;
  constructor(private readonly sources?: LanguageSources) {}

  lookup(key: string): { file: string; entry: ConfigEntry }[] {
    if (!this.entries) {
      this.entries = [];
      for (const path of this.sources?.allPaths ?? []) {
        const base = path.slice(path.lastIndexOf('/') + 1);
        const m = /^(?:application|bootstrap)(-[\w.-]+)?\.(ya?ml|properties)$/.exec(base);
        if (!m) continue;
        const text = this.sources?.anyText?.(path);
        if (text === undefined) continue;
        const parsed = parseConfigText(path, m[2] === 'properties' ? 'properties' : 'yaml', text);
        for (const entry of parsed.entries) this.entries.push({ file: path, entry });
      }
      // The base file first, then profiles; production code under src/main before test resources.
      const rank = (f: string) => (/\/test\//.test(f) ? 2 : 0) + (/application\.(?:ya?ml|properties)$/.test(f) ? 0 : 1);
      this.entries.sort((a, b) => rank(a.file) - rank(b.file));
    }
    const lower = key.toLowerCase().replace(/-/g, '');
    return this.entries.filter((e) => e.entry.path.join('.').toLowerCase().replace(/-/g, '') === lower);
  }
}

const settingsBySources = new WeakMap<object, SpringSettings>();
const classesBySources = new WeakMap<object, Map<string, ClassTable | null>>();

/** The repository's Spring settings, read once per `cacheKey` (the scan's sources). */
function springSettingsFor(sources: LanguageSources | undefined, cacheKey: object): SpringSettings {
  let s = settingsBySources.get(cacheKey);
  if (!s) settingsBySources.set(cacheKey, (s = new SpringSettings(sources)));
  return s;
}

/**
 * The value a Spring property has: its literal in application settings, an env read, or (absent)
 * the env var that relaxed binding maps to it. Shared by the Java and Kotlin resolvers; `at` is
 * where the code obtains it (the `@Value` line).
 */
export function springSetting(sources: LanguageSources | undefined, cacheKey: object, key: string, at: SourceLocation, inlineFallback?: { value: string; loc: SourceLocation }, depth = 0): JValue {
  const relaxed = relaxedEnvName(key);
  for (const { entry } of springSettingsFor(sources, cacheKey).lookup(key)) {
    if (entry.valueType === 'null') continue;
    const raw = entry.value;
    const m = PLACEHOLDER.exec(raw);
    if (m && depth < 3) {
      // `${JWT_SECRET:fallback}` or `${other.key}`: an env read (or another property) with a literal fallback.
      const name = m[1]!.trim();
      const fb = m[2] !== undefined ? { value: m[2], loc: entry.valueLoc } : undefined;
      if (/^[A-Z][A-Z0-9_]*$/.test(name)) return { kind: 'env', name, loc: entry.valueLoc, setting: key, readAt: at, ...(fb && { fallback: fb }) };
      return springSetting(sources, cacheKey, name, at, fb, depth + 1);
    }
    if (entry.interpolation) return { kind: 'env', name: entry.interpolation.name, loc: entry.valueLoc, setting: key, readAt: at, ...(entry.interpolation.fallback && { fallback: { value: raw, loc: entry.valueLoc } }) };
    if (entry.valueType === 'number' || /^-?\d+$/.test(raw)) return { kind: 'number', value: Number(raw), loc: entry.valueLoc, setting: key };
    const d = /^(\d+)\s*(ms|s|m|h|d)$/.exec(raw);
    if (d) return { kind: 'number', value: Number(d[1]) * { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 }[d[2] as 'ms']!, seconds: true, loc: entry.valueLoc, setting: key };
    return { kind: 'string', value: raw, loc: entry.valueLoc, envNames: [relaxed], setting: key, readAt: at };
  }
  if (inlineFallback) {
    if (/^-?\d+$/.test(inlineFallback.value)) return { kind: 'number', value: Number(inlineFallback.value), loc: inlineFallback.loc, setting: key };
    return { kind: 'env', name: relaxed, loc: at, fallback: inlineFallback, setting: key };
  }
  return { kind: 'env', name: relaxed, loc: at, setting: key };
}

/** `${key}` / `${key:fallback}` of a Spring `@Value` argument. */
export function springPlaceholder(text: string): { key: string; fallback?: string } | null {
  const m = PLACEHOLDER.exec(text);
  return m ? { key: m[1]!.trim(), ...(m[2] !== undefined && { fallback: m[2] }) } : null;
}

/**
 * What the Java and Kotlin resolvers share: locations, Spring settings, field values computed once,
 * and literal arithmetic. Each subclass reads its grammar (resolve, computeField).
 */
export abstract class JvmResolver {
  readonly lines: LineIndex;
  private readonly fieldValues = new Map<string, JValue>();

  constructor(
    readonly file: string,
    readonly text: string,
    readonly root: Node,
    readonly sources: LanguageSources | undefined,
    readonly tick: () => void = () => {},
  ) {
    this.lines = new LineIndex(text);
  }

  abstract resolve(node: Node, depth?: number): JValue;
  protected abstract computeField(name: string, depth: number): JValue;
  /** The local variable or parameter `id` names, seen from where it is used. */
  abstract local(id: Node): { value: Node | null; param?: Node } | null;
  /** The `@Value("${key}")` placeholder on a field, property or parameter, if any. */
  protected abstract valueAnnotation(holder: Node): { key: string; fallback?: { value: string; loc: SourceLocation }; loc: SourceLocation } | null;

  /** The value of a name that is a local or a parameter (a `@Value` parameter is its setting); undefined for any other name. */
  protected resolveLocal(n: Node, depth: number): JValue | undefined {
    const local = this.local(n);
    if (!local) return undefined;
    if (local.param) {
      const ann = this.valueAnnotation(local.param);
      if (ann) return this.setting(ann.key, ann.loc, ann.fallback);
      // A constructor parameter assigned to a field is the field's value (e.g. `@Value` on it): stays a parameter here.
      return { kind: 'parameter', name: n.text, loc: this.loc(local.param) };
    }
    return local.value ? this.resolve(local.value, depth + 1) : { kind: 'expr', node: n };
  }

  loc(node: Node): SourceLocation {
    const start = this.lines.position(node.startIndex);
    const end = this.lines.position(node.endIndex);
    return { file: this.file, line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
  }

  /** The value a Spring property has (springSetting). */
  setting(key: string, at: SourceLocation, inlineFallback?: { value: string; loc: SourceLocation }): JValue {
    return springSetting(this.sources, this.sources ?? this, key, at, inlineFallback);
  }

  /** A field's (property's) value; computed once per field (one that refers back to itself reads as unknown). */
  resolveField(name: string, depth = 0): JValue {
    const known = this.fieldValues.get(name);
    if (known) return known;
    this.fieldValues.set(name, { kind: 'unknown' });
    const v = this.computeField(name, depth);
    this.fieldValues.set(name, v);
    return v;
  }

  /** `l op r` of two resolved operands: string concatenation and number arithmetic; else the expression `n`. */
  protected combine(op: string | undefined, l: JValue, r: JValue, n: Node): JValue {
    if (op === '+' && l.kind === 'string' && r.kind === 'string') return { kind: 'string', value: l.value + r.value, loc: l.loc };
    if (l.kind === 'number' && r.kind === 'number' && op && '+-*/'.includes(op)) {
      const value = op === '+' ? l.value + r.value : op === '-' ? l.value - r.value : op === '*' ? l.value * r.value : l.value / r.value;
      return { kind: 'number', value, loc: l.loc.file === this.file ? this.loc(n) : l.loc, ...((l.seconds || r.seconds) && { seconds: true }), ...((l.setting ?? r.setting) && { setting: l.setting ?? r.setting }) };
    }
    return { kind: 'expr', node: n };
  }
}

export class JavaResolver extends JvmResolver {
  /** Fields of the file's classes by name (declarator node and its field declaration). */
  readonly fields = new Map<string, { declarator: Node; decl: Node }>();
  /** Methods of the file by name. */
  readonly methods = new Map<string, Node[]>();
  private readonly staticMembers = new Map<string, string>();
  private readonly staticWildcards: string[] = [];
  private readonly classes: Map<string, ClassTable | null>;

  constructor(file: string, text: string, root: Node, sources: LanguageSources | undefined, tick: () => void = () => {}) {
    super(file, text, root, sources, tick);
    const key = sources ?? this;
    let c = classesBySources.get(key);
    if (!c) classesBySources.set(key, (c = new Map()));
    this.classes = c;
    for (const decl of root.descendantsOfType(['field_declaration', 'constant_declaration'])) {
      if (!decl) continue;
      for (const d of decl.childrenForFieldName('declarator')) {
        const name = d?.childForFieldName('name')?.text;
        if (d && name && !this.fields.has(name)) this.fields.set(name, { declarator: d, decl });
      }
    }
    // `import static app.SecurityConstants.SECRET;` / `import static app.SecurityConstants.*;`
    for (const imp of root.namedChildren) {
      if (imp?.type !== 'import_declaration' || !imp.children.some((c) => c?.type === 'static')) continue;
      const path = imp.namedChildren.find((c) => c?.type === 'scoped_identifier')?.text.split('.') ?? [];
      if (imp.namedChildren.some((c) => c?.type === 'asterisk')) {
        if (path.length > 0) this.staticWildcards.push(path[path.length - 1]!);
      } else if (path.length > 1) this.staticMembers.set(path[path.length - 1]!, path[path.length - 2]!);
    }
    for (const m of root.descendantsOfType('method_declaration')) {
      const name = m?.childForFieldName('name')?.text;
      if (m && name) this.methods.set(name, [...(this.methods.get(name) ?? []), m]);
    }
  }

  scopeOf(node: Node): Node | null {
    for (let n = node.parent; n; n = n.parent) if (SCOPES.has(n.type)) return n;
    return null;
  }

  /** The local variable declarator or parameter `id` names, seen from where it is used. */
  local(id: Node): { value: Node | null; param?: Node } | null {
    for (let scope = this.scopeOf(id); scope; scope = this.scopeOf(scope)) {
      let found: Node | null = null;
      for (const d of scope.descendantsOfType('variable_declarator')) {
        if (!d || d.startIndex > id.startIndex || d.childForFieldName('name')?.text !== id.text) continue;
        if (d.parent?.type !== 'local_variable_declaration') continue;
        if (this.scopeOf(d)?.id !== scope.id) continue;
        found = d;
      }
      if (found) return { value: found.childForFieldName('value') };
      const params = scope.childForFieldName('parameters');
      for (const p of params?.namedChildren ?? []) {
        if (p?.type === 'formal_parameter' && p.childForFieldName('name')?.text === id.text) return { value: null, param: p };
      }
      if (scope.type === 'lambda_expression' && params?.type === 'identifier' && params.text === id.text) return { value: null };
    }
    return null;
  }

  private isLocal(id: Node): boolean {
    const l = this.local(id);
    return l !== null;
  }

  /** The `@Value("${key}")` placeholder of a field or parameter's modifiers, if any. */
  protected valueAnnotation(holder: Node): { key: string; fallback?: { value: string; loc: SourceLocation }; loc: SourceLocation } | null {
    const mods = holder.namedChildren.find((c) => c?.type === 'modifiers');
    for (const a of mods?.namedChildren ?? []) {
      if (a?.type !== 'annotation' || a.childForFieldName('name')?.text !== 'Value') continue;
      const arg = a.childForFieldName('arguments')?.namedChildren[0];
      const s = arg ? javaString(arg) : null;
      const m = s !== null ? PLACEHOLDER.exec(s) : null;
      if (!m || !arg) return null;
      return { key: m[1]!.trim(), loc: this.loc(arg), ...(m[2] !== undefined && { fallback: { value: m[2], loc: this.loc(arg) } }) };
    }
    return null;
  }

  /** A `static final` (or any initialised) field of another class of the repository: `Other.NAME`. */
  private foreignConstant(cls: string, name: string): JValue {
    let table = this.classes.get(cls);
    if (table === undefined) {
      table = null;
      // Marked before reading, so classes that refer to each other are parsed once each.
      this.classes.set(cls, null);
      const path = this.sources?.paths.find((p) => p.endsWith(`/${cls}.java`) || p === `${cls}.java`);
      const text = path && path !== this.file ? this.sources?.text(path) : undefined;
      if (path && text !== undefined) {
        const parsed = parseJava(text);
        if (parsed.tree) {
          try {
            const other = new JavaResolver(path, text, parsed.tree.rootNode, this.sources, this.tick);
            table = { values: new Map() };
            for (const [field] of other.fields) {
              const v = other.resolveField(field);
              // Only plain values survive the tree.
              if (v.kind === 'string' || v.kind === 'number' || v.kind === 'env') table.values.set(field, v);
            }
          } finally {
            parsed.tree.delete();
          }
        }
      }
      this.classes.set(cls, table);
    }
    return table?.values.get(name) ?? { kind: 'unknown' };
  }

  protected computeField(name: string, depth: number): JValue {
    const f = this.fields.get(name);
    if (!f) return { kind: 'unknown' };
    const ann = this.valueAnnotation(f.decl);
    if (ann) return this.setting(ann.key, ann.loc, ann.fallback);
    const value = f.declarator.childForFieldName('value');
    if (value) return this.resolve(value, depth + 1);
    // Assigned once, in a constructor (`this.secret = secret` with `@Value` on the parameter) or an init method (`@PostConstruct`).
    const writes: Node[] = [];
    for (const a of this.root.descendantsOfType('assignment_expression')) {
      const left = a?.childForFieldName('left');
      const target = left?.type === 'field_access' && left.childForFieldName('object')?.type === 'this' ? left.childForFieldName('field')?.text : left?.type === 'identifier' && !this.isLocal(left) ? left.text : null;
      if (a && target === name && a.childForFieldName('operator')?.text === '=') writes.push(a);
    }
    if (writes.length === 1) return this.resolve(writes[0]!.childForFieldName('right')!, depth + 1);
    return { kind: 'unknown' };
  }

  resolve(node: Node, depth = 0): JValue {
    this.tick();
    const n = unwrap(node);
    if (depth > 12) return { kind: 'expr', node: n };
    switch (n.type) {
      case 'string_literal': {
        const s = javaString(n);
        return s !== null ? { kind: 'string', value: s, loc: this.loc(n) } : { kind: 'expr', node: n };
      }
      case 'decimal_integer_literal':
      case 'decimal_floating_point_literal': {
        const v = Number(n.text.replace(/[_lLdDfF]/g, ''));
        return Number.isFinite(v) ? { kind: 'number', value: v, loc: this.loc(n) } : { kind: 'expr', node: n };
      }
      case 'null_literal':
        return { kind: 'expr', node: n };
      case 'binary_expression': {
        const op = n.childForFieldName('operator')?.text;
        const l = this.resolve(n.childForFieldName('left')!, depth + 1);
        const r = this.resolve(n.childForFieldName('right')!, depth + 1);
        return this.combine(op, l, r, n);
      }
      case 'identifier': {
        const local = this.resolveLocal(n, depth);
        if (local) return local;
        if (this.fields.has(n.text)) return this.resolveField(n.text, depth);
        if (/^[A-Z][A-Z0-9_]*$/.test(n.text)) {
          const owner = this.staticMembers.get(n.text);
          for (const cls of owner ? [owner] : this.staticWildcards) {
            const v = this.foreignConstant(cls, n.text);
            if (v.kind !== 'unknown') return v;
          }
        }
        return { kind: 'expr', node: n };
      }
      case 'field_access': {
        const obj = n.childForFieldName('object');
        const field = n.childForFieldName('field')?.text ?? '';
        if (obj?.type === 'this') return this.fields.has(field) ? this.resolveField(field, depth) : { kind: 'expr', node: n };
        // `Constants.JWT_SECRET`, `SecurityConstants.EXPIRATION_TIME`.
        if (obj?.type === 'identifier' && /^[A-Z]/.test(obj.text) && /^[A-Z][A-Z0-9_]*$/.test(field)) {
          const own = this.root.descendantsOfType('class_declaration').some((c) => c?.childForFieldName('name')?.text === obj.text);
          if (own && this.fields.has(field)) return this.resolveField(field, depth);
          const v = this.foreignConstant(obj.text, field);
          if (v.kind !== 'unknown') return v;
        }
        return { kind: 'expr', node: n };
      }
      case 'method_invocation':
        return this.resolveCall(n, depth);
      default:
        return { kind: 'expr', node: n };
    }
  }

  private resolveCall(n: Node, depth: number): JValue {
    const { recv, name } = callee(n);
    const args = argsOf(n);
    const obj = n.childForFieldName('object');
    const shared = jvmCallValue({ node: n, recv, name, args, obj, objCall: obj?.type === 'method_invocation' ? callee(obj) : null }, this, depth);
    if (shared) return shared;
    // `Optional.ofNullable(System.getenv("X")).orElse("lit")`, `Objects.requireNonNullElse(System.getenv("X"), "lit")`.
    if ((name === 'orElse' && obj?.type === 'method_invocation' && /^(?:ofNullable|of)$/.test(callee(obj).name) && callee(obj).recv === 'Optional') || (recv === 'Objects' && name === 'requireNonNullElse')) {
      const inner = recv === 'Objects' ? args[0] : argsOf(obj!)[0];
      const fbNode = recv === 'Objects' ? args[1] : args[0];
      const v = inner ? this.resolve(inner, depth + 1) : null;
      const fb = fbNode ? this.resolve(fbNode, depth + 1) : null;
      if (v?.kind === 'env') return { ...v, ...(fb?.kind === 'string' && { fallback: { value: fb.value, loc: fb.loc } }) };
      return v ?? { kind: 'expr', node: n };
    }
    // `s.getBytes(...)`, `s.trim()`, `String.valueOf(s)`: the same text.
    if ((name === 'getBytes' || name === 'trim' || name === 'toCharArray') && obj) {
      const v = this.resolve(obj, depth + 1);
      return v.kind === 'string' && name === 'getBytes' ? { ...v, bytes: true } : v;
    }
    if (recv === 'String' && name === 'valueOf' && args[0]) return this.resolve(args[0], depth + 1);
    // `DatatypeConverter.parseBase64Binary("...")`, commons-codec `Base64.decodeBase64("...")`.
    if (((recv === 'DatatypeConverter' && name === 'parseBase64Binary') || (recv === 'Base64' && name === 'decodeBase64')) && args[0]) return base64Value(args[0], n, this, depth);
    // A getter or helper of this class with no parameters: its single returned value.
    if ((!obj || obj.type === 'this') && args.length === 0) {
      const ms = this.methods.get(name);
      if (ms?.length === 1) {
        const returns = ms[0]!.descendantsOfType('return_statement').filter((r) => r && this.scopeOf(r)?.id === ms[0]!.id);
        const value = returns.length === 1 ? returns[0]!.namedChildren[0] : null;
        if (value) return this.resolve(value, depth + 1);
      }
    }
    return { kind: 'expr', node: n };
  }

  /** The enclosing class declaration. */
  classOf(node: Node): Node | null {
    for (let n = node.parent; n; n = n.parent) if (CLASSES.has(n.type)) return n;
    return null;
  }
}

/** A call as the Java and Kotlin resolvers both see it: `obj.name(args)`, and `obj` as a call when it is one. */
export interface JvmCall {
  node: Node;
  recv: string | null;
  name: string;
  args: Node[];
  obj: Node | null;
  objCall: { recv: string | null; name: string } | null;
}

/** A Base64-decoded argument: a literal's decoded length; an env read or parameter stays one. */
export function base64Value(arg: Node, call: Node, r: JvmResolver, depth: number): JValue {
  const v = r.resolve(arg, depth + 1);
  if (v.kind === 'string') return { ...v, decoded: base64Length(v.value) };
  return v.kind === 'env' || v.kind === 'parameter' ? v : { kind: 'expr', node: call };
}

/**
 * The value of a JDK or Spring call that Java and Kotlin make alike (environment reads, Spring
 * `Environment`, Base64 decoders, `Duration`/`TimeUnit` arithmetic), or undefined for any other
 * call: each resolver reads its language's own forms around this.
 */
export function jvmCallValue(c: JvmCall, r: JvmResolver, depth: number): JValue | undefined {
  const { node: n, recv, name, args, obj } = c;
  const loc = r.loc(n);
  // `System.getenv("X")`, `System.getProperty("x", "lit")`.
  if (recv === 'System' && (name === 'getenv' || name === 'getProperty') && args[0]) {
    const key = r.resolve(args[0], depth + 1);
    if (key.kind !== 'string') return { kind: 'expr', node: n };
    const fb = args[1] ? r.resolve(args[1], depth + 1) : null;
    return { kind: 'env', name: key.value, loc, ...(fb?.kind === 'string' && { fallback: { value: fb.value, loc: fb.loc } }) };
  }
  // `System.getenv().getOrDefault("X", "lit")`.
  if (name === 'getOrDefault' && c.objCall?.recv === 'System' && c.objCall.name === 'getenv' && args.length === 2) {
    const key = r.resolve(args[0]!, depth + 1);
    const fb = r.resolve(args[1]!, depth + 1);
    if (key.kind === 'string') return { kind: 'env', name: key.value, loc, ...(fb.kind === 'string' && { fallback: { value: fb.value, loc: fb.loc } }) };
  }
  // Spring `env.getProperty("jwt.secret"[, "default"])`.
  if (name === 'getProperty' && obj && /env|environment/i.test(obj.text) && args[0]) {
    const key = r.resolve(args[0], depth + 1);
    const fb = args[1] ? r.resolve(args[1], depth + 1) : null;
    if (key.kind === 'string') return r.setting(key.value, loc, fb?.kind === 'string' ? { value: fb.value, loc: fb.loc } : undefined);
  }
  // `Base64.getDecoder().decode("...")`, `Decoders.BASE64.decode("...")`.
  if (name === 'decode' && obj && args[0] && /^(?:Base64\.get(?:Url|Mime)?Decoder\(\)|Decoders\.BASE64(?:URL)?|TextCodec\.BASE64(?:URL)?)$/.test(obj.text.replace(/\s+/g, ''))) return base64Value(args[0], n, r, depth);
  // `Duration.ofHours(n)` and friends: seconds.
  if (recv === 'Duration' && args[0]) {
    const unit = DURATION_UNITS[name];
    const v = r.resolve(args[0], depth + 1);
    if (unit !== undefined && v.kind === 'number') return { kind: 'number', value: v.value * unit, seconds: true, loc: v.loc.file === r.file ? v.loc : loc, ...(v.setting && { setting: v.setting }) };
  }
  // `duration.toMillis()` / `toSeconds()` / `getSeconds()` of a Duration: back to a bare number in that unit.
  if (obj && (name === 'toMillis' || name === 'toSeconds' || name === 'getSeconds' || name === 'toMinutes')) {
    const v = r.resolve(obj, depth + 1);
    if (v.kind === 'number' && v.seconds) return { kind: 'number', value: name === 'toMillis' ? v.value * 1000 : name === 'toMinutes' ? v.value / 60 : v.value, loc: v.loc };
  }
  // `TimeUnit.HOURS.toMillis(n)`.
  const tu = /^TimeUnit\.(\w+)$/.exec(recv ?? '');
  if (tu && args[0]) {
    const unit = TIME_UNITS[tu[1]!];
    const to = { toMillis: 1000, toSeconds: 1, toMinutes: 1 / 60 }[name];
    const v = r.resolve(args[0], depth + 1);
    if (unit !== undefined && to !== undefined && v.kind === 'number') return { kind: 'number', value: v.value * unit * to, loc: v.loc };
  }
  return undefined;
}

export const DURATION_UNITS: Record<string, number> = { ofMillis: 0.001, ofSeconds: 1, ofMinutes: 60, ofHours: 3600, ofDays: 86400 };
export const TIME_UNITS: Record<string, number> = { MILLISECONDS: 0.001, SECONDS: 1, MINUTES: 60, HOURS: 3600, DAYS: 86400 };

/** Bytes a Base64 text decodes to. */
export function base64Length(s: string): number {
  // Decoders count at most two `=` of padding; any other character is decoded as data.
  const clean = s.replace(/\s/g, '');
  const pad = clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0;
  return Math.floor(((clean.length - pad) * 3) / 4);
}

// Values in Kotlin source, read as the Java resolver reads Java (src/lang/java/resolve-java.ts)
// and with the same value model (JValue): string and number literals (`"""raw"""` too; a
// template is not a literal) and their concatenation/arithmetic, local `val`/`var`s, properties
// of the file's classes, objects, companion objects and top level (`const val`), constants of
// another Kotlin file (`Config.SECRET`, an imported top-level `SECRET`; each file parsed at most
// once), `System.getenv("X") ?: "fallback"`, and Spring `@Value("\${key}")` on properties and
// constructor parameters looked up in application settings by the Java resolver's lookup.
import type { Node } from 'web-tree-sitter';
import type { SourceLocation } from '../../facts/model.js';
import type { LanguageSources } from '../front-end.js';
import { jvmCallValue, JvmResolver, springPlaceholder, type JValue } from '../java/resolve-java.js';
import { parseKotlin } from './parse-kotlin.js';
import { argsOf, callee, kotlinString, navigation, propertyName, propertyValue, unwrap } from './syntax.js';

const SCOPES = new Set(['function_declaration', 'anonymous_initializer', 'secondary_constructor', 'lambda_literal', 'getter', 'setter', 'anonymous_function']);
const CLASSES = new Set(['class_declaration', 'object_declaration', 'companion_object']);

interface Field {
  /** A property_declaration or a class_parameter. */
  decl: Node;
  value: Node | null;
}

/** `kotlin.time` extension properties on numbers, in seconds. */
const KOTLIN_DURATION_UNITS: Record<string, number> = { milliseconds: 0.001, seconds: 1, minutes: 60, hours: 3600, days: 86400 };

const foreignBySources = new WeakMap<object, Map<string, Map<string, JValue> | null>>();

export class KotlinResolver extends JvmResolver {
  /** Properties declared outside any function (class, object, companion, top level) and constructor parameters, by name. */
  readonly fields = new Map<string, Field>();
  /** Functions of the file by name. */
  readonly methods = new Map<string, Node[]>();
  /** Classes and objects declared in the file. */
  readonly classNames = new Set<string>();
  /** Names brought in by `import a.b.NAME` (the file they may live in is searched by name). */
  private readonly imported = new Set<string>();
  private readonly foreign: Map<string, Map<string, JValue> | null>;

  constructor(file: string, text: string, root: Node, sources: LanguageSources | undefined, tick: () => void = () => {}) {
    super(file, text, root, sources, tick);
    const key = sources ?? this;
    let f = foreignBySources.get(key);
    if (!f) foreignBySources.set(key, (f = new Map()));
    this.foreign = f;
    for (const d of root.descendantsOfType(['property_declaration', 'class_parameter'])) {
      if (!d || this.scopeOf(d)) continue;
      const name = d.type === 'class_parameter' ? (d.namedChildren.find((c) => c?.type === 'identifier')?.text ?? null) : propertyName(d);
      if (name && !this.fields.has(name)) this.fields.set(name, { decl: d, value: d.type === 'property_declaration' ? propertyValue(d) : null });
    }
    for (const m of root.descendantsOfType('function_declaration')) {
      const name = m?.childForFieldName('name')?.text;
      if (m && name) this.methods.set(name, [...(this.methods.get(name) ?? []), m]);
    }
    for (const c of root.descendantsOfType(['class_declaration', 'object_declaration'])) {
      const name = c?.childForFieldName('name')?.text ?? c?.namedChildren.find((x) => x?.type === 'identifier')?.text;
      if (name) this.classNames.add(name);
    }
    for (const imp of root.namedChildren) {
      if (imp?.type !== 'import') continue;
      const path = imp.namedChildren.find((c) => c?.type === 'qualified_identifier')?.text.split('.') ?? [];
      const last = path[path.length - 1];
      if (last && /^[A-Z][A-Z0-9_]*$/.test(last)) this.imported.add(last);
    }
  }

  scopeOf(node: Node): Node | null {
    for (let n = node.parent; n; n = n.parent) if (SCOPES.has(n.type)) return n;
    return null;
  }

  classOf(node: Node): Node | null {
    for (let n = node.parent; n; n = n.parent) if (CLASSES.has(n.type)) return n;
    return null;
  }

  /** Parameters of a function, constructor or lambda scope. */
  parametersOf(scope: Node): Node[] {
    const list = scope.namedChildren.find((c) => c?.type === 'function_value_parameters' || c?.type === 'lambda_parameters');
    return (list?.namedChildren ?? []).filter((p): p is Node => !!p && (p.type === 'parameter' || p.type === 'variable_declaration'));
  }

  /** The local `val`/`var` or parameter `id` names, seen from where it is used. */
  local(id: Node): { value: Node | null; param?: Node } | null {
    for (let scope = this.scopeOf(id); scope; scope = this.scopeOf(scope)) {
      let found: Node | null = null;
      for (const d of scope.descendantsOfType('property_declaration')) {
        if (!d || d.startIndex > id.startIndex || propertyName(d) !== id.text || this.scopeOf(d)?.id !== scope.id) continue;
        found = d;
      }
      if (found) return { value: propertyValue(found) };
      for (const p of this.parametersOf(scope)) if (p.namedChildren.find((c) => c?.type === 'identifier')?.text === id.text) return { value: null, param: p };
      // `it` of a lambda without parameters.
      if (scope.type === 'lambda_literal' && id.text === 'it') return { value: null };
    }
    return null;
  }

  /** The `@Value("\${key}")` placeholder on a property or parameter (any use-site target), if any. */
  protected valueAnnotation(holder: Node): { key: string; fallback?: { value: string; loc: SourceLocation }; loc: SourceLocation } | null {
    const mods = holder.namedChildren.find((c) => c?.type === 'modifiers');
    for (const a of mods?.namedChildren ?? []) {
      if (a?.type !== 'annotation') continue;
      const inv = a.namedChildren.find((c) => c?.type === 'constructor_invocation');
      if (inv?.namedChildren.find((c) => c?.type === 'user_type')?.text !== 'Value') continue;
      const arg = argsOf(inv)[0];
      const s = arg ? kotlinString(arg) : null;
      const m = s !== null ? springPlaceholder(s) : null;
      if (!m || !arg) return null;
      return { key: m.key, loc: this.loc(arg), ...(m.fallback !== undefined && { fallback: { value: m.fallback, loc: this.loc(arg) } }) };
    }
    return null;
  }

  protected computeField(name: string, depth: number): JValue {
    const f = this.fields.get(name);
    if (!f) return { kind: 'unknown' };
    const ann = this.valueAnnotation(f.decl);
    if (ann) return this.setting(ann.key, ann.loc, ann.fallback);
    if (f.decl.type === 'class_parameter') return { kind: 'parameter', name, loc: this.loc(f.decl) };
    if (f.value) return this.resolve(f.value, depth + 1);
    // `lateinit var secret` assigned once (an `init` block, a setter method, `@PostConstruct`).
    const writes: Node[] = [];
    for (const a of this.root.descendantsOfType('assignment')) {
      const left = a?.childForFieldName('left');
      const nav = left ? navigation(left) : null;
      const target = nav?.object.type === 'this_expression' ? nav.name : left?.type === 'identifier' && !this.local(left) ? left.text : null;
      if (a && target === name && a.children.some((c) => c?.type === '=')) writes.push(a);
    }
    if (writes.length === 1) return this.resolve(writes[0]!.childForFieldName('right')!, depth + 1);
    return { kind: 'unknown' };
  }

  /** The declared type (simple name) of the parameter or property `id` names. */
  declaredTypeOf(id: Node): string | null {
    const local = this.local(id);
    const decl = local?.param ?? (local ? null : this.fields.get(id.text)?.decl);
    if (!decl) return null;
    const holder = decl.type === 'property_declaration' ? decl.namedChildren.find((c) => c?.type === 'variable_declaration') : decl;
    const type = holder?.namedChildren.find((c) => c?.type === 'user_type' || c?.type === 'nullable_type');
    const name = type?.descendantsOfType('identifier').pop()?.text;
    return name ?? null;
  }

  /**
   * The prefix of a `@ConfigurationProperties(prefix = "jwt")` class of the repository (this file
   * or another Kotlin file), or null when `type` is not one. Read once per class name.
   */
  configurationPrefix(type: string): string | null {
    const cacheKey = `@ConfigurationProperties ${type}`;
    const known = this.foreign.get(cacheKey);
    if (known !== undefined) return known ? ((known.get('') as { value: string } | undefined)?.value ?? null) : null;
    this.foreign.set(cacheKey, null);
    const read = (root: Node): string | null => {
      for (const c of root.descendantsOfType('class_declaration')) {
        if (c?.childForFieldName('name')?.text !== type) continue;
        const mods = c.namedChildren.find((x) => x?.type === 'modifiers');
        for (const a of mods?.namedChildren ?? []) {
          const inv = a?.type === 'annotation' ? a.namedChildren.find((x) => x?.type === 'constructor_invocation') : null;
          const name = inv?.namedChildren.find((x) => x?.type === 'user_type')?.text ?? '';
          if (!inv || (name !== 'ConfigurationProperties' && !name.endsWith('.ConfigurationProperties'))) continue;
          const arg = argsOf(inv)[0];
          return arg ? kotlinString(arg) : null;
        }
      }
      return null;
    };
    let prefix = read(this.root);
    if (prefix === null) {
      for (const path of (this.sources?.paths ?? []).filter((p) => p !== this.file && (this.sources?.text(p) ?? '').includes('ConfigurationProperties') && (this.sources?.text(p) ?? '').includes(`class ${type}`)).slice(0, 4)) {
        const parsed = parseKotlin(this.sources!.text(path)!);
        if (!parsed.tree) continue;
        try {
          prefix = read(parsed.tree.rootNode);
        } finally {
          parsed.tree.delete();
        }
        if (prefix !== null) break;
      }
    }
    if (prefix !== null) this.foreign.set(cacheKey, new Map([['', { kind: 'string', value: prefix, loc: this.loc(this.root) }]]));
    return prefix;
  }

  /** A property of another Kotlin file of the repository: `Other.NAME` or an imported top-level `NAME`. */
  private foreignConstant(owner: string | null, name: string): JValue {
    const cacheKey = `${owner ?? ''}.${name}`;
    let table = this.foreign.get(cacheKey);
    if (table === undefined) {
      table = null;
      // Marked before reading, so files that refer to each other are parsed once each.
      this.foreign.set(cacheKey, null);
      const paths = this.sources?.paths ?? [];
      // The file named after the class first; else files that declare it (a plain substring test).
      const byName = owner ? paths.filter((p) => p.endsWith(`/${owner}.kt`) || p === `${owner}.kt`) : [];
      const needle = owner ? [`object ${owner}`, `class ${owner}`] : [`val ${name}`];
      const candidates = byName.length > 0 ? byName : paths.filter((p) => p !== this.file && needle.some((s) => this.sources?.text(p)?.includes(s)));
      for (const path of candidates.slice(0, 4)) {
        const text = path !== this.file ? this.sources?.text(path) : undefined;
        if (text === undefined) continue;
        const parsed = parseKotlin(text);
        if (!parsed.tree) continue;
        try {
          const other = new KotlinResolver(path, text, parsed.tree.rootNode, this.sources, this.tick);
          if (owner && !other.classNames.has(owner)) continue;
          if (!other.fields.has(name)) continue;
          const v = other.resolveField(name);
          // Only plain values survive the tree.
          if (v.kind === 'string' || v.kind === 'number' || v.kind === 'env') {
            table = new Map([[name, v]]);
            break;
          }
        } finally {
          parsed.tree.delete();
        }
      }
      this.foreign.set(cacheKey, table);
    }
    return table?.get(name) ?? { kind: 'unknown' };
  }

  resolve(node: Node, depth = 0): JValue {
    this.tick();
    const n = unwrap(node);
    if (depth > 12) return { kind: 'expr', node: n };
    switch (n.type) {
      case 'string_literal':
      case 'multiline_string_literal': {
        const s = kotlinString(n);
        return s !== null ? { kind: 'string', value: s, loc: this.loc(n) } : { kind: 'expr', node: n };
      }
      case 'number_literal':
      case 'float_literal': {
        let t = n.text.replace(/_/g, '');
        // Type suffixes (`1000L`, `1.5f`, `7u`); hex digits `f`/`F` are not one.
        while (t.length > 1 && 'lLuU'.includes(t[t.length - 1]!)) t = t.slice(0, -1);
        if (!/^0[xX]/.test(t) && (t.endsWith('f') || t.endsWith('F'))) t = t.slice(0, -1);
        const v = /^0[xX]/.test(t) ? parseInt(t.slice(2), 16) : /^0[bB]/.test(t) ? parseInt(t.slice(2), 2) : Number(t);
        return Number.isFinite(v) ? { kind: 'number', value: v, loc: this.loc(n) } : { kind: 'expr', node: n };
      }
      case 'binary_expression':
        return this.resolveBinary(n, depth);
      case 'identifier': {
        const local = this.resolveLocal(n, depth);
        if (local) return local;
        if (this.fields.has(n.text)) return this.resolveField(n.text, depth);
        if (this.imported.has(n.text)) {
          const v = this.foreignConstant(null, n.text);
          if (v.kind !== 'unknown') return v;
        }
        return { kind: 'expr', node: n };
      }
      case 'navigation_expression': {
        const nav = navigation(n);
        if (!nav) return { kind: 'expr', node: n };
        if (nav.object.type === 'this_expression') return this.fields.has(nav.name) ? this.resolveField(nav.name, depth) : { kind: 'expr', node: n };
        // `jwtProperties.secret` of a `@ConfigurationProperties("jwt")` class: the setting `jwt.secret`.
        if (nav.object.type === 'identifier' && !this.classNames.has(nav.object.text)) {
          const type = this.declaredTypeOf(nav.object);
          const prefix = type ? this.configurationPrefix(type) : null;
          if (prefix !== null) return this.setting(`${prefix}.${nav.name}`, this.loc(n));
        }
        // `Config.SECRET`, `JwtService.Companion.KEY`, `SecurityConstants.EXPIRATION_TIME`.
        const owner = nav.object.type === 'identifier' ? nav.object.text : navigation(nav.object)?.name === 'Companion' ? (navigation(nav.object)!.object.text ?? null) : null;
        if (owner && /^[A-Z]/.test(owner) && !this.local(nav.object as Node)) {
          if (this.classNames.has(owner)) return this.fields.has(nav.name) ? this.resolveField(nav.name, depth) : { kind: 'expr', node: n };
          const v = this.foreignConstant(owner, nav.name);
          if (v.kind !== 'unknown') return v;
        }
        // kotlin.time: `24.hours` (seconds), `ttl.inWholeMilliseconds` / `inWholeSeconds` (a bare number in that unit).
        const unit = KOTLIN_DURATION_UNITS[nav.name];
        if (unit !== undefined || nav.name === 'inWholeMilliseconds' || nav.name === 'inWholeSeconds') {
          const v = this.resolve(nav.object, depth + 1);
          if (v.kind === 'number' && unit !== undefined && !v.seconds) return { kind: 'number', value: v.value * unit, seconds: true, loc: v.loc.file === this.file ? this.loc(n) : v.loc };
          if (v.kind === 'number' && unit === undefined && v.seconds) return { kind: 'number', value: nav.name === 'inWholeMilliseconds' ? v.value * 1000 : v.value, loc: v.loc };
        }
        // `s.length` and other reads of a value are not the value.
        return { kind: 'expr', node: n };
      }
      case 'call_expression':
        return this.resolveCall(n, depth);
      default:
        return { kind: 'expr', node: n };
    }
  }

  private resolveBinary(n: Node, depth: number): JValue {
    const op = n.children.find((c) => c && !c.isNamed)?.text;
    const left = n.childForFieldName('left');
    const right = n.childForFieldName('right');
    if (!left || !right) return { kind: 'expr', node: n };
    const l = this.resolve(left, depth + 1);
    const r = this.resolve(right, depth + 1);
    // `System.getenv("X") ?: "fallback"`: an env read with a literal fallback.
    if (op === '?:') {
      if (l.kind === 'env') return { ...l, ...(r.kind === 'string' && { fallback: { value: r.value, loc: r.loc } }) };
      return l.kind === 'expr' || l.kind === 'unknown' ? r : l;
    }
    return this.combine(op, l, r, n);
  }

  private resolveCall(n: Node, depth: number): JValue {
    const { recv, name, object: obj } = callee(n);
    const args = argsOf(n);
    // `env["jwt.secret"]` is not read.
    const shared = jvmCallValue({ node: n, recv, name, args, obj, objCall: obj?.type === 'call_expression' ? callee(obj) : null }, this, depth);
    if (shared) return shared;
    // `requireNotNull(System.getenv("X"))`, `checkNotNull(...)`: the same value.
    if (recv === '' && (name === 'requireNotNull' || name === 'checkNotNull') && args[0]) return this.resolve(args[0], depth + 1);
    // `s.toByteArray()`, `s.encodeToByteArray()`, `s.trim()`: the same text (bytes: its UTF-8 bytes).
    if (obj && /^(?:toByteArray|encodeToByteArray|getBytes|trim|toCharArray|toString)$/.test(name)) {
      const v = this.resolve(obj, depth + 1);
      return v.kind === 'string' && /Byte|getBytes/.test(name) ? { ...v, bytes: true } : v;
    }
    // `String(bytes)`: the text again.
    if (recv === '' && name === 'String' && args[0]) return this.resolve(args[0], depth + 1);
    // A function of this file with no parameters: its single returned value (or its expression body).
    if ((recv === '' || recv === 'this') && args.length === 0) {
      const ms = this.methods.get(name);
      if (ms?.length === 1) {
        const m = ms[0]!;
        const body = m.namedChildren.find((c) => c?.type === 'function_body');
        const expr = body?.namedChildren[0]?.type === 'block' ? null : (body?.namedChildren[0] ?? null);
        const returns = m.descendantsOfType('return_expression').filter((r) => r && this.scopeOf(r)?.id === m.id);
        const value = expr ?? (returns.length === 1 ? returns[0]!.namedChildren[0] : null);
        if (value) return this.resolve(value, depth + 1);
      }
    }
    return { kind: 'expr', node: n };
  }
}

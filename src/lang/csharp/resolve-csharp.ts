// Values of C# expressions, as far as one file (and the constants of the repository's other
// classes) shows them: string literals (regular, verbatim, raw, interpolated without holes),
// `const` / `static readonly` fields, locals, `Encoding.UTF8.GetBytes(x)`,
// `Convert.FromBase64String(lit)`, `Environment.GetEnvironmentVariable("X")`, `x ?? "lit"`,
// configuration reads (`Configuration["Jwt:Key"]`, `GetSection("Jwt")["Key"]`,
// `GetValue<string>("Jwt:Key")`) and lifetimes (`DateTime.UtcNow.AddMinutes(n)`, `TimeSpan.FromX`).
// Resolution is bounded by depth; other files are parsed at most once per run (fieldCache).
import type { Node } from 'web-tree-sitter';
import type { SourceLocation } from '../../facts/model.js';
import { LineIndex } from '../../parse/line-index.js';
import type { LanguageSources } from '../front-end.js';
import { parseConfigText } from '../../config-files/parse.js';
import { isPlaceholder } from '../../config-files/values.js';
import { parseCsharp } from './parse-csharp.js';

export type CsValue =
  | { kind: 'string'; value: string; loc: SourceLocation; node?: Node; base64?: boolean; route: 'direct' | 'constant' | 'import' }
  | { kind: 'number'; value: number; loc: SourceLocation }
  | { kind: 'bool'; value: boolean; loc: SourceLocation }
  | { kind: 'null'; loc: SourceLocation }
  /** `Environment.GetEnvironmentVariable("X")`, or a configuration key (`Jwt:Key`, env override `Jwt__Key`). */
  | { kind: 'env'; name: string; config?: string; loc: SourceLocation; fallback?: { value: string; loc: SourceLocation } }
  | { kind: 'parameter'; loc: SourceLocation }
  | { kind: 'expr'; node: Node; loc: SourceLocation }
  | { kind: 'unknown'; loc: SourceLocation };

const MAX_DEPTH = 8;

export function unwrap(node: Node): Node {
  let n = node;
  // `(x)`, `(string)x`, `checked(x)`, and the null-forgiving `x!`.
  while (n.type === 'parenthesized_expression' || n.type === 'cast_expression' || n.type === 'checked_expression' || (n.type === 'postfix_unary_expression' && n.text.endsWith('!'))) {
    const inner = n.type === 'cast_expression' ? n.childForFieldName('value') : n.type === 'postfix_unary_expression' ? n.namedChildren[0] : n.namedChildren[n.namedChildren.length - 1];
    if (!inner) break;
    n = inner;
  }
  return n;
}

/** The text of a string literal node, or null when it is not one (or interpolates a hole). */
export function stringValue(node: Node): string | null {
  const n = unwrap(node);
  switch (n.type) {
    case 'string_literal': {
      let out = '';
      for (const c of n.namedChildren) {
        if (!c) continue;
        if (c.type === 'string_literal_content') out += c.text;
        else if (c.type === 'escape_sequence') out += unescape(c.text);
      }
      return out;
    }
    case 'verbatim_string_literal':
      return withoutUtf8Suffix(n.text).slice(2, -1).replaceAll('""', '"');
    case 'raw_string_literal': {
      // `"""..."""` with as many closing quotes as opening ones (counted, not matched by a regex).
      const t = withoutUtf8Suffix(n.text);
      let q = 0;
      while (t[q] === '"') q++;
      if (q < 3 || t.length < 2 * q) return null;
      const body = t.slice(q, t.length - q);
      const start = body.startsWith('\r\n') ? 2 : body.startsWith('\n') ? 1 : 0;
      const lastBreak = body.lastIndexOf('\n');
      if (start === 0 || lastBreak < start || body.slice(lastBreak + 1).trim() !== '') return body;
      // A multi-line raw string drops the closing line's indentation from every line.
      const indent = body.slice(lastBreak + 1);
      const end = body[lastBreak - 1] === '\r' ? lastBreak - 1 : lastBreak;
      return body
        .slice(start, Math.max(start, end))
        .split('\n')
        .map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line))
        .join('\n');
    }
    case 'interpolated_string_expression': {
      let out = '';
      for (const c of n.namedChildren) {
        if (!c) continue;
        if (c.type === 'interpolation') return null;
        if (c.type === 'string_content') out += c.text;
        else if (c.type === 'escape_sequence') out += unescape(c.text);
      }
      return out;
    }
    default:
      return null;
  }
}

/**
 * A C# 11 UTF-8 literal (`@"..."u8`, `"""..."""u8`) without its suffix: the grammar keeps the
 * suffix inside the verbatim and raw tokens (a regular literal has its own string_literal_encoding child).
 */
function withoutUtf8Suffix(text: string): string {
  return text.endsWith('"u8') || text.endsWith('"U8') ? text.slice(0, -2) : text;
}

function unescape(seq: string): string {
  const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0', '\\': '\\', '"': '"', "'": "'" };
  const c = seq.slice(1);
  if (c in map) return map[c]!;
  if (/^[ux][0-9a-fA-F]+$/.test(c)) return String.fromCharCode(parseInt(c.slice(1), 16));
  return c;
}

/** `a.b.c` of a member access chain of identifiers, else null. */
export function dotted(node: Node): string | null {
  const n = unwrap(node);
  if (n.type === 'identifier' || n.type === 'predefined_type') return n.text;
  if (n.type === 'generic_name') return n.namedChildren[0]?.text ?? null;
  if (n.type === 'member_access_expression') {
    const e = n.childForFieldName('expression');
    const name = n.childForFieldName('name');
    const left = e ? dotted(e) : null;
    return left !== null && name ? `${left}.${name.type === 'generic_name' ? name.namedChildren[0]?.text : name.text}` : null;
  }
  if (n.type === 'qualified_name') {
    const q = n.childForFieldName('qualifier');
    const name = n.childForFieldName('name');
    const left = q ? dotted(q) : null;
    return left !== null && name ? `${left}.${name.text}` : null;
  }
  return null;
}

/** The last segment of a callee (`handler.WriteToken` → `WriteToken`). */
export function calleeName(call: Node): string | null {
  const fn = call.childForFieldName('function');
  if (!fn) return null;
  if (fn.type === 'identifier') return fn.text;
  if (fn.type === 'generic_name') return fn.namedChildren[0]?.text ?? null;
  if (fn.type === 'member_access_expression') {
    const name = fn.childForFieldName('name');
    return name ? (name.type === 'generic_name' ? (name.namedChildren[0]?.text ?? null) : name.text) : null;
  }
  return null;
}

/** Arguments of a call or `new` by position and by name (`expires: ...`). */
export interface CsArguments {
  positional: Node[];
  named: Map<string, Node>;
}

export function callArguments(call: Node): CsArguments {
  const out: CsArguments = { positional: [], named: new Map() };
  const list = call.childForFieldName('arguments');
  for (const arg of list?.namedChildren ?? []) {
    if (arg?.type !== 'argument') continue;
    const name = arg.childForFieldName('name');
    const value = arg.namedChildren[arg.namedChildren.length - 1];
    if (!value || (name && value.equals(name))) continue;
    if (name) out.named.set(name.text, value);
    else out.positional.push(value);
  }
  return out;
}

/**
 * The argument for parameter `name` at position `index`: named, or positional by its place in
 * the list (C# 7.2 lets positional arguments follow named ones in their own positions).
 */
export function argumentAt(call: Node, index: number, name: string): Node | undefined {
  const list = call.childForFieldName('arguments');
  let i = 0;
  let byPosition: Node | undefined;
  for (const arg of list?.namedChildren ?? []) {
    if (arg?.type !== 'argument') continue;
    const n = arg.childForFieldName('name');
    const value = arg.namedChildren[arg.namedChildren.length - 1];
    if (value && !(n && value.equals(n))) {
      if (n?.text === name) return value;
      if (!n && i === index) byPosition = value;
    }
    i++;
  }
  return byPosition;
}

/** `new T { A = x, B = y }`: the initializer's assignments by property name. */
export function initializerOf(creation: Node): Map<string, { value: Node; at: Node }> {
  const out = new Map<string, { value: Node; at: Node }>();
  const init = creation.childForFieldName('initializer') ?? creation.namedChildren.find((c) => c?.type === 'initializer_expression') ?? null;
  for (const a of init?.namedChildren ?? []) {
    if (a?.type !== 'assignment_expression') continue;
    const left = a.childForFieldName('left');
    const right = a.childForFieldName('right');
    if (left?.type === 'identifier' && right) out.set(left.text, { value: right, at: a });
  }
  return out;
}

const CONFIG_OBJECT = /(?:^|\.)_?(?:[cC]onfiguration|[cC]onfig|[cC]onfigRoot|[sS]ettings)$/;

/** Fields with literal initializers of every class of the repository, by `Class.Field`, parsed once per run. */
class FieldCache {
  private sources: LanguageSources | undefined;
  private fields: Map<string, { value: string; loc: SourceLocation }> | null = null;
  /** Options classes bound to a configuration section: `Configure<JwtSettings>(config.GetSection("Jwt"))` → JwtSettings → Jwt. */
  private bindings = new Map<string, string>();
  private settings: Map<string, { value: string; loc: SourceLocation; string: boolean }[]> | null = null;
  /** Folders (with a trailing `/`, or '' for the root) that hold appsettings files. */
  private settingsDirs = new Set<string>();

  use(sources: LanguageSources | undefined) {
    if (sources !== this.sources) {
      this.sources = sources;
      this.fields = null;
      this.settings = null;
      this.settingsDirs = new Set();
      this.textChecks = new Map();
      this.bindings = new Map();
    }
  }

  private textChecks = new Map<string, boolean>();

  /** Whether any C# file of the repository contains `needle` (plain substring; cached per run). */
  anySourceIncludes(needle: string): boolean {
    const known = this.textChecks.get(needle);
    if (known !== undefined) return known;
    const found = (this.sources?.paths ?? []).some((p) => this.sources!.text(p)?.includes(needle) ?? false);
    this.textChecks.set(needle, found);
    return found;
  }

  /** The section an options class is bound to, if the repository binds it. */
  sectionOfOptions(type: string, tick: () => void): string | undefined {
    this.lookup('', tick);
    return this.bindings.get(type);
  }

  /**
   * Values of a configuration key (`Jwt:Key`, matched case-insensitively as .NET does) in the
   * repository's `appsettings*.json` files, each parsed once per run.
   */
  settingValues(key: string, fromFile: string): { value: string; loc: SourceLocation }[] {
    if (!this.sources?.anyText || !this.sources.allPaths) return [];
    if (!this.settings) {
      this.settings = new Map();
      for (const path of this.sources.allPaths) {
        if (!/(?:^|\/)appsettings(?:\.[\w-]+)?\.json$/i.test(path)) continue;
        const text = this.sources.anyText(path);
        if (!text) continue;
        this.settingsDirs.add(path.includes('/') ? path.slice(0, path.lastIndexOf('/') + 1) : '');
        for (const e of parseConfigText(path, 'json', text).entries) {
          // Booleans are kept for switches (`ValidateAudience: false`); only strings are values.
          if ((e.valueType !== 'string' && e.valueType !== 'boolean') || isPlaceholder(e.value, false)) continue;
          const k = e.path.join(':').toLowerCase();
          const list = this.settings.get(k) ?? [];
          list.push({ value: e.value, loc: e.valueLoc, string: e.valueType === 'string' });
          this.settings.set(k, list);
        }
      }
    }
    return this.projectSettings(key, fromFile).filter((s) => s.string).map(({ value, loc }) => ({ value, loc }));
  }

  /**
   * Only the settings of the file's own project: the appsettings files of the nearest folder at
   * or above the file that has any (a project's own files, not those of a parent folder's project).
   */
  private projectSettings(key: string, fromFile: string): { value: string; loc: SourceLocation; string: boolean }[] {
    let dir = fromFile.includes('/') ? fromFile.slice(0, fromFile.lastIndexOf('/') + 1) : '';
    for (;;) {
      if (this.settingsDirs.has(dir)) break;
      if (dir === '') return [];
      dir = dir.slice(0, dir.lastIndexOf('/', dir.length - 2) + 1);
    }
    return (this.settings?.get(key.toLowerCase()) ?? []).filter((s) => (s.loc.file.includes('/') ? s.loc.file.slice(0, s.loc.file.lastIndexOf('/') + 1) : '') === dir);
  }

  /**
   * Every setting below a section (`Authentication:Schemes:Bearer`) in the project's
   * `appsettings*.json` files: the rest of each key (lower-case, `validaudiences:0`), its value
   * and place. Flat keys (`"Authentication:Schemes:Bearer": {...}`) and nested objects give the same keys.
   */
  settingsUnder(section: string, fromFile: string): { key: string; value: string; loc: SourceLocation }[] {
    this.settingValues('', fromFile);
    const prefix = `${section.toLowerCase()}:`;
    const out: { key: string; value: string; loc: SourceLocation }[] = [];
    for (const [k] of this.settings ?? []) {
      if (!k.startsWith(prefix)) continue;
      for (const { value, loc } of this.projectSettings(k, fromFile)) out.push({ key: k.slice(prefix.length), value, loc });
    }
    return out;
  }

  /** `Configure<T>(x.GetSection("S"))`, `AddOptions<T>().Bind(x.GetSection("S"))`, `x.GetSection("S").Bind(t)` is not typed and skipped. */
  private readBindings(root: Node) {
    for (const call of root.descendantsOfType('invocation_expression')) {
      if (!call) continue;
      const name = call.childForFieldName('function');
      const generic = name?.type === 'member_access_expression' ? name.childForFieldName('name') : name;
      let type: string | null = null;
      let sectionCall: Node | undefined;
      if (generic?.type === 'generic_name' && generic.namedChildren[0]?.text === 'Configure') {
        type = generic.namedChildren[1]?.namedChildren[0]?.text ?? null;
        sectionCall = callArguments(call).positional.find((a) => a.type === 'invocation_expression');
      } else if (calleeName(call) === 'BindConfiguration' && name?.type === 'member_access_expression') {
        // `AddOptions<T>().BindConfiguration("Section")`
        const target = name.childForFieldName('expression');
        const g = target?.type === 'invocation_expression' ? target.childForFieldName('function') : null;
        const gn = g?.type === 'generic_name' ? g : g?.type === 'member_access_expression' ? g.childForFieldName('name') : null;
        const arg = callArguments(call).positional[0];
        const section = arg ? (stringValue(arg) ?? nameofValue(arg)) : null;
        if (gn?.type === 'generic_name' && gn.namedChildren[0]?.text === 'AddOptions' && section) {
          const t = gn.namedChildren[1]?.namedChildren[0]?.text;
          if (t) this.bindings.set(t, section);
        }
        continue;
      } else if (calleeName(call) === 'Bind' && name?.type === 'member_access_expression') {
        const target = name.childForFieldName('expression');
        const g = target?.type === 'invocation_expression' ? target.childForFieldName('function') : null;
        const gn = g?.type === 'generic_name' ? g : g?.type === 'member_access_expression' ? g.childForFieldName('name') : null;
        if (gn?.type === 'generic_name' && gn.namedChildren[0]?.text === 'AddOptions') type = gn.namedChildren[1]?.namedChildren[0]?.text ?? null;
        sectionCall = callArguments(call).positional[0];
      }
      if (!type || sectionCall?.type !== 'invocation_expression' || calleeName(sectionCall) !== 'GetSection') continue;
      const arg = callArguments(sectionCall).positional[0];
      const section = arg ? (stringValue(arg) ?? nameofValue(arg)) : null;
      if (section) this.bindings.set(type, section);
    }
  }

  lookup(name: string, tick: () => void): { value: string; loc: SourceLocation } | undefined {
    if (!this.sources) return undefined;
    if (!this.fields) {
      this.fields = new Map();
      for (const path of this.sources.paths) {
        const text = this.sources.text(path);
        // Only files that declare constants are parsed.
        const binds = !!text && (text.includes('BindConfiguration(') || (text.includes('GetSection(') && (text.includes('Configure<') || text.includes('.Bind(') || text.includes('AddOptions<'))));
        if (!text || !(text.includes('const ') || text.includes('static readonly') || binds)) continue;
        tick();
        const parsed = parseCsharp(text);
        if (!parsed.tree) continue;
        try {
          const lines = new LineIndex(text);
          if (binds) this.readBindings(parsed.tree.rootNode);
          for (const decl of parsed.tree.rootNode.descendantsOfType('field_declaration')) {
            if (!decl) continue;
            const cls = enclosingClass(decl);
            if (!cls) continue;
            for (const d of decl.descendantsOfType('variable_declarator')) {
              const nameNode = d?.childForFieldName('name');
              const init = d?.namedChildren[d.namedChildren.length - 1];
              if (!d || !nameNode || !init || init.equals(nameNode)) continue;
              const value = stringValue(init);
              if (value === null) continue;
              const p = lines.position(init.startIndex);
              const e = lines.position(init.endIndex);
              this.fields.set(`${cls}.${nameNode.text}`, { value, loc: { file: path, line: p.line, column: p.column, endLine: e.line, endColumn: e.column } });
            }
          }
        } finally {
          parsed.tree.delete();
        }
      }
    }
    return this.fields.get(name);
  }
}

export const fieldCache = new FieldCache();

/** `nameof(JwtSettings)` → `JwtSettings`. */
export function nameofValue(node: Node): string | null {
  const n = unwrap(node);
  if (n.type !== 'invocation_expression' || n.childForFieldName('function')?.text !== 'nameof') return null;
  const arg = callArguments(n).positional[0];
  return arg ? (arg.text.split('.').pop() ?? null) : null;
}

function enclosingClass(node: Node): string | null {
  for (let n = node.parent; n; n = n.parent) {
    if (n.type === 'class_declaration' || n.type === 'struct_declaration' || n.type === 'record_declaration') return n.childForFieldName('name')?.text ?? null;
  }
  return null;
}

/** The value a constructor of `cls` assigns to field `name` (`name = v` or `this.name = v`; the last one), if any. */
function constructorAssignment(cls: Node, name: string): Node | null {
  let found: Node | null = null;
  for (const ctor of cls.childForFieldName('body')?.namedChildren ?? []) {
    if (ctor?.type !== 'constructor_declaration') continue;
    for (const a of ctor.descendantsOfType('assignment_expression')) {
      const left = a?.childForFieldName('left');
      if (!a || !left || a.childForFieldName('operator')?.text !== '=') continue;
      const target = left.type === 'member_access_expression' && left.text.split('.')[0]?.trim() === 'this' ? left.childForFieldName('name')?.text : left.type === 'identifier' ? left.text : null;
      if (target === name) found = a.childForFieldName('right');
    }
  }
  return found;
}

const SCOPES = new Set(['method_declaration', 'constructor_declaration', 'local_function_statement', 'lambda_expression', 'anonymous_method_expression', 'accessor_declaration', 'global_statement', 'compilation_unit']);

export class CsharpResolver {
  readonly lines: LineIndex;

  constructor(
    readonly file: string,
    readonly root: Node,
    readonly text: string,
    private readonly tick: () => void = () => {},
  ) {
    this.lines = new LineIndex(text);
  }

  loc(node: Node): SourceLocation {
    const s = this.lines.position(node.startIndex);
    const e = this.lines.position(node.endIndex);
    return { file: this.file, line: s.line, column: s.column, endLine: e.line, endColumn: e.column };
  }

  /** The declaration `name` refers to at `use`: a local (before the use), a parameter, or a field of the enclosing class. */
  definition(use: Node): { value: Node | null; parameter: boolean } | null {
    const name = use.text;
    for (let scope = use.parent; scope; scope = scope.parent) {
      if (!SCOPES.has(scope.type) && scope.type !== 'class_declaration' && scope.type !== 'record_declaration' && scope.type !== 'struct_declaration') continue;
      if (scope.type === 'class_declaration' || scope.type === 'record_declaration' || scope.type === 'struct_declaration') {
        const body = scope.childForFieldName('body');
        for (const member of body?.namedChildren ?? []) {
          if (member?.type === 'field_declaration') {
            for (const d of member.descendantsOfType('variable_declarator')) {
              if (d?.childForFieldName('name')?.text !== name) continue;
              const init = d.namedChildren[d.namedChildren.length - 1];
              if (init && !init.equals(d.childForFieldName('name')!)) return { value: init, parameter: false };
              // A field set in the constructor (`_credentials = new SigningCredentials(...)`, DI-style services).
              return { value: constructorAssignment(scope, name), parameter: false };
            }
          }
          if (member?.type === 'property_declaration' && member.childForFieldName('name')?.text === name) {
            const v = member.childForFieldName('value');
            return { value: v ?? null, parameter: false };
          }
        }
        continue;
      }
      // Parameters of the method or lambda.
      const params = scope.childForFieldName('parameters');
      if (params) {
        if (params.type === 'implicit_parameter' && params.text === name) return { value: null, parameter: true };
        for (const p of params.namedChildren) if (p?.childForFieldName('name')?.text === name || (p?.type === 'implicit_parameter' && p.text === name)) return { value: null, parameter: true };
      }
      // The last local declaration (or assignment) before the use.
      let found: Node | null = null;
      for (const d of scope.descendantsOfType(['variable_declarator', 'assignment_expression'])) {
        if (!d || d.startIndex >= use.startIndex) continue;
        if (d.type === 'variable_declarator' && d.childForFieldName('name')?.text === name) {
          const init = d.namedChildren[d.namedChildren.length - 1];
          // A declaration without initializer (`string x;`) holds nothing yet (its last child is the name).
          found = init && !init.equals(d.childForFieldName('name')!) ? init : null;
          if (found) found = found;
        } else if (d.type === 'assignment_expression' && d.childForFieldName('left')?.text === name && d.childForFieldName('operator')?.text !== '+=') {
          found = d.childForFieldName('right');
        }
      }
      if (found) return { value: found, parameter: false };
    }
    return null;
  }

  /** Follows identifiers to the expression they hold (or the node itself). */
  follow(node: Node, depth = 0): Node {
    const n = unwrap(node);
    if (n.type !== 'identifier' || depth > MAX_DEPTH) return n;
    const def = this.definition(n);
    return def?.value ? this.follow(def.value, depth + 1) : n;
  }

  resolve(node: Node, depth = 0): CsValue {
    this.tick();
    const n = unwrap(node);
    const loc = this.loc(n);
    if (depth > MAX_DEPTH) return { kind: 'unknown', loc };
    const s = stringValue(n);
    if (s !== null) return { kind: 'string', value: s, loc, node: n, route: depth === 0 ? 'direct' : 'constant' };
    switch (n.type) {
      case 'integer_literal': {
        const v = Number(n.text.replace(/[_uUlL]/g, ''));
        return Number.isFinite(v) ? { kind: 'number', value: v, loc } : { kind: 'unknown', loc };
      }
      case 'real_literal': {
        const v = Number(n.text.replace(/[_fFdDmM]$/g, '').replace(/_/g, ''));
        return Number.isFinite(v) ? { kind: 'number', value: v, loc } : { kind: 'unknown', loc };
      }
      case 'boolean_literal':
        return { kind: 'bool', value: n.text === 'true', loc };
      case 'null_literal':
        return { kind: 'null', loc };
      case 'identifier': {
        const def = this.definition(n);
        if (!def) return { kind: 'unknown', loc };
        if (def.parameter) return { kind: 'parameter', loc };
        if (!def.value) return { kind: 'unknown', loc };
        const v = this.resolve(def.value, depth + 1);
        return v.kind === 'string' && v.route === 'direct' ? { ...v, route: 'constant' } : v;
      }
      case 'member_access_expression': {
        const name = dotted(n);
        if (name && /^[A-Z]\w*\.\w+$/.test(name)) {
          const f = fieldCache.lookup(name, this.tick);
          if (f) return { kind: 'string', value: f.value, loc: f.loc, route: f.loc.file === this.file ? 'constant' : 'import' };
        }
        // `_settings.Key` of an options class bound to section `Jwt`: the setting `Jwt:Key`.
        const obj = n.childForFieldName('expression');
        const prop = n.childForFieldName('name')?.text;
        const section = obj && prop ? this.optionsSection(obj, depth + 1) : null;
        if (section && prop) return { kind: 'env', name: `${section}:${prop}`.replaceAll(':', '__'), config: `${section}:${prop}`, loc };
        const key = this.configKey(n, depth);
        if (key) return { kind: 'env', name: key.replaceAll(':', '__'), config: key, loc };
        return { kind: 'expr', node: n, loc };
      }
      case 'binary_expression': {
        const op = n.childForFieldName('operator')?.text;
        const left = n.childForFieldName('left');
        const right = n.childForFieldName('right');
        if (!left || !right) return { kind: 'unknown', loc };
        if (op === '??') {
          const l = this.resolve(left, depth + 1);
          const r = this.resolve(right, depth + 1);
          if (l.kind === 'env' && r.kind === 'string') return { ...l, fallback: { value: r.value, loc: r.loc } };
          if (l.kind === 'null') return r;
          return l.kind === 'unknown' || l.kind === 'expr' ? (r.kind === 'string' ? r : l) : l;
        }
        if (op === '+') {
          const l = this.resolve(left, depth + 1);
          const r = this.resolve(right, depth + 1);
          if (l.kind === 'string' && r.kind === 'string') return { kind: 'string', value: l.value + r.value, loc: l.loc, route: l.route };
          if (l.kind === 'number' && r.kind === 'number') return { kind: 'number', value: l.value + r.value, loc };
        }
        if (op === '*') {
          const l = this.resolve(left, depth + 1);
          const r = this.resolve(right, depth + 1);
          if (l.kind === 'number' && r.kind === 'number') return { kind: 'number', value: l.value * r.value, loc };
        }
        return { kind: 'expr', node: n, loc };
      }
      case 'invocation_expression':
        return this.invocation(n, depth) ?? { kind: 'expr', node: n, loc };
      case 'element_access_expression': {
        const key = this.configKey(n, depth);
        if (key) return { kind: 'env', name: key.replaceAll(':', '__'), config: key, loc };
        return { kind: 'expr', node: n, loc };
      }
      default:
        return { kind: 'expr', node: n, loc };
    }
  }

  /** The declared type of a name at `use` (parameter, local, field or property), if written. */
  declaredType(use: Node): Node | null {
    const name = use.text;
    for (let scope = use.parent; scope; scope = scope.parent) {
      if (scope.type === 'class_declaration' || scope.type === 'record_declaration' || scope.type === 'struct_declaration') {
        // Primary constructor parameters (`class C(IOptions<T> options)`).
        const primary = scope.namedChildren.find((c) => c?.type === 'parameter_list');
        for (const p of primary?.namedChildren ?? []) if (p?.childForFieldName('name')?.text === name) return p.childForFieldName('type');
        for (const member of scope.childForFieldName('body')?.namedChildren ?? []) {
          if (member?.type === 'field_declaration') {
            const decl = member.namedChildren.find((c) => c?.type === 'variable_declaration');
            if (decl?.namedChildren.some((d) => d?.type === 'variable_declarator' && d.childForFieldName('name')?.text === name)) return decl.childForFieldName('type');
          }
          if (member?.type === 'property_declaration' && member.childForFieldName('name')?.text === name) return member.childForFieldName('type');
        }
        continue;
      }
      if (!SCOPES.has(scope.type)) continue;
      for (const p of scope.childForFieldName('parameters')?.namedChildren ?? []) if (p?.childForFieldName('name')?.text === name) return p.childForFieldName('type');
      for (const d of scope.descendantsOfType('variable_declaration')) {
        if (!d || d.startIndex >= use.startIndex) continue;
        const type = d.childForFieldName('type');
        if (type?.type !== 'implicit_type' && d.namedChildren.some((v) => v?.type === 'variable_declarator' && v.childForFieldName('name')?.text === name)) return type;
      }
    }
    return null;
  }

  /** The configuration section an options object reads: `IOptions<JwtSettings>.Value`, a `JwtSettings` field, `GetSection("Jwt").Get<JwtSettings>()`. */
  optionsSection(node: Node, depth: number): string | null {
    if (depth > MAX_DEPTH) return null;
    const n = unwrap(node);
    const ofType = (type: Node | null): string | null => {
      if (!type) return null;
      const t = type.type === 'nullable_type' ? type.namedChildren[0] : type;
      if (t?.type === 'generic_name' && /^IOptions(?:Monitor|Snapshot)?$/.test(t.namedChildren[0]?.text ?? '')) return null;
      const simple = t?.type === 'identifier' ? t.text : t?.type === 'qualified_name' ? (t.childForFieldName('name')?.text ?? null) : null;
      return simple ? (fieldCache.sectionOfOptions(simple, this.tick) ?? null) : null;
    };
    if (n.type === 'identifier') {
      const direct = ofType(this.declaredType(n));
      if (direct) return direct;
      const def = this.definition(n);
      return def?.value ? this.optionsSection(def.value, depth + 1) : null;
    }
    if (n.type === 'member_access_expression' && /^(?:Value|CurrentValue)$/.test(n.childForFieldName('name')?.text ?? '')) {
      const obj = unwrap(n.childForFieldName('expression')!);
      const type = obj.type === 'identifier' ? this.declaredType(obj) : null;
      const t = type?.type === 'nullable_type' ? type.namedChildren[0] : type;
      if (t?.type === 'generic_name' && /^IOptions(?:Monitor|Snapshot)?$/.test(t.namedChildren[0]?.text ?? '')) {
        const arg = t.namedChildren[1]?.namedChildren[0]?.text;
        return arg ? (fieldCache.sectionOfOptions(arg, this.tick) ?? null) : null;
      }
      return null;
    }
    // `config.GetSection("Jwt").Get<JwtSettings>()`
    if (n.type === 'invocation_expression' && calleeName(n) === 'Get') {
      const fn = n.childForFieldName('function');
      const obj = fn?.type === 'member_access_expression' ? fn.childForFieldName('expression') : null;
      const s = obj ? this.sectionOf(obj, depth + 1) : null;
      return s ? s : null;
    }
    return null;
  }

  private invocation(n: Node, depth: number): CsValue | null {
    const fn = n.childForFieldName('function');
    const callee = fn ? dotted(fn) : null;
    const args = callArguments(n);
    const first = args.positional[0];
    const loc = this.loc(n);
    if (callee === 'nameof' && first) return { kind: 'string', value: first.text.split('.').pop()!, loc, route: 'direct' };
    // `x.ToString()`, `x.Trim()`, and `"key"u8.ToArray()` (the UTF-8 bytes of the literal): the same
    // value. Before the callee test: a literal receiver has no dotted name.
    if (fn?.type === 'member_access_expression' && /^(?:ToString|Trim|ToArray)$/.test(calleeName(n) ?? '') && args.positional.length === 0 && args.named.size === 0) {
      const obj = fn.childForFieldName('expression');
      if (obj) return this.resolve(obj, depth + 1);
    }
    if (!callee) return null;
    // Key bytes from a string: the string is the key material.
    if (/(?:^|\.)Encoding\.(?:UTF8|ASCII|Unicode|Default|Latin1|UTF32)\.GetBytes$|^Encoding\.GetEncoding\(.*\)\.GetBytes$/.test(callee) && first) return this.resolve(first, depth + 1);
    if (/(?:^|\.)Convert\.FromBase64String$|(?:^|\.)Base64UrlEncoder\.DecodeBytes$/.test(callee) && first) {
      const v = this.resolve(first, depth + 1);
      return v.kind === 'string' ? { ...v, base64: true } : v;
    }
    if (/(?:^|\.)Environment\.GetEnvironmentVariable$/.test(callee) && first) {
      const v = this.resolve(first, depth + 1);
      return v.kind === 'string' ? { kind: 'env', name: v.value, loc } : { kind: 'unknown', loc };
    }
    const key = this.configKey(n, depth);
    if (key) return { kind: 'env', name: key.replaceAll(':', '__'), config: key, loc };
    return null;
  }

  /**
   * The configuration key a read names: `Configuration["Jwt:Key"]`, `config.GetSection("Jwt")["Key"]`,
   * `config.GetValue<string>("Jwt:Key")`, `config.GetSection("Jwt:Key").Value`.
   */
  configKey(node: Node, depth = 0): string | null {
    const n = unwrap(node);
    if (depth > MAX_DEPTH) return null;
    if (n.type === 'element_access_expression') {
      const obj = n.childForFieldName('expression');
      const sub = n.childForFieldName('subscript')?.namedChildren[0]?.namedChildren[0];
      const key = sub ? this.resolve(sub, depth + 1) : null;
      if (!obj || key?.kind !== 'string') return null;
      const prefix = this.sectionOf(obj, depth + 1);
      return prefix === null ? null : prefix ? `${prefix}:${key.value}` : key.value;
    }
    if (n.type === 'invocation_expression') {
      const fn = n.childForFieldName('function');
      const name = calleeName(n);
      const obj = fn?.type === 'member_access_expression' ? fn.childForFieldName('expression') : null;
      const first = callArguments(n).positional[0];
      if (!obj || !first || (name !== 'GetValue' && name !== 'GetConnectionString')) return null;
      const key = this.resolve(first, depth + 1);
      const prefix = this.sectionOf(obj, depth + 1);
      if (key.kind !== 'string' || prefix === null) return null;
      return prefix ? `${prefix}:${key.value}` : key.value;
    }
    if (n.type === 'member_access_expression' && n.childForFieldName('name')?.text === 'Value') {
      const obj = n.childForFieldName('expression');
      const s = obj ? this.sectionOf(obj, depth + 1) : null;
      return s ? s : null;
    }
    return null;
  }

  /** '' for a configuration root, `Jwt` for `GetSection("Jwt")`, null when the object is no configuration. */
  sectionOf(node: Node, depth: number): string | null {
    const n = unwrap(node);
    if (depth > MAX_DEPTH) return null;
    const name = dotted(n);
    if (name && CONFIG_OBJECT.test(name)) return '';
    if (n.type === 'identifier') {
      const def = this.definition(n);
      if (def?.value) return this.sectionOf(def.value, depth + 1);
      return null;
    }
    if (n.type === 'invocation_expression' && (calleeName(n) === 'GetSection' || calleeName(n) === 'GetRequiredSection')) {
      const fn = n.childForFieldName('function');
      const obj = fn?.type === 'member_access_expression' ? fn.childForFieldName('expression') : null;
      const first = callArguments(n).positional[0];
      const key = first ? this.resolve(first, depth + 1) : null;
      const prefix = obj ? this.sectionOf(obj, depth + 1) : null;
      if (prefix === null || key?.kind !== 'string') return null;
      return prefix ? `${prefix}:${key.value}` : key.value;
    }
    return null;
  }

  /** Seconds a lifetime expression adds to now: `DateTime.UtcNow.AddMinutes(n)`, `now.Add(TimeSpan.FromHours(n))`; undefined when not a lifetime, null when unresolvable. */
  lifetimeSeconds(node: Node, depth = 0): number | null | undefined {
    const n = this.follow(node);
    if (depth > MAX_DEPTH) return null;
    if (n.type !== 'invocation_expression') return undefined;
    const fn = n.childForFieldName('function');
    const name = calleeName(n);
    const obj = fn?.type === 'member_access_expression' ? fn.childForFieldName('expression') : null;
    const first = callArguments(n).positional[0];
    if (!obj || !first || !name) return undefined;
    const unit = UNIT_SECONDS[name.replace(/^Add/, '')];
    const base = dotted(obj);
    const fromNow = (base !== null && /(?:^|\.)(?:DateTime|DateTimeOffset)\.(?:UtcNow|Now|Today)$/.test(base)) || this.isNow(obj, depth + 1);
    if (name.startsWith('Add') && fromNow) {
      if (name === 'Add') return this.timeSpanSeconds(first, depth + 1);
      if (unit === undefined) return undefined;
      const v = this.resolve(first, depth + 1);
      return v.kind === 'number' ? v.value * unit : null;
    }
    return undefined;
  }

  private isNow(node: Node, depth: number): boolean {
    const n = this.follow(node, depth);
    const name = dotted(n);
    return name !== null && /(?:^|\.)(?:DateTime|DateTimeOffset)\.(?:UtcNow|Now|Today)$/.test(name);
  }

  /** `TimeSpan.FromMinutes(5)` (or a local holding it) in seconds; null when not resolvable. */
  timeSpanSeconds(node: Node, depth = 0): number | null {
    const n = this.follow(node);
    if (depth > MAX_DEPTH || n.type !== 'invocation_expression') return null;
    const callee = dotted(n.childForFieldName('function') ?? n);
    const m = callee ? /(?:^|\.)TimeSpan\.From(\w+)$/.exec(callee) : null;
    const first = callArguments(n).positional[0];
    if (!m || !first || UNIT_SECONDS[m[1]!] === undefined) return null;
    const v = this.resolve(first, depth + 1);
    return v.kind === 'number' ? v.value * UNIT_SECONDS[m[1]!]! : null;
  }
}

const UNIT_SECONDS: Record<string, number> = { Milliseconds: 0.001, Seconds: 1, Minutes: 60, Hours: 3600, Days: 86_400 };

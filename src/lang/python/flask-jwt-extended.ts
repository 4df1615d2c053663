// Flask-JWT-Extended 4.x as one configure-once record at `JWTManager(app)` (RULES.md names that
// line), from the Flask configuration it reads (flask_jwt_extended/config.py, tokens.py):
// - key `JWT_SECRET_KEY`, else Flask's `SECRET_KEY` (`app.secret_key`); `JWT_PRIVATE_KEY` /
//   `JWT_PUBLIC_KEY` for asymmetric algorithms;
// - `JWT_ALGORITHM` (default HS256) signs, and decoding always pins `JWT_DECODE_ALGORITHMS`
//   (default `[JWT_ALGORITHM]`): never unpinned;
// - `JWT_ACCESS_TOKEN_EXPIRES`: default 15 minutes, `False` = no `exp` (no-expiry on the
//   JWTManager line), a timedelta or seconds otherwise; refresh-token lifetimes (default 30 days)
//   are not judged by long-expiry: renewing through refresh tokens is what the rule recommends;
// - `JWT_DECODE_AUDIENCE` / `JWT_DECODE_ISSUER` (default None: not checked), `JWT_DECODE_LEEWAY`.
// Settings are read where the app sets them: `app.config['X'] = v`, `app.config.update(X=v)`,
// config classes and module-level names of this file, and otherwise any repository module that
// mentions the key (config classes loaded with `from_object`). A key no module mentions is
// unset unless the file loads configuration the resolver cannot read (`from_pyfile`,
// `from_envvar`, `from_prefixed_env`, `from_file`): then it is unknown.
// Calls: `create_access_token(..., expires_delta=False)` → no-expiry on that call (a timedelta
// there is judged as that call's lifetime); `decode_token(..., allow_expired=True)` →
// expiry-not-enforced on the value.
import type { Node } from 'web-tree-sitter';
import type { KeyAnalysis } from '../../facts/collector.js';
import type { AlgorithmSpec, AlgorithmValue, ExpiryEnforcement, JwtCallSite, Lifetime, Presence, SourceLocation } from '../../facts/model.js';
import { qualifiedName, within } from './imports.js';
import { classDefinition, configDefinitions, isAppConfig, type ModuleLinker } from './modules.js';
import { HMAC, keyOf } from './pyjwt.js';
import { callArguments, lifetimeValueNode, PythonResolver, stringValue, timedeltaSeconds } from './resolve-python.js';

export const FLASK_JWT_EXTENDED = 'flask-jwt-extended';

export function importsFlaskJwtExtended(modules: Set<string>): boolean {
  for (const m of modules) if (within(m, 'flask_jwt_extended')) return true;
  return false;
}

type Definition = { resolver: PythonResolver; node: Node };

const OPAQUE_LOADERS = /^(?:from_pyfile|from_envvar|from_prefixed_env|from_file|from_json)$/;

/** A configuration source `from_object` loads: a class (with its bases) or a module. */
type Target = { kind: 'class'; resolver: PythonResolver; node: Node } | { kind: 'module'; resolver: PythonResolver };

/** Where this app's Flask configuration sets each key. */
class FlaskConfig {
  private opaque = false;
  /** The module writes or loads Flask configuration itself. */
  private configures = false;
  private readonly targets: Target[] = [];
  /** For a JWTManager built apart from the app (`JWTManager()` + `init_app`): the modules that configure the app. */
  private others: FlaskConfig[] | null = null;
  constructor(
    private readonly resolver: PythonResolver,
    private readonly linker: ModuleLinker | null,
  ) {
    for (const n of resolver.root.descendantsOfType(['call', 'subscript'])) {
      if (n?.type === 'subscript') {
        if (isAppConfig(n.childForFieldName('value')) && n.parent?.type === 'assignment' && n.parent.childForFieldName('left')?.id === n.id) this.configures = true;
        continue;
      }
      const c = n;
      const fn = c?.childForFieldName('function');
      if (fn?.type !== 'attribute' || !isAppConfig(fn.childForFieldName('object'))) continue;
      const method = fn.childForFieldName('attribute')?.text ?? '';
      if (/^(?:from_|update$)/.test(method)) this.configures = true;
      if (OPAQUE_LOADERS.test(method)) this.opaque = true;
      if (method !== 'from_object') continue;
      const arg = c!.childForFieldName('arguments')?.namedChildren[0];
      const targets = arg ? this.targetsOf(arg) : [];
      if (targets.length > 0) this.targets.push(...targets);
      else this.opaque = true;
    }
  }

  /**
   * Every configuration `from_object` may load: `config_object or DefaultConfig` (both sides),
   * `config_by_name[name]` (each class of the mapping), else the one target.
   */
  private targetsOf(arg: Node, depth = 0): Target[] {
    if (depth > 3) return [];
    if (arg.type === 'boolean_operator') {
      return [arg.childForFieldName('left'), arg.childForFieldName('right')].flatMap((side) => (side ? this.targetsOf(side, depth + 1) : []));
    }
    if (arg.type === 'subscript') {
      const mapping = arg.childForFieldName('value');
      const name = mapping?.type === 'identifier' ? mapping.text : null;
      const def = name ? (this.linker?.definitionOf(this.resolver, name) ?? (this.resolver.moduleAssignment(name) ? { resolver: this.resolver, node: this.resolver.moduleAssignment(name)! } : null)) : null;
      if (def?.node.type !== 'dictionary') return [];
      const out: Target[] = [];
      for (const pair of def.node.namedChildren) {
        const value = pair?.type === 'pair' ? pair.childForFieldName('value') : null;
        const cls = value?.type === 'identifier' ? (this.linker?.classNamed(def.resolver, value.text) ?? localClass(def.resolver, value.text)) : null;
        if (cls) out.push({ kind: 'class', ...cls });
      }
      return out;
    }
    const one = this.targetOf(arg);
    return one ? [one] : [];
  }

  /** `from_object(Config)`, `from_object(config_class)` with a class default, `from_object('app.config.Prod')`. */
  private targetOf(arg: Node): Target | null {
    const linker = this.linker;
    let n: Node = arg;
    if (n.type === 'identifier') {
      const scope = this.resolver.scopeOf(n);
      const v = scope ? this.resolver.resolve(n) : null;
      if (v?.kind === 'parameter') {
        const def = v.node.parent?.childForFieldName('value');
        if (!def) return null;
        n = def;
      }
    }
    if (n.type === 'identifier') {
      const cls = linker?.classNamed(this.resolver, n.text) ?? localClass(this.resolver, n.text);
      if (cls) return { kind: 'class', ...cls };
      const binding = this.resolver.imports.bindings.get(n.text);
      const module = binding && linker ? linker.moduleOf(this.resolver, binding.name ? (binding.module ? `${binding.module}.${binding.name}` : binding.name) : binding.module, binding.level) : null;
      return module ? { kind: 'module', resolver: module } : null;
    }
    const dotted = n.type === 'string' ? stringValue(n) : null;
    if (dotted && linker) {
      const parts = dotted.split('.');
      const module = linker.moduleOf(this.resolver, parts.slice(0, -1).join('.'), 0);
      const cls = module ? linker.classNamed(module, parts[parts.length - 1]!) : null;
      if (cls) return { kind: 'class', ...cls };
      const whole = linker.moduleOf(this.resolver, dotted, 0);
      return whole ? { kind: 'module', resolver: whole } : null;
    }
    return null;
  }

  /** Every place that sets `name` for this app; `'unknown'` when none is seen but configuration is loaded from what cannot be read. */
  get(name: string): Definition[] | 'unknown' {
    const here = configDefinitions(this.resolver, name, true);
    if (name === 'SECRET_KEY') here.push(...this.secretKeyAttribute());
    for (const t of this.targets) {
      if (t.kind === 'class') {
        const d = this.linker ? classDefinition(this.linker, t.resolver, t.node, name) : null;
        if (d) here.push(d);
      } else {
        const node = t.resolver.moduleAssignment(name);
        if (node) here.push({ resolver: t.resolver, node });
      }
    }
    // Config classes of this module when it loads none explicitly.
    if (here.length === 0 && this.targets.length === 0) here.push(...configDefinitions(this.resolver, name).filter((d) => d.node.parent?.parent?.parent?.parent?.type === 'class_definition'));
    if (here.length === 0 && !this.configures && this.linker) {
      // The app is configured in another module of this service (an app factory): read those.
      this.others ??= this.configuringModules();
      for (const other of this.others) {
        const found = other.get(name);
        if (found === 'unknown') return 'unknown';
        here.push(...found);
      }
      return here;
    }
    if (here.length > 0 || !this.opaque) return here;
    // Loaded from what cannot be read: a module of this service that sets it, else unknown.
    const under = this.resolver.file.includes('/') ? this.resolver.file.split('/')[0]! + '/' : '';
    const elsewhere = this.linker?.definitionsAnywhere(name, this.resolver.file, under) ?? [];
    return elsewhere.length > 0 ? elsewhere : 'unknown';
  }

  private configuringModules(): FlaskConfig[] {
    const under = this.resolver.file.includes('/') ? this.resolver.file.split('/')[0]! + '/' : '';
    const out: FlaskConfig[] = [];
    for (const path of this.linker!.pathsMentioning('.config')) {
      if (path === this.resolver.file || !path.startsWith(under)) continue;
      const module = this.linker!.module(path);
      if (!module) continue;
      const config = new FlaskConfig(module, this.linker);
      if (config.configures) out.push(config);
    }
    return out;
  }

  /** `app.secret_key = ...` */
  private secretKeyAttribute(): Definition[] {
    const out: Definition[] = [];
    for (const a of this.resolver.root.descendantsOfType('assignment')) {
      const left = a?.childForFieldName('left');
      const right = a?.childForFieldName('right');
      if (left?.type === 'attribute' && left.childForFieldName('attribute')?.text === 'secret_key' && right) out.push({ resolver: this.resolver, node: right });
    }
    return out;
  }
}

function localClass(resolver: PythonResolver, name: string): { resolver: PythonResolver; node: Node } | null {
  for (const stmt of resolver.root.namedChildren) if (stmt?.type === 'class_definition' && stmt.childForFieldName('name')?.text === name) return { resolver, node: stmt };
  return null;
}

function isNone(d: Definition): boolean {
  return d.resolver.resolve(d.node).kind === 'none';
}

/** Seconds of a lifetime setting (timedelta or a number of seconds); `false` for `False`; null when not resolvable. */
function lifetimeOf(d: Definition): Lifetime {
  const written = lifetimeValueNode(d.node, d.resolver);
  const loc = written.resolver.loc(written.node);
  const td = timedeltaSeconds(d.node, d.resolver);
  if (td !== undefined) return td === null ? { kind: 'present', loc } : { kind: 'seconds', seconds: td, loc };
  const v = d.resolver.resolve(d.node);
  if (v.kind === 'bool' && !v.value) return { kind: 'absent' };
  if (v.kind === 'number') return { kind: 'seconds', seconds: v.value, loc: d.resolver.ownerOf(v.node).loc(v.node) };
  if (v.kind === 'expr') {
    const inner = timedeltaSeconds(v.node, d.resolver.ownerOf(v.node));
    if (typeof inner === 'number') return { kind: 'seconds', seconds: inner, loc: d.resolver.ownerOf(v.node).loc(v.node) };
  }
  if (v.kind === 'env') return { kind: 'present', loc, envName: v.name };
  return { kind: 'present', loc };
}

function algorithmOf(defs: Definition[] | 'unknown'): AlgorithmValue[] | 'unknown' | null {
  if (defs === 'unknown') return 'unknown';
  const out: AlgorithmValue[] = [];
  for (const d of defs) {
    const v = d.resolver.resolve(d.node);
    if (v.kind === 'string') out.push({ name: v.value, loc: d.resolver.ownerOf(v.node).loc(v.node) });
    else if (v.kind === 'env' && v.fallback) out.push({ name: v.fallback.value, loc: d.resolver.ownerOf(v.fallback.node).loc(v.fallback.node) });
    else return 'unknown';
  }
  return out.length > 0 ? out : null;
}

function presenceOf(defs: Definition[] | 'unknown'): Presence {
  if (defs === 'unknown') return 'unknown';
  if (defs.length === 0) return 'absent';
  return defs.every(isNone) ? 'absent' : 'present';
}

function mergeKeys(keys: KeyAnalysis[], loc: SourceLocation): KeyAnalysis | null {
  if (keys.length === 0) return null;
  const [first, ...rest] = keys;
  const info = { ...first!.info, loc, envNames: [...first!.info.envNames], envReads: [...first!.info.envReads] };
  const materials = [...first!.materials];
  let hmac = first!.hmac;
  for (const k of rest) {
    for (const n of k.info.envNames) if (!info.envNames.includes(n)) info.envNames.push(n);
    info.envReads.push(...k.info.envReads);
    materials.push(...k.materials);
    hmac ||= k.hmac;
    if (info.kind === 'unknown' || info.kind === 'none') info.kind = k.info.kind;
    if (!info.material && k.info.material) info.material = k.info.material;
  }
  return { info, materials, hmac };
}

/** The JWTManager record: what every `create_access_token` and protected view of this app does. */
function managerSite(call: Node, resolver: PythonResolver, config: FlaskConfig): { site: JwtCallSite; key: KeyAnalysis | null } {
  const loc = resolver.loc(call);
  const algorithm = algorithmOf(config.get('JWT_ALGORITHM'));
  const names = Array.isArray(algorithm) ? algorithm.map((a) => a.name) : algorithm === null ? ['HS256'] : [];
  const asymmetric = names.length > 0 && names.every((n) => !HMAC.test(n) && n !== 'none');
  const signAlgorithm: AlgorithmSpec = algorithm === 'unknown' ? { kind: 'unknown', loc } : algorithm === null ? { kind: 'default', hmacByDefault: true } : { kind: 'explicit', values: algorithm, loc: algorithm[0]!.loc };
  const decodeAlgorithms = algorithmOf(config.get('JWT_DECODE_ALGORITHMS'));
  // Decoding pins `[JWT_ALGORITHM]` when no list is set; a default HS256 is named at this line.
  const verifyAlgorithms: AlgorithmSpec =
    decodeAlgorithms === 'unknown' ? { kind: 'unknown', loc } : decodeAlgorithms !== null ? decodeAlgorithmList(config.get('JWT_DECODE_ALGORITHMS'), loc) : signAlgorithm.kind === 'default' ? { kind: 'explicit', values: [{ name: 'HS256', loc }], loc } : signAlgorithm;
  const keyDefs = (name: string) => {
    const d = config.get(name);
    return d === 'unknown' ? null : d;
  };
  let defs = asymmetric ? keyDefs('JWT_PRIVATE_KEY') : keyDefs('JWT_SECRET_KEY');
  if (!asymmetric && defs && (defs.length === 0 || defs.every(isNone))) defs = keyDefs('SECRET_KEY');
  const keys = (defs ?? []).filter((d) => !isNone(d)).map((d) => keyOf(d.node, d.resolver, names, true));
  const key = mergeKeys(keys, loc);
  if (key && !asymmetric) key.hmac = key.info.kind === 'hmac-secret' || key.hmac;
  const expires = config.get('JWT_ACCESS_TOKEN_EXPIRES');
  const lifetimes = expires === 'unknown' ? null : expires.map(lifetimeOf);
  const lifetime: Lifetime = lifetimes === null ? { kind: 'unknown' } : lifetimes.length === 0 ? { kind: 'seconds', seconds: 900, loc } : (lifetimes.find((l) => l.kind === 'absent') ?? longest(lifetimes));
  const expiry: ExpiryEnforcement = {};
  const leeway = config.get('JWT_DECODE_LEEWAY');
  if (leeway !== 'unknown') {
    for (const d of leeway) {
      const l = lifetimeOf(d);
      if (l.kind === 'seconds' && l.seconds > 0 && (!expiry.clockTolerance || l.seconds > expiry.clockTolerance.seconds)) expiry.clockTolerance = { seconds: l.seconds, loc: l.loc };
    }
  }
  const site: JwtCallSite = {
    library: FLASK_JWT_EXTENDED,
    api: 'JWTManager',
    operation: 'configure',
    signs: true,
    verifies: true,
    loc,
    key: key?.info ?? { kind: 'unknown', envNames: [], envReads: [], loc, fromParameter: false },
    signAlgorithm,
    verifyAlgorithms,
    audience: presenceOf(config.get('JWT_DECODE_AUDIENCE')),
    issuer: presenceOf(config.get('JWT_DECODE_ISSUER')),
    lifetime,
    expiry,
  };
  return { site, key };
}

function decodeAlgorithmList(defs: Definition[] | 'unknown', loc: SourceLocation): AlgorithmSpec {
  if (defs === 'unknown' || defs.length === 0) return { kind: 'unknown', loc };
  const d = defs[0]!;
  const v = d.resolver.resolve(d.node);
  if (v.kind !== 'list') return v.kind === 'string' ? { kind: 'explicit', values: [{ name: v.value, loc: d.resolver.loc(v.node) }], loc: d.resolver.loc(d.node) } : { kind: 'unknown', loc };
  const owner = d.resolver.ownerOf(v.node);
  const values: AlgorithmValue[] = [];
  for (const item of v.node.namedChildren) {
    if (!item || item.type === 'comment') continue;
    const iv = owner.resolve(item);
    if (iv.kind !== 'string') return { kind: 'unknown', loc };
    values.push({ name: iv.value, loc: owner.loc(iv.node) });
  }
  return { kind: 'explicit', values, loc: owner.loc(v.node) };
}

function longest(lifetimes: Lifetime[]): Lifetime {
  let best: Lifetime = lifetimes[0]!;
  for (const l of lifetimes) {
    if (l.kind === 'seconds' && (best.kind !== 'seconds' || l.seconds > best.seconds)) best = l;
    else if (l.kind === 'present' && best.kind !== 'seconds') best = l;
  }
  return best;
}

/** Flask-JWT-Extended records of a file: its JWTManager and the token calls with their own options. */
export function flaskJwtSites(root: Node, resolver: PythonResolver, linker: ModuleLinker | null, tick: () => void): { site: JwtCallSite; key: KeyAnalysis | null }[] {
  const out: { site: JwtCallSite; key: KeyAnalysis | null }[] = [];
  let config: FlaskConfig | null = null;
  for (const call of root.descendantsOfType('call')) {
    if (!call) continue;
    tick();
    const fn = call.childForFieldName('function');
    const name = fn ? qualifiedName(fn, resolver.imports) : null;
    if (!name || !within(name, 'flask_jwt_extended')) continue;
    const api = name.split('.').pop()!;
    const args = callArguments(call);
    const loc = resolver.loc(call);
    if (api === 'JWTManager') {
      config ??= new FlaskConfig(resolver, linker);
      out.push(managerSite(call, resolver, config));
    } else if (api === 'create_access_token' || api === 'create_refresh_token') {
      const delta = args.keywords.get('expires_delta')?.value;
      if (!delta) continue;
      const lifetime = lifetimeOf({ resolver, node: delta });
      // Refresh lifetimes are long by design; only one that never ends is judged.
      if (api === 'create_refresh_token' && lifetime.kind !== 'absent') continue;
      const v = resolver.resolve(delta);
      if (v.kind === 'none' || v.kind === 'parameter') continue;
      out.push({ site: { library: FLASK_JWT_EXTENDED, api, operation: 'sign', signs: true, verifies: false, loc, key: null, lifetime }, key: null });
    } else if (api === 'decode_token') {
      const allow = args.keywords.get('allow_expired')?.value ?? args.positional[2];
      const v = allow ? resolver.resolve(allow) : null;
      if (v?.kind !== 'bool' || !v.value) continue;
      out.push({ site: { library: FLASK_JWT_EXTENDED, api, operation: 'verify', signs: false, verifies: true, loc, key: null, audience: 'unknown', issuer: 'unknown', expiry: { ignoreExpiration: resolver.loc(allow!) } }, key: null });
    }
  }
  return out;
}

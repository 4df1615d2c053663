// PyJWT 1.x and 2.x (`import jwt`): `jwt.encode`, `jwt.decode`, `jwt.get_unverified_header`,
// as the same call-site records the JS adapters emit (RULES.md "Other languages and
// configuration formats"). A module bound to the name `jwt` from anything but `import jwt`
// (`from jose import jwt`, `import my_jwt as jwt`) is not PyJWT and is not read here.
import type { Node } from 'web-tree-sitter';
import type { KeyAnalysis } from '../../facts/collector.js';
import type { AlgorithmSpec, AlgorithmValue, DecodeFacts, ExpiryEnforcement, JwtCallSite, KeyInfo, Lifetime, Presence, SecretMaterial } from '../../facts/model.js';
import { qualifiedName } from './imports.js';
import { callArguments, dottedName, PythonResolver, stringValue, timedeltaSeconds, unwrapParens, type CallArguments, type PyValue } from './resolve-python.js';

export const PYJWT = 'pyjwt';

type PyJwtFunction = 'encode' | 'decode' | 'decode_complete' | 'get_unverified_header';
const FUNCTIONS = new Set<string>(['encode', 'decode', 'decode_complete', 'get_unverified_header']);

/** How the file binds PyJWT: module aliases (`import jwt as pyjwt`) and imported functions (`from jwt import decode as d`). */
export interface PyJwtBindings {
  modules: Set<string>;
  functions: Map<string, PyJwtFunction>;
}

export function pyjwtBindings(root: Node): PyJwtBindings {
  const out: PyJwtBindings = { modules: new Set(), functions: new Map() };
  for (const stmt of root.descendantsOfType(['import_statement', 'import_from_statement'])) {
    if (!stmt) continue;
    if (stmt.type === 'import_statement') {
      for (const name of stmt.childrenForFieldName('name')) {
        if (!name) continue;
        if (name.type === 'dotted_name' && (name.text === 'jwt' || name.text.startsWith('jwt.'))) out.modules.add('jwt');
        if (name.type === 'aliased_import' && name.childForFieldName('name')?.text === 'jwt') {
          const alias = name.childForFieldName('alias');
          if (alias) out.modules.add(alias.text);
        }
      }
    } else if (stmt.childForFieldName('module_name')?.text === 'jwt') {
      for (const name of stmt.childrenForFieldName('name')) {
        if (!name) continue;
        const imported = name.type === 'aliased_import' ? name.childForFieldName('name')?.text : name.text;
        const local = name.type === 'aliased_import' ? name.childForFieldName('alias')?.text : name.text;
        if (imported && local && FUNCTIONS.has(imported)) out.functions.set(local, imported as PyJwtFunction);
      }
    }
  }
  return out;
}

/** Which PyJWT function a call calls, if any. */
function pyjwtFunction(call: Node, bindings: PyJwtBindings): PyJwtFunction | null {
  const fn = call.childForFieldName('function');
  if (!fn) return null;
  if (fn.type === 'identifier') return bindings.functions.get(fn.text) ?? null;
  if (fn.type !== 'attribute') return null;
  const object = fn.childForFieldName('object');
  const attribute = fn.childForFieldName('attribute')?.text ?? '';
  if (object?.type === 'identifier' && bindings.modules.has(object.text) && FUNCTIONS.has(attribute)) return attribute as PyJwtFunction;
  return null;
}

/** `jwt.PyJWT()` / `jwt.PyJWS()` (or the imported classes): an instance's methods are the module's. */
function instanceKind(call: Node, resolver: PythonResolver, bindings: PyJwtBindings): 'PyJWT' | 'PyJWS' | null {
  const fn = call.childForFieldName('function');
  const object = fn?.type === 'attribute' ? fn.childForFieldName('object') : null;
  if (object?.type !== 'identifier' || bindings.modules.has(object.text)) return null;
  const v = resolver.resolve(object);
  if (v.kind !== 'expr' || v.node.type !== 'call') return null;
  const ctor = v.node.childForFieldName('function');
  const name = ctor ? qualifiedName(ctor, resolver.ownerOf(v.node).imports) : null;
  return name === 'jwt.PyJWT' || name === 'jwt.api_jwt.PyJWT' ? 'PyJWT' : name === 'jwt.PyJWS' || name === 'jwt.api_jws.PyJWS' ? 'PyJWS' : null;
}

/**
 * PyJWKClient keys (`client.get_signing_key_from_jwt(token).key`): public keys from a remote JWKS,
 * not an HMAC secret; the origin is the JWKS URL (its env variable or literal).
 */
function jwksKey(node: Node, resolver: PythonResolver, depth = 0): string | null {
  if (depth > 4) return null;
  let n = unwrapParens(node);
  if (n.type === 'identifier') {
    const v = resolver.resolve(n);
    if (v.kind !== 'expr') return null;
    n = v.node;
  }
  if (n.type !== 'attribute' || n.childForFieldName('attribute')?.text !== 'key') return null;
  let getter = unwrapParens(n.childForFieldName('object')!);
  if (getter.type === 'identifier') {
    const v = resolver.resolve(getter);
    if (v.kind !== 'expr') return null;
    getter = v.node;
  }
  const fn = getter.type === 'call' ? getter.childForFieldName('function') : null;
  if (fn?.type !== 'attribute' || !/^get_signing_key(?:_from_jwt)?$/.test(fn.childForFieldName('attribute')?.text ?? '')) return null;
  let client = unwrapParens(fn.childForFieldName('object')!);
  if (client.type === 'identifier') {
    const v = resolver.resolve(client);
    if (v.kind !== 'expr') return null;
    client = v.node;
  }
  const ctor = client.type === 'call' ? client.childForFieldName('function') : null;
  const name = ctor ? qualifiedName(ctor, resolver.ownerOf(client).imports) : null;
  if (name !== 'jwt.PyJWKClient' && name !== 'jwt.jwks_client.PyJWKClient') return null;
  const url = client.childForFieldName('arguments')?.namedChildren[0];
  const u = url ? resolver.ownerOf(client).resolve(url) : null;
  return u?.kind === 'env' ? `env:${u.name}` : u?.kind === 'string' ? `url:${u.value}` : 'jwks';
}

export const PRIVATE_PEM = /-----BEGIN (?:RSA |EC |ENCRYPTED |OPENSSH )?PRIVATE KEY-----/;
export const PUBLIC_PEM = /-----BEGIN (?:RSA )?PUBLIC KEY-----|-----BEGIN CERTIFICATE-----/;
export const HMAC = /^HS(?:256|384|512)$/i;

export function keyOf(node: Node, resolver: PythonResolver, algorithms: string[], signs: boolean): KeyAnalysis {
  const v = resolver.resolve(node);
  const loc = resolver.loc(node);
  const asymmetric = algorithms.length > 0 && algorithms.every((a) => !HMAC.test(a) && a !== 'none');
  const info = (kind: KeyInfo['kind'], extra: Partial<KeyInfo> = {}): KeyInfo => ({ kind, envNames: [], envReads: [], loc, fromParameter: false, ...extra });
  const material = (value: string, at: Node, route: SecretMaterial['route'], envName?: string): SecretMaterial => ({
    text: value,
    byteLength: Buffer.byteLength(value, 'utf8'),
    form: PRIVATE_PEM.test(value) ? 'pem-private' : 'string',
    loc: resolver.loc(at),
    route,
    ...(envName !== undefined && { envName }),
  });
  switch (v.kind) {
    case 'string': {
      if (PUBLIC_PEM.test(v.value)) return { info: info('public-key'), materials: [], hmac: false };
      const route = v.node.tree !== node.tree ? 'import' : v.node.startIndex === unwrapParens(node).startIndex ? 'direct' : 'constant';
      const m = material(v.value, v.node, route);
      if (m.form === 'pem-private') return { info: info('private-key', { material: m }), materials: [m], hmac: false };
      if (v.value === '') return { info: info('none'), materials: [], hmac: !asymmetric };
      return { info: info('hmac-secret', { material: m }), materials: [m], hmac: !asymmetric };
    }
    case 'env': {
      const envReads = [{ name: v.name, loc: resolver.loc(v.node) }];
      const kind: KeyInfo['kind'] = asymmetric ? (signs ? 'private-key' : 'public-key') : /PUBLIC|PUB_?KEY/i.test(v.name) ? 'public-key' : /PRIVATE/i.test(v.name) ? 'private-key' : 'hmac-secret';
      const materials = v.fallback ? [material(v.fallback.value, v.fallback.node, 'env-fallback', v.name)] : [];
      return { info: info(kind, { envNames: [v.name], envReads, ...(materials[0] && { material: materials[0] }) }), materials, hmac: kind === 'hmac-secret' };
    }
    case 'none':
      return { info: info('none'), materials: [], hmac: false };
    case 'expr':
    case 'unknown': {
      const origin = jwksKey(node, resolver);
      if (origin) return { info: info('jwks', origin === 'jwks' ? {} : { origin }), materials: [], hmac: false };
      return { info: info('unknown'), materials: [], hmac: false };
    }
    case 'parameter':
      return { info: info('unknown', { fromParameter: true }), materials: [], hmac: false };
    default:
      return { info: info('unknown'), materials: [], hmac: false };
  }
}

const NOW = /(?:^|\.)(?:utcnow|now|time)\([^()]*\)$/;

/** `datetime.utcnow()`, `datetime.now(timezone.utc)`, `time.time()`, `int(time.time())`. */
function isNow(node: Node): boolean {
  const n = unwrapParens(node);
  if (n.type !== 'call') return false;
  const fn = n.childForFieldName('function');
  const callee = fn ? dottedName(fn) : null;
  if ((callee === 'int' || callee === 'round') && n.childForFieldName('arguments')?.namedChildren[0]) return isNow(n.childForFieldName('arguments')!.namedChildren[0]!);
  return n.text.length < 200 && NOW.test(n.text.replace(/\s+/g, ''));
}

/** The lifetime an `exp` value sets: `now + timedelta(...)`, `time.time() + N`, wrapped in `int(...)`/`.timestamp()`. */
export function lifetimeOfExp(node: Node, resolver: PythonResolver, depth = 0): Lifetime {
  const n = unwrapParens(node);
  const present: Lifetime = { kind: 'present', loc: resolver.loc(n) };
  if (depth > 8) return present;
  if (n.type === 'identifier') {
    const v = resolver.resolve(n);
    if (v.kind === 'expr' || v.kind === 'number') return lifetimeOfExp(v.node, resolver, depth + 1);
    if (v.kind === 'env') return { kind: 'present', loc: resolver.loc(n), envName: v.name };
    return present;
  }
  if (n.type === 'call') {
    const fn = n.childForFieldName('function');
    const callee = fn ? dottedName(fn) : null;
    const first = n.childForFieldName('arguments')?.namedChildren[0];
    if ((callee === 'int' || callee === 'round' || callee === 'calendar.timegm' || callee === 'timegm') && first) return lifetimeOfExp(first, resolver, depth + 1);
    // `(now + delta).timestamp()`, `(...).timetuple()`
    if (fn?.type === 'attribute' && /^(?:timestamp|timetuple|utctimetuple)$/.test(fn.childForFieldName('attribute')?.text ?? '')) {
      const object = fn.childForFieldName('object');
      if (object) return lifetimeOfExp(object, resolver, depth + 1);
    }
    return present;
  }
  if (n.type === 'binary_operator' && n.childForFieldName('operator')?.text === '+') {
    const left = n.childForFieldName('left');
    const right = n.childForFieldName('right');
    if (!left || !right) return present;
    const [, delta] = isNow(left) ? [left, right] : isNow(right) ? [right, left] : [null, null];
    if (!delta) return present;
    const d = unwrapParens(delta);
    const target = d.type === 'identifier' ? resolver.resolve(d) : null;
    const deltaNode = target && (target.kind === 'expr' || target.kind === 'number') ? target.node : d;
    const td = timedeltaSeconds(deltaNode, resolver);
    if (td !== undefined) return td === null ? { kind: 'present', loc: resolver.loc(d) } : { kind: 'seconds', seconds: td, loc: resolver.loc(d) };
    const v = resolver.resolve(d);
    if (v.kind === 'number') return { kind: 'seconds', seconds: v.value, loc: resolver.loc(d) };
    if (v.kind === 'env') return { kind: 'present', loc: resolver.loc(d), envName: v.name };
    return { kind: 'present', loc: resolver.loc(d) };
  }
  return present;
}

export function payloadLifetime(node: Node | undefined, resolver: PythonResolver): Lifetime {
  if (!node) return { kind: 'unknown' };
  const v = resolver.resolve(node);
  if (v.kind !== 'dict') return { kind: 'unknown' };
  const exp = resolver.entry(v, 'exp');
  if (exp.found === 'no') return { kind: 'absent' };
  if (exp.found === 'unknown') return { kind: 'unknown' };
  return lifetimeOfExp(exp.value, resolver);
}

/** `jwt.get_unverified_header(t)['alg']` (or `.get('alg')`). */
export function isHeaderAlg(node: Node, resolver: PythonResolver, isHeaderCall: (call: Node) => boolean, depth = 0): boolean {
  let n = unwrapParens(node);
  if (depth > 4) return false;
  if (n.type === 'identifier') {
    const v = resolver.resolve(n);
    if (v.kind !== 'expr') return false;
    n = v.node;
  }
  let base: Node | null = null;
  if (n.type === 'subscript' && stringValue(n.childForFieldName('subscript') ?? n) === 'alg') base = n.childForFieldName('value');
  else if (n.type === 'call') {
    const fn = n.childForFieldName('function');
    if (fn?.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'get') {
      const first = n.childForFieldName('arguments')?.namedChildren[0];
      if (first && stringValue(first) === 'alg') base = fn.childForFieldName('object');
    }
  }
  if (!base) return false;
  base = unwrapParens(base);
  if (base.type === 'identifier') {
    const v = resolver.resolve(base);
    if (v.kind !== 'expr') return false;
    base = v.node;
  }
  return base.type === 'call' && isHeaderCall(base);
}

export function algorithmsOf(node: Node, resolver: PythonResolver, isHeaderCall: (call: Node) => boolean): AlgorithmSpec {
  const loc = resolver.loc(node);
  if (isHeaderAlg(node, resolver, isHeaderCall)) return { kind: 'from-token', loc };
  const v = resolver.resolve(node);
  if (v.kind === 'string') return { kind: 'explicit', values: [{ name: v.value, loc: resolver.loc(v.node) }], loc };
  if (v.kind !== 'list') return { kind: 'unknown', loc };
  const values: AlgorithmValue[] = [];
  for (const item of v.node.namedChildren) {
    if (!item || item.type === 'comment') continue;
    if (isHeaderAlg(item, resolver, isHeaderCall)) return { kind: 'from-token', loc };
    const iv = resolver.resolve(item);
    if (iv.kind !== 'string') return { kind: 'unknown', loc };
    values.push({ name: iv.value, loc: resolver.loc(iv.node) });
  }
  return { kind: 'explicit', values, loc };
}

export function signAlgorithmOf(node: Node | undefined, resolver: PythonResolver): AlgorithmSpec {
  if (!node) return { kind: 'default', hmacByDefault: true };
  const loc = resolver.loc(node);
  const v = resolver.resolve(node);
  // `algorithm=None` makes PyJWT write `alg: none` without a signature.
  if (v.kind === 'none') return { kind: 'explicit', values: [{ name: 'none', loc: resolver.loc(v.node) }], loc };
  if (v.kind === 'string') return { kind: 'explicit', values: [{ name: v.value, loc: resolver.loc(v.node) }], loc };
  // `algorithm=config("JWT_ALG", default="HS256")`: the default signs unless the variable is set.
  if (v.kind === 'env' && v.fallback) return { kind: 'explicit', values: [{ name: v.fallback.value, loc: resolver.loc(v.fallback.node) }], loc };
  return { kind: 'unknown', loc };
}

export function argument(args: CallArguments, position: number, name: string): Node | undefined {
  return args.keywords.get(name)?.value ?? args.positional[position];
}

const REQUEST_SOURCE = /\brequest\.(?:headers|args|cookies|json|get_json|form|values|data|query_params|META|GET|POST|COOKIES)\b|\b(?:request|req)\.(?:headers|cookies)\b/;

/** Where a decoded token comes from: the incoming request (Flask, Django, FastAPI/Starlette), else unknown. */
export function tokenSourceOf(node: Node | undefined, resolver: PythonResolver): DecodeFacts['tokenSource'] {
  let n: Node | undefined = node;
  for (let i = 0; n && i < 6; i++) {
    n = unwrapParens(n);
    if (n.endIndex - n.startIndex < 400 && REQUEST_SOURCE.test(n.text)) return 'request';
    // Through `.split(' ')[1]`, `.replace('Bearer ', '')`, subscripts and local names.
    if (n.type === 'identifier') {
      const v = resolver.resolve(n);
      if (v.kind !== 'expr' && v.kind !== 'unknown') return 'unknown';
      if (v.node === n) return 'unknown';
      n = v.node;
    } else if (n.type === 'subscript') n = n.childForFieldName('value') ?? undefined;
    else if (n.type === 'call') n = n.childForFieldName('function')?.childForFieldName('object') ?? undefined;
    else if (n.type === 'attribute') n = n.childForFieldName('object') ?? undefined;
    else return 'unknown';
  }
  return 'unknown';
}

/**
 * An OIDC ID token taken from a token response (`tokens["id_token"]`, `self.id_token`,
 * `creds.id_token`) and not from the incoming request: OIDC Core §3.1.3.7 lets the client that
 * received it over TLS from the token endpoint skip the signature check (RULES.md).
 */
export function isIdTokenFromResponse(node: Node | undefined, resolver: PythonResolver): boolean {
  let n: Node | undefined = node;
  for (let i = 0; n && i < 6; i++) {
    n = unwrapParens(n);
    if (n.endIndex - n.startIndex < 400 && REQUEST_SOURCE.test(n.text)) return false;
    if (n.type === 'identifier') {
      const v = resolver.resolve(n);
      if (v.kind !== 'expr' && v.kind !== 'unknown') return false;
      if (v.node === n) return false;
      n = v.node;
    } else if (n.type === 'attribute') return n.childForFieldName('attribute')?.text === 'id_token';
    else if (n.type === 'subscript') return stringValue(n.childForFieldName('subscript') ?? n) === 'id_token';
    else if (n.type === 'call') {
      // `tokens.get("id_token")`
      const fn = n.childForFieldName('function');
      const first = n.childForFieldName('arguments')?.namedChildren[0];
      return fn?.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'get' && !!first && stringValue(first) === 'id_token';
    } else return false;
  }
  return false;
}

/** A PyJWT call as a call-site record and its key, or null when the call is not PyJWT's. */
export function pyjwtSite(call: Node, resolver: PythonResolver, bindings: PyJwtBindings): { site: JwtCallSite; key: KeyAnalysis | null } | null {
  let fn = pyjwtFunction(call, bindings);
  const instance = fn ? null : instanceKind(call, resolver, bindings);
  if (instance) {
    const attribute = call.childForFieldName('function')?.childForFieldName('attribute')?.text ?? '';
    if (FUNCTIONS.has(attribute)) fn = attribute as PyJwtFunction;
  }
  if (!fn) return null;
  const found = pyjwtCall(fn, call, resolver, bindings);
  // PyJWS checks the signature only: no claim is looked at.
  if (found && instance === 'PyJWS' && found.site.verifies) Object.assign(found.site, { audience: 'unknown', issuer: 'unknown', expiry: {} });
  return found;
}

function pyjwtCall(fn: PyJwtFunction, call: Node, resolver: PythonResolver, bindings: PyJwtBindings): { site: JwtCallSite; key: KeyAnalysis | null } | null {
  const args = callArguments(call);
  const loc = resolver.loc(call);
  const api = `jwt.${fn}`;
  if (fn === 'get_unverified_header') {
    return { site: { library: PYJWT, api, operation: 'decode', signs: false, verifies: false, loc, key: null, decode: { headerOnly: true, verifiedInScope: false, manual: false, tokenSource: tokenSourceOf(args.positional[0], resolver) } }, key: null };
  }
  if (fn === 'encode') {
    const algNode = argument(args, 2, 'algorithm');
    const signAlgorithm = args.splat && !algNode ? ({ kind: 'unknown', loc } as AlgorithmSpec) : signAlgorithmOf(algNode, resolver);
    const names = signAlgorithm.kind === 'explicit' ? signAlgorithm.values.map((v) => v.name) : [];
    const keyNode = argument(args, 1, 'key');
    const key = keyNode ? keyOf(keyNode, resolver, names, true) : null;
    const site: JwtCallSite = { library: PYJWT, api, operation: 'sign', signs: true, verifies: false, loc, key: key?.info ?? null, signAlgorithm, lifetime: payloadLifetime(argument(args, 0, 'payload'), resolver) };
    if (key && signAlgorithm.kind === 'default') key.hmac = key.info.kind === 'hmac-secret' || key.hmac;
    return { site, key };
  }
  // decode(jwt, key='', algorithms=None, options=None, ..., audience=None, issuer=None, leeway=0) in 2.x;
  // decode(jwt, key='', verify=True, algorithms=None, options=None, **kwargs) in 1.x.
  const third = args.positional[2];
  const thirdValue = third ? resolver.resolve(third) : null;
  const verifyNode = args.keywords.get('verify')?.value ?? (thirdValue?.kind === 'bool' ? third : undefined);
  const algNode = args.keywords.get('algorithms')?.value ?? (thirdValue && thirdValue.kind !== 'bool' ? third : args.positional[3]);
  const optionsNode = args.keywords.get('options')?.value ?? (thirdValue && thirdValue.kind !== 'bool' ? args.positional[3] : args.positional[4]);
  const options = optionsNode ? resolver.resolve(optionsNode) : null;
  const option = (name: string) => (options?.kind === 'dict' ? resolver.entry(options, name) : null);
  const isFalse = (node: Node | undefined) => {
    if (!node) return false;
    const v = resolver.resolve(node);
    return (v.kind === 'bool' && !v.value) || (v.kind === 'number' && v.value === 0);
  };
  const verifySignature = option('verify_signature');
  const unverified = isFalse(verifyNode) || (verifySignature?.found === 'yes' && isFalse(verifySignature.value));
  const tokenNode = argument(args, 0, 'jwt');
  if (unverified) {
    const decode: DecodeFacts = { headerOnly: false, verifiedInScope: false, manual: false, tokenSource: tokenSourceOf(tokenNode, resolver), ...(isIdTokenFromResponse(tokenNode, resolver) && { fromTokenEndpoint: true }) };
    return { site: { library: PYJWT, api, operation: 'decode', signs: false, verifies: false, loc, key: null, decode }, key: null };
  }
  const verifyAlgorithms = algNode ? algorithmsOf(algNode, resolver, (c) => pyjwtFunction(c, bindings) === 'get_unverified_header') : null;
  const names = verifyAlgorithms?.kind === 'explicit' ? verifyAlgorithms.values.map((v) => v.name) : [];
  const keyNode = argument(args, 1, 'key');
  const key = keyNode ? keyOf(keyNode, resolver, names, false) : null;
  const opaque = args.splat || (optionsNode !== undefined && options?.kind !== 'dict');
  const presence = (kw: string, flag: string): Presence => {
    const explicit = option(flag);
    if (explicit?.found === 'yes' && isFalse(explicit.value)) return 'absent';
    const given = args.keywords.get(kw)?.value;
    if (given) return resolver.resolve(given).kind === 'none' ? 'absent' : 'present';
    return opaque ? 'unknown' : 'absent';
  };
  const expiry: ExpiryEnforcement = {};
  const verifyExp = option('verify_exp');
  if (verifyExp?.found === 'yes' && isFalse(verifyExp.value)) expiry.ignoreExpiration = resolver.loc(verifyExp.value);
  const leeway = args.keywords.get('leeway')?.value;
  if (leeway) {
    const td = timedeltaSeconds(leeway, resolver);
    const v = resolver.resolve(leeway);
    const seconds = td ?? (v.kind === 'number' ? v.value : null);
    if (typeof seconds === 'number' && seconds > 0) expiry.clockTolerance = { seconds, loc: resolver.loc(leeway) };
  }
  const site: JwtCallSite = {
    library: PYJWT,
    api,
    operation: 'verify',
    signs: false,
    verifies: true,
    loc,
    key: key?.info ?? null,
    verifyAlgorithms: verifyAlgorithms ?? (args.splat ? { kind: 'unknown', loc } : { kind: 'default', hmacByDefault: key?.info.kind === 'hmac-secret' }),
    audience: presence('audience', 'verify_aud'),
    issuer: presence('issuer', 'verify_iss'),
    expiry,
  };
  return { site, key };
}

export type { PyValue };

// Authlib 1.x JOSE (`from authlib.jose import jwt` / `JsonWebToken([...])`) as call-site records.
// Modelled from authlib/jose/rfc7519/jwt.py and claims.py:
// - `authlib.jose.jwt` is a JsonWebToken built with every registered algorithm: a decode with it
//   accepts whatever algorithm the token names (unpinned); `JsonWebToken(['RS256'])` is the
//   pinning API (RULES.md), its list is the allowlist of every `encode`/`decode` on it.
// - `encode(header, payload, key, check=True)`: the algorithm is the header's `alg` (no default).
// - `decode(s, key, claims_cls=None, claims_options=None, claims_params=None)` checks only the
//   signature and returns JWTClaims; `exp`, `nbf`, `iss` and `aud` are checked only by
//   `claims.validate(now=None, leeway=0)`. Decision: a decode whose result is never validated in
//   its function (and is not handed back to a caller, who may validate it) does not enforce
//   expiry (`expiry-not-enforced` on the decode call) and checks neither audience nor issuer.
//   With `validate()`, `claims_options={'aud': {'value'|'values': ...}}` (same for `iss`) is an
//   audience (issuer) check; `essential` alone only requires the claim to exist.
import type { Node } from 'web-tree-sitter';
import type { KeyAnalysis } from '../../facts/collector.js';
import type { AlgorithmSpec, AlgorithmValue, ExpiryEnforcement, JwtCallSite, Presence } from '../../facts/model.js';
import { qualifiedName, within } from './imports.js';
import { keyOf, payloadLifetime } from './pyjwt.js';
import { callArguments, PythonResolver, timedeltaSeconds, unwrapParens, type PyValue } from './resolve-python.js';

export const AUTHLIB = 'authlib';

export function importsAuthlibJose(modules: Set<string>): boolean {
  for (const m of modules) if (within(m, 'authlib.jose')) return true;
  return false;
}

const DEFAULT_INSTANCE = /^authlib\.jose(?:\.rfc7519)?\.jwt$/;
const CONSTRUCTOR = /^authlib\.jose(?:\.rfc7519)?\.JsonWebToken$/;

/** The JsonWebToken a receiver is: the library's default instance, or one built here with its allowlist. */
function instanceOf(receiver: Node, resolver: PythonResolver): { kind: 'default' } | { kind: 'pinned'; spec: AlgorithmSpec } | null {
  const name = qualifiedName(receiver, resolver.imports);
  if (name && DEFAULT_INSTANCE.test(name)) return { kind: 'default' };
  let n = unwrapParens(receiver);
  if (n.type === 'identifier') {
    const v = resolver.resolve(n);
    if (v.kind !== 'expr') return null;
    n = v.node;
  }
  if (n.type !== 'call') return null;
  const fn = n.childForFieldName('function');
  const ctor = fn ? qualifiedName(fn, resolver.ownerOf(n).imports) : null;
  if (!ctor || !CONSTRUCTOR.test(ctor)) return null;
  const owner = resolver.ownerOf(n);
  const args = callArguments(n);
  const first = args.positional[0] ?? args.keywords.get('algorithms')?.value;
  if (!first) return { kind: 'default' };
  return { kind: 'pinned', spec: algorithmList(first, owner) };
}

function algorithmList(node: Node, resolver: PythonResolver): AlgorithmSpec {
  const loc = resolver.loc(node);
  const v = resolver.resolve(node);
  if (v.kind === 'string') return { kind: 'explicit', values: [{ name: v.value, loc: resolver.ownerOf(v.node).loc(v.node) }], loc };
  if (v.kind !== 'list') return { kind: 'unknown', loc };
  const values: AlgorithmValue[] = [];
  const owner = resolver.ownerOf(v.node);
  for (const item of v.node.namedChildren) {
    if (!item || item.type === 'comment') continue;
    const iv = owner.resolve(item);
    if (iv.kind !== 'string') return { kind: 'unknown', loc };
    values.push({ name: iv.value, loc: owner.loc(iv.node) });
  }
  return { kind: 'explicit', values, loc };
}

/** What happens to a decode's claims in its function: which `validate*()` methods run on them, and whether they are handed on. */
function fateOf(call: Node, resolver: PythonResolver): { validators: Map<string, Node>; escapes: boolean } {
  const validators = new Map<string, Node>();
  let n: Node = call;
  while (n.parent?.type === 'parenthesized_expression') n = n.parent;
  const parent = n.parent;
  const validatorOf = (attr: Node | null) => {
    const name = attr?.type === 'attribute' ? attr.childForFieldName('attribute')?.text : null;
    if (name && /^validate(?:_exp|_aud|_iss)?$/.test(name) && attr!.parent?.type === 'call') validators.set(name, attr!.parent);
  };
  // `jwt.decode(...).validate()`
  if (parent?.type === 'attribute') {
    validatorOf(parent);
    return { validators, escapes: false };
  }
  if (parent?.type === 'return_statement') return { validators, escapes: true };
  if (parent?.type !== 'assignment' || parent.childForFieldName('left')?.type !== 'identifier') return { validators, escapes: parent?.type !== 'expression_statement' };
  const name = parent.childForFieldName('left')!.text;
  const scope = resolver.scopeOf(call) ?? resolver.root;
  let escapes = false;
  for (const use of scope.descendantsOfType('identifier')) {
    if (!use || use.text !== name || use.startIndex <= parent.startIndex) continue;
    const up = use.parent;
    if (up?.type === 'attribute' && up.childForFieldName('object')?.id === use.id) validatorOf(up);
    // Returned, stored on an object or passed on: whoever receives it may validate.
    if (up?.type === 'return_statement' || up?.type === 'argument_list' || (up?.type === 'assignment' && up.childForFieldName('right')?.id === use.id)) escapes = true;
  }
  return { validators, escapes };
}

function claimCheck(options: PyValue | null, resolver: PythonResolver, claim: string): Presence {
  if (!options || options.kind === 'none') return 'absent';
  if (options.kind !== 'dict') return 'unknown';
  const owner = resolver.ownerOf(options.node);
  const entry = owner.entry(options, claim);
  if (entry.found === 'no') return 'absent';
  if (entry.found === 'unknown') return 'unknown';
  const spec = owner.resolve(entry.value);
  if (spec.kind !== 'dict') return 'unknown';
  const value = owner.entry(spec, 'value');
  const values = owner.entry(spec, 'values');
  const validator = owner.entry(spec, 'validate');
  if (value.found === 'yes' || values.found === 'yes' || validator.found === 'yes') return 'present';
  return value.found === 'unknown' ? 'unknown' : 'absent';
}

export function authlibSite(call: Node, resolver: PythonResolver): { site: JwtCallSite; key: KeyAnalysis | null } | null {
  const fn = call.childForFieldName('function');
  if (fn?.type !== 'attribute') return null;
  const method = fn.childForFieldName('attribute')?.text;
  if (method !== 'encode' && method !== 'decode') return null;
  const receiver = fn.childForFieldName('object');
  const instance = receiver ? instanceOf(receiver, resolver) : null;
  if (!instance) return null;
  const args = callArguments(call);
  const loc = resolver.loc(call);
  const api = `${receiver!.text.length <= 40 ? receiver!.text : 'JsonWebToken'}.${method}`;
  if (method === 'encode') {
    const header = args.positional[0] ?? args.keywords.get('header')?.value;
    const hv = header ? resolver.resolve(header) : null;
    let signAlgorithm: AlgorithmSpec = { kind: 'unknown', loc };
    if (hv?.kind === 'dict') {
      const owner = resolver.ownerOf(hv.node);
      const alg = owner.entry(hv, 'alg');
      if (alg.found === 'yes') {
        const a = owner.resolve(alg.value);
        signAlgorithm = a.kind === 'string' ? { kind: 'explicit', values: [{ name: a.value, loc: owner.loc(a.node) }], loc: owner.loc(alg.value) } : { kind: 'unknown', loc: owner.loc(alg.value) };
      }
    }
    const names = signAlgorithm.kind === 'explicit' ? signAlgorithm.values.map((v) => v.name) : [];
    const keyNode = args.positional[2] ?? args.keywords.get('key')?.value;
    const key = keyNode ? keyOf(keyNode, resolver, names, true) : null;
    const site: JwtCallSite = { library: AUTHLIB, api, operation: 'sign', signs: true, verifies: false, loc, key: key?.info ?? null, signAlgorithm, lifetime: payloadLifetime(args.positional[1] ?? args.keywords.get('payload')?.value, resolver) };
    return { site, key };
  }
  const keyNode = args.positional[1] ?? args.keywords.get('key')?.value;
  const verifyAlgorithms: AlgorithmSpec = instance.kind === 'pinned' ? instance.spec : { kind: 'default', hmacByDefault: false };
  const names = verifyAlgorithms.kind === 'explicit' ? verifyAlgorithms.values.map((v) => v.name) : [];
  const key = keyNode ? keyOf(keyNode, resolver, names, false) : null;
  if (verifyAlgorithms.kind === 'default') verifyAlgorithms.hmacByDefault = key?.info.kind === 'hmac-secret';
  const { validators, escapes } = fateOf(call, resolver);
  const validate = validators.get('validate') ?? null;
  const optionsNode = args.positional[3] ?? args.keywords.get('claims_options')?.value;
  const options = optionsNode ? resolver.resolve(optionsNode) : null;
  const customClaims = (args.positional[2] ?? args.keywords.get('claims_cls')?.value) !== undefined;
  const expiry: ExpiryEnforcement = {};
  let audience: Presence;
  let issuer: Presence;
  if (validators.size > 0) {
    const checks = (claim: 'aud' | 'iss'): Presence => (customClaims ? 'unknown' : validate || validators.has(`validate_${claim}`) ? claimCheck(options, resolver, claim) : 'absent');
    audience = checks('aud');
    issuer = checks('iss');
    const expCheck = validate ?? validators.get('validate_exp') ?? null;
    if (!expCheck) expiry.claimsNotValidated = loc;
    const vargs = expCheck ? callArguments(expCheck) : { positional: [], keywords: new Map(), splat: false };
    const leeway = vargs.keywords.get('leeway')?.value ?? vargs.positional[1];
    if (leeway) {
      const td = timedeltaSeconds(leeway, resolver);
      const v = resolver.resolve(leeway);
      const seconds = td ?? (v.kind === 'number' ? v.value : null);
      if (typeof seconds === 'number' && seconds > 0) expiry.clockTolerance = { seconds, loc: resolver.loc(leeway) };
    }
  } else if (escapes) {
    audience = 'unknown';
    issuer = 'unknown';
  } else {
    // Nothing validates the claims: `exp`, `aud` and `iss` are never looked at.
    audience = 'absent';
    issuer = 'absent';
    expiry.claimsNotValidated = loc;
  }
  const site: JwtCallSite = { library: AUTHLIB, api, operation: 'verify', signs: false, verifies: true, loc, key: key?.info ?? null, verifyAlgorithms, audience, issuer, expiry };
  return { site, key };
}

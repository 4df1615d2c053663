// python-jose 3.x (`from jose import jwt, jws`) as call-site records. Modelled from its source
// (jose/jwt.py, jose/jws.py):
// - `jwt.encode(claims, key, algorithm='HS256', headers=None, access_token=None)`: HS256 by default.
// - `jwt.decode(token, key, algorithms=None, options=None, audience=None, issuer=None, subject=None,
//   access_token=None)`: without `algorithms` any algorithm the token names is accepted (unpinned);
//   `aud` is compared only with `audience` (a token without `aud` passes either way; one with `aud`
//   fails when no `audience` is given), so no `audience` means no audience check; `iss` is checked
//   only when `issuer` is given; `exp` is checked by default, `options` `verify_exp: False` turns it
//   off, `options['leeway']` (seconds or a timedelta) widens it; `verify_signature: False` reads the
//   claims unverified (a decode).
// - `jwt.get_unverified_claims` / `jws.get_unverified_claims` are decodes, `get_unverified_header(s)`
//   header-only decodes.
// - `jws.sign(payload, key, headers=None, algorithm='HS256')` signs; `jws.verify(token, key,
//   algorithms, verify=True)` checks the signature only (no claim is looked at: its audience and
//   issuer are unknown here, not absent).
import type { Node } from 'web-tree-sitter';
import type { KeyAnalysis } from '../../facts/collector.js';
import type { AlgorithmSpec, DecodeFacts, ExpiryEnforcement, JwtCallSite, Presence } from '../../facts/model.js';
import { qualifiedName, within } from './imports.js';
import { algorithmsOf, argument, isIdTokenFromResponse, keyOf, payloadLifetime, signAlgorithmOf, tokenSourceOf } from './pyjwt.js';
import { callArguments, PythonResolver, timedeltaSeconds } from './resolve-python.js';

export const PYTHON_JOSE = 'python-jose';

type JoseFunction = 'jwt.encode' | 'jwt.decode' | 'jwt.claims' | 'jwt.header' | 'jws.sign' | 'jws.verify' | 'jws.claims' | 'jws.header';

const FUNCTIONS: Record<string, JoseFunction> = {
  'jose.jwt.encode': 'jwt.encode',
  'jose.jwt.decode': 'jwt.decode',
  'jose.jwt.get_unverified_claims': 'jwt.claims',
  'jose.jwt.get_unverified_header': 'jwt.header',
  'jose.jwt.get_unverified_headers': 'jwt.header',
  'jose.jws.sign': 'jws.sign',
  'jose.jws.verify': 'jws.verify',
  'jose.jws.get_unverified_claims': 'jws.claims',
  'jose.jws.get_unverified_header': 'jws.header',
  'jose.jws.get_unverified_headers': 'jws.header',
};

export function importsJose(modules: Set<string>): boolean {
  for (const m of modules) if (within(m, 'jose')) return true;
  return false;
}

function joseFunction(call: Node, resolver: PythonResolver): JoseFunction | null {
  const fn = call.childForFieldName('function');
  const name = fn ? qualifiedName(fn, resolver.imports) : null;
  return name ? (FUNCTIONS[name] ?? null) : null;
}

function isFalse(node: Node | undefined, resolver: PythonResolver): boolean {
  if (!node) return false;
  const v = resolver.resolve(node);
  return (v.kind === 'bool' && !v.value) || (v.kind === 'number' && v.value === 0);
}

export function joseSite(call: Node, resolver: PythonResolver): { site: JwtCallSite; key: KeyAnalysis | null } | null {
  const fn = joseFunction(call, resolver);
  if (!fn) return null;
  const args = callArguments(call);
  const loc = resolver.loc(call);
  const api = fn.replace('claims', 'get_unverified_claims').replace('header', 'get_unverified_header');
  const base = { library: PYTHON_JOSE, api, loc };
  if (fn === 'jwt.claims' || fn === 'jws.claims' || fn === 'jwt.header' || fn === 'jws.header') {
    const token = args.positional[0] ?? args.keywords.get('token')?.value;
    const decode: DecodeFacts = { headerOnly: fn.endsWith('header'), verifiedInScope: false, manual: false, tokenSource: tokenSourceOf(token, resolver), ...(isIdTokenFromResponse(token, resolver) && { fromTokenEndpoint: true }) };
    return { site: { ...base, operation: 'decode', signs: false, verifies: false, key: null, decode }, key: null };
  }
  if (fn === 'jwt.encode' || fn === 'jws.sign') {
    const algNode = argument(args, fn === 'jwt.encode' ? 2 : 3, 'algorithm');
    const signAlgorithm: AlgorithmSpec = args.splat && !algNode ? { kind: 'unknown', loc } : signAlgorithmOf(algNode, resolver);
    const names = signAlgorithm.kind === 'explicit' ? signAlgorithm.values.map((v) => v.name) : [];
    const keyNode = argument(args, 1, 'key');
    const key = keyNode ? keyOf(keyNode, resolver, names, true) : null;
    if (key && signAlgorithm.kind === 'default') key.hmac = key.info.kind === 'hmac-secret' || key.hmac;
    const payload = argument(args, 0, fn === 'jwt.encode' ? 'claims' : 'payload');
    const site: JwtCallSite = { ...base, operation: 'sign', signs: true, verifies: false, key: key?.info ?? null, signAlgorithm, lifetime: payloadLifetime(payload, resolver) };
    return { site, key };
  }
  const tokenNode = argument(args, 0, 'token');
  const isHeaderCall = (c: Node) => {
    const f = joseFunction(c, resolver);
    return f === 'jwt.header' || f === 'jws.header';
  };
  if (fn === 'jws.verify') {
    if (isFalse(argument(args, 3, 'verify'), resolver)) {
      return { site: { ...base, operation: 'decode', signs: false, verifies: false, key: null, decode: { headerOnly: false, verifiedInScope: false, manual: false, tokenSource: tokenSourceOf(tokenNode, resolver) } }, key: null };
    }
    const algNode = argument(args, 2, 'algorithms');
    const algV = algNode ? resolver.resolve(algNode) : null;
    const verifyAlgorithms: AlgorithmSpec = algNode && algV?.kind !== 'none' ? algorithmsOf(algNode, resolver, isHeaderCall) : { kind: 'default', hmacByDefault: false };
    const names = verifyAlgorithms.kind === 'explicit' ? verifyAlgorithms.values.map((v) => v.name) : [];
    const keyNode = argument(args, 1, 'key');
    const key = keyNode ? keyOf(keyNode, resolver, names, false) : null;
    if (verifyAlgorithms.kind === 'default') verifyAlgorithms.hmacByDefault = key?.info.kind === 'hmac-secret';
    return { site: { ...base, operation: 'verify', signs: false, verifies: true, key: key?.info ?? null, verifyAlgorithms, audience: 'unknown', issuer: 'unknown', expiry: {} }, key };
  }
  // jwt.decode
  const optionsNode = argument(args, 3, 'options');
  const options = optionsNode ? resolver.resolve(optionsNode) : null;
  const owner = options ? resolver.ownerOf(options.node) : resolver;
  const option = (name: string) => (options?.kind === 'dict' ? owner.entry(options, name) : null);
  const verifySignature = option('verify_signature');
  if (verifySignature?.found === 'yes' && isFalse(verifySignature.value, owner)) {
    return { site: { ...base, operation: 'decode', signs: false, verifies: false, key: null, decode: { headerOnly: false, verifiedInScope: false, manual: false, tokenSource: tokenSourceOf(tokenNode, resolver), ...(isIdTokenFromResponse(tokenNode, resolver) && { fromTokenEndpoint: true }) } }, key: null };
  }
  const algNode = argument(args, 2, 'algorithms');
  const algV = algNode ? resolver.resolve(algNode) : null;
  const given = algNode && algV?.kind !== 'none';
  const verifyAlgorithms: AlgorithmSpec | null = given ? algorithmsOf(algNode, resolver, isHeaderCall) : null;
  const names = verifyAlgorithms?.kind === 'explicit' ? verifyAlgorithms.values.map((v) => v.name) : [];
  const keyNode = argument(args, 1, 'key');
  const key = keyNode ? keyOf(keyNode, resolver, names, false) : null;
  const opaque = args.splat || (optionsNode !== undefined && options?.kind !== 'dict' && options?.kind !== 'none');
  const presence = (position: number, kw: string, flag: string): Presence => {
    const explicit = option(flag);
    if (explicit?.found === 'yes' && isFalse(explicit.value, owner)) return 'absent';
    if (explicit?.found === 'unknown') return 'unknown';
    const value = argument(args, position, kw);
    if (value) return resolver.resolve(value).kind === 'none' ? 'absent' : 'present';
    return args.splat ? 'unknown' : 'absent';
  };
  const expiry: ExpiryEnforcement = {};
  const verifyExp = option('verify_exp');
  if (verifyExp?.found === 'yes' && isFalse(verifyExp.value, owner)) expiry.ignoreExpiration = owner.loc(verifyExp.value);
  const leeway = option('leeway');
  if (leeway?.found === 'yes') {
    const td = timedeltaSeconds(leeway.value, owner);
    const v = owner.resolve(leeway.value);
    const seconds = td ?? (v.kind === 'number' ? v.value : null);
    if (typeof seconds === 'number' && seconds > 0) expiry.clockTolerance = { seconds, loc: owner.loc(leeway.value) };
  }
  const site: JwtCallSite = {
    ...base,
    operation: 'verify',
    signs: false,
    verifies: true,
    key: key?.info ?? null,
    verifyAlgorithms: verifyAlgorithms ?? (args.splat ? { kind: 'unknown', loc } : { kind: 'default', hmacByDefault: key?.info.kind === 'hmac-secret' }),
    // Options can only switch checks off: unreadable options leave a given audience unknown, never a missing one.
    audience: opaque && argument(args, 4, 'audience') ? 'unknown' : presence(4, 'audience', 'verify_aud'),
    issuer: opaque && argument(args, 5, 'issuer') ? 'unknown' : presence(5, 'issuer', 'verify_iss'),
    expiry,
  };
  return { site, key };
}

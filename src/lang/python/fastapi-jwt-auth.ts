// fastapi-jwt-auth 0.5 (and async-fastapi-jwt-auth) as one configure-once record on the
// `@AuthJWT.load_config` line, from the settings model its callback returns
// (fastapi_jwt_auth/config.py, auth_jwt.py):
// - `authjwt_secret_key` (HMAC) or `authjwt_private_key` / `authjwt_public_key`;
// - `authjwt_algorithm` (default HS256); decoding pins `authjwt_decode_algorithms` or
//   `[authjwt_algorithm]`: never unpinned;
// - `authjwt_access_token_expires`: default 15 minutes, `False` = no `exp`, seconds or a
//   timedelta; refresh lifetimes (default 30 days) are not judged by long-expiry;
// - `authjwt_decode_audience` / `authjwt_decode_issuer` (default None: unchecked),
//   `authjwt_decode_leeway`.
// Fields are read as written in the settings class (a BaseSettings field's environment
// override is not followed here). `Authorize.create_access_token(..., expires_time=False)` is
// no-expiry on that call.
import type { Node } from 'web-tree-sitter';
import type { KeyAnalysis } from '../../facts/collector.js';
import type { AlgorithmSpec, ExpiryEnforcement, JwtCallSite, KeyInfo, Lifetime, Presence, SourceLocation } from '../../facts/model.js';
import { qualifiedName, within } from './imports.js';
import { classDefinition, type ModuleLinker } from './modules.js';
import { HMAC, keyOf } from './pyjwt.js';
import { callArguments, lifetimeValueNode, PythonResolver, timedeltaSeconds } from './resolve-python.js';

export const FASTAPI_JWT_AUTH = 'fastapi-jwt-auth';

export function importsFastapiJwtAuth(modules: Set<string>): boolean {
  for (const m of modules) if (within(m, 'fastapi_jwt_auth') || within(m, 'async_fastapi_jwt_auth')) return true;
  return false;
}

type Field = { resolver: PythonResolver; node: Node } | null;

function info(kind: KeyInfo['kind'], loc: SourceLocation): KeyInfo {
  return { kind, envNames: [], envReads: [], loc, fromParameter: false };
}

/** The settings class a `load_config` callback returns (`return Settings()`). */
function settingsClass(fn: Node, resolver: PythonResolver, linker: ModuleLinker | null): { resolver: PythonResolver; node: Node } | null {
  for (const stmt of fn.childForFieldName('body')?.namedChildren ?? []) {
    if (stmt?.type !== 'return_statement') continue;
    let value = stmt.namedChildren[0];
    if (value?.type === 'identifier') {
      const v = resolver.resolve(value);
      value = v.kind === 'expr' ? v.node : value;
    }
    const callee = value?.type === 'call' ? value.childForFieldName('function') : null;
    if (callee?.type !== 'identifier') return null;
    return linker?.classNamed(resolver.ownerOf(callee), callee.text) ?? null;
  }
  return null;
}

function configSite(decorated: Node, fn: Node, resolver: PythonResolver, linker: ModuleLinker | null): { site: JwtCallSite; key: KeyAnalysis | null } {
  const loc = resolver.loc(decorated);
  const cls = settingsClass(fn, resolver, linker);
  const field = (name: string): Field | 'unknown' => (cls && linker ? classDefinition(linker, cls.resolver, cls.node, name) : 'unknown');
  const valueOf = (f: Field | 'unknown') => (f && f !== 'unknown' ? f.resolver.resolve(f.node) : null);
  const alg = field('authjwt_algorithm');
  const algV = valueOf(alg);
  const signAlgorithm: AlgorithmSpec =
    alg === 'unknown' ? { kind: 'unknown', loc } : alg === null ? { kind: 'default', hmacByDefault: true } : algV?.kind === 'string' ? { kind: 'explicit', values: [{ name: algV.value, loc: alg.resolver.ownerOf(algV.node).loc(algV.node) }], loc: alg.resolver.loc(alg.node) } : { kind: 'unknown', loc };
  const verifyAlgorithms: AlgorithmSpec = signAlgorithm.kind === 'default' ? { kind: 'explicit', values: [{ name: 'HS256', loc }], loc } : signAlgorithm;
  const names = signAlgorithm.kind === 'explicit' ? signAlgorithm.values.map((v) => v.name) : signAlgorithm.kind === 'default' ? ['HS256'] : [];
  const asymmetric = names.length > 0 && names.every((n) => !HMAC.test(n) && n !== 'none');
  const keyField = field(asymmetric ? 'authjwt_private_key' : 'authjwt_secret_key');
  const key = keyField && keyField !== 'unknown' && valueOf(keyField)?.kind !== 'none' ? keyOf(keyField.node, keyField.resolver, names, true) : null;
  if (key && !asymmetric) key.hmac = key.info.kind === 'hmac-secret' || key.hmac;
  const expires = field('authjwt_access_token_expires');
  let lifetime: Lifetime;
  if (expires === 'unknown') lifetime = { kind: 'unknown' };
  else if (expires === null) lifetime = { kind: 'seconds', seconds: 900, loc };
  else {
    const v = valueOf(expires)!;
    const td = timedeltaSeconds(expires.node, expires.resolver);
    const written = lifetimeValueNode(expires.node, expires.resolver);
    const at = written.resolver.loc(written.node);
    lifetime = typeof td === 'number' ? { kind: 'seconds', seconds: td, loc: at } : v.kind === 'bool' && !v.value ? { kind: 'absent' } : v.kind === 'number' ? { kind: 'seconds', seconds: v.value, loc: at } : { kind: 'present', loc: at };
  }
  const presence = (name: string): Presence => {
    const f = field(name);
    if (f === 'unknown') return 'unknown';
    if (f === null) return 'absent';
    return valueOf(f)?.kind === 'none' ? 'absent' : 'present';
  };
  const expiry: ExpiryEnforcement = {};
  const leeway = field('authjwt_decode_leeway');
  if (leeway && leeway !== 'unknown') {
    const td = timedeltaSeconds(leeway.node, leeway.resolver);
    const v = valueOf(leeway);
    const seconds = typeof td === 'number' ? td : v?.kind === 'number' ? v.value : null;
    if (seconds !== null && seconds > 0) expiry.clockTolerance = { seconds, loc: leeway.resolver.loc(leeway.node) };
  }
  const site: JwtCallSite = {
    library: FASTAPI_JWT_AUTH,
    api: 'AuthJWT.load_config',
    operation: 'configure',
    signs: true,
    verifies: true,
    loc,
    key: key?.info ?? info('unknown', loc),
    signAlgorithm,
    verifyAlgorithms,
    audience: presence('authjwt_decode_audience'),
    issuer: presence('authjwt_decode_issuer'),
    lifetime,
    expiry,
  };
  return { site, key };
}

export function fastapiJwtAuthSites(root: Node, resolver: PythonResolver, linker: ModuleLinker | null, tick: () => void): { site: JwtCallSite; key: KeyAnalysis | null }[] {
  const out: { site: JwtCallSite; key: KeyAnalysis | null }[] = [];
  for (const decorated of root.descendantsOfType('decorated_definition')) {
    if (!decorated) continue;
    tick();
    const fn = decorated.childForFieldName('definition');
    if (fn?.type !== 'function_definition') continue;
    const isLoader = decorated.namedChildren.some((d) => {
      if (d?.type !== 'decorator') return false;
      const target = d.namedChildren[0];
      const name = target ? qualifiedName(target, resolver.imports) : null;
      return !!name && /(?:^|\.)AuthJWT\.load_config$/.test(name);
    });
    if (isLoader) out.push(configSite(decorated, fn, resolver, linker));
  }
  // `Authorize.create_access_token(subject=..., expires_time=False)`
  for (const call of root.descendantsOfType('call')) {
    if (!call) continue;
    tick();
    const fn = call.childForFieldName('function');
    const method = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : null;
    if (method !== 'create_access_token' && method !== 'create_refresh_token') continue;
    const delta = callArguments(call).keywords.get('expires_time')?.value;
    if (!delta) continue;
    const v = resolver.resolve(delta);
    const td = timedeltaSeconds(delta, resolver);
    let lifetime: Lifetime | null = null;
    if (v.kind === 'bool' && !v.value) lifetime = { kind: 'absent' };
    else if (method === 'create_access_token' && typeof td === 'number') lifetime = { kind: 'seconds', seconds: td, loc: resolver.loc(delta) };
    else if (method === 'create_access_token' && v.kind === 'number') lifetime = { kind: 'seconds', seconds: v.value, loc: resolver.loc(delta) };
    if (lifetime) out.push({ site: { library: FASTAPI_JWT_AUTH, api: `Authorize.${method}`, operation: 'sign', signs: true, verifies: false, loc: resolver.loc(call), key: null, lifetime }, key: null });
  }
  return out;
}

// System.IdentityModel.Tokens.Jwt / Microsoft.IdentityModel.Tokens / JsonWebTokens (6.x-8.x)
// and Microsoft.AspNetCore.Authentication.JwtBearer (ASP.NET Core 3.1-9), as the call-site
// records the JS adapters emit (RULES.md "Other languages and configuration formats").
// Decisions, from the libraries' defaults:
// - Signing: `new JwtSecurityToken(...)` is the token-building expression (no `expires` → no
//   `exp`, `no-expiry` there); `new SecurityTokenDescriptor { ... }` without `Expires` is not a
//   finding (the handlers add 60 minutes: SetDefaultTimesOnTokenCreation), so its lifetime is
//   unknown. `WriteToken`/`CreateToken` are not separate sites.
// - Verifying: one site per `TokenValidationParameters`, placed at the `.AddJwtBearer(` that
//   configures it, else at the `ValidateToken(`/`ValidateTokenAsync(` that uses it, else at the
//   `new`. ValidateIssuer/ValidateAudience/ValidateLifetime default to true and fail closed
//   (IDX10204/IDX10208) when nothing is configured, so only an explicit `false` turns a check off;
//   that switch is reported on its own line (disabledChecks / expiry.ignoreExpiration).
// - Algorithms: without `ValidAlgorithms` IdentityModel accepts any algorithm the key supports
//   (narrowed by key type): reported as unpinned (the rule's severity for the library).
// - JwtBearer `Authority` means keys from the issuer's discovery document (asymmetric, origin
//   `url:<authority>`) and the issuer from it; `Audience` sets ValidAudience.
// - `ReadJwtToken`/`ReadToken`/`new JwtSecurityToken(string)`/`new JsonWebToken(string)` decode
//   without verifying.
import type { Node } from 'web-tree-sitter';
import type { KeyAnalysis } from '../../facts/collector.js';
import type { AlgorithmSpec, AlgorithmValue, DecodeFacts, DisabledCheck, ExpiryEnforcement, JwtCallSite, KeyInfo, Lifetime, Presence, SecretMaterial, SourceLocation } from '../../facts/model.js';
import { base64KeyBytes } from '../../config-files/aspnet-bearer.js';
import { argumentAt, callArguments, calleeName, CsharpResolver, dotted, fieldCache, initializerOf, unwrap, type CsValue } from './resolve-csharp.js';

export const IDENTITYMODEL = 'System.IdentityModel.Tokens.Jwt';
export const JWTBEARER = 'Microsoft.AspNetCore.Authentication.JwtBearer';

export interface Found {
  site: JwtCallSite;
  key: KeyAnalysis | null;
}

/** `SecurityAlgorithms.X` member names (and their XML-DSig `...Signature` forms) as JOSE names. */
const ALGORITHMS: Record<string, string> = {
  HmacSha256: 'HS256', HmacSha384: 'HS384', HmacSha512: 'HS512',
  RsaSha256: 'RS256', RsaSha384: 'RS384', RsaSha512: 'RS512',
  RsaSsaPssSha256: 'PS256', RsaSsaPssSha384: 'PS384', RsaSsaPssSha512: 'PS512',
  EcdsaSha256: 'ES256', EcdsaSha384: 'ES384', EcdsaSha512: 'ES512',
  None: 'none',
};

const HMAC = /^HS(?:256|384|512)$/;

/** A JOSE algorithm name from `SecurityAlgorithms.HmacSha256(Signature)` or a literal, with its location. */
function algorithmOf(node: Node, r: CsharpResolver): AlgorithmValue | null {
  const n = r.follow(node);
  const name = dotted(n);
  const m = name ? /(?:^|\.)SecurityAlgorithms\.(\w+?)(?:Signature)?$/.exec(name) : null;
  if (m && ALGORITHMS[m[1]!]) return { name: ALGORITHMS[m[1]!]!, loc: r.loc(n) };
  const v = r.resolve(n);
  if (v.kind === 'string') {
    const xml = /#(hmac|rsa|ecdsa)-sha(256|384|512)$/.exec(v.value);
    return { name: xml ? `${{ hmac: 'HS', rsa: 'RS', ecdsa: 'ES' }[xml[1] as 'hmac']}${xml[2]}` : v.value, loc: v.loc };
  }
  return null;
}

const ASYMMETRIC_KEY = /(?:^|\.)(?:RsaSecurityKey|X509SecurityKey|ECDsaSecurityKey|JsonWebKey|X509SigningCredentials)$/;

/** The key behind a `SecurityKey`/`SigningCredentials` expression. */
export function keyOf(node: Node, r: CsharpResolver, signs: boolean, depth = 0): KeyAnalysis {
  const loc = r.loc(node);
  const info = (kind: KeyInfo['kind'], extra: Partial<KeyInfo> = {}): KeyInfo => ({ kind, envNames: [], envReads: [], loc, fromParameter: false, ...extra });
  const unknown = (extra: Partial<KeyInfo> = {}): KeyAnalysis => ({ info: info('unknown', extra), materials: [], hmac: false });
  if (depth > 6) return unknown();
  const n = r.follow(node);
  if (n.type === 'identifier') {
    const v = r.resolve(n);
    return unknown(v.kind === 'parameter' ? { fromParameter: true } : {});
  }
  // `signingCredentials.Key`: the key the credentials were built with.
  if (n.type === 'member_access_expression' && n.childForFieldName('name')?.text === 'Key') {
    const creds = r.follow(n.childForFieldName('expression')!);
    if (creds.type === 'object_creation_expression' && /(?:^|\.)SigningCredentials$/.test(dotted(creds.childForFieldName('type') ?? creds) ?? '')) return keyOf(creds, r, signs, depth + 1);
  }
  if (n.type === 'object_creation_expression') {
    const type = dotted(n.childForFieldName('type') ?? n) ?? '';
    const args = callArguments(n);
    if (/(?:^|\.)SigningCredentials$/.test(type) && args.positional[0]) return keyOf(args.positional[0], r, signs, depth + 1);
    if (ASYMMETRIC_KEY.test(type)) return { info: info(signs ? 'private-key' : 'public-key'), materials: [], hmac: false };
    if (/(?:^|\.)SymmetricSecurityKey$/.test(type)) {
      const bytes = args.positional[0];
      if (!bytes) return { info: info('hmac-secret'), materials: [], hmac: true };
      return secretKey(r.resolve(bytes), r, info);
    }
  }
  return unknown();
}

export function secretKey(v: CsValue, r: CsharpResolver, info: (kind: KeyInfo['kind'], extra?: Partial<KeyInfo>) => KeyInfo): KeyAnalysis {
  const material = (value: string, loc: SourceLocation, route: SecretMaterial['route'], base64: boolean, envName?: string): SecretMaterial => ({
    text: value,
    byteLength: base64 ? Buffer.from(value, 'base64').length : Buffer.byteLength(value, 'utf8'),
    form: base64 ? 'buffer' : 'string',
    loc,
    route,
    ...(envName !== undefined && { envName }),
  });
  switch (v.kind) {
    case 'string': {
      if (v.value === '') return { info: info('none'), materials: [], hmac: true };
      const m = material(v.value, v.loc, v.route, v.base64 === true);
      return { info: info('hmac-secret', { material: m }), materials: [m], hmac: true };
    }
    case 'env': {
      // A configuration key is overridden by the environment variable `Jwt__Key`: the estate links that name.
      const envReads = [{ name: v.name, loc: v.loc }];
      const materials = v.fallback ? [material(v.fallback.value, v.fallback.loc, 'env-fallback', false, v.name)] : [];
      // `Jwt:Key` in appsettings*.json applies unless the environment sets `Jwt__Key`.
      if (v.config) for (const s of fieldCache.settingValues(v.config, r.file)) materials.push(material(s.value, s.loc, 'constant', false));
      return { info: info('hmac-secret', { envNames: [v.name], envReads, ...(materials[0] && { material: materials[0] }) }), materials, hmac: true };
    }
    case 'parameter':
      return { info: info('hmac-secret', { fromParameter: true }), materials: [], hmac: true };
    default:
      return { info: info('hmac-secret'), materials: [], hmac: true };
  }
}

function signAlgorithmOfCreds(creds: Node | undefined, r: CsharpResolver): AlgorithmSpec {
  if (!creds) return { kind: 'unknown', loc: { file: r.file, line: 0, column: 0, endLine: 0, endColumn: 0 } };
  const n = r.follow(creds);
  const loc = r.loc(n);
  if (n.type !== 'object_creation_expression') return { kind: 'unknown', loc };
  const alg = callArguments(n).positional[1];
  const a = alg ? algorithmOf(alg, r) : null;
  return a ? { kind: 'explicit', values: [a], loc: a.loc } : { kind: 'unknown', loc };
}

export function lifetimeOf(node: Node | undefined, r: CsharpResolver): Lifetime {
  if (!node) return { kind: 'absent' };
  const v = r.resolve(node);
  if (v.kind === 'null') return { kind: 'absent' };
  const n = r.follow(node);
  const seconds = r.lifetimeSeconds(n);
  const loc = r.loc(n);
  if (typeof seconds === 'number') return { kind: 'seconds', seconds, loc };
  return { kind: 'present', loc };
}

/** `new JwtSecurityToken(issuer, audience, claims, notBefore, expires, signingCredentials)`. */
function jwtSecurityTokenSite(creation: Node, r: CsharpResolver): Found {
  const args = callArguments(creation);
  const arg = (i: number, name: string) => argumentAt(creation, i, name);
  const loc = r.loc(creation);
  // (JwtHeader, JwtPayload): the payload built elsewhere.
  const headerPayload = args.named.size === 0 && args.positional.length === 2 && /JwtHeader|JwtPayload|header|payload/i.test(args.positional.map((a) => r.follow(a).text.slice(0, 80)).join(' '));
  const creds = headerPayload ? undefined : arg(5, 'signingCredentials');
  const key = creds ? keyOf(creds, r, true) : null;
  const signAlgorithm = signAlgorithmOfCreds(creds, r);
  const lifetime: Lifetime = headerPayload ? { kind: 'unknown' } : lifetimeOf(arg(4, 'expires'), r);
  const site: JwtCallSite = { library: IDENTITYMODEL, api: 'new JwtSecurityToken', operation: 'sign', signs: true, verifies: false, loc, key: key?.info ?? null, signAlgorithm, lifetime };
  return { site, key };
}

/** `new SecurityTokenDescriptor { Expires = ..., SigningCredentials = ... }`. */
function descriptorSite(creation: Node, r: CsharpResolver): Found {
  const init = initializerOf(creation);
  const creds = init.get('SigningCredentials')?.value;
  const key = creds ? keyOf(creds, r, true) : null;
  const expires = init.get('Expires')?.value;
  // No `Expires`: the handler adds 60 minutes (not a finding).
  const lifetime: Lifetime = expires ? lifetimeOf(expires, r) : { kind: 'unknown' };
  const site: JwtCallSite = { library: IDENTITYMODEL, api: 'new SecurityTokenDescriptor', operation: 'sign', signs: true, verifies: false, loc: r.loc(creation), key: key?.info ?? null, signAlgorithm: signAlgorithmOfCreds(creds, r), lifetime };
  return { site, key };
}

/** Property assignments of a TokenValidationParameters: the initializer, plus `x.TokenValidationParameters.P = v` / `tvp.P = v` statements in `scope`. */
function tvpProperties(creation: Node | null, scope: Node | null, target: string | null): Map<string, { value: Node; at: Node }> {
  const props = creation ? initializerOf(creation) : new Map<string, { value: Node; at: Node }>();
  if (scope && target) {
    for (const a of scope.descendantsOfType('assignment_expression')) {
      const left = a?.childForFieldName('left');
      const right = a?.childForFieldName('right');
      if (!a || !left || !right || left.type !== 'member_access_expression') continue;
      const obj = left.childForFieldName('expression');
      const name = left.childForFieldName('name')?.text;
      if (obj && name && (obj.text === target || obj.text.endsWith(`.${target}`))) props.set(name, { value: right, at: a });
    }
  }
  return props;
}

interface VerifierContext {
  r: CsharpResolver;
  disabled: DisabledCheck[];
}

/** The checks a set of TokenValidationParameters properties makes, as a verify site's fields. */
function verifierFacts(props: Map<string, { value: Node; at: Node }>, ctx: VerifierContext, bearer: { authority?: Node; audience?: Node } = {}) {
  const { r } = ctx;
  const bool = (name: string): boolean | 'unknown' | undefined => {
    const p = props.get(name);
    if (!p) return undefined;
    const v = r.resolve(p.value);
    return v.kind === 'bool' ? v.value : 'unknown';
  };
  const off = (name: string, check: DisabledCheck['check']): boolean => {
    if (bool(name) !== false) return false;
    const p = props.get(name)!;
    ctx.disabled.push({ check, setting: `${name} = false`, loc: r.loc(p.at) });
    return true;
  };
  const presence = (flag: string, check: 'issuer' | 'audience'): Presence => {
    if (off(flag, check)) return 'unknown';
    // Default true, and IdentityModel rejects every token when no valid value is configured.
    return bool(flag) === 'unknown' ? 'unknown' : 'present';
  };
  const issuer = presence('ValidateIssuer', 'issuer');
  const audience = presence('ValidateAudience', 'audience');
  const expiry: ExpiryEnforcement = {};
  if (bool('ValidateLifetime') === false) expiry.ignoreExpiration = r.loc(props.get('ValidateLifetime')!.at);
  if (bool('RequireExpirationTime') === false) ctx.disabled.push({ check: 'expiry', setting: 'RequireExpirationTime = false', loc: r.loc(props.get('RequireExpirationTime')!.at) });
  off('RequireSignedTokens', 'signature');
  const skew = props.get('ClockSkew');
  if (skew) {
    const seconds = r.timeSpanSeconds(skew.value);
    if (seconds !== null && seconds > 0) expiry.clockTolerance = { seconds, loc: r.loc(skew.at) };
  }
  // A SignatureValidator that only parses the token accepts any signature (or none).
  const validator = props.get('SignatureValidator');
  if (validator && /\bnew\s+(?:JwtSecurityToken|JsonWebToken)\s*\(|\.ReadJwtToken\s*\(|\.ReadToken\s*\(/.test(validator.value.text.slice(0, 2000)) && !/ValidateToken/.test(validator.value.text.slice(0, 2000))) {
    ctx.disabled.push({ check: 'signature', setting: 'SignatureValidator', loc: r.loc(validator.at) });
  }
  // Key.
  let key: KeyAnalysis | null = null;
  const keyProp = props.get('IssuerSigningKey');
  if (keyProp) key = keyOf(keyProp.value, r, false);
  else if (props.get('IssuerSigningKeys') || props.get('IssuerSigningKeyResolver')) key = { info: { kind: 'key-function', envNames: [], envReads: [], loc: r.loc((props.get('IssuerSigningKeys') ?? props.get('IssuerSigningKeyResolver'))!.at), fromParameter: false }, materials: [], hmac: false };
  else if (bearer.authority) {
    const a = r.resolve(bearer.authority);
    const origin = a.kind === 'string' ? `url:${a.value}` : a.kind === 'env' ? `env:${a.name}` : undefined;
    key = { info: { kind: 'jwks', envNames: [], envReads: [], loc: r.loc(bearer.authority), fromParameter: false, ...(origin && { origin }) }, materials: [], hmac: false };
  }
  // Algorithms.
  let verifyAlgorithms: AlgorithmSpec;
  const algs = props.get('ValidAlgorithms');
  if (algs) {
    const values: AlgorithmValue[] = [];
    let resolvable = true;
    const list = r.follow(algs.value);
    for (const item of list.descendantsOfType(['member_access_expression', 'string_literal', 'verbatim_string_literal', 'identifier'])) {
      if (!item || item.parent?.type === 'member_access_expression' || item.parent?.type === 'string_literal') continue;
      if (item.type === 'identifier' && (item.parent?.type === 'array_type' || item.parent?.type === 'generic_name' || item.parent?.type === 'type_argument_list' || item.parent?.type === 'object_creation_expression')) continue;
      const a = algorithmOf(item, r);
      if (a) values.push(a);
      else resolvable = false;
    }
    verifyAlgorithms = resolvable && values.length > 0 ? { kind: 'explicit', values, loc: r.loc(algs.value) } : { kind: 'unknown', loc: r.loc(algs.value) };
  } else verifyAlgorithms = { kind: 'default', hmacByDefault: key?.info.kind === 'hmac-secret' };
  return { issuer, audience, expiry, key, verifyAlgorithms };
}

/** The `.AddJwtBearer(...)` invocation whose options lambda holds `node`, if any. */
function enclosingAddJwtBearer(node: Node): Node | null {
  for (let n = node.parent; n; n = n.parent) {
    if (n.type === 'invocation_expression' && calleeName(n) === 'AddJwtBearer') return n;
    if (n.type === 'method_declaration' || n.type === 'class_declaration') return null;
  }
  return null;
}

export function enclosingScope(node: Node): Node | null {
  for (let n = node.parent; n; n = n.parent) if (n.type === 'method_declaration' || n.type === 'constructor_declaration' || n.type === 'local_function_statement' || n.type === 'compilation_unit') return n;
  return null;
}

/** The variable a `new X` is stored in (`var p = new ...`, `p = new ...`), if any. */
export function storedIn(creation: Node): string | null {
  const p = creation.parent;
  if (p?.type === 'variable_declarator') return p.childForFieldName('name')?.text ?? null;
  if (p?.type === 'assignment_expression' && p.childForFieldName('right')?.equals(creation)) {
    const left = p.childForFieldName('left');
    return left?.type === 'identifier' ? left.text : null;
  }
  if (p?.type === 'arrow_expression_clause') {
    // `TokenValidationParameters Params => new ...`, `static TokenValidationParameters Build() => new ...`
    const decl = p.parent;
    return decl?.childForFieldName('name')?.text ?? null;
  }
  if (p?.type === 'return_statement') {
    for (let n: Node | null = p.parent; n; n = n.parent) if (n.type === 'method_declaration' || n.type === 'property_declaration') return n.childForFieldName('name')?.text ?? null;
  }
  return null;
}

const VALIDATE = new Set(['ValidateToken', 'ValidateTokenAsync']);

/** `handler.ReadToken(t)` on a JwtSecurityTokenHandler/JsonWebTokenHandler (not an XML or JSON reader's `ReadToken`). */
function onTokenHandler(call: Node, r: CsharpResolver, only?: 'JsonWebTokenHandler'): boolean {
  const fn = call.childForFieldName('function');
  const obj = fn?.type === 'member_access_expression' ? fn.childForFieldName('expression') : null;
  if (!obj) return false;
  const n = r.follow(obj);
  // `new JsonWebTokenHandler()`, a local or field of that declared type (`JsonWebTokenHandler _h = new();`).
  const u = unwrap(obj);
  const type = n.type === 'object_creation_expression' ? n.childForFieldName('type') : u.type === 'identifier' ? r.declaredType(u) : u.type === 'member_access_expression' && u.text.split('.')[0]?.trim() === 'this' ? r.declaredType(u.childForFieldName('name')!) : null;
  const t = type?.text ?? '';
  return only ? t.endsWith(only) : t.endsWith('JwtSecurityTokenHandler') || t.endsWith('JsonWebTokenHandler');
}

/**
 * `handler.CreateJwtSecurityToken(issuer, audience, subject, notBefore, expires, issuedAt, signingCredentials)`
 * and `CreateEncodedJwt(...)` with the same arguments: the handler adds a 60-minute `exp` when
 * `expires` is null (SetDefaultTimesOnTokenCreation), so only a given `expires` is a lifetime. The
 * one-argument descriptor overloads are judged at the descriptor.
 */
function handlerCreateSite(call: Node, name: string, r: CsharpResolver): Found | null {
  const args = callArguments(call);
  if (args.positional.length + args.named.size < 2 || !onTokenHandler(call, r)) return null;
  const arg = (i: number, n: string) => argumentAt(call, i, n);
  const creds = arg(6, 'signingCredentials');
  const expires = arg(4, 'expires');
  const key = creds ? keyOf(creds, r, true) : null;
  const lifetime: Lifetime = expires && r.resolve(expires).kind !== 'null' ? lifetimeOf(expires, r) : { kind: 'unknown' };
  const site: JwtCallSite = { library: IDENTITYMODEL, api: name, operation: 'sign', signs: true, verifies: false, loc: r.loc(call), key: key?.info ?? null, signAlgorithm: signAlgorithmOfCreds(creds, r), lifetime };
  return { site, key };
}

/**
 * `JsonWebTokenHandler.CreateToken(payload)`: a JSON string without SigningCredentials is an
 * unsigned token (`alg: none`); with credentials it is signed, and the handler adds `exp` to a
 * payload without one (SetDefaultTimesOnTokenCreation), so its lifetime is unknown.
 * `CreateToken(descriptor)` is judged at the descriptor.
 */
function createTokenSite(call: Node, r: CsharpResolver): Found | null {
  const args = callArguments(call).positional;
  const payload = args[0];
  if (!payload || !onTokenHandler(call, r, 'JsonWebTokenHandler')) return null;
  const v = r.resolve(payload);
  const p = unwrap(payload);
  const declared = p.type === 'identifier' ? (r.declaredType(p)?.text ?? '') : '';
  const followed = r.follow(payload);
  const serialized = followed.type === 'invocation_expression' && /^(?:Serialize|SerializeObject|ToJsonString)$/.test(calleeName(followed) ?? '');
  const isString = v.kind === 'string' || declared === 'string' || serialized;
  if (!isString) return null;
  const creds = args[1] && !/Dictionary|HeaderClaims|headers/i.test(r.follow(args[1]).text.slice(0, 120)) ? args[1] : undefined;
  const loc = r.loc(call);
  if (!creds) return { site: { library: IDENTITYMODEL, api: 'JsonWebTokenHandler.CreateToken', operation: 'sign', signs: true, verifies: false, loc, key: null, unsecured: true, lifetime: { kind: 'unknown' } }, key: null };
  const key = keyOf(creds, r, true);
  return { site: { library: IDENTITYMODEL, api: 'JsonWebTokenHandler.CreateToken', operation: 'sign', signs: true, verifies: false, loc, key: key.info, signAlgorithm: signAlgorithmOfCreds(creds, r), lifetime: { kind: 'unknown' } }, key };
}

/** Every IdentityModel and JwtBearer site of a file. */
export function identityModelSites(root: Node, r: CsharpResolver, disabled: DisabledCheck[], tick: () => void, isTest = false): Found[] {
  const found: Found[] = [];
  const ctx: VerifierContext = { r, disabled };
  const bearers = new Set<number>();
  const validateCalls: Node[] = [];
  const decodeCalls: Node[] = [];
  for (const call of root.descendantsOfType('invocation_expression')) {
    if (!call) continue;
    tick();
    const name = calleeName(call);
    if (name && VALIDATE.has(name) && call.childForFieldName('function')?.type === 'member_access_expression') validateCalls.push(call);
    if (name === 'ReadJwtToken' || name === 'ReadJsonWebToken' || (name === 'ReadToken' && callArguments(call).positional.length === 1 && onTokenHandler(call, r))) decodeCalls.push(call);
    if (name === 'CreateToken') {
      const f = createTokenSite(call, r);
      if (f) found.push(f);
    }
    if (name === 'CreateJwtSecurityToken' || name === 'CreateEncodedJwt') {
      const f = handlerCreateSite(call, name, r);
      if (f) found.push(f);
    }
  }
  const usedValidateCalls = new Set<number>();
  // `.AddJwtBearer(...)` calls whose options lambda assigns `TokenValidationParameters = <expr>`.
  const bearerCalls: { call: Node; tvp: Node }[] = [];
  for (const call of root.descendantsOfType('invocation_expression')) {
    if (!call || calleeName(call) !== 'AddJwtBearer') continue;
    const tvp = bearerOptions(call).options.get('TokenValidationParameters');
    if (tvp) bearerCalls.push({ call, tvp });
  }
  const credentials: Node[] = [];
  for (const creation of root.descendantsOfType('object_creation_expression')) {
    if (!creation) continue;
    tick();
    const type = dotted(creation.childForFieldName('type') ?? creation) ?? '';
    const short = type.split('.').pop();
    if (short === 'JwtSecurityToken' || short === 'JsonWebToken') {
      const args = callArguments(creation);
      if (args.positional.length === 1 && args.named.size === 0) decodeCalls.push(creation);
      else if (short === 'JwtSecurityToken') found.push(jwtSecurityTokenSite(creation, r));
    } else if (short === 'SecurityTokenDescriptor') found.push(descriptorSite(creation, r));
    else if (short === 'SigningCredentials') credentials.push(creation);
    else if (short === 'TokenValidationParameters') {
      const bearer = enclosingAddJwtBearer(creation);
      const variable = storedIn(creation);
      const scope = enclosingScope(creation);
      const props = tvpProperties(creation, scope, variable);
      if (bearer) {
        bearers.add(bearer.startIndex);
        found.push(bearerSite(bearer, props, ctx));
        continue;
      }
      // Built apart and handed to `.AddJwtBearer(o => o.TokenValidationParameters = p)`: one
      // verifier, reported at that configure-once call (and at any ValidateToken that also uses it).
      const member = creation.parent?.type === 'arrow_expression_clause' || creation.parent?.type === 'return_statement';
      const configured = variable === null ? [] : bearerCalls.filter((b) => {
        if (bearers.has(b.call.startIndex)) return false;
        const u = unwrap(b.tvp);
        if (r.follow(u).equals(creation)) return true;
        return member && (u.text === variable || u.text === `${variable}()` || u.text.endsWith(`.${variable}`) || u.text.endsWith(`.${variable}()`));
      });
      for (const b of configured) {
        bearers.add(b.call.startIndex);
        found.push(bearerSite(b.call, new Map(props), ctx));
      }
      // A ValidateToken that passes this object (inline or by its variable / property / method name).
      const uses = validateCalls.filter((c) => {
        const p = callArguments(c).positional[1];
        if (!p) return false;
        const u = unwrap(p);
        return u.equals(creation) || (variable !== null && (u.text === variable || u.text === `${variable}()` || u.text.endsWith(`.${variable}`) || u.text.endsWith(`.${variable}()`)));
      });
      if (configured.length > 0 && uses.length === 0) continue;
      const facts = verifierFacts(props, ctx);
      const at = uses.length > 0 ? uses : [creation];
      for (const c of at) {
        usedValidateCalls.add(c.startIndex);
        const api = c === creation ? 'new TokenValidationParameters' : `${calleeName(c)}`;
        found.push({ site: { library: IDENTITYMODEL, api, operation: 'verify', signs: false, verifies: true, loc: r.loc(c), key: facts.key?.info ?? null, verifyAlgorithms: facts.verifyAlgorithms, audience: facts.audience, issuer: facts.issuer, expiry: facts.expiry }, key: facts.key });
      }
      // Switches are reported once, on their own lines: a second use adds none.
      disabled.splice(0, disabled.length, ...dedupe(disabled));
    }
  }
  // `.AddJwtBearer(o => { o.Authority = ...; o.Audience = ...; })` with no TokenValidationParameters object.
  for (const call of root.descendantsOfType('invocation_expression')) {
    if (!call || calleeName(call) !== 'AddJwtBearer' || bearers.has(call.startIndex)) continue;
    tick();
    found.push(bearerSite(call, new Map(), ctx));
  }
  for (const d of decodeCalls) found.push(decodeSite(d, r, validateCalls, isTest));
  // HMAC signing credentials no token of the file is built with (handed to options, a DI
  // registration, a field another file signs with): their own sign record at `new SigningCredentials(`
  // with an unknown lifetime, so that the named algorithm and the key are judged once.
  const named = new Set(found.flatMap((f) => (f.site.signAlgorithm?.kind === 'explicit' ? f.site.signAlgorithm.values.map((v) => `${v.loc.line}:${v.loc.column}`) : [])));
  for (const creation of credentials) {
    const signAlgorithm = signAlgorithmOfCreds(creation, r);
    if (signAlgorithm.kind !== 'explicit' || !signAlgorithm.values.some((v) => HMAC.test(v.name))) continue;
    if (signAlgorithm.values.some((v) => named.has(`${v.loc.line}:${v.loc.column}`))) continue;
    const key = keyOf(creation, r, true);
    found.push({ site: { library: IDENTITYMODEL, api: 'new SigningCredentials', operation: 'sign', signs: true, verifies: false, loc: r.loc(creation), key: key.info, signAlgorithm, lifetime: { kind: 'unknown' } }, key });
  }
  disabled.splice(0, disabled.length, ...dedupe(disabled));
  return found;
}

function dedupe(disabled: DisabledCheck[]): DisabledCheck[] {
  const seen = new Set<string>();
  return disabled.filter((d) => {
    const id = `${d.loc.line}:${d.loc.column}:${d.check}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/**
 * Every `new SymmetricSecurityKey(...)` of the file: key material wherever it is built (a key
 * factory method, a DI registration), whether or not this file signs or verifies with it.
 */
export function symmetricKeys(root: Node, r: CsharpResolver, tick: () => void): { key: KeyAnalysis; loc: SourceLocation }[] {
  const out: { key: KeyAnalysis; loc: SourceLocation }[] = [];
  for (const creation of root.descendantsOfType('object_creation_expression')) {
    if (!creation) continue;
    tick();
    if (!/(?:^|\.)SymmetricSecurityKey$/.test(dotted(creation.childForFieldName('type') ?? creation) ?? '')) continue;
    const key = keyOf(creation, r, false);
    if (key.materials.length > 0) out.push({ key, loc: r.loc(creation) });
  }
  return out;
}

/** The options lambda of `.AddJwtBearer(...)`, its parameter, and the `options.X = v` assignments in it. */
function bearerOptions(call: Node): { lambda: Node | null; optionsName: string | null; options: Map<string, Node> } {
  const lambda = [...callArguments(call).positional].reverse().find((a) => a.type === 'lambda_expression') ?? null;
  const param = lambda?.childForFieldName('parameters');
  const optionsName = param?.type === 'implicit_parameter' ? param.text : (param?.namedChildren.find((p) => p?.type === 'parameter')?.childForFieldName('name')?.text ?? null);
  const options = new Map<string, Node>();
  if (lambda && optionsName) {
    for (const a of lambda.descendantsOfType('assignment_expression')) {
      const left = a?.childForFieldName('left');
      const right = a?.childForFieldName('right');
      if (left?.type === 'member_access_expression' && left.childForFieldName('expression')?.text === optionsName && right) options.set(left.childForFieldName('name')!.text, right);
    }
  }
  return { lambda, optionsName, options };
}

/** `.AddJwtBearer(...)`: the configure-once verifier; missing checks are reported here. */
function bearerSite(call: Node, props: Map<string, { value: Node; at: Node }>, ctx: VerifierContext): Found {
  const { r } = ctx;
  const args = callArguments(call);
  const { lambda, optionsName, options } = bearerOptions(call);
  if (lambda && optionsName) {
    // `options.TokenValidationParameters.ValidateIssuer = false` and a TokenValidationParameters built elsewhere.
    for (const [k, v] of tvpProperties(null, lambda, `${optionsName}.TokenValidationParameters`)) if (!props.has(k)) props.set(k, v);
  }
  const tvp = options.get('TokenValidationParameters');
  if (tvp && props.size === 0) {
    const n = r.follow(tvp);
    if (n.type === 'object_creation_expression') for (const [k, v] of initializerOf(n)) props.set(k, v);
  }
  // Nothing readable (no lambda, or options bound from configuration): no judgement.
  let opaque = !lambda || (props.size === 0 && options.size === 0 && !tvp);
  const facts = verifierFacts(props, ctx, { authority: options.get('Authority') ?? options.get('MetadataAddress'), audience: options.get('Audience') });
  // .NET 7+: `Authentication:Schemes:<scheme>` in appsettings configures the scheme before the
  // options lambda runs; a lambda that assigns a new TokenValidationParameters replaces it.
  const scheme = tvp ? null : schemeSettings(args.positional.find((a) => a.type !== 'lambda_expression'), r);
  if (scheme) {
    opaque = false;
    const code = (name: string) => props.has(name);
    if (facts.audience === 'present' && !scheme.audienceOff) {
      facts.audience = options.has('Audience') || code('ValidAudience') || code('ValidAudiences') || code('AudienceValidator') || scheme.audiences ? facts.audience : 'absent';
    }
    if (facts.issuer === 'present' && !scheme.issuerOff) {
      facts.issuer = options.has('Authority') || options.has('MetadataAddress') || code('ValidIssuer') || code('ValidIssuers') || code('IssuerValidator') || scheme.issuers || scheme.authority ? facts.issuer : 'absent';
    }
    if (!facts.key && scheme.keys.length > 0) {
      const materials = scheme.keys.map((k): SecretMaterial => ({ text: k.value, byteLength: base64KeyBytes(k.value) ?? Buffer.byteLength(k.value, 'utf8'), form: 'buffer', loc: k.loc, route: 'constant' }));
      facts.key = { info: { kind: 'hmac-secret', envNames: [], envReads: [], loc: materials[0]!.loc, fromParameter: false, material: materials[0]! }, materials, hmac: true };
    } else if (!facts.key && scheme.authority) {
      facts.key = { info: { kind: 'jwks', envNames: [], envReads: [], loc: scheme.authority.loc, fromParameter: false, origin: `url:${scheme.authority.value}` }, materials: [], hmac: false };
    }
    if (facts.verifyAlgorithms.kind === 'default') facts.verifyAlgorithms = { kind: 'default', hmacByDefault: facts.key?.info.kind === 'hmac-secret' };
    // No key in the repository (user-jwts keeps it in user secrets): which algorithms is unknown.
    if (!facts.key && facts.verifyAlgorithms.kind === 'default') facts.verifyAlgorithms = { kind: 'unknown', loc: r.loc(call) };
  }
  const site: JwtCallSite = {
    library: JWTBEARER,
    api: 'AddJwtBearer',
    operation: 'configure',
    signs: false,
    verifies: true,
    // At `.AddJwtBearer(`, not at the start of a `services.AddAuthentication()...` chain.
    loc: r.loc(call.childForFieldName('function')?.childForFieldName('name') ?? call),
    key: facts.key?.info ?? null,
    verifyAlgorithms: opaque ? { kind: 'unknown', loc: r.loc(call) } : facts.verifyAlgorithms,
    audience: opaque ? 'unknown' : facts.audience,
    issuer: opaque ? 'unknown' : facts.issuer,
    expiry: facts.expiry,
  };
  return { site, key: facts.key };
}

interface SchemeSettings {
  audiences: boolean;
  issuers: boolean;
  /** `ValidateAudience: false` / `ValidateIssuer: false` there (reported on their own lines by the config reader). */
  audienceOff: boolean;
  issuerOff: boolean;
  authority: { value: string; loc: SourceLocation } | null;
  /** `SigningKeys:N:Value` (.NET 8+) and `<issuer>:KeyMaterial` (.NET 7): base64 HMAC keys. */
  keys: { value: string; loc: SourceLocation }[];
}

/**
 * The `Authentication:Schemes:<scheme>` section of the project's appsettings files (what
 * `dotnet user-jwts` writes), or null when no file configures the scheme. JwtBearer reads
 * `ValidAudience(s)` and `ValidIssuer(s)` there, not `Audience`: through 8.0.6 a section without
 * them turns the check off (ValidateAudience = audiences.Count > 0); from 8.0.7 every token is
 * rejected instead. Either way the audience is missing from the configuration.
 */
function schemeSettings(nameArg: Node | undefined, r: CsharpResolver): SchemeSettings | null {
  let scheme = 'Bearer';
  if (nameArg) {
    const v = r.resolve(nameArg);
    const d = dotted(unwrap(nameArg));
    if (v.kind === 'string') scheme = v.value;
    else if (!(d && /(?:^|\.)JwtBearerDefaults\.AuthenticationScheme$/.test(d))) return null;
  }
  const entries = fieldCache.settingsUnder(`Authentication:Schemes:${scheme}`, r.file);
  if (entries.length === 0) return null;
  // JwtBearerOptions configured elsewhere (`Configure<JwtBearerOptions>(...)`, an IConfigureNamedOptions) may set what the section lacks.
  if (fieldCache.anySourceIncludes('Configure<JwtBearerOptions>') || fieldCache.anySourceIncludes('IConfigureNamedOptions<JwtBearerOptions>') || fieldCache.anySourceIncludes('IConfigureOptions<JwtBearerOptions>')) return null;
  const out: SchemeSettings = { audiences: false, issuers: false, audienceOff: false, issuerOff: false, authority: null, keys: [] };
  for (const e of entries) {
    const parts = e.key.split(':');
    const head = parts[0]!;
    if (head === 'validaudience' || head === 'validaudiences') out.audiences = true;
    else if (head === 'validissuer' || head === 'validissuers') out.issuers = true;
    else if (head === 'validateaudience' && e.value.trim().toLowerCase() === 'false') out.audienceOff = true;
    else if (head === 'validateissuer' && e.value.trim().toLowerCase() === 'false') out.issuerOff = true;
    else if ((head === 'authority' || head === 'metadataaddress') && !out.authority) out.authority = { value: e.value, loc: e.loc };
    else if ((head === 'signingkeys' && parts[2] === 'value') || (parts.length === 2 && parts[1] === 'keymaterial')) out.keys.push({ value: e.value, loc: e.loc });
  }
  return out;
}

const REQUEST = /\b(?:Request\.(?:Headers|Cookies|Query|Form)|HttpContext\.Request|Headers\[\s*"Authorization"\s*\]|Headers\.Authorization|HeaderNames\.Authorization|GetTokenAsync\s*\()/;
const NON_IDENTITY: Record<string, string> = { ValidTo: 'exp', ValidFrom: 'nbf', IssuedAt: 'iat', Issuer: 'iss', Kid: 'kid', Alg: 'alg' };

/** `handler.ReadJwtToken(t)`, `new JwtSecurityToken(t)`: claims read without a signature check. */
export function decodeSite(node: Node, r: CsharpResolver, validateCalls: Node[], isTest: boolean, library = IDENTITYMODEL, apiName?: string, tokenArg?: Node): Found {
  const args = callArguments(node);
  const token = tokenArg ?? args.positional[0];
  const api = apiName ?? (node.type === 'object_creation_expression' ? `new ${dotted(node.childForFieldName('type') ?? node)}` : `${calleeName(node)}`);
  const scope = enclosingScope(node);
  const decode: DecodeFacts = { headerOnly: false, verifiedInScope: false, manual: false, tokenSource: 'unknown' };
  if (token) {
    const followed = r.follow(token);
    const v = r.resolve(token);
    if (followed.endIndex - followed.startIndex < 400 && REQUEST.test(followed.text)) decode.tokenSource = 'request';
    else if (/\b(?:WriteToken|CreateToken|CreateEncodedJwt)\s*\(/.test(followed.text.slice(0, 400))) decode.tokenSource = 'issued';
    else if (v.kind === 'parameter') decode.tokenSource = 'parameter';
    // The same token verified in this method.
    if (scope) decode.verifiedInScope = validateCalls.some((c) => enclosingScope(c)?.equals(scope) && callArguments(c).positional[0]?.text === token.text);
  }
  // What the decoded value is read for.
  const variable = storedIn(node);
  if (variable && scope) {
    const reads: string[] = [];
    for (const m of scope.descendantsOfType('member_access_expression')) {
      if (!m || m.startIndex < node.endIndex || m.childForFieldName('expression')?.text !== variable) continue;
      const name = m.childForFieldName('name')?.text ?? '';
      const inner = name === 'Header' && m.parent?.type === 'member_access_expression' ? (m.parent.childForFieldName('name')?.text ?? '') : name;
      reads.push(name === 'Header' ? `Header.${inner}` : name);
      if (decode.tokenSource === 'request' && isDecision(m)) decode.claimsDecide = true;
    }
    // A dictionary payload (jwt-dotnet `DecodeToObject`): `payload["role"]`.
    for (const e of scope.descendantsOfType('element_access_expression')) {
      if (!e || e.startIndex < node.endIndex || e.childForFieldName('expression')?.text !== variable) continue;
      reads.push(`[${e.childForFieldName('subscript')?.text ?? ''}]`);
      if (decode.tokenSource === 'request' && isDecision(e)) decode.claimsDecide = true;
    }
    if (reads.length > 0 && reads.every((x) => x.startsWith('Header'))) decode.headerOnly = true;
    else if (reads.length > 0 && reads.every((x) => NON_IDENTITY[x.replace(/^Header\./, '')])) decode.nonIdentityClaims = [...new Set(reads.map((x) => NON_IDENTITY[x.replace(/^Header\./, '')]!))];
  }
  if (isTest && scope && readOnlyInAssertions(node, scope)) decode.inTestAssertion = true;
  return { site: { library, api, operation: 'decode', signs: false, verifies: false, loc: r.loc(node), key: null, decode }, key: null };
}

// xUnit/NUnit/MSTest `Assert.*`, FluentAssertions `.Should()`, Shouldly `.ShouldBe(...)`.
const ASSERTION = /\bAssert\.|\.Should\(|\.Should[A-Z]\w*\(|\bExpect\(/;
const STATEMENTS = new Set(['expression_statement', 'local_declaration_statement', 'return_statement', 'if_statement']);

function statementOf(node: Node): Node | null {
  for (let n = node.parent; n; n = n.parent) if (STATEMENTS.has(n.type)) return n;
  return null;
}

/** Names the statement declares (`var jti = ...`). */
function declaredNames(statement: Node): string[] {
  if (statement.type !== 'local_declaration_statement') return [];
  return statement.descendantsOfType('variable_declarator').map((d) => d?.childForFieldName('name')?.text ?? '').filter((n) => n !== '');
}

/**
 * In test code: the decoded value (or what is taken from it in the same statement) is read only
 * inside assertions, checking what a server issued.
 */
function readOnlyInAssertions(decode: Node, scope: Node, depth = 0): boolean {
  const statement = statementOf(decode);
  if (!statement || depth > 3) return false;
  if (statement.type !== 'local_declaration_statement') return statement.type === 'expression_statement' && ASSERTION.test(statement.text.slice(0, 1000));
  const names = declaredNames(statement);
  if (names.length === 0) return false;
  let uses = 0;
  for (const id of scope.descendantsOfType('identifier')) {
    if (!id || id.startIndex < statement.endIndex || !names.includes(id.text)) continue;
    uses++;
    const used = statementOf(id);
    if (!used) return false;
    if (ASSERTION.test(used.text.slice(0, 1000))) continue;
    // `var firstJti = ...; ... firstJti.ShouldNotBe(...)`: follow one more declaration.
    if (used.type === 'local_declaration_statement' && readOnlyInAssertions(id, scope, depth + 1)) continue;
    return false;
  }
  return uses > 0;
}

/** A read inside a condition, comparison or authorization decision. */
function isDecision(node: Node): boolean {
  for (let n = node.parent, i = 0; n && i < 8; n = n.parent, i++) {
    if (n.type === 'if_statement' || n.type === 'conditional_expression' || n.type === 'switch_statement' || n.type === 'while_statement') return true;
    if (n.type === 'binary_expression' && /^(?:==|!=|&&|\|\|)$/.test(n.childForFieldName('operator')?.text ?? '')) return true;
    if (n.type === 'block' || n.type === 'method_declaration') return false;
  }
  return false;
}

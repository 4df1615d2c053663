// golang-jwt/jwt v3 (github.com/golang-jwt/jwt), v4 and v5, and its predecessors
// github.com/dgrijalva/jwt-go (and /v4) and github.com/form3tech-oss/jwt-go, as the same
// call-site records the JS adapters emit (RULES.md "Other languages and configuration formats").
// Decisions:
// - Sign: one record per `jwt.NewWithClaims(method, claims)` / `jwt.New(method)`, reported where
//   it starts; the key is the argument of the `.SignedString(key)` on that token (same function).
//   `SigningMethodHS*` is an explicit HMAC choice on the line naming it; `SigningMethodNone` is
//   `none`. The lifetime is the claims' `exp` (`MapClaims{"exp": …}`, `ExpiresAt:` of
//   StandardClaims/RegisteredClaims, embedded or assigned later); no `exp` is no-expiry.
// - Verify: `jwt.Parse`, `jwt.ParseWithClaims` and `Parse`/`ParseWithClaims` on a parser
//   (`jwt.NewParser(...)`, `&jwt.Parser{...}`: the record is reported at the parser). The
//   keyfunc decides the algorithms when no `WithValidMethods`/`ValidMethods` is given: a check
//   of `t.Method` (type assertion, `Alg()` or `Header["alg"]` comparison) pins it; returning a
//   key without one is HMAC-by-key-type when the key is a secret (`symmetric-algorithm` and
//   `unpinned-algorithm` on the call). A keyfunc that cannot be read leaves them unknown.
// - Audience and issuer: no version checks `aud`/`iss` by default (v5 only with
//   `WithAudience`/`WithIssuer`; v3/v4 `Valid()` checks exp/iat/nbf only), so a verifier is
//   missing them unless an option sets them or the verifying function (or keyfunc, or a
//   `Valid`/`Validate` method of the file) reads the claim (`VerifyAudience`, `.Audience`,
//   `claims["aud"]`, `GetAudience()`), as JS verifiers without `audience` are reported.
// - Expiry: `WithoutClaimsValidation()` and v4 `SkipClaimsValidation: true` switch the exp check
//   off; `WithLeeway(d)` is a clock tolerance. v5 without `WithExpirationRequired` accepts a
//   token without `exp` as jsonwebtoken does: not a finding (the signer's no-expiry is).
// - `ParseUnverified` is a decode; its DecodeFacts are read as the JS decodes are.
import type { Node } from 'web-tree-sitter';
import type { KeyAnalysis } from '../../facts/collector.js';
import type { AlgorithmSpec, AlgorithmValue, DecodeFacts, ExpiryEnforcement, JwtCallSite, KeyInfo, Lifetime, Presence, SecretMaterial, SourceLocation } from '../../facts/model.js';
import { callArgs, dotted, goString, unwrapConversion, unwrapParens, type GoResolver } from './resolve-go.js';
import { importSpecs } from './parse-go.js';

export const GOLANG_JWT = 'golang-jwt';

const MODULES = /^(?:github\.com\/golang-jwt\/jwt(?:\/v[345])?|github\.com\/dgrijalva\/jwt-go(?:\/v4)?|github\.com\/form3tech-oss\/jwt-go)$/;

/** Local package names bound to golang-jwt (`jwt`, or an alias). */
export function golangJwtBindings(root: Node): Set<string> {
  const out = new Set<string>();
  for (const spec of importSpecs(root)) {
    const path = spec?.childForFieldName('path');
    const value = path ? goString(path) : null;
    if (!spec || value === null || !MODULES.test(value)) continue;
    const name = spec.childForFieldName('name');
    if (name && (name.type === 'blank_identifier' || name.type === 'dot')) continue;
    out.add(name?.text ?? 'jwt');
  }
  return out;
}

const METHODS: Record<string, string> = {
  SigningMethodHS256: 'HS256', SigningMethodHS384: 'HS384', SigningMethodHS512: 'HS512',
  SigningMethodRS256: 'RS256', SigningMethodRS384: 'RS384', SigningMethodRS512: 'RS512',
  SigningMethodPS256: 'PS256', SigningMethodPS384: 'PS384', SigningMethodPS512: 'PS512',
  SigningMethodES256: 'ES256', SigningMethodES384: 'ES384', SigningMethodES512: 'ES512',
  SigningMethodEdDSA: 'EdDSA', SigningMethodNone: 'none',
};
const FAMILIES: Record<string, string[]> = {
  SigningMethodHMAC: ['HS256', 'HS384', 'HS512'],
  SigningMethodRSA: ['RS256', 'RS384', 'RS512'],
  SigningMethodRSAPSS: ['PS256', 'PS384', 'PS512'],
  SigningMethodECDSA: ['ES256', 'ES384', 'ES512'],
  SigningMethodEd25519: ['EdDSA'],
};
const HMAC = /^HS(?:256|384|512)$/;

export interface Ctx {
  r: GoResolver;
  pkgs: Set<string>;
  /** `Valid`/`Validate` methods of the file read the audience / issuer. */
  validates: { aud: boolean; iss: boolean };
  /** The file is test code (`_test.go`, `testdata/`). */
  isTest?: boolean;
}

/** `jwt.X` where jwt is bound to golang-jwt: X. */
function jwtMember(node: Node | null | undefined, ctx: Ctx): string | null {
  if (!node) return null;
  const n = unwrapParens(node);
  if (n.type !== 'selector_expression') return null;
  const operand = n.childForFieldName('operand');
  return operand?.type === 'identifier' && ctx.pkgs.has(operand.text) ? (n.childForFieldName('field')?.text ?? null) : null;
}

/** The call `node` is, when it calls `jwt.X`: X. */
function jwtCall(node: Node | null | undefined, ctx: Ctx): string | null {
  if (!node) return null;
  const n = unwrapParens(node);
  return n.type === 'call_expression' ? jwtMember(n.childForFieldName('function'), ctx) : null;
}

/** The node a name is bound to in this file (following plain names), else the node. */
export function follow(node: Node, ctx: Ctx, depth = 0): Node {
  const n = unwrapParens(node);
  if (n.type !== 'identifier' || depth > 6) return n;
  const b = ctx.r.binding(n);
  return b && !b.result ? follow(b.value, ctx, depth + 1) : n;
}

const PRIVATE_PEM = /-----BEGIN (?:RSA |EC |ENCRYPTED |OPENSSH )?PRIVATE KEY-----/;
const PUBLIC_PEM = /-----BEGIN (?:RSA )?PUBLIC KEY-----|-----BEGIN CERTIFICATE-----/;
const PUBLIC_CALL = /Parse(?:RSA|EC|Ed)PublicKeyFromPEM|PublicKey|Public$/;
const PRIVATE_CALL = /Parse(?:RSA|EC|Ed)PrivateKeyFromPEM(?:WithPassword)?|PrivateKey|GenerateKey$/;

/** The key a sign or verify uses, as KeyInfo and the literal material behind it. */
export function keyOf(node: Node, ctx: Ctx, algorithms: string[], signs: boolean, at?: Node): KeyAnalysis {
  const r = ctx.r;
  const loc = r.loc(at ?? node);
  const asymmetric = algorithms.length > 0 && algorithms.every((a) => !HMAC.test(a) && a !== 'none');
  const info = (kind: KeyInfo['kind'], extra: Partial<KeyInfo> = {}): KeyInfo => ({ kind, envNames: [], envReads: [], loc, fromParameter: false, ...extra });
  const inner = unwrapConversion(node);
  const direct = (l: SourceLocation) => l.file === r.file && (l.line > loc.line || (l.line === loc.line && l.column >= loc.column)) && (l.line < loc.endLine || (l.line === loc.endLine && l.column <= loc.endColumn));
  const material = (value: string, l: SourceLocation, route: SecretMaterial['route'], envName?: string): SecretMaterial => ({
    text: value,
    byteLength: Buffer.byteLength(value, 'utf8'),
    form: PRIVATE_PEM.test(value) ? 'pem-private' : 'string',
    loc: l,
    route,
    ...(envName !== undefined && { envName }),
  });
  if (jwtMember(inner, ctx) === 'UnsafeAllowNoneSignatureType') return { info: info('none'), materials: [], hmac: false };
  const v = r.resolve(inner);
  switch (v.kind) {
    case 'string': {
      if (PUBLIC_PEM.test(v.value)) return { info: info('public-key'), materials: [], hmac: false };
      const m = material(v.value, v.loc, direct(v.loc) ? 'direct' : 'constant');
      if (m.form === 'pem-private') return { info: info('private-key', { material: m }), materials: [m], hmac: false };
      if (v.value === '') return { info: info('none'), materials: [], hmac: !asymmetric };
      return { info: info(asymmetric ? (signs ? 'private-key' : 'public-key') : 'hmac-secret', { material: m }), materials: asymmetric ? [] : [m], hmac: !asymmetric };
    }
    case 'env': {
      const envReads = [{ name: v.name, loc: v.loc }];
      const kind: KeyInfo['kind'] = asymmetric ? (signs ? 'private-key' : 'public-key') : /PUBLIC|PUB_?KEY/i.test(v.name) ? 'public-key' : /PRIVATE/i.test(v.name) ? 'private-key' : 'hmac-secret';
      const materials = v.fallback && v.fallback.value !== '' && kind === 'hmac-secret' ? [material(v.fallback.value, v.fallback.loc, 'env-fallback', v.name)] : [];
      return { info: info(kind, { envNames: [v.name], envReads, ...(materials[0] && { material: materials[0] }) }), materials, hmac: kind === 'hmac-secret' };
    }
    case 'config': {
      const kind: KeyInfo['kind'] = asymmetric ? (signs ? 'private-key' : 'public-key') : /public/i.test(v.key) ? 'public-key' : /private/i.test(v.key) ? 'private-key' : 'hmac-secret';
      const materials = v.fallback && v.fallback.value !== '' && kind === 'hmac-secret' ? [material(v.fallback.value, v.fallback.loc, 'config-default')] : [];
      return { info: info(kind, materials[0] ? { material: materials[0] } : {}), materials, hmac: kind === 'hmac-secret' };
    }
    case 'nil':
      return { info: info('none'), materials: [], hmac: false };
    case 'parameter':
      return { info: info(asymmetric ? (signs ? 'private-key' : 'public-key') : 'unknown', { fromParameter: true }), materials: [], hmac: false };
    default: {
      // Parsed keys and key objects: `jwt.ParseRSAPublicKeyFromPEM(b)`, `&priv.PublicKey`, `priv.Public()`.
      const expr = v.kind === 'expr' ? v.node : inner;
      const text = expr.type === 'call_expression' ? (dotted(expr.childForFieldName('function')!) ?? '') : expr.type === 'unary_expression' || expr.type === 'selector_expression' ? expr.text : '';
      if (PUBLIC_CALL.test(text)) return { info: info('public-key'), materials: [], hmac: false };
      if (PRIVATE_CALL.test(text)) return { info: info('private-key'), materials: [], hmac: false };
      if (asymmetric) return { info: info(signs ? 'private-key' : 'public-key'), materials: [], hmac: false };
      return { info: info('unknown'), materials: [], hmac: false };
    }
  }
}

/** The algorithm a signing-method expression names. */
function methodSpec(node: Node, ctx: Ctx): AlgorithmSpec {
  const n = follow(node, ctx);
  const loc = ctx.r.loc(n);
  const member = jwtMember(n, ctx);
  if (member && METHODS[member]) return { kind: 'explicit', values: [{ name: METHODS[member]!, loc }], loc };
  if (jwtCall(n, ctx) === 'GetSigningMethod') {
    const first = callArgs(n).args[0];
    const v = first ? ctx.r.resolve(first) : null;
    if (v?.kind === 'string') return { kind: 'explicit', values: [{ name: v.value, loc: v.loc }], loc };
  }
  return { kind: 'unknown', loc };
}

/** `jwt.SigningMethodHS256.Alg()`, `"HS256"`, a constant: the algorithm name, or null. */
function algName(node: Node, ctx: Ctx): AlgorithmValue | null {
  const n = follow(node, ctx);
  if (n.type === 'call_expression') {
    const fn = n.childForFieldName('function');
    if (fn?.type === 'selector_expression' && fn.childForFieldName('field')?.text === 'Alg') {
      const m = jwtMember(fn.childForFieldName('operand'), ctx);
      if (m && METHODS[m]) return { name: METHODS[m]!, loc: ctx.r.loc(n) };
    }
  }
  // `jwt.SigningMethodHS256.Name`
  if (n.type === 'selector_expression' && n.childForFieldName('field')?.text === 'Name') {
    const m = jwtMember(n.childForFieldName('operand'), ctx);
    if (m && METHODS[m]) return { name: METHODS[m]!, loc: ctx.r.loc(n) };
  }
  const v = ctx.r.resolve(n);
  return v.kind === 'string' ? { name: v.value, loc: v.loc } : null;
}

// ---- lifetimes -----------------------------------------------------------------------

function isNow(node: Node, ctx: Ctx, depth = 0): boolean {
  const n = follow(node, ctx);
  if (n.type !== 'call_expression' || depth > 4) return false;
  const fn = n.childForFieldName('function');
  if (!fn) return false;
  if (dotted(fn) === 'time.Now') return true;
  // `time.Now().UTC()`, `.Local()`, `.Round(…)`, `.Truncate(…)`
  if (fn.type === 'selector_expression' && /^(?:UTC|Local|Round|Truncate|In)$/.test(fn.childForFieldName('field')?.text ?? '')) return isNow(fn.childForFieldName('operand')!, ctx, depth + 1);
  return false;
}

/** Seconds of a duration value, or null. */
export function durationSeconds(node: Node, ctx: Ctx): { seconds: number; loc: SourceLocation } | null {
  const v = ctx.r.resolve(node);
  if (v.kind !== 'number') return null;
  return { seconds: v.value / 1e9, loc: v.loc.file === ctx.r.file ? v.loc : ctx.r.loc(node) };
}

/** The lifetime an `exp` value sets: `time.Now().Add(d).Unix()`, `jwt.NewNumericDate(...)`, `.AddDate(y, m, d)`, `time.Now().Unix() + n`. */
export function lifetimeOfExp(node: Node, ctx: Ctx, depth = 0): Lifetime {
  const r = ctx.r;
  const n0 = unwrapParens(node);
  const present = (envName?: string): Lifetime => ({ kind: 'present', loc: r.loc(n0), ...(envName && { envName }) });
  if (depth > 8) return present();
  let n = unwrapConversion(n0);
  if (n.type === 'type_conversion_expression') n = unwrapParens(n.childForFieldName('operand') ?? n);
  if (n.type === 'identifier') {
    const v = r.resolve(n);
    if (v.kind === 'expr') return lifetimeOfExp(v.node, ctx, depth + 1);
    if (v.kind === 'env' || v.kind === 'config') return present(v.kind === 'env' ? v.name : undefined);
    if (v.kind === 'nil') return { kind: 'absent' };
    return present();
  }
  if (n.type === 'unary_expression' && n.childForFieldName('operator')?.text === '&') return lifetimeOfExp(n.childForFieldName('operand')!, ctx, depth + 1);
  // `td.RtExpires` written earlier in the function (`td.RtExpires = time.Now().Add(...).Unix()`).
  if (n.type === 'selector_expression') {
    const operand = n.childForFieldName('operand');
    const field = n.childForFieldName('field')?.text;
    if (operand?.type === 'identifier' && field) {
      const writes = r.fieldWritesOf(r.scopeOf(n), operand.text).filter((w) => w.path === field && w.target.startIndex < n.startIndex);
      const last = writes[writes.length - 1];
      if (last) return lifetimeOfExp(last.value, ctx, depth + 1);
    }
    return present();
  }
  if (n.type === 'binary_expression' && n.childForFieldName('operator')?.text === '+') {
    const l = n.childForFieldName('left')!;
    const rt = n.childForFieldName('right')!;
    for (const [a, b] of [[l, rt], [rt, l]] as const) {
      if (isUnixNow(a, ctx)) {
        const v = r.resolve(b);
        if (v.kind === 'number') return { kind: 'seconds', seconds: v.duration ? v.value / 1e9 : v.value, loc: v.loc.file === r.file ? v.loc : r.loc(b) };
        return present();
      }
    }
    return present();
  }
  if (n.type === 'call_expression') {
    const fn = n.childForFieldName('function');
    const { args } = callArgs(n);
    const member = jwtCall(n, ctx);
    if ((member === 'NewNumericDate' || member === 'At' || member === 'NewTime') && args[0]) return lifetimeOfExp(args[0], ctx, depth + 1);
    if (fn?.type === 'identifier' && /^(?:int64|int|float64|uint64)$/.test(fn.text) && args[0]) return lifetimeOfExp(args[0], ctx, depth + 1);
    if (fn?.type === 'selector_expression') {
      const field = fn.childForFieldName('field')?.text ?? '';
      const operand = fn.childForFieldName('operand')!;
      if (field === 'Unix' || field === 'UTC' || field === 'Local') return lifetimeOfExp(operand, ctx, depth + 1);
      if (field === 'UnixMilli' && isNow(operand, ctx)) return present();
      if (field === 'Add' && args[0] && isNow(operand, ctx)) {
        const d = durationSeconds(args[0], ctx);
        return d ? { kind: 'seconds', seconds: d.seconds, loc: d.loc } : lifetimeFromSetting(args[0], ctx, present);
      }
      if (field === 'AddDate' && args.length === 3 && isNow(operand, ctx)) {
        const parts = args.map((a) => r.resolve(a));
        if (parts.every((p) => p.kind === 'number')) {
          const [y, m, d] = parts.map((p) => (p as { value: number }).value);
          return { kind: 'seconds', seconds: (y! * 365 + m! * 30 + d!) * 86_400, loc: r.loc(args.find((_a, i) => (parts[i] as { value: number }).value !== 0) ?? n) };
        }
        return present();
      }
    }
    if (isNow(n, ctx)) return { kind: 'seconds', seconds: 0, loc: r.loc(n) };
  }
  return present();
}

/** `time.Duration(cfg.TTL) * time.Hour` with an env/config read inside: present, with its variable. */
function lifetimeFromSetting(node: Node, ctx: Ctx, present: (env?: string) => Lifetime): Lifetime {
  for (const id of [node, ...node.descendantsOfType(['identifier', 'call_expression'])]) {
    if (!id) continue;
    const v = ctx.r.resolve(id);
    if (v.kind === 'env') return present(v.name);
  }
  return present();
}

function isUnixNow(node: Node, ctx: Ctx): boolean {
  const n = follow(node, ctx);
  if (n.type !== 'call_expression') return false;
  const fn = n.childForFieldName('function');
  return fn?.type === 'selector_expression' && fn.childForFieldName('field')?.text === 'Unix' && isNow(fn.childForFieldName('operand')!, ctx);
}

const EXP_FIELD = /^(?:ExpiresAt|Exp|Expiry|ExpireAt|Expires|ExpiredAt|ExpirationTime)$/;
// `Claims` is go-jose's `jwt.Claims`, embedded the same way.
const CLAIMS_EMBED = /^(?:StandardClaims|RegisteredClaims|Claims)$/;

/** The lifetime the claims of a sign set. */
export function claimsLifetime(node: Node, ctx: Ctx, depth = 0): Lifetime {
  if (depth > 6) return { kind: 'unknown' };
  let n = unwrapParens(node);
  if (n.type === 'unary_expression' && n.childForFieldName('operator')?.text === '&') n = unwrapParens(n.childForFieldName('operand')!);
  let writes: { name: string; scope: Node | null } | null = null;
  if (n.type === 'identifier') {
    const b = ctx.r.binding(n);
    if (!b || b.result) return { kind: 'unknown' };
    writes = { name: n.text, scope: b.scope };
    n = unwrapParens(b.value);
    if (n.type === 'unary_expression' && n.childForFieldName('operator')?.text === '&') n = unwrapParens(n.childForFieldName('operand')!);
    if (n.type === 'identifier') return claimsLifetime(n, ctx, depth + 1);
  }
  if (n.type !== 'composite_literal') return { kind: 'unknown' };
  const type = n.childForFieldName('type');
  const body = n.childForFieldName('body');
  if (!type || !body) return { kind: 'unknown' };
  const typeName = type.type === 'qualified_type' ? (type.childForFieldName('name')?.text ?? '') : type.text;
  const isJwtType = type.type === 'qualified_type' && ctx.pkgs.has(type.childForFieldName('package')?.text ?? '');
  const isMap = (isJwtType && typeName === 'MapClaims') || type.type === 'map_type';
  if (isMap) {
    for (const el of body.namedChildren) {
      if (el?.type !== 'keyed_element') continue;
      const k = el.namedChildren[0]?.namedChildren[0] ?? el.namedChildren[0];
      const v = el.namedChildren[1]?.namedChildren[0] ?? el.namedChildren[1];
      const key = k ? goString(k) : null;
      if (key === null) return { kind: 'unknown' };
      if (key === 'exp' && v) return lifetimeOfExp(v, ctx);
    }
    const w = writes ? ctx.r.indexWritesOf(writes.scope, writes.name).find((x) => x.key === 'exp') : undefined;
    return w ? lifetimeOfExp(w.value, ctx) : { kind: 'absent' };
  }
  // A struct: `ExpiresAt:` directly, or in an embedded StandardClaims/RegisteredClaims.
  let embedded = false;
  let positional = false;
  for (const el of body.namedChildren) {
    if (el?.type === 'literal_element') {
      // `Claims{name, jwt.StandardClaims{...}}`: fields by position.
      const v = el.namedChildren[0];
      const t = v?.type === 'composite_literal' ? v.childForFieldName('type') : null;
      if (v && t && CLAIMS_EMBED.test(t.text.replace(/^\*?\w+\./, ''))) {
        embedded = true;
        const inner = claimsLifetime(v, ctx, depth + 1);
        if (inner.kind !== 'absent') return inner;
      } else if (v && !/^(?:interpreted_string_literal|raw_string_literal|int_literal|float_literal|true|false|nil)$/.test(v.type)) positional = true;
      continue;
    }
    if (el?.type !== 'keyed_element') continue;
    const k = el.namedChildren[0]?.namedChildren[0] ?? el.namedChildren[0];
    const v = el.namedChildren[1]?.namedChildren[0] ?? el.namedChildren[1];
    if (!k || !v) continue;
    if (EXP_FIELD.test(k.text)) return lifetimeOfExp(v, ctx);
    if (CLAIMS_EMBED.test(k.text)) {
      embedded = true;
      const inner = claimsLifetime(v, ctx, depth + 1);
      if (inner.kind !== 'absent') return inner;
    }
  }
  if (writes) {
    const w = ctx.r.fieldWritesOf(writes.scope, writes.name).find((x) => EXP_FIELD.test(x.path.split('.').pop() ?? '') || CLAIMS_EMBED.test(x.path));
    if (w) return CLAIMS_EMBED.test(w.path) ? claimsLifetime(w.value, ctx, depth + 1) : lifetimeOfExp(w.value, ctx);
  }
  if (isJwtType && CLAIMS_EMBED.test(typeName)) return { kind: 'absent' };
  if (embedded) return { kind: 'absent' };
  if (positional) return { kind: 'unknown' };
  return structHasNoExp(typeName, ctx) ? { kind: 'absent' } : { kind: 'unknown' };
}

/** A struct type of this file that embeds jwt's claims and declares no `exp` field of its own. */
function structHasNoExp(name: string, ctx: Ctx): boolean {
  for (const spec of ctx.r.root.descendantsOfType('type_spec')) {
    if (spec?.childForFieldName('name')?.text !== name) continue;
    const struct = spec.childForFieldName('type');
    if (struct?.type !== 'struct_type') return false;
    let embeds = false;
    for (const field of struct.descendantsOfType('field_declaration')) {
      if (!field) continue;
      const fieldType = field.childForFieldName('type');
      const names = field.childrenForFieldName('name');
      const tag = field.childForFieldName('tag')?.text ?? '';
      if (/json:\\?"exp[",]/.test(tag) || names.some((x) => x && EXP_FIELD.test(x.text))) return false;
      if (names.length === 0 && fieldType && CLAIMS_EMBED.test(fieldType.text.replace(/^\*?\w+\./, ''))) embeds = true;
    }
    return embeds;
  }
  return false;
}

// ---- verifiers -----------------------------------------------------------------------

interface ParserOptions {
  algorithms: AlgorithmSpec | null;
  audience: boolean;
  issuer: boolean;
  expiry: ExpiryEnforcement;
  /** Options that cannot be read (`opts...`, a helper's result). */
  opaque: boolean;
}

function readOptions(options: Node[], spread: boolean, ctx: Ctx, into?: ParserOptions): ParserOptions {
  const out: ParserOptions = into ?? { algorithms: null, audience: false, issuer: false, expiry: {}, opaque: false };
  if (spread) out.opaque = true;
  for (const option of options) {
    const n = follow(option, ctx);
    const name = jwtCall(n, ctx);
    const { args } = n.type === 'call_expression' ? callArgs(n) : { args: [] as Node[] };
    switch (name) {
      case 'WithValidMethods': {
        const list = args[0] ? follow(args[0], ctx) : null;
        out.algorithms = list ? listAlgorithms(list, ctx) : { kind: 'unknown', loc: ctx.r.loc(n) };
        break;
      }
      case 'WithAudience':
      case 'WithAllAudiences':
        out.audience = true;
        break;
      case 'WithIssuer':
        out.issuer = true;
        break;
      case 'WithLeeway': {
        const d = args[0] ? durationSeconds(args[0], ctx) : null;
        if (d && d.seconds > 0) out.expiry.clockTolerance = { seconds: d.seconds, loc: ctx.r.loc(args[0]!) };
        break;
      }
      case 'WithoutClaimsValidation':
        out.expiry.ignoreExpiration = ctx.r.loc(option);
        break;
      case 'WithExpirationRequired':
      case 'WithIssuedAt':
      case 'WithJSONNumber':
      case 'WithSubject':
      case 'WithTimeFunc':
      case 'WithNotBeforeRequired':
      case 'WithStrictDecoding':
      case 'WithPaddingAllowed':
        break;
      default:
        out.opaque = true;
    }
  }
  return out;
}

function listAlgorithms(list: Node, ctx: Ctx): AlgorithmSpec {
  const loc = ctx.r.loc(list);
  if (list.type !== 'composite_literal') return { kind: 'unknown', loc };
  const values: AlgorithmValue[] = [];
  for (const el of list.childForFieldName('body')?.namedChildren ?? []) {
    if (!el || el.type === 'comment') continue;
    const item = el.namedChildren[0] ?? el;
    const v = algName(item, ctx);
    if (!v) return { kind: 'unknown', loc };
    values.push(v);
  }
  return { kind: 'explicit', values, loc };
}

/** The parser a `Parse…` method is called on: `jwt.NewParser(...)`, `&jwt.Parser{...}`, `new(jwt.Parser)`. */
interface ParserInfo {
  node: Node;
  api: string;
  options: ParserOptions;
}

function parserOf(receiver: Node, ctx: Ctx, depth = 0): ParserInfo | null {
  let n = follow(receiver, ctx);
  // `newParser().Parse(...)`: a function of this file that returns a parser.
  if (n.type === 'call_expression' && n.childForFieldName('function')?.type === 'identifier' && depth < 2) {
    const f = ctx.r.functions.get(n.childForFieldName('function')!.text);
    const ret = f ? ownReturns(f)[0] : undefined;
    const value = ret?.namedChildren[0]?.type === 'expression_list' ? ret.namedChildren[0].namedChildren[0] : ret?.namedChildren[0];
    if (value) return parserOf(value, ctx, depth + 1);
  }
  if (n.type === 'unary_expression' && n.childForFieldName('operator')?.text === '&') n = unwrapParens(n.childForFieldName('operand')!);
  if (jwtCall(n, ctx) === 'NewParser') {
    const { args, spread } = callArgs(n);
    return { node: n, api: 'jwt.NewParser', options: readOptions(args, spread, ctx) };
  }
  if (n.type === 'call_expression' && n.childForFieldName('function')?.text === 'new') {
    const t = callArgs(n).args[0];
    if (t?.type === 'qualified_type' && ctx.pkgs.has(t.childForFieldName('package')?.text ?? '') && t.childForFieldName('name')?.text === 'Parser') return { node: n, api: 'jwt.Parser', options: readOptions([], false, ctx) };
  }
  if (n.type === 'composite_literal') {
    const t = n.childForFieldName('type');
    if (t?.type !== 'qualified_type' || !ctx.pkgs.has(t.childForFieldName('package')?.text ?? '') || t.childForFieldName('name')?.text !== 'Parser') return null;
    const options = readOptions([], false, ctx);
    for (const el of n.childForFieldName('body')?.namedChildren ?? []) {
      if (el?.type !== 'keyed_element') continue;
      const k = el.namedChildren[0]?.text;
      const v = el.namedChildren[1]?.namedChildren[0] ?? el.namedChildren[1];
      if (!v) continue;
      if (k === 'ValidMethods') options.algorithms = listAlgorithms(follow(v, ctx), ctx);
      if (k === 'SkipClaimsValidation' && v.text === 'true') options.expiry.ignoreExpiration = ctx.r.loc(v);
    }
    return { node: unwrapParens(receiver).type === 'unary_expression' ? unwrapParens(receiver) : n, api: 'jwt.Parser', options };
  }
  return null;
}

/** The body of a keyfunc: a literal, a function or method of this file, a variable holding one, or a factory's returned literal. */
function keyfuncBody(node: Node, ctx: Ctx): { fn: Node; factory?: { call: Node; fn: Node } } | null {
  const n = follow(node, ctx);
  if (n.type === 'func_literal') return { fn: n };
  if (n.type === 'identifier') {
    const f = ctx.r.functions.get(n.text);
    return f ? { fn: f } : null;
  }
  if (n.type === 'selector_expression') {
    const m = ctx.r.methods.get(n.childForFieldName('field')?.text ?? '');
    return m && m.length === 1 ? { fn: m[0]! } : null;
  }
  if (n.type === 'call_expression') {
    const callee = n.childForFieldName('function');
    const f = callee?.type === 'identifier' ? ctx.r.functions.get(callee.text) : callee?.type === 'selector_expression' ? ctx.r.methods.get(callee.childForFieldName('field')?.text ?? '')?.[0] : undefined;
    const lit = f?.childForFieldName('body')?.descendantsOfType('func_literal').find((x) => x?.parent?.parent?.type === 'return_statement' || x?.parent?.type === 'return_statement');
    return f && lit ? { fn: lit, factory: { call: n, fn: f } } : null;
  }
  return null;
}

/** The returns of a function, not of functions nested in it. */
export function ownReturns(fn: Node): Node[] {
  return fn.descendantsOfType('return_statement').filter((r): r is Node => !!r && nearestFunction(r)?.id === fn.id);
}

function nearestFunction(node: Node): Node | null {
  for (let n = node.parent; n; n = n.parent) if (n.type === 'func_literal' || n.type === 'function_declaration' || n.type === 'method_declaration') return n;
  return null;
}

const METHOD_REF = /\.Method\b|\bHeader\s*\[\s*"alg"\s*\]/;

/** What a keyfunc checks about `t.Method`: the algorithms it lets through, or null when it checks nothing. */
function methodCheck(fn: Node, ctx: Ctx): AlgorithmSpec | null {
  const body = fn.childForFieldName('body');
  if (!body) return null;
  const found: AlgorithmValue[] = [];
  let checked = false;
  let unknown = false;
  for (const n of body.descendantsOfType(['type_assertion_expression', 'type_switch_statement', 'binary_expression', 'expression_switch_statement'])) {
    if (!n) continue;
    if (n.type === 'type_assertion_expression') {
      if (!/\.Method$/.test(n.childForFieldName('operand')?.text ?? '')) continue;
      checked = true;
      const t = n.childForFieldName('type')?.text.replace(/^\*?\w+\./, '') ?? '';
      // A family check (`*jwt.SigningMethodHMAC`) fixes no one algorithm: it stands for the family's first (HS256), as RULES.md measures unfixed HMAC keys.
      const family = FAMILIES[t];
      if (family) found.push({ name: family[0]!, loc: ctx.r.loc(n.childForFieldName('type')!) });
      else unknown = true;
    } else if (n.type === 'type_switch_statement') {
      if (!/\.Method\.\(type\)/.test(n.text.slice(0, 200))) continue;
      checked = true;
      unknown = true;
    } else if (n.type === 'binary_expression') {
      const op = n.childForFieldName('operator')?.text;
      if (op !== '==' && op !== '!=') continue;
      const l = n.childForFieldName('left')!;
      const rt = n.childForFieldName('right')!;
      const side = METHOD_REF.test(l.text) ? rt : METHOD_REF.test(rt.text) ? l : null;
      if (!side) continue;
      checked = true;
      const member = jwtMember(side, ctx);
      const v = member && METHODS[member] ? { name: METHODS[member]!, loc: ctx.r.loc(side) } : algName(side, ctx);
      if (v) found.push(v);
      else unknown = true;
    } else {
      const value = n.childForFieldName('value');
      if (!value || !METHOD_REF.test(value.text)) continue;
      checked = true;
      unknown = true;
    }
  }
  if (!checked) return null;
  if (unknown || found.length === 0) return { kind: 'unknown', loc: ctx.r.loc(fn) };
  return { kind: 'explicit', values: found, loc: found[0]!.loc };
}

/** The key a keyfunc returns (the first return that is not nil), with the node to resolve in the caller for a factory's parameter. */
function keyfuncKey(body: { fn: Node; factory?: { call: Node; fn: Node } }, ctx: Ctx): { node: Node; none: boolean } | null {
  let chosen: Node | null = null;
  for (const ret of ownReturns(body.fn)) {
    const first = ret.namedChildren[0]?.type === 'expression_list' ? ret.namedChildren[0].namedChildren[0] : ret.namedChildren[0];
    if (!first || first.type === 'nil') continue;
    if (jwtMember(first, ctx) === 'UnsafeAllowNoneSignatureType') return { node: first, none: true };
    const v = ctx.r.resolve(unwrapConversion(first));
    if (v.kind === 'nil') continue;
    // A factory's parameter is the argument its caller passes.
    if (v.kind === 'parameter' && body.factory && v.fn.id === body.factory.fn.id) {
      const arg = callArgs(body.factory.call).args[v.index];
      if (arg) return { node: arg, none: false };
    }
    chosen ??= first;
    if (v.kind === 'string' || v.kind === 'env' || v.kind === 'config') return { node: first, none: false };
  }
  return chosen ? { node: chosen, none: false } : null;
}

const AUD_READ = /^(?:Audience|GetAudience|VerifyAudience)$/;
const ISS_READ = /^(?:Issuer|GetIssuer|VerifyIssuer)$/;

/** Whether a function reads the audience / issuer claim (a manual check after parsing). */
export function readsClaims(fn: Node | null, _ctx?: Ctx): { aud: boolean; iss: boolean } {
  const out = { aud: false, iss: false };
  if (!fn) return out;
  for (const n of fn.descendantsOfType(['selector_expression', 'index_expression'])) {
    if (!n) continue;
    if (n.type === 'selector_expression') {
      const field = n.childForFieldName('field')?.text ?? '';
      // A keyed `Audience:` in a literal is not a read; a selector is.
      if (AUD_READ.test(field)) out.aud = true;
      if (ISS_READ.test(field)) out.iss = true;
    } else {
      const index = n.childForFieldName('index');
      const key = index ? goString(index) : null;
      if (key === 'aud') out.aud = true;
      if (key === 'iss') out.iss = true;
    }
  }
  return out;
}

/** `Valid`/`Validate` methods of the file (custom claims validation) that read aud / iss. */
export function validationMethods(r: GoResolver): { aud: boolean; iss: boolean } {
  const out = { aud: false, iss: false };
  for (const name of ['Valid', 'Validate']) {
    for (const m of r.methods.get(name) ?? []) {
      const reads = readsClaims(m, { r, pkgs: new Set(), validates: out });
      out.aud ||= reads.aud;
      out.iss ||= reads.iss;
    }
  }
  return out;
}

/** `request.ParseFromRequest(req, extractor, keyFunc, request.WithClaims(c), request.WithParser(p))` (and v3's `ParseFromRequestWithClaims`). */
function requestSite(call: Node, fn: string, ctx: Ctx, reqPkgs: Set<string>): { site: JwtCallSite; key: KeyAnalysis | null } | null {
  const { args, spread } = callArgs(call);
  const kfIndex = fn === 'ParseFromRequestWithClaims' ? 3 : 2;
  let parser: ParserInfo | null = null;
  let opaque = spread;
  let claims = fn === 'ParseFromRequestWithClaims';
  for (const option of args.slice(kfIndex + 1)) {
    const n = follow(option, ctx);
    const callee = n.type === 'call_expression' ? n.childForFieldName('function') : null;
    const pkg = callee?.type === 'selector_expression' ? callee.childForFieldName('operand')?.text : undefined;
    const field = callee?.type === 'selector_expression' ? callee.childForFieldName('field')?.text : undefined;
    if (!pkg || !reqPkgs.has(pkg)) opaque = true;
    else if (field === 'WithParser') {
      const p = callArgs(n).args[0];
      parser = p ? parserOf(p, ctx) : null;
      if (!parser) opaque = true;
    } else if (field === 'WithClaims') claims = true;
  }
  return verifyCore(call, `request.${fn}`, args, kfIndex, [], opaque, parser, claims, ctx);
}

function verifySite(call: Node, fn: 'Parse' | 'ParseWithClaims', parser: ParserInfo | null, ctx: Ctx): { site: JwtCallSite; key: KeyAnalysis | null } | null {
  const { args, spread } = callArgs(call);
  const kfIndex = fn === 'Parse' ? 1 : 2;
  return verifyCore(call, parser ? `${parser.api}(…).${fn}` : `jwt.${fn}`, args, kfIndex, args.slice(kfIndex + 1), spread, parser, fn === 'ParseWithClaims', ctx);
}

function verifyCore(call: Node, api: string, args: Node[], kfIndex: number, optionNodes: Node[], spread: boolean, parser: ParserInfo | null, claimsCustom: boolean, ctx: Ctx): { site: JwtCallSite; key: KeyAnalysis | null } | null {
  const r = ctx.r;
  const kfNode = args[kfIndex];
  if (!kfNode) return null;
  const options = parser ? { ...parser.options, expiry: { ...parser.options.expiry } } : readOptions(optionNodes, spread, ctx);
  if (parser) readOptions(optionNodes, spread, ctx, options);
  const body = keyfuncBody(kfNode, ctx);
  const check = body ? methodCheck(body.fn, ctx) : null;
  const returned = body ? keyfuncKey(body, ctx) : null;
  let algorithms: AlgorithmSpec | null = options.algorithms ?? check;
  const names = algorithms?.kind === 'explicit' ? algorithms.values.map((v) => v.name) : [];
  const key = returned && !returned.none ? keyOf(returned.node, ctx, names, false, kfNode) : null;
  if (!algorithms) {
    if (!body || options.opaque) algorithms = { kind: 'unknown', loc: r.loc(kfNode) };
    else if (returned?.none) algorithms = { kind: 'explicit', values: [{ name: 'none', loc: r.loc(returned.node) }], loc: r.loc(returned.node) };
    else algorithms = { kind: 'default', hmacByDefault: key?.info.kind === 'hmac-secret' };
  } else if (returned?.none && algorithms.kind !== 'explicit') {
    algorithms = { kind: 'explicit', values: [{ name: 'none', loc: r.loc(returned.node) }], loc: r.loc(returned.node) };
  }
  // A manual check in the verifying function or the keyfunc counts as a check.
  const scope = r.scopeOf(call);
  const reads = readsClaims(scope, ctx);
  const kfReads = body ? readsClaims(body.fn, ctx) : { aud: false, iss: false };
  const presence = (option: boolean, read: boolean): Presence => (option || read ? 'present' : options.opaque ? 'unknown' : 'absent');
  const site: JwtCallSite = {
    library: GOLANG_JWT,
    api,
    operation: 'verify',
    signs: false,
    verifies: true,
    loc: r.loc(parser ? parser.node : call),
    key: returned?.none ? { kind: 'none', envNames: [], envReads: [], loc: r.loc(kfNode), fromParameter: false } : (key?.info ?? { kind: body ? 'unknown' : 'key-function', envNames: [], envReads: [], loc: r.loc(kfNode), fromParameter: false }),
    verifyAlgorithms: algorithms,
    audience: presence(options.audience, reads.aud || kfReads.aud || (claimsCustom && ctx.validates.aud)),
    issuer: presence(options.issuer, reads.iss || kfReads.iss || (claimsCustom && ctx.validates.iss)),
    expiry: options.expiry,
  };
  return { site, key };
}

/** A reusable parser with no `Parse…` call in this file: its options alone. */
function parserSite(parser: ParserInfo, ctx: Ctx): JwtCallSite {
  const o = parser.options;
  const presence = (option: boolean): Presence => (option ? 'present' : o.opaque ? 'unknown' : 'absent');
  return {
    library: GOLANG_JWT,
    api: parser.api,
    operation: 'verify',
    signs: false,
    verifies: true,
    loc: ctx.r.loc(parser.node),
    key: null,
    verifyAlgorithms: o.algorithms ?? { kind: 'unknown', loc: ctx.r.loc(parser.node) },
    audience: presence(o.audience),
    issuer: presence(o.issuer),
    expiry: o.expiry,
  };
}

// ---- signers -------------------------------------------------------------------------

/** The name a call's result is stored in (`tok := jwt.New(...)`), if any. */
export function storedIn(call: Node): Node | null {
  const list = call.parent?.type === 'expression_list' ? call.parent : null;
  const decl = list?.parent;
  if (!list || !decl || (decl.type !== 'short_var_declaration' && decl.type !== 'assignment_statement' && decl.type !== 'var_spec')) return null;
  if (decl.type === 'var_spec') return decl.childrenForFieldName('name')[0] ?? null;
  const left = decl.childForFieldName('left');
  const target = left?.namedChildren[0];
  return target?.type === 'identifier' ? target : null;
}

/** `.SignedString(key)` on the token a `jwt.New…` call builds: chained, or on the variable holding it. */
function signedStringOf(call: Node, ctx: Ctx): Node | null {
  const sel = call.parent;
  if (sel?.type === 'selector_expression' && sel.childForFieldName('field')?.text === 'SignedString' && sel.parent?.type === 'call_expression') return sel.parent;
  const name = storedIn(call);
  const scope = ctx.r.scopeOf(call) ?? ctx.r.root;
  if (!name) return null;
  for (const c of scope.descendantsOfType('call_expression')) {
    const fn = c?.childForFieldName('function');
    if (!c || fn?.type !== 'selector_expression' || fn.childForFieldName('field')?.text !== 'SignedString' || c.startIndex < call.endIndex) continue;
    if (fn.childForFieldName('operand')?.text === name.text) return c;
  }
  return null;
}

/** The lifetime of `jwt.New(method)`: `tok.Claims = X`, or `exp` written through `tok.Claims.(jwt.MapClaims)`. */
function newTokenLifetime(call: Node, ctx: Ctx): Lifetime {
  const name = storedIn(call);
  const scope = ctx.r.scopeOf(call);
  if (!name) return { kind: 'unknown' };
  const set = ctx.r.fieldWritesOf(scope, name.text).find((w) => w.path === 'Claims');
  if (set) return claimsLifetime(set.value, ctx);
  let touched = false;
  for (const n of (scope ?? ctx.r.root).descendantsOfType('selector_expression')) {
    if (!n || n.childForFieldName('operand')?.text !== name.text || n.childForFieldName('field')?.text !== 'Claims') continue;
    touched = true;
    const assertion = n.parent?.type === 'type_assertion_expression' ? n.parent : null;
    const holder = assertion ? storedIn(assertion) : null;
    if (holder && ctx.r.indexWritesOf(scope, holder.text).some((w) => w.key === 'exp')) return lifetimeOfExp(ctx.r.indexWritesOf(scope, holder.text).find((w) => w.key === 'exp')!.value, ctx);
    if (n.parent?.type === 'index_expression' || n.parent?.parent?.type === 'index_expression') {
      const idx = (n.parent.type === 'index_expression' ? n.parent : n.parent.parent)!;
      if (goString(idx.childForFieldName('index') ?? idx) === 'exp') return { kind: 'present', loc: ctx.r.loc(idx) };
    }
  }
  return touched ? { kind: 'unknown' } : { kind: 'absent' };
}

function signSite(call: Node, fn: 'New' | 'NewWithClaims', ctx: Ctx): { site: JwtCallSite; key: KeyAnalysis | null } | null {
  const { args } = callArgs(call);
  if (!args[0]) return null;
  const signAlgorithm = methodSpec(args[0], ctx);
  const names = signAlgorithm.kind === 'explicit' ? signAlgorithm.values.map((v) => v.name) : [];
  const signed = signedStringOf(call, ctx);
  const keyNode = signed ? callArgs(signed).args[0] : undefined;
  const key = keyNode ? keyOf(keyNode, ctx, names, true) : null;
  const lifetime = fn === 'NewWithClaims' ? (args[1] ? claimsLifetime(args[1], ctx) : { kind: 'unknown' as const }) : newTokenLifetime(call, ctx);
  const site: JwtCallSite = {
    library: GOLANG_JWT,
    api: `jwt.${fn}`,
    operation: 'sign',
    signs: true,
    verifies: false,
    loc: ctx.r.loc(call),
    key: key?.info ?? null,
    signAlgorithm,
    lifetime: lifetime.kind === 'seconds' && lifetime.loc.file !== ctx.r.file ? { ...lifetime, loc: ctx.r.loc(call) } : lifetime,
  };
  return { site, key };
}

// ---- unverified decodes --------------------------------------------------------------

const REQUEST_SOURCE = /\.Header\.Get\(|\.GetHeader\(|\.Header\(\)\.Get\(|\.Request\.Header\b|\.Request\(\)\.Header\b|\.Cookie\(|\.Cookies\(|\.Query\(|\.QueryParam\(|\.FormValue\(|\.PostFormValue\(|\.URL\.Query\(\)|\.Get\("Authorization"\)|\.Get\(fiber\.HeaderAuthorization\)|\.Params\(|\.Param\(/;

function tokenSourceOf(node: Node | undefined, ctx: Ctx): DecodeFacts['tokenSource'] {
  let n: Node | undefined = node;
  for (let i = 0; n && i < 8; i++) {
    n = unwrapParens(n);
    if (n.endIndex - n.startIndex < 400 && REQUEST_SOURCE.test(n.text)) return 'request';
    if (n.type === 'identifier') {
      const v = ctx.r.resolve(n);
      if (v.kind === 'parameter') return 'parameter';
      if (v.kind !== 'expr') return 'unknown';
      n = v.node;
    } else if (n.type === 'call_expression') {
      const fn = n.childForFieldName('function');
      const callee = fn ? dotted(fn) ?? '' : '';
      if (/\.SignedString$/.test(callee) || fn?.childForFieldName('field')?.text === 'SignedString') return 'issued';
      const first = callArgs(n).args[0];
      if (/^strings\./.test(callee) && first) n = first;
      else n = fn?.type === 'selector_expression' ? (fn.childForFieldName('operand') ?? undefined) : undefined;
    } else if (n.type === 'index_expression' || n.type === 'slice_expression') n = n.childForFieldName('operand') ?? undefined;
    else if (n.type === 'selector_expression') n = n.childForFieldName('operand') ?? undefined;
    else return 'unknown';
  }
  return 'unknown';
}

const NON_IDENTITY = /^(?:exp|iat|nbf|kid|iss|alg|tid|ExpiresAt|IssuedAt|NotBefore|Issuer|GetExpirationTime|GetIssuedAt|GetNotBefore|GetIssuer)$/;

export function decodeSite(call: Node, ctx: Ctx, api = 'ParseUnverified', library = GOLANG_JWT, fromRequest = false, parts?: { token: Node | undefined; claims: Node | undefined }): JwtCallSite {
  const r = ctx.r;
  const { args } = callArgs(call);
  const token = parts ? parts.token : args[0];
  const claimsNode = parts ? parts.claims : args[1];
  const claimsArg = claimsNode ? unwrapParens(claimsNode) : null;
  const claimsName = claimsArg?.type === 'unary_expression' ? claimsArg.childForFieldName('operand')?.text : claimsArg?.type === 'identifier' ? claimsArg.text : undefined;
  const tokName = storedIn(call)?.text;
  const scope = r.scopeOf(call) ?? r.root;
  // Uses of the decoded token and claims after the call.
  const uses: Node[] = [];
  for (const id of scope.descendantsOfType('identifier')) {
    if (!id || id.startIndex < call.endIndex) continue;
    if (id.text === tokName || id.text === claimsName) uses.push(id);
  }
  const headerOnly = uses.length > 0 && uses.every((u) => u.text === tokName && u.parent?.type === 'selector_expression' && /^(?:Header|Method)$/.test(u.parent.childForFieldName('field')?.text ?? ''));
  const tokenText = token?.text;
  let verifiedInScope = false;
  for (const c of scope.descendantsOfType('call_expression')) {
    const fn = c?.childForFieldName('function');
    const field = fn?.type === 'selector_expression' ? fn.childForFieldName('field')?.text : undefined;
    if (!c || c.id === call.id || !/^(?:Parse(?:WithClaims|String|Request|Reader|FromRequest)?|Claims)$/.test(field ?? '') || /WithVerify\(\s*false\s*\)/.test(c.text)) continue;
    // go-jose: `tok.Claims(key, &out)` on the same parsed token verifies it.
    if (field === 'Claims' ? fn?.childForFieldName('operand')?.text === tokenText && callArgs(c).args.length >= 2 : callArgs(c).args[0]?.text === tokenText) verifiedInScope = true;
  }
  const decode: DecodeFacts = { headerOnly, verifiedInScope, manual: false, tokenSource: fromRequest ? 'request' : tokenSourceOf(token, ctx) };
  if (ctx.isTest && !headerOnly && !verifiedInScope && uses.length > 0 && uses.every((u) => inAssertion(u, scope))) decode.inTestAssertion = true;
  else if (!headerOnly && !verifiedInScope) {
    const claimReads = uses.map((u) => claimReadOf(u, tokName));
    if (claimReads.length > 0 && claimReads.every((c) => c !== null && NON_IDENTITY.test(c))) decode.nonIdentityClaims = [...new Set(claimReads as string[])].sort();
    else if (decode.tokenSource === 'request') decode.claimsDecide = uses.some((u) => decides(u, scope));
  }
  return { library, api, operation: 'decode', signs: false, verifies: false, loc: r.loc(call), key: null, decode };
}

/** The claim a use reads: `claims["sub"]`, `claims.Subject`, `tok.Claims.(jwt.MapClaims)["exp"]`, `tok.Header["kid"]`. */
function claimReadOf(use: Node, tokName: string | undefined): string | null {
  let n: Node = use;
  for (let i = 0; i < 4 && n.parent; i++) {
    const p = n.parent;
    if (p.type === 'index_expression' && p.childForFieldName('operand')?.id === n.id) return goString(p.childForFieldName('index') ?? p);
    if (p.type === 'selector_expression') {
      const field = p.childForFieldName('field')?.text ?? '';
      if ((field === 'Claims' || field === 'Header') && use.text === tokName) {
        n = p;
        continue;
      }
      return field;
    }
    if (p.type === 'type_assertion_expression' || p.type === 'parenthesized_expression') {
      n = p;
      continue;
    }
    if (p.type === 'call_expression' && p.childForFieldName('function')?.id === n.id) {
      n = p;
      continue;
    }
    return null;
  }
  return null;
}

const ASSERTION = /^(?:assert|require|is|suite)\.\w+$|^(?:t|s|b)\.(?:Error|Errorf|Fatal|Fatalf|Equal|True|False|NotNil|Nil)$|^s\.(?:Require\(\)\.)?\w+$/;

/** In a test: a use inside an assertion call, or in an `if` whose body fails the test. */
function inAssertion(use: Node, scope: Node): boolean {
  for (let n = use.parent; n && n.id !== scope.id; n = n.parent) {
    if (n.type === 'call_expression' && ASSERTION.test(dotted(n.childForFieldName('function')!) ?? '')) return true;
    if (n.type === 'if_statement' && /\bt\.(?:Error|Errorf|Fatal|Fatalf)\(/.test(n.childForFieldName('consequence')?.text ?? '')) return true;
  }
  return false;
}

/** A use that decides something: a comparison, a condition, a switch, a value put in the request's context. */
function decides(use: Node, scope: Node): boolean {
  for (let n = use.parent; n && n.id !== scope.id; n = n.parent) {
    if (n.type === 'binary_expression' || n.type === 'expression_switch_statement' || n.type === 'type_switch_statement') return true;
    if (n.type === 'if_statement') return true;
    if (n.type === 'call_expression' && /\.(?:Set|WithValue|Locals|SetUser)$/.test(dotted(n.childForFieldName('function')!) ?? n.childForFieldName('function')?.text ?? '')) return true;
    if (n.type === 'block') return false;
  }
  return false;
}

// ---- entry ---------------------------------------------------------------------------

/** Every golang-jwt record of a file: signs, verifies (per Parse call), parsers left unused, unverified decodes. */
const REQUEST_MODULES = /^(?:github\.com\/golang-jwt\/jwt(?:\/v[345])?|github\.com\/dgrijalva\/jwt-go(?:\/v4)?|github\.com\/form3tech-oss\/jwt-go)\/request$/;

/** Local names of golang-jwt's `request` package. */
export function requestBindings(root: Node): Set<string> {
  const out = new Set<string>();
  for (const spec of importSpecs(root)) {
    const path = spec?.childForFieldName('path');
    const value = path ? goString(path) : null;
    if (!spec || value === null || !REQUEST_MODULES.test(value)) continue;
    const name = spec.childForFieldName('name');
    if (name && (name.type === 'blank_identifier' || name.type === 'dot')) continue;
    out.add(name?.text ?? 'request');
  }
  return out;
}

export function golangJwtSites(ctx: Omit<Ctx, 'validates'>, tick: () => void): { site: JwtCallSite; key: KeyAnalysis | null }[] {
  const reqPkgs = requestBindings(ctx.r.root);
  const full: Ctx = { ...ctx, validates: validationMethods(ctx.r) };
  const out: { site: JwtCallSite; key: KeyAnalysis | null }[] = [];
  const usedParsers = new Set<number>();
  const parsers: ParserInfo[] = [];
  for (const call of ctx.r.root.descendantsOfType('call_expression')) {
    if (!call) continue;
    tick();
    const member = jwtCall(call, full);
    if (member === 'NewWithClaims' || member === 'New') {
      const s = signSite(call, member, full);
      if (s) out.push(s);
    } else if (member === 'Parse' || member === 'ParseWithClaims') {
      const s = verifySite(call, member, null, full);
      if (s) out.push(s);
    } else if (member === 'NewParser') {
      const p = parserOf(call, full);
      if (p) parsers.push(p);
    } else if (member === null) {
      const fn = call.childForFieldName('function');
      if (fn?.type !== 'selector_expression') continue;
      const field = fn.childForFieldName('field')?.text;
      const receiver = fn.childForFieldName('operand')!;
      if ((field === 'ParseFromRequest' || field === 'ParseFromRequestWithClaims') && receiver.type === 'identifier' && reqPkgs.has(receiver.text)) {
        const s = requestSite(call, field, full, reqPkgs);
        if (s) out.push(s);
        continue;
      }
      if (field !== 'Parse' && field !== 'ParseWithClaims' && field !== 'ParseUnverified') continue;
      const parser = parserOf(receiver, full);
      if (field === 'ParseUnverified') {
        out.push({ site: decodeSite(call, full), key: null });
        if (parser) usedParsers.add(parser.node.id);
        continue;
      }
      if (!parser) continue;
      usedParsers.add(parser.node.id);
      const s = verifySite(call, field, parser, full);
      if (s) out.push(s);
    }
  }
  for (const p of parsers) if (!usedParsers.has(p.node.id)) out.push({ site: parserSite(p, full), key: null });
  return out;
}


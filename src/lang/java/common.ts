// Shared readings of the Java adapters: fluent call chains (`Jwts.builder().a().b()`, continued
// through a local variable or field that holds the builder), the key behind an expression, and
// the lifetime a `Date`/`Instant` expiry expression sets.
import type { Node } from 'web-tree-sitter';
import type { KeyAnalysis } from '../../facts/collector.js';
import type { DecodeFacts, KeyInfo, Lifetime, SecretMaterial, SourceLocation } from '../../facts/model.js';
import type { Chain, ChainCall, KeyOptions } from './jvm.js';
import { argsOf, base64Length, callee, dotted, TIME_UNITS, unwrap, type JavaResolver, type JValue } from './resolve-java.js';


/** The calls chained on `start`, following a local variable or field the (partial) chain is stored in. */
export function chainOf(start: Node, r: JavaResolver, depth = 0): Chain {
  const calls: ChainCall[] = [];
  let cur = start;
  let escapes = false;
  for (;;) {
    const p = cur.parent;
    if (p?.type === 'method_invocation' && p.childForFieldName('object')?.id === cur.id) {
      calls.push({ name: p.childForFieldName('name')?.text ?? '', args: argsOf(p), node: p });
      cur = p;
      continue;
    }
    break;
  }
  const p = cur.parent;
  let holder: { name: string; field: boolean } | null = null;
  if (p?.type === 'variable_declarator' && p.childForFieldName('value')?.id === cur.id) holder = { name: p.childForFieldName('name')?.text ?? '', field: p.parent?.type === 'field_declaration' };
  else if (p?.type === 'assignment_expression' && p.childForFieldName('right')?.id === cur.id) {
    const left = p.childForFieldName('left')!;
    holder = left.type === 'identifier' ? { name: left.text, field: r.fields.has(left.text) } : left.type === 'field_access' ? { name: left.childForFieldName('field')?.text ?? '', field: true } : null;
  } else if (p && p.type !== 'expression_statement') escapes = true;
  if (holder && depth < 3) {
    const area = holder.field ? r.root : (r.scopeOf(cur) ?? r.root);
    let used = false;
    for (const m of area.descendantsOfType('method_invocation')) {
      if (!m || m.startIndex < cur.endIndex && !holder.field) continue;
      const obj = m.childForFieldName('object');
      const target = obj?.type === 'identifier' ? obj.text : obj?.type === 'field_access' && obj.childForFieldName('object')?.type === 'this' ? obj.childForFieldName('field')?.text : null;
      if (target !== holder.name || !obj) continue;
      // A builder reassigned (`b = b.setX()`) is read through its later calls too.
      used = true;
      const more = chainOf(obj, r, depth + 1);
      calls.push(...more.calls);
      escapes ||= more.escapes;
    }
    if (!used) escapes = true;
  }
  return { start, calls, escapes };
}

const PRIVATE_PEM = /-----BEGIN (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----/;
export const PUBLIC_HINT = /public|certificate|\bcert\b|x509|jwk|jwks/i;
export const PRIVATE_HINT = /private|keypair|getPrivate/i;

/** What a key expression is, with any literal material behind it. `stringIsBase64`: the API base64-decodes a `String` key (jjwt 0.9 `setSigningKey(String)`). */
export function keyOf(node: Node, r: JavaResolver, opts: KeyOptions & { at?: Node }, depth = 0): KeyAnalysis {
  const loc = r.loc(opts.at ?? node);
  const info = (kind: KeyInfo['kind'], extra: Partial<KeyInfo> = {}): KeyInfo => ({ kind, envNames: [], envReads: [], loc, fromParameter: false, ...extra });
  const asym = (): KeyAnalysis => ({ info: info(opts.signs ? 'private-key' : 'public-key'), materials: [], hmac: false });
  const n = unwrap(node);
  if (depth > 6) return { info: info('unknown'), materials: [], hmac: false };
  // Wrappers that make an HMAC key of bytes: `Keys.hmacShaKeyFor(b)`, `new SecretKeySpec(b, "HmacSHA256")`.
  const made = n.type === 'method_invocation' ? keyOfCall({ ...callee(n), args: argsOf(n) }, n.text, info, (b) => keyOf(b, r, { ...opts, stringIsBase64: false, at: opts.at ?? node }, depth + 1)) : null;
  if (made) return made;
  if (n.type === 'object_creation_expression') {
    const type = n.childForFieldName('type')?.text ?? '';
    const a = argsOf(n);
    if (type === 'SecretKeySpec' && a[0]) return hmacOf(keyOf(a[0], r, { ...opts, stringIsBase64: false, at: opts.at ?? node }, depth + 1));
    if (type === 'String' && a[0]) return keyOf(a[0], r, { ...opts, at: opts.at ?? node }, depth + 1);
  }
  const v: JValue = r.resolve(n);
  const known = keyOfValue(v, r.file, loc, opts);
  if (known) return known;
  switch (v.kind) {
    case 'unknown':
    case 'expr': {
      const e = v.kind === 'expr' ? v.node : n;
      if (e.id !== n.id && (e.type === 'method_invocation' || e.type === 'object_creation_expression')) return keyOf(e, r, { ...opts, at: opts.at ?? node }, depth + 1);
      if (opts.asymmetric) return asym();
      return keyOfDeclared(declaredType(e, r), e.type === 'identifier' || e.type === 'field_access' ? e.text : '', info);
    }
    default:
      return { info: info('unknown'), materials: [], hmac: false };
  }
}

/**
 * The key a call makes, called the same way from Java and Kotlin: `Keys.hmacShaKeyFor(b)` (an HMAC
 * key of the bytes `bytes` reads), `Keys.secretKeyFor(…)`/`Jwts.SIG.HS256.key().build()` (a generated
 * HMAC key), `getPublic()`/`generatePrivate(…)`; null for any other call.
 */
export function keyOfCall(call: { recv: string | null; name: string; args: Node[] }, text: string, info: (kind: KeyInfo['kind']) => KeyInfo, bytes: (arg: Node) => KeyAnalysis): KeyAnalysis | null {
  const { recv, name, args } = call;
  if (recv === 'Keys' && name === 'hmacShaKeyFor' && args[0]) return hmacOf(bytes(args[0]));
  if ((recv === 'Keys' && name === 'secretKeyFor') || (name === 'build' && /SIG\.HS\d+\.key\(\)/.test(text.replace(/\s+/g, '')))) return { info: info('hmac-secret'), materials: [], hmac: true };
  if (/^(?:getPublic|getPublicKey|generatePublic)$/.test(name)) return { info: info('public-key'), materials: [], hmac: false };
  if (/^(?:getPrivate|getPrivateKey|generatePrivate)$/.test(name)) return { info: info('private-key'), materials: [], hmac: false };
  return null;
}

/** A key held in a variable, field or property whose value is not read: its declared type (Kotlin's maybe nullable) says which, else its name. */
export function keyOfDeclared(type: string | null, name: string, info: (kind: KeyInfo['kind']) => KeyInfo): KeyAnalysis {
  const hint = `${type ?? ''} ${name}`;
  if (/PublicKey|Certificate/.test(type ?? '') || (!type && PUBLIC_HINT.test(hint))) return { info: info('public-key'), materials: [], hmac: false };
  if (/PrivateKey|KeyPair/.test(type ?? '') || (!type && PRIVATE_HINT.test(hint))) return { info: info('private-key'), materials: [], hmac: false };
  if (/^(?:SecretKey|SecretKeySpec)\??$/.test(type ?? '')) return { info: info('hmac-secret'), materials: [], hmac: true };
  return { info: info('unknown'), materials: [], hmac: false };
}

/**
 * What a resolved key value is, whatever language resolved it (Java and Kotlin): a literal
 * (with its material), an env read (with its fallback), a parameter or a number; null for an
 * expression the caller reads in its own syntax. `loc` is the key argument's location.
 */
export function keyOfValue(v: JValue, file: string, loc: SourceLocation, opts: KeyOptions): KeyAnalysis | null {
  const info = (kind: KeyInfo['kind'], extra: Partial<KeyInfo> = {}): KeyInfo => ({ kind, envNames: [], envReads: [], loc, fromParameter: false, ...extra });
  const asym = (): KeyAnalysis => ({ info: info(opts.signs ? 'private-key' : 'public-key'), materials: [], hmac: false });
  const direct = (l: SourceLocation) => l.file === file && l.line >= loc.line && l.line <= loc.endLine;
  const material = (value: string, l: SourceLocation, route: SecretMaterial['route'], byteLength: number, envName?: string): SecretMaterial => ({
    text: value,
    byteLength,
    form: PRIVATE_PEM.test(value) ? 'pem-private' : 'string',
    loc: l,
    route,
    ...(envName !== undefined && { envName }),
  });
  const bytesOf = (value: string, decoded?: number, bytes?: boolean) => decoded ?? (opts.stringIsBase64 && !bytes ? base64Length(value) : Buffer.byteLength(value, 'utf8'));
  switch (v.kind) {
    case 'string': {
      if (/-----BEGIN (?:RSA )?PUBLIC KEY-----|-----BEGIN CERTIFICATE-----/.test(v.value)) return { info: info('public-key'), materials: [], hmac: false };
      const envNames = v.envNames ?? [];
      // A Spring property is obtained where `@Value` injects it (RULES.md: the line where a unit reads the key).
      const envReads = envNames.map((name) => ({ name, loc: v.readAt ?? loc }));
      const m = material(v.value, v.loc, v.setting ? 'constant' : direct(v.loc) ? 'direct' : 'constant', bytesOf(v.value, v.decoded, v.bytes));
      if (m.form === 'pem-private') return { info: info('private-key', { material: m }), materials: [m], hmac: false };
      if (opts.asymmetric) return asym();
      if (v.value === '') return { info: info('none'), materials: [], hmac: true };
      return { info: info('hmac-secret', { material: m, envNames, envReads }), materials: [m], hmac: true };
    }
    case 'env': {
      const kind: KeyInfo['kind'] = opts.asymmetric ? (opts.signs ? 'private-key' : 'public-key') : /PUBLIC|PUB_?KEY/i.test(v.name) ? 'public-key' : /PRIVATE/i.test(v.name) ? 'private-key' : 'hmac-secret';
      const materials = v.fallback && v.fallback.value !== '' && kind === 'hmac-secret' ? [material(v.fallback.value, v.fallback.loc, 'env-fallback', bytesOf(v.fallback.value), v.name)] : [];
      return { info: info(kind, { envNames: [v.name], envReads: [{ name: v.name, loc: v.readAt ?? (v.loc.file === file ? v.loc : loc) }], ...(materials[0] && { material: materials[0] }) }), materials, hmac: kind === 'hmac-secret' };
    }
    case 'parameter':
      return { info: info(opts.asymmetric ? (opts.signs ? 'private-key' : 'public-key') : 'unknown', { fromParameter: true }), materials: [], hmac: false };
    case 'number':
      return { info: info('unknown'), materials: [], hmac: false };
    default:
      return null;
  }
}

/** Bytes made into an HMAC key (`Keys.hmacShaKeyFor`, `SecretKeySpec`): an HMAC secret whatever the bytes' origin. */
export function hmacOf(inner: KeyAnalysis): KeyAnalysis {
  if (inner.info.kind === 'hmac-secret' || inner.info.kind === 'none') return inner;
  return { info: { ...inner.info, kind: 'hmac-secret' }, materials: inner.materials, hmac: true };
}

/** The declared type of a variable or field an expression names. */
function declaredType(node: Node, r: JavaResolver): string | null {
  const name = node.type === 'identifier' ? node.text : node.type === 'field_access' ? node.childForFieldName('field')?.text : null;
  if (!name) return null;
  const f = r.fields.get(name);
  if (f) return f.decl.childForFieldName('type')?.text ?? null;
  const scope = r.scopeOf(node);
  for (const p of scope?.childForFieldName('parameters')?.namedChildren ?? []) if (p?.childForFieldName('name')?.text === name) return p.childForFieldName('type')?.text ?? null;
  return null;
}

// ---- lifetimes ------------------------------------------------------------------------

export const NOW_CALL = /^(?:Instant|LocalDateTime|ZonedDateTime|OffsetDateTime|LocalDate)\.now$/;

export const PLUS_UNITS: Record<string, number> = { plusMillis: 0.001, plusSeconds: 1, plusMinutes: 60, plusHours: 3600, plusDays: 86400, plusWeeks: 604800, plusMonths: 2592000, plusYears: 31536000 };

/** What reading a `Date`/`Instant` expiry asks of a tree: Java's below, Kotlin's in src/lang/kotlin/common.ts. */
export interface TimeSyntax {
  loc(node: Node): SourceLocation;
  resolve(node: Node): JValue;
  unwrap(node: Node): Node;
  dotted(node: Node): string | null;
  isNull(node: Node): boolean;
  /** A name or member access the resolver may follow. */
  isReference(node: Node): boolean;
  /** The arguments of `new Date(…)` (Kotlin `Date(…)`), or null. */
  dateArgs(node: Node): Node[] | null;
  /** `obj.name(args)` of a method call (recv: the receiver's dotted text), or null. */
  call(node: Node): { recv: string | null; name: string; obj: Node | null; args: Node[] } | null;
  /** A property read that stands for a Java getter (Kotlin `now.time` is `getTime`), or null. */
  getter(node: Node): { object: Node; name: string } | null;
  /** The operands of `a + b`, or null. */
  sum(node: Node): { left: Node; right: Node } | null;
}

/** `Instant.now()`, `LocalDateTime.now()`, `new Date()`, and variables holding them. */
function isNow(node: Node, s: TimeSyntax, depth = 0): boolean {
  const n = s.unwrap(node);
  if (depth > 5) return false;
  const date = s.dateArgs(n);
  if (date) return date.length === 0;
  const c = s.call(n);
  if (c) {
    if (NOW_CALL.test(`${c.recv}.${c.name}`)) return true;
    if (c.obj && /^(?:toInstant|atZone|atOffset|truncatedTo|withNano|toLocalDateTime)$/.test(c.name)) return isNow(c.obj, s, depth + 1);
    return false;
  }
  if (n.type === 'identifier') {
    const v = s.resolve(n);
    return v.kind === 'expr' && v.node.id !== n.id && isNow(v.node, s, depth + 1);
  }
  return false;
}

/** `System.currentTimeMillis()`, `now.getTime()` (Kotlin `now.time`), `Instant.now().toEpochMilli()`, and variables holding them. */
function isNowMillis(node: Node, s: TimeSyntax, depth = 0): boolean {
  const n = s.unwrap(node);
  if (depth > 5) return false;
  const c = s.call(n);
  if (c) {
    if (c.recv === 'System' && c.name === 'currentTimeMillis') return true;
    if (c.obj && (c.name === 'getTime' || c.name === 'toEpochMilli')) return isNow(c.obj, s, depth + 1);
    return false;
  }
  const g = s.getter(n);
  if (g?.name === 'getTime') return isNow(g.object, s, depth + 1);
  if (n.type === 'identifier') {
    const v = s.resolve(n);
    return v.kind === 'expr' && v.node.id !== n.id && isNowMillis(v.node, s, depth + 1);
  }
  return false;
}

/** The lifetime an expiry value (`Date`, `Instant`, epoch millis) sets, measured from now, in either JVM language. */
export function jvmLifetimeOf(node: Node, s: TimeSyntax, at: Node, depth = 0): Lifetime {
  const n = s.unwrap(node);
  const present = (envName?: string): Lifetime => ({ kind: 'present', loc: s.loc(at), ...(envName && { envName }) });
  const seconds = (sec: number, v: JValue & { loc: SourceLocation }): Lifetime => ({ kind: 'seconds', seconds: sec, loc: v.loc });
  const amount = (arg: Node, unit: number): Lifetime => {
    const v = s.resolve(arg);
    if (v.kind === 'number') return seconds(v.seconds ? v.value : v.value * unit, v);
    return present(v.kind === 'env' ? v.name : undefined);
  };
  if (depth > 8) return present();
  if (s.isNull(n)) return { kind: 'absent' };
  const g = s.getter(n);
  if (g && (g.name === 'getTime' || g.name === 'getEpochSecond')) return jvmLifetimeOf(g.object, s, at, depth + 1);
  if (s.isReference(n)) {
    const v = s.resolve(n);
    if (v.kind === 'expr' && v.node.id !== n.id) return jvmLifetimeOf(v.node, s, at, depth + 1);
    return present(v.kind === 'env' ? v.name : undefined);
  }
  const date = s.dateArgs(n);
  if (date) {
    if (!date[0]) return { kind: 'seconds', seconds: 0, loc: s.loc(n) };
    const sum = s.sum(s.unwrap(date[0]));
    if (sum) {
      if (isNowMillis(sum.left, s)) return amount(sum.right, 0.001);
      if (isNowMillis(sum.right, s)) return amount(sum.left, 0.001);
    }
    return present();
  }
  const c = s.call(n);
  if (c) {
    const { recv, name, obj, args: a } = c;
    if (recv === 'Date' && name === 'from' && a[0]) return jvmLifetimeOf(a[0], s, at, depth + 1);
    if (obj && /^(?:toInstant|atZone|atOffset|toDate|getTime|toEpochMilli|getEpochSecond)$/.test(name)) return jvmLifetimeOf(obj, s, at, depth + 1);
    if (obj && PLUS_UNITS[name] !== undefined && a[0] && isNow(obj, s)) return amount(a[0], PLUS_UNITS[name]!);
    if (obj && name === 'plus' && isNow(obj, s)) {
      // `plus(n, ChronoUnit.HOURS)` or `plus(Duration.ofHours(n))`.
      if (a.length === 2) {
        const unit = /ChronoUnit\.(\w+)$/.exec(s.dotted(a[1]!) ?? '')?.[1];
        const sec = unit ? (TIME_UNITS[unit] ?? (unit === 'MILLIS' ? 0.001 : unit === 'WEEKS' ? 604800 : undefined)) : undefined;
        if (sec !== undefined) return amount(a[0]!, sec);
        return present();
      }
      if (a[0]) return amount(a[0], 1);
    }
    if (isNow(n, s)) return { kind: 'seconds', seconds: 0, loc: s.loc(n) };
  }
  return present();
}

/** Java's TimeSyntax over a JavaResolver. */
function javaTime(r: JavaResolver): TimeSyntax {
  return {
    loc: (n) => r.loc(n),
    resolve: (n) => r.resolve(n),
    unwrap,
    dotted,
    isNull: (n) => n.type === 'null_literal',
    isReference: (n) => n.type === 'identifier' || n.type === 'field_access',
    dateArgs: (n) => (n.type === 'object_creation_expression' && n.childForFieldName('type')?.text === 'Date' ? argsOf(n) : null),
    call: (n) => (n.type === 'method_invocation' ? { ...callee(n), obj: n.childForFieldName('object'), args: argsOf(n) } : null),
    getter: () => null,
    sum: (n) => (n.type === 'binary_expression' && n.childForFieldName('operator')?.text === '+' ? { left: n.childForFieldName('left')!, right: n.childForFieldName('right')! } : null),
  };
}

/** The lifetime a Java expiry expression sets (jvmLifetimeOf). */
export function lifetimeOf(node: Node, r: JavaResolver, at: Node): Lifetime {
  return jvmLifetimeOf(node, javaTime(r), at);
}

// ---- unverified decodes ---------------------------------------------------------------

export const REQUEST_SOURCE = /^(?:getHeader|getParameter|getCookies|getValue|getQueryParam|getFirst)$/;
export const NON_IDENTITY = /^(?:getExpiresAt|getIssuedAt|getNotBefore|getIssuer|getKeyId|getAlgorithm|getType|getContentType|getHeaderClaim|getToken|getHeader|getSignature|getPayload)$/;

/** Where a token value comes from, followed through the method's variables. */
function tokenSource(node: Node | undefined, r: JavaResolver): DecodeFacts['tokenSource'] {
  let n: Node | undefined = node;
  for (let i = 0; n && i < 8; i++) {
    n = unwrap(n);
    if (n.type === 'identifier') {
      const scope = r.scopeOf(n);
      // `@RequestHeader("Authorization") String auth`: the request.
      for (const p of scope?.childForFieldName('parameters')?.namedChildren ?? []) {
        if (p?.childForFieldName('name')?.text === n.text) return /@(?:RequestHeader|CookieValue|RequestParam)\b/.test(p.text) ? 'request' : 'parameter';
      }
      const v = r.resolve(n);
      if (v.kind !== 'expr' || v.node.id === n.id) return 'unknown';
      n = v.node;
    } else if (n.type === 'method_invocation') {
      const { name } = callee(n);
      if (REQUEST_SOURCE.test(name)) return 'request';
      if (name === 'sign') return 'issued';
      const obj = n.childForFieldName('object');
      n = /^(?:substring|replace|trim|strip|replaceFirst|split)$/.test(name) ? (obj ?? undefined) : undefined;
    } else if (n.type === 'array_access') n = n.childForFieldName('array') ?? undefined;
    else return 'unknown';
  }
  return 'unknown';
}

/** The DecodeFacts of a decode call whose result is used (java-jwt `JWT.decode(token)`), as the Go and Python front ends read them. */
export function decodeFacts(call: Node, token: Node | undefined, r: JavaResolver, isTest: boolean, verifyNames: RegExp): DecodeFacts {
  const scope = r.scopeOf(call) ?? r.root;
  const decl = call.parent?.type === 'variable_declarator' ? call.parent.childForFieldName('name')?.text : undefined;
  const uses: Node[] = [];
  if (decl) for (const id of scope.descendantsOfType('identifier')) if (id && id.startIndex > call.endIndex && id.text === decl) uses.push(id);
  // Direct chained use: `JWT.decode(t).getSubject()`.
  const chained = call.parent?.type === 'method_invocation' && call.parent.childForFieldName('object')?.id === call.id ? call.parent : null;
  const readOf = (u: Node): string | null => (u.parent?.type === 'method_invocation' && u.parent.childForFieldName('object')?.id === u.id ? (u.parent.childForFieldName('name')?.text ?? null) : null);
  const reads = chained ? [chained.childForFieldName('name')?.text ?? null] : uses.map(readOf);
  const headerOnly = reads.length > 0 && reads.every((x) => x !== null && /^(?:getKeyId|getAlgorithm|getHeader|getHeaderClaim|getType)$/.test(x));
  const tokenText = token?.text;
  let verifiedInScope = false;
  for (const m of scope.descendantsOfType('method_invocation')) {
    if (!m || m.id === call.id || !verifyNames.test(m.childForFieldName('name')?.text ?? '')) continue;
    const arg = argsOf(m)[0];
    if (arg && (arg.text === tokenText || (decl !== undefined && arg.text === decl))) verifiedInScope = true;
  }
  // In `catch (TokenExpiredException e)` the try's verify has already checked the signature (java-jwt and jjwt check it before the claims).
  for (let p = call.parent; p && p.id !== scope.id; p = p.parent) {
    if (p.type === 'catch_clause' && /\b(?:TokenExpiredException|ExpiredJwtException)\b/.test(p.namedChildren.find((c) => c?.type === 'catch_formal_parameter')?.text ?? '')) verifiedInScope = true;
  }
  const decode: DecodeFacts = { headerOnly, verifiedInScope, manual: false, tokenSource: tokenSource(token, r) };
  if (headerOnly || verifiedInScope) return decode;
  if (isTest && [...uses, ...(chained ? [chained] : [])].some((u) => inAssertion(u, scope))) {
    decode.inTestAssertion = true;
    return decode;
  }
  if (reads.length > 0 && reads.every((x) => x !== null && NON_IDENTITY.test(x))) decode.nonIdentityClaims = [...new Set(reads as string[])].map(claimName).sort();
  else decode.claimsDecide = [...uses, ...(chained ? [chained] : [])].some((u) => decides(u, scope));
  return decode;
}

export function claimName(getter: string): string {
  return ({ getExpiresAt: 'exp', getIssuedAt: 'iat', getNotBefore: 'nbf', getIssuer: 'iss', getKeyId: 'kid', getAlgorithm: 'alg' } as Record<string, string>)[getter] ?? getter;
}

function inAssertion(use: Node, scope: Node): boolean {
  for (let n = use.parent; n && n.id !== scope.id; n = n.parent) if (n.type === 'method_invocation' && /^assert|^(?:assertThat|verify|expect)$/.test(n.childForFieldName('name')?.text ?? '')) return true;
  return false;
}

/** A use that decides something: a condition, a comparison, a return, a value handed to the security context. */
function decides(use: Node, scope: Node): boolean {
  for (let n = use.parent; n && n.id !== scope.id; n = n.parent) {
    if (/^(?:if_statement|binary_expression|switch_expression|ternary_expression|return_statement|switch_block)$/.test(n.type)) return true;
    if (n.type === 'method_invocation' && /^(?:equals|setAuthentication|loadUserByUsername|findBy\w*|contains|setAttribute)$/.test(n.childForFieldName('name')?.text ?? '')) return true;
    if (n.type === 'object_creation_expression' && /AuthenticationToken|User$/.test(n.childForFieldName('type')?.text ?? '')) return true;
    if (n.type === 'block') return false;
  }
  return false;
}

// The Java adapters' shared readings (src/lang/java/common.ts) on the Kotlin tree: fluent call
// chains (continued through a `val`/property holding the builder), the key behind an expression
// (the language-neutral part is Java's keyOfValue), the lifetime an expiry expression sets, and
// the facts of an unverified decode. Kotlin reads Java getters as properties (`now.time`,
// `decoded.subject`), so a property read counts as its getter (syntax.ts memberUse).
import type { Node } from 'web-tree-sitter';
import type { KeyAnalysis } from '../../facts/collector.js';
import type { DecodeFacts, KeyInfo, Lifetime } from '../../facts/model.js';
import { claimName, hmacOf, jvmLifetimeOf, keyOfCall, keyOfDeclared, keyOfValue, NON_IDENTITY, REQUEST_SOURCE, type TimeSyntax } from '../java/common.js';
import type { JValue } from '../java/resolve-java.js';
import type { Chain, ChainCall, KeyOptions } from '../java/jvm.js';
import type { KotlinResolver } from './resolve-kotlin.js';
import { argsOf, callee, dotted, memberUse, navigation, propertyName, unwrap } from './syntax.js';


/** Where a value is stored: a property (local or class-level) or an assignment target. */
export function holderOf(node: Node, r: KotlinResolver): { name: string; field: boolean } | null {
  const p = node.parent;
  if (p?.type === 'property_declaration') {
    const name = propertyName(p);
    return name ? { name, field: r.scopeOf(p) === null } : null;
  }
  if (p?.type === 'assignment' && p.childForFieldName('right')?.id === node.id) {
    const left = p.childForFieldName('left')!;
    const nav = navigation(left);
    if (left.type === 'identifier') return { name: left.text, field: !r.local(left) && r.fields.has(left.text) };
    if (nav?.object.type === 'this_expression') return { name: nav.name, field: true };
  }
  return null;
}

/** Statement positions: a value there is discarded, not passed on. */
const STATEMENT_PARENTS = new Set(['block', 'statements', 'source_file', 'class_body', 'anonymous_initializer', 'control_structure_body']);

/** The calls chained on `start`, following a local or property the (partial) chain is stored in. */
export function chainOf(start: Node, r: KotlinResolver, depth = 0): Chain {
  const calls: ChainCall[] = [];
  let cur = start;
  let escapes = false;
  for (;;) {
    const use = memberUse(cur);
    if (use && use.node.type === 'call_expression') {
      calls.push({ name: use.name, args: use.args, node: use.node });
      cur = use.node;
      continue;
    }
    // `builder.apply { … }` / `.also { … }` are not followed: the chain escapes there.
    break;
  }
  const p = cur.parent;
  const holder = holderOf(cur, r);
  if (!holder && p && !STATEMENT_PARENTS.has(p.type) && !(p.type === 'lambda_literal' && p.lastNamedChild?.id !== cur.id)) escapes = true;
  if (holder && depth < 3) {
    const area = holder.field ? r.root : (r.scopeOf(cur) ?? r.root);
    let used = false;
    for (const id of area.descendantsOfType(['identifier', 'this_expression'])) {
      if (!id || (id.startIndex < cur.endIndex && !holder.field)) continue;
      // `b.x()` or `this.b.x()`.
      let obj: Node | null = null;
      if (id.type === 'identifier' && id.text === holder.name && id.parent?.type !== 'navigation_expression') continue;
      if (id.type === 'identifier' && id.text === holder.name && id.parent?.namedChildren[0]?.id === id.id) obj = id;
      else if (id.type === 'this_expression' && id.parent && navigation(id.parent)?.name === holder.name && id.parent.namedChildren[0]?.id === id.id) obj = id.parent;
      if (!obj) continue;
      const use = memberUse(obj);
      if (!use || use.node.type !== 'call_expression') continue;
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

/** What a key expression is, with any literal material behind it (Java's keyOf in Kotlin syntax). */
export function keyOf(node: Node, r: KotlinResolver, opts: KeyOptions & { at?: Node }, depth = 0): KeyAnalysis {
  const loc = r.loc(opts.at ?? node);
  const info = (kind: KeyInfo['kind']): KeyInfo => ({ kind, envNames: [], envReads: [], loc, fromParameter: false });
  const n = unwrap(node);
  if (depth > 6) return { info: info('unknown'), materials: [], hmac: false };
  if (n.type === 'call_expression') {
    const { recv, name } = callee(n);
    const a = argsOf(n);
    const bytes = (b: Node) => keyOf(b, r, { ...opts, stringIsBase64: false, at: opts.at ?? node }, depth + 1);
    // Wrappers that make an HMAC key of bytes: `SecretKeySpec(b, "HmacSHA256")` here, `Keys.hmacShaKeyFor(b)` in keyOfCall.
    if (recv === '' && name === 'SecretKeySpec' && a[0]) return hmacOf(bytes(a[0]));
    const made = keyOfCall({ recv, name, args: a }, n.text, info, bytes);
    if (made) return made;
  }
  // `keyPair.public` / `keyPair.private`.
  const nav = navigation(n);
  if (nav && /^(?:public|publicKey)$/.test(nav.name)) return { info: info('public-key'), materials: [], hmac: false };
  if (nav && /^(?:private|privateKey)$/.test(nav.name)) return { info: info('private-key'), materials: [], hmac: false };
  const v: JValue = r.resolve(n);
  const known = keyOfValue(v, r.file, loc, opts);
  if (known) return known;
  const e = v.kind === 'expr' ? v.node : n;
  if (e.id !== n.id && e.type === 'call_expression') return keyOf(e, r, { ...opts, at: opts.at ?? node }, depth + 1);
  if (opts.asymmetric) return { info: info(opts.signs ? 'private-key' : 'public-key'), materials: [], hmac: false };
  // A property or variable typed as a key: its declared type says which.
  return keyOfDeclared(declaredType(e, r), e.type === 'identifier' || e.type === 'navigation_expression' ? e.text : '', info);
}

/** The declared type of a property or parameter an expression names. */
function declaredType(node: Node, r: KotlinResolver): string | null {
  const name = node.type === 'identifier' ? node.text : navigation(node)?.object.type === 'this_expression' ? navigation(node)!.name : null;
  if (!name) return null;
  const typeIn = (decl: Node) => {
    const holder = decl.type === 'property_declaration' ? decl.namedChildren.find((c) => c?.type === 'variable_declaration') : decl;
    return holder?.namedChildren.find((c) => c && /_type$/.test(c.type))?.text ?? null;
  };
  const local = node.type === 'identifier' ? r.local(node) : null;
  if (local?.param) return typeIn(local.param);
  const f = r.fields.get(name);
  return f ? typeIn(f.decl) : null;
}

// ---- lifetimes ------------------------------------------------------------------------

/** Kotlin's TimeSyntax: `Date(ms)` has no `new`, and `now.time` / `now.epochSecond` read Java getters. */
function kotlinTime(r: KotlinResolver): TimeSyntax {
  return {
    loc: (n) => r.loc(n),
    resolve: (n) => r.resolve(n),
    unwrap,
    dotted,
    isNull: (n) => n.type === 'null',
    isReference: (n) => n.type === 'identifier' || n.type === 'navigation_expression',
    dateArgs: (n) => (n.type === 'call_expression' && callee(n).recv === '' && callee(n).name === 'Date' ? argsOf(n) : null),
    call(n) {
      if (n.type !== 'call_expression') return null;
      const { recv, name, object } = callee(n);
      return { recv, name, obj: object, args: argsOf(n) };
    },
    getter(n) {
      // Kotlin names a Java getter's property in lower camel case (`getTime()` is `time`).
      const nav = navigation(n);
      return nav && /^[a-z]/.test(nav.name) ? { object: nav.object, name: `get${nav.name[0]!.toUpperCase()}${nav.name.slice(1)}` } : null;
    },
    sum: (n) => (n.type === 'binary_expression' && n.children.some((c) => c?.type === '+') ? { left: n.childForFieldName('left')!, right: n.childForFieldName('right')! } : null),
  };
}

/** The lifetime a Kotlin expiry expression sets (Java's jvmLifetimeOf). */
export function lifetimeOf(node: Node, r: KotlinResolver, at: Node): Lifetime {
  return jvmLifetimeOf(node, kotlinTime(r), at);
}

// ---- unverified decodes ---------------------------------------------------------------

/** Where a token value comes from, followed through the function's variables. */
function tokenSource(node: Node | undefined, r: KotlinResolver): DecodeFacts['tokenSource'] {
  let n: Node | undefined = node;
  for (let i = 0; n && i < 8; i++) {
    n = unwrap(n);
    if (n.type === 'identifier') {
      const local = r.local(n);
      // `@RequestHeader("Authorization") auth: String`: the request.
      if (local?.param) return /@(?:RequestHeader|CookieValue|RequestParam)\b/.test(local.param.text) ? 'request' : 'parameter';
      const v = r.resolve(n);
      if (v.kind !== 'expr' || v.node.id === n.id) return 'unknown';
      n = v.node;
    } else if (n.type === 'call_expression') {
      const { name, object } = callee(n);
      if (REQUEST_SOURCE.test(name)) return 'request';
      if (name === 'sign') return 'issued';
      n = /^(?:substring|substringAfter|removePrefix|replace|trim|strip|replaceFirst|split)$/.test(name) ? (object ?? undefined) : undefined;
    } else if (n.type === 'indexing_expression') n = n.namedChildren[0] ?? undefined;
    else return 'unknown';
  }
  return 'unknown';
}

/** The DecodeFacts of a decode call whose result is used (java-jwt `JWT.decode(token)`), as the Java front end reads them. */
export function decodeFacts(call: Node, token: Node | undefined, r: KotlinResolver, isTest: boolean, verifyNames: RegExp): DecodeFacts {
  const scope = r.scopeOf(call) ?? r.root;
  const decl = call.parent?.type === 'property_declaration' ? (propertyName(call.parent) ?? undefined) : undefined;
  const uses: Node[] = [];
  if (decl) for (const id of scope.descendantsOfType('identifier')) if (id && id.startIndex > call.endIndex && id.text === decl) uses.push(id);
  // Direct chained use: `JWT.decode(t).subject`.
  const chainedUse = memberUse(call);
  const chained = chainedUse?.node ?? null;
  const reads = chainedUse ? [chainedUse.name] : uses.map((u) => memberUse(u)?.name ?? null);
  const headerOnly = reads.length > 0 && reads.every((x) => x !== null && /^(?:getKeyId|getAlgorithm|getHeader|getHeaderClaim|getType)$/.test(x));
  const tokenText = token ? unwrap(token).text : undefined;
  let verifiedInScope = false;
  for (const m of scope.descendantsOfType('call_expression')) {
    if (!m || m.id === call.id || !verifyNames.test(callee(m).name)) continue;
    const arg = argsOf(m)[0];
    const text = arg ? unwrap(arg).text : undefined;
    if (text !== undefined && (text === tokenText || (decl !== undefined && text === decl))) verifiedInScope = true;
  }
  // In `catch (e: TokenExpiredException)` the try's verify has already checked the signature.
  for (let p = call.parent; p && p.id !== scope.id; p = p.parent) {
    if (p.type !== 'catch_block') continue;
    const block = p.namedChildren.find((c) => c?.type === 'block');
    const head = block ? p.text.slice(0, block.startIndex - p.startIndex) : p.text;
    if (/\b(?:TokenExpiredException|ExpiredJwtException)\b/.test(head)) verifiedInScope = true;
  }
  const decode: DecodeFacts = { headerOnly, verifiedInScope, manual: false, tokenSource: tokenSource(token, r) };
  if (headerOnly || verifiedInScope) return decode;
  const all = [...uses, ...(chained ? [chained] : [])];
  if (isTest && all.some((u) => inAssertion(u, scope))) {
    decode.inTestAssertion = true;
    return decode;
  }
  if (reads.length > 0 && reads.every((x) => x !== null && NON_IDENTITY.test(x))) decode.nonIdentityClaims = [...new Set(reads as string[])].map(claimName).sort();
  else decode.claimsDecide = all.some((u) => decides(u, scope));
  return decode;
}

function inAssertion(use: Node, scope: Node): boolean {
  for (let n = use.parent; n && n.id !== scope.id; n = n.parent) if (n.type === 'call_expression' && /^assert|^(?:assertThat|verify|expect|shouldBe)$/.test(callee(n).name)) return true;
  return false;
}

/** A use that decides something: a condition, a comparison, a return, a value handed to the security context. */
function decides(use: Node, scope: Node): boolean {
  for (let n = use.parent; n && n.id !== scope.id; n = n.parent) {
    if (/^(?:if_expression|binary_expression|when_expression|when_subject|return_expression|function_body|equality_expression|comparison_expression)$/.test(n.type)) return true;
    if (n.type === 'call_expression' && /^(?:equals|setAuthentication|loadUserByUsername|findBy\w*|contains|setAttribute)$/.test(callee(n).name)) return true;
    if (n.type === 'call_expression' && /AuthenticationToken$|User$/.test(callee(n).name) && callee(n).recv === '') return true;
    if (n.type === 'assignment' && /\.authentication$/.test(n.childForFieldName('left')?.text ?? '')) return true;
    if (n.type === 'block') return false;
  }
  return false;
}

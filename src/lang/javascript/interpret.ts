import type * as t from '@babel/types';
import type { AlgorithmSpec, AlgorithmValue, ExpiryEnforcement, KeyInfo, KeyKind, Lifetime, Presence, SecretMaterial, SourceLocation } from '../../facts/model.js';
import { methodName, locOf, memberPath, returnedExpression, unwrap, type Lazy, type RValue, type ValueResolver } from './resolve-value.js';
import type { FileIndex } from './file-index.js';
import { computedDuration, computedExpiry } from './lifetimes.js';
import type { KeyAnalysis } from '../../facts/collector.js';

export type { KeyAnalysis };

// Turning resolved values into the call-site model: options, algorithms, lifetimes, keys.

export interface OptionLookup {
  state: Presence;
  value?: RValue;
  lazy?: Lazy;
  /** The resolver that found it: lets a lifetime follow the option's own expression. */
  resolver?: ValueResolver;
}

/** A resolved options object (or the absence of one) that answers "is X set, and to what". */
export class Options {
  constructor(
    private readonly resolver: ValueResolver,
    /** null: no options argument at all (everything absent). */
    readonly value: RValue | null,
  ) {}

  static none(resolver: ValueResolver): Options {
    return new Options(resolver, null);
  }

  get resolved(): boolean {
    return this.value === null || this.value.kind === 'object' || this.value.kind === 'union';
  }

  get(name: string): OptionLookup {
    if (this.value === null) return { state: 'absent' };
    if (this.value.kind === 'nullish') return { state: 'absent' };
    const r = this.resolver.member(this.value, name);
    if (r.found === 'yes') return { state: 'present', value: r.value, lazy: r.lazy, resolver: this.resolver };
    if (r.found === 'no') return { state: 'absent' };
    return { state: 'unknown' };
  }

  /** The first of several alternative names that is set. */
  any(...names: string[]): OptionLookup {
    let unknown = false;
    for (const name of names) {
      const r = this.get(name);
      if (r.state === 'present') return r;
      if (r.state === 'unknown') unknown = true;
    }
    return { state: unknown ? 'unknown' : 'absent' };
  }

  child(name: string): Options {
    const r = this.get(name);
    if (r.state === 'present' && r.value) return new Options(this.resolver, r.value);
    if (r.state === 'absent') return Options.none(this.resolver);
    return new Options(this.resolver, { kind: 'unknown', node: this.value!.node, index: this.value!.index });
  }
}

/** True when the option is set to a value that is not explicitly false/null/undefined. */
export function presence(lookup: OptionLookup): Presence {
  if (lookup.state !== 'present') return lookup.state;
  const v = lookup.value;
  if (v && (v.kind === 'nullish' || (v.kind === 'boolean' && !v.value))) return 'absent';
  return 'present';
}

function flattenUnion(v: RValue): RValue[] {
  return v.kind === 'union' ? v.options.flatMap(flattenUnion) : [v];
}

// An algorithm allowlist element taken from the token's own header, e.g. `[alg]` after
// `const { alg } = decodeProtectedHeader(token)`, or `header.alg`.
function looksFromHeader(v: RValue): boolean {
  const n = unwrap(v.node);
  const path = memberPath(n);
  if (path && path[path.length - 1] === 'alg') return true;
  return false;
}

export function algorithmsFrom(lookup: OptionLookup, resolver: ValueResolver, hmacByDefault: boolean): AlgorithmSpec {
  if (lookup.state === 'absent') return { kind: 'default', hmacByDefault };
  if (lookup.state === 'unknown' || !lookup.value) return { kind: 'unknown', loc: lookup.value ? locOf(lookup.value.index, lookup.value.node) : { file: '', line: 0, column: 0, endLine: 0, endColumn: 0 } };
  const top = lookup.value;
  const loc = locOf(top.index, top.node);
  if (top.kind === 'nullish') return { kind: 'default', hmacByDefault };
  const values: AlgorithmValue[] = [];
  let fromToken = false;
  let unresolved = false;
  const visit = (v: RValue) => {
    for (const option of flattenUnion(v)) {
      if (option.kind === 'string') values.push({ name: option.value, loc: locOf(option.index, option.node) });
      else if (option.kind === 'array') for (const el of option.elements) visit(resolver.resolveLazy(el));
      else if (looksFromHeader(option)) fromToken = true;
      else unresolved = true;
    }
  };
  visit(top);
  if (fromToken && values.length === 0) return { kind: 'from-token', loc };
  if (values.length === 0 || unresolved) return values.length === 0 ? { kind: 'unknown', loc } : { kind: 'explicit', values, loc };
  return { kind: 'explicit', values, loc };
}

/** One named algorithm given as a plain value (jwt-simple/hono third argument). */
export function algorithmFromValue(v: RValue | undefined, hmacByDefault: boolean): AlgorithmSpec {
  if (!v || v.kind === 'nullish') return { kind: 'default', hmacByDefault };
  const loc = locOf(v.index, v.node);
  const options = flattenUnion(v).filter((o) => o.kind === 'string') as Extract<RValue, { kind: 'string' }>[];
  if (options.length === 0) return { kind: 'unknown', loc };
  return { kind: 'explicit', values: options.map((o) => ({ name: o.value, loc: locOf(o.index, o.node) })), loc };
}

/** An `algorithm`/`alg` option: named, absent (the library default applies), or not resolvable. */
export function algorithmOption(lookup: OptionLookup, hmacByDefault: boolean, at: SourceLocation): AlgorithmSpec {
  if (lookup.state === 'present') return algorithmFromValue(lookup.value, hmacByDefault);
  if (lookup.state === 'unknown') return { kind: 'unknown', loc: at };
  return { kind: 'default', hmacByDefault };
}

const UNIT_SECONDS: Record<string, number> = {
  ms: 0.001, msec: 0.001, msecs: 0.001, millisecond: 0.001, milliseconds: 0.001,
  s: 1, sec: 1, secs: 1, second: 1, seconds: 1,
  m: 60, min: 60, mins: 60, minute: 60, minutes: 60,
  h: 3600, hr: 3600, hrs: 3600, hour: 3600, hours: 3600,
  d: 86400, day: 86400, days: 86400,
  w: 604800, week: 604800, weeks: 604800,
  y: 31557600, yr: 31557600, yrs: 31557600, year: 31557600, years: 31557600,
};

/**
 * Parses `ms`-style durations (jsonwebtoken, jose, fast-jwt): `'7d'`, `'10 hours'`, `'2h'`.
 * A bare numeric string is milliseconds in the `ms` package, seconds in jose.
 */
export function parseDuration(text: string, bareNumberUnit: 'ms' | 's'): number | null {
  const m = /^(-?\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text.trim());
  if (!m) return null;
  const amount = Number(m[1]);
  const unit = m[2]!.toLowerCase();
  if (unit === '') return bareNumberUnit === 'ms' ? amount / 1000 : amount;
  const factor = UNIT_SECONDS[unit];
  return factor === undefined ? null : amount * factor;
}

export type LifetimeUnit = 'seconds' | 'milliseconds';

/** A lifetime option value (`expiresIn`, `maxAge`, `setExpirationTime`). */
export function lifetimeFrom(lookup: OptionLookup, numberUnit: LifetimeUnit, bareStringUnit: 'ms' | 's', resolver: ValueResolver | undefined = lookup.resolver): Lifetime {
  if (lookup.state === 'absent') return { kind: 'absent' };
  if (lookup.state === 'unknown' || !lookup.value) return { kind: 'unknown' };
  // The option's own expression (not only its resolved value): names give units
  // (`process.env.JWT_EXPIRATION_DAYS || 30`) and arithmetic is followed (lifetimes.ts).
  if (lookup.lazy && resolver) {
    const computed = computedDuration(lookup.lazy.node, lookup.lazy.index, resolver, numberUnit === 'milliseconds' ? 0.001 : 1, bareStringUnit === 'ms' ? 0.001 : 1);
    if (computed) return { kind: 'seconds', seconds: computed.seconds, loc: locOf(computed.at.index, computed.at.node), ...(computed.milliseconds && { milliseconds: true as const }) };
  }
  return lifetimeOfValue(lookup.value, numberUnit, bareStringUnit, resolver);
}

export function lifetimeOfValue(value: RValue, numberUnit: LifetimeUnit, bareStringUnit: 'ms' | 's', resolver?: ValueResolver): Lifetime {
  const loc = locOf(value.index, value.node);
  for (const v of flattenUnion(value)) {
    if (v.kind === 'number') return { kind: 'seconds', seconds: numberUnit === 'milliseconds' ? v.value / 1000 : v.value, loc: locOf(v.index, v.node) };
    if (v.kind === 'string') {
      const seconds = parseDuration(v.value, bareStringUnit);
      if (seconds !== null) return { kind: 'seconds', seconds, loc: locOf(v.index, v.node) };
    }
  }
  if (value.kind === 'nullish') return { kind: 'absent' };
  // Not resolved to a literal: an expression the resolver does not compute (`TTL_DAYS + 'd'`).
  if (resolver && (value.kind === 'unknown' || value.kind === 'call')) {
    const computed = computedDuration(value.node, value.index, resolver, numberUnit === 'milliseconds' ? 0.001 : 1, bareStringUnit === 'ms' ? 0.001 : 1);
    if (computed) return { kind: 'seconds', seconds: computed.seconds, loc: locOf(computed.at.index, computed.at.node), ...(computed.milliseconds && { milliseconds: true as const }) };
  }
  if (value.kind === 'env') return { kind: 'present', loc, envName: value.name };
  return { kind: 'present', loc };
}

/**
 * The lifetime an `exp` claim expression encodes relative to now: `now + 3600`,
 * `Math.floor(Date.now() / 1000) + 60 * 15`, `moment().add(14, 'days').unix()`,
 * `Math.floor(d.getTime() / 1000)` after `d.setDate(d.getDate() + 60)` (lifetimes.ts). Its
 * location is where the duration is written. An exp that cannot be computed is `present`:
 * a lifetime is set, its length unknown. `acceptDates`: a Date counts (jose).
 */
export function lifetimeOfExpClaim(lazy: Lazy, resolver: ValueResolver, acceptDates = false): Lifetime {
  const node = unwrap(lazy.node);
  const computed = computedExpiry(node, lazy.index, resolver, acceptDates);
  if (computed) return { kind: 'seconds', seconds: computed.seconds, loc: locOf(computed.at.index, computed.at.node), ...(computed.milliseconds && { milliseconds: true as const }) };
  return { kind: 'present', loc: locOf(lazy.index, node) };
}

/**
 * Expiry enforcement from an `ignoreExpiration`-style switch and a clock tolerance option.
 * `toleranceUnit`: jsonwebtoken and jose count seconds, fast-jwt milliseconds.
 */
export function expiryEnforcement(ignore: OptionLookup, tolerance: OptionLookup, toleranceUnit: LifetimeUnit = 'seconds'): ExpiryEnforcement {
  const expiry: ExpiryEnforcement = {};
  if (ignore.state === 'present' && ignore.value?.kind === 'boolean' && ignore.value.value) expiry.ignoreExpiration = locOf(ignore.value.index, ignore.value.node);
  const span = lifetimeFrom(tolerance, toleranceUnit, toleranceUnit === 'milliseconds' ? 'ms' : 's');
  if (span.kind === 'seconds') expiry.clockTolerance = { seconds: span.seconds, loc: span.loc };
  return expiry;
}

// ---- keys ---------------------------------------------------------------------------

const PEM_PRIVATE = /-----BEGIN (?:RSA |EC |DSA |ENCRYPTED |OPENSSH )?PRIVATE KEY-----/;
const PEM_PUBLIC = /-----BEGIN (?:RSA )?PUBLIC KEY-----|-----BEGIN CERTIFICATE-----/;
const ASYMMETRIC_NAME = /public|private|pem|cert|jwks?\b|jwk|rsa|ecdsa|spki|pkcs|x509|pubkey|\.pub\b|\.crt\b|\.key\b/i;


function utf8Length(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

function decodedLength(text: string, encoding: string): number {
  const enc = encoding.toLowerCase();
  if (enc === 'base64' || enc === 'base64url') return Buffer.from(text, enc as BufferEncoding).length;
  if (enc === 'hex') return Math.floor(text.length / 2);
  return utf8Length(text);
}

function stringMaterial(v: Extract<RValue, { kind: 'string' }>, form: SecretMaterial['form'], byteLength: number): SecretMaterial {
  return {
    text: v.value,
    byteLength,
    form,
    loc: locOf(v.index, v.node),
    route: v.route === 'direct' && v.index !== undefined ? v.route : v.route,
    ...(v.envName ? { envName: v.envName } : {}),
  };
}

interface Classified {
  kind: KeyKind;
  materials: SecretMaterial[];
  envNames: string[];
  envReads: { name: string; loc: SourceLocation }[];
  fromParameter: boolean;
  /** For a public key or key set: where it comes from (`KeyInfo.origin`). */
  origin?: string;
}

/** `https://idp/jwks/` → `https://idp/jwks` (a loop, not `/\/+$/`, which backtracks on runs of slashes). */
export function withoutTrailingSlashes(url: string): string {
  let end = url.length;
  while (end > 0 && url.charCodeAt(end - 1) === 47) end--;
  return url.slice(0, end);
}

const SIGNING_KEY_LOOKUPS = new Set(['getSigningKey', 'getSigningKeys', 'getSigningKeyAsync']);

/** The calls of a file that ask for a signing key by `kid`, in source order (built once per file). */
const keyLookupCalls = new WeakMap<FileIndex, t.CallExpression[]>();

function keyLookupsOf(index: FileIndex): t.CallExpression[] {
  let calls = keyLookupCalls.get(index);
  if (!calls) {
    calls = index.calls.filter((call) => {
      const callee = unwrap(call.callee);
      return (callee.type === 'MemberExpression' || callee.type === 'OptionalMemberExpression') && SIGNING_KEY_LOOKUPS.has(methodName(callee));
    });
    calls.sort((a, b) => (a.start ?? 0) - (b.start ?? 0));
    keyLookupCalls.set(index, calls);
  }
  return calls;
}

/** How many lookups inside one function are tried: a key function asks for its key once or twice. */
const MAX_LOOKUPS_PER_FUNCTION = 4;

/** A key function that asks a JWKS client for the signing key: that key set, and its origin. */
function keySetLookedUpIn(fn: t.Function, index: FileIndex, resolver: ValueResolver): { origin?: string } | null {
  const calls = keyLookupsOf(index);
  const start = fn.start ?? -1;
  const end = fn.end ?? -1;
  // The first lookup at or after the function's start (binary search), then the next few inside it.
  let lo = 0;
  let hi = calls.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((calls[mid]!.start ?? 0) < start) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < calls.length && i < lo + MAX_LOOKUPS_PER_FUNCTION && (calls[i]!.end ?? Infinity) <= end; i++) {
    const callee = unwrap(calls[i]!.callee) as t.MemberExpression | t.OptionalMemberExpression;
    const client = resolver.resolve(callee.object, index);
    if (client.kind !== 'key' || client.producer !== 'jwks') continue;
    const origin = originOf(client.of, resolver);
    return origin ? { origin } : {};
  }
  return null;
}

/**
 * Where a key set or public key comes from, comparable across units: the variable or
 * setting that holds its URL, or the URL itself. `new URL(x)` is `x`; a jwks-rsa style
 * options object is its `jwksUri`.
 */
function originOf(v: RValue | undefined, resolver: ValueResolver, depth = 0): string | undefined {
  if (!v || depth > 4) return undefined;
  switch (v.kind) {
    case 'env':
      return v.name === '*' ? undefined : `env:${v.name}`;
    case 'config':
      return `config:${v.key}`;
    case 'string':
      return /^https?:\/\/[^\s]+$/i.test(v.value) ? `url:${withoutTrailingSlashes(v.value)}` : undefined;
    case 'object': {
      const uri = resolver.member(v, 'jwksUri');
      return uri.found === 'yes' ? originOf(uri.value, resolver, depth + 1) : undefined;
    }
    case 'call': {
      const node = v.node;
      if (node.type !== 'NewExpression' || v.callee !== 'URL') return undefined;
      const first = node.arguments[0];
      return first && first.type !== 'SpreadElement' && first.type !== 'ArgumentPlaceholder' ? originOf(resolver.resolve(first, v.index), resolver, depth + 1) : undefined;
    }
    default:
      return undefined;
  }
}

function classify(v: RValue, resolver: ValueResolver, depth = 0): Classified {
  const none: Classified = { kind: 'unknown', materials: [], envNames: [], envReads: [], fromParameter: false };
  if (depth > 8) return none;
  switch (v.kind) {
    case 'string': {
      if (v.value === '') return { ...none, kind: 'none' };
      if (PEM_PRIVATE.test(v.value)) return { ...none, kind: 'private-key', materials: [stringMaterial(v, 'pem-private', utf8Length(v.value))] };
      if (PEM_PUBLIC.test(v.value)) return { ...none, kind: 'public-key' };
      return { ...none, kind: 'hmac-secret', materials: [stringMaterial(v, 'string', utf8Length(v.value))] };
    }
    case 'nullish':
      return { ...none, kind: 'none' };
    case 'boolean':
      return v.value ? none : { ...none, kind: 'none' };
    case 'encoded': {
      const inner = v.of;
      if (inner.kind === 'string') {
        if (PEM_PRIVATE.test(inner.value)) return { ...none, kind: 'private-key', materials: [stringMaterial(inner, 'pem-private', utf8Length(inner.value))] };
        if (PEM_PUBLIC.test(inner.value)) return { ...none, kind: 'public-key' };
        if (inner.value === '') return { ...none, kind: 'none' };
        return { ...none, kind: 'hmac-secret', materials: [stringMaterial(inner, 'buffer', decodedLength(inner.value, v.encoding))] };
      }
      const c = classify(inner, resolver, depth + 1);
      return c.kind === 'unknown' ? { ...c, kind: 'hmac-secret' } : c;
    }
    case 'secret-key': {
      const c = classify(v.of, resolver, depth + 1);
      return { ...c, kind: 'hmac-secret' };
    }
    case 'env': {
      const publicKey = ASYMMETRIC_NAME.test(v.name);
      return { ...none, kind: publicKey ? 'public-key' : 'hmac-secret', envNames: [v.name], envReads: [{ name: v.name, loc: locOf(v.index, v.node) }], ...(publicKey && { origin: `env:${v.name}` }) };
    }
    case 'config':
      return {
        ...none,
        kind: ASYMMETRIC_NAME.test(v.key) ? 'public-key' : 'hmac-secret',
        envNames: v.source === 'config-service' ? [v.key] : [],
        envReads: v.source === 'config-service' ? [{ name: v.key, loc: locOf(v.index, v.node) }] : [],
      };
    case 'key': {
      if (v.producer === 'jwks') {
        const origin = originOf(v.of, resolver);
        return { ...none, kind: 'jwks', ...(origin && { origin }) };
      }
      if (v.producer === 'public') return { ...none, kind: 'public-key' };
      if (v.producer === 'file') return { ...none, kind: /priv|\.key\b/i.test(v.hint) ? 'private-key' : 'public-key' };
      if (v.producer === 'private') {
        const inner = v.of ? classify(v.of, resolver, depth + 1) : none;
        return { ...none, kind: 'private-key', materials: inner.materials.map((m) => ({ ...m, form: 'pem-private' as const })), envNames: inner.envNames, envReads: inner.envReads };
      }
      // importJWK: the JWK decides.
      return v.of ? classify(v.of, resolver, depth + 1) : none;
    }
    case 'object':
      return classifyJwk(v, resolver);
    case 'function': {
      // `secret: () => process.env.JWT_SECRET`: a function that only returns a value is that value.
      const returned = returnedExpression(v.fn);
      if (returned) {
        const c = classify(resolver.resolve(returned, v.index), resolver, depth + 1);
        if (c.kind === 'hmac-secret' || c.kind === 'private-key' || c.kind === 'public-key') return c;
      }
      // `(header, done) => client.getSigningKey(header.kid, …)`: a key set looked up by `kid`.
      const keySet = keySetLookedUpIn(v.fn, v.index, resolver);
      if (keySet) return { ...none, kind: 'jwks', ...(keySet.origin && { origin: keySet.origin }) };
      return { ...none, kind: 'key-function' };
    }
    case 'param': {
      const own: Classified = { ...none, kind: ASYMMETRIC_NAME.test(v.name) ? 'public-key' : 'unknown', fromParameter: true };
      // A library forwarding its caller's key: the key material lives at the call sites.
      const parts = resolver.callerValues(v).map((c) => classify(c, resolver, depth + 1));
      if (parts.length === 0) return own;
      const kinds = parts.map((p) => p.kind).filter((k) => k !== 'none' && k !== 'unknown');
      return {
        kind: own.kind === 'public-key' ? own.kind : (kinds[0] ?? own.kind),
        materials: parts.flatMap((p) => p.materials),
        envNames: parts.flatMap((p) => p.envNames),
        envReads: parts.flatMap((p) => p.envReads),
        fromParameter: true,
      };
    }
    case 'union': {
      const parts = v.options.map((o) => classify(o, resolver, depth + 1));
      const kinds = parts.map((p) => p.kind).filter((k) => k !== 'none' && k !== 'unknown');
      return {
        kind: kinds[0] ?? parts[0]?.kind ?? 'unknown',
        materials: parts.flatMap((p) => p.materials),
        envNames: parts.flatMap((p) => p.envNames),
        envReads: parts.flatMap((p) => p.envReads),
        fromParameter: parts.some((p) => p.fromParameter),
      };
    }
    case 'unknown':
      return { ...none, kind: v.name && ASYMMETRIC_NAME.test(v.name) ? 'public-key' : 'unknown' };
    case 'call':
      if (/jwks/i.test(v.callee)) return { ...none, kind: 'jwks' };
      if (ASYMMETRIC_NAME.test(v.callee)) return { ...none, kind: 'public-key' };
      return none;
    default:
      return none;
  }
}

function classifyJwk(v: Extract<RValue, { kind: 'object' }>, resolver: ValueResolver): Classified {
  const none: Classified = { kind: 'unknown', materials: [], envNames: [], envReads: [], fromParameter: false };
  const get = (k: string) => {
    const r = resolver.member(v, k);
    return r.found === 'yes' ? r.value : undefined;
  };
  const kty = get('kty');
  if (!kty || kty.kind !== 'string') return none;
  if (kty.value === 'oct') {
    const k = get('k');
    if (k?.kind === 'string') return { ...none, kind: 'hmac-secret', materials: [stringMaterial(k, 'jwk-oct', decodedLength(k.value, 'base64url'))] };
    return { ...none, kind: 'hmac-secret' };
  }
  const d = get('d');
  if (d?.kind === 'string') return { ...none, kind: 'private-key', materials: [stringMaterial(d, 'jwk-private', decodedLength(d.value, 'base64url'))] };
  return { ...none, kind: 'public-key' };
}

/**
 * Classifies a key argument. `stringKeysAreHmac`: the library treats a plain string or
 * unknown value as an HMAC secret (jsonwebtoken, hono, jwt-simple, @fastify/jwt).
 */
export function analyseKey(value: RValue, at: t.Node, index: FileIndex, resolver: ValueResolver, stringKeysAreHmac = true): KeyAnalysis {
  const c = classify(value, resolver);
  const hmac = c.kind === 'hmac-secret' || (c.kind === 'unknown' && stringKeysAreHmac);
  const info: KeyInfo = {
    kind: c.kind,
    envNames: [...new Set(c.envNames)],
    envReads: c.envReads,
    loc: locOf(index, at),
    fromParameter: c.fromParameter,
    ...(c.materials[0] ? { material: c.materials[0] } : {}),
    ...(c.origin && (c.kind === 'jwks' || c.kind === 'public-key') ? { origin: c.origin } : {}),
  };
  return { info, materials: c.materials, hmac };
}

import type * as t from '@babel/types';
import { algorithmOption, algorithmsFrom, expiryEnforcement, lifetimeFrom, presence, type KeyAnalysis, type OptionLookup, type Options } from '../interpret.js';
import type { AlgorithmSpec, Lifetime } from '../../../facts/model.js';
import { enclosingFunction, nodeText, type FileIndex } from '../file-index.js';
import { unwrap } from '../resolve-value.js';
import { isModule, type Adapter, type AdapterContext } from './adapter.js';

const MODULES = ['fast-jwt'];

// fast-jwt (nearform, v1–v6.3; read against v6.3.2's src/signer.js, verifier.js, decoder.js).
// Every API is a factory, configured once and called many times, so the findings go on the
// factory call (as for expressjwt/JwtModule.register):
// - `createSigner({ key, algorithm, expiresIn, ... })` returns `sign(payload)`. Without
//   `algorithm` the key decides: a PEM private key its RSA/EC/Ed family, any other string or
//   buffer HS256. `algorithm: 'none'` takes no key. `expiresIn`/`notBefore` are milliseconds
//   when numbers, `@lukeed/ms` strings otherwise (a bare numeric string is milliseconds too);
//   without `expiresIn` the payload's own `exp` is kept, so a signer whose visible `sign()`
//   calls all pass an `exp` has a lifetime (judged at those calls), and one with no visible
//   call has none (as @nestjs/jwt and @fastify/jwt configurations).
// - `createVerifier({ key, algorithms, allowedAud, allowedIss, ignoreExpiration,
//   clockTolerance, ... })` returns `verify(token)`. Without `algorithms` the allowlist is the
//   key's family (HS* for a secret, detected from the returned key for a key function): not
//   pinned (RULES.md, unpinned-algorithm). `algorithms` that is not an array is ignored by the
//   library (`if (!Array.isArray(...)) allowedAlgorithms = []`). `aud`/`iss` are checked only
//   through `allowedAud`/`allowedIss`; `clockTolerance` is milliseconds. An empty or null key
//   verified nothing before 6.3.1 (GHSA-8wpc-h4q6-8fxv) and throws since: `emptyKey`, unless
//   `none` is the only algorithm (then `alg-none` on that value says it).
// - `createDecoder(options)` returns `decode(token)`, which verifies nothing: the decode site
//   is that returned function's call, where the token is.
export const fastJwt: Adapter = {
  library: 'fast-jwt',
  modules: MODULES,
  visitCall(call, ctx) {
    const name = factoryName(call, ctx);
    if (name === 'createSigner') signer(call, ctx);
    else if (name === 'createVerifier') verifier(call, ctx);
    else if (name !== 'createDecoder') {
      const factory = factoryOf(call, ctx, 'createDecoder');
      if (factory) decode(call, factory, ctx);
    }
  },
};

type Factory = 'createSigner' | 'createVerifier' | 'createDecoder';

/** `createSigner(...)`, `fastJwt.createSigner(...)`, `require('fast-jwt').createSigner(...)`. */
function factoryName(call: t.CallExpression, ctx: AdapterContext): Factory | null {
  const sym = ctx.symbolOf(call.callee);
  if (!isModule(sym, MODULES)) return null;
  const path = sym.path[0] === 'default' ? sym.path.slice(1) : sym.path;
  if (path.length !== 1) return null;
  const name = path[0];
  return name === 'createSigner' || name === 'createVerifier' || name === 'createDecoder' ? name : null;
}

/**
 * The factory call whose returned function `call` invokes: `sign(p)` after
 * `const sign = createSigner({...})`, or `createDecoder()(token)`. Same file only: the
 * adapter sees the files that import fast-jwt.
 */
function factoryOf(call: t.CallExpression, ctx: AdapterContext, want: Factory): t.CallExpression | null {
  const callee = unwrap(call.callee);
  if (callee.type === 'CallExpression') return factoryName(callee, ctx) === want ? callee : null;
  if (callee.type !== 'Identifier' && callee.type !== 'MemberExpression' && callee.type !== 'OptionalMemberExpression') return null;
  if (!factoryCalls(ctx).has(want)) return null;
  const value = ctx.value(callee);
  if (!value || value.kind !== 'call' || value.index !== ctx.index || value.node.type !== 'CallExpression') return null;
  return factoryName(value.node, ctx) === want ? value.node : null;
}

/** Which factories a file calls (once per file): most calls of a file are not fast-jwt's. */
const factoriesByFile = new WeakMap<FileIndex, Set<Factory>>();
function factoryCalls(ctx: AdapterContext): Set<Factory> {
  let found = factoriesByFile.get(ctx.index);
  if (!found) {
    found = new Set();
    for (const c of ctx.index.calls) {
      const name = factoryName(c, ctx);
      if (name) found.add(name);
    }
    factoriesByFile.set(ctx.index, found);
  }
  return found;
}

/** The calls of the functions the signer and verifier factories returned, in this file (once per file). */
const usesByFile = new WeakMap<FileIndex, Map<t.CallExpression, t.CallExpression[]>>();
function usesOf(factory: t.CallExpression, ctx: AdapterContext): t.CallExpression[] {
  let uses = usesByFile.get(ctx.index);
  if (!uses) {
    uses = new Map();
    for (const c of ctx.index.calls) {
      const f = factoryOf(c, ctx, 'createSigner') ?? factoryOf(c, ctx, 'createVerifier');
      if (!f) continue;
      const list = uses.get(f);
      if (list) list.push(c);
      else uses.set(f, [c]);
    }
    usesByFile.set(ctx.index, uses);
  }
  return uses.get(factory) ?? [];
}

/** The `key` option. `{ key, passphrase }` is an encrypted private key (the library requires `algorithm` with it). */
function keyOption(opts: Options, call: t.CallExpression, ctx: AdapterContext): KeyAnalysis | null {
  const lookup = opts.get('key');
  if (lookup.state !== 'present' || !lookup.value) return null;
  const value = lookup.value;
  if (value.kind === 'object' && ctx.optionsOf(value).get('passphrase').state === 'present') {
    const inner = ctx.optionsOf(value).get('key');
    const key = inner.state === 'present' && inner.value ? ctx.keyOf(inner.value, inner.lazy?.node ?? call) : null;
    if (key) return { ...key, info: { ...key.info, kind: 'private-key' }, hmac: false };
  }
  return ctx.keyOf(value, lookup.lazy?.node ?? call);
}

function signer(call: t.CallExpression, ctx: AdapterContext) {
  const opts = ctx.options(ctx.arg(call, 0));
  if (!opts.resolved) return;
  const key = keyOption(opts, call, ctx);
  // The key decides the algorithm when none is named: HS256 for a secret; a key function's
  // key is only known at run time.
  const hmac = !!key && key.hmac && key.info.kind !== 'none' && key.info.kind !== 'key-function';
  ctx.emit(
    {
      library: 'fast-jwt',
      api: 'createSigner',
      operation: 'sign',
      signs: true,
      verifies: false,
      loc: ctx.loc(call),
      key: key?.info ?? null,
      signAlgorithm: algorithmOption(opts.get('algorithm'), hmac, ctx.loc(call)),
      lifetime: signerLifetime(call, opts, ctx),
    },
    key,
  );
}

/**
 * `expiresIn` (milliseconds, or an `ms` string), else the `exp` of the payloads the signer
 * is called with here: one call without `exp` is a token without expiry.
 */
function signerLifetime(call: t.CallExpression, opts: Options, ctx: AdapterContext): Lifetime {
  const own = lifetimeFrom(opts.get('expiresIn'), 'milliseconds', 'ms');
  if (own.kind !== 'absent') return own;
  const uses = usesOf(call, ctx);
  if (uses.length === 0) return own;
  const lifetimes = uses.map((use) => ctx.payloadLifetime(ctx.arg(use, 0)));
  if (lifetimes.some((l) => l.kind === 'absent')) return { kind: 'absent' };
  if (lifetimes.some((l) => l.kind === 'unknown')) return { kind: 'unknown' };
  // The longest is the site's; the others are judged where they are written.
  const measured = lifetimes.filter((l): l is Extract<Lifetime, { kind: 'seconds' }> => l.kind === 'seconds').sort((a, b) => b.seconds - a.seconds);
  for (const other of measured.slice(1)) ctx.emitLifetime(other);
  return measured[0] ?? lifetimes[0]!;
}

/** fast-jwt ignores an `algorithms` that is not an array (a lone `'RS256'` string pins nothing). */
function allowlist(lookup: OptionLookup): OptionLookup {
  const kind = lookup.state === 'present' ? lookup.value?.kind : undefined;
  return kind === 'string' || kind === 'object' || kind === 'number' || kind === 'boolean' ? { state: 'absent' } : lookup;
}

function onlyNone(spec: AlgorithmSpec): boolean {
  return spec.kind === 'explicit' && spec.values.length > 0 && spec.values.every((v) => v.name.toLowerCase() === 'none');
}

function verifier(call: t.CallExpression, ctx: AdapterContext) {
  const opts = ctx.options(ctx.arg(call, 0));
  if (!opts.resolved) return;
  const key = keyOption(opts, call, ctx);
  const empty = key?.info.kind === 'none';
  const hmac = !!key && !empty && key.hmac && key.info.kind !== 'key-function';
  const verifyAlgorithms = algorithmsFrom(allowlist(opts.get('algorithms')), ctx.resolver, hmac);
  ctx.emit(
    {
      library: 'fast-jwt',
      api: 'createVerifier',
      operation: 'verify',
      signs: false,
      verifies: true,
      loc: ctx.loc(call),
      key: key?.info ?? null,
      verifyAlgorithms,
      audience: presence(opts.get('allowedAud')),
      issuer: presence(opts.get('allowedIss')),
      expiry: expiryEnforcement(opts.get('ignoreExpiration'), opts.get('clockTolerance'), 'milliseconds'),
      emptyKey: empty && !onlyNone(verifyAlgorithms),
    },
    key,
  );
}

function decode(call: t.CallExpression, factory: t.CallExpression, ctx: AdapterContext) {
  const complete = ctx.options(ctx.arg(factory, 0)).get('complete');
  const returnsComplete = complete.state === 'present' && complete.value?.kind === 'boolean' && complete.value.value;
  const token = ctx.arg(call, 0);
  let facts = ctx.decodeFacts(call, token, { returnsComplete });
  if (token && !facts.verifiedInScope && !facts.headerOnly && verifiedHere(call, token, ctx)) facts = { ...facts, verifiedInScope: true };
  ctx.emit({
    library: 'fast-jwt',
    api: 'createDecoder',
    operation: 'decode',
    signs: false,
    verifies: false,
    loc: ctx.loc(call),
    key: null,
    decode: facts,
  });
}

/**
 * The same token goes to a fast-jwt verifier in the decode's function. The shared check
 * knows verify calls by a name with "verify" in it; fast-jwt's verifier is a function value,
 * often `verifier(token)` or `jwtVerifier(token)`, sometimes handed out by a helper
 * (`const { jwtVerifier } = makeJwtFns()`): one built by createVerifier here, or so named.
 */
function verifiedHere(call: t.CallExpression, token: t.Expression, ctx: AdapterContext): boolean {
  const fn = enclosingFunction(ctx.index, call);
  const text = textOf(token, ctx);
  return ctx.index.calls.some((c) => {
    const first = ctx.arg(c, 0);
    if (!first || c === call || textOf(first, ctx) !== text || enclosingFunction(ctx.index, c) !== fn) return false;
    const callee = unwrap(c.callee);
    const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' && !callee.computed && callee.property.type === 'Identifier' ? callee.property.name : '';
    return VERIFIER_NAME.test(name) || factoryOf(c, ctx, 'createVerifier') !== null;
  });
}

const VERIFIER_NAME = /verifier$/i;

function textOf(node: t.Node, ctx: AdapterContext): string {
  return nodeText(ctx.index, unwrap(node)).replace(/\s+/g, '');
}

import type * as t from '@babel/types';
import { algorithmFromValue, algorithmsFrom, expiryEnforcement, lifetimeOfExpClaim, lifetimeOfValue, presence } from '../interpret.js';
import type { AlgorithmSpec, ClaimValues, Lifetime } from '../../../facts/model.js';
import { unwrap } from '../resolve-value.js';
import { isModule, type Adapter, type AdapterContext } from './adapter.js';
import { claimValuesOf, payloadClaim } from '../sign-claims.js';

const MODULES = ['jose', 'jose/jwt/unsecured', 'jose/jwt/verify', 'jose/jwt/sign', 'jose/jwt/decode', 'jose/decode/protected_header'];

// jose (v4+): keys must be Uint8Array/KeyObject/CryptoKey/JWK; jwtVerify accepts every
// algorithm the key allows unless `algorithms` is given; `SignJWT` has no default lifetime.
export const jose: Adapter = {
  library: 'jose',
  modules: MODULES,
  visitCall(call, ctx) {
    const sym = ctx.symbolOf(call.callee);
    if (!isModule(sym, MODULES)) return;
    const name = sym.path.join('.');
    if (name === 'jwtVerify') verify(call, ctx);
    else if (name === 'decodeJwt') decode(call, ctx, false);
    else if (name === 'decodeProtectedHeader') decode(call, ctx, true);
    else if (name === 'UnsecuredJWT.decode') {
      ctx.emit({
        library: 'jose',
        api: 'UnsecuredJWT.decode',
        operation: 'verify',
        signs: false,
        verifies: true,
        loc: ctx.loc(call),
        key: null,
        unsecured: true,
        audience: presence(ctx.options(ctx.arg(call, 1)).get('audience')),
        issuer: presence(ctx.options(ctx.arg(call, 1)).get('issuer')),
      });
    }
  },
  visitNew(expr, ctx) {
    const sym = ctx.symbolOf(expr.callee);
    if (!isModule(sym, MODULES)) return;
    const name = sym.path.join('.');
    if (name === 'SignJWT' || name === 'UnsecuredJWT') builder(expr, ctx, name === 'UnsecuredJWT');
  },
};

function verify(call: t.CallExpression, ctx: AdapterContext) {
  const key = ctx.key(ctx.arg(call, 1));
  const opts = ctx.options(ctx.arg(call, 2));
  ctx.emit(
    {
      library: 'jose',
      api: 'jwtVerify',
      operation: 'verify',
      signs: false,
      verifies: true,
      loc: ctx.loc(call),
      key: key?.info ?? null,
      verifyAlgorithms: algorithmsFrom(opts.get('algorithms'), ctx.resolver, key?.hmac ?? true),
      audience: presence(opts.get('audience')),
      issuer: presence(opts.get('issuer')),
      expiry: expiryEnforcement({ state: 'absent' }, opts.get('clockTolerance')),
    },
    key,
  );
}

function decode(call: t.CallExpression, ctx: AdapterContext, headerOnly: boolean) {
  const facts = ctx.decodeFacts(call, ctx.arg(call, 0), { returnsComplete: false });
  ctx.emit({
    library: 'jose',
    api: headerOnly ? 'decodeProtectedHeader' : 'decodeJwt',
    operation: 'decode',
    signs: false,
    verifies: false,
    loc: ctx.loc(call),
    key: null,
    decode: headerOnly ? { ...facts, headerOnly: true } : facts,
  });
}

// `new SignJWT(payload).setProtectedHeader({ alg }).setExpirationTime('2h').sign(key)`:
// follow the builder chain upwards from the constructor.
function builder(expr: t.NewExpression, ctx: AdapterContext, unsecured: boolean) {
  let signAlgorithm: AlgorithmSpec = { kind: 'default', hmacByDefault: false };
  let lifetime: Lifetime = ctx.payloadLifetime(ctx.arg(expr, 0));
  let keyNode: t.Expression | undefined;
  let sawHeader = false;
  const payloadNode = ctx.arg(expr, 0);
  const payload = payloadNode ? ctx.resolver.resolve(payloadNode, ctx.index) : null;
  // `setAudience`/`setIssuer` overwrite the payload's claim; a later call the last one.
  let aud: ClaimValues = payloadClaim(payload, 'aud', ctx.resolver);
  let iss: ClaimValues = payloadClaim(payload, 'iss', ctx.resolver);
  let node: t.Node = expr;
  for (;;) {
    const member = ctx.index.parentOf.get(node);
    if (!member || member.type !== 'MemberExpression' || member.object !== node) break;
    const call = ctx.index.parentOf.get(member);
    if (!call || call.type !== 'CallExpression' || call.callee !== member) break;
    const method = !member.computed && member.property.type === 'Identifier' ? member.property.name : null;
    const first = ctx.arg(call, 0);
    if (method === 'setProtectedHeader') {
      sawHeader = true;
      const alg = ctx.options(first).get('alg');
      signAlgorithm = alg.state === 'present' ? algorithmFromValue(alg.value, false) : alg.state === 'unknown' ? { kind: 'unknown', loc: ctx.loc(call) } : signAlgorithm;
    } else if (method === 'setExpirationTime' && first) {
      lifetime = expirationTime(first, ctx);
    } else if (method === 'setAudience' || method === 'setIssuer') {
      const claim: ClaimValues = first ? claimValuesOf(ctx.value(first) ?? undefined, ctx.resolver) : { kind: 'unknown' };
      if (method === 'setAudience') aud = claim;
      else iss = claim;
    } else if (method === 'sign') {
      keyNode = first;
    }
    node = call;
  }
  let parent = ctx.index.parentOf.get(node);
  while (parent && parent.type === 'AwaitExpression') parent = ctx.index.parentOf.get(parent);
  const key = keyNode ? ctx.key(keyNode, false) : null;
  if (!sawHeader && key?.hmac) signAlgorithm = { kind: 'unknown', loc: ctx.loc(expr) };
  ctx.emit(
    {
      library: 'jose',
      api: unsecured ? 'new UnsecuredJWT' : 'new SignJWT',
      operation: 'sign',
      signs: true,
      verifies: false,
      loc: ctx.loc(expr),
      key: key?.info ?? null,
      signAlgorithm,
      lifetime,
      // A builder stored and completed elsewhere may set them later: only a whole chain is read.
      signClaims: keyNode ? { aud, iss } : { aud: { kind: 'unknown' }, iss: { kind: 'unknown' } },
      ...(unsecured ? { unsecured: true } : {}),
    },
    key,
  );
}

function expirationTime(arg: t.Expression, ctx: AdapterContext): Lifetime {
  const node = unwrap(arg);
  const v = node.type === 'BinaryExpression' ? undefined : ctx.value(node);
  if (v?.kind === 'string') return lifetimeOfValue(v, 'seconds', 's');
  // A number is an absolute timestamp and a Date an instant: only one computed from now
  // (`now + N`, a Date moved by `setDate(getDate() + N)`) tells a lifetime; any other is an
  // expiry that is set, of unknown length.
  return lifetimeOfExpClaim({ node, index: ctx.index }, ctx.resolver, true);
}

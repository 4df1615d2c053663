import type * as t from '@babel/types';
import { presence } from '../interpret.js';
import type { Presence, SourceLocation } from '../../../facts/model.js';
import { calleeName, methodName, unwrap } from '../resolve-value.js';
import type { Adapter, AdapterContext } from './adapter.js';

const MODULES = ['google-auth-library', 'googleapis'];

// google-auth-library (v6–v10; googleapis re-exports its OAuth2Client as `google.auth.OAuth2`).
// - `OAuth2Client.verifyIdToken({ idToken, audience?, maxExpiry? })`: verifies against Google's
//   certificates by `kid` (RSA-SHA256, ES256 for IAP; no HMAC is possible), requires `iat` and
//   `exp` and checks `iss` against the client's `issuers` (accounts.google.com by default). The
//   audience is checked ONLY when `audience` is passed (the client id given to the constructor is
//   not used): without it an ID token Google issued to any other client is accepted
//   (`missing-audience`).
// - `verifySignedJwtWithCertsAsync(jwt, certs, audience?, issuers?, maxExpiry?)`: the same check
//   with the caller's certificates; audience and issuer only when passed.
// The receiver must be (or be unresolvable rather than contradict) `new OAuth2Client(…)`, and
// `verifyIdToken` must get an options object: firebase-admin's `verifyIdToken(string)` is not this.
export const googleAuthLibrary: Adapter = {
  library: 'google-auth-library',
  modules: MODULES,
  visitCall(call, ctx) {
    const callee = unwrap(call.callee);
    if (callee.type !== 'MemberExpression' && callee.type !== 'OptionalMemberExpression') return;
    const method = methodName(callee);
    if (method !== 'verifyIdToken' && method !== 'verifySignedJwtWithCertsAsync') return;
    if (!isOAuth2Client(callee.object, ctx)) return;
    if (method === 'verifyIdToken') verifyIdToken(call, ctx);
    else verifyWithCerts(call, ctx);
  },
};

/** `new OAuth2Client(…)`, `new google.auth.OAuth2(…)`, `new auth.OAuth2Client(…)`. */
const CLIENT_CLASS = /(^|\.)(OAuth2Client|OAuth2|UserRefreshClient|JWT|Compute|Impersonated)$/;

function isOAuth2Client(receiver: t.Node, ctx: AdapterContext): boolean {
  const v = ctx.value(receiver);
  if (!v) return true;
  if (v.kind === 'call') return v.node.type === 'NewExpression' && CLIENT_CLASS.test(calleeName(v.node.callee));
  return v.kind === 'unknown' || v.kind === 'param';
}

function emit(call: t.CallExpression, ctx: AdapterContext, api: string, audience: Presence, issuer: Presence, origin?: string) {
  const loc: SourceLocation = ctx.loc(call);
  ctx.emit({
    library: 'google-auth-library',
    api,
    operation: 'verify',
    signs: false,
    verifies: true,
    loc,
    key: { kind: 'jwks', envNames: [], envReads: [], loc, fromParameter: false, ...(origin && { origin }) },
    // Certificates only: the token's `alg` cannot pick HMAC.
    verifyAlgorithms: { kind: 'explicit', values: [{ name: 'RS256', loc }], loc },
    audience,
    issuer,
    expiry: {},
  });
}

function verifyIdToken(call: t.CallExpression, ctx: AdapterContext) {
  const first = ctx.arg(call, 0);
  const v = first ? ctx.value(first) : null;
  if (!v || v.kind !== 'object') {
    // A string token is firebase-admin's signature; an unresolved options object is not judged.
    if (first && unwrap(first).type !== 'ObjectExpression' && v?.kind !== 'unknown' && v?.kind !== 'param') return;
  }
  const opts = ctx.options(first);
  emit(call, ctx, 'OAuth2Client.verifyIdToken', opts.resolved ? presence(opts.get('audience')) : 'unknown', 'present', 'url:https://www.googleapis.com/oauth2/v1/certs');
}

function verifyWithCerts(call: t.CallExpression, ctx: AdapterContext) {
  const arg = (i: number): Presence => {
    const node = ctx.arg(call, i);
    if (!node) return 'absent';
    return presence({ state: 'present', value: ctx.value(node) ?? undefined });
  };
  emit(call, ctx, 'OAuth2Client.verifySignedJwtWithCertsAsync', arg(2), arg(3));
}

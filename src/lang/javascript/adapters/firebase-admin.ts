import type * as t from '@babel/types';
import { lifetimeFrom } from '../interpret.js';
import type { KeyInfo, Lifetime, SourceLocation } from '../../../facts/model.js';
import { calleeName, methodName, unwrap } from '../resolve-value.js';
import type { Adapter, AdapterContext } from './adapter.js';

const MODULES = ['firebase-admin', 'firebase-admin/auth'];

// firebase-admin (v9–v13; `admin.auth()`, `getAuth()` from 'firebase-admin/auth', `app.auth()`,
// `tenantManager().authForTenant(id)`). The client web SDK (`firebase`, `firebase/auth`) has none
// of these methods and is not modelled.
// - `verifyIdToken(idToken, checkRevoked?)` / `verifySessionCookie(cookie, checkRevoked?)`: the
//   library fetches Google's certificates, requires `alg: RS256` and a `kid`, and checks
//   `aud` = project id, `iss` = securetoken.google.com/<project> (session cookies:
//   session.firebase.google.com/<project>), `exp`, `iat` and `sub` itself. Nothing to configure,
//   nothing to find: recorded as a pinned verifier with audience and issuer checked.
// - `createCustomToken(uid, claims?)`: RS256 with the service account's key (or IAM signBlob),
//   `exp` fixed at one hour.
// - `createSessionCookie(idToken, { expiresIn })`: `expiresIn` in MILLISECONDS (5 minutes to 2
//   weeks, enforced by the backend; the call rejects without it); judged by `long-expiry`.
// Only files importing firebase-admin are visited. There the receiver is trusted when it is a call
// (`admin.auth()`, `getAuth(app)`, a local `getAdminAuth()`) or cannot be resolved (no other
// library has these four methods), never when it resolves to an object, a function or a `new`
// instance (`new OAuth2Client()`, a local wrapper class); an options-object argument is
// google-auth-library's `verifyIdToken({ idToken })`.
export const firebaseAdmin: Adapter = {
  library: 'firebase-admin',
  modules: MODULES,
  visitCall(call, ctx) {
    const callee = unwrap(call.callee);
    if (callee.type !== 'MemberExpression' && callee.type !== 'OptionalMemberExpression') return;
    const method = methodName(callee);
    if (!METHODS.has(method)) return;
    if (!isAuthInstance(callee.object, ctx)) return;
    // An options object is google-auth-library's `verifyIdToken({ idToken })`.
    const first = ctx.arg(call, 0);
    if (first && unwrap(first).type === 'ObjectExpression') return;
    const loc = ctx.loc(call);
    if (method === 'verifyIdToken' || method === 'verifySessionCookie') verify(call, ctx, method, loc);
    else if (method === 'createCustomToken') createCustomToken(call, ctx, loc);
    else createSessionCookie(call, ctx, loc);
  },
};

const METHODS = new Set(['verifyIdToken', 'verifySessionCookie', 'createCustomToken', 'createSessionCookie']);
/** Calls that return a firebase-admin Auth: `admin.auth()`, `getAuth(app)`, `app.auth()`, `authForTenant(id)`. */
const AUTH_FACTORY = /(^|\.)(auth|getAuth|authForTenant)$/;

function isAuthFactory(node: t.Node): boolean {
  const n = unwrap(node);
  return (n.type === 'CallExpression' || n.type === 'OptionalCallExpression') && AUTH_FACTORY.test(calleeName(n.callee));
}

function isAuthInstance(receiver: t.Node, ctx: AdapterContext): boolean {
  if (isAuthFactory(receiver)) return true;
  const v = ctx.value(receiver);
  if (!v) return true;
  // Any call but a constructor: wrappers such as `getAdminAuth()` return the Auth too.
  if (v.kind === 'call') return v.node.type !== 'NewExpression';
  // `admin.auth` passed around unresolved, `this.auth`, a parameter: nothing says otherwise.
  return v.kind === 'unknown' || v.kind === 'param' || v.kind === 'module';
}

const GOOGLE_CERTS = {
  verifyIdToken: 'url:https://www.googleapis.com/robot/v1/metadata/x509/securetoken@system.gserviceaccount.com',
  verifySessionCookie: 'url:https://www.googleapis.com/identitytoolkit/v3/relyingparty/publicKeys',
};

function googleKey(kind: KeyInfo['kind'], loc: SourceLocation, origin?: string): KeyInfo {
  return { kind, envNames: [], envReads: [], loc, fromParameter: false, ...(origin && { origin }) };
}

function rs256(loc: SourceLocation) {
  return { kind: 'explicit' as const, values: [{ name: 'RS256', loc }], loc };
}

function verify(call: t.CallExpression, ctx: AdapterContext, method: 'verifyIdToken' | 'verifySessionCookie', loc: SourceLocation) {
  ctx.emit({
    library: 'firebase-admin',
    api: `auth.${method}`,
    operation: 'verify',
    signs: false,
    verifies: true,
    loc,
    key: googleKey('jwks', loc, GOOGLE_CERTS[method]),
    verifyAlgorithms: rs256(loc),
    audience: 'present',
    issuer: 'present',
    expiry: {},
  });
}

function createCustomToken(call: t.CallExpression, ctx: AdapterContext, loc: SourceLocation) {
  ctx.emit({
    library: 'firebase-admin',
    api: 'auth.createCustomToken',
    operation: 'sign',
    signs: true,
    verifies: false,
    loc,
    key: googleKey('private-key', loc),
    signAlgorithm: rs256(loc),
    lifetime: { kind: 'seconds', seconds: 3600, loc },
  });
}

function createSessionCookie(call: t.CallExpression, ctx: AdapterContext, loc: SourceLocation) {
  const opts = ctx.options(ctx.arg(call, 1));
  let lifetime: Lifetime = lifetimeFrom(opts.get('expiresIn'), 'milliseconds', 'ms');
  // Without `expiresIn` the call rejects: no cookie is ever minted without a lifetime.
  if (lifetime.kind === 'absent') lifetime = { kind: 'unknown' };
  ctx.emit({
    library: 'firebase-admin',
    api: 'auth.createSessionCookie',
    operation: 'sign',
    signs: true,
    verifies: false,
    loc,
    // Signed by Google's backend, not with a key this service holds.
    key: null,
    signAlgorithm: rs256(loc),
    lifetime,
  });
}

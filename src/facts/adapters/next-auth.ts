import type * as t from '@babel/types';
import { lifetimeFrom } from '../interpret.js';
import type { RValue } from '../resolve-value.js';
import { isModule, type Adapter, type AdapterContext } from './adapter.js';

const MODULES = ['next-auth', 'next-auth/next', '@auth/core', '@auth/nextjs', 'next-auth/jwt'];
const OPTIONS_TYPES = /^(NextAuthOptions|AuthOptions|NextAuthConfig|AuthConfig)$/;

// next-auth / Auth.js: `secret` derives the key that encrypts the session JWT (HKDF), so it
// is key material like any HMAC secret; `session.maxAge` and `jwt.maxAge` are token
// lifetimes in seconds (default 30 days). No sign/verify call site: the library does both.
export const nextAuth: Adapter = {
  library: 'next-auth',
  modules: MODULES,
  visitCall(call, ctx) {
    const sym = ctx.symbolOf(call.callee);
    if (!isModule(sym, MODULES)) return;
    if (sym.path.length === 0 || sym.path[0] === 'default' || sym.path[0] === 'NextAuth') {
      const arg = ctx.arg(call, 0);
      // `NextAuth(authOptions)` with options declared elsewhere are judged at their declaration.
      if (arg && arg.type === 'ObjectExpression') options(ctx.value(arg), ctx);
    }
  },
  visitFile: visitTypedOptions,
};

/** Options objects declared with a next-auth options type: `const authOptions: NextAuthOptions = {...}`. */
export function visitTypedOptions(ctx: AdapterContext) {
  for (const object of ctx.index.objects) {
    const parent = ctx.index.parentOf.get(object);
    let annotation: t.Node | null | undefined = null;
    if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') annotation = parent.id.typeAnnotation;
    else if (parent?.type === 'TSSatisfiesExpression' || parent?.type === 'TSAsExpression') annotation = { type: 'TSTypeAnnotation', typeAnnotation: parent.typeAnnotation } as t.TSTypeAnnotation;
    if (!annotation || annotation.type !== 'TSTypeAnnotation') continue;
    const type = annotation.typeAnnotation;
    if (type.type !== 'TSTypeReference' || type.typeName.type !== 'Identifier' || !OPTIONS_TYPES.test(type.typeName.name)) continue;
    if (!isModule(ctx.symbolOf(type.typeName), MODULES)) continue;
    options(ctx.value(object), ctx);
  }
}

function options(value: RValue | null, ctx: AdapterContext) {
  if (!value || value.kind !== 'object') return;
  const opts = ctx.optionsOf(value);
  const secret = opts.get('secret');
  if (secret.state === 'present' && secret.value) {
    const key = ctx.keyOf(secret.value, secret.lazy?.node ?? value.node);
    if (key) ctx.emitSecret({ ...key, hmac: true }, ctx.loc(value.node));
  }
  for (const group of ['session', 'jwt']) {
    const lifetime = lifetimeFrom(opts.child(group).get('maxAge'), 'seconds', 's');
    ctx.emitLifetime(lifetime);
  }
}

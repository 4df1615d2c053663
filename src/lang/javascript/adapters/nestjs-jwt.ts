import type * as t from '@babel/types';
import { algorithmOption, algorithmsFrom, lifetimeFrom, expiryEnforcement, presence, type Options } from '../interpret.js';
import type { JwtCallSite } from '../../../facts/model.js';
import { memberPath } from '../resolve-value.js';
import { isModule, type Adapter, type AdapterContext } from './adapter.js';
import { keyCheckSwitches } from './jsonwebtoken.js';

const MODULES = ['@nestjs/jwt'];
const KEY_OPTIONS = ['secret', 'privateKey', 'secretOrPrivateKey', 'publicKey', 'secretOrKeyProvider'];

// @nestjs/jwt wraps jsonwebtoken: `JwtModule.register({ secret, signOptions, verifyOptions })`
// configures every `JwtService` call; a call that passes its own `secret` is judged itself.
export const nestjsJwt: Adapter = {
  library: '@nestjs/jwt',
  modules: MODULES,
  visitCall(call, ctx) {
    const sym = ctx.symbolOf(call.callee);
    if (isModule(sym, MODULES) && sym.path[0] === 'JwtModule') {
      if (sym.path[1] === 'register') registerModule(call, ctx.options(ctx.arg(call, 0)), ctx);
      else if (sym.path[1] === 'registerAsync') registerModule(call, factoryOptions(call, ctx), ctx);
      return;
    }
    const path = memberPath(call.callee);
    if (!path || path.length !== 3 || path[0] !== 'this') return;
    if (!jwtServiceFields(call, ctx).has(path[1]!)) return;
    serviceCall(call, path[2]!, ctx);
  },
};

/** `registerAsync({ useFactory: (config) => ({...}) })`: the object the factory returns. */
function factoryOptions(call: t.CallExpression, ctx: AdapterContext): Options {
  const asyncOptions = ctx.options(ctx.arg(call, 0));
  const factory = asyncOptions.get('useFactory');
  if (factory.state !== 'present' || !factory.value || factory.value.kind !== 'function') return ctx.optionsOf({ kind: 'unknown', node: call, index: ctx.index });
  const fn = factory.value.fn;
  let returned: t.Node | null = null;
  if (fn.body.type !== 'BlockStatement') returned = fn.body;
  else {
    const ret = fn.body.body.filter((s): s is t.ReturnStatement => s.type === 'ReturnStatement');
    if (ret.length === 1 && ret[0]!.argument) returned = ret[0]!.argument;
  }
  if (!returned) return ctx.optionsOf({ kind: 'unknown', node: call, index: ctx.index });
  return ctx.optionsOf(ctx.resolver.resolve(returned, factory.value.index));
}

function registerModule(call: t.CallExpression, opts: Options, ctx: AdapterContext) {
  if (!opts.resolved) return;
  const api = `JwtModule.${memberPath(call.callee)?.pop() ?? 'register'}`;
  const signOptions = opts.child('signOptions');
  const verifyOptions = opts.child('verifyOptions');
  // JwtService merges these into every jsonwebtoken sign/verify, with or without a module key.
  keyCheckSwitches(signOptions, 'sign', ctx, call, { library: '@nestjs/jwt', api, prefix: 'signOptions.' });
  keyCheckSwitches(verifyOptions, 'verify', ctx, call, { library: '@nestjs/jwt', api, prefix: 'verifyOptions.' });
  const keyLookup = opts.any('secret', 'privateKey', 'secretOrPrivateKey');
  const configured = KEY_OPTIONS.some((name) => opts.get(name).state !== 'absent');
  if (!configured) return; // `JwtModule.register({})`: every call brings its own key.
  let key = keyLookup.state === 'present' && keyLookup.value ? ctx.keyOf(keyLookup.value, keyLookup.lazy?.node ?? call) : null;
  if (!key) {
    // `secretOrKeyProvider: () => process.env.JWT_SECRET`: a provider that only returns one
    // key is that key; one that chooses at run time stays unknown.
    const provider = opts.get('secretOrKeyProvider');
    const provided = provider.state === 'present' && provider.value ? ctx.keyOf(provider.value, provider.lazy?.node ?? call) : null;
    if (provided && provided.info.kind !== 'key-function' && provided.info.kind !== 'unknown') key = provided;
  }
  const hmac = key?.hmac ?? true;
  const algorithm = signOptions.get('algorithm');
  ctx.emit(
    {
      library: '@nestjs/jwt',
      api,
      operation: 'configure',
      signs: true,
      verifies: true,
      loc: ctx.loc(call),
      key: key?.info ?? null,
      signAlgorithm: algorithmOption(algorithm, hmac, ctx.loc(call)),
      verifyAlgorithms: algorithmsFrom(verifyOptions.get('algorithms'), ctx.resolver, hmac),
      audience: presence(verifyOptions.get('audience')),
      issuer: presence(verifyOptions.get('issuer')),
      lifetime: lifetimeFrom(signOptions.get('expiresIn'), 'seconds', 'ms'),
      expiry: expiryEnforcement(verifyOptions.get('ignoreExpiration'), verifyOptions.get('clockTolerance')),
    },
    key,
  );
}

// Fields holding an injected JwtService: `constructor(private readonly jwt: JwtService)`.
const fieldCache = new WeakMap<t.Class, Set<string>>();
function jwtServiceFields(call: t.CallExpression, ctx: AdapterContext): Set<string> {
  let node: t.Node | null | undefined = call;
  while (node && node.type !== 'ClassDeclaration' && node.type !== 'ClassExpression') node = ctx.index.parentOf.get(node);
  if (!node) return new Set();
  const cls = node as t.Class;
  const cached = fieldCache.get(cls);
  if (cached) return cached;
  const fields = new Set<string>();
  for (const member of cls.body.body) {
    if (member.type === 'ClassMethod' && member.kind === 'constructor') {
      for (const param of member.params) {
        const inner = param.type === 'TSParameterProperty' ? param.parameter : param;
        const id = inner.type === 'AssignmentPattern' ? inner.left : inner;
        if (id.type === 'Identifier' && isJwtServiceType(id.typeAnnotation, ctx)) fields.add(id.name);
      }
    } else if (member.type === 'ClassProperty' && member.key.type === 'Identifier' && isJwtServiceType(member.typeAnnotation, ctx)) {
      fields.add(member.key.name);
    }
  }
  fieldCache.set(cls, fields);
  return fields;
}

function isJwtServiceType(annotation: t.Node | null | undefined, ctx: AdapterContext): boolean {
  if (!annotation || annotation.type !== 'TSTypeAnnotation') return false;
  const type = annotation.typeAnnotation;
  if (type.type !== 'TSTypeReference') return false;
  const sym = ctx.symbolOf(type.typeName.type === 'Identifier' ? type.typeName : null);
  return isModule(sym, MODULES) && sym.path[0] === 'JwtService';
}

function serviceCall(call: t.CallExpression, method: string, ctx: AdapterContext) {
  const base = { library: '@nestjs/jwt', loc: ctx.loc(call) };
  if (method === 'decode') {
    const complete = ctx.options(ctx.arg(call, 1)).get('complete');
    ctx.emit({
      ...base,
      api: 'JwtService.decode',
      operation: 'decode',
      signs: false,
      verifies: false,
      key: null,
      decode: ctx.decodeFacts(call, ctx.arg(call, 0), { returnsComplete: complete.state === 'present' && complete.value?.kind === 'boolean' && complete.value.value }),
    });
    return;
  }
  const signing = method === 'sign' || method === 'signAsync';
  if (!signing && method !== 'verify' && method !== 'verifyAsync') return;
  const opts = ctx.options(ctx.arg(call, 1));
  // The call's options reach jsonwebtoken whether or not the call brings its own key.
  keyCheckSwitches(opts, signing ? 'sign' : 'verify', ctx, call, { library: '@nestjs/jwt', api: `JwtService.${method}` });
  const keyLookup = signing ? opts.any('secret', 'privateKey') : opts.any('secret', 'publicKey');
  // Without its own key the call uses the module configuration, judged there.
  if (keyLookup.state !== 'present' || !keyLookup.value) return;
  const key = ctx.keyOf(keyLookup.value, keyLookup.lazy?.node ?? call);
  const hmac = key?.hmac ?? true;
  let site: JwtCallSite;
  if (signing) {
    const algorithm = opts.get('algorithm');
    site = {
      ...base,
      api: `JwtService.${method}`,
      operation: 'sign',
      signs: true,
      verifies: false,
      key: key?.info ?? null,
      signAlgorithm: algorithmOption(algorithm, hmac, ctx.loc(call)),
      lifetime: lifetimeFrom(opts.get('expiresIn'), 'seconds', 'ms'),
    };
  } else {
    site = {
      ...base,
      api: `JwtService.${method}`,
      operation: 'verify',
      signs: false,
      verifies: true,
      key: key?.info ?? null,
      verifyAlgorithms: algorithmsFrom(opts.get('algorithms'), ctx.resolver, hmac),
      audience: presence(opts.get('audience')),
      issuer: presence(opts.get('issuer')),
      expiry: expiryEnforcement(opts.get('ignoreExpiration'), opts.get('clockTolerance')),
    };
  }
  ctx.emit(site, key);
}

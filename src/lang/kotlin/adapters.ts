// jjwt, auth0 java-jwt and Spring's `NimbusJwtDecoder` builders called from Kotlin: the Java
// adapters themselves (src/lang/java/jjwt.ts, java-jwt.ts, spring-jwt.ts; their headers say why)
// read through the Kotlin JvmReader below (src/lang/java/jvm.ts). Kotlin differences the reader
// answers for: a constructor call has no `new` (`SecretKeySpec(b, "…")`, `Date(ms)`), Java getters
// read as properties (`claims.audience`), and a property holding a built parser is followed like a
// Java field.
import type { Node } from 'web-tree-sitter';
import type { Found } from '../collect-sites.js';
import { javaJwtSite } from '../java/java-jwt.js';
import { jjwtSite } from '../java/jjwt.js';
import type { JvmReader } from '../java/jvm.js';
import { nimbusDecoderSite } from '../java/spring-jwt.js';
import { chainOf, decodeFacts, holderOf, keyOf, lifetimeOf } from './common.js';
import type { KotlinResolver } from './resolve-kotlin.js';
import { argsOf, callee, dotted, kotlinString, navigation, unwrap } from './syntax.js';

/** Getter reads (`x.getAudience()` or `x.audience`) anywhere under `scope`. */
function readsUnder(scope: Node | null, names: RegExp): Set<string> {
  const out = new Set<string>();
  for (const n of scope?.descendantsOfType(['call_expression', 'navigation_expression']) ?? []) {
    if (!n) continue;
    const name = n.type === 'call_expression' ? callee(n).name : navigation(n)?.name;
    const getter = name && n.type === 'navigation_expression' && !/^get[A-Z]/.test(name) ? `get${name[0]!.toUpperCase()}${name.slice(1)}` : name;
    if (getter && names.test(getter)) out.add(getter);
  }
  return out;
}

/** The Kotlin reader over a KotlinResolver. */
export function kotlinReader(r: KotlinResolver): JvmReader {
  return {
    file: r.file,
    root: r.root,
    validatorTypes: ['identifier', 'string_literal'],
    jwksReadAt: true,
    loc: (n) => r.loc(n),
    resolve: (n) => r.resolve(n),
    scopeOf: (n) => r.scopeOf(n),
    unwrap,
    stringOf: kotlinString,
    dotted,
    call: (n) => (n.type === 'call_expression' ? { ...callee(n), args: argsOf(n) } : null),
    args: argsOf,
    isReference: (n) => n.type === 'identifier' || n.type === 'navigation_expression',
    isCallOrNew: (n) => n.type === 'call_expression',
    memberName(call) {
      const f = call.namedChildren[0];
      return f?.type === 'navigation_expression' ? (f.namedChildren[f.namedChildCount - 1] ?? null) : null;
    },
    chainOf: (start) => chainOf(start, r),
    keyOf: (n, opts) => keyOf(n, r, opts),
    lifetimeOf: (n, at) => lifetimeOf(n, r, at),
    holderName: (node) => holderOf(node, r)?.name ?? null,
    callsOn(holder) {
      const out: { name: string; node: Node }[] = [];
      for (const m of r.root.descendantsOfType('call_expression')) {
        if (!m) continue;
        const { object, name } = callee(m);
        // `parser.parse(t)` or `this.parser.parse(t)`.
        const target = object?.type === 'identifier' ? object.text : object && navigation(object)?.object.type === 'this_expression' ? navigation(object)!.name : null;
        if (target === holder) out.push({ name, node: m });
      }
      return out;
    },
    getterReads: readsUnder,
    decodeFacts: (call, token, isTest, verifyNames) => decodeFacts(call, token, r, isTest, verifyNames),
  };
}

export interface KotlinLibraries {
  jjwt: boolean;
  javaJwt: boolean;
  spring: boolean;
}

/** Every jjwt, java-jwt and NimbusJwtDecoder record of a file, in the order of their calls. */
export function kotlinSites(r: KotlinResolver, libs: KotlinLibraries, isTest: boolean, tick: () => void): Found[] {
  const x = kotlinReader(r);
  const out: Found[] = [];
  for (const call of r.root.descendantsOfType('call_expression')) {
    if (!call) continue;
    tick();
    const f = (libs.jjwt ? jjwtSite(call, x) : null) ?? (libs.javaJwt ? javaJwtSite(call, x, isTest) : null) ?? (libs.spring ? nimbusDecoderSite(call, x) : null);
    if (f) out.push(f);
  }
  return out;
}

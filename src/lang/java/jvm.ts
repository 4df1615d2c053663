// The syntax seam of the JVM library adapters. jjwt, auth0 java-jwt and Spring's NimbusJwtDecoder
// are Java libraries called the same way from Java and Kotlin, so each library is read once
// (jjwt.ts, java-jwt.ts, spring-jwt.ts, here in src/lang/java/ next to their decision headers:
// Java is the libraries' own language and the Java front end reads more of them than Kotlin does)
// through a JvmReader, which each front end builds over its resolver: Java's below, Kotlin's in
// src/lang/kotlin/adapters.ts. A reader answers questions about the tree (calls, strings, names,
// chains, holders) in its grammar; the library knowledge (which calls, what they mean) stays in
// the adapters.
import type { Node } from 'web-tree-sitter';
import type { KeyAnalysis } from '../../facts/collector.js';
import type { DecodeFacts, Lifetime, SourceLocation } from '../../facts/model.js';
import { chainOf, decodeFacts, keyOf, lifetimeOf } from './common.js';
import { argsOf, callee, dotted, javaString, unwrap, type JavaResolver, type JValue } from './resolve-java.js';

export interface ChainCall {
  name: string;
  args: Node[];
  node: Node;
}

export interface Chain {
  start: Node;
  calls: ChainCall[];
  /** The built object leaves the code this reads (returned, passed on, stored where it is not followed). */
  escapes: boolean;
}

export interface KeyOptions {
  signs: boolean;
  asymmetric?: boolean;
  /** The API base64-decodes a `String` key (jjwt 0.9 `setSigningKey(String)`). */
  stringIsBase64?: boolean;
}

export interface JvmReader {
  readonly file: string;
  readonly root: Node;
  /** Node types a validator expression is searched for names and strings in. */
  readonly validatorTypes: readonly string[];
  /**
   * Where a key set's env read is located: Java's decoder puts it at the value (or the argument),
   * Kotlin's at the `@Value` that injects a Spring setting (readAt). Kept as each front end had it.
   */
  readonly jwksReadAt: boolean;
  loc(node: Node): SourceLocation;
  resolve(node: Node): JValue;
  scopeOf(node: Node): Node | null;
  /** Strips parentheses and casts that keep the value. */
  unwrap(node: Node): Node;
  /** A string literal's value, or null. */
  stringOf(node: Node): string | null;
  /** `a.b.c` of names, or null. */
  dotted(node: Node): string | null;
  /** A method call's receiver text (`''` without one, null when not dotted), name and arguments; null when `node` is no method call. */
  call(node: Node): { recv: string | null; name: string; args: Node[] } | null;
  /** The arguments of a call or construction. */
  args(node: Node): Node[];
  /** A name or member access that the resolver may follow (`x`, `this.x`, `a.b`). */
  isReference(node: Node): boolean;
  /** A call or construction whose whole text is readable as a validator. */
  isCallOrNew(node: Node): boolean;
  /** The member-name node of `recv.name(…)`, where a report on that call points. */
  memberName(call: Node): Node | null;
  chainOf(start: Node): Chain;
  keyOf(node: Node, opts: KeyOptions): KeyAnalysis;
  lifetimeOf(node: Node, at: Node): Lifetime;
  /** The name of the variable or field the value `node` is stored in, or null. */
  holderName(node: Node): string | null;
  /** The calls `holder.name(…)` made on a variable or field anywhere in the file. */
  callsOn(holder: string): { name: string; node: Node }[];
  /** The getters matching `names` read under `scope` (Kotlin reads `x.audience` as `getAudience`). */
  getterReads(scope: Node | null, names: RegExp): Set<string>;
  decodeFacts(call: Node, token: Node | undefined, isTest: boolean, verifyNames: RegExp): DecodeFacts;
}

/** The Java reader over a JavaResolver. */
export function javaReader(r: JavaResolver): JvmReader {
  return {
    file: r.file,
    root: r.root,
    validatorTypes: ['identifier', 'type_identifier', 'string_literal'],
    jwksReadAt: false,
    loc: (n) => r.loc(n),
    resolve: (n) => r.resolve(n),
    scopeOf: (n) => r.scopeOf(n),
    unwrap,
    stringOf: javaString,
    dotted,
    call: (n) => (n.type === 'method_invocation' ? { ...callee(n), args: argsOf(n) } : null),
    args: argsOf,
    isReference: (n) => n.type === 'identifier' || n.type === 'field_access',
    isCallOrNew: (n) => n.type === 'method_invocation' || n.type === 'object_creation_expression',
    memberName: (call) => call.childForFieldName('name'),
    chainOf: (start) => chainOf(start, r),
    keyOf: (n, opts) => keyOf(n, r, opts),
    lifetimeOf: (n, at) => lifetimeOf(n, r, at),
    holderName(node) {
      const p = node.parent;
      const holder = p?.type === 'variable_declarator' ? p.childForFieldName('name') : p?.type === 'assignment_expression' ? p.childForFieldName('left') : null;
      return (holder?.type === 'field_access' ? holder.childForFieldName('field')?.text : holder?.text) ?? null;
    },
    callsOn(holder) {
      const out: { name: string; node: Node }[] = [];
      for (const m of r.root.descendantsOfType('method_invocation')) {
        const obj = m?.childForFieldName('object');
        if (!m || !obj) continue;
        const target = obj.type === 'identifier' ? obj.text : obj.type === 'field_access' ? obj.childForFieldName('field')?.text : null;
        if (target === holder) out.push({ name: m.childForFieldName('name')?.text ?? '', node: m });
      }
      return out;
    },
    getterReads(scope, names) {
      const out = new Set<string>();
      for (const m of scope?.descendantsOfType('method_invocation') ?? []) {
        const name = m?.childForFieldName('name')?.text;
        if (name && names.test(name)) out.add(name);
      }
      return out;
    },
    decodeFacts: (call, token, isTest, verifyNames) => decodeFacts(call, token, r, isTest, verifyNames),
  };
}

import type * as t from '@babel/types';
import type { FileIndex } from '../file-index.js';
import type { KeyAnalysis, Options } from '../interpret.js';
import type { DecodeFacts, JwtCallSite, Lifetime, SourceLocation, UnsafeOption } from '../../../facts/model.js';
import type { RValue, ValueResolver } from '../resolve-value.js';

/** What a callee or class refers to: an npm module and the member path inside it. */
export interface ModuleSymbol {
  module: string;
  path: string[];
}

export interface AdapterContext {
  index: FileIndex;
  resolver: ValueResolver;
  symbolOf(node: t.Node | null | undefined): ModuleSymbol | null;
  /** The i-th argument when it is a plain expression (not a spread). */
  arg(call: t.CallExpression | t.NewExpression, i: number): t.Expression | undefined;
  value(node: t.Node | null | undefined): RValue | null;
  /** Options from an argument; a function argument (a callback) means no options. */
  options(node: t.Node | null | undefined): Options;
  optionsOf(value: RValue | null | undefined): Options;
  key(node: t.Node | null | undefined, stringKeysAreHmac?: boolean): KeyAnalysis | null;
  keyOf(value: RValue | undefined, at: t.Node, stringKeysAreHmac?: boolean): KeyAnalysis | null;
  loc(node: t.Node): SourceLocation;
  /** Lifetime from an `exp` claim in a payload object, when the payload can be resolved. */
  payloadLifetime(node: t.Node | null | undefined): Lifetime;
  decodeFacts(call: t.Node, token: t.Node | undefined, opts: { returnsComplete: boolean }): DecodeFacts;
  /** Calls inside the given function whose callee is `super`. */
  superCalls(fn: t.Function): t.CallExpression[];
  emit(site: JwtCallSite, key?: KeyAnalysis | null): void;
  /** Key material that is not tied to one sign/verify call (e.g. next-auth's `secret`). */
  emitSecret(key: KeyAnalysis, usedAt: SourceLocation): void;
  /** A lifetime written in a configuration object rather than passed to a call. */
  emitLifetime(lifetime: Lifetime): void;
  /** An option that switches a library check off, or sits where the library ignores it. */
  emitUnsafeOption(option: UnsafeOption): void;
}

/** Library knowledge for one npm package: turns its calls into JwtCallSite records. */
export interface Adapter {
  library: string;
  /** Module specifiers whose import makes a file relevant to this adapter. */
  modules: string[];
  visitCall?(call: t.CallExpression, ctx: AdapterContext): void;
  visitNew?(expr: t.NewExpression, ctx: AdapterContext): void;
  visitClass?(cls: t.Class, ctx: AdapterContext): void;
  /** Once per file, for facts that are not calls (typed option objects). */
  visitFile?(ctx: AdapterContext): void;
}

export function isModule(sym: ModuleSymbol | null, modules: string[]): sym is ModuleSymbol {
  return sym !== null && modules.includes(sym.module);
}

export function pathIs(sym: ModuleSymbol, ...names: string[]): boolean {
  return sym.path.length === names.length && names.every((n, i) => sym.path[i] === n);
}

import type * as t from '@babel/types';
import type { Adapter, AdapterContext, ModuleSymbol } from './adapters/adapter.js';
import { ADAPTERS } from './adapters/index.js';
import type { FileBudget } from '../../facts/budget.js';
import { decodeFacts, moduleEnvironmentEvidence } from './decode-facts.js';
import { emptyFileFacts } from '../../facts/empty-facts.js';
import { FactCollector, isTestPath } from '../../facts/collector.js';
import { enclosingFunction, lookup, requireSource, type FileIndex } from './file-index.js';
import { analyseKey, lifetimeOfExpClaim, Options } from './interpret.js';
import type { FileFacts, JwtCallSite, Lifetime } from '../../facts/model.js';
import type { Project } from './project.js';
import type { WrapperRegistry, WrapperFacts } from './wrappers.js';
import { calleeName, locOf, unwrap, ValueResolver, type RValue } from './resolve-value.js';
import { findSensitiveLogs } from './sensitive-logs.js';
import { findTokenLiterals } from './string-facts.js';
import { findStorageWrites } from './web-storage.js';

/** Module symbol of a callee/class expression: `jwt.verify` → { module: 'jsonwebtoken', path: ['verify'] }. */
export function symbolOf(node: t.Node | null | undefined, index: FileIndex, depth = 0): ModuleSymbol | null {
  if (!node || depth > 12) return null;
  const n = unwrap(node);
  switch (n.type) {
    case 'Identifier': {
      const binding = lookup(index.scopeOf.get(n), n.name);
      if (!binding) return null;
      if (binding.kind === 'import') {
        return { module: binding.source, path: binding.imported === 'default' || binding.imported === '*' ? [] : [binding.imported] };
      }
      if (binding.kind === 'var' && binding.init) {
        const base = symbolOf(binding.init, index, depth + 1);
        if (!base) return null;
        const keys: string[] = [];
        for (const step of binding.path) {
          if (!('key' in step)) return null;
          keys.push(step.key);
        }
        return { module: base.module, path: [...base.path, ...keys] };
      }
      return null;
    }
    case 'MemberExpression':
    case 'OptionalMemberExpression': {
      if (n.computed && n.property.type !== 'StringLiteral') return null;
      const base = symbolOf(n.object, index, depth + 1);
      if (!base) return null;
      const key = n.property.type === 'Identifier' ? n.property.name : n.property.type === 'StringLiteral' ? n.property.value : null;
      if (key === null) return null;
      // `jwt.default.sign` from transpiled ESM interop.
      if (key === 'default' && base.path.length === 0) return base;
      return { module: base.module, path: [...base.path, key] };
    }
    case 'CallExpression': {
      const src = requireSource(n);
      if (src !== null) return { module: src, path: [] };
      const name = calleeName(n.callee);
      // promisify(jwt.verify) behaves like jwt.verify; `_interopRequireDefault(require(x))` too.
      if (/(^|\.)promisify$|interopRequire/.test(name) && n.arguments[0]) return symbolOf(n.arguments[0], index, depth + 1);
      return null;
    }
    default:
      return null;
  }
}

function relevantAdapters(index: FileIndex): Adapter[] {
  const sources = index.importSources;
  return ADAPTERS.filter((a) => a.modules.some((m) => sources.has(m)));
}

/**
 * Builds the facts of one file. Secrets and lifetimes found through imports may point into
 * other files: the engine reports each where its literal lives. With a budget, polled per
 * candidate node and (through the resolver) per resolution step, throws FileBudgetExceeded
 * once it is spent, and returns no partial facts.
 */
export function extractFacts(index: FileIndex, project: Project, resolver: ValueResolver = new ValueResolver(project), budget?: FileBudget, wrappers?: WrapperRegistry): FileFacts {
  const outer = resolver.budget;
  resolver.budget = budget;
  try {
    return collectFacts(index, resolver, budget, wrappers);
  } finally {
    resolver.budget = outer;
    resolver.touched = null;
  }
}

function collectFacts(index: FileIndex, resolver: ValueResolver, budget: FileBudget | undefined, wrappers: WrapperRegistry | undefined): FileFacts {
  budget?.check();
  const collector = new FactCollector();
  const ctx = createContext(index, resolver, collector, budget);
  const adapters = relevantAdapters(index);
  // With a registry, each read notes the functions whose parameters it reached: wrappers.
  const touched = new Set<t.Function>();
  const read = (a: Adapter, node: t.CallExpression | t.NewExpression) => {
    if (!wrappers) {
      if (node.type === 'NewExpression') a.visitNew?.(node, ctx);
      else a.visitCall?.(node, ctx);
      return;
    }
    const before = collector.callSites.length;
    touched.clear();
    resolver.touched = touched;
    try {
      if (node.type === 'NewExpression') a.visitNew?.(node, ctx);
      else a.visitCall?.(node, ctx);
    } finally {
      resolver.touched = null;
    }
    if (collector.callSites.length > before) wrappers.noteInner({ adapter: a, node, index }, collector.callSites.slice(before), touched);
  };
  if (adapters.length > 0) {
    for (const call of index.calls) {
      budget?.tick();
      for (const a of adapters) if (a.visitCall) read(a, call);
    }
    for (const expr of index.news) {
      budget?.tick();
      for (const a of adapters) if (a.visitNew) read(a, expr);
    }
    for (const cls of index.classes) {
      budget?.tick();
      for (const a of adapters) a.visitClass?.(cls, ctx);
    }
    for (const a of adapters) a.visitFile?.(ctx);
  }
  const manual = findManualDecodes(index, ctx, budget);
  for (const site of manual) collector.addSite(site, null);

  const { environment, fromFile: environmentFromFile } = moduleEnvironmentEvidence(index);
  const sortedSites = collector.callSites.sort((a, b) => a.loc.line - b.loc.line || a.loc.column - b.loc.column);
  budget?.check();
  const tokens = findTokenLiterals(index);
  budget?.check();
  const storageWrites = findStorageWrites(index, resolver);
  budget?.check();
  const logs = findSensitiveLogs(index, resolver, sortedSites, budget);
  return {
    file: index.file,
    environment,
    ...(!environmentFromFile && { environmentAssumed: true as const }),
    isTest: isTestPath(index.file),
    callSites: sortedSites,
    secrets: collector.secretUses(),
    lifetimes: collector.lifetimes,
    tokens,
    algorithmSettings: [],
    disabledChecks: [],
    storageWrites,
    logs,
    dependencies: [],
    unsafeOptions: collector.unsafeOptions(),
  };
}

export function createContext(index: FileIndex, resolver: ValueResolver, collector: FactCollector, budget: FileBudget | undefined): AdapterContext {
  let superCallsByFunction: Map<t.Function | null, t.CallExpression[]> | undefined;
  const isTest = isTestPath(index.file);
  const ctx: AdapterContext = {
    index,
    resolver,
    symbolOf: (node) => symbolOf(node, index),
    arg(call, i) {
      const a = call.arguments[i];
      if (!a || a.type === 'SpreadElement' || a.type === 'ArgumentPlaceholder') return undefined;
      return a as t.Expression;
    },
    value: (node) => (node ? resolver.resolve(node, index) : null),
    options(node) {
      if (!node) return Options.none(resolver);
      const n = unwrap(node);
      if (n.type === 'ArrowFunctionExpression' || n.type === 'FunctionExpression') return Options.none(resolver);
      const v = resolver.resolve(n, index);
      if (v.kind === 'function') return Options.none(resolver);
      return new Options(resolver, v);
    },
    optionsOf: (value) => (value ? new Options(resolver, value) : Options.none(resolver)),
    key(node, stringKeysAreHmac = true) {
      if (!node) return null;
      return analyseKey(resolver.resolve(node, index), node, index, resolver, stringKeysAreHmac);
    },
    keyOf(value, at, stringKeysAreHmac = true) {
      if (!value) return null;
      return analyseKey(value, at, index, resolver, stringKeysAreHmac);
    },
    loc: (node) => locOf(index, node),
    payloadLifetime(node) {
      if (!node) return { kind: 'absent' };
      const payload = resolver.resolve(node, index);
      if (payload.kind === 'string') return { kind: 'absent' };
      if (payload.kind !== 'object') return { kind: 'unknown' };
      const exp = resolver.member(payload, 'exp');
      if (exp.found === 'yes' && exp.lazy) return lifetimeOfExpClaim(exp.lazy, resolver);
      return exp.found === 'no' ? { kind: 'absent' } : { kind: 'unknown' };
    },
    decodeFacts: (call, token, opts) => decodeFacts(index, call, token, { ...opts, isTest }, budget),
    superCalls: (fn) => {
      // Grouped once per file (stored only when complete, should the budget run out): one
      // filter of every call per strategy class made a file of many classes quadratic.
      if (!superCallsByFunction) {
        const groups = new Map<t.Function | null, t.CallExpression[]>();
        for (const c of index.calls) {
          budget?.tick();
          if (c.callee.type !== 'Super') continue;
          const owner = enclosingFunction(index, c);
          const group = groups.get(owner);
          if (group) group.push(c);
          else groups.set(owner, [c]);
        }
        superCallsByFunction = groups;
      }
      return superCallsByFunction.get(fn) ?? [];
    },
    emit: (site, key) => collector.addSite(site, key),
    emitSecret: (key, usedAt) => collector.addSecret(key, usedAt),
    emitLifetime: (lifetime) => collector.addLifetime(lifetime),
    emitUnsafeOption: (option) => collector.addUnsafeOption(option),
  };
  return ctx;
}

/**
 * Adds the records found at calls of wrappers (src/lang/javascript/wrappers.ts) to the facts of the
 * calling file, or makes facts for a caller that was not a candidate itself.
 */
export function addWrapperFacts(allFacts: FileFacts[], found: WrapperFacts[]): FileFacts[] {
  const byFile = new Map(allFacts.map((f) => [f.file, f]));
  const added: FileFacts[] = [];
  for (const { file, index, callSites, secrets } of found) {
    let facts = byFile.get(file);
    if (!facts) {
      const { environment, fromFile } = moduleEnvironmentEvidence(index);
      facts = { ...emptyFileFacts(file, environment, isTestPath(file)), ...(!fromFile && { environmentAssumed: true as const }) };
      byFile.set(file, facts);
      added.push(facts);
    }
    facts.callSites.push(...callSites);
    facts.callSites.sort((a, b) => a.loc.line - b.loc.line || a.loc.column - b.loc.column);
    facts.secrets.push(...secrets);
  }
  return added;
}

// Hand-written payload decoding: `JSON.parse(Buffer.from(token.split('.')[1], 'base64url'))`
// or `atob(token.split('.')[1])`.
function findManualDecodes(index: FileIndex, ctx: AdapterContext, budget: FileBudget | undefined): JwtCallSite[] {
  if (!index.text.includes("split('.')") && !index.text.includes('split(".")')) return [];
  const sites: JwtCallSite[] = [];
  for (const call of index.calls) {
    budget?.tick();
    const name = calleeName(call.callee);
    if (name !== 'Buffer.from' && name !== 'atob' && name !== 'window.atob' && name !== 'base64url.decode') continue;
    const first = call.arguments[0];
    if (!first || !isPayloadSegment(first)) continue;
    const tokenNode = (unwrap(first) as t.MemberExpression).object as t.CallExpression;
    const tokenExpr = (tokenNode.callee as t.MemberExpression).object;
    const facts = decodeFacts(index, call, tokenExpr, { returnsComplete: false, isTest: isTestPath(index.file) }, budget);
    sites.push({
      library: 'manual',
      api: 'base64 payload decode',
      operation: 'decode',
      signs: false,
      verifies: false,
      loc: ctx.loc(call),
      key: null,
      decode: { ...facts, manual: true },
    });
  }
  return sites;
}

function isPayloadSegment(node: t.Node): boolean {
  const n = unwrap(node);
  if (n.type !== 'MemberExpression' || !n.computed || n.property.type !== 'NumericLiteral' || n.property.value !== 1) return false;
  const split = unwrap(n.object);
  if (split.type !== 'CallExpression' || split.callee.type !== 'MemberExpression') return false;
  const method = split.callee.property;
  const arg = split.arguments[0];
  return method.type === 'Identifier' && method.name === 'split' && !!arg && arg.type === 'StringLiteral' && arg.value === '.';
}

export type { RValue, Lifetime };
export { FactCollector, isTestPath } from '../../facts/collector.js';

// Function summaries (issue #15 item 2). A project function whose parameters reach a JWT call
// (the key, the payload, the options, the token) is a wrapper: `signJWT(payload, secret)`,
// `decodeJWT(token)`, `generateToken(id, expires, type, secret = config.jwt.secret)`. Each call
// of it, in any module, is judged as the JWT call it stands for: the adapter that read the
// inner call reads it again with the wrapper's parameters bound to that call's arguments
// (ValueResolver call frames), and what the caller decides is reported where the caller wrote
// it. A wrapper of a wrapper is found the same way, from the calls judged, up to MAX_DEPTH.
//
// Facts the wrapper fixes itself (an algorithm written inside it, a key it reads) are judged
// once, at the inner call; a caller's record keeps only what differs from its baseline (the
// inner call as read without the caller), so one wrapper called from fifty places does not
// repeat its own findings fifty times. A decode wrapper that returns the decoded value is
// judged with each caller's token (where it comes from, what its claims decide), and reported
// at the decode call as RULES.md says, with the caller as a related location; the graver
// verdict wins (one finding per line and rule). The decode is still judged on its own too:
// an exported helper can have callers outside the repository.
//
// Bounds: MAX_CALLS_PER_WRAPPER calls examined per wrapper, MAX_REACHED inner calls in all, and
// callers are looked for only in files whose text names the wrapper (Project.filesMentioning),
// so the work is linear in the calls of the wrappers found.
import type * as t from '@babel/types';
import type { Adapter } from './adapters/adapter.js';
import type { FileBudget } from '../../facts/budget.js';
import { decodeFacts } from './decode-facts.js';
import { createContext, FactCollector, isTestPath } from './extract-facts.js';
import type { FileIndex, Scope } from './file-index.js';
import type { JwtCallSite, SecretUse, SourceLocation } from '../../facts/model.js';
import type { Project } from './project.js';
import { calleeName, functionName, locOf, methodName, unwrap, type CallFrame, type ValueResolver } from './resolve-value.js';
import type { KeyAnalysis } from './interpret.js';

const MAX_DEPTH = 3;
const MAX_CALLS_PER_WRAPPER = 200;
const MAX_REACHED = 2000;

/** A JWT call an adapter read, and the records it produced there. */
interface InnerCall {
  adapter: Adapter;
  node: t.CallExpression | t.NewExpression;
  index: FileIndex;
}

/** One JWT call a wrapper reaches, as read without a caller of the wrapper. */
interface Reached {
  inner: InnerCall;
  /** Calls between the wrapper's body and the inner call (outermost first): empty for the function holding it. */
  frames: CallFrame[];
  /** The records as read without a caller of this wrapper: what a caller's record is compared with. */
  baseline: JwtCallSite[];
  /** "`f` calls `g` here" steps from the wrapper's body down to the inner call. */
  via: { label: string; loc: SourceLocation }[];
}

/** One wrapper: a named function and the JWT calls it reaches. */
interface Summary {
  fn: t.Function;
  index: FileIndex;
  name: string;
  reached: Reached[];
  depth: number;
}

/** The wrappers found while files were read; judged once every candidate has been read. */
export class WrapperRegistry {
  readonly summaries: Summary[] = [];
  private readonly byFunction = new Map<t.Function, Summary>();
  private readonly known = new Set<string>();
  private reachedCount = 0;
  /** Inner calls not summarised because MAX_REACHED was reached. */
  overflow = 0;

  /**
   * Called by extractFacts after an adapter read `node` and emitted `sites`, with the
   * functions whose parameters the reading reached.
   */
  noteInner(inner: InnerCall, sites: JwtCallSite[], touched: ReadonlySet<t.Function>) {
    // A decode reads its token syntactically: a token that is a parameter reaches the function.
    const decodeFromParameter = sites.some((s) => s.decode?.tokenSource === 'parameter');
    const around = enclosingFunctions(inner.index, inner.node);
    for (const fn of around) {
      if (!touched.has(fn) && !(decodeFromParameter && fn === around[0])) continue;
      const name = functionName(fn, inner.index);
      if (!name) continue;
      const via = [{ label: `\`${name}\` calls \`${sites[0]?.api ?? 'the JWT library'}\` here`, loc: locOf(inner.index, inner.node) }];
      this.add(fn, inner.index, name, 1, { inner, frames: [], baseline: sites.map(clone), via });
    }
  }

  add(fn: t.Function, index: FileIndex, name: string, depth: number, reached: Reached) {
    const key = `${index.file}:${fn.start}:${reached.inner.index.file}:${reached.inner.node.start}:${reached.frames.map((f) => `${f.index.file}:${f.call.start}`).join('/')}`;
    if (this.known.has(key)) return;
    if (this.reachedCount >= MAX_REACHED) {
      this.overflow++;
      return;
    }
    this.known.add(key);
    this.reachedCount++;
    let summary = this.byFunction.get(fn);
    if (!summary) {
      summary = { fn, index, name, reached: [], depth };
      this.byFunction.set(fn, summary);
      this.summaries.push(summary);
    }
    summary.reached.push(reached);
  }
}

/** Records found at the calls of wrappers, by the file of the call. */
export interface WrapperFacts {
  file: string;
  index: FileIndex;
  callSites: JwtCallSite[];
  secrets: SecretUse[];
}

/**
 * Judges every call of every wrapper as the JWT call it stands for. `budgetFor(name)` gives a
 * budget per wrapper; when it is spent the wrapper's remaining calls are skipped and
 * `onTimeout` says so.
 */
export function judgeWrapperCalls(
  registry: WrapperRegistry,
  project: Project,
  resolver: ValueResolver,
  budgetFor: () => FileBudget,
  onTimeout: (summary: { name: string; file: string }, error: Error) => void,
  isBudgetError: (error: unknown) => boolean,
  /** Told of every bound reached: what was left unjudged, so that silence never stands for it. */
  onLimit: (limit: { file: string; message: string }) => void = () => {},
): WrapperFacts[] {
  const byFile = new Map<string, { index: FileIndex; collector: FactCollector }>();
  const touched = new Set<t.Function>();
  // Summaries added while judging (wrappers of wrappers) join the end of the list; a summary
  // may also gain reached calls while it is judged, which are read at the calls seen after.
  for (let s = 0; s < registry.summaries.length; s++) {
    const summary = registry.summaries[s]!;
    const budget = budgetFor();
    const outer = resolver.budget;
    resolver.budget = budget;
    try {
      let examined = 0;
      let beyond = 0;
      for (const caller of project.filesMentioning(summary.name)) {
        for (const call of callsNamed(caller, summary.name, budget)) {
          const callee = resolver.resolve(call.callee, caller);
          if (callee.kind !== 'function' || callee.fn !== summary.fn) continue;
          if (enclosingFunctions(caller, call).includes(summary.fn)) continue; // recursion
          if (examined >= MAX_CALLS_PER_WRAPPER) {
            beyond++;
            continue;
          }
          examined++;
          for (const reached of [...summary.reached]) {
            if (reached.frames.some((f) => f.call === call)) continue;
            const frames: CallFrame[] = [{ fn: summary.fn, call, index: caller }, ...reached.frames];
            judgeCall(registry, summary, reached, frames, readAt(reached.inner, frames, resolver, touched, budget), call, caller, touched, byFile);
          }
        }
      }
      if (beyond > 0) onLimit({ file: summary.index.file, message: `${summary.index.file}: \`${summary.name}\` wraps a JWT call and is called ${examined + beyond} times; the first ${examined} calls were judged as that JWT call, the other ${beyond} were not` });
    } catch (error) {
      if (!isBudgetError(error)) throw error;
      onTimeout({ name: summary.name, file: summary.index.file }, error as Error);
    } finally {
      resolver.budget = outer;
      resolver.touched = null;
    }
  }
  if (registry.overflow > 0) onLimit({ file: registry.summaries[0]?.index.file ?? '', message: `${registry.overflow} more JWT calls reached through project functions were not followed to their callers (at most ${MAX_REACHED} are)` });
  return [...byFile.values()].map(({ index, collector }) => ({ file: index.file, index, callSites: collector.callSites, secrets: collector.secretUses() }));
}

const callIndexes = new WeakMap<FileIndex, Map<string, t.CallExpression[]>>();

/** The calls of a file by the name they call (`f(...)`, `x.f(...)`), grouped once per file. */
function callsNamed(index: FileIndex, name: string, budget: FileBudget): t.CallExpression[] {
  let byName = callIndexes.get(index);
  if (!byName) {
    byName = new Map();
    for (const call of index.calls) {
      budget.tick();
      const n = methodName(call.callee);
      const list = byName.get(n);
      if (list) list.push(call);
      else byName.set(n, [call]);
    }
    callIndexes.set(index, byName);
  }
  return byName.get(name) ?? [];
}

/** The inner call read again under `frames`; the functions whose parameters the reading reached are left in `touched`. */
function readAt(inner: InnerCall, frames: CallFrame[], resolver: ValueResolver, touched: Set<t.Function>, budget: FileBudget): Read[] {
  const scratch = new FactCollector();
  const ctx = createContext(inner.index, resolver, scratch, budget);
  const reads: Read[] = [];
  ctx.emit = (site, key) => {
    scratch.addSite(site, key);
    reads.push({ site, key: key ?? null });
  };
  // A decode whose token is the wrapper's parameter, and whose value the wrapper returns, is
  // judged where the outermost such caller passes its token.
  ctx.decodeFacts = (call, token, opts) => {
    let at: { index: FileIndex; call: t.Node; token: t.Node | undefined } = { index: inner.index, call, token };
    for (let i = frames.length - 1; i >= 0 && at.token; i--) {
      const frame = frames[i]!;
      const position = parameterPosition(at.index, at.token, frame.fn);
      if (position < 0 || !returnsValueOf(frame.fn, at.call, at.index)) break;
      const arg = frame.call.arguments[position];
      if (!arg || arg.type === 'SpreadElement' || arg.type === 'ArgumentPlaceholder') break;
      at = { index: frame.index, call: frame.call, token: arg };
    }
    return decodeFacts(at.index, at.call, at.token, { ...opts, isTest: isTestPath(at.index.file) }, budget);
  };
  touched.clear();
  resolver.touched = touched;
  try {
    resolver.withFrames(frames, () => {
      if (inner.node.type === 'NewExpression') inner.adapter.visitNew?.(inner.node, ctx);
      else inner.adapter.visitCall?.(inner.node, ctx);
    });
  } finally {
    resolver.touched = null;
  }
  return reads;
}

interface Read {
  site: JwtCallSite;
  key: KeyAnalysis | null;
}

function judgeCall(
  registry: WrapperRegistry,
  summary: Summary,
  reached: Reached,
  frames: CallFrame[],
  reads: Read[],
  call: t.CallExpression,
  caller: FileIndex,
  touched: ReadonlySet<t.Function>,
  byFile: Map<string, { index: FileIndex; collector: FactCollector }>,
) {
  const loc = locOf(caller, call);
  const raw = reads.map((r) => r.site);
  for (let i = 0; i < reads.length; i++) {
    const site = onlyWhatTheCallerDecides(reads[i]!.site, reached.baseline[i]);
    if (!site) continue;
    const written = calleeName(call.callee) || summary.name;
    if (site.decode) {
      // RULES.md reports a decode at the decode call: the caller that decides the verdict is related.
      site.via = [{ label: `\`${written}\` is called here with the token it decodes`, loc }, ...reached.via.slice(0, -1)];
    } else {
      site.loc = loc;
      site.api = written;
      site.via = reached.via;
    }
    let entry = byFile.get(caller.file);
    if (!entry) byFile.set(caller.file, (entry = { index: caller, collector: new FactCollector() }));
    // Key material reaches the caller's facts only when the caller decides the key.
    entry.collector.addSite(site, site.key ? reads[i]!.key : null);
  }
  // A wrapper of this wrapper: a function around the call whose parameters the reading reached.
  if (summary.depth >= MAX_DEPTH) return;
  const decodeFromParameter = raw.some((s) => s.decode?.tokenSource === 'parameter');
  const around = enclosingFunctions(caller, call);
  for (const fn of around) {
    if (frames.some((f) => f.fn === fn) || !(touched.has(fn) || (decodeFromParameter && fn === around[0]))) continue;
    const name = functionName(fn, caller);
    if (!name) continue;
    registry.add(fn, caller, name, summary.depth + 1, {
      inner: reached.inner,
      frames,
      baseline: raw.map(clone),
      via: [{ label: `\`${name}\` calls \`${summary.name}\` here`, loc }, ...reached.via],
    });
  }
}

/**
 * The caller's record without the facts its baseline already has: equal facts are judged at
 * the baseline's own place. Null when nothing is left to judge.
 */
function onlyWhatTheCallerDecides(site: JwtCallSite, baseline: JwtCallSite | undefined): JwtCallSite | null {
  if (!baseline || baseline.operation !== site.operation) return null;
  const out: JwtCallSite = { ...site };
  let decides = false;
  const fields = ['key', 'signAlgorithm', 'verifyAlgorithms', 'audience', 'issuer', 'lifetime', 'expiry', 'unsecured', 'emptyKey'] as const;
  for (const field of fields) {
    if (same(site[field], baseline[field])) {
      delete out[field];
      if (field === 'key') out.key = null;
    } else if (site[field] !== undefined) decides = true;
  }
  // A decode is judged at the caller only when the inner decode had to leave its token's origin to the callers.
  if (site.decode && baseline.decode?.tokenSource === 'parameter' && !same(site.decode, baseline.decode)) decides = true;
  else delete out.decode;
  if (site.operation === 'decode' && !out.decode) return null;
  return decides ? out : null;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function clone(site: JwtCallSite): JwtCallSite {
  return JSON.parse(JSON.stringify(site)) as JwtCallSite;
}

/** The functions around `node`, innermost first. */
function enclosingFunctions(index: FileIndex, node: t.Node): t.Function[] {
  const out: t.Function[] = [];
  for (let scope: Scope | null | undefined = index.scopeOf.get(node); scope; scope = scope.parent) {
    if (scope.fn && out[out.length - 1] !== scope.fn) out.push(scope.fn);
  }
  return out;
}

/** The position of `token` among `fn`'s simple parameters (`token` itself, not a property of it), or -1. */
function parameterPosition(index: FileIndex, token: t.Node, fn: t.Function): number {
  const id = unwrap(token);
  if (id.type !== 'Identifier') return -1;
  for (let scope: Scope | null | undefined = index.scopeOf.get(id); scope; scope = scope.parent) {
    const binding = scope.bindings.get(id.name);
    if (!binding) continue;
    return binding.kind === 'param' && binding.fn === fn && binding.path.length === 0 ? binding.index : -1;
  }
  return -1;
}

/** `fn` returns the value of `call`: its expression body, or a `return` of it (awaited, cast or parenthesised). */
function returnsValueOf(fn: t.Function, call: t.Node, index: FileIndex): boolean {
  let node: t.Node = call;
  for (let parent = index.parentOf.get(node); parent; node = parent, parent = index.parentOf.get(node)) {
    if (parent === fn) return fn.body === node;
    if (parent.type === 'ReturnStatement') return index.scopeOf.get(parent)?.fn === fn;
    if (!TRANSPARENT.has(parent.type)) return false;
  }
  return false;
}

/** Expressions a value passes through unchanged on its way to a `return`. */
const TRANSPARENT = new Set(['AwaitExpression', 'ParenthesizedExpression', 'TSAsExpression', 'TSNonNullExpression', 'TSSatisfiesExpression', 'TypeCastExpression']);

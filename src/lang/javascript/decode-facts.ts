import type * as t from '@babel/types';
import type { FileBudget } from '../../facts/budget.js';
import { enclosingFunction, lookup, nodeText, type Binding, type FileIndex } from './file-index.js';
import type { DecodeFacts, ModuleEnvironment } from '../../facts/model.js';
import { calleeName, methodName, unwrap } from './resolve-value.js';

type DecodeTokenSource = NonNullable<DecodeFacts['tokenSource']>;

// The facts `decode-without-verify` judges about one decode call: whether the same token is
// verified around it (in its function, by the callers of the helper it sits in, or by a
// function of this module it hands the token to after picking a key), where the token comes
// from, what the decoded claims are used for, and whether a file is browser code.
//
// Everything here is indexed once per file (verify calls, local calls, identifier uses,
// exports) and each decode looks only at its own group, so a file of many decodes stays
// linear. Per-file caches are stored only once complete: a budget spent half way leaves none.

// ---- per-file indexes ---------------------------------------------------------------------

/** Calls whose method name mentions "verify", by innermost function, then by first-argument text. */
type VerifyCallIndex = Map<t.Function | null, Map<string, t.CallExpression[]>>;

/**
 * Calls of functions that may be defined in this module (`helper(x)`, `this.helper(x)`): by
 * callee key (`helper`, `this.helper`), and by enclosing function then argument text.
 */
interface LocalCallIndex {
  byCallee: Map<string, t.CallExpression[]>;
  byFunctionAndArg: Map<t.Function | null, Map<string, t.CallExpression[]>>;
}

interface FileCache {
  verify?: VerifyCallIndex;
  localCalls?: LocalCallIndex;
  /** How often each name occurs as an identifier or a string literal of the file. */
  nameCounts?: Map<string, number>;
  /** The references of each binding (declarations and property names left out). */
  uses?: Map<Binding, t.Identifier[]>;
  exported?: { names: Set<string>; nodes: Set<t.Node> };
  /** Per function: what its callers show (helper facts), computed on first need. */
  helpers: Map<t.Function, HelperFacts>;
  /** Per class body: its methods by key. */
  classMethods: Map<t.ClassBody, Map<string, t.Function>>;
}

const caches = new WeakMap<FileIndex, FileCache>();

function cacheOf(index: FileIndex): FileCache {
  let cache = caches.get(index);
  if (!cache) caches.set(index, (cache = { helpers: new Map(), classMethods: new Map() }));
  return cache;
}

const VERIFY_CALLEE = /verify/i;
/** Arguments looked at per local call: the token is rarely further than the fourth. */
const MAX_INDEXED_ARGS = 6;
/** Candidates examined per question (callers of a helper, local calls with the token): a constant. */
const MAX_CANDIDATES = 32;

export function textKey(index: FileIndex, node: t.Node): string {
  return nodeText(index, unwrap(node)).replace(/\s+/g, '');
}

export function verifyCallIndex(index: FileIndex, budget: FileBudget | undefined): VerifyCallIndex {
  const cache = cacheOf(index);
  if (cache.verify) return cache.verify;
  const byFn: VerifyCallIndex = new Map();
  for (const c of index.calls) {
    budget?.tick();
    if (!VERIFY_CALLEE.test(methodName(c.callee))) continue;
    const first = c.arguments[0];
    if (!first) continue;
    const fn = enclosingFunction(index, c);
    let byText = byFn.get(fn);
    if (!byText) byFn.set(fn, (byText = new Map()));
    const text = textKey(index, first);
    const calls = byText.get(text);
    if (calls) calls.push(c);
    else byText.set(text, [c]);
  }
  cache.verify = byFn;
  return byFn;
}

/** `helper` for `helper(...)`, `this.helper` / `this.#helper` for a method call on `this`. */
function localCalleeKey(callee: t.Node): string | null {
  const n = unwrap(callee);
  if (n.type === 'Identifier') return n.name;
  if ((n.type === 'MemberExpression' || n.type === 'OptionalMemberExpression') && n.object.type === 'ThisExpression' && !n.computed) {
    if (n.property.type === 'Identifier') return `this.${n.property.name}`;
    if (n.property.type === 'PrivateName') return `this.#${n.property.id.name}`;
  }
  return null;
}

function localCallIndex(index: FileIndex, budget: FileBudget | undefined): LocalCallIndex {
  const cache = cacheOf(index);
  if (cache.localCalls) return cache.localCalls;
  const built: LocalCallIndex = { byCallee: new Map(), byFunctionAndArg: new Map() };
  for (const c of index.calls) {
    budget?.tick();
    const key = localCalleeKey(c.callee);
    if (key === null) continue;
    push(built.byCallee, key, c);
    const fn = enclosingFunction(index, c);
    let byArg = built.byFunctionAndArg.get(fn);
    if (!byArg) built.byFunctionAndArg.set(fn, (byArg = new Map()));
    const seen = new Set<string>();
    for (let i = 0; i < c.arguments.length && i < MAX_INDEXED_ARGS; i++) {
      budget?.tick();
      const a = c.arguments[i]!;
      if (a.type === 'SpreadElement' || a.type === 'ArgumentPlaceholder') continue;
      const text = textKey(index, a);
      if (seen.has(text)) continue;
      seen.add(text);
      push(byArg, text, c);
    }
  }
  cache.localCalls = built;
  return built;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function nameCounts(index: FileIndex, budget: FileBudget | undefined): Map<string, number> {
  const cache = cacheOf(index);
  if (cache.nameCounts) return cache.nameCounts;
  const counts = new Map<string, number>();
  for (const id of index.identifiers) {
    budget?.tick();
    counts.set(id.name, (counts.get(id.name) ?? 0) + 1);
  }
  // `this['helper']`, `exports['helper']`: a reference by string is a reference too.
  for (const s of index.strings) {
    budget?.tick();
    if (s.type !== 'StringLiteral') continue;
    if (counts.has(s.value)) counts.set(s.value, counts.get(s.value)! + 1);
  }
  cache.nameCounts = counts;
  return counts;
}

/** Is this Identifier a reference (not a property name, an object key, a label)? */
function isReference(index: FileIndex, id: t.Identifier): boolean {
  const parent = index.parentOf.get(id);
  if (!parent) return true;
  switch (parent.type) {
    case 'MemberExpression':
    case 'OptionalMemberExpression':
      return parent.object === id || parent.computed;
    case 'ObjectProperty':
      // In a pattern (`const { sub } = claims`) the shorthand key is the binding's own name, not a use.
      if (parent.shorthand && parent.key === id) return index.parentOf.get(parent)?.type !== 'ObjectPattern';
      return parent.value === id || parent.computed;
    case 'ObjectMethod':
    case 'ClassMethod':
    case 'ClassProperty':
    case 'ClassPrivateMethod':
    case 'TSPropertySignature':
    case 'TSMethodSignature':
      return parent.key !== id || !!parent.computed;
    case 'LabeledStatement':
    case 'BreakStatement':
    case 'ContinueStatement':
      return false;
    default:
      return !parent.type.startsWith('TS') || parent.type === 'TSAsExpression' || parent.type === 'TSNonNullExpression' || parent.type === 'TSSatisfiesExpression';
  }
}

function usesIndex(index: FileIndex, budget: FileBudget | undefined): Map<Binding, t.Identifier[]> {
  const cache = cacheOf(index);
  if (cache.uses) return cache.uses;
  const uses = new Map<Binding, t.Identifier[]>();
  for (const id of index.identifiers) {
    budget?.tick();
    if (!isReference(index, id)) continue;
    const binding = lookup(index.scopeOf.get(id), id.name);
    if (!binding || ((binding.kind === 'var' || binding.kind === 'param') && binding.id === id)) continue;
    push(uses, binding, id);
  }
  cache.uses = uses;
  return uses;
}

function exportedOf(index: FileIndex): { names: Set<string>; nodes: Set<t.Node> } {
  const cache = cacheOf(index);
  if (cache.exported) return cache.exported;
  const names = new Set<string>();
  const nodes = new Set<t.Node>();
  for (const entry of index.exports.values()) {
    if (entry.kind === 'local') names.add(entry.name);
    else if (entry.kind === 'expr') {
      const n = unwrap(entry.node);
      if (n.type === 'Identifier') names.add(n.name);
      else nodes.add(n);
    }
  }
  cache.exported = { names, nodes };
  return cache.exported;
}

// ---- helpers and the functions a decode's function calls ---------------------------------

interface HelperFacts {
  /** The function is called only from this module, and every reference to it is such a call. */
  callersVisible: boolean;
  /** Those calls (when visible; at most MAX_CANDIDATES). */
  callers: t.CallExpression[];
}

/** The key callers use (`helper`, `this.helper`) and whether code outside the module can reach it. */
function helperIdentity(index: FileIndex, fn: t.Function): { key: string; name: string; exported: boolean } | null {
  const parent = index.parentOf.get(fn);
  const exported = exportedOf(index);
  const exportParent = (node: t.Node | null | undefined) =>
    !!node && (node.type === 'ExportNamedDeclaration' || node.type === 'ExportDefaultDeclaration');
  if (fn.type === 'FunctionDeclaration' && fn.id) {
    const name = fn.id.name;
    const atTop = index.scopeOf.get(fn) === index.programScope;
    return { key: name, name, exported: exportParent(parent) || exported.nodes.has(fn) || (atTop && exported.names.has(name)) };
  }
  if ((fn.type === 'ArrowFunctionExpression' || fn.type === 'FunctionExpression') && parent?.type === 'VariableDeclarator' && parent.init === fn && parent.id.type === 'Identifier') {
    const name = parent.id.name;
    const declaration = index.parentOf.get(parent);
    const atTop = index.scopeOf.get(parent) === index.programScope;
    return { key: name, name, exported: exportParent(declaration && index.parentOf.get(declaration)) || exported.nodes.has(fn) || (atTop && exported.names.has(name)) };
  }
  if (fn.type === 'ClassPrivateMethod' && fn.key.type === 'PrivateName') {
    return { key: `this.#${fn.key.id.name}`, name: fn.key.id.name, exported: false };
  }
  if (fn.type === 'ClassMethod' && fn.kind === 'method' && !fn.computed && fn.key.type === 'Identifier' && fn.accessibility === 'private' && !fn.static) {
    return { key: `this.${fn.key.name}`, name: fn.key.name, exported: false };
  }
  return null;
}

function helperFacts(index: FileIndex, fn: t.Function, budget: FileBudget | undefined): HelperFacts {
  const cache = cacheOf(index);
  const known = cache.helpers.get(fn);
  if (known) return known;
  const hidden: HelperFacts = { callersVisible: false, callers: [] };
  const identity = helperIdentity(index, fn);
  let facts = hidden;
  if (identity && !identity.exported) {
    const candidates = localCallIndex(index, budget).byCallee.get(identity.key) ?? [];
    const callers: t.CallExpression[] = [];
    // A helper called from more places than are examined is treated as one whose callers cannot all be seen.
    for (const c of candidates.length <= MAX_CANDIDATES ? candidates : []) {
      budget?.tick();
      if (localFunctionOf(index, c, budget) === fn) callers.push(c);
    }
    // Every occurrence of the name is the declaration or one of these calls: no callback
    // use, no re-export, no other module can reach it.
    const occurrences = nameCounts(index, budget).get(identity.name) ?? 0;
    if (callers.length > 0 && callers.length <= MAX_CANDIDATES && occurrences === callers.length + 1) facts = { callersVisible: true, callers };
  }
  cache.helpers.set(fn, facts);
  return facts;
}

/** The function of this module a call runs, when it can be seen: `helper(x)`, `this.helper(x)`. */
function localFunctionOf(index: FileIndex, call: t.CallExpression, budget: FileBudget | undefined): t.Function | null {
  const callee = unwrap(call.callee);
  if (callee.type === 'Identifier') {
    const binding = lookup(index.scopeOf.get(callee), callee.name);
    if (!binding) return null;
    if (binding.kind === 'function') return binding.node;
    if (binding.kind === 'var' && binding.path.length === 0 && binding.init) {
      const init = unwrap(binding.init);
      if (init.type === 'ArrowFunctionExpression' || init.type === 'FunctionExpression') return init;
    }
    return null;
  }
  const key = localCalleeKey(callee);
  if (key === null || !key.startsWith('this.')) return null;
  // The class whose body holds the call (arrow functions keep `this`; a nested function
  // expression does not, and then nothing is claimed).
  let node: t.Node | null | undefined = call;
  for (let steps = 0; node && steps < 4096; steps++) {
    budget?.tick();
    const parent: t.Node | null | undefined = index.parentOf.get(node);
    if (!parent) return null;
    if (parent.type === 'FunctionExpression' || parent.type === 'FunctionDeclaration') return null;
    if (parent.type === 'ClassBody') return classMethods(index, parent, budget).get(key) ?? null;
    node = parent;
  }
  return null;
}

function classMethods(index: FileIndex, body: t.ClassBody, budget: FileBudget | undefined): Map<string, t.Function> {
  const cache = cacheOf(index);
  const known = cache.classMethods.get(body);
  if (known) return known;
  const methods = new Map<string, t.Function>();
  for (const member of body.body) {
    budget?.tick();
    if (member.type === 'ClassMethod' && !member.computed && member.key.type === 'Identifier' && member.kind === 'method') methods.set(`this.${member.key.name}`, member);
    else if (member.type === 'ClassPrivateMethod' && member.key.type === 'PrivateName') methods.set(`this.#${member.key.id.name}`, member);
  }
  cache.classMethods.set(body, methods);
  return methods;
}

/** The simple parameter name of `fn` at position `i` (`token`, `token = ''`), or null. */
function paramName(fn: t.Function, i: number): string | null {
  let p: t.Node | undefined = fn.params[i];
  if (p?.type === 'TSParameterProperty') p = p.parameter;
  if (p?.type === 'AssignmentPattern') p = p.left;
  return p?.type === 'Identifier' ? p.name : null;
}

/** Does `fn` verify its `i`-th parameter (a verify call of that name in its own body)? */
function verifiesParameter(index: FileIndex, fn: t.Function, i: number, budget: FileBudget | undefined): boolean {
  const name = paramName(fn, i);
  return name !== null && !!verifyCallIndex(index, budget).get(fn)?.get(name)?.length;
}

/**
 * The token (same text) is handed, after `after`, to a function of this module that verifies
 * that parameter: `return checkSignature(token, key)` with `function checkSignature(t, k) { return jwt.verify(t, k, …) }`.
 */
function verifiedByLocalCallee(index: FileIndex, after: t.Node, text: string, fn: t.Function | null, exclude: t.Function | null, budget: FileBudget | undefined): boolean {
  const calls = localCallIndex(index, budget).byFunctionAndArg.get(fn)?.get(text);
  if (!calls) return false;
  let examined = 0;
  for (const c of calls) {
    budget?.tick();
    if (++examined > MAX_CANDIDATES) return false;
    if ((c.start ?? 0) < (after.end ?? 0)) continue;
    const target = localFunctionOf(index, c, budget);
    if (!target || target === fn || target === exclude) continue;
    for (let i = 0; i < c.arguments.length && i < MAX_INDEXED_ARGS; i++) {
      const a = c.arguments[i]!;
      if (a.type === 'SpreadElement' || a.type === 'ArgumentPlaceholder') continue;
      if (textKey(index, a) === text && verifiesParameter(index, target, i, budget)) return true;
    }
  }
  return false;
}

/** The node runs inside a function passed to a verify call (`jwt.verify(t, k, (err, claims) => …)`). */
function insideVerifyCallback(index: FileIndex, node: t.Node): boolean {
  for (let n: t.Node | null | undefined = index.parentOf.get(node); n; n = index.parentOf.get(n)) {
    const parent = index.parentOf.get(n);
    if (
      (n.type === 'ArrowFunctionExpression' || n.type === 'FunctionExpression') &&
      parent &&
      parent.type === 'CallExpression' &&
      parent.arguments.includes(n as t.Expression) &&
      VERIFY_CALLEE.test(calleeName(parent.callee))
    ) {
      return true;
    }
  }
  return false;
}

// ---- what the decoded value is used for ---------------------------------------------------

/** Claims that only choose a key, an issuer's configuration or a tenant before a verify. */
const KEY_SELECTION = /^(kid|tid|iss|alg|x5t|x5t#S256|jku|realm|tenant[\w-]*|tenant_?id)$/i;
/** A complete decode result: `decoded.header.kid`, `decoded.payload.iss`. */
const COMPLETE_PARTS = new Set(['header', 'payload']);
/** Methods whose call on a claim is a decision (`roles.includes(role)`). */
const DECISION_METHODS = new Set(['includes', 'some', 'every', 'indexOf', 'has', 'startsWith', 'endsWith', 'test', 'match', 'find']);
const COMPARISONS = new Set(['===', '!==', '==', '!=', '<', '<=', '>', '>=', 'in', 'instanceof']);
/** Members of an incoming request or context that carry the caller's identity once set. */
const IDENTITY_TARGET = /^(req|request|ctx|context|res\.locals|c)\b/;
/** Assertion roots in tests: `expect(x)`, `assert.equal(x, …)`, `chai.expect`, `should`. */
const ASSERT_ROOTS = new Set(['expect', 'assert', 'chai', 'should', 'assertThat']);
/** ava/tap/node:test assertions on the test context: `t.is(x, …)`. */
const CONTEXT_ASSERTIONS = new Set(['is', 'not', 'deepEqual', 'notDeepEqual', 'equal', 'equals', 'strictEqual', 'same', 'strictSame', 'like', 'match', 'ok', 'truthy', 'falsy', 'notOk', 'assert', 'has', 'hasProps']);

interface ValueUse {
  /** The outermost expression that still stands for the claim (after member reads). */
  node: t.Node;
  /** Member names read from the decoded value, outermost last (`['header', 'kid']`). */
  path: string[];
  /** `roles.includes(...)`-style call on the claim, by method name. */
  method?: string;
}

/** The expression whose value is the decoded claims (the decode call, or `JSON.parse` around a manual decode). */
function decodedExpression(index: FileIndex, call: t.Node): t.Node {
  let node = call;
  for (let steps = 0; steps < 16; steps++) {
    const parent = index.parentOf.get(node);
    if (!parent) return node;
    if (
      parent.type === 'AwaitExpression' ||
      parent.type === 'TSAsExpression' ||
      parent.type === 'TSNonNullExpression' ||
      parent.type === 'TSSatisfiesExpression' ||
      parent.type === 'TSTypeAssertion' ||
      parent.type === 'ParenthesizedExpression'
    ) {
      node = parent;
      continue;
    }
    if (parent.type === 'LogicalExpression' && parent.left === node && (parent.operator === '??' || parent.operator === '||')) {
      node = parent;
      continue;
    }
    // `Buffer.from(seg, 'base64url').toString()` and `JSON.parse(...)` around a manual decode.
    if ((parent.type === 'MemberExpression' || parent.type === 'OptionalMemberExpression') && parent.object === node && methodName(parent) === 'toString') {
      const call2 = index.parentOf.get(parent);
      if (call2?.type === 'CallExpression' && call2.callee === parent) {
        node = call2;
        continue;
      }
    }
    if (parent.type === 'CallExpression' && parent.arguments[0] === node && calleeName(parent.callee) === 'JSON.parse') {
      node = parent;
      continue;
    }
    return node;
  }
  return node;
}

/**
 * The places the decoded claims are read, each with the member path read from them. Null
 * when the value escapes in a way that cannot be followed (stored into an object, spread).
 */
function decodedValueUses(index: FileIndex, call: t.Node, budget: FileBudget | undefined): ValueUse[] {
  const value = decodedExpression(index, call);
  const parent = index.parentOf.get(value);
  const out: ValueUse[] = [];
  if (parent?.type === 'VariableDeclarator' && parent.init === value) {
    bindingUses(index, parent.id, [], out, budget);
    return out;
  }
  if (parent?.type === 'AssignmentExpression' && parent.right === value && parent.operator === '=' && parent.left.type === 'Identifier') {
    const binding = lookup(index.scopeOf.get(parent.left), parent.left.name);
    if (binding) for (const id of usesIndex(index, budget).get(binding) ?? []) {
      budget?.tick();
      if (id !== parent.left) out.push(climbMembers(index, id, []));
    }
    return out;
  }
  out.push(climbMembers(index, value, []));
  return out;
}

/** How many aliases (`const { exp } = decoded`, `const claims = decoded.payload`) are followed. */
const MAX_ALIASES = 4;

/**
 * Uses of the names a declarator binds, with the destructuring path to each. A use that only
 * binds the value again (`const { sub } = decoded`) is followed into that binding.
 */
function bindingUses(index: FileIndex, pattern: t.Node, path: string[], out: ValueUse[], budget: FileBudget | undefined, aliases = 0) {
  budget?.tick();
  switch (pattern.type) {
    case 'Identifier': {
      const binding = lookup(index.scopeOf.get(pattern), pattern.name);
      if (!binding) return;
      for (const id of usesIndex(index, budget).get(binding) ?? []) {
        budget?.tick();
        const use = climbMembers(index, id, path);
        const parent = index.parentOf.get(use.node);
        if (aliases < MAX_ALIASES && !use.method && parent?.type === 'VariableDeclarator' && parent.init === use.node) {
          bindingUses(index, parent.id, use.path, out, budget, aliases + 1);
          continue;
        }
        out.push(use);
      }
      return;
    }
    case 'AssignmentPattern':
      bindingUses(index, pattern.left, path, out, budget, aliases);
      return;
    case 'ObjectPattern':
      for (const prop of pattern.properties) {
        if (prop.type === 'RestElement') {
          // `...rest` keeps every other claim: read as the whole value.
          bindingUses(index, prop.argument, path, out, budget, aliases);
          continue;
        }
        const key = !prop.computed && prop.key.type === 'Identifier' ? prop.key.name : prop.key.type === 'StringLiteral' ? prop.key.value : null;
        if (key === null) {
          out.push({ node: prop, path });
          continue;
        }
        bindingUses(index, prop.value, [...path, key], out, budget, aliases);
      }
      return;
    default:
      // Array patterns and the rest: the value is used in a way not followed here.
      out.push({ node: pattern, path });
  }
}

/** From a reference, read the member accesses made on it: `claims.header.kid` → path + ['header', 'kid']. */
function climbMembers(index: FileIndex, start: t.Node, prefix: string[]): ValueUse {
  const path = [...prefix];
  let node = start;
  for (let steps = 0; steps < 64; steps++) {
    const parent = index.parentOf.get(node);
    if (!parent) break;
    if (parent.type === 'TSNonNullExpression' || parent.type === 'TSAsExpression' || parent.type === 'ParenthesizedExpression' || parent.type === 'AwaitExpression') {
      node = parent;
      continue;
    }
    if ((parent.type === 'MemberExpression' || parent.type === 'OptionalMemberExpression') && parent.object === node) {
      const key = !parent.computed && parent.property.type === 'Identifier' ? parent.property.name : parent.property.type === 'StringLiteral' ? parent.property.value : null;
      if (key === null) break;
      const grand = index.parentOf.get(parent);
      if (grand && (grand.type === 'CallExpression' || grand.type === 'OptionalCallExpression') && grand.callee === parent) {
        return { node: grand, path, method: key };
      }
      path.push(key);
      node = parent;
      continue;
    }
    break;
  }
  return { node, path };
}

/** Reads only claims that select a key or tenant (`kid`, `tid`, `iss`, `alg`, `tenantId`). */
function isKeySelection(use: ValueUse): boolean {
  const path = use.path.length > 1 && COMPLETE_PARTS.has(use.path[0]!) ? use.path.slice(1) : use.path;
  return path.length > 0 && KEY_SELECTION.test(path[0]!);
}

const TIMING_CLAIMS = new Set(['exp', 'iat', 'nbf']);

/** The claim a use reads (`header.kid` → `kid`). */
function claimName(use: ValueUse): string {
  const path = use.path.length > 1 && COMPLETE_PARTS.has(use.path[0]!) ? use.path.slice(1) : use.path;
  return path[0] ?? '';
}

/** Reads one of the claims that say when a token is valid (`exp`, `iat`, `nbf`). */
function isTimingClaim(use: ValueUse): boolean {
  return use.path.length === 1 && !use.method && TIMING_CLAIMS.has(use.path[0]!);
}

/** The whole decoded value, only tested for presence: `if (decoded)`, `!decoded`, `decoded ? … : …`. */
function isPresenceCheck(index: FileIndex, use: ValueUse): boolean {
  if (use.path.length > 0 || use.method) return false;
  const parent = index.parentOf.get(use.node);
  if (!parent) return false;
  if (parent.type === 'UnaryExpression' && parent.operator === '!') return true;
  return (parent.type === 'IfStatement' || parent.type === 'ConditionalExpression') && parent.test === use.node;
}

/** The use decides something: a condition, a comparison, a membership test, the request's identity. */
function isDecision(index: FileIndex, use: ValueUse): boolean {
  if (use.method && DECISION_METHODS.has(use.method)) return true;
  // The whole claims object in a condition is a check that the decode worked (`if (!claims)`),
  // not a decision on a claim; handing it over as the request's identity is one.
  const wholeValue = use.path.length === 0 && !use.method;
  let node = use.node;
  for (let steps = 0; steps < 8; steps++) {
    const parent = index.parentOf.get(node);
    if (!parent) return false;
    switch (parent.type) {
      case 'IfStatement':
      case 'WhileStatement':
      case 'DoWhileStatement':
      case 'ConditionalExpression':
        return !wholeValue && parent.test === node;
      case 'SwitchStatement':
        return !wholeValue && parent.discriminant === node;
      case 'SwitchCase':
        return !wholeValue && parent.test === node;
      case 'BinaryExpression':
        return !wholeValue && COMPARISONS.has(parent.operator);
      case 'UnaryExpression':
        if (parent.operator !== '!') return false;
        node = parent;
        continue;
      case 'LogicalExpression':
      case 'TSNonNullExpression':
      case 'TSAsExpression':
      case 'ParenthesizedExpression':
        node = parent;
        continue;
      case 'CallExpression':
        // `allowed.includes(claims.role)`.
        return !wholeValue && parent.arguments.includes(node as t.Expression) && DECISION_METHODS.has(methodName(parent.callee));
      case 'AssignmentExpression':
        // `req.user = claims`: the request now carries the caller's chosen identity.
        return parent.right === node && IDENTITY_TARGET.test(calleeName(parent.left));
      default:
        return false;
    }
  }
  return false;
}

/** Root identifier of a callee: `expect(x).toBe` → expect, `assert.equal` → assert, `t.is` → t. */
function calleeRoot(callee: t.Node): { root: string; method: string } | null {
  let n = unwrap(callee);
  const method = methodName(n);
  for (let steps = 0; steps < 32; steps++) {
    if (n.type === 'Identifier') return { root: n.name, method };
    if (n.type === 'MemberExpression' || n.type === 'OptionalMemberExpression') n = unwrap(n.object);
    else if (n.type === 'CallExpression' || n.type === 'OptionalCallExpression') n = unwrap(n.callee);
    else return null;
  }
  return null;
}

/** The use is (part of) an argument of a test assertion: `expect(claims.sub)`, `assert.equal(decode(t).sub, …)`. */
function isAssertion(index: FileIndex, use: ValueUse): boolean {
  if (use.path.includes('should')) return true;
  let node = use.node;
  for (let steps = 0; steps < 12; steps++) {
    const parent = index.parentOf.get(node);
    if (!parent) return false;
    if ((parent.type === 'CallExpression' || parent.type === 'OptionalCallExpression') && parent.arguments.includes(node as t.Expression)) {
      const root = calleeRoot(parent.callee);
      if (root && (ASSERT_ROOTS.has(root.root) || (root.root === 't' && CONTEXT_ASSERTIONS.has(root.method)))) return true;
    }
    if (parent.type.endsWith('Statement') || parent.type.endsWith('Declaration') || parent.type === 'ArrowFunctionExpression' || parent.type === 'FunctionExpression') return false;
    node = parent;
  }
  return false;
}

// ---- where the token comes from -----------------------------------------------------------

/** Identifiers that hold an incoming request or a part of one. */
const REQUEST_NAMES = new Set(['req', 'request', 'headers', 'cookies', 'query', 'authorization', 'authHeader', 'authorizationHeader', 'bearer', 'bearerHeader', 'incomingMessage']);
/** Members that lead into an incoming request. */
const REQUEST_MEMBERS = new Set(['req', 'request', 'headers', 'cookies', 'signedCookies', 'query', 'body', 'params', 'searchParams', 'authorization', 'Authorization', 'form', 'fields']);
/** Methods that read from a request (`req.get('authorization')`, `c.req.header()`, `cookies.get()`). */
const REQUEST_GETTERS = new Set(['get', 'header', 'getHeader', 'param', 'cookie', 'getAll', 'formData']);
/** Next.js `cookies()` / `headers()` from next/headers: the incoming request. */
const REQUEST_FUNCTIONS = new Set(['cookies', 'headers']);
/** Calls whose result carries their argument along (`String(x)`, `x.split(' ')`, `res.json()`). */
const PASS_THROUGH_FUNCTIONS = new Set(['String', 'decodeURIComponent', 'firstValueFrom', 'lastValueFrom', 'Promise.resolve']);
/** Methods that read the body of a fetch `Response`. */
const BODY_READERS = new Set(['text', 'json']);
/** Names of a received HTTP response; not `res`, which in Express is the response being sent. */
const RESPONSE_NAME = /^(response|resp|httpResponse|fetchResponse|upstreamResponse|[a-z]\w*Response)$/;
const PASS_THROUGH_METHODS = new Set(['split', 'slice', 'substring', 'substr', 'replace', 'replaceAll', 'trim', 'toString', 'at', 'pop', 'shift', 'then', 'json', 'text', 'valueOf', 'catch', 'finally', 'toPromise']);
/** Outbound HTTP clients: what they return was sent by the server called, over TLS. */
const HTTP_CALLS = /^(fetch|globalThis\.fetch|window\.fetch|axios|got|ky|ofetch|\$fetch|needle|superagent|undici\.(request|fetch))$/;
const HTTP_CLIENT_OBJECTS = /^(axios|got|ky|ofetch|\$fetch|superagent|needle|undici|http[A-Z]?\w*|httpService|httpClient|axiosRef|apiClient|fetcher)$/;
const HTTP_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'request', 'head', 'fetch']);
/** openid-client (and google-auth-library) calls that return a token set from the token endpoint. */
const TOKEN_ENDPOINT_METHODS = new Set(['callback', 'oauthCallback', 'grant', 'refresh', 'authorizationCodeGrant', 'refreshTokenGrant', 'clientCredentialsGrant', 'genericGrantRequest', 'getToken']);

const MAX_SOURCE_STEPS = 12;

/** Calls that mint a token: a library's `sign`, and project functions named for signing or issuing one. */
const SIGN_CALLS = /^(sign|signAsync|signSync)$|^sign(ed)?_?(jwt|token|access_?token|refresh_?token)$|^(create|generate|issue|mint|make)_?(signed_?)?(jwt|token|access_?token|refresh_?token|id_?token)$/i;

/**
 * Where a token expression comes from, followed through local variables of the file:
 * the incoming request, an outbound HTTP response, a parameter of the enclosing function
 * (`parameter`: resolved further by the caller), or unknown.
 */
function sourceOf(index: FileIndex, node: t.Node, budget: FileBudget | undefined, steps = { left: MAX_SOURCE_STEPS }): DecodeTokenSource {
  budget?.tick();
  if (--steps.left < 0) return 'unknown';
  const n = unwrap(node);
  switch (n.type) {
    case 'Identifier': {
      const binding = lookup(index.scopeOf.get(n), n.name);
      if (binding?.kind === 'var' && binding.init) return sourceOf(index, binding.init, budget, steps);
      if (binding?.kind === 'param' || !binding) {
        if (REQUEST_NAMES.has(n.name)) return 'request';
        return binding ? 'parameter' : 'unknown';
      }
      return 'unknown';
    }
    case 'LogicalExpression':
    case 'ConditionalExpression': {
      const sides = n.type === 'LogicalExpression' ? [n.left, n.right] : [n.consequent, n.alternate];
      const found = sides.map((s) => sourceOf(index, s, budget, steps));
      if (found.includes('request')) return 'request';
      if (found[0] === 'response') return 'response';
      return found[0] === 'parameter' ? 'parameter' : 'unknown';
    }
    case 'MemberExpression':
    case 'OptionalMemberExpression': {
      // Down to the root, noting whether a request member is on the way.
      let throughRequest = false;
      let object: t.Node = n;
      for (let i = 0; i < 64 && (object.type === 'MemberExpression' || object.type === 'OptionalMemberExpression'); i++) {
        const key = !object.computed && object.property.type === 'Identifier' ? object.property.name : object.property.type === 'StringLiteral' ? object.property.value : null;
        if (key !== null && REQUEST_MEMBERS.has(key)) throughRequest = true;
        object = unwrap(object.object);
      }
      const root = object.type === 'ThisExpression' ? 'unknown' : sourceOf(index, object, budget, steps);
      if (root === 'response' || root === 'request') return root;
      return throughRequest ? 'request' : root;
    }
    case 'CallExpression':
    case 'OptionalCallExpression':
      return callSource(index, n, budget, steps);
    case 'NewExpression': {
      // `new URL(request.url)`.
      const first = n.arguments[0];
      return first && first.type !== 'SpreadElement' && first.type !== 'ArgumentPlaceholder' ? sourceOf(index, first, budget, steps) : 'unknown';
    }
    default:
      return 'unknown';
  }
}

function callSource(index: FileIndex, call: t.CallExpression | t.OptionalCallExpression, budget: FileBudget | undefined, steps: { left: number }): DecodeTokenSource {
  const name = calleeName(call.callee);
  if (HTTP_CALLS.test(name)) return 'response';
  // `const t = jwt.sign(...)`, `await signToken(...)`: a token minted here, not one received.
  if (SIGN_CALLS.test(methodName(call.callee))) return 'issued';
  const callee = unwrap(call.callee);
  const args = call.arguments.filter((a): a is t.Expression => a.type !== 'SpreadElement' && a.type !== 'ArgumentPlaceholder');
  if (callee.type === 'Identifier') {
    if (REQUEST_FUNCTIONS.has(callee.name) && args.length === 0) return 'request';
    if (PASS_THROUGH_FUNCTIONS.has(callee.name) && args[0]) return sourceOf(index, args[0], budget, steps);
  }
  if (callee.type === 'MemberExpression' || callee.type === 'OptionalMemberExpression') {
    const method = methodName(callee);
    const object = unwrap(callee.object);
    const objectName = calleeName(object).split('.').pop() ?? '';
    if (HTTP_METHODS.has(method) && HTTP_CLIENT_OBJECTS.test(objectName)) return 'response';
    if (PASS_THROUGH_METHODS.has(method) || REQUEST_GETTERS.has(method)) {
      const inner = sourceOf(index, object, budget, steps);
      // `await response.text()` of a fetch `Response` handed in by the caller: a body received
      // from another server (a request's own body, `await request.json()`, stays the request).
      if (BODY_READERS.has(method) && args.length === 0 && inner !== 'request' && RESPONSE_NAME.test(objectName)) return 'response';
      if (inner !== 'unknown' && inner !== 'parameter') return inner;
      if (REQUEST_GETTERS.has(method) && inner === 'parameter' && REQUEST_NAMES.has(objectName)) return 'request';
      if (PASS_THROUGH_METHODS.has(method)) return inner;
    }
    if (name === 'Promise.resolve' && args[0]) return sourceOf(index, args[0], budget, steps);
    // openid-client `client.callback(...)`, google-auth `oauth2Client.getToken(code)`: unless
    // they are handed the request itself.
    // A grant takes what it exchanges (a code, a refresh token, parameters); `this.getToken()`
    // with nothing to exchange is the class's own getter, not a token endpoint.
    if (TOKEN_ENDPOINT_METHODS.has(method) && args.length > 0 && object.type !== 'ThisExpression' && !args.some((a) => argumentIsRequest(index, a, budget, steps))) return 'response';
  }
  // `extractToken(req)`, `ExtractJwt.fromAuthHeaderAsBearerToken()(req)`: a token read out of the request.
  if (args.some((a) => argumentIsRequest(index, a, budget, steps))) return 'request';
  return 'unknown';
}

function argumentIsRequest(index: FileIndex, arg: t.Expression, budget: FileBudget | undefined, steps: { left: number }): boolean {
  const a = unwrap(arg);
  if (a.type === 'ObjectExpression') {
    return a.properties.some((p) => p.type === 'ObjectProperty' && p.value.type !== 'RestElement' && !p.value.type.endsWith('Pattern') && argumentIsRequest(index, p.value as t.Expression, budget, steps));
  }
  if (a.type === 'Identifier' || a.type === 'MemberExpression' || a.type === 'OptionalMemberExpression') {
    return sourceOf(index, a, budget, steps) === 'request';
  }
  return false;
}

// ---- the decode facts ---------------------------------------------------------------------

export interface DecodeFactsOptions {
  /** `decode(t, { complete: true })`: the result holds `header` and `payload`. */
  returnsComplete: boolean;
  /** The file is test code (`*.test.*`, test folders). */
  isTest: boolean;
}

/**
 * The facts of one decode call. `token` is the decoded expression (absent for a decode
 * without arguments).
 */
export function decodeFacts(index: FileIndex, call: t.Node, token: t.Node | undefined, opts: DecodeFactsOptions, budget: FileBudget | undefined): DecodeFacts {
  const headerOnly = opts.returnsComplete && usesOnlyHeader(index, call);
  if (!token) return { headerOnly, verifiedInScope: false, manual: false };
  const tokenText = textKey(index, token);
  const fn = enclosingFunction(index, call);
  // "Verified in the same scope": the same token expression is passed to a verify call in the
  // innermost function around the decode, or the decode runs inside a verify callback. Only
  // the decode's own group is looked at, so a file of decodes stays linear.
  let verifiedInScope = insideVerifyCallback(index, call);
  if (!verifiedInScope) {
    const candidates = verifyCallIndex(index, budget).get(fn)?.get(tokenText);
    verifiedInScope =
      !!candidates &&
      candidates.some((c) => {
        budget?.tick();
        return c !== call;
      });
  }
  const facts: DecodeFacts = { headerOnly, verifiedInScope, manual: false };
  if (isIdTokenFromTokenResponse(token)) facts.fromTokenEndpoint = true;
  if (headerOnly || verifiedInScope) return withSource(index, facts, token, fn, budget);

  // A helper of this module whose every caller verifies the token it passes.
  const tokenNode = unwrap(token);
  const paramIndex = fn && tokenNode.type === 'Identifier' ? parameterIndex(index, tokenNode, fn) : -1;
  if (fn && paramIndex >= 0) {
    const helper = helperFacts(index, fn, budget);
    if (helper.callersVisible && helper.callers.every((c) => callerVerifies(index, c, paramIndex, fn, budget))) facts.verifiedByCallers = true;
  }
  withSource(index, facts, token, fn, budget);
  if (facts.verifiedByCallers) return facts;

  // How the decoded value is used, read once for the checks below.
  let uses: ValueUse[] | undefined;
  const valueUses = () => (uses ??= decodedValueUses(index, call, budget));

  // Claims read for key selection only, then the same token verified by a function it calls.
  if (verifiedByLocalCallee(index, call, tokenText, fn, null, budget)) {
    if (valueUses().length > 0 && valueUses().every(isKeySelection)) facts.keySelectionThenVerified = true;
  }
  if (facts.keySelectionThenVerified) return facts;

  if (opts.isTest && valueUses().length > 0 && valueUses().every((u) => isAssertion(index, u))) {
    facts.inTestAssertion = true;
    return facts;
  }
  // Read only for when it expires or which key/tenant to use (`payload.tid` in a refresh URL,
  // `if (decoded) expiresAt = decoded.exp`): claims that identify no one.
  if (valueUses().length > 0 && valueUses().every((u) => isTimingClaim(u) || isKeySelection(u) || isPresenceCheck(index, u))) {
    const claims = new Set(valueUses().flatMap((u) => (u.path.length > 0 ? [claimName(u)] : [])));
    if (claims.size > 0) {
      facts.nonIdentityClaims = [...claims].sort();
      return facts;
    }
  }
  if (facts.tokenSource === 'request') facts.claimsDecide = valueUses().some((u) => isDecision(index, u));
  return facts;
}

/** Sets `tokenSource`: a parameter of a helper whose callers are all seen takes their arguments' source. */
function withSource(index: FileIndex, facts: DecodeFacts, token: t.Node, fn: t.Function | null, budget: FileBudget | undefined): DecodeFacts {
  const source = sourceOf(index, token, budget);
  if (source !== 'parameter') {
    facts.tokenSource = source;
    return facts;
  }
  const tokenNode = unwrap(token);
  // Only a token that is the parameter itself is traced into the callers (one level).
  const paramIndex = fn && tokenNode.type === 'Identifier' ? parameterIndex(index, tokenNode, fn) : -1;
  const helper = fn ? helperFacts(index, fn, budget) : null;
  if (!fn || !helper?.callersVisible) {
    facts.tokenSource = 'parameter';
    return facts;
  }
  if (paramIndex < 0) {
    facts.tokenSource = 'unknown';
    return facts;
  }
  const sources = helper.callers.map((c) => {
    const a = c.arguments[paramIndex];
    if (!a || a.type === 'SpreadElement' || a.type === 'ArgumentPlaceholder') return 'unknown';
    const s = sourceOf(index, a, budget);
    return s === 'parameter' ? 'unknown' : s;
  });
  facts.tokenSource = sources.includes('request') ? 'request' : sources.every((s) => s === 'response') ? 'response' : 'unknown';
  return facts;
}

/** The position of `id` among the simple parameters of `fn`, or -1. */
function parameterIndex(index: FileIndex, id: t.Identifier, fn: t.Function): number {
  const binding = lookup(index.scopeOf.get(id), id.name);
  if (binding?.kind !== 'param' || binding.fn !== fn || binding.path.length !== 0) return -1;
  return paramName(fn, binding.index) === id.name ? binding.index : -1;
}

/** A call of the helper verifies the token it passes: in its own function, a verify callback, or a local verifier after it. */
function callerVerifies(index: FileIndex, call: t.CallExpression, paramIndex: number, helper: t.Function, budget: FileBudget | undefined): boolean {
  budget?.tick();
  const a = call.arguments[paramIndex];
  if (!a || a.type === 'SpreadElement' || a.type === 'ArgumentPlaceholder') return false;
  if (insideVerifyCallback(index, call)) return true;
  const text = textKey(index, a);
  const fn = enclosingFunction(index, call);
  if (fn === helper) return false;
  if (verifyCallIndex(index, budget).get(fn)?.get(text)?.length) return true;
  return verifiedByLocalCallee(index, call, text, fn, helper, budget);
}

const ID_TOKEN_FIELDS = new Set(['id_token', 'idToken']);
/** Member names that lead into a request: what a client sends, not what the provider answers. */
const REQUEST_PARTS = new Set(['body', 'query', 'params', 'cookies', 'headers', 'request', 'req', 'form', 'fields', 'searchParams']);
const REQUEST_ROOTS = new Set(['req', 'request', 'ctx', 'context', 'event', 'c', 'body', 'query', 'cookies', 'headers', 'form', 'fields', 'searchParams']);

/**
 * `params.id_token`, `tokenSet.id_token`, `tokens.idToken`: an OIDC ID token taken from the
 * token endpoint's response, which the client received from the provider over TLS (OIDC Core
 * §3.1.3.7 lets it skip the signature check there). Not when the chain goes through a request
 * (`req.body.id_token` is the implicit or form_post flow: the browser, so the attacker, sends it).
 */
export function isIdTokenFromTokenResponse(token: t.Node): boolean {
  let node = unwrap(token);
  // `tokens.id_token ?? ''`: the token is the left side.
  while (node.type === 'LogicalExpression' && (node.operator === '??' || node.operator === '||')) node = unwrap(node.left);
  if (node.type !== 'MemberExpression' && node.type !== 'OptionalMemberExpression') return false;
  const field = memberName(node);
  if (field === null || !ID_TOKEN_FIELDS.has(field)) return false;
  let object: t.Node = unwrap(node.object);
  for (;;) {
    // A bare `params` is the token response of a Passport OAuth2 callback; `req.params` is not.
    if (object.type === 'Identifier') return !REQUEST_ROOTS.has(object.name);
    if (object.type !== 'MemberExpression' && object.type !== 'OptionalMemberExpression') return false;
    const name = memberName(object);
    if (name === null || REQUEST_PARTS.has(name)) return false;
    object = unwrap(object.object);
  }
}

/** The name of a member access (`a.b`, `a['b']`), or null when computed from anything else. */
function memberName(node: t.MemberExpression | t.OptionalMemberExpression): string | null {
  if (!node.computed && node.property.type === 'Identifier') return node.property.name;
  if (node.computed && node.property.type === 'StringLiteral') return node.property.value;
  return null;
}

/** `const { header } = decode(t, { complete: true })` or `decode(...).header`. */
function usesOnlyHeader(index: FileIndex, call: t.Node): boolean {
  let node: t.Node = call;
  let parent = index.parentOf.get(node);
  while (parent && (parent.type === 'AwaitExpression' || parent.type === 'TSAsExpression' || parent.type === 'TSNonNullExpression')) {
    node = parent;
    parent = index.parentOf.get(node);
  }
  if (!parent) return false;
  if (parent.type === 'MemberExpression' && parent.object === node) {
    return !parent.computed && parent.property.type === 'Identifier' && parent.property.name === 'header';
  }
  if (parent.type === 'VariableDeclarator' && parent.init === node && parent.id.type === 'ObjectPattern') {
    return parent.id.properties.every((p) => p.type === 'ObjectProperty' && p.key.type === 'Identifier' && p.key.name === 'header');
  }
  return false;
}

// ---- server or browser --------------------------------------------------------------------

/** Front-end frameworks: a module importing one is a component, hook or store of a client app. */
const UI_MODULE = /^(react|react-dom|react-dom\/client|react-native|preact|preact\/[\w/-]+|vue|svelte|svelte\/[\w/-]+|solid-js|solid-js\/[\w/-]+|@angular\/core|@angular\/common|next\/router|next-auth\/react|@auth0\/auth0-react|@tanstack\/react-query|swr|react-router-dom)$/;
/** Modules only server code imports. */
const SERVER_MODULE = /^(next\/server|next\/headers|next\/cache|server-only|react-dom\/server|express|koa|fastify|@nestjs\/[\w-]+|@hapi\/hapi|hapi|hono|@remix-run\/node|http|https|fs|fs\/promises|child_process|node:[\w/]+|@prisma\/client|mongoose|pg|mysql2?|firebase-admin|passport|passport-jwt|express-jwt)$/;
/** App-router files that run on the server (route handlers, server components) unless `'use client'`. */
const APP_SERVER_FILES = new Set(['route', 'page', 'layout', 'template', 'default', 'not-found']);
const SOURCE_EXTENSION = /\.[cm]?[jt]sx?$/;

/**
 * Paths of server code in front-end frameworks: Next.js API routes (`pages/api/`), route
 * handlers and server components under `app/`, `middleware`/`instrumentation` files,
 * `server/` folders, Remix `.server` modules and SvelteKit `+server` / `+page.server` files.
 * Segment by segment (no regex over the whole path).
 */
function isServerPath(path: string): boolean {
  const segments = path.split('/');
  const base = segments[segments.length - 1]!.replace(SOURCE_EXTENSION, '');
  let underApp = false;
  for (let i = 0; i < segments.length - 1; i++) {
    const dir = segments[i]!;
    if (dir === 'server' || (dir === 'pages' && segments[i + 1] === 'api' && i + 1 < segments.length - 1)) return true;
    if (dir === 'app') underApp = true;
  }
  if (underApp && APP_SERVER_FILES.has(base)) return true;
  return base === 'middleware' || base === 'instrumentation' || base.endsWith('.server') || base === '+server';
}

/** Exports that run on the server in a module that also renders: Next.js data functions, Remix loaders, route handlers. */
const SERVER_EXPORTS = ['getServerSideProps', 'getStaticProps', 'getInitialProps', 'loader', 'action', 'GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'middleware'];

/**
 * Browser or server, from the file's own evidence (RULES.md, decode-without-verify): a
 * `'use client'` module is browser code; server evidence (a server path, `'use server'`,
 * a server export, a server-only import) makes it server code; otherwise browser globals,
 * a front-end framework import or JSX make it browser code. Imported modules are not read.
 */
export function moduleEnvironment(index: FileIndex): ModuleEnvironment {
  return moduleEnvironmentEvidence(index).environment;
}

/**
 * The environment, and whether the file itself says so. A file with no evidence either way
 * is server code unless its package says otherwise (the engine asks the package, see
 * `src/lang/javascript/front-end-packages.ts`).
 */
export function moduleEnvironmentEvidence(index: FileIndex): { environment: ModuleEnvironment; fromFile: boolean } {
  if (index.directives.includes('use client')) return { environment: 'browser', fromFile: true };
  if (isServerModule(index)) return { environment: 'server', fromFile: true };
  if (index.usesBrowserGlobals || index.hasJsx) return { environment: 'browser', fromFile: true };
  for (const source of index.importSources) if (UI_MODULE.test(source)) return { environment: 'browser', fromFile: true };
  return { environment: 'server', fromFile: false };
}

function isServerModule(index: FileIndex): boolean {
  if (index.directives.includes('use server') || isServerPath(index.file)) return true;
  if (SERVER_EXPORTS.some((name) => index.exports.has(name))) return true;
  for (const source of index.importSources) if (SERVER_MODULE.test(source)) return true;
  return false;
}

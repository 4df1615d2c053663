import type * as t from '@babel/types';
import type { FileBudget } from '../../facts/budget.js';
import { lookup, propertyKeyName, requireSource, type Binding, type FileIndex, type PatternStep } from './file-index.js';
import type { LiteralRoute, SourceLocation } from '../../facts/model.js';
import type { NodeConfigValue } from '../../config-files/index.js';
import type { Project } from './project.js';
import { lineIndexOf } from './string-facts.js';

// Static value resolution without running anything: follows identifiers, members,
// destructuring, defaults, env fallbacks and imports to a literal with its origin, an
// environment/config reference, a known key-producing call, or `unknown`. It never guesses.

export interface Located {
  node: t.Node;
  index: FileIndex;
}

export type KeyProducer = 'private' | 'public' | 'jwks' | 'file' | 'import-jwk';

export type RValue =
  | (Located & { kind: 'string'; value: string; route: LiteralRoute; envName?: string })
  | (Located & { kind: 'number'; value: number; route: LiteralRoute })
  | (Located & { kind: 'boolean'; value: boolean })
  | (Located & { kind: 'nullish' })
  | (Located & { kind: 'array'; elements: Lazy[] })
  | (Located & { kind: 'object'; props: Map<string, Lazy>; hasUnknownSpread: boolean })
  | (Located & { kind: 'env'; name: string })
  | (Located & { kind: 'config'; key: string; source: 'node-config' | 'config-service' })
  | (Located & { kind: 'encoded'; of: RValue; encoding: string })
  | (Located & { kind: 'secret-key'; of: RValue })
  | (Located & { kind: 'key'; producer: KeyProducer; of?: RValue; hint: string })
  | (Located & { kind: 'module'; file: string | null; external: string | null })
  | (Located & { kind: 'text-encoder' })
  | (Located & { kind: 'function'; fn: t.Function })
  | (Located & { kind: 'param'; name: string; fn: t.Function; paramIndex: number; path: PatternStep[] })
  | (Located & { kind: 'call'; callee: string })
  | { kind: 'union'; options: RValue[]; node: t.Node; index: FileIndex }
  | (Located & { kind: 'unknown'; name?: string });

/** A value not resolved yet: object members are resolved only when a rule asks for them. */
export interface Lazy {
  node: t.Node;
  index: FileIndex;
  /** The property key, for "what is missing" questions that need no value. */
  keyNode?: t.Node;
}

const MAX_DEPTH = 40;

/**
 * A call of a project function being judged as the JWT call it wraps (src/lang/javascript/wrappers.ts):
 * while the frame is active, the function's parameters stand for this call's arguments.
 */
export interface CallFrame {
  fn: t.Function;
  call: t.CallExpression | t.NewExpression;
  index: FileIndex;
}

export function locOf(index: FileIndex, node: t.Node): SourceLocation {
  // Lines as editors and GitHub count them: through the file's own line index, not Babel's
  // `loc`, which also breaks lines at U+2028/U+2029.
  if (typeof node.start === 'number' && typeof node.end === 'number' && typeof index.text === 'string') {
    const lines = lineIndexOf(index);
    const start = lines.position(node.start);
    const end = lines.position(node.end);
    return { file: index.file, line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
  }
  const loc = node.loc;
  return {
    file: index.file,
    line: loc?.start.line ?? 1,
    column: (loc?.start.column ?? 0) + 1,
    endLine: loc?.end.line ?? loc?.start.line ?? 1,
    endColumn: (loc?.end.column ?? 0) + 1,
  };
}

export function unwrap(node: t.Node): t.Node {
  let n = node;
  for (;;) {
    switch (n.type) {
      case 'TSAsExpression':
      case 'TSSatisfiesExpression':
      case 'TSNonNullExpression':
      case 'TSTypeAssertion':
      case 'TSInstantiationExpression':
      case 'ParenthesizedExpression':
      case 'TypeCastExpression':
        n = n.expression;
        break;
      case 'AwaitExpression':
        if (!n.argument) return n;
        n = n.argument;
        break;
      case 'SequenceExpression':
        n = n.expressions[n.expressions.length - 1]!;
        break;
      default:
        return n;
    }
  }
}

/** `a.b.c` as a dotted path when the expression is a plain member chain; otherwise null. */
export function memberPath(node: t.Node): string[] | null {
  // Iterative, and bounded: a generated 30,000-step chain must not overflow the stack.
  const keys: string[] = [];
  let n = unwrap(node);
  for (;;) {
    if (keys.length > 64) return null;
    if (n.type === 'Identifier') keys.push(n.name);
    else if (n.type === 'ThisExpression') keys.push('this');
    else if (n.type === 'MemberExpression' || n.type === 'OptionalMemberExpression') {
      const key = propertyKeyName(n.property, n.computed);
      if (key === null) return null;
      keys.push(key);
      n = unwrap(n.object);
      continue;
    } else return null;
    return keys.reverse();
  }
}

export class ValueResolver {
  private depth = 0;
  private readonly active = new Set<t.Node>();
  /**
   * The budget of the file being analysed, polled at each resolution step (set by
   * extractFacts). Over it, FileBudgetExceeded unwinds the resolution; no partial result is
   * cached.
   */
  budget: FileBudget | undefined;

  /** Active call frames, outermost first. */
  private frames: CallFrame[] = [];
  /** When set, every function whose parameter a resolution reaches is added (wrapper discovery). */
  touched: Set<t.Function> | null = null;

  constructor(private readonly project: Project) {}

  /** Runs `work` with `frames` (outermost first) on top of the active ones. */
  withFrames<T>(frames: CallFrame[], work: () => T): T {
    const saved = this.frames;
    this.frames = [...saved, ...frames];
    try {
      return work();
    } finally {
      this.frames = saved;
    }
  }

  /**
   * The expression an active frame passes for a whole parameter (not destructured), for
   * readers that evaluate syntax themselves (lifetimes); null without a frame or argument.
   */
  argumentFor(binding: Binding): { node: t.Node; index: FileIndex } | null {
    if (binding.kind !== 'param' || binding.path.length > 0) return null;
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const frame = this.frames[i]!;
      if (frame.fn !== binding.fn) continue;
      const arg = frame.call.arguments[binding.index];
      return arg && arg.type !== 'SpreadElement' && arg.type !== 'ArgumentPlaceholder' ? { node: arg, index: frame.index } : null;
    }
    return null;
  }

  /** The argument an active frame passes for a parameter, resolved where the call is; null without a frame. */
  private framedArgument(binding: Extract<Binding, { kind: 'param' }>, at: t.Node, index: FileIndex): RValue | null {
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const frame = this.frames[i]!;
      if (frame.fn !== binding.fn) continue;
      const arg = frame.call.arguments[binding.index];
      if (arg && (arg.type === 'SpreadElement' || arg.type === 'ArgumentPlaceholder')) return { kind: 'unknown', node: at, index, name: binding.name };
      const saved = this.frames;
      // The argument is read where the call is: only the frames below this one apply there.
      this.frames = saved.slice(0, i);
      let value: RValue;
      try {
        value = arg ? this.resolve(arg, frame.index) : { kind: 'nullish', node: frame.call, index: frame.index };
      } finally {
        this.frames = saved;
      }
      if (binding.path.length === 0) {
        // A missing or `undefined` argument takes the parameter's default.
        if (value.kind === 'nullish' && binding.defaultValue && (!arg || (arg.type === 'Identifier' && arg.name === 'undefined'))) {
          return withRoute(this.resolve(binding.defaultValue, index), 'default-parameter');
        }
        return value;
      }
      return this.applyPath(value, binding.path, index, binding.name, at);
    }
    return null;
  }

  resolve(node: t.Node, index: FileIndex): RValue {
    this.budget?.tick();
    if (this.depth > MAX_DEPTH || this.active.has(node)) return { kind: 'unknown', node, index };
    this.depth++;
    this.active.add(node);
    try {
      return this.resolveInner(node, index);
    } finally {
      this.active.delete(node);
      this.depth--;
    }
  }

  private readonly callsByName = new Map<string, { call: t.CallExpression; index: FileIndex }[]>();

  /**
   * What callers pass for a parameter: `createTokenKit({ secret: '...' })` for the `secret`
   * parameter of `createTokenKit`. Only calls whose callee resolves to that very function
   * count; the lookup is by the function's name first, so it stays cheap.
   */
  callerValues(param: Extract<RValue, { kind: 'param' }>, limit = 20): RValue[] {
    const name = functionName(param.fn, param.index);
    if (!name) return [];
    let calls = this.callsByName.get(name);
    if (!calls) {
      calls = [];
      for (const index of this.project.filesMentioning(name)) {
        this.budget?.tick();
        for (const call of index.calls) if (methodName(call.callee) === name) calls.push({ call, index });
      }
      this.callsByName.set(name, calls);
    }
    const values: RValue[] = [];
    for (const { call, index } of calls) {
      if (values.length >= limit) break;
      const callee = this.resolve(call.callee, index);
      if (callee.kind !== 'function' || callee.fn !== param.fn) continue;
      const arg = call.arguments[param.paramIndex];
      if (!arg || arg.type === 'SpreadElement' || arg.type === 'ArgumentPlaceholder') continue;
      const value = this.applyPath(this.resolve(arg, index), param.path, index, param.name, arg);
      values.push(value);
    }
    return values;
  }

  resolveLazy(lazy: Lazy): RValue {
    return this.resolve(lazy.node, lazy.index);
  }

  /** Looks a property up on a resolved value, following spreads and module exports. */
  member(value: RValue, key: string): { found: 'yes' | 'no' | 'unknown'; lazy?: Lazy; value?: RValue } {
    switch (value.kind) {
      case 'object': {
        const lazy = value.props.get(key);
        if (lazy) return { found: 'yes', lazy, value: this.resolveLazy(lazy) };
        return { found: value.hasUnknownSpread ? 'unknown' : 'no' };
      }
      case 'array': {
        const i = Number(key);
        const lazy = Number.isInteger(i) ? value.elements[i] : undefined;
        if (lazy) return { found: 'yes', lazy, value: this.resolveLazy(lazy) };
        return { found: 'unknown' };
      }
      case 'module': {
        if (!value.file) return { found: 'unknown' };
        const resolved = this.resolveExport(value.file, key);
        return resolved ? { found: 'yes', value: resolved } : { found: 'unknown' };
      }
      case 'env':
        // `process.env` destructured: `const { JWT_SECRET } = process.env`.
        if (value.name === '*') return { found: 'yes', value: { kind: 'env', name: key, node: value.node, index: value.index } };
        return { found: 'unknown' };
      case 'union': {
        for (const option of value.options) {
          const r = this.member(option, key);
          if (r.found === 'yes') return r;
        }
        return { found: 'unknown' };
      }
      default:
        return { found: 'unknown' };
    }
  }

  resolveExport(file: string, name: string, seen = new Set<string>()): RValue | null {
    const key = `${file}#${name}`;
    if (seen.has(key) || seen.size > MAX_DEPTH) return null;
    seen.add(key);
    const index = this.project.index(file);
    if (!index) return null;
    if (name === '*') return { kind: 'module', file, external: null, node: index.ast, index };
    const entry = index.exports.get(name);
    if (entry) {
      switch (entry.kind) {
        case 'local': {
          const binding = index.programScope.bindings.get(entry.name);
          return binding ? this.resolveBinding(binding, binding.kind === 'import' ? binding.node : (binding as { id?: t.Node }).id ?? index.ast, index) : null;
        }
        case 'expr':
          return this.resolve(entry.node, index);
        case 'reexport': {
          const target = this.project.resolveModule(file, entry.source);
          return target ? this.resolveExport(target, entry.imported, seen) : null;
        }
      }
    }
    if (name === 'default') return { kind: 'module', file, external: null, node: index.ast, index };
    // CommonJS `module.exports = security` (an object built elsewhere): its members are the exports.
    const whole = index.exports.get('default');
    if (whole?.kind === 'expr' && index.parentOf.get(whole.node)?.type === 'AssignmentExpression') {
      const r = this.member(this.resolve(whole.node, index), name);
      if (r.found === 'yes' && r.value) return r.value;
    }
    for (const source of index.starExports) {
      const target = this.project.resolveModule(file, source);
      const hit = target ? this.resolveExport(target, name, seen) : null;
      if (hit) return hit;
    }
    return null;
  }

  private resolveBinding(binding: Binding, at: t.Node, index: FileIndex): RValue {
    switch (binding.kind) {
      case 'import': {
        const target = this.project.resolveModule(index.file, binding.source);
        if (!target) {
          if (binding.imported === '*' || binding.imported === 'default') return { kind: 'module', file: null, external: binding.source, node: binding.node, index };
          return { kind: 'unknown', node: at, index, name: `${binding.source}:${binding.imported}` };
        }
        const resolved = this.resolveExport(target, binding.imported);
        return resolved ?? { kind: 'unknown', node: at, index, name: binding.name };
      }
      case 'var': {
        if (!binding.init) return { kind: 'unknown', node: at, index, name: binding.name };
        let init = this.resolve(binding.init, index);
        // `const opts = {}; opts.secretOrKey = key; Object.assign(opts, more)`: the object as built.
        if (init.kind === 'object' && binding.path.length === 0) init = this.withLaterWrites(init, binding, index);
        return this.applyPath(init, binding.path, index, binding.name, at);
      }
      case 'param': {
        this.touched?.add(binding.fn);
        const framed = this.frames.length > 0 ? this.framedArgument(binding, at, index) : null;
        if (framed) return framed;
        const param = { kind: 'param' as const, name: binding.name, node: binding.id, index, fn: binding.fn, paramIndex: binding.index, path: binding.path };
        if (binding.path.length === 0) {
          if (binding.defaultValue) return withRoute(this.resolve(binding.defaultValue, index), 'default-parameter');
          return param;
        }
        const last = binding.path[binding.path.length - 1]!;
        if ('defaultValue' in last && last.defaultValue) return withRoute(this.resolve(last.defaultValue, index), 'default-parameter');
        return param;
      }
      case 'function':
        return { kind: 'function', fn: binding.node, node: binding.node, index };
      case 'class':
        return classObject(binding.node, index, true);
    }
  }

  private applyPath(value: RValue, path: PatternStep[], index: FileIndex, name: string, at: t.Node): RValue {
    let current = value;
    for (const step of path) {
      if ('rest' in step) return { kind: 'unknown', node: at, index, name };
      const key = 'key' in step ? step.key : String(step.index);
      const r = this.member(current, key);
      if (r.found === 'yes' && r.value) {
        current = r.value;
        if (step.defaultValue && (current.kind === 'env' || current.kind === 'config' || current.kind === 'unknown' || current.kind === 'param')) {
          const fallback = this.resolve(step.defaultValue, index);
          if (isLiteral(fallback)) {
            current = withRoute(fallback, current.kind === 'env' ? 'env-fallback' : 'default-parameter', current.kind === 'env' ? current.name : undefined);
          }
        }
      } else if (step.defaultValue) {
        current = withRoute(this.resolve(step.defaultValue, index), 'default-parameter');
      } else {
        return { kind: 'unknown', node: at, index, name };
      }
    }
    return current;
  }

  private resolveInner(raw: t.Node, index: FileIndex): RValue {
    const node = unwrap(raw);
    switch (node.type) {
      case 'StringLiteral':
        return { kind: 'string', value: node.value, route: 'direct', node, index };
      case 'TemplateLiteral':
        if (node.expressions.length === 0) return { kind: 'string', value: node.quasis.map((q) => q.value.cooked ?? q.value.raw).join(''), route: 'direct', node, index };
        // `${process.env.JWT_SECRET}`: a template of one expression and nothing else is that value as a string.
        if (node.expressions.length === 1 && node.quasis.every((q) => (q.value.cooked ?? q.value.raw) === '')) {
          const inner = this.resolve(node.expressions[0]!, index);
          if (inner.kind === 'string' || inner.kind === 'env' || inner.kind === 'config') return inner;
        }
        return { kind: 'unknown', node, index };
      case 'NumericLiteral':
        return { kind: 'number', value: node.value, route: 'direct', node, index };
      case 'BooleanLiteral':
        return { kind: 'boolean', value: node.value, node, index };
      case 'NullLiteral':
        return { kind: 'nullish', node, index };
      case 'UnaryExpression': {
        // Minified code writes `true`/`false` as `!0`/`!1`.
        if (node.operator === '!' && node.argument.type === 'NumericLiteral') return { kind: 'boolean', value: node.argument.value === 0, node, index };
        if (node.operator === 'void') return { kind: 'nullish', node, index };
        if (node.operator === '-') {
          const inner = this.resolve(node.argument, index);
          if (inner.kind === 'number') return { kind: 'number', value: -inner.value, route: inner.route, node, index };
        }
        return { kind: 'unknown', node, index };
      }
      case 'Identifier': {
        if (node.name === 'undefined') return { kind: 'nullish', node, index };
        const binding = lookup(index.scopeOf.get(node), node.name);
        if (!binding) return { kind: 'unknown', node, index, name: node.name };
        return this.resolveBinding(binding, node, index);
      }
      case 'MemberExpression':
      case 'OptionalMemberExpression':
        return this.resolveMember(node, index);
      case 'LogicalExpression':
        return this.resolveLogical(node, index);
      case 'ConditionalExpression':
        return { kind: 'union', options: [this.resolve(node.consequent, index), this.resolve(node.alternate, index)], node, index };
      case 'BinaryExpression':
        return this.resolveBinary(node, index);
      case 'ObjectExpression':
        return this.resolveObject(node, index);
      case 'ArrayExpression':
        return {
          kind: 'array',
          elements: node.elements.map((el) => ({ node: (el ?? node) as t.Node, index })),
          node,
          index,
        };
      case 'ArrowFunctionExpression':
      case 'FunctionExpression':
        return { kind: 'function', fn: node, node, index };
      case 'ObjectMethod':
      case 'ClassMethod': {
        // A getter stands for the value it returns.
        if (node.kind === 'get') {
          const returned = returnedExpression(node);
          return returned ? this.resolve(returned, index) : { kind: 'unknown', node, index };
        }
        return { kind: 'function', fn: node, node, index };
      }
      case 'ClassProperty':
        return node.value ? this.resolve(node.value, index) : { kind: 'unknown', node, index };
      case 'CallExpression':
      case 'OptionalCallExpression':
        return this.resolveCall(node, index);
      case 'NewExpression': {
        if (node.callee.type === 'Identifier' && node.callee.name === 'TextEncoder') return { kind: 'text-encoder', node, index };
        // `new JwksClient({ jwksUri })`, `new jwksRsa.JwksClient(...)`: a key set like the factory's.
        if (/(^|\.)JwksClient$/.test(calleeName(node.callee)) || (importedFrom(node.callee, index) === 'jwks-rsa' && !/Error$/.test(calleeName(node.callee)))) {
          const first = node.arguments[0];
          const of = first && first.type !== 'SpreadElement' && first.type !== 'ArgumentPlaceholder' ? this.resolve(first, index) : undefined;
          return { kind: 'key', producer: 'jwks', of, hint: 'JwksClient', node, index };
        }
        if (node.callee.type === 'Identifier') {
          const binding = lookup(index.scopeOf.get(node.callee), node.callee.name);
          if (binding?.kind === 'class') return classObject(binding.node, index, false);
        }
        return { kind: 'call', callee: calleeName(node.callee), node, index };
      }
      case 'MetaProperty':
        return { kind: 'unknown', node, index };
      default:
        return { kind: 'unknown', node, index };
    }
  }

  private resolveMember(node: t.MemberExpression | t.OptionalMemberExpression, index: FileIndex): RValue {
    const key = propertyKeyName(node.property, node.computed);
    const path = memberPath(node.object);
    // process.env.X, import.meta.env.X, and runtime bindings like Hono/Workers `c.env.X`.
    if (path && path[path.length - 1] === 'env') {
      if (key) return { kind: 'env', name: key, node, index };
    }
    const objectNode = unwrap(node.object);
    if (objectNode.type === 'ThisExpression' && key !== null) {
      const cls = enclosingClass(index, node);
      if (cls) {
        const r = this.member(classObject(cls, index, isStaticContext(index, node)), key);
        if (r.found === 'yes' && r.value) return r.value;
      }
      return { kind: 'unknown', node, index, name: `this.${key}` };
    }
    if (objectNode.type === 'MetaProperty' && key === 'env') return { kind: 'env', name: '*', node, index };
    if (path && path.length === 1 && path[0] === 'process' && key === 'env') return { kind: 'env', name: '*', node, index };
    if (key === null) {
      // `keys[kid]`: a computed member we cannot evaluate.
      return { kind: 'unknown', node, index, name: path?.join('.') };
    }
    const object = this.resolve(node.object, index);
    const r = this.member(object, key);
    if (r.found === 'yes' && r.value) return r.value;
    return { kind: 'unknown', node, index, name: [...(path ?? ['?']), key].join('.') };
  }

  private resolveLogical(node: t.LogicalExpression, index: FileIndex): RValue {
    const left = this.resolve(node.left, index);
    if (node.operator === '&&') return { kind: 'unknown', node, index };
    if (isLiteral(left) && left.kind !== 'nullish') return left;
    const right = this.resolve(node.right, index);
    if (left.kind === 'env' && isLiteral(right)) return withRoute(right, 'env-fallback', left.name);
    if (left.kind === 'config' && isLiteral(right)) return withRoute(right, 'config-default');
    if (left.kind === 'nullish') return right;
    if (isLiteral(right) && right.kind !== 'nullish') return { kind: 'union', options: [left, right], node, index };
    return left.kind === 'unknown' ? right.kind === 'unknown' ? left : { kind: 'union', options: [left, right], node, index } : left;
  }

  private resolveBinary(node: t.BinaryExpression, index: FileIndex): RValue {
    if (node.left.type === 'PrivateName') return { kind: 'unknown', node, index };
    const left = this.resolve(node.left, index);
    const right = this.resolve(node.right, index);
    if (left.kind === 'number' && right.kind === 'number') {
      const value = arithmetic(node.operator, left.value, right.value);
      if (value !== null) return { kind: 'number', value, route: 'direct', node, index };
    }
    if (node.operator === '+' && left.kind === 'string' && right.kind === 'string') {
      return { kind: 'string', value: left.value + right.value, route: 'direct', node, index };
    }
    return { kind: 'unknown', node, index };
  }

  /**
   * A spread (or `Object.assign` source) as an object. A parameter stands for what its callers
   * pass: one caller's object, or the keys every caller passes (any other key is then
   * unknown, never absent).
   */
  private spreadValue(value: RValue): RValue {
    if (value.kind !== 'param' || value.path.length > 0) return value;
    const passed = this.callerValues(value, 8);
    if (passed.length === 0 || !passed.every((v) => v.kind === 'object')) return value;
    const objects = passed as Extract<RValue, { kind: 'object' }>[];
    const first = objects[0]!;
    if (objects.length === 1) return first;
    const props = new Map([...first.props].filter(([k]) => objects.every((o) => o.props.has(k))));
    const uneven = objects.some((o) => o.hasUnknownSpread || o.props.size !== props.size);
    return { ...first, props, hasUnknownSpread: uneven };
  }

  /** Member writes and `Object.assign` merges into an object variable, anywhere in its file, in source order. */
  private withLaterWrites(init: Extract<RValue, { kind: 'object' }>, binding: Binding, index: FileIndex): RValue {
    const writes = objectWritesOf(index).get(binding);
    if (!writes) return init;
    const props = new Map(init.props);
    let hasUnknownSpread = init.hasUnknownSpread;
    for (const write of writes) {
      this.budget?.tick();
      if (write.kind === 'member') {
        if (write.key === null) hasUnknownSpread = true;
        else props.set(write.key, { node: write.value, index, keyNode: write.keyNode });
        continue;
      }
      const source = this.spreadValue(this.resolve(write.source, index));
      if (source.kind !== 'object') {
        hasUnknownSpread = true;
        continue;
      }
      for (const [k, v] of source.props) props.set(k, v);
      hasUnknownSpread ||= source.hasUnknownSpread;
    }
    return { ...init, props, hasUnknownSpread };
  }

  private resolveObject(node: t.ObjectExpression, index: FileIndex): RValue {
    const props = new Map<string, Lazy>();
    let hasUnknownSpread = false;
    for (const prop of node.properties) {
      if (prop.type === 'SpreadElement') {
        const spread = this.spreadValue(this.resolve(prop.argument, index));
        if (spread.kind === 'object') {
          for (const [k, v] of spread.props) props.set(k, v);
          hasUnknownSpread ||= spread.hasUnknownSpread;
        } else {
          hasUnknownSpread = true;
        }
        continue;
      }
      const key = propertyKeyName(prop.key, prop.computed);
      if (key === null) {
        hasUnknownSpread = true;
        continue;
      }
      props.set(key, { node: prop.type === 'ObjectMethod' ? prop : (prop.value as t.Node), index, keyNode: prop.key });
    }
    return { kind: 'object', props, hasUnknownSpread, node, index };
  }

  private merged(node: t.CallExpression | t.OptionalCallExpression, index: FileIndex): RValue {
    const props = new Map<string, Lazy>();
    let hasUnknownSpread = false;
    for (const arg of node.arguments) {
      if (arg.type === 'ArgumentPlaceholder') continue;
      const value = this.spreadValue(this.resolve(arg.type === 'SpreadElement' ? arg.argument : arg, index));
      if (value.kind === 'object') {
        for (const [k, v] of value.props) props.set(k, v);
        hasUnknownSpread ||= value.hasUnknownSpread || arg.type === 'SpreadElement';
      } else if (value.kind !== 'nullish') hasUnknownSpread = true;
    }
    return { kind: 'object', props, hasUnknownSpread, node, index };
  }

  private resolveCall(node: t.CallExpression | t.OptionalCallExpression, index: FileIndex): RValue {
    const src = requireSource(node);
    if (src !== null) {
      const file = this.project.resolveModule(index.file, src);
      // `module.exports = (header, cb) => {...}` (or `= getKey`): requiring that module yields the
      // function itself (a key callback, a helper); objects stay modules for member lookups.
      if (file && this.project.index(file)?.exports.get('default')?.kind === 'expr') {
        const whole = this.resolveExport(file, 'default');
        if (whole?.kind === 'function') return whole;
      }
      return { kind: 'module', file, external: file ? null : src, node, index };
    }
    const callee = unwrap(node.callee);
    const args = node.arguments;
    const first = args[0] && args[0].type !== 'SpreadElement' && args[0].type !== 'ArgumentPlaceholder' ? (args[0] as t.Expression) : null;
    const name = calleeName(callee);
    const last = methodName(callee);

    // `Object.assign({}, defaults, { secretOrKey })`: the merged object.
    if (OBJECT_MERGES.has(name) && args.length > 0) return this.merged(node, index);
    if (name === 'Buffer.from' && first) {
      const enc = args[1] ? this.resolve(args[1], index) : null;
      return { kind: 'encoded', of: this.resolve(first, index), encoding: enc?.kind === 'string' ? enc.value : 'utf8', node, index };
    }
    if (last === 'encode' && callee.type === 'MemberExpression' && first) {
      const target = this.resolve(callee.object, index);
      if (target.kind === 'text-encoder') return { kind: 'encoded', of: this.resolve(first, index), encoding: 'utf8', node, index };
    }
    if ((last === 'toString' || last === 'trim') && callee.type === 'MemberExpression') return this.resolve(callee.object, index);
    if (name === 'String' && first) return this.resolve(first, index);
    if (last === 'promisify' && first) return this.resolve(first, index);
    if (last === 'createSecretKey' && first) return { kind: 'secret-key', of: this.resolve(first, index), node, index };
    if (last === 'importPKCS8' || last === 'createPrivateKey') return { kind: 'key', producer: 'private', of: first ? this.resolve(first, index) : undefined, hint: last, node, index };
    if (last === 'importSPKI' || last === 'importX509' || last === 'createPublicKey') return { kind: 'key', producer: 'public', of: first ? this.resolve(first, index) : undefined, hint: last, node, index };
    if (last === 'importJWK') return { kind: 'key', producer: 'import-jwk', of: first ? this.resolve(first, index) : undefined, hint: last, node, index };
    if (/^(readFileSync|readFile)$/.test(last)) return { kind: 'key', producer: 'file', hint: first ? textOf(index, first) : last, node, index };
    if (/^(createRemoteJWKSet|createLocalJWKSet|jwksClient|expressJwtSecret|passportJwtSecret|koaJwtSecret|hapiJwt2Key|hapiJwt2KeyAsync|JwksClient)$/i.test(last) || /jwks/i.test(name) || importedFrom(callee, index) === 'jwks-rsa') {
      return { kind: 'key', producer: 'jwks', of: first ? this.resolve(first, index) : undefined, hint: last, node, index };
    }
    if ((last === 'get' || last === 'getOrThrow') && first && callee.type === 'MemberExpression') {
      const keyValue = this.resolve(first, index);
      if (keyValue.kind === 'string') {
        const target = this.resolve(callee.object, index);
        const fallback = args[1] ? this.resolve(args[1], index) : null;
        let ref: RValue | null = null;
        if (target.kind === 'module' && target.external === 'config') ref = { kind: 'config', key: keyValue.value, source: 'node-config', node, index };
        else if (/config/i.test(calleeName(callee.object))) ref = { kind: 'config', key: keyValue.value, source: 'config-service', node, index };
        if (ref) {
          const defaults = fallback && isLiteral(fallback) && fallback.kind !== 'nullish' ? [withRoute(fallback, 'config-default')] : [];
          const fromFiles = ref.kind === 'config' && ref.source === 'node-config' ? this.project.nodeConfigValues(index.file, keyValue.value).map(configLiteral) : [];
          const values = [...fromFiles, ...defaults];
          if (values.length === 1) return values[0]!;
          if (values.length > 1) return { kind: 'union', options: values, node, index };
          return ref;
        }
      }
    }
    // A local function or method that returns one expression (`getSecret()`, `() => 'x'`).
    const target = this.resolve(callee, index);
    if (target.kind === 'function') {
      const returned = returnedExpression(target.fn);
      if (returned) {
        const value = this.resolve(returned, target.index);
        if (value.kind !== 'unknown' && value.kind !== 'param') return value;
      }
    }
    return { kind: 'call', callee: name, node, index };
  }
}

const OBJECT_MERGES = new Set(['Object.assign', '_.assign', '_.merge', '_.extend', 'lodash.assign', 'lodash.merge']);

type ObjectWrite = { kind: 'member'; key: string | null; value: t.Node; keyNode: t.Node } | { kind: 'assign'; source: t.Node };

const objectWrites = new WeakMap<FileIndex, Map<Binding, ObjectWrite[]>>();

/** Per file, once: writes into variables (`opts.x = v`, `Object.assign(opts, …)`), by binding, in source order. */
function objectWritesOf(index: FileIndex): Map<Binding, ObjectWrite[]> {
  const known = objectWrites.get(index);
  if (known) return known;
  const found: { at: number; binding: Binding; write: ObjectWrite }[] = [];
  const bindingOf = (node: t.Node): Binding | null => {
    const n = unwrap(node);
    if (n.type !== 'Identifier') return null;
    const b = lookup(index.scopeOf.get(n), n.name);
    return b?.kind === 'var' ? b : null;
  };
  for (const a of index.assignments) {
    if (a.operator !== '=' || a.left.type !== 'MemberExpression') continue;
    const binding = bindingOf(a.left.object);
    if (binding) found.push({ at: a.start ?? 0, binding, write: { kind: 'member', key: propertyKeyName(a.left.property, a.left.computed), value: a.right, keyNode: a.left.property } });
  }
  for (const c of index.calls) {
    if (!OBJECT_MERGES.has(calleeName(c.callee)) || c.arguments.length < 2) continue;
    const target = c.arguments[0]!;
    const binding = target.type === 'SpreadElement' || target.type === 'ArgumentPlaceholder' ? null : bindingOf(target);
    if (!binding) continue;
    for (const source of c.arguments.slice(1)) {
      if (source.type === 'ArgumentPlaceholder') continue;
      found.push({ at: c.start ?? 0, binding, write: { kind: 'assign', source: source.type === 'SpreadElement' ? source.argument : source } });
    }
  }
  found.sort((x, y) => x.at - y.at);
  const writes = new Map<Binding, ObjectWrite[]>();
  for (const { binding, write } of found) {
    const list = writes.get(binding);
    if (list) list.push(write);
    else writes.set(binding, [write]);
  }
  objectWrites.set(index, writes);
  return writes;
}

/**
 * A value read from a node-config file. It has no Babel node: a synthetic one carries the
 * location so that findings point into the config file.
 */
function configLiteral(v: NodeConfigValue): RValue {
  const node = {
    type: 'StringLiteral',
    loc: { start: { line: v.loc.line, column: v.loc.column - 1 }, end: { line: v.loc.endLine, column: v.loc.endColumn - 1 } },
  } as unknown as t.Node;
  const index = { file: v.file } as FileIndex;
  if (typeof v.value === 'number') return { kind: 'number', value: v.value, route: 'direct', node, index };
  if (typeof v.value === 'boolean') return { kind: 'boolean', value: v.value, node, index };
  return { kind: 'string', value: v.value, route: 'direct', node, index };
}

/**
 * The npm module a callee is taken from, through imports, `require` and destructuring:
 * `{ hapiJwt2Key }`, a renamed default import, `jwks.passportJwtSecret`. Null for anything
 * computed (`client.getSigningKey` on a client built by a call is not the module's export).
 */
function importedFrom(node: t.Node, index: FileIndex, depth = 0): string | null {
  if (depth > 8) return null;
  const n = unwrap(node);
  if (n.type === 'MemberExpression' || n.type === 'OptionalMemberExpression') return importedFrom(n.object, index, depth + 1);
  if (n.type === 'CallExpression') return requireSource(n);
  if (n.type !== 'Identifier') return null;
  const binding = lookup(index.scopeOf.get(n), n.name);
  if (binding?.kind === 'import') return binding.source;
  if (binding?.kind === 'var' && binding.init) {
    const init = unwrap(binding.init);
    if (init.type === 'CallExpression') return requireSource(init);
    if (init.type === 'Identifier' || init.type === 'MemberExpression') return importedFrom(init, index, depth + 1);
  }
  return null;
}

/** The expression a function returns when its body is that expression or one `return`. */
export function returnedExpression(fn: t.Function): t.Expression | null {
  if (fn.body.type !== 'BlockStatement') return fn.body;
  const statements = fn.body.body;
  const only = statements.length === 1 ? statements[0] : undefined;
  return only && only.type === 'ReturnStatement' && only.argument ? only.argument : null;
}

function enclosingClass(index: FileIndex, node: t.Node): t.Class | null {
  for (let n = index.parentOf.get(node); n; n = index.parentOf.get(n)) {
    if (n.type === 'ClassDeclaration' || n.type === 'ClassExpression') return n;
    // `this` inside a plain function is not the class instance.
    if (n.type === 'FunctionDeclaration' || n.type === 'FunctionExpression') return null;
  }
  return null;
}

function isStaticContext(index: FileIndex, node: t.Node): boolean {
  for (let n = index.parentOf.get(node); n; n = index.parentOf.get(n)) {
    if (n.type === 'ClassMethod' || n.type === 'ClassProperty' || n.type === 'StaticBlock') return n.type === 'StaticBlock' || n.static;
  }
  return false;
}

/** A class seen as an object: its fields, getters and `this.x = ...` constructor assignments. */
function classObject(cls: t.Class, index: FileIndex, statics: boolean): RValue {
  const props = new Map<string, Lazy>();
  for (const member of cls.body.body) {
    if ((member.type === 'ClassProperty' || member.type === 'ClassMethod') && Boolean(member.static) === statics) {
      const key = propertyKeyName(member.key, member.computed);
      if (key === null) continue;
      if (member.type === 'ClassProperty') {
        if (member.value) props.set(key, { node: member.value, index, keyNode: member.key });
      } else if (member.kind === 'get' || member.kind === 'method') {
        props.set(key, { node: member, index, keyNode: member.key });
      }
    }
    if (!statics && member.type === 'ClassMethod' && member.kind === 'constructor' && member.body.type === 'BlockStatement') {
      for (const stmt of member.body.body) {
        if (stmt.type !== 'ExpressionStatement' || stmt.expression.type !== 'AssignmentExpression') continue;
        const left = stmt.expression.left;
        if (left.type === 'MemberExpression' && left.object.type === 'ThisExpression') {
          const key = propertyKeyName(left.property, left.computed);
          if (key !== null && !props.has(key)) props.set(key, { node: stmt.expression.right, index, keyNode: left.property });
        }
      }
    }
  }
  return { kind: 'object', props, hasUnknownSpread: true, node: cls, index };
}

/**
 * The name a function is called by: its own id, its variable, its property or class field
 * key, or the member it is assigned to (`exports.sign = …`, `module.exports.sign = …`).
 */
export function functionName(fn: t.Function, index: FileIndex): string | null {
  if ((fn.type === 'FunctionDeclaration' || fn.type === 'FunctionExpression') && fn.id) return fn.id.name;
  if ((fn.type === 'ObjectMethod' || fn.type === 'ClassMethod') && fn.key.type === 'Identifier') return fn.key.name;
  const parent = index.parentOf.get(fn);
  if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id.name;
  if ((parent?.type === 'ObjectProperty' || parent?.type === 'ClassProperty') && parent.key.type === 'Identifier') return parent.key.name;
  if (parent?.type === 'AssignmentExpression' && parent.right === fn && parent.left.type === 'MemberExpression') return propertyKeyName(parent.left.property, parent.left.computed);
  return null;
}

export function isLiteral(v: RValue): v is Extract<RValue, { kind: 'string' | 'number' | 'boolean' | 'nullish' }> {
  return v.kind === 'string' || v.kind === 'number' || v.kind === 'boolean' || v.kind === 'nullish';
}

function withRoute(v: RValue, route: LiteralRoute, envName?: string): RValue {
  if (v.kind === 'string') return { ...v, route: v.route === 'direct' ? route : v.route, ...(envName ? { envName } : {}) };
  if (v.kind === 'number') return { ...v, route: v.route === 'direct' ? route : v.route };
  return v;
}

function arithmetic(op: string, a: number, b: number): number | null {
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return b === 0 ? null : a / b;
    case '**':
      return a ** b;
    default:
      return null;
  }
}

/** The called method's name (`x().y.z()` → `z`), whatever the object expression is. */
export function methodName(callee: t.Node): string {
  const n = unwrap(callee);
  if ((n.type === 'MemberExpression' || n.type === 'OptionalMemberExpression') && !n.computed && n.property.type === 'Identifier') return n.property.name;
  if ((n.type === 'MemberExpression' || n.type === 'OptionalMemberExpression') && n.property.type === 'StringLiteral') return n.property.value;
  if (n.type === 'Identifier') return n.name;
  return '';
}

export function calleeName(node: t.Node): string {
  const path = memberPath(node);
  if (path) return path.join('.');
  const n = unwrap(node);
  if (n.type === 'CallExpression') return `${calleeName(n.callee)}()`;
  if (n.type === 'NewExpression') return `new ${calleeName(n.callee)}`;
  return '?';
}

export function textOf(index: FileIndex, node: t.Node): string {
  return index.text.slice(node.start ?? 0, node.end ?? 0);
}

import type * as t from '@babel/types';
import type { FileBudget } from '../../facts/budget.js';
import { lookup, propertyKeyName, type Binding, type FileIndex } from './file-index.js';
import type { JwtCallSite, KeyKind, SensitiveLog } from '../../facts/model.js';
import { methodName, locOf, memberPath, unwrap, type ValueResolver } from './resolve-value.js';
import { isAuthorizationName, isIdentifierTokenOwner, isSecretName, isTokenValueName } from '../../facts/sensitive-names.js';

// What counts as logging a credential (the decisions are written out for users in the
// rule's docs, rules/token-logged.ts):
// - the logged VALUE must be a token, an Authorization header or JWT key material. Names
//   are evidence only when the name says the value is the token itself (`isTokenValueName`:
//   `token`, `accessToken`, `jwt`, not `token_endpoint`, `tokenType`, `hasToken`), and a
//   name loses to what the variable is initialised with (a number, a boolean, a URL, an
//   object without credentials, the claims of a verify/decode call);
// - origin makes a token whatever the name: the result of a sign call, the value a JWT
//   verify/decode call is given (a cookie, a body field), a `Bearer` split or strip of an
//   Authorization header;
// - what is derived from a token without the token in it is not a finding: its length, a
//   test on it, decoded claims, a prefix or suffix (`slice(0, 8)`), a hash or mask call.

const LOG_METHODS = new Set(['log', 'info', 'warn', 'error', 'debug', 'trace', 'fatal', 'verbose', 'silly', 'notice', 'critical']);
const LOGGER_OBJECT = /^(console|log|logger|_logger|logging|winston|pino|bunyan)$|logger$/i;
/**
 * Key kinds whose material is secret. A key that signs is secret whatever the resolver
 * calls it (an RS256 signing key read from a parameter may be typed `public-key`); a key that
 * only verifies is secret when it is a shared secret or a private key.
 */
const NOT_KEY_MATERIAL = new Set<KeyKind>(['jwks', 'key-function', 'none']);
const SECRET_VERIFY_KEY_KINDS = new Set<KeyKind>(['hmac-secret', 'private-key']);
/** Calls that write their argument out unchanged (as far as a log reader is concerned). */
const TRANSPARENT_FUNCTIONS = new Set(['JSON.stringify', 'String', 'util.inspect', 'inspect']);
const TRANSPARENT_METHODS = new Set(['toString', 'trim', 'trimStart', 'trimEnd', 'toUpperCase', 'toLowerCase', 'concat']);
/** Methods that strip a scheme from an Authorization header and leave the token. */
const STRIP_METHODS = new Set(['replace', 'replaceAll', 'split', 'slice', 'substring', 'substr', 'at', 'pop', 'shift']);

function isLogCall(call: t.CallExpression): boolean {
  const path = memberPath(call.callee);
  if (!path || path.length < 2) return false;
  const method = path[path.length - 1]!;
  const owner = path[path.length - 2]!;
  return LOG_METHODS.has(method) && LOGGER_OBJECT.test(owner);
}

interface Knowledge {
  /** Calls that sign: their result is a token. */
  signCalls: Set<t.Node>;
  /** Calls that verify or decode: their result is claims, not a token. */
  claimsCalls: Set<t.Node>;
  /** Bindings and member paths (as written) handed to a verify/decode call as the token. */
  verifiedBindings: Set<Binding>;
  verifiedPaths: Set<string>;
  /** Source text of key arguments of JWT calls in this file, and those that are secret. */
  keyExpressions: Set<string>;
  secretKeyExpressions: Set<string>;
}

type What = SensitiveLog['what'];
/** `safe`: known not to be a credential (a number, a flag, a URL, claims, a masked value). */
type Kind = What | 'safe' | null;

const MAX_DEPTH = 6;

function isNumericLiteral(node: t.Node | undefined, test: (n: number) => boolean): boolean {
  if (!node) return false;
  const n = unwrap(node);
  if (n.type === 'NumericLiteral') return test(n.value);
  if (n.type === 'UnaryExpression' && n.operator === '-' && n.argument.type === 'NumericLiteral') return test(-n.argument.value);
  return false;
}

class Classifier {
  constructor(
    private readonly index: FileIndex,
    private readonly known: Knowledge,
  ) {}

  /** What a logged expression writes out, as a finding or nothing. */
  logged(node: t.Node): What | null {
    const kind = this.kind(node, 0);
    return kind === 'safe' ? null : kind;
  }

  private kind(node: t.Node, depth: number): Kind {
    if (depth > MAX_DEPTH) return null;
    const n = unwrap(node);
    const next = depth + 1;
    switch (n.type) {
      case 'NumericLiteral':
      case 'BooleanLiteral':
      case 'NullLiteral':
      case 'BigIntLiteral':
        return 'safe';
      case 'StringLiteral':
        // A URL, a path or a short word ('yes', '[redacted]'); a long literal may be a token.
        return /^(https?:|\/)/i.test(n.value) || n.value.length < 20 ? 'safe' : null;
      case 'TemplateLiteral':
        return this.first(n.expressions, next);
      case 'BinaryExpression':
        if (n.operator !== '+') return 'safe'; // comparisons and arithmetic: a flag or a number
        return this.first([n.left, n.right], next);
      case 'UnaryExpression':
        return 'safe'; // !token, typeof token, -x, void
      case 'LogicalExpression':
        // `a && token` writes the token (or a falsy a); `token || 'none'` the token.
        return n.operator === '&&' ? this.kind(n.right, next) : this.first([n.left, n.right], next);
      case 'ConditionalExpression':
        return this.first([n.consequent, n.alternate], next);
      case 'ArrayExpression':
        return this.first(n.elements.filter((e): e is t.Expression => !!e && e.type !== 'SpreadElement'), next);
      case 'ObjectExpression':
        return this.object(n, next);
      case 'NewExpression':
        return 'safe'; // new URL(...), new Date(...), new Error(...)
      case 'CallExpression':
      case 'OptionalCallExpression':
        return this.call(n, next);
      case 'Identifier':
        return this.identifier(n, next);
      case 'MemberExpression':
      case 'OptionalMemberExpression':
        return this.member(n, next);
      default:
        return null;
    }
  }

  /** The first credential among several expressions; `safe` only when all are. */
  private first(nodes: t.Node[], depth: number): Kind {
    let allSafe = nodes.length > 0;
    for (const node of nodes) {
      const kind = this.kind(node, depth);
      if (kind && kind !== 'safe') return kind;
      if (kind !== 'safe') allSafe = false;
    }
    return allSafe ? 'safe' : null;
  }

  private object(n: t.ObjectExpression, depth: number): Kind {
    for (const prop of n.properties) {
      if (prop.type !== 'ObjectProperty') continue;
      const key = propertyKeyName(prop.key, prop.computed);
      const value = unwrap(prop.value);
      if (value.type === 'StringLiteral' || value.type === 'NumericLiteral' || value.type === 'BooleanLiteral' || value.type === 'TemplateLiteral' && value.expressions.length === 0) continue;
      const kind = this.kind(value, depth);
      if (kind === 'safe') continue;
      if (key && isAuthorizationName(key)) return 'authorization-header';
      if (kind) return kind;
    }
    // An object without credentials in it (discovery metadata, `{ tokenType, expiresIn }`).
    return 'safe';
  }

  private call(n: t.CallExpression | t.OptionalCallExpression, depth: number): Kind {
    if (this.known.signCalls.has(n)) return 'token';
    if (this.known.claimsCalls.has(n)) return 'safe';
    const callee = unwrap(n.callee);
    const method = methodName(callee);
    const first = n.arguments[0];
    // req.get('authorization') / req.header('Authorization') / headers.get('authorization')
    if ((method === 'get' || method === 'header') && first?.type === 'StringLiteral' && isAuthorizationName(first.value)) return 'authorization-header';
    const path = memberPath(callee);
    if (path && TRANSPARENT_FUNCTIONS.has(path.join('.'))) {
      return first && first.type !== 'SpreadElement' && first.type !== 'ArgumentPlaceholder' ? this.kind(first, depth) : null;
    }
    if (callee.type !== 'MemberExpression' && callee.type !== 'OptionalMemberExpression') return null;
    const receiver = this.kind(callee.object, depth);
    if (receiver !== 'token' && receiver !== 'authorization-header') return null;
    if (TRANSPARENT_METHODS.has(method)) return receiver;
    if (!STRIP_METHODS.has(method)) return null; // hash(token), token.includes(...), mask calls
    if (method === 'slice' || method === 'substring' || method === 'substr') {
      // A prefix or suffix (`slice(0, 8)`, `slice(-4)`) is a masked token; `slice(7)` strips a
      // `Bearer ` scheme and keeps the rest.
      if (n.arguments.length !== 1 || !isNumericLiteral(n.arguments[0], (v) => v >= 0 && v <= 16)) return 'safe';
      return 'token';
    }
    if (method === 'at') return 'safe';
    // token.split('.'): the segments; the header and payload are claims, not the credential.
    if (method === 'split' && first?.type === 'StringLiteral' && first.value === '.') return 'safe';
    // split(' '), replace('Bearer ', ''), split(' ').pop(): the token out of the header.
    return 'token';
  }

  private identifier(n: t.Identifier, depth: number): Kind {
    const name = n.name;
    if (name === 'undefined') return 'safe';
    const binding = lookup(this.index.scopeOf.get(n), name);
    if (binding && this.known.verifiedBindings.has(binding)) return 'token';
    if (binding?.kind === 'import' && !/^(\.|\/|[@~]\/|#)/.test(binding.source)) return null; // a package's export (`jwt`)
    if (binding?.kind === 'function' || binding?.kind === 'class') return null;
    const fromOrigin = binding ? this.bindingKind(binding, depth) : null;
    if (fromOrigin) return fromOrigin;
    return this.byName(name, name);
  }

  /** What a binding holds, from its type annotation or its initialiser. */
  private bindingKind(binding: Binding, depth: number): Kind {
    if (binding.kind !== 'var' && binding.kind !== 'param') return null;
    const annotation = binding.id.typeAnnotation;
    if (annotation?.type === 'TSTypeAnnotation') {
      const type = annotation.typeAnnotation.type;
      if (type === 'TSNumberKeyword' || type === 'TSBooleanKeyword' || type === 'TSBigIntKeyword') return 'safe';
    }
    if (binding.kind !== 'var' || !binding.init) return null;
    const init = unwrap(binding.init);
    if (binding.path.length === 0) {
      const kind = this.kind(init, depth);
      // `let token = null` is assigned later: only a const is what its initialiser says.
      return kind === 'safe' && binding.declKind !== 'const' ? null : kind;
    }
    // const [, token] = header.split(' ')
    if (binding.path.length === 1 && 'index' in binding.path[0]! && binding.path[0].index > 0 && init.type === 'CallExpression') {
      const method = methodName(init.callee);
      const callee = unwrap(init.callee);
      if (method === 'split' && (callee.type === 'MemberExpression' || callee.type === 'OptionalMemberExpression')) {
        const receiver = this.kind(callee.object, depth);
        if (receiver === 'token' || receiver === 'authorization-header') return 'token';
      }
    }
    // const { a, b } = jwt.verify(...): claims
    if (init.type === 'CallExpression' && this.known.claimsCalls.has(init)) return 'safe';
    return null;
  }

  private member(n: t.MemberExpression | t.OptionalMemberExpression, depth: number): Kind {
    const path = memberPath(n);
    if (!path) {
      // header.split(' ')[1]
      const object = unwrap(n.object);
      if (n.computed && isNumericLiteral(n.property, (v) => v > 0) && (object.type === 'CallExpression' || object.type === 'OptionalCallExpression') && methodName(object.callee) === 'split') {
        const kind = this.kind(object, depth);
        return kind === 'token' ? 'token' : null;
      }
      return null;
    }
    const name = path[path.length - 1]!;
    if (name === 'length') return 'safe';
    // `ctx.channel.token`: a sales channel's identifier, not a credential.
    if (path.length >= 2 && isIdentifierTokenOwner(path[path.length - 2]!)) return null;
    const text = this.index.text.slice(n.start ?? 0, n.end ?? 0);
    if (!isAuthorizationName(name) && this.known.verifiedPaths.has(path.join('.'))) return 'token';
    return this.byName(name, text);
  }

  /** What a name says its value is; `text` is the expression as written, for key matches. */
  private byName(name: string, text: string): Kind {
    if (isAuthorizationName(name)) return 'authorization-header';
    if (this.known.secretKeyExpressions.has(text)) return 'secret';
    if (isTokenValueName(name)) return 'token';
    if (isSecretName(name) && (this.known.keyExpressions.has(text) || /jwt|token/i.test(name))) return 'secret';
    return null;
  }
}

function callsAt(index: FileIndex, sites: JwtCallSite[], budget: FileBudget | undefined) {
  const at = (ops: (s: JwtCallSite) => boolean) => new Set(sites.filter(ops).map((s) => `${s.loc.line}:${s.loc.column}`));
  const signLocs = at((s) => s.operation === 'sign');
  const claimsLocs = at((s) => s.operation === 'verify' || s.operation === 'decode');
  const signCalls = new Set<t.Node>();
  const claimsCalls = new Set<t.Node>();
  const tokenArguments: t.Node[] = [];
  if (signLocs.size === 0 && claimsLocs.size === 0) return { signCalls, claimsCalls, tokenArguments };
  for (const call of index.calls) {
    budget?.tick();
    const loc = locOf(index, call);
    const key = `${loc.line}:${loc.column}`;
    if (signLocs.has(key)) signCalls.add(call);
    if (claimsLocs.has(key)) {
      claimsCalls.add(call);
      const first = call.arguments[0];
      if (first && first.type !== 'SpreadElement' && first.type !== 'ArgumentPlaceholder') tokenArguments.push(unwrap(first));
    }
  }
  return { signCalls, claimsCalls, tokenArguments };
}

function knowledgeOf(index: FileIndex, sites: JwtCallSite[], budget: FileBudget | undefined): Knowledge {
  const { signCalls, claimsCalls, tokenArguments } = callsAt(index, sites, budget);
  const verifiedBindings = new Set<Binding>();
  const verifiedPaths = new Set<string>();
  for (const arg of tokenArguments) {
    if (arg.type === 'Identifier') {
      const binding = lookup(index.scopeOf.get(arg), arg.name);
      if (binding) verifiedBindings.add(binding);
    } else if (arg.type === 'MemberExpression' || arg.type === 'OptionalMemberExpression') {
      const path = memberPath(arg);
      if (path && path.length > 1) verifiedPaths.add(path.join('.'));
    }
  }
  const keyExpressions = new Set<string>();
  const secretKeyExpressions = new Set<string>();
  let lines: string[] | undefined;
  for (const site of sites) {
    budget?.tick();
    if (!site.key || site.key.loc.file !== index.file) continue;
    // Split once: once per site made a file of many signs quadratic.
    lines ??= index.text.split('\n');
    const line = lines[site.key.loc.line - 1];
    if (!line || site.key.loc.line !== site.key.loc.endLine) continue;
    const text = line.slice(site.key.loc.column - 1, site.key.loc.endColumn - 1);
    keyExpressions.add(text);
    // A key argument written as a plain name or member path (not a literal or a call).
    const secret = site.signs ? !NOT_KEY_MATERIAL.has(site.key.kind) : SECRET_VERIFY_KEY_KINDS.has(site.key.kind);
    if (secret && /^[A-Za-z_$][\w$]*(\??\.[A-Za-z_$][\w$]*)*$/.test(text)) secretKeyExpressions.add(text);
  }
  return { signCalls, claimsCalls, verifiedBindings, verifiedPaths, keyExpressions, secretKeyExpressions };
}

/** Console and logger calls that write a token, an Authorization header or a JWT secret. */
export function findSensitiveLogs(index: FileIndex, _resolver: ValueResolver, sites: JwtCallSite[], budget?: FileBudget): SensitiveLog[] {
  const logs: SensitiveLog[] = [];
  let classifier: Classifier | null = null;
  for (const call of index.calls) {
    budget?.tick();
    if (!isLogCall(call)) continue;
    classifier ??= new Classifier(index, knowledgeOf(index, sites, budget));
    for (const arg of call.arguments) {
      if (arg.type === 'SpreadElement' || arg.type === 'ArgumentPlaceholder') continue;
      const what = classifier.logged(arg);
      if (what) {
        logs.push({ loc: locOf(index, call), what, expression: index.text.slice(arg.start ?? 0, arg.end ?? 0).slice(0, 80) });
        break;
      }
    }
  }
  return logs;
}

import type * as t from '@babel/types';
import type { FileBudget } from './budget.js';
import { propertyKeyName, type FileIndex } from './file-index.js';
import type { JwtCallSite, SensitiveLog } from './model.js';
import { calleeName, methodName, locOf, memberPath, unwrap, type ValueResolver } from './resolve-value.js';
import { isAuthorizationName, isSecretName, isTokenName } from './sensitive-names.js';

const LOG_METHODS = new Set(['log', 'info', 'warn', 'error', 'debug', 'trace', 'fatal', 'verbose', 'silly', 'notice', 'critical']);
const LOGGER_OBJECT = /^(console|log|logger|_logger|logging|winston|pino|bunyan)$|logger$/i;

function isLogCall(call: t.CallExpression): boolean {
  const path = memberPath(call.callee);
  if (!path || path.length < 2) return false;
  const method = path[path.length - 1]!;
  const owner = path[path.length - 2]!;
  return LOG_METHODS.has(method) && LOGGER_OBJECT.test(owner);
}

interface Knowledge {
  /** Local names bound to the result of a sign call: tokens whatever their name. */
  tokenVariables: Set<string>;
  /** Source text of key arguments of JWT calls in this file. */
  keyExpressions: Set<string>;
}

function classify(node: t.Node, index: FileIndex, known: Knowledge, depth = 0): SensitiveLog['what'] | null {
  if (depth > 4) return null;
  const n = unwrap(node);
  switch (n.type) {
    case 'TemplateLiteral':
      for (const e of n.expressions) {
        const hit = classify(e, index, known, depth + 1);
        if (hit) return hit;
      }
      return null;
    case 'BinaryExpression':
      if (n.operator !== '+') return null;
      return (n.left.type !== 'PrivateName' ? classify(n.left, index, known, depth + 1) : null) ?? classify(n.right, index, known, depth + 1);
    case 'ObjectExpression':
      for (const prop of n.properties) {
        if (prop.type !== 'ObjectProperty') continue;
        const key = propertyKeyName(prop.key, prop.computed);
        const value = unwrap(prop.value);
        if (value.type === 'StringLiteral' || value.type === 'NumericLiteral' || value.type === 'BooleanLiteral') continue;
        if (key && isAuthorizationName(key)) return 'authorization-header';
        const hit = classify(value, index, known, depth + 1);
        if (hit) return hit;
      }
      return null;
    case 'CallExpression': {
      // req.get('authorization') / req.header('Authorization') / headers.get('authorization')
      const method = methodName(n.callee);
      const first = n.arguments[0];
      if ((method === 'get' || method === 'header') && first?.type === 'StringLiteral' && isAuthorizationName(first.value)) return 'authorization-header';
      return null;
    }
    case 'Identifier':
    case 'MemberExpression':
    case 'OptionalMemberExpression': {
      const path = memberPath(n);
      if (!path) return null;
      const name = path[path.length - 1]!;
      if (isAuthorizationName(name)) return 'authorization-header';
      if (n.type === 'Identifier' && known.tokenVariables.has(name)) return 'token';
      if (isTokenName(name)) return 'token';
      const text = index.text.slice(n.start ?? 0, n.end ?? 0);
      if (isSecretName(name) && (known.keyExpressions.has(text) || /jwt|token/i.test(name))) return 'secret';
      return null;
    }
    default:
      return null;
  }
}

function knowledgeOf(index: FileIndex, sites: JwtCallSite[], budget: FileBudget | undefined): Knowledge {
  const tokenVariables = new Set<string>();
  const keyExpressions = new Set<string>();
  const signLines = new Set(sites.filter((s) => s.operation === 'sign').map((s) => `${s.loc.line}:${s.loc.column}`));
  for (const call of index.calls) {
    budget?.tick();
    const loc = locOf(index, call);
    if (!signLines.has(`${loc.line}:${loc.column}`)) continue;
    let node: t.Node = call;
    let parent = index.parentOf.get(node);
    while (parent && (parent.type === 'AwaitExpression' || parent.type === 'TSAsExpression')) {
      node = parent;
      parent = index.parentOf.get(node);
    }
    if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') tokenVariables.add(parent.id.name);
  }
  let lines: string[] | undefined;
  for (const site of sites) {
    budget?.tick();
    if (!site.key || site.key.loc.file !== index.file) continue;
    // Split once: once per site made a file of many signs quadratic.
    lines ??= index.text.split('\n');
    const line = lines[site.key.loc.line - 1];
    if (line && site.key.loc.line === site.key.loc.endLine) keyExpressions.add(line.slice(site.key.loc.column - 1, site.key.loc.endColumn - 1));
  }
  return { tokenVariables, keyExpressions };
}

/** Console and logger calls that write a token, an Authorization header or a JWT secret. */
export function findSensitiveLogs(index: FileIndex, _resolver: ValueResolver, sites: JwtCallSite[], budget?: FileBudget): SensitiveLog[] {
  const logs: SensitiveLog[] = [];
  let known: Knowledge | null = null;
  for (const call of index.calls) {
    budget?.tick();
    if (!isLogCall(call)) continue;
    known ??= knowledgeOf(index, sites, budget);
    for (const arg of call.arguments) {
      if (arg.type === 'SpreadElement' || arg.type === 'ArgumentPlaceholder') continue;
      const what = classify(arg, index, known);
      if (what) {
        logs.push({ loc: locOf(index, call), what, expression: index.text.slice(arg.start ?? 0, arg.end ?? 0).slice(0, 80) });
        break;
      }
    }
  }
  return logs;
}

import type * as t from '@babel/types';
import type { FileIndex } from './file-index.js';
import type { StorageWrite } from '../../facts/model.js';
import { methodName, locOf, memberPath, unwrap, type ValueResolver } from './resolve-value.js';
import { isTokenName } from '../../facts/sensitive-names.js';

type Storage = StorageWrite['storage'];

function storageOf(node: t.Node): Storage | null {
  const path = memberPath(node);
  if (!path) return null;
  const last = path[path.length - 1];
  if (last !== 'localStorage' && last !== 'sessionStorage') return null;
  // `localStorage`, `window.localStorage`, `globalThis.sessionStorage`
  if (path.length === 1 || (path.length === 2 && /^(window|globalThis|self)$/.test(path[0]!))) return last;
  return null;
}

function tokenEvidence(node: t.Node | undefined, index: FileIndex, resolver: ValueResolver, what: 'key' | 'value'): string | null {
  if (!node) return null;
  const n = unwrap(node);
  if (what === 'key') {
    const v = resolver.resolve(n, index);
    if (v.kind === 'string') return /token|jwt|bearer/i.test(v.value) && !/csrf|xsrf/i.test(v.value) ? `key '${v.value}'` : null;
  }
  const path = memberPath(n);
  const name = path?.[path.length - 1];
  if (name && isTokenName(name)) return `value ${path!.join('.')}`;
  return null;
}

/** `localStorage.setItem(k, v)`, `sessionStorage.setItem`, `localStorage[k] = v`, `localStorage.token = v`. */
export function findStorageWrites(index: FileIndex, resolver: ValueResolver): StorageWrite[] {
  if (!/localStorage|sessionStorage/.test(index.text)) return [];
  const writes: StorageWrite[] = [];
  for (const call of index.calls) {
    if (call.callee.type !== 'MemberExpression' && call.callee.type !== 'OptionalMemberExpression') continue;
    if (methodName(call.callee) !== 'setItem') continue;
    const storage = storageOf(call.callee.object);
    if (!storage) continue;
    const evidence = tokenEvidence(call.arguments[0], index, resolver, 'key') ?? tokenEvidence(call.arguments[1], index, resolver, 'value');
    if (evidence) writes.push({ loc: locOf(index, call), storage, evidence });
  }
  for (const assign of index.assignments) {
    const left = assign.left;
    if (left.type !== 'MemberExpression') continue;
    const storage = storageOf(left.object);
    if (!storage) continue;
    const keyNode = left.computed ? left.property : null;
    const keyName = !left.computed && left.property.type === 'Identifier' ? left.property.name : null;
    const evidence =
      (keyName && isTokenName(keyName) ? `key '${keyName}'` : null) ??
      tokenEvidence(keyNode ?? undefined, index, resolver, 'key') ??
      tokenEvidence(assign.right, index, resolver, 'value');
    if (evidence) writes.push({ loc: locOf(index, assign), storage, evidence });
  }
  return writes;
}

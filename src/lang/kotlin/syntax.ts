// Small readings of the Kotlin tree (tree-sitter-kotlin 1.1) the resolver and adapters share:
// calls (`a.b(c)` is a call_expression on a navigation_expression; no field names), dotted
// names, arguments, and string literals. A string with a template (`"$x"`, `"${x}"`) is not a
// literal: the grammar gives `${…}` an interpolation node and `$name` a `$` content piece
// followed by the name.
import type { Node } from 'web-tree-sitter';
import { ESCAPES } from '../java/resolve-java.js';

export const STRING_TYPES = ['string_literal', 'multiline_string_literal'] as const;

/** The value of a string literal (escapes read), or null for a template or anything else. */
export function kotlinString(node: Node): string | null {
  if (node.type !== 'string_literal' && node.type !== 'multiline_string_literal') return null;
  const raw = node.type === 'multiline_string_literal';
  const parts = node.namedChildren.filter((c): c is Node => !!c);
  let out = '';
  for (let i = 0; i < parts.length; i++) {
    const c = parts[i]!;
    if (c.type === 'string_content') {
      const next = parts[i + 1];
      // `$name`: a template reference, not a dollar sign.
      if (c.text === '$' && next?.type === 'string_content' && next.startIndex === c.endIndex && /^[A-Za-z_`]/.test(next.text)) return null;
      // `\uXXXX` comes as `\u` then the digits.
      if (!raw && c.text === '\\u' && next?.type === 'string_content' && /^[0-9a-fA-F]{4}/.test(next.text)) {
        out += String.fromCharCode(parseInt(next.text.slice(0, 4), 16)) + next.text.slice(4);
        i++;
        continue;
      }
      out += c.text;
    } else if (c.type === 'escape_sequence') {
      const ch = c.text[1] ?? '';
      out += ch === 'u' ? String.fromCharCode(parseInt(c.text.slice(2), 16)) : (ESCAPES[ch] ?? ch);
    } else return null;
  }
  return out;
}

/** Strips parentheses, `as` casts, `!!` and `?: throw`-free wrappers that keep the value. */
export function unwrap(node: Node): Node {
  let n = node;
  for (let i = 0; i < 8; i++) {
    if (n.type === 'parenthesized_expression' && n.namedChildren[0]) n = n.namedChildren[0];
    else if (n.type === 'as_expression' && n.childForFieldName('left')) n = n.childForFieldName('left')!;
    else if (n.type === 'unary_expression' && n.lastChild?.type === '!!' && n.childForFieldName('argument')) n = n.childForFieldName('argument')!;
    else break;
  }
  return n;
}

/** The expressions passed to a call, in order (a named argument's value; not a trailing lambda). */
export function argsOf(call: Node): Node[] {
  const list = call.type === 'call_expression' || call.type === 'constructor_invocation' ? call.namedChildren.find((c) => c?.type === 'value_arguments') : null;
  const out: Node[] = [];
  for (const a of list?.namedChildren ?? []) {
    if (a?.type !== 'value_argument') continue;
    const v = a.namedChildren[a.namedChildCount - 1];
    if (v) out.push(v);
  }
  return out;
}

/** `a.b.c` of identifiers and navigations, else null. */
export function dotted(node: Node): string | null {
  if (node.type === 'identifier') return node.text;
  if (node.type === 'this_expression') return 'this';
  if (node.type === 'navigation_expression') {
    const left = node.namedChildren[0];
    const name = node.namedChildren[node.namedChildCount - 1];
    const l = left ? dotted(left) : null;
    return l !== null && name?.type === 'identifier' && name.id !== left?.id ? `${l}.${name.text}` : null;
  }
  return null;
}

/** The receiver and member of a navigation (`recv.name`), or null. */
export function navigation(node: Node): { object: Node; name: string } | null {
  if (node.type !== 'navigation_expression') return null;
  const object = node.namedChildren[0];
  const name = node.namedChildren[node.namedChildCount - 1];
  return object && name && name.id !== object.id && name.type === 'identifier' ? { object, name: name.text } : null;
}

/** `Recv.name(…)` of a call: the receiver node and its dotted text (`''` without one, null when not dotted), and the name. */
export function callee(call: Node): { object: Node | null; recv: string | null; name: string } {
  if (call.type !== 'call_expression') return { object: null, recv: null, name: '' };
  const f = call.namedChildren[0];
  if (f?.type === 'identifier') return { object: null, recv: '', name: f.text };
  const nav = f ? navigation(f) : null;
  return nav ? { object: nav.object, recv: dotted(nav.object), name: nav.name } : { object: null, recv: null, name: '' };
}

/**
 * A member read on `node` as a call or a property: `x.getTime()` and `x.time` both read `getTime`
 * (Kotlin exposes Java getters as properties); null when `node` is not a receiver.
 */
export function memberUse(node: Node): { name: string; node: Node; args: Node[] } | null {
  const p = node.parent;
  if (p?.type !== 'navigation_expression' || p.namedChildren[0]?.id !== node.id) return null;
  const nav = navigation(p);
  if (!nav) return null;
  const call = p.parent?.type === 'call_expression' && p.parent.namedChildren[0]?.id === p.id ? p.parent : null;
  if (call) return { name: nav.name, node: call, args: argsOf(call) };
  return { name: /^(?:get|is)[A-Z]/.test(nav.name) ? nav.name : `get${nav.name[0]!.toUpperCase()}${nav.name.slice(1)}`, node: p, args: [] };
}

/** The value after `=` of a property declaration (or the last expression of a `by lazy { … }`), else null. */
export function propertyValue(decl: Node): Node | null {
  let afterEq = false;
  for (const c of decl.children) {
    if (!c) continue;
    if (c.type === '=') afterEq = true;
    else if (afterEq && c.isNamed) return c;
    else if (c.type === 'property_delegate') {
      const call = c.namedChildren[0];
      const lambda = call?.type === 'call_expression' && callee(call).name === 'lazy' ? call.descendantsOfType('lambda_literal')[0] : null;
      const body = lambda?.namedChildren.filter((x) => x && x.type !== 'lambda_parameters') ?? [];
      return body[body.length - 1] ?? null;
    }
  }
  return null;
}

/** The name a property declaration declares (not a destructuring). */
export function propertyName(decl: Node): string | null {
  const v = decl.namedChildren.find((c) => c?.type === 'variable_declaration');
  return v?.namedChildren.find((c) => c?.type === 'identifier')?.text ?? null;
}

/**
 * Shell-style and Spring-style variable references in a config value.
 *
 * - `${NAME}`, `$NAME`, `${NAME:?message}`: a reference, not a value.
 * - `${NAME:-literal}`, `${NAME-literal}`, `${NAME:=literal}` (compose, dotenv-expand) and
 *   `${NAME:literal}` (Spring): the literal is what the application gets when NAME is unset,
 *   so it counts as the value (RULES.md: a literal fallback is a secret like any other).
 * - Anything else holding `${`/`$NAME` among other text is a composite: neither a plain value
 *   nor a single reference.
 */
export type Interpolation =
  | { kind: 'none' }
  | { kind: 'reference'; name: string }
  | { kind: 'fallback'; name: string; literal: string; /** index of the literal in the value */ offset: number }
  | { kind: 'composite' };

import { serverlessVariable } from './deploy-manifests.js';

const BARE_REFERENCE = /^\$([A-Za-z_]\w*)$/;
// Compose/shell operators. `:+`/`+` substitute a value when NAME *is* set: not a fallback.
const SHELL_FORM = /^([A-Za-z_]\w*)(:?[-=?+])([\s\S]*)$/;
// Spring property placeholders allow dots, dashes and brackets in names.
const SPRING_FORM = /^([A-Za-z_][\w.\-[\]]*)(?::([\s\S]*))?$/;

function closingBrace(value: string, open: number): number {
  let depth = 0;
  for (let i = open; i < value.length; i++) {
    const c = value[i];
    if (c === '{') depth++;
    else if (c === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

export function analyseInterpolation(value: string, depth = 0): Interpolation {
  if (!value.includes('$')) return { kind: 'none' };
  const lead = value.length - value.trimStart().length;
  const trimmed = value.trim();
  const bare = BARE_REFERENCE.exec(trimmed);
  if (bare) return { kind: 'reference', name: bare[1]! };
  if (!trimmed.startsWith('${') || trimmed.startsWith('${{')) return hasReference(value) ? { kind: 'composite' } : { kind: 'none' };
  const close = closingBrace(trimmed, 1);
  if (close !== trimmed.length - 1) return { kind: 'composite' };
  const inner = trimmed.slice(2, close);
  const innerOffset = lead + 2;
  const shell = SHELL_FORM.exec(inner);
  if (shell) {
    const [, name, op, rest] = shell as unknown as [string, string, string, string];
    if (op.endsWith('?')) return { kind: 'reference', name };
    if (op.endsWith('+')) return { kind: 'composite' };
    return fallback(name, rest, innerOffset + name.length + op.length, depth);
  }
  const serverless = serverlessVariable(inner, innerOffset, (nested) => analyseInterpolation(nested, depth + 1));
  if (serverless) return serverless;
  const spring = SPRING_FORM.exec(inner);
  if (spring) {
    const name = spring[1]!;
    if (spring[2] === undefined) return { kind: 'reference', name };
    return fallback(name, spring[2], innerOffset + name.length + 1, depth);
  }
  return { kind: 'composite' };
}

function fallback(name: string, literal: string, offset: number, depth: number): Interpolation {
  if (depth < 4 && literal.includes('$')) {
    const nested = analyseInterpolation(literal, depth + 1);
    if (nested.kind === 'fallback') return { kind: 'fallback', name, literal: nested.literal, offset: offset + nested.offset };
    // `${A:-${B}}`: the fallback is another reference.
    if (nested.kind === 'reference') return { kind: 'reference', name };
    if (nested.kind === 'composite') return { kind: 'composite' };
  }
  return { kind: 'fallback', name, literal, offset };
}

/** True when the text reads a variable somewhere (`${X}`, `$X`, `${{ x }}`). */
export function hasReference(text: string): boolean {
  return /\$\{|\$[A-Za-z_]/.test(text);
}

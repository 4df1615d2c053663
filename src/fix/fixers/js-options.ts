// Shared by the unpinned-algorithm, missing-audience, missing-issuer and no-expiry fixers:
// finding the reported call, its options object literal, and adding one property to it in
// the style of the surrounding code. Only object literals written at the call are edited: an
// options object held in a variable, built by a function or spread from another object may set
// the option elsewhere, so it is left alone with the reason.
import type { CallExpression, NewExpression, Node, ObjectLiteralExpression, SourceFile } from 'ts-morph';
import type { Finding } from '../../engine/types.js';
import { tsMorph } from '../ts-morph.js';

export type Call = CallExpression | NewExpression;

/** Where a library takes the options a fix adds to, and what it calls them. */
export interface OptionsPlace {
  /** The argument that holds the options object. */
  index: number;
  /** The argument may be missing: the fix then adds `{ … }` there (before a callback). */
  mayCreate: boolean;
  /** The library's names for the audience and issuer options. */
  audience: string;
  issuer: string;
}

const JSONWEBTOKEN_STYLE = { audience: 'audience', issuer: 'issuer' };

/**
 * The verify-side options of the libraries the fixers edit, by library and API as the scan
 * names them (src/lang/javascript/adapters). jsonwebtoken's and jose's options may be absent;
 * the others are configure-once objects that hold the key, so they are always there.
 */
export function verifyOptionsPlace(library: string, api: string): OptionsPlace | undefined {
  if (library === 'jsonwebtoken' && api === 'jwt.verify') return { index: 2, mayCreate: true, ...JSONWEBTOKEN_STYLE };
  if (library === 'jose' && api === 'jwtVerify') return { index: 2, mayCreate: true, ...JSONWEBTOKEN_STYLE };
  if (library === '@nestjs/jwt' && (api === 'JwtService.verify' || api === 'JwtService.verifyAsync')) return { index: 1, mayCreate: false, ...JSONWEBTOKEN_STYLE };
  if (library === 'express-jwt' || library === 'koa-jwt' || library === 'passport-jwt') return { index: 0, mayCreate: false, ...JSONWEBTOKEN_STYLE };
  if (library === 'fast-jwt' && api === 'createVerifier') return { index: 0, mayCreate: false, audience: 'allowedAud', issuer: 'allowedIss' };
  return undefined;
}

/** The innermost call or `new` that starts where the finding starts (the scan reports a call at its start). */
export function callAt(node: Node | undefined): Call | undefined {
  if (!node) return undefined;
  const { Node: N } = tsMorph();
  const start = node.getStart();
  for (let current: Node | undefined = node; current && current.getStart() === start; current = current.getParent()) {
    if (N.isCallExpression(current) || N.isNewExpression(current)) return current;
  }
  return undefined;
}

/**
 * Whether an earlier fix of this run changed the call (its end moved from where the scan saw
 * it). The framework applies fixes bottom-up and refuses an edit after an earlier one, so a
 * second fix of one call waits for the next run instead of failing.
 */
export function changedInThisRun(call: Call, finding: Finding): boolean {
  const end = call.getSourceFile().getLineAndColumnAtPos(call.getEnd());
  return end.line !== finding.location.endLine || end.column !== finding.location.endColumn;
}

export const CHANGED_IN_THIS_RUN = 'another fix in this run changed the same call: run jwtlint fix again to make this one';

export type OptionsTarget =
  | { kind: 'object'; object: ObjectLiteralExpression }
  | { kind: 'create'; call: Call; index: number }
  | { kind: 'none'; reason: string };

/** The options object literal of the call at `place`, or where to create it, or why neither. */
export function optionsOf(call: Call, place: OptionsPlace): OptionsTarget {
  const { Node: N } = tsMorph();
  const args = call.getArguments();
  if (args.some((a) => N.isSpreadElement(a))) return { kind: 'none', reason: 'the call spreads its arguments' };
  const arg = args[place.index];
  if (!arg) {
    if (!place.mayCreate || args.length !== place.index) return { kind: 'none', reason: 'the call has no options argument to add to' };
    return { kind: 'create', call, index: place.index };
  }
  if (N.isObjectLiteralExpression(arg)) {
    if (arg.getProperties().some((p) => N.isSpreadAssignment(p))) return { kind: 'none', reason: 'the options object spreads another object, which may set the option: add it by hand' };
    if (arg.getProperties().some((p) => !N.isPropertyAssignment(p) && !N.isShorthandPropertyAssignment(p) && !N.isMethodDeclaration(p))) return { kind: 'none', reason: 'the options object has accessors or computed members' };
    return { kind: 'object', object: arg };
  }
  // jsonwebtoken and jose: `verify(token, key, callback)` takes no options yet.
  if (place.mayCreate && args.length === place.index + 1 && (N.isArrowFunction(arg) || N.isFunctionExpression(arg))) return { kind: 'create', call, index: place.index };
  return { kind: 'none', reason: 'the options are not an object literal written at the call (a variable or a computed value): add the option where the object is built' };
}

/** Names of the object's properties as written (identifier, string or numeric keys); undefined for a computed one. */
export function propertyNames(object: ObjectLiteralExpression): (string | undefined)[] {
  const { Node: N } = tsMorph();
  return object.getProperties().map((p) => {
    if (N.isShorthandPropertyAssignment(p)) return p.getName();
    if (!N.isPropertyAssignment(p) && !N.isMethodDeclaration(p)) return undefined;
    const name = p.getNameNode();
    if (N.isIdentifier(name)) return name.getText();
    if (N.isStringLiteral(name) || N.isNoSubstitutionTemplateLiteral(name)) return name.getLiteralText();
    return undefined;
  });
}

/** Whether the object already names the option (or has a member whose name cannot be read). */
export function namesOption(object: ObjectLiteralExpression, name: string): boolean {
  return propertyNames(object).some((n) => n === undefined || n === name);
}

/**
 * Adds `name: value` as the first property of the options: on a line of its own, indented
 * like the first property, when the properties are one per line; inline otherwise. A missing
 * options argument becomes `{ name: value }`. New properties go first so that several fixes of
 * one call each edit the text before the previous one (the framework applies them bottom-up).
 */
export function addOption(file: SourceFile, target: Exclude<OptionsTarget, { kind: 'none' }>, name: string, value: string): void {
  const property = `${name}: ${value}`;
  if (target.kind === 'create') {
    target.call.insertArgument(target.index, `{ ${property} }`);
    return;
  }
  const { object } = target;
  const properties = object.getProperties();
  if (properties.length === 0) {
    object.replaceWithText(`{ ${property} }`);
    return;
  }
  const first = properties[0]!;
  const text = file.getFullText();
  const start = first.getStart();
  // A comment above the first member belongs to it: the new member goes above the comment.
  const comments = first.getLeadingCommentRanges().map((c) => c.getPos());
  const anchor = Math.min(start, ...comments);
  const lineStart = text.lastIndexOf('\n', anchor - 1) + 1;
  const indent = text.slice(lineStart, anchor);
  if (indent.trim() === '') {
    file.insertText(lineStart, `${indent}${property},${lineBreakOf(text)}`);
  } else {
    file.insertText(start, `${property}, `);
  }
}

function lineBreakOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** The quote the file writes strings with: that of its first string literal, else a single quote. */
export function quoteOf(file: SourceFile): "'" | '"' {
  const { SyntaxKind } = tsMorph();
  const literal = file.getFirstDescendantByKind(SyntaxKind.StringLiteral);
  return literal?.getText().startsWith('"') ? '"' : "'";
}

/**
 * A string literal for `value` in the file's quote, or undefined when the value holds a
 * character jwtlint does not write into source (anything outside printable ASCII, a backslash
 * or either quote): values come from the scanned repository.
 */
export function stringLiteral(value: string, quote: "'" | '"'): string | undefined {
  if (value.length === 0 || value.length > 200) return undefined;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code > 0x7e || value[i] === '\\' || value[i] === "'" || value[i] === '"' || value[i] === '`') return undefined;
  }
  return `${quote}${value}${quote}`;
}

/** `'a'` for one value, `['a', 'b']` for several; undefined when a value cannot be written. */
export function literalOf(values: readonly string[], quote: "'" | '"'): string | undefined {
  const literals = values.map((v) => stringLiteral(v, quote));
  if (literals.length === 0 || literals.some((l) => l === undefined)) return undefined;
  return literals.length === 1 ? literals[0]! : `[${literals.join(', ')}]`;
}

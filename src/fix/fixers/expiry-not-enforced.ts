import type { CallExpression, Node, ObjectLiteralExpression, PropertyAssignment, SourceFile, StringLiteral } from 'ts-morph';
import { tsMorph } from '../ts-morph.js';
import type { Fixer, FixerOutcome } from '../types.js';

/**
 * The switches the rule reports in JS/TS (rules/expiry-not-enforced.ts, src/lang/javascript/
 * adapters) and the value that turns the check off. Without the property each library checks
 * `exp`: jsonwebtoken, express-jwt, passport-jwt, @nestjs/jwt, @fastify/jwt, hapi-auth-jwt2 and
 * fast-jwt default `ignoreExpiration` to false, jose 1/2 `ignoreExp` to false, @hapi/jwt
 * `verify.exp` and express-oauth2-jwt-bearer `validators.exp` to true.
 */
const SWITCHES: Record<string, boolean> = { ignoreExpiration: true, ignoreExp: true, exp: false };

const OTHER_MESSAGES: Record<string, string> = {
  clockTolerance: 'how much clock skew the service needs is a judgement call: lower the tolerance to a few seconds by hand',
  claimsNotValidated: 'the claims need a validation call where they are used, not an edit at one place',
  expiryCheckDisabled: 'a configuration setting, not JS/TS code: turn the check back on by hand',
};

export const expiryNotEnforced: Fixer = {
  ruleId: 'expiry-not-enforced',
  fix({ finding, file, node }): FixerOutcome {
    if (finding.messageId !== 'ignoreExpiration') return { kind: 'skipped', reason: OTHER_MESSAGES[finding.messageId] ?? 'no automatic fix for this kind of finding' };
    const { Node } = tsMorph();
    if (!node || !(Node.isTrueLiteral(node) || Node.isFalseLiteral(node))) {
      return { kind: 'skipped', reason: 'the expiry check is skipped by a missing call (e.g. @hapi/jwt verifySignature without verifyTime), not by an option to remove' };
    }
    const value = Node.isTrueLiteral(node);
    const parent = node.getParent();

    if (Node.isPropertyAssignment(parent) && parent.getInitializer() === node) {
      const name = propertyName(parent);
      if (name === undefined || SWITCHES[name] !== value) return { kind: 'skipped', reason: 'the switch is not one jwtlint knows how to remove' };
      const object = parent.getParent();
      if (!Node.isObjectLiteralExpression(object)) return { kind: 'skipped', reason: 'the switch is not in an object literal' };
      if (object.getProperties().some((p) => Node.isSpreadAssignment(p))) {
        return { kind: 'skipped', reason: 'the options object spreads another object, which may set the switch too: remove it by hand' };
      }
      if (object.getProperties().filter((p) => Node.isPropertyAssignment(p) && propertyName(p) === name).length > 1) {
        return { kind: 'skipped', reason: `the options object sets \`${name}\` more than once` };
      }
      const emptied = object.getProperties().length === 1;
      const objectStart = object.getStart();
      const remove = () => {
        // Text edits forget the nodes they cover: the object is found again by its start.
        removeProperty(parent, object, file);
        return emptied && dropEmptyLastArgument(file, objectStart);
      };
      const summary = (dropped: boolean) => (dropped ? `removed \`${name}: ${value}\` and the options argument it leaves empty` : `removed \`${name}: ${value}\``);
      // Code that reads `exp` itself after verifying may read expired tokens on purpose (a
      // refresh or logout flow, its own "expired" error): enforcing expiry there changes what
      // it does, so the removal is only offered.
      if (readsExp(parent)) {
        return {
          kind: 'suggested',
          summary: summary(emptied),
          reason: 'the surrounding code reads `exp` itself, so it may accept expired tokens on purpose (refresh or logout); if so, decode them for that purpose only',
          apply: () => void remove(),
        };
      }
      return { kind: 'fixed', summary: summary(remove()) };
    }

    if (Node.isBinaryExpression(parent) && parent.getRight() === node && parent.getOperatorToken().getText() === '=') {
      const target = parent.getLeft();
      const name = Node.isPropertyAccessExpression(target)
        ? target.getName()
        : Node.isElementAccessExpression(target) && Node.isStringLiteral(target.getArgumentExpression())
          ? (target.getArgumentExpression() as StringLiteral).getLiteralText()
          : undefined;
      if (name === undefined || SWITCHES[name] !== value) return { kind: 'skipped', reason: 'the switch is not one jwtlint knows how to turn off' };
      // The object may have had the switch on before this line: setting it back is certain, deleting the line is not.
      node.replaceWithText(String(!value));
      return { kind: 'fixed', summary: `set \`${name}\` to ${!value}` };
    }
    return { kind: 'skipped', reason: 'the switch is not a property of an object literal nor an assignment' };
  },
};

/** Whether the function around `node` (the file when there is none) reads a property `exp`. */
function readsExp(node: Node): boolean {
  const { Node } = tsMorph();
  const scope = node.getFirstAncestor((ancestor) => Node.isFunctionLikeDeclaration(ancestor) || Node.isArrowFunction(ancestor)) ?? node.getSourceFile();
  return scope.getDescendants().some(
    (d) =>
      (Node.isPropertyAccessExpression(d) && d.getName() === 'exp') ||
      (Node.isElementAccessExpression(d) && Node.isStringLiteral(d.getArgumentExpression()) && (d.getArgumentExpression() as StringLiteral).getLiteralText() === 'exp') ||
      (Node.isBindingElement(d) && (d.getPropertyNameNode()?.getText() ?? d.getName()) === 'exp'),
  );
}

function propertyName(property: PropertyAssignment): string | undefined {
  const { Node } = tsMorph();
  const name = property.getNameNode();
  if (Node.isIdentifier(name)) return name.getText();
  if (Node.isStringLiteral(name) || Node.isNoSubstitutionTemplateLiteral(name)) return name.getLiteralText();
  return undefined;
}

/**
 * Removes a property the way a person would: on a line of its own, the whole line (with a
 * comment after it on that line, which is about the switch); inline, the property and one
 * comma. Comment lines above it stay. The style of the list is kept: a last property without
 * a trailing comma takes the comma before it along.
 */
function removeProperty(property: PropertyAssignment, object: ObjectLiteralExpression, file: SourceFile): void {
  const text = file.getFullText();
  const properties = object.getProperties();
  const index = properties.indexOf(property);
  if (properties.length === 1) {
    // `{ ignoreExpiration: true }` → `{}`, unless a comment sits inside (kept, with the braces).
    const inner = text.slice(object.getStart() + 1, object.getEnd() - 1);
    if (inner.trim() === property.getText() || inner.trim() === `${property.getText()},`) {
      file.replaceText([object.getStart(), object.getEnd()], '{}');
      return;
    }
  }
  const start = property.getStart();
  let end = property.getEnd();
  let cursor = skipBlanks(text, end);
  const trailingComma = text[cursor] === ',';
  if (trailingComma) {
    end = cursor + 1;
    cursor = skipBlanks(text, end);
  }
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const ownLine = text.slice(lineStart, start).trim() === '';
  if (ownLine) {
    if (text.startsWith('//', cursor)) cursor = text.indexOf('\n', cursor) === -1 ? text.length : text.indexOf('\n', cursor);
    if (text[cursor] === '\r') cursor++;
    if (text[cursor] === '\n' || cursor === text.length) {
      const lineEnd = Math.min(cursor + 1, text.length);
      const isLast = index === properties.length - 1;
      const previous = index > 0 ? properties[index - 1]! : undefined;
      const commaBefore = previous ? skipBlanks(text, previous.getEnd()) : -1;
      if (isLast && !trailingComma && previous && text[commaBefore] === ',') {
        file.replaceText([lineStart, lineEnd], '');
        file.replaceText([commaBefore, commaBefore + 1], '');
      } else {
        file.replaceText([lineStart, lineEnd], '');
      }
      return;
    }
  }
  if (trailingComma) {
    // `a, ignoreExpiration: true, b` → `a, b`
    file.replaceText([start, skipBlanks(text, end)], '');
  } else if (index > 0) {
    // `a, ignoreExpiration: true }` → `a }`
    file.replaceText([properties[index - 1]!.getEnd(), end], '');
  } else {
    file.replaceText([start, end], '');
  }
}

/** The offset of the first character at or after `from` that is not a space or a tab. */
function skipBlanks(text: string, from: number): number {
  let at = from;
  while (text[at] === ' ' || text[at] === '\t') at++;
  return at;
}

/**
 * `jwt.verify(token, key, {})` → `jwt.verify(token, key)`: only for jsonwebtoken's verify, whose
 * missing options are `{}` (`if (!options) options = {}`), and only as the last argument
 * (before a callback `{}` keeps its place).
 */
function dropEmptyLastArgument(file: SourceFile, at: number): boolean {
  const { Node } = tsMorph();
  // At the object's start is its `{` token; the object is that token's parent.
  const object = file.getDescendantAtPos(at)?.getParent();
  if (!Node.isObjectLiteralExpression(object)) return false;
  // Nothing but white space between the braces: a comment left there is kept with the object.
  if (object.getText().slice(1, -1).trim() !== '') return false;
  const call = object.getParent();
  if (!Node.isCallExpression(call)) return false;
  const args = call.getArguments();
  if (args.length !== 3 || args[2] !== object || !isJsonwebtokenVerify(call, file)) return false;
  call.removeArgument(object);
  return true;
}

function isJsonwebtokenVerify(call: CallExpression, file: SourceFile): boolean {
  const { Node } = tsMorph();
  const callee = call.getExpression();
  const { namespaces, verifyNames } = jsonwebtokenBindings(file);
  if (Node.isIdentifier(callee)) return verifyNames.has(callee.getText());
  if (Node.isPropertyAccessExpression(callee) && callee.getName() === 'verify') {
    const target = callee.getExpression();
    return Node.isIdentifier(target) && namespaces.has(target.getText());
  }
  return false;
}

/** Names bound to jsonwebtoken in the file: `import jwt from`, `import * as jwt from`, `const jwt = require(…)`, and imported `verify`. */
function jsonwebtokenBindings(file: SourceFile): { namespaces: Set<string>; verifyNames: Set<string> } {
  const { Node } = tsMorph();
  const namespaces = new Set<string>();
  const verifyNames = new Set<string>();
  for (const declaration of file.getImportDeclarations()) {
    if (declaration.getModuleSpecifierValue() !== 'jsonwebtoken') continue;
    const defaultImport = declaration.getDefaultImport();
    if (defaultImport) namespaces.add(defaultImport.getText());
    const namespace = declaration.getNamespaceImport();
    if (namespace) namespaces.add(namespace.getText());
    for (const named of declaration.getNamedImports()) {
      if (named.getName() === 'verify') verifyNames.add(named.getAliasNode()?.getText() ?? 'verify');
    }
  }
  for (const declaration of file.getVariableStatements().flatMap((s) => s.getDeclarations())) {
    const init = declaration.getInitializer();
    if (!Node.isCallExpression(init) || init.getExpression().getText() !== 'require') continue;
    const [arg] = init.getArguments();
    if (!Node.isStringLiteral(arg) || arg.getLiteralText() !== 'jsonwebtoken') continue;
    const nameNode = declaration.getNameNode();
    if (Node.isIdentifier(nameNode)) namespaces.add(nameNode.getText());
    else if (Node.isObjectBindingPattern(nameNode)) {
      for (const element of nameNode.getElements()) {
        const property = element.getPropertyNameNode()?.getText() ?? element.getName();
        if (property === 'verify') verifyNames.add(element.getName());
      }
    }
  }
  return { namespaces, verifyNames };
}


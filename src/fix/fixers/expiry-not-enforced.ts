import type { CallExpression, ObjectLiteralExpression, PropertyAssignment, SourceFile, StringLiteral } from 'ts-morph';
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
      parent.remove();
      const dropped = dropEmptyLastArgument(object, file);
      return { kind: 'fixed', summary: dropped ? `removed \`${name}: ${value}\` and the options argument it leaves empty` : `removed \`${name}: ${value}\`` };
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

function propertyName(property: PropertyAssignment): string | undefined {
  const { Node } = tsMorph();
  const name = property.getNameNode();
  if (Node.isIdentifier(name)) return name.getText();
  if (Node.isStringLiteral(name) || Node.isNoSubstitutionTemplateLiteral(name)) return name.getLiteralText();
  return undefined;
}

/**
 * `jwt.verify(token, key, {})` → `jwt.verify(token, key)`: only for jsonwebtoken's verify, whose
 * missing options are `{}` (`if (!options) options = {}`), and only as the last argument
 * (before a callback `{}` keeps its place).
 */
function dropEmptyLastArgument(object: ObjectLiteralExpression, file: SourceFile): boolean {
  const { Node } = tsMorph();
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


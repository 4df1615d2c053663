import type { ElementAccessExpression, Expression, Node, PropertyAccessExpression } from 'ts-morph';
import { tsMorph } from '../ts-morph.js';
import type { Fixer, FixerOutcome } from '../types.js';

const OTHER_MESSAGES: Record<string, string> = {
  literal: 'the key has no environment read to fall back from: where it should come from (secret manager, which variable) is a decision to make by hand',
  fallback: 'a default parameter or a configuration default, not a `process.env` fallback: remove the default by hand',
  template: 'a template that deployments copy: replace the value with a placeholder by hand',
  privateKey: 'a committed private key: move it to a secret store and publish only the public key',
};

/** Environment variable names the fix writes into an error message: plain identifiers only. */
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * `process.env.X || 'literal'` (or `?? 'literal'`) becomes a read that throws when `X` is
 * missing, so a deployment without the variable fails where the value is read (at start-up
 * for a module-level constant, on each call inside a function) instead of running with a key the repository publishes:
 *
 *   (() => { const value = process.env.X; if (!value) throw new Error('X is not set'); return value; })()
 *
 * An arrow function called in place: valid JavaScript and TypeScript (`value` narrows to
 * string), no helper to name or import, no new dependency. `||` fell back on an empty value
 * too, so `!value` throws on it; `??` only on a missing one, so `=== undefined`.
 */
export const hardcodedSecret: Fixer = {
  ruleId: 'hardcoded-secret',
  fix({ finding, node }): FixerOutcome {
    if (finding.messageId !== 'envFallback') return { kind: 'skipped', reason: OTHER_MESSAGES[finding.messageId] ?? 'no automatic fix for this kind of finding' };
    const { Node } = tsMorph();
    const literal = node && (Node.isStringLiteral(node) || Node.isNoSubstitutionTemplateLiteral(node)) ? node : undefined;
    if (!literal) return { kind: 'skipped', reason: 'the fallback is not a string literal written at the reported place' };
    const fallback = enclosingFallback(literal);
    if (!fallback) return { kind: 'skipped', reason: 'the literal is not the right side of `process.env.X || …` or `?? …`' };
    const { expression, read, name, operator } = fallback;
    if (!ENV_NAME.test(name)) return { kind: 'skipped', reason: 'the variable name is not a plain identifier' };
    // A statement that starts with `(` would join the line above it when that line has no semicolon.
    if (Node.isExpressionStatement(expression.getParent())) return { kind: 'skipped', reason: 'the fallback is a statement of its own' };
    const inFunction = expression.getFirstAncestor((ancestor) => Node.isFunctionLikeDeclaration(ancestor) || Node.isArrowFunction(ancestor) || Node.isPropertyDeclaration(ancestor)) !== undefined;
    const quote = literal.getText().startsWith('"') ? '"' : "'";
    const missing = operator === '||' ? '!value' : 'value === undefined';
    expression.replaceWithText(`(() => { const value = ${read}; if (${missing}) throw new Error(${quote}${name} is not set${quote}); return value; })()`);
    const when = inFunction ? 'when the function around it runs, not at start-up' : 'at start-up';
    return {
      kind: 'fixed',
      summary: `\`${read} ${operator} <literal>\` now throws when ${name} is unset (${when}). The literal was committed: rotate that key (git history keeps it) and set ${name} wherever this runs`,
    };
  },
};

interface Fallback {
  expression: Expression;
  /** `process.env.X` as written. */
  read: string;
  name: string;
  operator: '||' | '??';
}

/** `literal` as the right side of `process.env.X || literal` (through parentheses), the left side a plain read. */
function enclosingFallback(literal: Node): Fallback | undefined {
  const { Node, SyntaxKind } = tsMorph();
  let right: Node = literal;
  while (Node.isParenthesizedExpression(right.getParent())) right = right.getParentOrThrow();
  const binary = right.getParent();
  if (!Node.isBinaryExpression(binary) || binary.getRight() !== right) return undefined;
  const kind = binary.getOperatorToken().getKind();
  if (kind !== SyntaxKind.BarBarToken && kind !== SyntaxKind.QuestionQuestionToken) return undefined;
  const left = binary.getLeft();
  let name: string | undefined;
  if (Node.isPropertyAccessExpression(left) && !left.hasQuestionDotToken()) name = left.getName();
  else if (Node.isElementAccessExpression(left)) {
    const argument = left.getArgumentExpression();
    if (Node.isStringLiteral(argument) || Node.isNoSubstitutionTemplateLiteral(argument)) name = argument.getLiteralText();
  }
  if (name === undefined) return undefined;
  const env = (left as PropertyAccessExpression | ElementAccessExpression).getExpression();
  if (!Node.isPropertyAccessExpression(env) || env.getName() !== 'env' || env.hasQuestionDotToken()) return undefined;
  const process = env.getExpression();
  if (!Node.isIdentifier(process) || process.getText() !== 'process') return undefined;
  return { expression: binary, read: left.getText(), name, operator: kind === SyntaxKind.BarBarToken ? '||' : '??' };
}

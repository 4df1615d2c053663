// JWT literals in the string nodes of a tree-sitter tree (`hardcoded-token` in every
// language): the same detector as the JS/TS front end and the config readers
// (src/facts/token-literals.ts), located where the token text starts in the source.
import type { Node } from 'web-tree-sitter';
import type { TokenLiteral } from '../facts/model.js';
import { findTokens } from '../facts/token-literals.js';
import type { LineIndex } from '../parse/line-index.js';

/** Text that may hold a JWT literal: a base64url-encoded JSON object starts with `eyJ`. */
export function mayHoldTokenLiteral(text: string): boolean {
  return text.includes('eyJ');
}

/**
 * Tokens inside the nodes of `stringTypes` (their raw text: base64url never needs escaping,
 * so the raw text and the value agree where a token is). Nested string nodes are read once,
 * at the outermost.
 */
export function tokenLiteralsIn(file: string, root: Node, stringTypes: readonly string[], lines: LineIndex): TokenLiteral[] {
  if (!mayHoldTokenLiteral(root.text)) return [];
  const tokens: TokenLiteral[] = [];
  for (const node of root.descendantsOfType([...stringTypes])) {
    if (!node) continue;
    const raw = node.text;
    if (!mayHoldTokenLiteral(raw)) continue;
    // An outer string already read this one (Python f-strings hold string nodes of their own).
    if (node.parent && stringTypes.includes(node.parent.type)) continue;
    const base = node.startIndex;
    tokens.push(
      ...findTokens(raw, (offset, length) => {
        const start = lines.position(base + offset);
        const end = lines.position(base + offset + length);
        return { file, line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
      }),
    );
  }
  return tokens;
}

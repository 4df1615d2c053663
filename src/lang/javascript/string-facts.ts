import type { FileIndex } from './file-index.js';
import type { TokenLiteral } from '../../facts/model.js';
import { LineIndex } from '../../parse/line-index.js';
import { findTokens } from '../../facts/token-literals.js';

const lineIndexes = new WeakMap<FileIndex, LineIndex>();

export function lineIndexOf(index: FileIndex): LineIndex {
  let li = lineIndexes.get(index);
  if (!li) {
    li = new LineIndex(index.text);
    lineIndexes.set(index, li);
  }
  return li;
}

/** JWT literals in the file's strings, located where the token text starts. */
export function findTokenLiterals(index: FileIndex): TokenLiteral[] {
  if (!index.text.includes('eyJ')) return [];
  const tokens: TokenLiteral[] = [];
  const lines = lineIndexOf(index);
  for (const node of index.strings) {
    const raw = index.text.slice(node.start ?? 0, node.end ?? 0);
    if (!raw.includes('eyJ')) continue;
    const value = node.type === 'StringLiteral' ? node.value : node.quasis.map((q) => q.value.cooked ?? q.value.raw).join('');
    tokens.push(
      ...findTokens(value, (_offset, length) => {
        // Locate the token in the raw source text (escapes never occur inside base64url).
        const tokenText = value.slice(_offset, _offset + length);
        const at = (node.start ?? 0) + Math.max(0, raw.indexOf(tokenText));
        const start = lines.position(at);
        const end = lines.position(at + length);
        return { file: index.file, line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
      }),
    );
  }
  return tokens;
}

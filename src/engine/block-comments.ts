// Block comments of a JS/TS file, found by a small conservative lexer, so that a file whose
// only JWT word sits in a comment (generated API documentation: `* security: - jwt_token`)
// is not parsed. Comments never become facts (the parser does not even attach them), so
// the prefilter may judge the code without them.
//
// The lexer must never take code for a comment. It tracks strings, template literals (with
// nested `${}`), regular expression literals and line comments, and gives up (returns null,
// and the file is judged whole) wherever it could go wrong: a `/` that may be a division or
// a regular expression depending on what precedes it (after `)`, `]`, `}`, postfix `!`, `++`),
// anything unterminated, and `<` in a file that may hold JSX (whose text may hold `//`).

/** Words after which a `/` starts a regular expression, not a division. */
const EXPRESSION_KEYWORDS = new Set([
  'return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await', 'extends',
]);

const enum Prev {
  /** Start of file, an operator or an opening bracket: a `/` here starts a regular expression. */
  Operator,
  /** An identifier, a number, a string or a template: a `/` here divides. */
  Operand,
  /** `)`, `]`, `}`, a postfix `!`, `++` or `--`: either is possible; the lexer gives up. */
  Ambiguous,
}

const isIdentifierPart = (c: number): boolean =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 36 || c >= 128 || c === 92;

/**
 * The text with every block comment replaced by one space, or null when the lexer cannot
 * be sure where comments are. `mayHoldJsx`: the file may contain JSX (any dialect but `.ts`).
 */
export function withoutBlockComments(text: string, mayHoldJsx: boolean): string | null {
  if (!text.includes('/*')) return text;
  const parts: string[] = [];
  let copied = 0;
  let prev = Prev.Operator;
  /** Open `{` counts, one entry per `${` of an enclosing template literal. */
  const templateBraces: number[] = [];
  const n = text.length;
  let i = 0;
  // Scans a template literal body from `i` (after the backtick or a closing `}`); returns
  // false when it is unterminated. Leaves `i` after the closing backtick, or after `${`.
  const scanTemplate = (): boolean => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 92) i += 2;
      else if (c === 96) {
        i++;
        prev = Prev.Operand;
        return true;
      } else if (c === 36 && text.charCodeAt(i + 1) === 123) {
        i += 2;
        templateBraces.push(0);
        prev = Prev.Operator;
        return true;
      } else i++;
    }
    return false;
  };
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) {
      i++;
      continue;
    }
    if (c === 47 /* / */) {
      const next = text.charCodeAt(i + 1);
      if (next === 47) {
        const end = text.indexOf('\n', i);
        i = end < 0 ? n : end;
        continue;
      }
      if (next === 42) {
        const end = text.indexOf('*/', i + 2);
        if (end < 0) return null;
        parts.push(text.slice(copied, i), ' ');
        i = end + 2;
        copied = i;
        continue;
      }
      if (prev === Prev.Ambiguous) return null;
      if (prev === Prev.Operand) {
        i++;
        prev = Prev.Operator;
        continue;
      }
      // A regular expression literal: to the `/` that is neither escaped nor in a class.
      let inClass = false;
      i++;
      for (;;) {
        if (i >= n) return null;
        const r = text.charCodeAt(i);
        if (r === 10 || r === 13) return null;
        if (r === 92) i += 2;
        else {
          if (r === 91) inClass = true;
          else if (r === 93) inClass = false;
          else if (r === 47 && !inClass) break;
          i++;
        }
      }
      i++;
      while (i < n && isIdentifierPart(text.charCodeAt(i))) i++; // flags
      prev = Prev.Operand;
      continue;
    }
    if (c === 39 || c === 34) {
      // A string: ends at the same quote; a line break inside (unescaped) is an error.
      i++;
      for (;;) {
        if (i >= n) return null;
        const s = text.charCodeAt(i);
        if (s === c) break;
        if (s === 10 || s === 13) return null;
        i += s === 92 ? 2 : 1;
      }
      i++;
      prev = Prev.Operand;
      continue;
    }
    if (c === 96) {
      i++;
      if (!scanTemplate()) return null;
      continue;
    }
    if (c === 123 /* { */) {
      if (templateBraces.length > 0) templateBraces[templateBraces.length - 1]!++;
      i++;
      prev = Prev.Operator;
      continue;
    }
    if (c === 125 /* } */) {
      i++;
      if (templateBraces.length > 0) {
        if (templateBraces[templateBraces.length - 1] === 0) {
          templateBraces.pop();
          if (!scanTemplate()) return null;
          continue;
        }
        templateBraces[templateBraces.length - 1]!--;
      }
      prev = Prev.Ambiguous;
      continue;
    }
    if (c === 41 || c === 93) {
      i++;
      prev = Prev.Ambiguous;
      continue;
    }
    if (c === 60 /* < */ && mayHoldJsx) return null;
    if (c === 33 /* ! */) {
      // `!x` (operator) or TypeScript's postfix `x!` (then a `/` may divide).
      i++;
      prev = prev === Prev.Operator ? Prev.Operator : Prev.Ambiguous;
      continue;
    }
    if (isIdentifierPart(c)) {
      const start = i;
      while (i < n && isIdentifierPart(text.charCodeAt(i))) i++;
      // A number's `.5e-3` and the like end here too; whatever follows is an operator or an operand.
      prev = EXPRESSION_KEYWORDS.has(text.slice(start, i)) ? Prev.Operator : Prev.Operand;
      continue;
    }
    if ((c === 43 || c === 45) && text.charCodeAt(i + 1) === c) {
      // `x++ / 2` divides, `++x` does not end an operand: postfix after an operand.
      i += 2;
      prev = prev === Prev.Operator ? Prev.Operator : Prev.Ambiguous;
      continue;
    }
    // Any other punctuator: an operator (`.` and `?.` before a name are followed by one).
    i++;
    prev = Prev.Operator;
  }
  if (templateBraces.length > 0) return null;
  if (copied === 0) return text;
  parts.push(text.slice(copied));
  return parts.join('');
}

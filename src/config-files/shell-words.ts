// Word splitting shared by the shell-script and Dockerfile readers. Both only need the
// variable assignments of a file, so this is a lexer for words (quotes, escapes, line
// continuations, `$` expansions kept as written), not a shell parser.
import type { LineIndex } from '../parse/line-index.js';
import { spanLoc } from './location.js';
import { applyInterpolation } from './tree.js';
import type { ConfigEntry } from './types.js';

export type WordDialect = 'shell' | 'dockerfile';

export interface ShellWord {
  /** What the word stands for: quotes removed, escapes resolved, `$` expansions kept as written. */
  value: string;
  /** Source offsets [start, end) of the word as written, quotes included. */
  start: number;
  end: number;
  /** Offset of the value's first character (after an opening quote). */
  contentStart: number;
  /** A `$` expansion or command substitution outside single quotes: the value is not literal text. */
  expands: boolean;
}

const SHELL_OPERATORS = new Set([';', '&', '|', '(', ')', '<', '>']);
// `$1`, `$@`, `$?` ...: positional and special parameters (shell only).
const SPECIAL_PARAMETER = /[0-9@*#?$!-]/;
const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /\w/;

export class WordLexer {
  pos = 0;
  /**
   * Characters that bracket searches may still look at. Every unclosed `${`, `$(` or `(`
   * is searched to the end of the text, so `${${${...` costs quadratic time; once the
   * budget (far above what any real script needs) is spent, brackets count as unclosed.
   */
  private scanBudget: number;
  private budgetReported = false;
  /** Characters the last bracket search looked at. */
  private scanned = 0;

  constructor(
    readonly text: string,
    readonly dialect: WordDialect,
    /** `\`, or a backtick after a Dockerfile `# escape=`` directive. */
    readonly escape: string,
    private readonly problem: (offset: number, message: string) => void,
  ) {
    this.scanBudget = 32 * text.length + 1_000_000;
  }

  get done(): boolean {
    return this.pos >= this.text.length;
  }

  peek(): string | undefined {
    return this.text[this.pos];
  }

  /** Length of a line continuation at `i` (escape, newline), or 0. Docker allows blanks after the escape. */
  private continuationAt(i: number): number {
    if (this.text[i] !== this.escape) return 0;
    let j = i + 1;
    if (this.dialect === 'dockerfile') while (this.text[j] === ' ' || this.text[j] === '\t') j++;
    if (this.text[j] === '\r' && this.text[j + 1] === '\n') return j + 2 - i;
    if (this.text[j] === '\n' || this.text[j] === '\r') return j + 1 - i;
    return 0;
  }

  /** Position after a continuation at `i`; Docker also drops the comment and empty lines that follow one. */
  private afterContinuation(i: number): number {
    let j = i + this.continuationAt(i);
    if (this.dialect !== 'dockerfile') return j;
    for (;;) {
      const m = /[ \t]*(?:#[^\r\n]*)?(?:\r\n|\n|\r)/y;
      m.lastIndex = j;
      if (!m.exec(this.text)) return j;
      j = m.lastIndex;
    }
  }

  /** Skips spaces, tabs, carriage returns and line continuations; stops at a newline or anything else. */
  skipBlanks(): void {
    for (;;) {
      const c = this.text[this.pos];
      if (c === ' ' || c === '\t' || (c === '\r' && this.text[this.pos + 1] === '\n')) this.pos++;
      else if (this.continuationAt(this.pos) > 0) this.pos = this.afterContinuation(this.pos);
      else return;
    }
  }

  /** At a newline or the end of the text (after `skipBlanks`). */
  atLineEnd(): boolean {
    const c = this.text[this.pos];
    return c === undefined || c === '\n' || c === '\r';
  }

  /** Moves past the rest of the physical line and its line break. */
  skipPhysicalLine(): void {
    const end = this.lineEnd(this.pos);
    this.pos = this.text[end] === '\r' && this.text[end + 1] === '\n' ? end + 2 : Math.min(end + 1, this.text.length);
  }

  lineEnd(from: number): number {
    for (let i = from; i < this.text.length; i++) if (this.text[i] === '\n' || this.text[i] === '\r') return i;
    return this.text.length;
  }

  isOperator(c: string | undefined): boolean {
    return this.dialect === 'shell' && c !== undefined && SHELL_OPERATORS.has(c);
  }

  /** Moves past a bracketed group (`(a b)` of an array assignment), or to the end of the line when it is not closed. */
  skipGroup(): void {
    const close = this.matching(this.pos, '(', ')');
    this.pos = close < 0 ? this.lineEnd(this.pos) : close + 1;
  }

  /** `NAME=` at the current position: the name and where it starts; the lexer moves past the `=`. */
  readAssignmentName(): { name: string; start: number } | null {
    const pattern = this.dialect === 'shell' ? /([A-Za-z_]\w*)=/y : /([A-Za-z_][\w.-]*)=/y;
    pattern.lastIndex = this.pos;
    const m = pattern.exec(this.text);
    if (!m) return null;
    const start = this.pos;
    this.pos = pattern.lastIndex;
    return { name: m[1]!, start };
  }

  /** Reads one word; an empty word when the lexer stands at a blank, a newline or an operator. */
  readWord(): ShellWord {
    const { text } = this;
    const start = this.pos;
    const first = text[start];
    const word: ShellWord = { value: '', start, end: start, contentStart: first === '"' || first === "'" ? start + 1 : start, expands: false };
    let i = start;
    for (;;) {
      const c = text[i];
      if (c === undefined || c === ' ' || c === '\t' || c === '\n' || c === '\r' || this.isOperator(c)) break;
      if (c === this.escape) {
        if (this.continuationAt(i) > 0) {
          i = this.afterContinuation(i);
          continue;
        }
        if (i + 1 < text.length) word.value += text[i + 1];
        i += 2;
        continue;
      }
      if (c === "'") {
        i = this.readSingleQuoted(i, word);
        continue;
      }
      if (this.dialect === 'shell' && c === '$' && text[i + 1] === "'") {
        i = this.readAnsiQuoted(i, word);
        continue;
      }
      if (c === '"') {
        i = this.readDoubleQuoted(i, word);
        continue;
      }
      const expansion = this.expansionEnd(i);
      if (expansion > i) {
        word.value += text.slice(i, expansion);
        word.expands = true;
        i = expansion;
        continue;
      }
      word.value += c;
      i++;
    }
    word.end = i;
    this.pos = i;
    return word;
  }

  /** An unclosed quote: the value runs to the end of its line, and reading goes on from there. */
  private unterminated(open: number, quote: string, word: ShellWord, valueBefore: string): number {
    this.problem(open, `unterminated ${quote} quote`);
    const end = this.lineEnd(open);
    word.value = valueBefore + this.text.slice(open + 1, end);
    return end;
  }

  private readSingleQuoted(open: number, word: ShellWord): number {
    const { text } = this;
    const before = word.value;
    for (let i = open + 1; i < text.length; i++) {
      if (this.dialect === 'dockerfile') {
        if (this.continuationAt(i) > 0) {
          i = this.afterContinuation(i) - 1;
          continue;
        }
        if (text[i] === '\n' || text[i] === '\r') break;
      }
      if (text[i] === "'") return i + 1;
      word.value += text[i];
    }
    return this.unterminated(open, "'", word, before);
  }

  /** Bash `$'...'`: backslash escapes are kept as written, an escaped quote does not close it. */
  private readAnsiQuoted(dollar: number, word: ShellWord): number {
    const { text } = this;
    const before = word.value;
    for (let i = dollar + 2; i < text.length; i++) {
      if (text[i] === '\\' && i + 1 < text.length) {
        word.value += text.slice(i, i + 2);
        i++;
      } else if (text[i] === "'") return i + 1;
      else word.value += text[i];
    }
    return this.unterminated(dollar + 1, "'", word, before);
  }

  private readDoubleQuoted(open: number, word: ShellWord): number {
    const { text } = this;
    const before = word.value;
    // Inside double quotes the escape only escapes `"`, `$`, itself (and a backtick in shells).
    const escapable = this.dialect === 'shell' ? '"$`\\' : `"$${this.escape}`;
    let i = open + 1;
    while (i < text.length) {
      const c = text[i]!;
      if (c === '"') return i + 1;
      if (c === this.escape) {
        if (this.continuationAt(i) > 0) {
          i = this.afterContinuation(i);
          continue;
        }
        const next = text[i + 1];
        if (next !== undefined && escapable.includes(next)) {
          word.value += next;
          i += 2;
          continue;
        }
      }
      if (this.dialect === 'dockerfile' && (c === '\n' || c === '\r')) break;
      const expansion = this.expansionEnd(i);
      if (expansion > i) {
        word.value += text.slice(i, expansion);
        word.expands = true;
        i = expansion;
        continue;
      }
      word.value += c;
      i++;
    }
    return this.unterminated(open, '"', word, before);
  }

  /** End of a `$` expansion or command substitution starting at `i`, or `i` when there is none. */
  private expansionEnd(i: number): number {
    const { text } = this;
    const c = text[i];
    const shell = this.dialect === 'shell';
    if (shell && c === '`' && this.escape !== '`') {
      const close = this.closing(i + 1, '`');
      return close < 0 ? i : close + 1;
    }
    if (c !== '$') return i;
    const next = text[i + 1];
    if (next === '{') {
      const close = this.matching(i + 1, '{', '}');
      return close < 0 ? i : close + 1;
    }
    if (shell && next === '(') {
      const close = this.matching(i + 1, '(', ')');
      return close < 0 ? i : close + 1;
    }
    if (next !== undefined && NAME_START.test(next)) {
      let j = i + 2;
      while (j < text.length && NAME_CHAR.test(text[j]!)) j++;
      return j;
    }
    if (shell && next !== undefined && SPECIAL_PARAMETER.test(next)) return i + 2;
    return i;
  }

  /** The next unescaped `quote` from `from`, or -1. */
  private closing(from: number, quote: string): number {
    for (let i = from; i < this.text.length; i++) {
      if (this.text[i] === '\\') i++;
      else if (this.text[i] === quote) return i;
    }
    return -1;
  }

  /** The bracket that closes the one at `open`, skipping quoted text, or -1. */
  private matching(open: number, opening: string, closing: string): number {
    const { text } = this;
    if (this.scanBudget <= 0) {
      if (!this.budgetReported) this.problem(open, 'too many unclosed brackets; the rest of the file is read without them');
      this.budgetReported = true;
      return -1;
    }
    this.scanned = 0;
    const found = this.matchingFrom(open, opening, closing);
    this.scanBudget -= this.scanned;
    return found;
  }

  private matchingFrom(open: number, opening: string, closing: string): number {
    const { text } = this;
    let depth = 0;
    for (let i = open; i < text.length; i++) {
      this.scanned = i - open + 1;
      const c = text[i];
      if (c === '\\') i++;
      else if (c === "'" && this.dialect === 'shell' && opening === '(') {
        const close = text.indexOf("'", i + 1);
        if (close < 0) return this.unclosed();
        i = close;
      } else if (c === '"') {
        const close = this.closing(i + 1, '"');
        if (close < 0) return this.unclosed();
        i = close;
      } else if (c === opening) depth++;
      else if (c === closing && --depth === 0) return i;
      else if (this.dialect === 'dockerfile' && (c === '\n' || c === '\r')) return -1;
    }
    return -1;
  }

  /** A quote inside the brackets that never closes: the search looked at the rest of the text. */
  private unclosed(): number {
    this.scanned = this.text.length;
    return -1;
  }
}

/**
 * An `envVar` entry for `NAME=word`. A value that expands is a `${NAME}` reference, a
 * `${NAME:-literal}` fallback (the literal becomes the value) or else computed.
 */
export function assignmentEntry(file: string, lines: LineIndex, text: string, name: string, nameStart: number, word: ShellWord): ConfigEntry {
  const entry: ConfigEntry = {
    path: [name],
    key: name,
    value: word.value,
    valueType: 'string',
    valueLoc: spanLoc(file, lines, word.start, word.end),
    keyLoc: spanLoc(file, lines, nameStart, nameStart + name.length),
    valueRange: [word.start, word.end],
    envVar: true,
    document: 0,
  };
  if (word.expands) {
    applyInterpolation(entry, { value: word.value, range: [word.start, word.end], contentStart: word.contentStart }, text, lines);
    // `${A:-$(cmd)}` falls back to a command's output, not to a literal.
    if (!entry.interpolation || (entry.interpolation.fallback && /\$|`/.test(entry.value))) entry.computed = true;
  }
  return entry;
}

/** Heredoc delimiters opened on a line (`<<EOF`, `<<-'EOF'`, `<< "END"`), in order; `<<<` is a here-string. */
export function heredocDelimiters(line: string): { delimiter: string; stripTabs: boolean }[] {
  const found: { delimiter: string; stripTabs: boolean }[] = [];
  // At a word start, with a name-like delimiter: `$((1 << 2))` is a shift, not a heredoc.
  for (const m of line.matchAll(/(?<=^|\s)<<(-?)[ \t]*(["']?)([A-Za-z_][\w.-]*)\2(?=$|[\s;&|>])/g)) {
    found.push({ delimiter: m[3]!, stripTabs: m[1] === '-' });
  }
  return found;
}

/** Offset after the heredoc bodies that start at `from`: each ends at a line holding only its delimiter. */
export function skipHeredocs(text: string, from: number, heredocs: { delimiter: string; stripTabs: boolean }[]): number {
  let pos = from;
  for (const { delimiter, stripTabs } of heredocs) {
    while (pos < text.length) {
      const m = /[^\r\n]*(?:\r\n|\n|\r)?/y;
      m.lastIndex = pos;
      const line = m.exec(text)![0];
      pos += line.length;
      if (line.length === 0) return text.length;
      const body = line.replace(/\r?\n$|\r$/, '');
      if ((stripTabs ? body.replace(/^\t+/, '') : body) === delimiter) break;
    }
  }
  return pos;
}

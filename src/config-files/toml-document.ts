// A TOML 1.0 reader that keeps arrays and inline tables (parse-toml.ts skips them: it reads
// settings, not dependency lists), for pyproject.toml, Pipfile, poetry.lock and uv.lock.
// It builds a tree of tables, arrays and scalars with the offsets of each value; strings are
// unescaped, other scalars (numbers, booleans, dates) kept as written. One pass over the
// text, no regex on unbounded input. On malformed input it records the first error, skips to
// the next line and goes on, so a lockfile with one odd line still yields its packages.

export type TomlValue = TomlString | TomlScalar | TomlArray | TomlTable;

export interface TomlString {
  type: 'string';
  value: string;
  /** Offsets of the value as written, quotes included. */
  start: number;
  end: number;
}

export interface TomlScalar {
  type: 'scalar';
  raw: string;
  start: number;
  end: number;
}

export interface TomlArray {
  type: 'array';
  items: TomlValue[];
  start: number;
  end: number;
}

export interface TomlTable {
  type: 'table';
  entries: Map<string, TomlValue>;
  /** The header (`[tool.poetry]`), the inline table, or 0 for the root and implicit tables. */
  start: number;
  /** Inline tables: the offset after the closing brace; other tables: `start`. */
  end: number;
}

export interface TomlDocument {
  root: TomlTable;
  error?: { offset: number; message: string };
}

/** Booleans, numbers and dates (checked loosely: a value is not re-validated, only told from junk). */
const SCALAR = /^(?:true|false|[+-]?(?:inf|nan)|[+-]?\d[\w.:+ -]*)$/;

/** Arrays and inline tables nest far less than this in any real file. */
const MAX_NESTING = 64;

class TomlError extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

function isBareKeyChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code === 45;
}

const ESCAPES: Record<string, string> = { b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', e: '\u001b', '"': '"', '\\': '\\' };

class Reader {
  i = 0;
  error: TomlDocument['error'];

  constructor(readonly text: string) {}

  private fail(message: string, at = this.i): never {
    throw new TomlError(at, message);
  }

  private skipSpaces(): void {
    while (this.text[this.i] === ' ' || this.text[this.i] === '\t') this.i++;
  }

  private skipComment(): void {
    if (this.text[this.i] !== '#') return;
    while (this.i < this.text.length && this.text[this.i] !== '\n') this.i++;
  }

  /** Spaces, comments and newlines (inside arrays). */
  private skipBlank(): void {
    for (;;) {
      this.skipSpaces();
      const ch = this.text[this.i];
      if (ch === '#') this.skipComment();
      else if (ch === '\n' || ch === '\r') this.i++;
      else return;
    }
  }

  /** After a value or header: only a comment may follow on the line. */
  private endOfLine(): void {
    this.skipSpaces();
    this.skipComment();
    if (this.text[this.i] === '\r') this.i++;
    if (this.i < this.text.length && this.text[this.i] !== '\n') this.fail('expected the end of the line');
    this.i++;
  }

  private skipLine(): void {
    const n = this.text.indexOf('\n', this.i);
    this.i = n < 0 ? this.text.length : n + 1;
  }

  private keyPart(): string {
    const ch = this.text[this.i];
    if (ch === '"' || ch === "'") return this.singleLineString(ch).value;
    const start = this.i;
    while (this.i < this.text.length && isBareKeyChar(this.text.charCodeAt(this.i))) this.i++;
    if (this.i === start) this.fail('expected a key');
    return this.text.slice(start, this.i);
  }

  private key(): string[] {
    const parts: string[] = [];
    for (;;) {
      this.skipSpaces();
      parts.push(this.keyPart());
      this.skipSpaces();
      if (this.text[this.i] !== '.') return parts;
      this.i++;
    }
  }

  private singleLineString(quote: string): TomlString {
    const start = this.i;
    this.i++;
    let value = '';
    for (;;) {
      // Copy the run up to the next quote, backslash or line end in one slice.
      const runStart = this.i;
      while (this.i < this.text.length) {
        const ch = this.text[this.i];
        if (ch === quote || ch === '\n' || (ch === '\\' && quote === '"')) break;
        this.i++;
      }
      value += this.text.slice(runStart, this.i);
      const ch = this.text[this.i];
      if (ch === undefined || ch === '\n') this.fail('unterminated string', start);
      if (ch === quote) {
        this.i++;
        return { type: 'string', value, start, end: this.i };
      }
      value += this.escape();
    }
  }

  /** At a backslash in a basic string: the character it stands for. */
  private escape(): string {
    const next = this.text[this.i + 1] ?? '';
    if (next === 'u' || next === 'U') {
      const length = next === 'u' ? 4 : 8;
      const hex = this.text.slice(this.i + 2, this.i + 2 + length);
      if (hex.length !== length || !/^[0-9a-fA-F]+$/.test(hex)) this.fail('bad unicode escape');
      this.i += 2 + length;
      const code = parseInt(hex, 16);
      return code <= 0x10ffff ? String.fromCodePoint(code) : '\ufffd';
    }
    const mapped = ESCAPES[next];
    if (mapped === undefined) this.fail('bad escape');
    this.i += 2;
    return mapped;
  }

  private multiLineString(quote: string): TomlString {
    const start = this.i;
    const delimiter = quote.repeat(3);
    this.i += 3;
    if (this.text[this.i] === '\n') this.i++;
    else if (this.text.startsWith('\r\n', this.i)) this.i += 2;
    let value = '';
    for (;;) {
      if (this.i >= this.text.length) this.fail('unterminated string', start);
      if (this.text.startsWith(delimiter, this.i)) {
        // Up to two quotes may end the content right before the closing delimiter.
        let extra = 0;
        while (extra < 2 && this.text[this.i + 3 + extra] === quote) extra++;
        value += quote.repeat(extra);
        this.i += 3 + extra;
        return { type: 'string', value, start, end: this.i };
      }
      const ch = this.text[this.i]!;
      if (ch === '\\' && quote === '"') {
        // A line-ending backslash trims the newline and the whitespace after it.
        let j = this.i + 1;
        while (this.text[j] === ' ' || this.text[j] === '\t') j++;
        if (this.text[j] === '\n' || this.text.startsWith('\r\n', j)) {
          while (j < this.text.length && ' \t\r\n'.includes(this.text[j]!)) j++;
          this.i = j;
          continue;
        }
        value += this.escape();
        continue;
      }
      value += ch;
      this.i++;
    }
  }

  private scalar(): TomlScalar {
    const start = this.i;
    // Dates may hold a space (`1979-05-27 07:32:00`): read to a delimiter, then trim.
    while (this.i < this.text.length && !',]}#\n\r'.includes(this.text[this.i]!)) this.i++;
    let end = this.i;
    while (end > start && (this.text[end - 1] === ' ' || this.text[end - 1] === '\t')) end--;
    if (end === start) this.fail('expected a value', start);
    this.i = end;
    if (!SCALAR.test(this.text.slice(start, end))) this.fail('expected a value', start);
    return { type: 'scalar', raw: this.text.slice(start, end), start, end };
  }

  private value(depth: number): TomlValue {
    if (depth > MAX_NESTING) this.fail(`values nest more than ${MAX_NESTING} levels deep`);
    const ch = this.text[this.i];
    if (ch === '"' || ch === "'") return this.text.startsWith(ch.repeat(3), this.i) ? this.multiLineString(ch) : this.singleLineString(ch);
    if (ch === '[') return this.array(depth);
    if (ch === '{') return this.inlineTable(depth);
    return this.scalar();
  }

  private array(depth: number): TomlArray {
    const start = this.i;
    this.i++;
    const items: TomlValue[] = [];
    for (;;) {
      this.skipBlank();
      if (this.text[this.i] === ']') {
        this.i++;
        return { type: 'array', items, start, end: this.i };
      }
      if (this.i >= this.text.length) this.fail('unterminated array', start);
      items.push(this.value(depth + 1));
      this.skipBlank();
      if (this.text[this.i] === ',') this.i++;
      else if (this.text[this.i] !== ']') this.fail('expected `,` or `]` in an array');
    }
  }

  private inlineTable(depth: number): TomlTable {
    const table: TomlTable = { type: 'table', entries: new Map(), start: this.i, end: this.i };
    this.i++;
    this.skipBlank();
    if (this.text[this.i] === '}') {
      this.i++;
      table.end = this.i;
      return table;
    }
    for (;;) {
      this.skipBlank();
      const key = this.key();
      if (this.text[this.i] !== '=') this.fail('expected `=`');
      this.i++;
      this.skipSpaces();
      this.assign(table, key, this.value(depth + 1));
      this.skipBlank();
      if (this.text[this.i] === ',') this.i++;
      else if (this.text[this.i] === '}') {
        this.i++;
        table.end = this.i;
        return table;
      } else this.fail('expected `,` or `}` in an inline table');
    }
  }

  /** The table at `path` under `from`, created as needed; an array of tables yields its last table. */
  private tableAt(from: TomlTable, path: string[], start: number): TomlTable {
    let table = from;
    for (const part of path) {
      let next = table.entries.get(part);
      if (next?.type === 'array') next = next.items[next.items.length - 1];
      if (next?.type !== 'table') {
        if (next !== undefined) this.fail(`\`${part}\` is already a value`, start);
        next = { type: 'table', entries: new Map(), start: 0, end: 0 };
        table.entries.set(part, next);
      }
      table = next;
    }
    return table;
  }

  private assign(table: TomlTable, key: string[], value: TomlValue): void {
    const parent = this.tableAt(table, key.slice(0, -1), value.start);
    parent.entries.set(key[key.length - 1]!, value);
  }

  read(): TomlDocument {
    const root: TomlTable = { type: 'table', entries: new Map(), start: 0, end: 0 };
    let current = root;
    while (this.i < this.text.length) {
      const lineStart = this.i;
      try {
        this.skipSpaces();
        const ch = this.text[this.i];
        if (ch === '\n' || ch === '\r' || ch === '#' || ch === undefined) {
          this.skipComment();
          if (this.text[this.i] === '\r') this.i++;
          this.i++;
          continue;
        }
        if (ch === '[') {
          const arrayTable = this.text[this.i + 1] === '[';
          this.i += arrayTable ? 2 : 1;
          const key = this.key();
          if (!this.text.startsWith(arrayTable ? ']]' : ']', this.i)) this.fail('malformed table header');
          this.i += arrayTable ? 2 : 1;
          if (arrayTable) {
            const parent = this.tableAt(root, key.slice(0, -1), lineStart);
            const last = key[key.length - 1]!;
            let list = parent.entries.get(last);
            if (list === undefined) parent.entries.set(last, (list = { type: 'array', items: [], start: lineStart, end: lineStart }));
            if (list.type !== 'array') this.fail(`\`${last}\` is not an array of tables`, lineStart);
            current = { type: 'table', entries: new Map(), start: lineStart, end: lineStart };
            list.items.push(current);
          } else {
            current = this.tableAt(root, key, lineStart);
            current.start = current.end = lineStart;
          }
          this.endOfLine();
          continue;
        }
        const key = this.key();
        if (this.text[this.i] !== '=') this.fail('expected `key = value`');
        this.i++;
        this.skipSpaces();
        this.assign(current, key, this.value(0));
        this.endOfLine();
      } catch (error) {
        if (!(error instanceof TomlError)) throw error;
        this.error ??= { offset: error.offset, message: error.message };
        // Resume after the line where the error stands (never before where this line began).
        this.i = Math.max(error.offset, lineStart);
        this.skipLine();
      }
    }
    return { root, ...(this.error && { error: this.error }) };
  }
}

/** The TOML document as a tree; the first syntax error, if any, with what could be read around it. */
export function readTomlDocument(text: string): TomlDocument {
  return new Reader(text).read();
}

/** The value at a dotted path of table keys, or undefined. */
export function tomlAt(table: TomlTable | undefined, ...path: string[]): TomlValue | undefined {
  let value: TomlValue | undefined = table;
  for (const part of path) {
    if (value?.type !== 'table') return undefined;
    value = value.entries.get(part);
  }
  return value;
}

export function tomlTable(value: TomlValue | undefined): TomlTable | undefined {
  return value?.type === 'table' ? value : undefined;
}

export function tomlString(value: TomlValue | undefined): TomlString | undefined {
  return value?.type === 'string' ? value : undefined;
}

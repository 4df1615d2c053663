import type { SourceLocation } from '../facts/model.js';
import type { LineIndex } from '../parse/line-index.js';

export function spanLoc(file: string, lines: LineIndex, start: number, end: number): SourceLocation {
  const from = lines.position(start);
  const to = lines.position(Math.max(start, end));
  return { file, line: from.line, column: from.column, endLine: to.line, endColumn: to.column };
}

export function diagnosticAt(file: string, lines: LineIndex, offset: number, message: string): string {
  const { line, column } = lines.position(offset);
  return `${file}:${line}:${column}: ${message}`;
}

/** Caps repeated diagnostics of one file so a binary or huge malformed file cannot flood the notifications. */
export class DiagnosticList {
  readonly items: string[] = [];
  private dropped = 0;

  constructor(private readonly limit = 5) {}

  push(message: string): void {
    if (this.items.length < this.limit) this.items.push(message);
    else this.dropped++;
  }

  finish(file: string): string[] {
    return this.dropped > 0 ? [...this.items, `${file}: ${this.dropped} more problem(s) not shown`] : this.items;
  }
}

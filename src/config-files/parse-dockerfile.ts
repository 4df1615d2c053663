import { LineIndex } from '../parse/line-index.js';
import { DiagnosticList, diagnosticAt } from './location.js';
import { assignmentEntry, heredocDelimiters, skipHeredocs, WordLexer, type ShellWord } from './shell-words.js';
import type { ConfigEntry, ParsedConfig } from './types.js';

const ESCAPE_DIRECTIVE = /^#[ \t]*escape[ \t]*=[ \t]*([\\`])[ \t]*$/i;
const DIRECTIVE = /^#[ \t]*[A-Za-z]+[ \t]*=/;
const INSTRUCTION = /[A-Za-z]+/y;
const BLANK_OR_COMMENT_LINE = /[ \t]*(?:#[^\r\n]*)?(?:\r\n|\n|\r|$)/y;

/** The escape character: `\`, or what a `# escape=` parser directive at the top of the file sets. */
function escapeOf(text: string): string {
  for (const line of text.split(/\r\n|\n|\r/)) {
    const trimmed = line.trim();
    const escape = ESCAPE_DIRECTIVE.exec(trimmed);
    if (escape) return escape[1]!;
    if (!DIRECTIVE.test(trimmed)) break;
  }
  return '\\';
}

function nextLineStart(text: string, end: number): number {
  if (text[end] === '\r' && text[end + 1] === '\n') return end + 2;
  return Math.min(end + 1, text.length);
}

/**
 * Reads the variables a Dockerfile bakes into its image: `ENV KEY=value` (several pairs per
 * line), the legacy `ENV KEY value`, and `ARG KEY=default`, across line continuations and the
 * comment lines Docker drops inside them. `ARG KEY` without a default holds no value and is
 * skipped; other instructions (and their heredoc bodies) are skipped whole.
 */
export function parseDockerfile(file: string, text: string): ParsedConfig {
  const lines = new LineIndex(text);
  const diagnostics = new DiagnosticList();
  const escape = escapeOf(text);
  const problem = (offset: number, message: string) => diagnostics.push(diagnosticAt(file, lines, offset, message));
  const lexer = new WordLexer(text, 'dockerfile', escape, problem);
  const entries: ConfigEntry[] = [];

  const skipInstruction = (): void => {
    let pos = lexer.pos;
    const heredocs: { delimiter: string; stripTabs: boolean }[] = [];
    for (;;) {
      const end = lexer.lineEnd(pos);
      const line = text.slice(pos, end);
      heredocs.push(...heredocDelimiters(line));
      pos = nextLineStart(text, end);
      if (end >= text.length || !line.trimEnd().endsWith(escape)) break;
      // Docker drops comment and empty lines inside a continued instruction.
      for (;;) {
        BLANK_OR_COMMENT_LINE.lastIndex = pos;
        if (pos >= text.length || !BLANK_OR_COMMENT_LINE.exec(text)) break;
        pos = BLANK_OR_COMMENT_LINE.lastIndex;
      }
    }
    lexer.pos = skipHeredocs(text, pos, heredocs);
  };

  const readVariables = (instruction: 'ENV' | 'ARG'): void => {
    lexer.skipBlanks();
    if (instruction === 'ENV' && !lexer.atLineEnd()) {
      const save = lexer.pos;
      const pair = lexer.readAssignmentName();
      lexer.pos = save;
      if (!pair) {
        readLegacyEnv();
        return;
      }
    }
    for (;;) {
      lexer.skipBlanks();
      if (lexer.atLineEnd()) return;
      const assignment = lexer.readAssignmentName();
      if (assignment) {
        entries.push(assignmentEntry(file, lines, text, assignment.name, assignment.start, lexer.readWord()));
        continue;
      }
      // `ARG NAME` declares a build argument without a default: nothing to read.
      const word = lexer.readWord();
      if (instruction === 'ENV') problem(word.start, 'expected KEY=value in ENV');
    }
  };

  /** `ENV KEY some value`: everything after the key is one value. */
  const readLegacyEnv = (): void => {
    const name = lexer.readWord();
    lexer.skipBlanks();
    const words: ShellWord[] = [];
    while (!lexer.atLineEnd()) {
      words.push(lexer.readWord());
      lexer.skipBlanks();
    }
    const first = words[0];
    const last = words[words.length - 1];
    if (!first || !last) {
      problem(name.start, 'expected a value in ENV');
      return;
    }
    const value: ShellWord = {
      value: words.map((w) => w.value).join(' '),
      start: first.start,
      end: last.end,
      contentStart: first.contentStart,
      expands: words.some((w) => w.expands),
    };
    entries.push(assignmentEntry(file, lines, text, name.value, name.start, value));
  };

  while (!lexer.done) {
    lexer.skipBlanks();
    const c = lexer.peek();
    if (c === undefined) break;
    if (c === '\n' || c === '\r' || c === '#') {
      lexer.skipPhysicalLine();
      continue;
    }
    INSTRUCTION.lastIndex = lexer.pos;
    const instruction = INSTRUCTION.exec(text)?.[0].toUpperCase();
    const after = lexer.pos + (instruction?.length ?? 0);
    const separated = text[after] === ' ' || text[after] === '\t' || text[after] === escape;
    if ((instruction === 'ENV' || instruction === 'ARG') && separated) {
      lexer.pos = after;
      readVariables(instruction);
    } else {
      skipInstruction();
    }
  }

  return {
    format: 'dockerfile',
    entries,
    documents: [{ index: 0, topLevelKeys: entries.map((e) => e.key), compose: false, ci: false }],
    diagnostics: diagnostics.finish(file),
    lines,
  };
}

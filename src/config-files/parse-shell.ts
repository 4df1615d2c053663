import { LineIndex } from '../parse/line-index.js';
import { DiagnosticList, diagnosticAt } from './location.js';
import { assignmentEntry, skipHeredocs, WordLexer } from './shell-words.js';
import type { ConfigEntry, ParsedConfig } from './types.js';

/** Builtins whose `NAME=value` arguments are assignments. */
const DECLARATIONS = new Set(['export', 'readonly', 'declare', 'typeset', 'local']);
/** Reserved words after which a statement (and so an assignment) may still follow. */
const LEADING_WORDS = new Set(['if', 'then', 'elif', 'else', 'while', 'until', 'do', '{', '}', '!', 'time']);
const REDIRECTION = /<<<|<<-?|<>|>>|>&|<&|>\||[<>]/y;
/** `: "${NAME:=literal}"` assigns the literal when NAME is unset (`:-` only substitutes). */
const ASSIGN_DEFAULT = /^\$\{([A-Za-z_]\w*):?=/;

type Mode = 'start' | 'declaration' | 'colon' | 'command';

/**
 * Reads the variable assignments of a shell script: `KEY=value` (also before a command),
 * `export`/`readonly`/`declare`/`local KEY=value`, quoted values, `${VAR:-default}` fallbacks
 * and the `: "${VAR:=default}"` idiom. Command words and their arguments, comments and heredoc
 * bodies are skipped. A value built at run time (`$(...)`, `"$1"`) is marked `computed`.
 */
export function parseShell(file: string, text: string): ParsedConfig {
  const lines = new LineIndex(text);
  const diagnostics = new DiagnosticList();
  const lexer = new WordLexer(text, 'shell', '\\', (offset, message) => diagnostics.push(diagnosticAt(file, lines, offset, message)));
  const entries: ConfigEntry[] = [];
  let mode: Mode = 'start';
  let heredocs: { delimiter: string; stripTabs: boolean }[] = [];

  while (!lexer.done) {
    lexer.skipBlanks();
    const c = lexer.peek();
    if (c === undefined) break;
    if (c === '\n' || c === '\r') {
      lexer.skipPhysicalLine();
      if (heredocs.length > 0) lexer.pos = skipHeredocs(text, lexer.pos, heredocs);
      heredocs = [];
      mode = 'start';
      continue;
    }
    if (c === '#') {
      lexer.pos = lexer.lineEnd(lexer.pos);
      continue;
    }
    if (c === '<' || c === '>') {
      REDIRECTION.lastIndex = lexer.pos;
      const operator = REDIRECTION.exec(text)![0];
      lexer.pos += operator.length;
      lexer.skipBlanks();
      if (lexer.atLineEnd() || lexer.isOperator(lexer.peek())) continue;
      const target = lexer.readWord();
      if (operator.startsWith('<<') && operator !== '<<<') heredocs.push({ delimiter: target.value, stripTabs: operator === '<<-' });
      continue;
    }
    if (lexer.isOperator(c)) {
      lexer.pos++;
      mode = 'start';
      continue;
    }
    if (mode === 'start' || mode === 'declaration') {
      const assignment = lexer.readAssignmentName();
      if (assignment) {
        if (lexer.peek() === '(') lexer.skipGroup(); // an array: no single value
        else entries.push(assignmentEntry(file, lines, text, assignment.name, assignment.start, lexer.readWord()));
        continue;
      }
    }
    const word = lexer.readWord();
    if (mode === 'start') {
      if (DECLARATIONS.has(word.value)) mode = 'declaration';
      else if (word.value === ':') mode = 'colon';
      else if (!LEADING_WORDS.has(word.value)) mode = 'command';
    } else if (mode === 'colon') {
      const assigned = word.expands ? ASSIGN_DEFAULT.exec(word.value) : null;
      if (assigned) {
        const name = assigned[1]!;
        entries.push(assignmentEntry(file, lines, text, name, text.indexOf(`\${${name}`, word.start) + 2, word));
      }
    }
  }

  return {
    format: 'shell',
    entries,
    documents: [{ index: 0, topLevelKeys: entries.map((e) => e.key), compose: false, ci: false }],
    diagnostics: diagnostics.finish(file),
    lines,
  };
}

import type { ParserPlugin } from '@babel/parser';
import type { File } from '@babel/types';
import { createRequire } from 'node:module';
import { withoutTemplateSuffix } from '../../discover/template-name.js';

// Loaded on the first parse: most scans parse a few files, some none, and loading the
// parser is a large part of start-up.
const require = createRequire(import.meta.url);
let babel: typeof import('@babel/parser') | undefined;
const parser = () => (babel ??= require('@babel/parser') as typeof import('@babel/parser'));

export type JsDialect = 'js' | 'jsx' | 'ts' | 'tsx';

export interface ParsedJs {
  ast: File;
  /** Syntax errors Babel recovered from (the AST is still usable). */
  recoveredErrors: string[];
}

export function dialectOf(file: string): JsDialect | null {
  // A template (`config.ts.example`) is parsed as the file it becomes.
  const path = withoutTemplateSuffix(file);
  if (/\.(c|m)?ts$/i.test(path)) return 'ts';
  if (/\.tsx$/i.test(path)) return 'tsx';
  if (/\.jsx$/i.test(path)) return 'jsx';
  if (/\.(c|m)?js$/i.test(path)) return 'js';
  return null;
}

// Plugin sets tried in order. Old-style TS decorators need `decorators-legacy`, Flow-typed
// `.js` needs `flow`, and plain `.js` may hold JSX; a failed attempt falls back once to the next.
function pluginSets(dialect: JsDialect, text: string): ParserPlugin[][] {
  // `import data from './x.json' assert { type: 'json' }`, the syntax Node 16–20 shipped.
  return dialectSets(dialect, text).map((plugins) => [...plugins, 'deprecatedImportAssert']);
}

function dialectSets(dialect: JsDialect, text: string): ParserPlugin[][] {
  switch (dialect) {
    case 'ts':
      return [['typescript', 'decorators-legacy'], ['typescript', 'decorators-legacy', 'jsx']];
    case 'tsx':
      return [['typescript', 'jsx', 'decorators-legacy']];
    case 'jsx':
    case 'js': {
      const flow = hasFlowPragma(text.slice(0, 2000));
      const primary: ParserPlugin[] = flow ? ['flow', 'jsx'] : ['jsx', 'decorators-legacy'];
      const fallback: ParserPlugin[] = flow ? ['jsx', 'decorators-legacy'] : ['flow', 'jsx'];
      return [primary, fallback, ['typescript', 'decorators-legacy']];
    }
  }
}

/**
 * A `// @flow` or `/* @flow` comment at the start of a line. Line by line: the multi-line
 * pattern `/^\s*(\/\/|\/\*)\s*@flow/m` backtracks quadratically over runs of blank lines.
 */
export function hasFlowPragma(head: string): boolean {
  for (const line of head.split('\n')) {
    const t = line.trimStart();
    if ((t.startsWith('//') || t.startsWith('/*')) && t.slice(2).trimStart().startsWith('@flow')) return true;
  }
  return false;
}

/** Thrown when the input nests too deeply for the parser's recursion. */
export class NestingTooDeepError extends Error {
  constructor() {
    super('nesting too deep to parse (the parser ran out of stack)');
    this.name = 'NestingTooDeepError';
  }
}

/**
 * Parses once with error recovery; throws only when no plugin set yields an AST. A stack
 * overflow is not retried with other plugins (it would overflow again) and comes back as
 * a NestingTooDeepError.
 */
export function parseJs(text: string, dialect: JsDialect): ParsedJs {
  let lastError: unknown;
  for (const plugins of pluginSets(dialect, text)) {
    try {
      const ast = parser().parse(text, {
        sourceType: 'unambiguous',
        plugins,
        errorRecovery: true,
        allowReturnOutsideFunction: true,
        allowAwaitOutsideFunction: true,
        allowImportExportEverywhere: true,
        allowSuperOutsideMethod: true,
        allowUndeclaredExports: true,
        // Nothing reads comments from nodes (suppressions are read from the text), and
        // attaching them costs about a third of the parse on comment-heavy files.
        attachComment: false,
      });
      const errors = (ast.errors ?? []).map((e) => String((e as { message?: string }).message ?? e));
      return { ast, recoveredErrors: errors };
    } catch (error) {
      if (error instanceof RangeError && /call stack/i.test(error.message)) throw new NestingTooDeepError();
      lastError = error;
    }
  }
  throw lastError;
}

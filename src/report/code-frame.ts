import { codeFrameColumns } from '@babel/code-frame';
import type { Finding } from '../engine/types.js';
import { terminalSafe } from './terminal-safe.js';

/** Lines longer than this are cut to a window around the finding. */
const MAX_SHOWN_LENGTH = 160;
const WINDOW_BEFORE = 40;

/**
 * The finding's line with an underline under its columns. The text shown is always the
 * engine's masked `snippet`, never the file: the file is only read (through `sourceLine`)
 * to restore the indentation and to map columns across the masked part of the line.
 */
export function findingFrame(finding: Finding, sourceLine: string | undefined, color: boolean): string | undefined {
  if (finding.snippet.trim() === '') return undefined;
  const { line, endLine } = finding.location;
  const placed = placeOnSnippet(finding, sourceLine);
  let text = placed.indent + finding.snippet;
  let start = placed.indent.length + placed.start;
  let end = endLine > line ? text.length : Math.max(placed.indent.length + placed.end, start + 1);

  if (text.length > MAX_SHOWN_LENGTH) {
    const from = Math.max(0, Math.min(start - WINDOW_BEFORE, text.length - MAX_SHOWN_LENGTH));
    const to = Math.min(text.length, from + MAX_SHOWN_LENGTH);
    const prefix = from > 0 ? '…' : '';
    text = `${prefix}${text.slice(from, to)}${to < text.length ? '…' : ''}`;
    start = start - from + prefix.length;
    end = Math.min(end - from + prefix.length, text.length);
  }

  // The line comes from the scanned repository: escape its controls (ESC, CR, bidi...) before
  // code-frame adds its own colours, and move the underline to the escaped columns. Tabs stay.
  const safe = terminalSafe(text);
  if (safe !== text) {
    start = terminalSafe(text.slice(0, start)).length;
    end = terminalSafe(text.slice(0, end)).length;
    text = safe;
  }

  // code-frame numbers the lines of the text it is given: the shown line goes in as line 1 and
  // its gutter gets the real number afterwards. (Blank lines before it would number it too,
  // but cost the line number in characters per finding: quadratic for a file of findings.)
  const frame = codeFrameColumns(
    text,
    { start: { line: 1, column: start + 1 }, end: { line: 1, column: Math.max(end, start + 1) + 1 } },
    { linesAbove: 0, linesBelow: 0, highlightCode: color, forceColor: color },
  );
  return renumbered(frame, line);
}

/**
 * A one-line frame rendered as line 1, with `line` in its gutter: the marker line's gutter
 * ` 1 |` and the underline's blank gutter widened to the number's width. The gutter comes
 * first on each line, before any text from the file, so the first match is the gutter.
 */
function renumbered(frame: string, line: number): string {
  if (line === 1) return frame;
  const [marked, ...rest] = frame.split('\n');
  const width = String(line).length;
  const underline = rest.map((l) => l.replace('   |', `${' '.repeat(width + 2)}|`));
  return [marked!.replace(' 1 |', ` ${line} |`), ...underline].join('\n');
}

interface Placement {
  indent: string;
  /** 0-based offsets into the snippet, end exclusive. */
  start: number;
  end: number;
}

function placeOnSnippet(finding: Finding, sourceLine: string | undefined): Placement {
  const { snippet, location } = finding;
  if (sourceLine === undefined) return placeWithoutSource(finding);
  const indent = /^\s*/.exec(sourceLine)![0];
  const original = sourceLine.trim();
  const toSnippet = columnMapper(original, snippet);
  const startInOriginal = location.column - 1 - indent.length;
  const endInOriginal = location.endColumn - 1 - indent.length;
  return {
    indent,
    start: clamp(toSnippet(startInOriginal, 'start'), 0, snippet.length),
    end: clamp(toSnippet(endInOriginal, 'end'), 0, snippet.length),
  };
}

/**
 * The snippet equals the original line except for masked stretches; the common prefix and
 * suffix keep their offsets, and an offset inside the changed middle lands on its edge.
 */
function columnMapper(original: string, snippet: string): (offset: number, edge: 'start' | 'end') => number {
  const longest = Math.min(original.length, snippet.length);
  let prefix = 0;
  while (prefix < longest && original[prefix] === snippet[prefix]) prefix++;
  let suffix = 0;
  while (
    suffix < longest - prefix &&
    original[original.length - 1 - suffix] === snippet[snippet.length - 1 - suffix]
  ) {
    suffix++;
  }
  return (offset, edge) => {
    if (offset <= prefix) return offset;
    if (offset >= original.length - suffix) return snippet.length - (original.length - offset);
    return edge === 'start' ? prefix : snippet.length - suffix;
  };
}

function placeWithoutSource(finding: Finding): Placement {
  const preview = finding.evidence?.preview.replace(/\*+$/, '');
  const at = preview ? finding.snippet.indexOf(preview) : -1;
  if (at >= 0) {
    const masked = /^[^\s'"`,;)]*/.exec(finding.snippet.slice(at))![0];
    return { indent: '', start: at, end: at + Math.max(masked.length, 1) };
  }
  return { indent: '', start: 0, end: finding.snippet.length };
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(Math.max(value, low), high);
}

/** The source line of each finding, each file read once (undefined when there is no reader or the file is gone). */
export function sourceLineReader(readSource: ((file: string) => string | undefined) | undefined): (finding: Finding) => string | undefined {
  const sources = new Map<string, string[] | undefined>();
  return (finding) => {
    if (!readSource) return undefined;
    const { file, line } = finding.location;
    if (!sources.has(file)) sources.set(file, readSource(file)?.split(/\r?\n/));
    return sources.get(file)?.[line - 1];
  };
}

// Edits as offsets and regions, computed from a file's text before and after a fix: fixers
// edit through ts-morph and never compute offsets themselves.
import { createTwoFilesPatch, diffLines } from 'diff';
import type { SarifReplacementRegion } from '../report/sarif.js';

/** A region of the text before the edit, in SARIF's convention (1-based, end exclusive, UTF-16 columns; also as offset and length). */
export type Region = SarifReplacementRegion;

export interface Replacement {
  deletedRegion: Region;
  insertedContent: string;
}

/**
 * The minimal replacements that turn `before` into `after`: changed blocks of lines (jsdiff's
 * line diff), each narrowed to the characters that differ, so a fix that rewrites one
 * expression is one replacement of that expression, not of its lines.
 */
export function replacementsBetween(before: string, after: string): Replacement[] {
  if (before === after) return [];
  const lines = lineStarts(before);
  const out: Replacement[] = [];
  let offset = 0;
  let removed = '';
  let added = '';
  let blockStart = 0;
  const flush = () => {
    if (removed === '' && added === '') return;
    let head = 0;
    while (head < removed.length && head < added.length && removed[head] === added[head]) head++;
    let tail = 0;
    while (tail < removed.length - head && tail < added.length - head && removed[removed.length - 1 - tail] === added[added.length - 1 - tail]) tail++;
    const start = blockStart + head;
    const length = removed.length - head - tail;
    out.push({ deletedRegion: regionOf(lines, start, length), insertedContent: added.slice(head, added.length - tail) });
    removed = '';
    added = '';
  };
  for (const part of diffLines(before, after)) {
    if (part.added) {
      if (removed === '' && added === '') blockStart = offset;
      added += part.value;
    } else if (part.removed) {
      if (removed === '' && added === '') blockStart = offset;
      removed += part.value;
      offset += part.value.length;
    } else {
      flush();
      offset += part.value.length;
    }
  }
  flush();
  return out;
}

/** Applies replacements computed against `text` (any order, not overlapping). */
export function applyReplacements(text: string, replacements: readonly Replacement[]): string {
  const sorted = [...replacements].sort((a, b) => b.deletedRegion.charOffset - a.deletedRegion.charOffset);
  let out = text;
  for (const { deletedRegion, insertedContent } of sorted) {
    out = out.slice(0, deletedRegion.charOffset) + insertedContent + out.slice(deletedRegion.charOffset + deletedRegion.charLength);
  }
  return out;
}

/** A unified diff of one file (jsdiff), paths as git prints them (`a/…`, `b/…`), 3 lines of context. */
export function unifiedDiff(file: string, before: string, after: string): string {
  const patch = createTwoFilesPatch(`a/${file}`, `b/${file}`, before, after, undefined, undefined, { context: 3 });
  // jsdiff starts with an `Index:` line and a row of `=`; git's form starts at `---`.
  return patch.slice(patch.indexOf('--- '));
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function positionOf(starts: readonly number[], offset: number): { line: number; column: number } {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid]! <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low + 1, column: offset - starts[low]! + 1 };
}

function regionOf(starts: readonly number[], charOffset: number, charLength: number): Region {
  const start = positionOf(starts, charOffset);
  const end = positionOf(starts, charOffset + charLength);
  return { startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column, charOffset, charLength };
}

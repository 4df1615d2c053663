import { codeFrameColumns } from '@babel/code-frame';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/engine/types.js';
import { findingFrame } from '../../src/report/code-frame.js';
import { countStringWork } from '../helpers/count-work.js';

function finding(line: number, snippet: string, column: number, endColumn: number): Finding {
  return { snippet, location: { file: 'app.js', line, column, endLine: line, endColumn } } as unknown as Finding;
}

/** What code-frame prints for the line at its real position (blank lines above it): the reference. */
function reference(line: number, text: string, column: number, endColumn: number, color: boolean): string {
  return codeFrameColumns('\n'.repeat(line - 1) + text, { start: { line, column }, end: { line, column: endColumn } }, { linesAbove: 0, linesBelow: 0, highlightCode: color, forceColor: color });
}

describe('findingFrame', () => {
  const code = 'const token = jwt.sign({ sub: 1 }, key);';
  it.each([1, 2, 9, 10, 99, 100, 12_345])('numbers line %i as code-frame does', (line) => {
    for (const color of [false, true]) {
      expect(findingFrame(finding(line, code, 15, 23), code, color)).toBe(reference(line, code, 15, 23, color));
    }
  });

  it('renumbers the gutter, not a ` 1 |` in the code', () => {
    const tricky = 'const t = a  1 |   | b; jwt.sign(t, k);';
    expect(findingFrame(finding(42, tricky, 25, 33), tricky, false)).toBe(reference(42, tricky, 25, 33, false));
  });

  it('costs the same string work on line 100,000 as on line 10', () => {
    // Counted: code-frame splits the text it is given into lines; given only the shown line,
    // the work does not grow with the line number.
    const work = (line: number) => countStringWork(() => findingFrame(finding(line, code, 15, 23), code, false), 1_000_000).work;
    expect(work(100_000)).toBeLessThanOrEqual(work(10) + 50);
  });
});

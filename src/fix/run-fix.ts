// Runs the fixers over one file: the text the scan read is loaded into a ts-morph project
// that has no file system (an in-memory one: no tsconfig, no node_modules, nothing of the
// repository read), each finding is handed to its rule's fixer, bottom-up, and the edits are
// recovered from the text before and after (edits.ts).
import type { Project, SourceFile } from 'ts-morph';
import { maskedPreview } from '../engine/redact.js';
import type { Finding } from '../engine/types.js';
import { replacementsBetween, type Replacement } from './edits.js';
import { tsMorph } from './ts-morph.js';
import type { Fixer, FixerOutcome } from './types.js';

/** What became of one finding. */
export type FindingFix =
  | { finding: Finding; kind: 'fixed'; summary: string; replacements: Replacement[] }
  /** `applied`: with --apply-suggestions; otherwise `replacements` are offered, not made. */
  | { finding: Finding; kind: 'suggested'; summary: string; reason: string; applied: boolean; replacements: Replacement[] }
  | { finding: Finding; kind: 'skipped'; reason: string }
  /** No fixer for the rule. */
  | { finding: Finding; kind: 'no-fixer' }
  /** The fixer threw, or its edit broke the file: an internal error, the file left as it was. */
  | { finding: Finding; kind: 'failed'; reason: string };

export interface FileFix {
  /** Root-relative, POSIX separators (as in findings). */
  file: string;
  before: string;
  /** The text with every fix (and applied suggestion) made; equal to `before` when nothing changed. */
  after: string;
  outcomes: FindingFix[];
  /** Secret values at the file's findings (for masking diffs): never printed. */
  secrets: string[];
}

/** The extensions ts-morph reads as JavaScript or TypeScript; a template (`config.ts.example`) is not edited. */
const EDITABLE = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

export function isEditableSource(file: string): boolean {
  const lower = file.toLowerCase();
  return EDITABLE.some((extension) => lower.endsWith(extension)) && !lower.endsWith('.d.ts');
}

/** A project for fixing: in memory, no type checker, no dependency resolution, no lib files. */
export function createFixProject(): Project {
  const { Project, ts } = tsMorph();
  return new Project({
    useInMemoryFileSystem: true,
    skipFileDependencyResolution: true,
    skipAddingFilesFromTsConfig: true,
    skipLoadingLibFiles: true,
    compilerOptions: { allowJs: true, noLib: true, noResolve: true, target: ts.ScriptTarget.Latest },
  });
}

export function fixFile(
  project: Project,
  input: { file: string; text: string; findings: readonly Finding[] },
  fixers: ReadonlyMap<string, Fixer>,
  options: { applySuggestions: boolean },
): FileFix {
  const { file, text } = input;
  const source = project.createSourceFile(`/${file}`, text, { overwrite: true });
  try {
    const located = input.findings.map((finding) => ({ finding, pos: positionOf(source, finding) }));
    const secrets = located.flatMap(({ finding, pos }) => secretAt(source, finding, pos));
    const outcomes: FindingFix[] = [];
    const parseErrors = syntaxErrors(text, file);
    if (parseErrors > 0) {
      for (const { finding } of located) {
        outcomes.push(fixers.has(finding.ruleId) ? { finding, kind: 'skipped', reason: "TypeScript's parser cannot read this file without errors (Flow types, or syntax it does not know): not edited" } : { finding, kind: 'no-fixer' });
      }
      return { file, before: text, after: text, outcomes: inFileOrder(outcomes), secrets };
    }

    // Bottom-up: a fix never moves the text before it, so each later (higher) finding's
    // offsets in the original still hold, and every edit is expressed against the original.
    let editsStart = Number.POSITIVE_INFINITY;
    for (const { finding, pos } of [...located].sort((a, b) => (b.pos ?? -1) - (a.pos ?? -1))) {
      const fixer = fixers.get(finding.ruleId);
      if (!fixer) {
        outcomes.push({ finding, kind: 'no-fixer' });
        continue;
      }
      if (finding.suppression) {
        outcomes.push({ finding, kind: 'skipped', reason: 'suppressed in the source (jwtlint-disable comment)' });
        continue;
      }
      if (pos === undefined) {
        outcomes.push({ finding, kind: 'skipped', reason: 'its position is not in the file as read' });
        continue;
      }
      if (pos >= editsStart) {
        outcomes.push({ finding, kind: 'skipped', reason: 'another fix in this file changed the same text: run jwtlint fix again' });
        continue;
      }
      const before = source.getFullText();
      let outcome: FixerOutcome;
      try {
        outcome = fixer.fix({ finding, file: source, node: source.getDescendantAtPos(pos) });
      } catch (error) {
        source.replaceWithText(before);
        outcomes.push({ finding, kind: 'failed', reason: `the ${finding.ruleId} fixer failed: ${error instanceof Error ? error.message : String(error)}` });
        continue;
      }
      if (outcome.kind === 'skipped') {
        if (source.getFullText() !== before) source.replaceWithText(before);
        outcomes.push({ finding, kind: 'skipped', reason: outcome.reason });
        continue;
      }
      if (outcome.kind === 'suggested') {
        try {
          outcome.apply();
        } catch (error) {
          source.replaceWithText(before);
          outcomes.push({ finding, kind: 'failed', reason: `the ${finding.ruleId} fixer's suggestion failed: ${error instanceof Error ? error.message : String(error)}` });
          continue;
        }
      }
      const edited = source.getFullText();
      const replacements = replacementsBetween(before, edited);
      if (replacements.some((r) => r.deletedRegion.charOffset + r.deletedRegion.charLength > editsStart)) {
        // Two fixes of one expression (a call whose argument another fix rewrote): the second
        // is made by the next run, against the text the first one left.
        source.replaceWithText(before);
        outcomes.push({ finding, kind: 'skipped', reason: 'another fix in this run changed the same code: run jwtlint fix again to make this one' });
        continue;
      }
      const problem = replacements.length === 0 ? 'changed nothing' : syntaxErrors(edited, file) > 0 ? 'left a syntax error' : undefined;
      if (problem !== undefined) {
        source.replaceWithText(before);
        outcomes.push({ finding, kind: 'failed', reason: `the ${finding.ruleId} fixer's edit ${problem}; the file keeps this finding` });
        continue;
      }
      const keep = outcome.kind === 'fixed' || options.applySuggestions;
      if (keep) editsStart = Math.min(editsStart, ...replacements.map((r) => r.deletedRegion.charOffset));
      else source.replaceWithText(before);
      outcomes.push(
        outcome.kind === 'fixed'
          ? { finding, kind: 'fixed', summary: outcome.summary, replacements }
          : { finding, kind: 'suggested', summary: outcome.summary, reason: outcome.reason, applied: keep, replacements },
      );
    }
    return { file, before: text, after: source.getFullText(), outcomes: inFileOrder(outcomes), secrets };
  } finally {
    project.removeSourceFile(source);
  }
}

/** 0-based offset of the finding's start (1-based line and column, UTF-16), or undefined outside the text. */
function positionOf(source: SourceFile, finding: Finding): number | undefined {
  const { line, column } = finding.location;
  const starts = source.compilerNode.getLineStarts();
  if (line < 1 || line > starts.length || column < 1) return undefined;
  const pos = starts[line - 1]! + column - 1;
  const lineEnd = line < starts.length ? starts[line]! : source.getEnd() + 1;
  return pos < lineEnd ? pos : undefined;
}

/** The literal a finding's masked evidence describes, when it is at the finding's place. */
function secretAt(source: SourceFile, finding: Finding, pos: number | undefined): string[] {
  if (!finding.evidence || pos === undefined) return [];
  const { Node } = tsMorph();
  const node = source.getDescendantAtPos(pos);
  if (!(Node.isStringLiteral(node) || Node.isNoSubstitutionTemplateLiteral(node))) return [];
  const value = node.getLiteralText();
  return value.length === finding.evidence.length && maskedPreview(value) === finding.evidence.preview ? [value] : [];
}

/** How many syntax errors TypeScript's parser reports for the text (no type checking). */
function syntaxErrors(text: string, file: string): number {
  const { ts } = tsMorph();
  const parsed = ts.createSourceFile(`/${file}`, text, ts.ScriptTarget.Latest, false);
  // parseDiagnostics is internal to TypeScript's API but always set by createSourceFile.
  return ((parsed as unknown as { parseDiagnostics?: unknown[] }).parseDiagnostics ?? []).length;
}

function inFileOrder(outcomes: FindingFix[]): FindingFix[] {
  return outcomes.sort((a, b) => a.finding.location.line - b.finding.location.line || a.finding.location.column - b.finding.location.column || a.finding.ruleId.localeCompare(b.finding.ruleId));
}

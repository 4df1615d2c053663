import type { Node, SourceFile } from 'ts-morph';          // type-only: erased at build time
import type { Finding } from '../engine/types.js';
export interface FixerInput {
  finding: Finding;            // as the scan reported it (finding.fix holds rule-provided data, see below)
  file: SourceFile;            // the ts-morph file, freshly loaded from the text the scan read
  node: Node | undefined;      // the smallest node whose range covers finding.location's start
}
export type FixerOutcome =
  | { kind: 'fixed'; summary: string }                                   // the fixer edited `file` through ts-morph
  | { kind: 'suggested'; summary: string; reason: string; apply(): void } // changes behaviour: applied only with --apply-suggestions
  | { kind: 'skipped'; reason: string };                                  // nothing certain to do, and why
export interface Fixer { ruleId: string; fix(input: FixerInput): FixerOutcome }

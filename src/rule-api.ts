// The only module rules import: the rule definition contract and the facts they judge.
import type { EstateFacts, FileFacts, SecretMaterial, SourceLocation, TokenLiteral } from './facts/model.js';
import type { CsfId, CweId, NhiId } from './standards/index.js';
import type { FixData } from './facts/fix-data.js';

export type * from './facts/model.js';
export { isKnownDefaultSecret } from './facts/known-default-secrets.js';
export { versionOf, vulnerabilityOf, type JwtAdvisory, type VulnerableDependency } from './facts/jwt-advisories.js';
export { rsaModulusBits } from './facts/key-size.js';
export { versionAtLeast } from './facts/library-scope.js';
/** What `jwtlint fix` may rely on for a finding (issue #20): certain values, or why there are none. */
export { claimFixData, expiryFixData, pinFixData, type FixData } from './facts/fix-data.js';
export { blastRadius, blastRadiusClause, unitList, type BlastRadius } from './facts/blast-radius.js';
/** Configuration named as an example or template (`.env.example`, `values.sample.yaml`, `env-example`). */
export { isExampleFile, isTestConfigPath } from './config-files/roles.js';
/** A file a deployment copies into place under another name (`config.ts.example`, `app.json.sample`). */
export { isTemplateFile } from './discover/template-name.js';
export { inSourceLanguage, sourceLanguage, type SourceLanguage } from './facts/source-language.js';
export type { CsfId, CweId, NhiId } from './standards/index.js';

export type Severity = 'critical' | 'high' | 'medium' | 'low';
export type Confidence = 'high' | 'medium' | 'low';
export type RuleScope = 'file' | 'project';

export interface RuleStandards {
  nhi: NhiId[];
  csf: CsfId[];
  /** CSF 1.1 ids people still cite (e.g. PR.AC-4), shown as aliases. */
  csf11?: string[];
  cwe: CweId[];
}

export interface RuleReference {
  title: string;
  url: string;
}

export interface RuleOptionSpec {
  description: string;
  default: number | string | boolean;
}

export interface RuleDocs {
  whyItMatters: string;
  /** Code that the rule reports. */
  incorrect: string;
  /** The same code written safely. */
  correct: string;
  remediation: string;
  limitations: string;
  /**
   * How the rule reads in each language besides JS/TS (RULES.md "Other languages and
   * configuration formats"): what it looks for there, with an example of each kind.
   */
  languages?: LanguageReading[];
}

export interface LanguageReading {
  language: 'Python' | 'Go' | 'Java' | 'C#';
  /** What the rule looks for in this language's libraries and where it reports. */
  reading: string;
  /** Code in this language that the rule reports, and the same code written safely (absent when the rule does not apply to the language). */
  incorrect?: string;
  correct?: string;
}

export interface RuleSettings {
  /** Lifetimes strictly above this many seconds are too long (`--max-expiry`). */
  maxExpirySeconds: number;
  /** Clock tolerances strictly above this many seconds weaken the expiry check. */
  maxClockToleranceSeconds: number;
}

export interface RuleContext {
  facts: FileFacts;
  settings: RuleSettings;
}

/** What a project-scope rule sees: the whole estate, once per run. */
export interface ProjectRuleContext {
  estate: EstateFacts;
  settings: RuleSettings;
}

/** Key material or a token attached to a report; the engine masks it before output. */
export type Evidence = { kind: 'secret'; material: SecretMaterial } | { kind: 'token'; token: TokenLiteral };

export interface RuleReport {
  loc: SourceLocation;
  messageId: string;
  /** Values interpolated into the message's `{{name}}` placeholders. Never raw secrets. */
  data?: Record<string, string | number>;
  /** Overrides the rule's default severity for this finding; give `severityReason` with it. */
  severity?: Severity;
  /** One short clause: why this finding has its severity (blast radius, library version...). */
  severityReason?: string;
  /** Overrides the rule's confidence for this finding (how sure the rule is of this one). */
  confidence?: Confidence;
  /** Extra CWE ids that apply to this finding only (e.g. CWE-1188 for an env fallback). */
  extraCwe?: CweId[];
  evidence?: Evidence;
  related?: { loc: SourceLocation; label: string }[];
  /** What the rule's fixer needs (`jwtlint fix`): certain values only, never a secret. Not in any report. */
  fix?: FixData;
}

export interface RuleDefinition {
  id: string;
  /** One sentence: what the rule finds. */
  description: string;
  severity: Severity;
  /** One short clause: why a finding has the default severity (shown when a report gives none). */
  severityReason: string;
  /** GitHub code scanning `security-severity` (0.1–10, see STANDARDS.md §6). */
  securitySeverity: number;
  confidence: Confidence;
  scope: RuleScope;
  standards: RuleStandards;
  messages: Record<string, string>;
  /** The concrete fix, in one or two sentences. */
  remediation: string;
  references: RuleReference[];
  options: Record<string, RuleOptionSpec>;
  docs: RuleDocs;
  /** File-scope rules: called once per file. Project-scope rules return nothing here. */
  check(context: RuleContext): RuleReport[];
  /** Project-scope rules: called once per run with the estate. */
  checkProject?(context: ProjectRuleContext): RuleReport[];
}

export function defineRule(rule: RuleDefinition): RuleDefinition {
  return rule;
}

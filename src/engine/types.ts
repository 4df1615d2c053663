import type { EstateFacts, SourceLocation } from '../facts/model.js';
import type { Confidence, RuleStandards, Severity } from '../rule-api.js';

export type { SourceLocation } from '../facts/model.js';

/** Secret or token evidence, already masked: never the raw value. */
export interface MaskedEvidence {
  kind: 'secret' | 'token';
  /** A few leading characters, then asterisks: `shh***`. */
  preview: string;
  length: number;
}

export interface Finding {
  ruleId: string;
  messageId: string;
  message: string;
  severity: Severity;
  confidence: Confidence;
  location: SourceLocation;
  relatedLocations: { location: SourceLocation; label: string }[];
  /** The trimmed source line of the primary location, secrets masked. */
  snippet: string;
  evidence?: MaskedEvidence;
  remediation: string;
  standards: RuleStandards;
  /** True when the finding sits in test code or fixtures (reported at a lower level). */
  inTestCode: boolean;
  /** Stable across line moves: hash of rule, path and normalised snippet (plus an occurrence index). */
  fingerprint: string;
}

export type NotificationKind =
  | 'unreadable'
  | 'unparsable'
  | 'binary'
  | 'too-large'
  | 'encoding'
  | 'skipped'
  | 'rule-error'
  | 'internal-error';

export interface Notification {
  kind: NotificationKind;
  level: 'error' | 'warning' | 'note';
  message: string;
  file?: string;
  ruleId?: string;
}

export interface RuleMetadata {
  id: string;
  description: string;
  severity: Severity;
  securitySeverity: number;
  confidence: Confidence;
  standards: RuleStandards;
  remediation: string;
  helpUri: string;
}

export interface RunStats {
  filesDiscovered: number;
  filesParsed: number;
  durationMs: number;
}

export interface RunResult {
  tool: { name: string; version: string; informationUri: string };
  /** Absolute path of the scan root; finding paths are relative to it, POSIX separators. */
  root: string;
  rules: RuleMetadata[];
  findings: Finding[];
  notifications: Notification[];
  stats: RunStats;
  /** True when an internal error happened: the findings are partial and the exit code is 3. */
  internalError: boolean;
  /** Deployable units, who signs and who verifies, and which keys they share (no key values). */
  estate: EstateFacts;
}

export interface ScanOptions {
  /** Working directory that relative paths are resolved against. */
  cwd: string;
  /** Files or directories to scan (default: cwd). */
  paths: string[];
  /** Lifetimes strictly above this many seconds are reported by long-expiry. */
  maxExpirySeconds: number;
  /** Extra ignore globs from configuration. */
  ignore: string[];
  /** Rule ids switched off by configuration. */
  disabledRules: string[];
}

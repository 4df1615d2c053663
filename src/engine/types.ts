import type { LibraryCoverage } from '../facts/jwt-packages.js';
import type { LoadedFile } from './load-file.js';
import type { EstateFacts, SourceLocation } from '../facts/model.js';
import type { FixData } from '../facts/fix-data.js';
import type { Confidence, RuleDocs, RuleOptionSpec, RuleReference, RuleStandards, Severity } from '../rule-api.js';

export type { SourceLocation } from '../facts/model.js';
export type { LibraryCoverage } from '../facts/jwt-packages.js';
export type { FixData } from '../facts/fix-data.js';

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
  /** One short clause: why the finding has this severity (blast radius, version, configuration). */
  severityReason: string;
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
  /**
   * GitHub code scanning's `primaryLocationLineHash` for the primary location, computed from
   * the file as GitHub's upload action does (`<hex>:<occurrence>`). Absent when the file
   * could not be read again.
   */
  lineHash?: string;
  /** Set when an inline `jwtlint-disable-…` comment with a reason covers this finding. */
  suppression?: Suppression;
  /** Set only when the run compared its findings with a baseline file. */
  baselineState?: 'new' | 'unchanged';
  /**
   * What the rule's fixer may rely on (`jwtlint fix`, src/fix/): certain values from the scan
   * and the estate, or why there are none. Never key material; reports do not list it.
   */
  fix?: FixData;
}

/** An inline suppression that applies to a finding. */
export interface Suppression {
  kind: 'inSource';
  /** The text after `--` in the directive. */
  reason: string;
  /** The line holding the directive comment. */
  location: { file: string; line: number };
}

export type NotificationKind =
  | 'unreadable'
  | 'unparsable'
  | 'binary'
  | 'too-large'
  | 'encoding'
  | 'skipped'
  | 'rule-error'
  | 'internal-error'
  /** A file whose analysis ran over the per-file time budget: abandoned, its findings not reported. */
  | 'timeout'
  /** A `jwtlint-disable-…` comment that cannot be applied (no reason, unknown rule id). */
  | 'invalid-suppression'
  /** A `jwtlint-disable-…` comment (or one rule id in it) that matched no finding. */
  | 'unused-suppression'
  /** Configuration that was found but not used (e.g. a JavaScript config file). */
  | 'config'
  /** A JWT package that scanned files import and jwtlint does not model: its calls are not checked. */
  | 'unmodelled-library';

export interface Notification {
  kind: NotificationKind;
  level: 'error' | 'warning' | 'note';
  message: string;
  file?: string;
  /** 1-based line in `file`, when the notification is about one line. */
  line?: number;
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
  /** The rule's documentation, for reports that render help (SARIF `help`). */
  docs?: RuleDocs;
  references?: RuleReference[];
  options?: Record<string, RuleOptionSpec>;
}

export interface RunStats {
  filesDiscovered: number;
  /** Source files parsed, every language together. */
  filesParsed: number;
  /** Files parsed per language other than JS/TS (`Python`, `Go`), when any was; JS/TS is the rest of `filesParsed`. */
  parsedByLanguage?: Record<string, number>;
  /** Wall time of the scan, from discovery to the finished result (formatting the report excluded). */
  durationMs: number;
  /** Where `durationMs` went, phase by phase (they add up to it, give or take rounding). */
  phasesMs?: ScanPhases;
}

export interface ScanPhases {
  /** Walking the tree and matching ignore rules. */
  discover: number;
  /** Reading files, the prefilter, and parsing each candidate as it is read. */
  readAndParse: number;
  /** tsconfig paths, manifests, lockfiles and configuration files parsed. */
  configParse: number;
  /** Indexing, value resolution and facts of the candidate JS/TS files. */
  analyse: number;
  /** Configuration facts and the estate (units, shared keys). */
  estate: number;
  /** Rules run, findings built (snippets, redaction, fingerprints). */
  rules: number;
  /** Suppressions, baseline, severities, line hashes and the redaction fence. */
  postProcess: number;
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
  /** Set when the findings were compared with a baseline file. */
  baseline?: BaselineSummary;
  /** Set when only findings in files changed since a git ref are reported. */
  changedSince?: { ref: string; files: number };
  /**
   * JWT packages the parsed files import: the modelled ones, and those jwtlint does not model
   * with the files importing them (each also a `unmodelled-library` notification).
   */
  libraries?: LibraryCoverage;
}

export interface BaselineSummary {
  /** Entries in the baseline file. */
  entries: number;
  /** Findings of this run that the baseline holds. */
  matched: number;
  /** Baseline entries that no finding of this run matched (fixed, or moved to another file). */
  unmatched: number;
}

/** A baseline file as read: the fingerprints of accepted findings. */
export interface Baseline {
  fingerprints: ReadonlySet<string>;
}

export interface ScanOptions {
  /** Working directory that relative paths are resolved against. */
  cwd: string;
  /** JWTLINT_ESTATE_KEY for `--estate-out`: key values get fingerprints comparable across repositories. */
  estateKey?: Buffer;
  /** Files or directories to scan (default: cwd). */
  paths: string[];
  /** Lifetimes strictly above this many seconds are reported by long-expiry. */
  maxExpirySeconds: number;
  /** Extra ignore globs from configuration and `--exclude`. */
  ignore: string[];
  /** `--include`: only walked files these `.gitignore`-style patterns select are scanned. */
  include?: string[];
  /** Rule ids switched off by configuration. */
  disabledRules: string[];
  /**
   * Skip parsing files whose text cannot matter to any rule (default on). Off only to prove
   * that the prefilter changes no result.
   */
  prefilter?: boolean;
  /** Clock tolerances strictly above this many seconds are reported by expiry-not-enforced (default 300). */
  maxClockToleranceSeconds?: number;
  /** Severity set by configuration for every finding of a rule. */
  severityOverrides?: Record<string, Severity>;
  /** Extra `.gitignore`-style patterns for test code; `!pattern` marks matches as production code. */
  testPaths?: string[];
  /** Deployable units named by configuration: root-relative folder → unit name. */
  units?: Record<string, string>;
  /** Report only findings whose primary location is one of these root-relative paths (`--changed-since`). */
  onlyFiles?: { ref: string; files: string[] };
  /** Findings whose fingerprint the baseline holds are marked `unchanged`, the others `new`. */
  baseline?: Baseline;
  /**
   * Wall-clock milliseconds one JS/TS file may take, its parse included (default 10,000). A
   * file over it is abandoned with a `timeout` notification, its findings not reported, and
   * the scan goes on. The parse itself cannot be interrupted: the budget is checked right
   * after it, then polled while indexing, resolving values and extracting facts (also for
   * other files parsed on the file's behalf). 0 abandons every file right after its parse;
   * `Infinity` switches the budget off.
   */
  fileTimeBudgetMs?: number;
  /**
   * Called as the scan advances: files read out of those discovered, then files analysed
   * out of those the prefilter kept. For a progress display; never affects the result.
   */
  onProgress?: (progress: ScanProgress) => void;
  /** Files larger than this many bytes are skipped with a note (default 2 MiB). */
  maxFileBytes?: number;
  /**
   * Called with every file as the scan read it, before anything is parsed: `jwtlint fix`
   * keeps the text of the files it may edit, to load exactly that text and to refuse a file
   * that changed on disk since. Never affects the result.
   */
  onFileRead?: (file: LoadedFile) => void;
}

export interface ScanProgress {
  phase: 'read' | 'analyse';
  done: number;
  total: number;
}

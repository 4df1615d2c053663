import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { githubSecuritySeverity, securitySeverityIn } from '../engine/security-severity.js';
import type { Finding, LibraryCoverage, Notification, NotificationKind, RuleMetadata, RunResult, SourceLocation } from '../engine/types.js';
import { librariesJson } from './json.js';
import type { Confidence, RuleStandards, Severity } from '../rule-api.js';
import { CSF, CWE, NHI, cweNumber, cweUrl, type CsfId, type CweId, type NhiId } from '../standards/index.js';
import { ruleFullDescription, ruleHelpMarkdown, ruleHelpText } from './rule-help.js';
import { safePreview } from './summary.js';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
const SOURCE_ROOT = 'SRCROOT';
const FINGERPRINT_KEY = 'jwtlint/v1';
export const DEFAULT_SARIF_CATEGORY = 'jwtlint';
/** GitHub code scanning keeps only the first 10 tags of a rule. */
export const MAX_RULE_TAGS = 10;

type SarifLevel = 'error' | 'warning' | 'note';

const LEVEL_BY_SEVERITY: Record<Severity, SarifLevel> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
};

// GitHub's `precision` values are very-high, high, medium and low.
const PRECISION_BY_CONFIDENCE: Record<Confidence, string> = { high: 'high', medium: 'medium', low: 'low' };

const NOTIFICATION_DESCRIPTIONS: Record<NotificationKind, string> = {
  unreadable: 'A file could not be read.',
  unparsable: 'A file could not be parsed, or only in part.',
  binary: 'A file looks binary and was skipped.',
  'too-large': 'A file is above the size limit and was skipped.',
  encoding: 'A file is not valid UTF-8.',
  skipped: 'A path was skipped.',
  'rule-error': 'A rule failed on a file.',
  'internal-error': 'jwtlint failed while analysing a file.',
  timeout: 'A file took longer than the per-file time budget to analyse and was abandoned.',
  'invalid-suppression': 'A jwtlint-disable comment cannot be applied: it lacks rule ids or a reason, or names an unknown rule.',
  'unused-suppression': 'A jwtlint-disable comment names a rule that reports nothing on its line.',
  config: 'A configuration file was found but not used.',
  'unmodelled-library': 'Scanned files import a JWT package that jwtlint does not model: its calls are not checked.',
};
const CONFIGURATION_KINDS: ReadonlySet<NotificationKind> = new Set(['config']);
const BASELINE_JUSTIFICATION = 'In the jwtlint baseline: accepted when the baseline was written.';

export interface SarifOptions {
  /**
   * Absolute folder that result URIs are relative to (`SRCROOT`): the repository root, so
   * that code scanning finds the files when a subfolder is scanned. Default: the scan root.
   */
  sourceRoot?: string;
  /** `runs[].automationDetails.id` category; GitHub keeps it over the upload step's `category` input. */
  category?: string;
  /** Leave suppressed results out (GitHub code scanning ignores SARIF `suppressions`). */
  omitSuppressed?: boolean;
  /**
   * Keep findings the baseline holds (`baselineState: unchanged`), marked with an `external`
   * suppression. Default: left out, because GitHub code scanning reads neither
   * `baselineState` nor `suppressions` and would open an alert for each.
   */
  includeBaselined?: boolean;
  /**
   * Point each result whose severity is not its rule's, or that sits in test code, at a
   * variant descriptor (`<rule-id>/<severity>`, `<rule-id>/test`) so that GitHub code scanning
   * ranks the alert as the report does. Off by default: `ruleId` is then always the public
   * rule id, which other SARIF consumers and alert history match on. The GitHub Action sets it.
   */
  severityVariants?: boolean;
  /** `jwtlint fix --format sarif`: the edits proposed for a finding, each a SARIF `fix` on the finding's own file. */
  fixesOf?: (finding: Finding) => readonly SarifFixInput[] | undefined;
}

/** One fix: replacements against the file as scanned (regions 1-based, end exclusive, UTF-16 columns). */
export interface SarifFixInput {
  description: string;
  replacements: readonly { deletedRegion: SarifReplacementRegion; insertedContent: string }[];
}

/** A region of a file as scanned: 1-based lines, 1-based columns in UTF-16 code units, end exclusive; the same as a 0-based offset and length. */
export interface SarifReplacementRegion {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
  charOffset: number;
  charLength: number;
}

interface SarifFix {
  description: { text: string };
  artifactChanges: { artifactLocation: SarifArtifactLocation; replacements: { deletedRegion: SarifReplacementRegion; insertedContent: { text: string } }[] }[];
}

export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: [SarifRun];
}

export interface SarifRun {
  tool: { driver: SarifDriver };
  invocations: [SarifInvocation];
  automationDetails: { id: string };
  originalUriBaseIds: Record<string, { uri: string; description?: { text: string } }>;
  columnKind: 'utf16CodeUnits';
  taxonomies: SarifTaxonomy[];
  results: SarifResult[];
  /**
   * `omitted`: how many findings this log leaves out, and why (present only when some are).
   * `libraries`: the JWT packages the scanned files import, modelled or not (see RunResult).
   */
  properties?: { omitted?: { suppressed: number; baselined: number }; libraries?: LibraryCoverage };
}

interface SarifDriver {
  name: string;
  fullName: string;
  version: string;
  semanticVersion: string;
  informationUri: string;
  rules: SarifRule[];
  notifications: { id: string; shortDescription: { text: string } }[];
  supportedTaxonomies: { name: string; index: number }[];
}

interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string; markdown: string };
  helpUri?: string;
  defaultConfiguration: { level: SarifLevel };
  relationships: SarifRelationship[];
  properties: {
    tags: string[];
    /** Absent on the test-code variant: GitHub then treats its results as notes, not security alerts. */
    'security-severity'?: string;
    precision: string;
    severity: Severity;
    /** On a variant descriptor: the public rule id it belongs to, and what sets it apart. */
    rule?: string;
    variant?: RuleVariant;
  };
}

interface SarifTaxonReference {
  id: string;
  index: number;
  toolComponent: { name: string; index: number };
}

interface SarifRelationship {
  target: SarifTaxonReference;
  kinds: string[];
}

interface SarifTaxonomy {
  name: string;
  version?: string;
  organization: string;
  informationUri: string;
  shortDescription: { text: string };
  isComprehensive: false;
  taxa: { id: string; name?: string; shortDescription: { text: string }; helpUri?: string }[];
}

interface SarifInvocation {
  executionSuccessful: boolean;
  toolExecutionNotifications: SarifNotification[];
  toolConfigurationNotifications: SarifNotification[];
}

interface SarifNotification {
  level: SarifLevel;
  message: { text: string };
  descriptor: { id: string; index: number };
  locations?: { physicalLocation: { artifactLocation: SarifArtifactLocation; region?: { startLine: number } } }[];
  associatedRule?: { id: string; index?: number };
}

interface SarifArtifactLocation {
  uri: string;
  uriBaseId: string;
}

interface SarifPhysicalLocation {
  artifactLocation: SarifArtifactLocation;
  region: { startLine: number; startColumn: number; endLine: number; endColumn: number };
}

export interface SarifResult {
  ruleId: string;
  ruleIndex?: number;
  level: SarifLevel;
  message: { text: string };
  locations: { physicalLocation: SarifPhysicalLocation }[];
  relatedLocations?: { id: number; physicalLocation: SarifPhysicalLocation; message: { text: string } }[];
  partialFingerprints: Record<string, string>;
  taxa?: SarifTaxonReference[];
  baselineState?: 'new' | 'unchanged';
  suppressions?: SarifSuppression[];
  fixes?: SarifFix[];
  properties: {
    severity: Severity;
    severityReason: string;
    'security-severity'?: string;
    confidence: string;
    tags: string[];
    evidence?: { kind: string; preview: string; length: number };
  };
}

interface SarifSuppression {
  kind: 'inSource' | 'external';
  status: 'accepted';
  justification: string;
  location?: { physicalLocation: { artifactLocation: SarifArtifactLocation; region: { startLine: number } } };
}

/**
 * How GitHub code scanning is made to show each finding at its own severity.
 *
 * GitHub reads `security-severity` only from the rule descriptor a result points at
 * (`tool.driver.rules[].properties`), never from the result, and it ignores `baselineState`
 * and `suppressions` (they are not among the properties its "SARIF support for code scanning"
 * page lists; github/codeql-action#1230). So:
 *
 * With `severityVariants` (the GitHub Action sets it; off by default, so that `ruleId` is the
 * public rule id for every other consumer):
 *
 * - A finding whose severity is not the band of its rule's score (estate-based ratings,
 *   `critical` results, configured overrides) points at a variant descriptor with the
 *   hierarchical id `<rule-id>/<severity>` (SARIF §3.27.5, sub-rules) and a score in that band:
 *   GitHub then shows it as critical, high, medium or low like the report does.
 * - A finding in test code points at `<rule-id>/test`: level `note`, no `security-severity`,
 *   so GitHub files it as a note, not a security alert, and it never fails a pull-request check
 *   the way production findings do. It stays in the log, tagged `test`.
 *
 * Always: baselined findings are left out unless `includeBaselined` (then marked with an
 * `external` suppression for consumers that read it); suppressed ones with `omitSuppressed`.
 *
 * The trade-off: `ruleId` is the public rule id for every finding rated at its rule's
 * severity in production code, and the rule id plus a suffix otherwise. A finding whose
 * rating changes (its key becomes shared, it moves into tests) becomes a new alert on GitHub
 * and the old one is closed, since GitHub matches alerts by ruleId and fingerprint.
 * Alternatives GitHub would not honour: a per-result `security-severity` (ignored), several
 * descriptors with the same id (one id, one rule), SARIF `suppressions` (ignored).
 */
export type RuleVariant = Severity | 'test';
const VARIANT_ORDER: readonly RuleVariant[] = ['critical', 'high', 'medium', 'low', 'test'];

/** One SARIF 2.1.0 run for GitHub code scanning and other SARIF consumers. */
export function buildSarifLog(result: RunResult, options: SarifOptions = {}): SarifLog {
  const ruleIndex = new Map(result.rules.map((rule, index) => [rule.id, index]));
  const uriOf = artifactUriMapper(result.root, options.sourceRoot);
  const omitted = { suppressed: 0, baselined: 0 };
  const findings = result.findings.filter((finding) => {
    if (finding.suppression && options.omitSuppressed) return omitted.suppressed++, false;
    if (finding.baselineState === 'unchanged' && !options.includeBaselined) return omitted.baselined++, false;
    return true;
  });
  const taxonomies = new TaxonomyIndex();
  const rules = result.rules.map((rule) => sarifRule(rule, taxonomies));
  const ruleScores = new Map(result.rules.map((rule) => [rule.id, rule.securitySeverity]));
  const variants = options.severityVariants ? variantDescriptors(findings, result.rules, taxonomies, ruleIndex) : [];
  for (const [id, descriptor] of variants) {
    ruleIndex.set(id, rules.length);
    rules.push(descriptor);
  }
  const results = findings.map((finding) => withFixes(sarifResult(finding, ruleIndex, ruleScores, uriOf, taxonomies, options.severityVariants === true), options.fixesOf?.(finding)));
  const notificationKinds = [...new Set(result.notifications.map((notification) => notification.kind))].sort();
  const notificationIndex = new Map(notificationKinds.map((kind, index) => [kind, index]));
  const notify = (notification: Notification) => sarifNotification(notification, ruleIndex, notificationIndex, uriOf);

  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: result.tool.name,
            fullName: `${result.tool.name}: shared-secret JWT static analysis`,
            version: result.tool.version,
            semanticVersion: result.tool.version,
            informationUri: result.tool.informationUri,
            rules,
            notifications: notificationKinds.map((kind) => ({ id: kind, shortDescription: { text: NOTIFICATION_DESCRIPTIONS[kind] } })),
            supportedTaxonomies: taxonomies.components().map((component, index) => ({ name: component.name, index })),
          },
        },
        invocations: [
          {
            executionSuccessful: !result.internalError,
            toolExecutionNotifications: result.notifications.filter((n) => !CONFIGURATION_KINDS.has(n.kind)).map(notify),
            toolConfigurationNotifications: result.notifications.filter((n) => CONFIGURATION_KINDS.has(n.kind)).map(notify),
          },
        ],
        automationDetails: { id: automationId(options.category ?? DEFAULT_SARIF_CATEGORY) },
        originalUriBaseIds: {
          [SOURCE_ROOT]: { uri: rootUri(uriOf.base), description: { text: 'The folder that result paths are relative to.' } },
        },
        columnKind: 'utf16CodeUnits',
        taxonomies: taxonomies.components(),
        results,
        ...((omitted.suppressed > 0 || omitted.baselined > 0 || result.libraries) && {
          properties: {
            ...((omitted.suppressed > 0 || omitted.baselined > 0) && { omitted }),
            ...(result.libraries && { libraries: librariesJson(result.libraries) }),
          },
        }),
      },
    ],
  };
}

function withFixes(result: SarifResult, fixes: readonly SarifFixInput[] | undefined): SarifResult {
  if (!fixes || fixes.length === 0) return result;
  const { artifactLocation } = result.locations[0]!.physicalLocation;
  return {
    ...result,
    fixes: fixes.map((fix) => ({
      description: { text: fix.description },
      artifactChanges: [{ artifactLocation, replacements: fix.replacements.map((r) => ({ deletedRegion: { ...r.deletedRegion }, insertedContent: { text: r.insertedContent } })) }],
    })),
  };
}

export function formatSarif(result: RunResult, options: SarifOptions = {}): string {
  return `${JSON.stringify(buildSarifLog(result, options), null, 2)}\n`;
}

/** GitHub reads the category as everything before the last `/` of the id. */
function automationId(category: string): string {
  return category.endsWith('/') ? category : `${category}/`;
}

function sarifRule(rule: RuleMetadata, taxonomies: TaxonomyIndex): SarifRule {
  return {
    id: rule.id,
    name: pascalCase(rule.id),
    shortDescription: { text: rule.description },
    fullDescription: { text: ruleFullDescription(rule) },
    help: { text: ruleHelpText(rule), markdown: ruleHelpMarkdown(rule) },
    ...(rule.helpUri && { helpUri: rule.helpUri }),
    defaultConfiguration: { level: LEVEL_BY_SEVERITY[rule.severity] },
    relationships: taxonomies.references(rule.standards).map((target) => ({ target, kinds: ['relevant'] })),
    properties: {
      tags: standardTags(rule.standards).slice(0, MAX_RULE_TAGS),
      'security-severity': rule.securitySeverity.toFixed(1),
      precision: PRECISION_BY_CONFIDENCE[rule.confidence],
      severity: rule.severity,
    },
  };
}

/** The variant a finding's result points at, or undefined for the rule's own descriptor. */
export function ruleVariant(finding: Finding, ruleScore: number | undefined): RuleVariant | undefined {
  if (ruleScore === undefined) return undefined;
  if (finding.inTestCode) return 'test';
  return githubSecuritySeverity(ruleScore) === finding.severity ? undefined : finding.severity;
}

/** One descriptor per (rule, variant) the findings use, ordered by rule, then variant. */
function variantDescriptors(findings: Finding[], rules: RuleMetadata[], taxonomies: TaxonomyIndex, ruleIndex: Map<string, number>): [string, SarifRule][] {
  const byId = new Map(rules.map((rule) => [rule.id, rule]));
  const used = new Map<string, { rule: RuleMetadata; variant: RuleVariant }>();
  for (const finding of findings) {
    const rule = byId.get(finding.ruleId);
    const variant = rule && ruleVariant(finding, rule.securitySeverity);
    if (rule && variant) used.set(`${rule.id}/${variant}`, { rule, variant });
  }
  return [...used.entries()]
    .sort(([, a], [, b]) => ruleIndex.get(a.rule.id)! - ruleIndex.get(b.rule.id)! || VARIANT_ORDER.indexOf(a.variant) - VARIANT_ORDER.indexOf(b.variant))
    .map(([id, { rule, variant }]) => [id, variantRule(rule, variant, taxonomies)]);
}

function variantRule(rule: RuleMetadata, variant: RuleVariant, taxonomies: TaxonomyIndex): SarifRule {
  const base = sarifRule(rule, taxonomies);
  const { 'security-severity': _ruleScore, ...properties } = base.properties;
  const intro =
    variant === 'test'
      ? `Results of \`${rule.id}\` in test code or fixtures. They are notes with no security severity, so that code scanning does not rank them with production findings or fail a pull-request check on them.`
      : `Results of \`${rule.id}\` rated ${variant} in their context (each result's \`severityReason\` says why). This variant carries the ${variant} score, because code scanning ranks an alert by the descriptor its result points at.`;
  return {
    ...base,
    id: `${rule.id}/${variant}`,
    help: { text: `${intro}\n\n${base.help.text}`, markdown: `${intro}\n\n${base.help.markdown}` },
    defaultConfiguration: { level: variant === 'test' ? 'note' : LEVEL_BY_SEVERITY[variant] },
    properties:
      variant === 'test'
        ? { ...properties, tags: [...properties.tags.slice(0, MAX_RULE_TAGS - 1), 'test'], rule: rule.id, variant }
        : { ...properties, 'security-severity': securitySeverityIn(variant, rule.securitySeverity).toFixed(1), severity: variant, rule: rule.id, variant },
  };
}

function sarifResult(finding: Finding, ruleIndex: Map<string, number>, ruleScores: Map<string, number>, uriOf: UriMapper, taxonomies: TaxonomyIndex, severityVariants: boolean): SarifResult {
  const ruleScore = ruleScores.get(finding.ruleId);
  const variant = severityVariants ? ruleVariant(finding, ruleScore) : undefined;
  const ruleId = variant ? `${finding.ruleId}/${variant}` : finding.ruleId;
  const index = ruleIndex.get(ruleId);
  const tags = standardTags(finding.standards);
  if (finding.inTestCode) tags.push('test');
  const related = finding.relatedLocations.map((item, i) => ({
    id: i + 1,
    physicalLocation: physicalLocation(item.location, uriOf),
    message: { text: item.label },
  }));
  const suppressions: SarifSuppression[] = [];
  if (finding.suppression) {
    suppressions.push({
      kind: 'inSource',
      status: 'accepted',
      justification: finding.suppression.reason,
      location: {
        physicalLocation: {
          artifactLocation: artifactLocation(finding.suppression.location.file, uriOf),
          region: { startLine: finding.suppression.location.line },
        },
      },
    });
  }
  if (finding.baselineState === 'unchanged') suppressions.push({ kind: 'external', status: 'accepted', justification: BASELINE_JUSTIFICATION });
  return {
    ruleId,
    ...(index !== undefined && { ruleIndex: index }),
    // Findings in tests and fixtures stay visible but must not block a merge like production code.
    level: finding.inTestCode ? 'note' : LEVEL_BY_SEVERITY[finding.severity],
    message: { text: messageWithLinks(finding) },
    locations: [{ physicalLocation: physicalLocation(finding.location, uriOf) }],
    ...(related.length > 0 && { relatedLocations: related }),
    partialFingerprints: {
      ...(finding.lineHash !== undefined && { primaryLocationLineHash: finding.lineHash }),
      [FINGERPRINT_KEY]: finding.fingerprint,
    },
    taxa: taxonomies.references(finding.standards),
    ...(finding.baselineState !== undefined && { baselineState: finding.baselineState }),
    ...(suppressions.length > 0 && { suppressions }),
    properties: {
      severity: finding.severity,
      severityReason: finding.severityReason,
      // The finding's own score (the rule's, moved into the band of this finding's severity).
      ...(ruleScore !== undefined && { 'security-severity': securitySeverityIn(finding.severity, ruleScore).toFixed(1) }),
      confidence: finding.confidence,
      tags,
      ...(finding.evidence && {
        evidence: { kind: finding.evidence.kind, preview: safePreview(finding.evidence), length: finding.evidence.length },
      }),
    },
  };
}

/**
 * The message, with each related place linked in SARIF's embedded-link syntax
 * (`[label](id)` pointing at `relatedLocations[].id`). Literal brackets in a message that
 * carries links must be escaped (SARIF §3.11.6).
 */
function messageWithLinks(finding: Finding): string {
  if (finding.relatedLocations.length === 0) return finding.message;
  const links = finding.relatedLocations.map((related, i) => `[${escapeBrackets(related.label)}](${i + 1})`);
  // trimEnd, not .replace(/\s*$/, ''): the same characters (`\s` is what trim removes),
  // without the regex's quadratic search on a run of blanks inside a message (which quotes
  // names from the scanned code).
  const message = escapeBrackets(finding.message).trimEnd();
  const separator = /[.!?]$/.test(message) ? ' ' : '. ';
  return `${message}${separator}Related: ${links.join(', ')}.`;
}

function escapeBrackets(text: string): string {
  return text.replace(/[\\[\]]/g, (c) => `\\${c}`);
}

function sarifNotification(
  notification: Notification,
  ruleIndex: Map<string, number>,
  notificationIndex: Map<NotificationKind, number>,
  uriOf: UriMapper,
): SarifNotification {
  const index = notification.ruleId === undefined ? undefined : ruleIndex.get(notification.ruleId);
  return {
    level: notification.level,
    message: { text: notification.message },
    descriptor: { id: notification.kind, index: notificationIndex.get(notification.kind)! },
    ...(notification.file !== undefined && {
      locations: [
        {
          physicalLocation: {
            artifactLocation: artifactLocation(notification.file, uriOf),
            ...(notification.line !== undefined && { region: { startLine: notification.line } }),
          },
        },
      ],
    }),
    ...(notification.ruleId !== undefined && {
      associatedRule: { id: notification.ruleId, ...(index !== undefined && { index }) },
    }),
  };
}

function physicalLocation(location: SourceLocation, uriOf: UriMapper): SarifPhysicalLocation {
  const startLine = Math.max(1, location.line);
  const startColumn = Math.max(1, location.column);
  const endLine = Math.max(startLine, location.endLine);
  const endColumn = endLine === startLine ? Math.max(startColumn, location.endColumn) : Math.max(1, location.endColumn);
  return { artifactLocation: artifactLocation(location.file, uriOf), region: { startLine, startColumn, endLine, endColumn } };
}

interface UriMapper {
  (file: string): string;
  base: string;
}

/** Maps root-relative paths to URIs relative to the source root (a prefix when the scan root is below it). */
function artifactUriMapper(root: string, sourceRoot: string | undefined): UriMapper {
  const scanRoot = path.resolve(root);
  let base = scanRoot;
  let prefix = '';
  if (sourceRoot !== undefined) {
    const relative = path.relative(path.resolve(sourceRoot), scanRoot);
    if (!relative.startsWith('..') && !path.isAbsolute(relative)) {
      base = path.resolve(sourceRoot);
      prefix = relative === '' ? '' : `${relative.split(path.sep).join('/')}/`;
    }
  }
  const mapper = ((file: string) => `${prefix}${file}`.split('/').map(encodeURIComponent).join('/')) as UriMapper;
  mapper.base = base;
  return mapper;
}

function artifactLocation(file: string, uriOf: UriMapper): SarifArtifactLocation {
  return { uri: uriOf(file), uriBaseId: SOURCE_ROOT };
}

function rootUri(root: string): string {
  const href = pathToFileURL(path.resolve(root)).href;
  return href.endsWith('/') ? href : `${href}/`;
}

/** `security`, then CWE (GitHub's `external/cwe/cwe-NNN`), OWASP NHI and NIST CSF tags. */
function standardTags(standards: RuleStandards): string[] {
  return [
    'security',
    ...standards.cwe.map((id) => `external/cwe/cwe-${cweNumber(id).padStart(3, '0')}`),
    ...standards.nhi.map((id) => `external/owasp-nhi-2025/${id.toLowerCase()}`),
    ...standards.csf.map((id) => `external/nist-csf-2.0/${id.toLowerCase()}`),
  ];
}

type TaxonomyName = 'CWE' | 'OWASP NHI Top 10' | 'NIST CSF';

/** The CWE, OWASP NHI and NIST CSF taxonomies, holding only the entries this run refers to. */
class TaxonomyIndex {
  private readonly order: TaxonomyName[] = ['CWE', 'OWASP NHI Top 10', 'NIST CSF'];
  private readonly taxa = new Map<TaxonomyName, Map<string, SarifTaxonomy['taxa'][number]>>(this.order.map((name) => [name, new Map()]));

  references(standards: RuleStandards): SarifTaxonReference[] {
    return [
      ...standards.cwe.map((id) => this.reference('CWE', id, { id, name: CWE[id as CweId], shortDescription: { text: CWE[id as CweId] }, helpUri: cweUrl(id as CweId) })),
      ...standards.nhi.map((id) => {
        const entry = NHI[id as NhiId];
        return this.reference('OWASP NHI Top 10', `${id}:2025`, { id: `${id}:2025`, name: entry.title, shortDescription: { text: entry.title }, helpUri: entry.url });
      }),
      ...standards.csf.map((id) => this.reference('NIST CSF', id, { id, shortDescription: { text: CSF[id as CsfId] } })),
    ];
  }

  private reference(name: TaxonomyName, id: string, taxon: SarifTaxonomy['taxa'][number]): SarifTaxonReference {
    const taxa = this.taxa.get(name)!;
    if (!taxa.has(id)) taxa.set(id, taxon);
    return { id, index: [...taxa.keys()].indexOf(id), toolComponent: { name, index: this.order.indexOf(name) } };
  }

  components(): SarifTaxonomy[] {
    const describe: Record<TaxonomyName, Omit<SarifTaxonomy, 'taxa' | 'isComprehensive'>> = {
      CWE: {
        name: 'CWE',
        organization: 'MITRE',
        informationUri: 'https://cwe.mitre.org/',
        shortDescription: { text: 'The MITRE Common Weakness Enumeration.' },
      },
      'OWASP NHI Top 10': {
        name: 'OWASP NHI Top 10',
        version: '2025',
        organization: 'OWASP',
        informationUri: 'https://owasp.org/www-project-non-human-identities-top-10/2025/',
        shortDescription: { text: 'The OWASP Non-Human Identities Top 10 (2025).' },
      },
      'NIST CSF': {
        name: 'NIST CSF',
        version: '2.0',
        organization: 'NIST',
        informationUri: 'https://www.nist.gov/cyberframework',
        shortDescription: { text: 'The NIST Cybersecurity Framework 2.0 (CSWP 29) subcategories.' },
      },
    };
    return this.order.map((name) => ({ ...describe[name], isComprehensive: false as const, taxa: [...this.taxa.get(name)!.values()] }));
  }
}

function pascalCase(id: string): string {
  return id
    .split(/[^a-zA-Z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join('');
}

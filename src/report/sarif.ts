import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Finding, Notification, RuleMetadata, RunResult, SourceLocation } from '../engine/types.js';
import type { RuleStandards, Severity } from '../rule-api.js';
import { NHI, cweNumber, cweUrl } from '../standards/index.js';
import { safePreview, standardsLine } from './summary.js';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
const SOURCE_ROOT = 'SRCROOT';
const FINGERPRINT_KEY = 'jwtlint/v1';

type SarifLevel = 'error' | 'warning' | 'note';

const LEVEL_BY_SEVERITY: Record<Severity, SarifLevel> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
};

export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: [SarifRun];
}

export interface SarifRun {
  tool: { driver: SarifDriver };
  invocations: [SarifInvocation];
  originalUriBaseIds: Record<string, { uri: string; description?: { text: string } }>;
  columnKind: 'utf16CodeUnits';
  results: SarifResult[];
}

interface SarifDriver {
  name: string;
  version: string;
  semanticVersion: string;
  informationUri: string;
  rules: SarifRule[];
}

interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string; markdown: string };
  helpUri?: string;
  defaultConfiguration: { level: SarifLevel };
  properties: { tags: string[]; 'security-severity': string; precision: string; severity: Severity };
}

interface SarifInvocation {
  executionSuccessful: boolean;
  toolExecutionNotifications: SarifNotification[];
}

interface SarifNotification {
  level: SarifLevel;
  message: { text: string };
  descriptor: { id: string };
  locations?: { physicalLocation: { artifactLocation: SarifArtifactLocation } }[];
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
  properties: {
    severity: Severity;
    confidence: string;
    tags: string[];
    evidence?: { kind: string; preview: string; length: number };
  };
}

/** One SARIF 2.1.0 run for GitHub code scanning and other SARIF consumers. */
export function buildSarifLog(result: RunResult): SarifLog {
  const ruleIndex = new Map(result.rules.map((rule, index) => [rule.id, index]));
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: result.tool.name,
            version: result.tool.version,
            semanticVersion: result.tool.version,
            informationUri: result.tool.informationUri,
            rules: result.rules.map(sarifRule),
          },
        },
        invocations: [
          {
            executionSuccessful: !result.internalError,
            toolExecutionNotifications: result.notifications.map((notification) => sarifNotification(notification, ruleIndex)),
          },
        ],
        originalUriBaseIds: {
          [SOURCE_ROOT]: { uri: rootUri(result.root), description: { text: 'The scan root.' } },
        },
        columnKind: 'utf16CodeUnits',
        results: result.findings.map((finding) => sarifResult(finding, ruleIndex)),
      },
    ],
  };
}

export function formatSarif(result: RunResult): string {
  return `${JSON.stringify(buildSarifLog(result), null, 2)}\n`;
}

function sarifRule(rule: RuleMetadata): SarifRule {
  const standards = standardsLine(rule.standards);
  return {
    id: rule.id,
    name: pascalCase(rule.id),
    shortDescription: { text: rule.description },
    fullDescription: { text: standards ? `${rule.description} (${standards})` : rule.description },
    help: {
      text: standards ? `${rule.remediation}\n\nStandards: ${standards}` : rule.remediation,
      markdown: helpMarkdown(rule),
    },
    ...(rule.helpUri && { helpUri: rule.helpUri }),
    defaultConfiguration: { level: LEVEL_BY_SEVERITY[rule.severity] },
    properties: {
      tags: standardTags(rule.standards),
      'security-severity': rule.securitySeverity.toFixed(1),
      precision: rule.confidence,
      severity: rule.severity,
    },
  };
}

function helpMarkdown(rule: RuleMetadata): string {
  const nhi = rule.standards.nhi.map((id) => `[OWASP ${id}:2025 ${NHI[id].title}](${NHI[id].url})`);
  const cwe = rule.standards.cwe.map((id) => `[${id}](${cweUrl(id)})`);
  const csf = rule.standards.csf.map((id) => `NIST CSF ${id}`);
  const standards = [...nhi, ...csf, ...cwe];
  return [`**${rule.id}**: ${rule.description}`, `**Fix:** ${rule.remediation}`, ...(standards.length > 0 ? [`Standards: ${standards.join(', ')}`] : [])].join(
    '\n\n',
  );
}

function sarifResult(finding: Finding, ruleIndex: Map<string, number>): SarifResult {
  const index = ruleIndex.get(finding.ruleId);
  const tags = standardTags(finding.standards);
  if (finding.inTestCode) tags.push('test');
  return {
    ruleId: finding.ruleId,
    ...(index !== undefined && { ruleIndex: index }),
    // Findings in tests and fixtures stay visible but must not block a merge like production code.
    level: finding.inTestCode ? 'note' : LEVEL_BY_SEVERITY[finding.severity],
    message: { text: finding.message },
    locations: [{ physicalLocation: physicalLocation(finding.location) }],
    ...(finding.relatedLocations.length > 0 && {
      relatedLocations: finding.relatedLocations.map((related, i) => ({
        id: i + 1,
        physicalLocation: physicalLocation(related.location),
        message: { text: related.label },
      })),
    }),
    partialFingerprints: { [FINGERPRINT_KEY]: finding.fingerprint },
    properties: {
      severity: finding.severity,
      confidence: finding.confidence,
      tags,
      ...(finding.evidence && {
        evidence: { kind: finding.evidence.kind, preview: safePreview(finding.evidence), length: finding.evidence.length },
      }),
    },
  };
}

function sarifNotification(notification: Notification, ruleIndex: Map<string, number>): SarifNotification {
  const index = notification.ruleId === undefined ? undefined : ruleIndex.get(notification.ruleId);
  return {
    level: notification.level,
    message: { text: notification.message },
    descriptor: { id: notification.kind },
    ...(notification.file !== undefined && {
      locations: [{ physicalLocation: { artifactLocation: artifactLocation(notification.file) } }],
    }),
    ...(notification.ruleId !== undefined && {
      associatedRule: { id: notification.ruleId, ...(index !== undefined && { index }) },
    }),
  };
}

function physicalLocation(location: SourceLocation): SarifPhysicalLocation {
  const startLine = Math.max(1, location.line);
  const startColumn = Math.max(1, location.column);
  const endLine = Math.max(startLine, location.endLine);
  const endColumn = endLine === startLine ? Math.max(startColumn, location.endColumn) : Math.max(1, location.endColumn);
  return { artifactLocation: artifactLocation(location.file), region: { startLine, startColumn, endLine, endColumn } };
}

function artifactLocation(file: string): SarifArtifactLocation {
  return { uri: file.split('/').map(encodeURIComponent).join('/'), uriBaseId: SOURCE_ROOT };
}

function rootUri(root: string): string {
  const href = pathToFileURL(path.resolve(root)).href;
  return href.endsWith('/') ? href : `${href}/`;
}

function standardTags(standards: RuleStandards): string[] {
  return [
    'security',
    ...standards.cwe.map((id) => `external/cwe/cwe-${cweNumber(id)}`),
    ...standards.nhi.map((id) => `external/owasp-nhi-2025/${id.toLowerCase()}`),
    ...standards.csf.map((id) => `external/nist-csf-2.0/${id.toLowerCase()}`),
  ];
}

function pascalCase(id: string): string {
  return id
    .split(/[^a-zA-Z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join('');
}

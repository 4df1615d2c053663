import { Chalk, type ChalkInstance } from 'chalk';
import { didYouMean } from '../config/did-you-mean.js';
import type { RuleDefinition } from '../rule-api.js';
import { CSF, CWE, NHI } from '../standards/index.js';
import { ruleMetadata } from '../engine/run.js';
import { toolInfo } from '../engine/tool-info.js';

export const RULES_FORMATS = ['text', 'json'] as const;

/**
 * `jwtlint rules --format json`: the rule list for machines, one object per rule with the
 * fields SARIF and the reports use (`securitySeverity` is the default GitHub score).
 */
export function formatRulesJson(rules: readonly RuleDefinition[]): string {
  const tool = toolInfo();
  const list = rules.map((rule) => {
    const metadata = ruleMetadata(rule, tool.informationUri);
    return {
      id: metadata.id,
      description: metadata.description,
      severity: metadata.severity,
      securitySeverity: metadata.securitySeverity,
      confidence: metadata.confidence,
      standards: metadata.standards,
      helpUri: metadata.helpUri,
    };
  });
  return `${JSON.stringify({ tool: { name: tool.name, version: tool.version }, rules: list }, null, 2)}\n`;
}

/** `jwtlint rules`: one row per rule with its default severity and standards. */
export function formatRulesTable(rules: readonly RuleDefinition[], color: boolean): string {
  const paint = new Chalk({ level: color ? 1 : 0 });
  const header = ['RULE', 'SEVERITY', 'OWASP NHI', 'NIST CSF', 'CWE'];
  const rows = rules.map((rule) => [
    rule.id,
    rule.severity,
    rule.standards.nhi.join(', '),
    rule.standards.csf.join(', '),
    rule.standards.cwe.join(', '),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]!)))
      .join('  ')
      .trimEnd();
  return [paint.bold(line(header)), ...rows.map(line), '', `${rules.length} rules. "jwtlint explain <rule>" shows one in full.`, ''].join(
    '\n',
  );
}

export type ExplainResult = { ok: true; text: string } | { ok: false; problem: string };

/** `jwtlint explain <rule>`: the rule's documentation, standards and references. */
export function explainRule(rules: readonly RuleDefinition[], ruleId: string, color: boolean): ExplainResult {
  const rule = rules.find((candidate) => candidate.id === ruleId);
  if (!rule) {
    const ids = rules.map((candidate) => candidate.id);
    return { ok: false, problem: `unknown rule "${ruleId}"${didYouMean(ruleId, ids)}. Run "jwtlint rules" to list them.` };
  }
  const paint = new Chalk({ level: color ? 1 : 0 });
  const sections: [string, string][] = [
    ['Standards', standardsDetail(rule)],
    ['Why it matters', rule.docs.whyItMatters],
    ['Incorrect', rule.docs.incorrect],
    ['Correct', rule.docs.correct],
    ['Remediation', rule.docs.remediation],
  ];
  for (const l of rule.docs.languages ?? []) {
    const examples = [l.incorrect && `Incorrect:\n${indent(l.incorrect)}`, l.correct && `Correct:\n${indent(l.correct)}`].filter((x): x is string => Boolean(x));
    sections.push([`In ${l.language}`, [l.reading, ...examples].join('\n\n')]);
  }
  const options = Object.entries(rule.options);
  if (options.length > 0) {
    sections.push(['Options', options.map(([name, spec]) => `${name}: ${spec.description} (default: ${spec.default})`).join('\n')]);
  }
  sections.push(['Limitations', rule.docs.limitations]);
  if (rule.references.length > 0) {
    sections.push(['References', rule.references.map((reference) => `${reference.title}: ${reference.url}`).join('\n')]);
  }

  const title = `${paint.bold(rule.id)} (${rule.severity}, confidence ${rule.confidence}, ${rule.scope} scope)`;
  const body = sections.map(([heading, text]) => section(paint, heading, text));
  return { ok: true, text: [title, '', rule.description, '', ...body].join('\n') };
}

function indent(code: string): string {
  return code
    .trimEnd()
    .split('\n')
    .map((line) => (line === '' ? '' : `  ${line}`))
    .join('\n');
}

function section(paint: ChalkInstance, heading: string, text: string): string {
  const indented = text
    .trim()
    .split('\n')
    .map((line) => (line === '' ? '' : `  ${line}`))
    .join('\n');
  return `${paint.bold.underline(heading)}\n${indented}\n`;
}

function standardsDetail(rule: RuleDefinition): string {
  const { nhi, csf, csf11, cwe } = rule.standards;
  return [
    ...nhi.map((id) => `OWASP ${id}:2025 ${NHI[id].title} (${NHI[id].url})`),
    ...csf.map((id) => `NIST CSF ${id}: ${CSF[id]}`),
    ...(csf11 && csf11.length > 0 ? [`NIST CSF 1.1: ${csf11.join(', ')}`] : []),
    ...cwe.map((id) => `${id}: ${CWE[id]}`),
  ].join('\n');
}

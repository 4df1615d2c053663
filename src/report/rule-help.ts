import type { RuleMetadata } from '../engine/types.js';
import { CSF, CWE, NHI, cweUrl } from '../standards/index.js';

// A rule's documentation rendered for SARIF `help`: GitHub shows `help.markdown` on every
// alert (falling back to `help.text`), so it carries the whole rule page: why it matters,
// the unsafe and safe code, the fix, options, limitations, standards and references.

type Section = { heading: string; markdown: string; text: string };

function fence(code: string, language?: string): string {
  const body = code.replace(/\s+$/, '');
  const longest = Math.max(2, ...(body.match(/`+/g) ?? []).map((run) => run.length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}${language ?? languageOf(body)}\n${body}\n${ticks}`;
}

const FENCE_LANGUAGE: Record<string, string> = { Python: 'python', Go: 'go', Java: 'java', 'C#': 'csharp' };

// Examples are JavaScript/TypeScript unless they look like configuration.
function languageOf(code: string): string {
  if (/^\s*(import|export|const|let|var|function|class|async|await|@|\/\/|module\.|require\()/m.test(code)) return 'ts';
  if (/^\s*[A-Z][A-Z0-9_]*=/m.test(code)) return 'properties';
  if (/^\s*[\w.-]+:(\s|$)/m.test(code)) return 'yaml';
  return '';
}

function sections(rule: RuleMetadata): Section[] {
  const out: Section[] = [];
  const add = (heading: string, markdown: string, text = markdown) => {
    if (markdown.trim() !== '') out.push({ heading, markdown: markdown.trim(), text: text.trim() });
  };
  const docs = rule.docs;
  if (docs) {
    add('Why it matters', docs.whyItMatters);
    add('Incorrect', fence(docs.incorrect), docs.incorrect);
    add('Correct', fence(docs.correct), docs.correct);
  }
  add('Remediation', docs?.remediation ?? rule.remediation);
  for (const l of docs?.languages ?? []) {
    const lang = FENCE_LANGUAGE[l.language];
    add(
      `In ${l.language}`,
      [l.reading, l.incorrect && `Incorrect:\n\n${fence(l.incorrect, lang)}`, l.correct && `Correct:\n\n${fence(l.correct, lang)}`].filter(Boolean).join('\n\n'),
      [l.reading, l.incorrect && `Incorrect:\n${l.incorrect.trimEnd()}`, l.correct && `Correct:\n${l.correct.trimEnd()}`].filter(Boolean).join('\n\n'),
    );
  }
  const options = Object.entries(rule.options ?? {});
  if (options.length > 0) {
    add(
      'Options',
      options.map(([name, spec]) => `- \`${name}\`: ${spec.description} (default: \`${spec.default}\`)`).join('\n'),
      options.map(([name, spec]) => `- ${name}: ${spec.description} (default: ${spec.default})`).join('\n'),
    );
  }
  if (docs) add('Limitations', docs.limitations);
  const { nhi, csf, csf11, cwe } = rule.standards;
  add(
    'Standards',
    [
      ...nhi.map((id) => `- OWASP Non-Human Identities Top 10: [${id}:2025 ${NHI[id].title}](${NHI[id].url})`),
      ...csf.map((id) => `- NIST CSF 2.0 ${id}: ${CSF[id]}`),
      ...(csf11 && csf11.length > 0 ? [`- NIST CSF 1.1: ${csf11.join(', ')}`] : []),
      ...cwe.map((id) => `- [${id}: ${CWE[id]}](${cweUrl(id)})`),
    ].join('\n'),
    [
      ...nhi.map((id) => `- OWASP NHI ${id}:2025 ${NHI[id].title} (${NHI[id].url})`),
      ...csf.map((id) => `- NIST CSF 2.0 ${id}: ${CSF[id]}`),
      ...(csf11 && csf11.length > 0 ? [`- NIST CSF 1.1: ${csf11.join(', ')}`] : []),
      ...cwe.map((id) => `- ${id}: ${CWE[id]} (${cweUrl(id)})`),
    ].join('\n'),
  );
  const references = rule.references ?? [];
  if (references.length > 0) {
    add(
      'References',
      references.map((reference) => `- [${reference.title}](${reference.url})`).join('\n'),
      references.map((reference) => `- ${reference.title}: ${reference.url}`).join('\n'),
    );
  }
  add(
    'Suppressing a finding',
    `When a finding is accepted, say why next to it: \`// jwtlint-disable-next-line ${rule.id} -- reason\` (\`# jwtlint-disable-next-line ${rule.id} -- reason\` in Python, YAML, .env and properties files).`,
    `When a finding is accepted, say why next to it: // jwtlint-disable-next-line ${rule.id} -- reason (use # in Python, YAML, .env and properties files).`,
  );
  return out;
}

export function ruleHelpMarkdown(rule: RuleMetadata): string {
  const body = sections(rule).map((section) => `## ${section.heading}\n\n${section.markdown}`);
  return [rule.description, ...body].join('\n\n');
}

export function ruleHelpText(rule: RuleMetadata): string {
  const body = sections(rule).map((section) => `${section.heading}\n${section.text}`);
  return [`${rule.id}: ${rule.description}`, ...body].join('\n\n');
}

/** One paragraph for SARIF `fullDescription`: what the rule finds and why it matters (≤ 1000 characters). */
export function ruleFullDescription(rule: RuleMetadata): string {
  const why = rule.docs?.whyItMatters.trim();
  const full = why ? `${rule.description} ${why}` : rule.description;
  if (full.length <= 1000) return full;
  const cut = full.slice(0, 1000);
  const sentenceEnd = cut.lastIndexOf('. ');
  return sentenceEnd > rule.description.length ? cut.slice(0, sentenceEnd + 1) : `${cut.slice(0, 997)}...`;
}

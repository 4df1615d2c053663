import type { SourceText } from '../lang/javascript/project.js';
import { didYouMean } from '../config/did-you-mean.js';
import { fileKindOf } from '../discover/file-kind.js';
import type { Finding, Notification } from './types.js';

// Inline suppressions:
//   // jwtlint-disable-next-line hardcoded-secret, weak-secret -- test fixture, never deployed
//   const s = 'x'; /* jwtlint-disable-line hardcoded-secret -- test fixture */
//   # jwtlint-disable-next-line hardcoded-secret -- local development only   (YAML, .env, ...)
// A suppression must name its rule ids and give a reason after `--`: a security waiver
// without a reason cannot be reviewed, and a blanket one would silence rules added later.
// A directive that breaks either requirement suppresses nothing and is reported.

export type DirectiveKind = 'next-line' | 'line';

export interface SuppressionDirective {
  file: string;
  /** Line of the comment (where a block comment starts). */
  line: number;
  /** Line whose findings it covers. */
  target: number;
  kind: DirectiveKind;
  ruleIds: string[];
  /** Text after `--`, trimmed; undefined when missing or empty. */
  reason: string | undefined;
}

const MARKER = 'jwtlint-';
const RULE_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
// The directive must open the comment: prose that merely mentions it is not one.
const SLASH_COMMENT = /(\/\/|\/\*)\s*jwtlint-(disable|enable)(-next-line|-line)?(?![\w-])/;
const HASH_COMMENT = /(?:^|\s)(#)\s*jwtlint-(disable|enable)(-next-line|-line)?(?![\w-])/;
// .properties files also start comments with `!`.
const PROPERTIES_COMMENT = /(?:^|\s)(#|!)\s*jwtlint-(disable|enable)(-next-line|-line)?(?![\w-])/;

/** JavaScript, TypeScript, JSON (JSONC), Go, Java, Kotlin and C# use `//` and `/* *\/`; every other scanned kind (Python, YAML, .env, ...) uses `#`. */
function commentPatternOf(file: string): RegExp {
  switch (fileKindOf(file)) {
    case 'js':
    case 'ts':
    case 'jsx':
    case 'tsx':
    case 'json':
    case 'go':
    case 'java':
    case 'kotlin':
    case 'csharp':
      return SLASH_COMMENT;
    case 'properties':
      return PROPERTIES_COMMENT;
    default:
      return HASH_COMMENT;
  }
}

export interface ParsedDirectives {
  directives: SuppressionDirective[];
  problems: Notification[];
}

/** Finds the suppression comments of one file; malformed ones come back as problems. */
export function parseDirectives(file: string, text: string, knownRuleIds: readonly string[]): ParsedDirectives {
  const directives: SuppressionDirective[] = [];
  const problems: Notification[] = [];
  if (!text.includes(MARKER)) return { directives, problems };
  const pattern = commentPatternOf(file);
  const lines = text.split(/\r\n|\r|\n/);
  const problem = (line: number, message: string, ruleId?: string) =>
    problems.push({ kind: 'invalid-suppression', level: 'warning', file, line, message, ...(ruleId ? { ruleId } : {}) });

  for (let i = 0; i < lines.length; i++) {
    const source = lines[i]!;
    if (!source.includes(MARKER)) continue;
    const match = pattern.exec(source);
    if (!match) continue;
    const line = i + 1;
    const [, opener, verb, suffix] = match;
    const name = `jwtlint-${verb}${suffix ?? ''}`;
    if (verb !== 'disable' || suffix === undefined) {
      problem(line, `${name} is not supported: use jwtlint-disable-next-line or jwtlint-disable-line with rule ids and a reason.`);
      continue;
    }
    let payload = source.slice(match.index + match[0].length);
    let endLine = line;
    if (opener === '/*') {
      // A block comment ends at `*/`, possibly on a later line; "next line" is the one after it.
      let close = payload.indexOf('*/');
      while (close === -1 && endLine < lines.length) {
        const next = lines[endLine]!;
        endLine++;
        payload += ` ${next.replace(/^\s*\*(?!\/)/, '')}`;
        close = payload.indexOf('*/');
      }
      if (close !== -1) payload = payload.slice(0, close);
    }
    const separator = payload.indexOf('--');
    const idsText = separator === -1 ? payload : payload.slice(0, separator);
    const reasonText = separator === -1 ? '' : payload.slice(separator + 2).trim();
    const ruleIds = idsText.split(/[\s,]+/).filter(Boolean);
    const kind: DirectiveKind = suffix === '-next-line' ? 'next-line' : 'line';

    if (ruleIds.length === 0) {
      problem(line, `${name} must name the rule ids it silences, e.g. "${name} hardcoded-secret -- reason"; it suppresses nothing.`);
      continue;
    }
    const valid: string[] = [];
    for (const id of ruleIds) {
      if (RULE_ID.test(id) && knownRuleIds.includes(id)) valid.push(id);
      else problem(line, `${name}: unknown rule id "${id}"${didYouMean(id, knownRuleIds)}.`);
    }
    if (reasonText === '') {
      problem(line, `${name} ${ruleIds.join(', ')} needs a reason after "--"; the finding stays reported.`);
      continue;
    }
    if (valid.length === 0) continue;
    directives.push({ file, line, target: kind === 'next-line' ? endLine + 1 : line, kind, ruleIds: valid, reason: reasonText });
  }
  return { directives, problems };
}

export interface SuppressionOutcome {
  findings: Finding[];
  notifications: Notification[];
}

/**
 * Marks the findings that a valid directive covers as suppressed (they stay in the result)
 * and reports malformed directives and rule ids that matched nothing. Unused ids of rules
 * that did not run (switched off by configuration) are not reported.
 */
export function applySuppressions(
  findings: readonly Finding[],
  texts: ReadonlyMap<string, SourceText>,
  knownRuleIds: readonly string[],
  enabledRuleIds: ReadonlySet<string>,
): SuppressionOutcome {
  const notifications: Notification[] = [];
  const byLine = new Map<string, number[]>();
  findings.forEach((finding, index) => {
    const key = `${finding.location.file}\0${finding.location.line}\0${finding.ruleId}`;
    const list = byLine.get(key);
    if (list) list.push(index);
    else byLine.set(key, [index]);
  });
  const out = [...findings];

  for (const [file, source] of texts) {
    // Most files hold no directive: searched without decoding a text kept as bytes.
    if (!source.includes(MARKER)) continue;
    const { directives, problems } = parseDirectives(file, typeof source === 'string' ? source : source.text, knownRuleIds);
    notifications.push(...problems);
    for (const directive of directives) {
      const name = `jwtlint-disable-${directive.kind}`;
      for (const ruleId of directive.ruleIds) {
        const matches = byLine.get(`${file}\0${directive.target}\0${ruleId}`) ?? [];
        for (const index of matches) {
          out[index] = {
            ...out[index]!,
            suppression: { kind: 'inSource', reason: directive.reason!, location: { file, line: directive.line } },
          };
        }
        if (matches.length === 0 && enabledRuleIds.has(ruleId)) {
          notifications.push({
            kind: 'unused-suppression',
            level: 'warning',
            file,
            line: directive.line,
            ruleId,
            message: `${name} ${ruleId}: no ${ruleId} finding on line ${directive.target}; remove it from the comment.`,
          });
        }
      }
    }
  }
  return { findings: out, notifications };
}

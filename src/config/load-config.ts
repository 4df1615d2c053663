import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { didYouMean } from './did-you-mean.js';
import { parseDuration } from './duration.js';

export type FailOn = 'critical' | 'high' | 'medium' | 'low' | 'none';
export const FAIL_ON_VALUES: readonly FailOn[] = ['critical', 'high', 'medium', 'low', 'none'];

export type RuleSwitch = 'on' | 'off';

/** A validated configuration file, durations already in seconds. */
export interface JwtlintConfig {
  failOn?: FailOn;
  maxExpirySeconds?: number;
  /** `.gitignore`-style patterns relative to the scan root. */
  ignore: string[];
  rules: Record<string, RuleSwitch>;
}

export type ConfigResult = { ok: true; config: JwtlintConfig } | { ok: false; problems: string[] };

const CONFIG_KEYS = ['failOn', 'maxExpiry', 'ignore', 'rules'];
const CODE_EXTENSIONS = new Set(['.js', '.cjs', '.mjs', '.ts', '.cts', '.mts', '.jsx', '.tsx']);

/**
 * Reads a JSON or YAML configuration file and validates it against the known rule ids.
 * Every problem is collected, so one run can report them all. Configuration is data only:
 * a JavaScript or TypeScript file is refused, never executed.
 */
export async function loadConfig(file: string, knownRuleIds: readonly string[]): Promise<ConfigResult> {
  const extension = path.extname(file).toLowerCase();
  if (CODE_EXTENSIONS.has(extension)) {
    return fail(`${file}: configuration must be JSON or YAML data; ${extension} files are never loaded.`);
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return fail(`${file}: cannot read the configuration file (${(error as NodeJS.ErrnoException).code ?? error}).`);
  }
  const parsed = extension === '.json' ? parseJson(text) : parseYaml(text);
  if (!parsed.ok) return fail(...parsed.problems.map((problem) => `${file}: ${problem}`));
  const validated = validateConfig(parsed.data, knownRuleIds);
  return validated.ok ? validated : fail(...validated.problems.map((problem) => `${file}: ${problem}`));
}

/** Validates parsed configuration data; problems name the offending key. */
export function validateConfig(data: unknown, knownRuleIds: readonly string[]): ConfigResult {
  if (data === null || data === undefined) return { ok: true, config: { ignore: [], rules: {} } };
  if (!isPlainObject(data)) return fail(`the configuration must be an object with keys ${CONFIG_KEYS.join(', ')}.`);

  const problems: string[] = [];
  const config: JwtlintConfig = { ignore: [], rules: {} };

  for (const key of Object.keys(data)) {
    if (!CONFIG_KEYS.includes(key)) problems.push(`unknown key "${key}"${didYouMean(key, CONFIG_KEYS)}.`);
  }

  if (data.failOn !== undefined) {
    if (typeof data.failOn === 'string' && (FAIL_ON_VALUES as readonly string[]).includes(data.failOn)) {
      config.failOn = data.failOn as FailOn;
    } else {
      problems.push(`failOn must be one of ${FAIL_ON_VALUES.join(', ')} (got ${JSON.stringify(data.failOn)}).`);
    }
  }

  if (data.maxExpiry !== undefined) {
    const seconds =
      typeof data.maxExpiry === 'string'
        ? parseDuration(data.maxExpiry)
        : Number.isInteger(data.maxExpiry) && (data.maxExpiry as number) > 0
          ? (data.maxExpiry as number)
          : undefined;
    if (seconds === undefined) {
      problems.push(`maxExpiry must be a positive duration such as "24h", "30m", "7d" or a number of seconds (got ${JSON.stringify(data.maxExpiry)}).`);
    } else {
      config.maxExpirySeconds = seconds;
    }
  }

  if (data.ignore !== undefined) {
    if (Array.isArray(data.ignore) && data.ignore.every((pattern) => typeof pattern === 'string')) {
      config.ignore = data.ignore as string[];
    } else {
      problems.push('ignore must be a list of .gitignore-style patterns (strings).');
    }
  }

  if (data.rules !== undefined) {
    if (!isPlainObject(data.rules)) {
      problems.push('rules must be an object mapping rule ids to "on" or "off".');
    } else {
      for (const [ruleId, value] of Object.entries(data.rules)) {
        if (!knownRuleIds.includes(ruleId)) {
          problems.push(`rules: unknown rule id "${ruleId}"${didYouMean(ruleId, knownRuleIds)}.`);
        } else if (value !== 'on' && value !== 'off') {
          problems.push(`rules.${ruleId} must be "on" or "off" (got ${JSON.stringify(value)}).`);
        } else {
          config.rules[ruleId] = value;
        }
      }
    }
  }

  return problems.length > 0 ? { ok: false, problems } : { ok: true, config };
}

type Parsed = { ok: true; data: unknown } | { ok: false; problems: string[] };

function parseJson(text: string): Parsed {
  try {
    return { ok: true, data: JSON.parse(text) };
  } catch (error) {
    return { ok: false, problems: [`invalid JSON: ${(error as Error).message}`] };
  }
}

function parseYaml(text: string): Parsed {
  const document = parseDocument(text);
  if (document.errors.length > 0) {
    return { ok: false, problems: document.errors.map((error) => `invalid YAML: ${error.message.split('\n')[0]}`) };
  }
  return { ok: true, data: document.toJS() };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(...problems: string[]): ConfigResult {
  return { ok: false, problems };
}

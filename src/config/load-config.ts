import { lstatSync } from 'node:fs';
import path from 'node:path';
import type { Notification } from '../engine/types.js';
import { RepositoryArea } from '../own-files/area.js';
import { MAX_CONFIG_BYTES, readOwnFile } from '../own-files/read.js';
import type { RuleOptionSpec, Severity } from '../rule-api.js';
import { parseConfigText } from './config-data.js';
import { didYouMean } from './did-you-mean.js';
import { parseDuration } from './duration.js';

export type FailOn = Severity | 'none';
export const FAIL_ON_VALUES: readonly FailOn[] = ['critical', 'high', 'medium', 'low', 'none'];
const SEVERITY_VALUES: readonly Severity[] = ['critical', 'high', 'medium', 'low'];

/** A validated configuration file, durations already in seconds. */
export interface JwtlintConfig {
  failOn?: FailOn;
  /** `.gitignore`-style patterns relative to the scan root: never scanned. */
  ignore: string[];
  /** `.gitignore`-style patterns for test code (reported at a lower level); `!pattern` marks production code. */
  testPaths: string[];
  /** Deployable units: root-relative folder → unit name. */
  units: Record<string, string>;
  /** Rule ids switched off. */
  disabledRules: string[];
  /** Severity for every finding of a rule. */
  severityOverrides: Record<string, Severity>;
  /** `long-expiry` threshold (`maxExpiry`, or the rule's `maxExpiry` option). */
  maxExpirySeconds?: number;
  /** `expiry-not-enforced` threshold (the rule's `maxClockTolerance` option). */
  maxClockToleranceSeconds?: number;
}

export function emptyConfig(): JwtlintConfig {
  return { ignore: [], testPaths: [], units: {}, disabledRules: [], severityOverrides: {} };
}

/** What validation needs to know about a rule. */
export interface ConfigurableRule {
  id: string;
  options: Record<string, RuleOptionSpec>;
}

export type ConfigResult = { ok: true; config: JwtlintConfig } | { ok: false; problems: string[] };

/** Configuration files looked for at the scan root, in this order; more than one is an error. */
export const CONFIG_FILE_NAMES: readonly string[] = ['.jwtlintrc.json', '.jwtlintrc.yaml', '.jwtlintrc.yml', 'jwtlint.config.json'];
/** Executable configuration: never loaded, reported when found at the scan root. */
const CODE_CONFIG_NAMES: readonly string[] = ['js', 'cjs', 'mjs', 'ts', 'cts', 'mts'].flatMap((ext) => [`.jwtlintrc.${ext}`, `jwtlint.config.${ext}`]);
const CODE_EXTENSIONS = new Set(['.js', '.cjs', '.mjs', '.ts', '.cts', '.mts', '.jsx', '.tsx']);
const TOP_LEVEL_KEYS = ['$schema', 'failOn', 'maxExpiry', 'ignore', 'testPaths', 'units', 'rules'];
const RULE_KEYS = ['enabled', 'severity', 'options'];

/** Rule options that reach the rules today, and the setting each one sets. */
export const OPTION_SETTINGS: Record<string, Record<string, 'maxExpirySeconds' | 'maxClockToleranceSeconds'>> = {
  'long-expiry': { maxExpiry: 'maxExpirySeconds' },
  'expiry-not-enforced': { maxClockTolerance: 'maxClockToleranceSeconds' },
};

export interface DiscoveredConfig {
  /** The configuration file to load, if one was found. */
  file?: string;
  /** Several candidates were found: which one is meant is unclear, so this is an error. */
  conflicting?: string[];
  /** JavaScript configuration that is ignored (reported as notifications). */
  notifications: Notification[];
}

/**
 * Looks for a configuration file in the scan root (not above it, not below it). A name that
 * is present counts whatever it is, a symbolic link (even a dangling one) or a FIFO
 * included: loading it then says why it is refused, instead of silently scanning without it.
 */
export function discoverConfig(root: string): DiscoveredConfig {
  const found = CONFIG_FILE_NAMES.filter((name) => isPresent(path.join(root, name)));
  const notifications: Notification[] = CODE_CONFIG_NAMES.filter((name) => isPresent(path.join(root, name))).map((name) => ({
    kind: 'config',
    level: 'warning',
    file: name,
    message: `${name} is ignored: jwtlint reads configuration from JSON or YAML only (${CONFIG_FILE_NAMES.join(', ')}) and never runs code from the scanned repository.`,
  }));
  if (found.length > 1) return { conflicting: found, notifications };
  return { ...(found[0] !== undefined && { file: path.join(root, found[0]) }), notifications };
}

/** Whether the name exists, without following a link (existsSync would follow it). */
function isPresent(file: string): boolean {
  try {
    return lstatSync(file, { throwIfNoEntry: false }) !== undefined;
  } catch {
    return false;
  }
}

/** At most this many problems are listed for one file; the rest are counted. */
const MAX_PROBLEMS = 20;

/**
 * Reads a JSON or YAML configuration file and validates it against the rules. Every
 * problem is collected, so one run can report them all. Configuration is data only: a
 * JavaScript or TypeScript file is refused, never executed.
 *
 * `area` is the scanned repository: a file inside it is read without following a symbolic
 * link. By default that is the file's own folder, so only a caller that knows the file lies
 * outside the repository (named by the user) lets its link be followed. Whatever the place,
 * only a regular file of at most MAX_CONFIG_BYTES is read.
 */
export async function loadConfig(file: string, rules: readonly ConfigurableRule[], area?: RepositoryArea): Promise<ConfigResult> {
  const extension = path.extname(file).toLowerCase();
  if (CODE_EXTENSIONS.has(extension)) {
    return fail(`${file}: configuration must be JSON or YAML data; ${extension} files are never loaded.`);
  }
  const read = readOwnFile(file, area ?? new RepositoryArea([path.dirname(path.resolve(file))]), MAX_CONFIG_BYTES);
  if (!read.ok) {
    return fail(read.code !== undefined ? `${file}: cannot read the configuration file (${read.code}).` : `${file}: ${read.problem}; jwtlint reads its configuration only from a regular file.`);
  }
  const parsed = parseConfigText(read.text, extension === '.json' ? 'json' : 'yaml');
  if (!parsed.ok) return fail(...listed(parsed.problems).map((problem) => `${file}: ${problem}`));
  const validated = validateConfig(parsed.data, rules);
  return validated.ok ? validated : fail(...listed(validated.problems).map((problem) => `${file}: ${problem}`));
}

/** The first problems, and how many more there are: a hostile file can hold thousands. */
function listed(problems: string[]): string[] {
  if (problems.length <= MAX_PROBLEMS) return problems;
  return [...problems.slice(0, MAX_PROBLEMS), `… and ${problems.length - MAX_PROBLEMS} more problems.`];
}

/** Validates parsed configuration data; problems name the offending key. */
export function validateConfig(data: unknown, rules: readonly ConfigurableRule[]): ConfigResult {
  const config = emptyConfig();
  if (data === null || data === undefined) return { ok: true, config };
  if (!isPlainObject(data)) return fail(`the configuration must be an object with keys ${TOP_LEVEL_KEYS.slice(1).join(', ')}.`);

  const problems: string[] = [];
  const ruleIds = rules.map((rule) => rule.id);

  for (const key of Object.keys(data)) {
    if (!TOP_LEVEL_KEYS.includes(key)) problems.push(`unknown key ${shown(key)}${didYouMean(key, TOP_LEVEL_KEYS)}.`);
  }

  if (data.failOn !== undefined) {
    if (typeof data.failOn === 'string' && (FAIL_ON_VALUES as readonly string[]).includes(data.failOn)) {
      config.failOn = data.failOn as FailOn;
    } else {
      problems.push(`failOn must be one of ${FAIL_ON_VALUES.join(', ')} (got ${shown(data.failOn)}).`);
    }
  }

  if (data.maxExpiry !== undefined) {
    const seconds = durationSeconds(data.maxExpiry, false);
    if (seconds === undefined) problems.push(`maxExpiry must be a positive duration such as "24h", "30m", "7d" or a number of seconds (got ${shown(data.maxExpiry)}).`);
    else config.maxExpirySeconds = seconds;
  }

  for (const key of ['ignore', 'testPaths'] as const) {
    const value = data[key];
    if (value === undefined) continue;
    if (Array.isArray(value) && value.every((pattern) => typeof pattern === 'string' && pattern.trim() !== '')) config[key] = value as string[];
    else problems.push(`${key} must be a list of .gitignore-style patterns (non-empty strings).`);
  }

  if (data.units !== undefined) validateUnits(data.units, config, problems);

  if (data.rules !== undefined) {
    if (!isPlainObject(data.rules)) {
      problems.push('rules must be an object mapping rule ids to "on", "off", a severity, or { enabled, severity, options }.');
    } else {
      for (const [ruleId, value] of Object.entries(data.rules)) {
        const rule = rules.find((candidate) => candidate.id === ruleId);
        if (!rule) problems.push(`rules: unknown rule id ${shown(ruleId)}${didYouMean(ruleId, ruleIds)}.`);
        else validateRule(rule, value, config, problems, data.maxExpiry !== undefined);
      }
    }
  }

  return problems.length > 0 ? { ok: false, problems } : { ok: true, config };
}

function validateRule(rule: ConfigurableRule, value: unknown, config: JwtlintConfig, problems: string[], hasTopLevelMaxExpiry: boolean): void {
  const where = `rules.${rule.id}`;
  const setEnabled = (enabled: boolean) => {
    if (!enabled) config.disabledRules.push(rule.id);
  };
  const setSeverity = (severity: unknown) => {
    if (typeof severity === 'string' && (SEVERITY_VALUES as readonly string[]).includes(severity)) config.severityOverrides[rule.id] = severity as Severity;
    else problems.push(`${where}.severity must be one of ${SEVERITY_VALUES.join(', ')} (got ${shown(severity)}).`);
  };

  if (value === 'on' || value === true) return setEnabled(true);
  if (value === 'off' || value === false) return setEnabled(false);
  if (typeof value === 'string' && (SEVERITY_VALUES as readonly string[]).includes(value)) return setSeverity(value);
  if (!isPlainObject(value)) {
    problems.push(`${where} must be "on", "off", a severity (${SEVERITY_VALUES.join(', ')}) or an object with enabled, severity and options (got ${shown(value)}).`);
    return;
  }
  for (const key of Object.keys(value)) {
    if (!RULE_KEYS.includes(key)) problems.push(`${where}: unknown key ${shown(key)}${didYouMean(key, RULE_KEYS)}.`);
  }
  if (value.enabled !== undefined) {
    if (value.enabled === true || value.enabled === 'on') setEnabled(true);
    else if (value.enabled === false || value.enabled === 'off') setEnabled(false);
    else problems.push(`${where}.enabled must be true or false (got ${shown(value.enabled)}).`);
  }
  if (value.severity !== undefined) setSeverity(value.severity);
  if (value.options === undefined) return;
  if (!isPlainObject(value.options)) {
    problems.push(`${where}.options must be an object.`);
    return;
  }
  const known = Object.keys(rule.options);
  for (const [name, option] of Object.entries(value.options)) {
    const setting = OPTION_SETTINGS[rule.id]?.[name];
    if (!known.includes(name)) {
      problems.push(
        known.length === 0
          ? `${where}.options: ${rule.id} has no options (got ${shown(name)}).`
          : `${where}.options: unknown option ${shown(name)}${didYouMean(name, known)}; known: ${known.join(', ')}.`,
      );
      continue;
    }
    if (!setting) {
      problems.push(`${where}.options.${name} cannot be configured yet.`);
      continue;
    }
    const seconds = durationSeconds(option, setting === 'maxClockToleranceSeconds');
    if (seconds === undefined) {
      problems.push(`${where}.options.${name} must be a duration such as "24h", "5m" or a number of seconds (got ${shown(option)}).`);
    } else if (setting === 'maxExpirySeconds' && hasTopLevelMaxExpiry) {
      problems.push(`maxExpiry and ${where}.options.${name} are both set; keep one.`);
    } else {
      config[setting] = seconds;
    }
  }
}

function validateUnits(units: unknown, config: JwtlintConfig, problems: string[]): void {
  if (!isPlainObject(units)) {
    problems.push('units must be an object mapping folders (relative to the scan root) to unit names.');
    return;
  }
  for (const [folder, name] of Object.entries(units)) {
    const normalised = trimSlashes(folder.startsWith('./') ? folder.slice(2) : folder) || '.';
    const segments = normalised.split('/');
    if (folder.trim() === '' || folder.includes('\\') || path.posix.isAbsolute(folder) || segments.includes('..') || segments.includes('')) {
      problems.push(`units: "${folder}" must be a folder relative to the scan root, with / separators and no "..".`);
    } else if (typeof name !== 'string' || name.trim() === '' || /[\r\n]/.test(name)) {
      problems.push(`units.${folder} must be a non-empty unit name (got ${shown(name)}).`);
    } else {
      // Defined, not assigned: a folder named __proto__ is a key like any other, never a prototype.
      Object.defineProperty(config.units, normalised, { value: name.trim(), enumerable: true, writable: true, configurable: true });
    }
  }
}

/** Without trailing slashes (a loop: the key comes from the scanned repository, and /\/+$/ is quadratic on a run of slashes). */
function trimSlashes(text: string): string {
  let end = text.length;
  while (end > 0 && text[end - 1] === '/') end--;
  return text.slice(0, end);
}

/** A duration string or a number of seconds; zero only where allowed. */
function durationSeconds(value: unknown, allowZero: boolean): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && (value > 0 || (allowZero && value === 0)) ? Math.round(value) : undefined;
  if (typeof value === 'string') {
    // Trimmed first, as parseDuration does: /^\s*0+\s*[a-z]*\s*$/ on the value itself was
    // quadratic on a run of blanks that does not reach its end (`0\t\t…\tx`), and the value
    // comes from the scanned repository. Same strings: trim removes exactly `\s`.
    if (allowZero && /^0+\s*[a-z]*$/i.test(value.trim())) return 0;
    return parseDuration(value);
  }
  return undefined;
}

/** A value quoted for a message, cut short: it comes from the scanned repository and can be huge. */
function shown(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = typeof value;
  }
  return text.length > MAX_SHOWN_CHARS ? `${text.slice(0, MAX_SHOWN_CHARS)}…` : text;
}

const MAX_SHOWN_CHARS = 80;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(...problems: string[]): ConfigResult {
  return { ok: false, problems };
}

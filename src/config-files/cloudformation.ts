// AWS CloudFormation and SAM templates (RULES.md "Configuration formats", "References are
// not secrets"): `Environment.Variables` of functions and `Globals.Function` are environment
// maps like any other; intrinsic functions (`!Ref`, `!Sub`, `!GetAtt`, `Fn::Join`, ...) are
// computed at deploy time and hold no literal; `!Ref Param` (and `{"Ref": "Param"}`, `!Sub
// '${Param}'`) reads a template parameter, whose `Default` literal is the secret, reported
// on the `Default` line; `{{resolve:secretsmanager:...}}` / `{{resolve:ssm-secure:...}}` are
// references (placeholder syntax).
import type { LineIndex } from '../parse/line-index.js';
import { spanLoc } from './location.js';
import type { ConfigDocument, ConfigEntry, ParsedConfig } from './types.js';

/** Cheap text check for the config prefilter: could this YAML or JSON text be a CloudFormation/SAM template? */
export function mayBeCloudFormation(text: string): boolean {
  return text.includes('AWSTemplateFormatVersion') || text.includes('AWS::Serverless-20');
}

/** A CloudFormation/SAM template by its top level: `AWSTemplateFormatVersion`, or `Transform` next to `Resources`. */
export function isCloudFormationDocument(doc: ConfigDocument): boolean {
  const keys = doc.topLevelKeys;
  return keys.includes('AWSTemplateFormatVersion') || (keys.includes('Transform') && keys.includes('Resources'));
}

/** How far before a value a YAML tag is looked for (`!GetAtt ` and a few spaces fit many times over). */
const TAG_LOOKBACK = 64;

function isTagChar(c: string): boolean {
  return /[A-Za-z0-9:_.-]/.test(c);
}

/**
 * The YAML short-form tag written right before a scalar (`!Ref`, `!Sub`, `!GetAtt`), read
 * back from the value's start over at most TAG_LOOKBACK characters; undefined when none.
 */
export function tagBefore(text: string, start: number): string | undefined {
  const floor = Math.max(0, start - TAG_LOOKBACK);
  let i = start - 1;
  while (i >= floor && (text[i] === ' ' || text[i] === '\t')) i--;
  if (i === start - 1) return undefined; // a tag is always followed by a space
  const end = i + 1;
  while (i >= floor && isTagChar(text[i]!)) i--;
  if (i < floor || text[i] !== '!' || end - i < 2) return undefined;
  const before = text[i - 1];
  if (before !== undefined && !/[\s:\-[,{]/.test(before)) return undefined;
  return text.slice(i, end);
}

/** `${Name}` alone: a `!Sub` that only reads one parameter. */
const SUB_ONE_PARAMETER = /^\$\{([A-Za-z][\w]*)\}$/;

function parameterRead(tag: string | undefined, key: string, value: string): string | undefined {
  if (tag === '!Ref' || key === 'Ref') return value.trim();
  if (tag === '!Sub' || key === 'Fn::Sub') return SUB_ONE_PARAMETER.exec(value.trim())?.[1];
  return undefined;
}

/**
 * An alias of a parameter's `Default` entry, named for the setting that reads it. It is a
 * fallback (used whenever the stack is deployed without the parameter) of no environment
 * variable: the empty name gives the rule's "default written into the repository" wording
 * and links no `env:` node in the estate.
 */
function aliasOf(target: ConfigEntry, path: string[], key: string, envVar: boolean): ConfigEntry {
  return { ...target, path, key, envVar, interpolation: { name: '', fallback: true } };
}

/**
 * Rewrites the entries of CloudFormation/SAM documents in place: intrinsic-function values
 * become `computed`, and each parameter `Default` gets an alias entry under the parameter's
 * own name and under each setting that reads it, so that the name rules judge it as that
 * setting. Aliases keep the `Default` literal's position (that is where it is reported).
 */
export function readCloudFormation(parsed: ParsedConfig, text: string): void {
  const documents = new Set(parsed.documents.filter(isCloudFormationDocument).map((d) => d.index));
  if (documents.size === 0) return;
  const defaults = new Map<string, ConfigEntry>();
  for (const entry of parsed.entries) {
    const [top, name, field] = entry.path;
    if (documents.has(entry.document) && top === 'Parameters' && field === 'Default' && entry.path.length === 3 && entry.valueType === 'string') {
      defaults.set(`${entry.document}\0${name}`, entry);
    }
  }
  const aliases: ConfigEntry[] = [];
  for (const [id, target] of defaults) {
    const parameter = id.slice(id.indexOf('\0') + 1);
    aliases.push(aliasOf(target, ['Parameters', parameter], parameter, false));
  }
  for (const entry of parsed.entries) {
    if (!documents.has(entry.document) || entry.path[0] === 'Parameters') continue;
    const tag = entry.valueType === 'string' ? tagBefore(text, entry.valueRange[0]) : undefined;
    const intrinsic = entry.path.findIndex((p) => p === 'Ref' || p.startsWith('Fn::'));
    // A list under a setting is an intrinsic function's arguments (`!Join ['', [...]]`, `!If [...]`).
    const listItem = /^\d+$/.test(entry.path[entry.path.length - 1]!);
    if (tag === undefined && intrinsic < 0 && !listItem) continue;
    entry.computed = true;
    // Only a function that is the whole value reads the parameter into the setting (`!Join [..., !Ref P]` does not).
    const whole = !listItem && (intrinsic < 0 || intrinsic === entry.path.length - 1);
    const parameter = whole ? parameterRead(tag, entry.key, entry.value) : undefined;
    const target = parameter === undefined ? undefined : defaults.get(`${entry.document}\0${parameter}`);
    if (!target) continue;
    // `JWT_SECRET: {"Ref": "P"}`: the setting is the key that holds the function.
    const path = intrinsic >= 0 ? entry.path.slice(0, intrinsic) : entry.path;
    const key = path[path.length - 1];
    if (key === undefined) continue;
    const envVar = intrinsic >= 0 ? /^(Variables|environment|env)$/i.test(path[path.length - 2] ?? '') : entry.envVar;
    aliases.push(aliasOf(target, path, key, envVar));
  }
  parsed.entries.push(...aliases);
}

/** A `parameter_overrides` key at the start of a line of `samconfig.toml`. */
const OVERRIDES_KEY = 'parameter_overrides';
/** Longest `parameter_overrides` value read (a deploy configuration never comes near it). */
const MAX_OVERRIDES_CHARS = 100_000;

function isNameChar(c: string | undefined): boolean {
  return c !== undefined && /[A-Za-z0-9]/.test(c);
}

/**
 * `samconfig.toml` `parameter_overrides` (`"Stage=\"prod\" JwtSecret=\"lit\""` or
 * `["JwtSecret=lit", ...]`): the values `sam deploy` gives the template's parameters, each an
 * entry named for its parameter and positioned on its literal. Read from the text (the TOML
 * reader keeps the string whole), each character once.
 */
export function samconfigOverrides(file: string, text: string, lines: LineIndex): ConfigEntry[] {
  const entries: ConfigEntry[] = [];
  for (let at = text.indexOf(OVERRIDES_KEY); at >= 0; at = text.indexOf(OVERRIDES_KEY, at + OVERRIDES_KEY.length)) {
    // Only blanks between the line start and the key (looked at back to the first other character).
    let back = at - 1;
    while (back >= 0 && (text[back] === ' ' || text[back] === '\t')) back--;
    if (back >= 0 && text[back] !== '\n' && text[back] !== '\r') continue;
    let i = at + OVERRIDES_KEY.length;
    while (text[i] === ' ' || text[i] === '\t') i++;
    if (text[i] !== '=') continue;
    i++;
    while (text[i] === ' ' || text[i] === '\t') i++;
    const array = text[i] === '[';
    // A string ends with its line, an array at its `]`; neither runs into the next key, so no character is read twice.
    const next = text.indexOf(OVERRIDES_KEY, i);
    let end = i;
    const limit = Math.min(next < 0 ? text.length : next, i + MAX_OVERRIDES_CHARS);
    while (end < limit && text[end] !== (array ? ']' : '\n')) end++;
    while (i < end) {
      if (!isNameChar(text[i])) {
        i++;
        continue;
      }
      const nameStart = i;
      while (i < end && isNameChar(text[i])) i++;
      if (text[i] !== '=') continue;
      const name = text.slice(nameStart, i);
      i++;
      let close: string | null = null;
      if (text.startsWith('\\"', i)) close = '\\"';
      else if (text[i] === "'" && !array) close = "'";
      if (close) i += close.length;
      const valueStart = i;
      if (close) {
        while (i < end && !text.startsWith(close, i)) i++;
      } else {
        while (i < end && !/[\s"',\]]/.test(text[i]!)) i++;
      }
      const valueEnd = i;
      if (close && i < end) i += close.length;
      entries.push({
        path: [name],
        key: name,
        value: text.slice(valueStart, valueEnd),
        valueType: 'string',
        valueLoc: spanLoc(file, lines, valueStart, valueEnd),
        keyLoc: spanLoc(file, lines, nameStart, nameStart + name.length),
        valueRange: [valueStart, valueEnd],
        envVar: false,
        document: 0,
      });
    }
  }
  return entries;
}

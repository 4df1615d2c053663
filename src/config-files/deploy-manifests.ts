// Serverless Framework, render.yaml, vercel.json, Procfile and CloudFormation/SAM readings
// on top of the generic YAML/JSON/shell readers (RULES.md "Configuration formats",
// "References are not secrets", "Literal fallbacks are secrets").
import { isCloudFormationDocument, readCloudFormation, samconfigOverrides } from './cloudformation.js';
import type { Interpolation } from './interpolation.js';
import type { ConfigEntry, ParsedConfig } from './types.js';

/**
 * Serverless Framework variable sources (`${env:X}`, `${self:custom.x}`, `${ssm:/path}`,
 * `${opt:stage}`, `${file(./x.yml):key}`, ...). A source name followed by `:` (or by `(...)`
 * and `:`); anything else is left to the shell and Spring readings.
 */
const SERVERLESS_SOURCE = /^([A-Za-z]+)(?:\([^()]*\))?:/;
const SERVERLESS_SOURCES = new Set(['env', 'self', 'ssm', 'opt', 'sls', 'param', 'aws', 'cf', 's3', 'file', 'git', 'strtobool', 'vault', 'doppler', 'terraform']);

function serverlessSource(text: string): RegExpExecArray | null {
  const source = SERVERLESS_SOURCE.exec(text);
  return source && SERVERLESS_SOURCES.has(source[1]!.toLowerCase()) ? source : null;
}

/** Index of the first `,` of `inner` outside nested `${...}`/brackets, or -1. */
function topLevelComma(inner: string): number {
  let depth = 0;
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i];
    if (c === '{' || c === '(' || c === '[') depth++;
    else if ((c === '}' || c === ')' || c === ']') && depth > 0) depth--;
    else if (c === ',' && depth === 0) return i;
    else if ((c === "'" || c === '"') && depth === 0) return -1; // a quote before any comma: no address/fallback split
  }
  return -1;
}

/**
 * A Serverless variable `${source:address}` or `${source:address, fallback}` (the inside of
 * the braces, starting at `innerOffset` of the value). `${env:X}` reads X; other sources read
 * their address (`self:custom.jwtSecret`, `ssm:/auth/jwt`). A quoted or plain fallback
 * (`${env:JWT_SECRET, 'lit'}`) is the literal the service gets when the source is unset;
 * a fallback that is itself a variable is followed. Null when `inner` is no Serverless variable.
 */
export function serverlessVariable(inner: string, innerOffset: number, analyse: (value: string) => Interpolation): Interpolation | null {
  const source = serverlessSource(inner);
  if (!source) return null;
  const comma = topLevelComma(inner);
  const address = (comma < 0 ? inner : inner.slice(0, comma)).trim();
  const name = source[1] === 'env' && source[0] === 'env:' ? address.slice(4).trim() || address : address;
  if (comma < 0) return { kind: 'reference', name };
  const afterComma = inner.slice(comma + 1);
  const rest = afterComma.trim();
  const restOffset = innerOffset + comma + 1 + (afterComma.length - afterComma.trimStart().length);
  if (rest === '') return { kind: 'reference', name };
  const quote = rest[0];
  if (quote === "'" || quote === '"') {
    const close = rest.lastIndexOf(quote);
    if (close <= 0) return { kind: 'composite' };
    return { kind: 'fallback', name, literal: rest.slice(1, close), offset: restOffset + 1 };
  }
  // `${env:JWT_SECRET, ssm:/auth/jwt}`: a fallback source written without `${}`.
  if (serverlessSource(rest)) return { kind: 'reference', name };
  if (rest.startsWith('$')) {
    const nested = analyse(rest);
    if (nested.kind === 'fallback') return { kind: 'fallback', name, literal: nested.literal, offset: restOffset + nested.offset };
    return nested.kind === 'reference' ? { kind: 'reference', name } : { kind: 'composite' };
  }
  return { kind: 'fallback', name, literal: rest, offset: restOffset };
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1).toLowerCase();
}

/**
 * `${self:custom.jwtSecret}`: the setting holds whatever the same file writes at that path;
 * a literal there is the secret, reported on its own line under the reading setting's name.
 */
function selfReferences(parsed: ParsedConfig): ConfigEntry[] {
  const reads = parsed.entries.filter((e) => e.interpolation && !e.interpolation.fallback && e.interpolation.name.startsWith('self:'));
  if (reads.length === 0) return [];
  const byPath = new Map<string, ConfigEntry>();
  for (const e of parsed.entries) if (!e.interpolation && !e.computed) byPath.set(`${e.document}\0${e.path.join('.')}`, e);
  const aliases: ConfigEntry[] = [];
  for (const read of reads) {
    const target = byPath.get(`${read.document}\0${read.interpolation!.name.slice(5).trim()}`);
    if (target) aliases.push({ ...target, path: read.path, key: read.key, envVar: read.envVar });
  }
  return aliases;
}

const RENDER_ENV_LIST = /^(envVars|envvars)$/;

/** render.yaml `envVars: [{ key: X, value: lit }]`: the value entry becomes variable X. */
function renderEnvVars(parsed: ParsedConfig): void {
  const keys = new Map<string, ConfigEntry>();
  for (const e of parsed.entries) if (e.key === 'key' && e.valueType === 'string') keys.set(`${e.document}\0${e.path.slice(0, -1).join('\0')}`, e);
  if (keys.size === 0) return;
  for (const e of parsed.entries) {
    if (e.key !== 'value' || e.path.length < 3 || !RENDER_ENV_LIST.test(e.path[e.path.length - 3]!)) continue;
    const name = keys.get(`${e.document}\0${e.path.slice(0, -1).join('\0')}`);
    if (!name) continue;
    e.key = name.value;
    e.path = [...e.path.slice(0, -2), name.value];
    e.envVar = true;
  }
}

/** Vercel `"env": { "JWT_SECRET": "@jwt-secret" }`: `@name` names a Vercel secret. */
const VERCEL_SECRET = /^@[\w.-]+$/;

function vercelSecrets(parsed: ParsedConfig): void {
  for (const e of parsed.entries) if (e.valueType === 'string' && VERCEL_SECRET.test(e.value)) e.computed = true;
}

/** Adds what deployment manifests say beyond the generic readers; called once per parsed YAML, JSON or TOML file. */
export function withDeploymentReadings(path: string, text: string, parsed: ParsedConfig): ParsedConfig {
  if (parsed.documents.some(isCloudFormationDocument)) readCloudFormation(parsed, text);
  if (parsed.format === 'yaml') {
    parsed.entries.push(...selfReferences(parsed));
    if (parsed.entries.some((e) => RENDER_ENV_LIST.test(e.path[e.path.length - 3] ?? ''))) renderEnvVars(parsed);
  }
  const base = baseName(path);
  if (parsed.format === 'json' && /^(vercel|now)\.json$/.test(base)) vercelSecrets(parsed);
  // `sam deploy` parameter values: what `!Ref Param` reads when the template's Default is overridden.
  if (parsed.format === 'toml' && base.startsWith('samconfig')) parsed.entries.push(...samconfigOverrides(path, text, parsed.lines));
  return parsed;
}

/** `Procfile`, `Procfile.dev`. */
export function isProcfile(path: string): boolean {
  const base = baseName(path);
  return base === 'procfile' || base.startsWith('procfile.');
}

/**
 * A Procfile line is `type: command`; the command is a shell line (`web: JWT_SECRET=lit node
 * server.js`). The `type:` prefix is blanked (same length, so offsets stay) for the shell reader.
 */
export function procfileAsShell(text: string): string {
  return text.replace(/^([ \t]*[\w-]+:)/gm, (prefix) => ' '.repeat(prefix.length));
}

import { emptyFileFacts } from '../facts/empty-facts.js';
import { disabledChecksOf } from './verifier-settings.js';
import type { FileKind } from '../discover/file-kind.js';
import type { AlgorithmValue, FileFacts, LifetimeValue, SecretMaterial, SecretUse, SourceLocation, TokenLiteral } from '../facts/model.js';
import { findTokens } from '../facts/token-literals.js';
import { spanLoc } from './location.js';
import { isAlgorithmName, keyWords, lifetimeName, linkedLifetimeName, secretName } from './names.js';
import { mayHoldToken, parseConfigText } from './parse.js';
import { configFormatOf, isExampleFile, isLockfile, isTestConfigPath, mayBeRecognisedByContent, nodeConfigInfo, recognisedByContent, recognisedByPath } from './roles.js';
import type { ConfigEntry, ConfigFormat, ParsedConfig } from './types.js';
import { PEM_PRIVATE, PEM_PUBLIC, isPlaceholder, isReferenceValue, jwsAlgorithm, lifetimeSeconds } from './values.js';
import { pushTo } from '../collections.js';
import { isCloudFormationDocument } from './cloudformation.js';
import { base64KeyBytes, isBearerSigningKey } from './aspnet-bearer.js';

/**
 * What the JS/TS code says about configuration: the environment variables (and node-config
 * key paths) it feeds into JWT keys and lifetimes. A variable is a JWT key wherever it is
 * defined, whatever its name.
 */
export interface ConfigContext {
  keyEnvNames: Set<string>;
  lifetimeEnvNames: Set<string>;
  /** node-config key paths (`jwt.secret`) read into JWT keys with `config.get(...)`. */
  keyConfigPaths?: Set<string>;
  /** node-config key paths read into token lifetimes. */
  lifetimeConfigPaths?: Set<string>;
}

export interface ConfigFile {
  path: string;
  kind: FileKind;
  text: string;
}

/** The facts of a configuration file before anything is found in it. */
export function emptyFacts(file: string): FileFacts {
  return emptyFileFacts(file, 'server', isTestConfigPath(file));
}

/** The settings block an entry belongs to: its document and parent key path (sequence positions dropped). */
function sectionOf(entry: ConfigEntry): string {
  const path = [...entry.path];
  while (path.length > 0 && /^\d+$/.test(path[path.length - 1]!)) path.pop();
  path.pop();
  return `${entry.document}\0${path.join('\0')}`;
}

class AlgorithmIndex {
  private readonly bySection = new Map<string, string[]>();
  private readonly byDocument = new Map<number, Set<string>>();

  add(entry: ConfigEntry, name: string): void {
    const section = sectionOf(entry);
    pushTo(this.bySection, section, name);
    const doc = this.byDocument.get(entry.document) ?? new Set<string>();
    doc.add(name);
    this.byDocument.set(entry.document, doc);
  }

  /** Algorithms named in the entry's section; else the one algorithm its document (or file) names, if only one. */
  for(entry: ConfigEntry): string[] {
    const own = this.bySection.get(sectionOf(entry));
    if (own) return [...new Set(own)];
    const doc = this.byDocument.get(entry.document);
    if (doc) return doc.size === 1 ? [...doc] : [];
    const file = new Set([...this.byDocument.values()].flatMap((names) => [...names]));
    return file.size === 1 ? [...file] : [];
  }
}

const BASE64_TEXT = /^[A-Za-z0-9+/_-]+={0,2}$/;

function byteLengthOf(entry: ConfigEntry): number {
  if (entry.decoded) return entry.decoded.byteLength;
  const text = entry.value;
  const words = keyWords(entry.key);
  // `JWT_SECRET_BASE64`, JHipster's `jwt.base64-secret`, `JWT_SECRET_HEX`: the application
  // decodes the value into key bytes.
  if ((words.includes('base64') || words.includes('b64')) && BASE64_TEXT.test(text)) {
    return Buffer.from(text, text.includes('-') || text.includes('_') ? 'base64url' : 'base64').length;
  }
  if (words.includes('hex') && /^(?:[0-9a-fA-F]{2})+$/.test(text)) return text.length / 2;
  return Buffer.byteLength(text, 'utf8');
}

/** A JWK written as JSON text: `oct` keys are HMAC material, keys with `d` are private. */
function jwkMaterial(text: string): { form: SecretMaterial['form']; byteLength: number } | 'public' | null {
  if (!text.trimStart().startsWith('{')) return null;
  try {
    const jwk = JSON.parse(text) as Record<string, unknown>;
    if (typeof jwk.kty !== 'string') return null;
    if (jwk.kty === 'oct' && typeof jwk.k === 'string') return { form: 'jwk-oct', byteLength: Buffer.from(jwk.k, 'base64url').length };
    if (typeof jwk.d === 'string') return { form: 'jwk-private', byteLength: Buffer.byteLength(text, 'utf8') };
    return 'public';
  } catch {
    return null;
  }
}

function materialOf(entry: ConfigEntry): SecretMaterial | null {
  const text = entry.value;
  if (PEM_PUBLIC.test(text) && !PEM_PRIVATE.test(text)) return null;
  const jwk = jwkMaterial(text);
  if (jwk === 'public') return null;
  const route: SecretMaterial['route'] = entry.interpolation?.fallback ? 'env-fallback' : 'direct';
  return {
    text,
    byteLength: jwk ? jwk.byteLength : byteLengthOf(entry),
    form: jwk ? jwk.form : PEM_PRIVATE.test(text) ? 'pem-private' : 'string',
    loc: entry.valueLoc,
    route,
    ...(entry.interpolation?.fallback ? { envName: entry.interpolation.name } : {}),
  };
}

function isHmac(name: string): boolean {
  return /^HS(256|384|512)$/.test(name);
}

function tokensOf(entry: ConfigEntry, parsed: ParsedConfig, text: string): TokenLiteral[] {
  if (entry.valueType !== 'string' || !entry.value.includes('eyJ')) return [];
  const file = entry.valueLoc.file;
  const [from, to] = entry.valueRange;
  return findTokens(entry.value, (offset, length): SourceLocation => {
    if (entry.decoded) return entry.valueLoc;
    // Locate the token in the source text (escapes never occur inside base64url).
    const token = entry.value.slice(offset, offset + length);
    const at = text.slice(from, to).indexOf(token);
    return at >= 0 ? spanLoc(file, parsed.lines, from + at, from + at + length) : entry.valueLoc;
  });
}

/**
 * Scripts and Dockerfiles pass tokens in command lines (`curl -H "Authorization: Bearer
 * eyJ..."`, `RUN wget --header=...`), not only in assignments: every line is searched.
 * Comment lines are not, like comments in code.
 */
function lineTokens(format: ConfigFormat, file: string, parsed: ParsedConfig): TokenLiteral[] {
  if (format !== 'shell' && format !== 'dockerfile') return [];
  const tokens: TokenLiteral[] = [];
  for (let line = 1; line <= parsed.lines.lineCount; line++) {
    const text = parsed.lines.lineText(line);
    if (!text.includes('eyJ') || text.trimStart().startsWith('#')) continue;
    tokens.push(...findTokens(text, (offset, length) => ({ file, line, column: offset + 1, endLine: line, endColumn: offset + length + 1 })));
  }
  return tokens;
}

function byPosition<T extends { loc: SourceLocation }>(a: T, b: T): number {
  return a.loc.line - b.loc.line || a.loc.column - b.loc.column;
}

/**
 * Facts of one config file (.env, YAML, JSON, .properties, TOML, Dockerfile, shell script).
 * Only value facts apply to configuration (RULES.md): secrets, lifetimes, algorithm settings
 * and tokens; a bare secret in a config file stands for no signer or verifier. Pass `parsed`
 * when the file was already parsed (one parse per file); malformed input comes back as
 * diagnostics, never as a throw.
 */
export function extractConfigFacts(file: ConfigFile, context: ConfigContext, parsed?: ParsedConfig | null): { facts: FileFacts; diagnostics: string[] } {
  const facts = emptyFacts(file.path);
  const format = configFormatOf(file.path, file.kind);
  if (!format || isLockfile(file.path)) return { facts, diagnostics: [] };
  const byPath = recognisedByPath(file.path, format);
  // Prefilter: a file that cannot be configuration is read for tokens only, and only when it holds one.
  if (!parsed && !byPath && !((format === 'yaml' || format === 'json') && mayBeRecognisedByContent(file.text)) && !mayHoldToken(file.text)) {
    return { facts, diagnostics: [] };
  }
  const config = parsed ?? parseConfigText(file.path, format, file.text);
  const recognised = new Set(config.documents.filter((d) => byPath || recognisedByContent(d)).map((d) => d.index));
  // A CloudFormation `*.template.json` is the deployed stack, not a copy-into-place example.
  const example = isExampleFile(file.path) && !config.documents.some(isCloudFormationDocument);
  const nodeConfigFile = nodeConfigInfo(file.path);
  const nodeConfig = nodeConfigFile !== null;
  // node-config's `custom-environment-variables` maps keys to variable *names*, not values.
  if (nodeConfigFile?.environment === 'custom-environment-variables') recognised.clear();

  const algorithms = new AlgorithmIndex();
  for (const entry of config.entries) {
    if (!recognised.has(entry.document) || entry.valueType !== 'string' || entry.interpolation?.fallback === false || entry.computed) continue;
    const name = isAlgorithmName(entry) ? jwsAlgorithm(entry.value) : undefined;
    if (!name) continue;
    algorithms.add(entry, name);
    facts.algorithmSettings.push({ name, loc: entry.valueLoc } satisfies AlgorithmValue);
  }

  const seenSecrets = new Set<string>();
  const seenLifetimes = new Set<string>();
  for (const entry of config.entries) {
    if (!recognised.has(entry.document) || entry.computed) continue;
    if (entry.valueType !== 'string' && entry.valueType !== 'number') continue;
    const dotted = entry.path.join('.');
    const locKey = `${entry.valueRange[0]}`;

    const bearerKey = isBearerSigningKey(entry);
    const keyLinked = bearerKey || (entry.envVar && context.keyEnvNames.has(entry.key)) || (nodeConfig && (context.keyConfigPaths?.has(dotted) ?? false));
    const nameKind = keyLinked ? 'jwt' : secretName(entry);
    const algs = algorithms.for(entry);
    const isSecret = nameKind === 'jwt' || (nameKind === 'generic' && algs.some(isHmac));
    if (isSecret && !seenSecrets.has(locKey) && !isPlaceholder(entry.value, example) && !isReferenceValue(entry.value)) {
      const material = materialOf(entry);
      // JwtBearer decodes its configured keys from base64.
      const bearerBytes = bearerKey && material ? base64KeyBytes(material.text) : undefined;
      if (material && bearerBytes !== undefined) Object.assign(material, { byteLength: bearerBytes, form: 'buffer' });
      if (material) {
        seenSecrets.add(locKey);
        const asymmetric = material.form === 'pem-private' || material.form === 'jwk-private';
        facts.secrets.push({ material, algorithms: algs, hmac: !asymmetric, usedAt: [entry.keyLoc] } satisfies SecretUse);
      }
    }

    const lifetimeLinked = (entry.envVar && context.lifetimeEnvNames.has(entry.key)) || (nodeConfig && (context.lifetimeConfigPaths?.has(dotted) ?? false));
    const lifetime = lifetimeLinked ? linkedLifetimeName(entry) : lifetimeName(entry);
    if (lifetime && entry.interpolation?.fallback !== false && !seenLifetimes.has(locKey)) {
      const seconds = lifetimeSeconds(entry.value, lifetime);
      if (seconds !== undefined) {
        seenLifetimes.add(locKey);
        facts.lifetimes.push({ seconds, loc: entry.valueLoc } satisfies LifetimeValue);
      }
    }
  }

  const seenTokens = new Set<string>();
  const tokens = [...config.entries.flatMap((entry) => tokensOf(entry, config, file.text)), ...lineTokens(format, file.path, config)];
  for (const token of tokens) {
    const key = `${token.loc.line}:${token.loc.column}:${token.text}`;
    if (seenTokens.has(key)) continue;
    seenTokens.add(key);
    facts.tokens.push(token);
  }

  facts.secrets.sort((a, b) => byPosition(a.material, b.material));
  facts.lifetimes.sort(byPosition);
  facts.tokens.sort(byPosition);
  facts.algorithmSettings.sort(byPosition);
  facts.disabledChecks.push(...disabledChecksOf(config.entries.filter((e) => recognised.has(e.document) && !e.computed)));
  return { facts, diagnostics: config.diagnostics };
}

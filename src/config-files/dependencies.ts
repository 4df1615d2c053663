// JWT libraries declared in package.json and pinned in lockfiles (for `vulnerable-library`).
// Only packages with a row in the advisory table are recorded; the rule decides which of
// their versions are affected.
//
// - package.json: `dependencies`, `devDependencies`, `peerDependencies`,
//   `optionalDependencies`. An npm alias (`"jwt": "npm:jsonwebtoken@^8.5.1"`) is recorded
//   under the package it installs, with the range after the `@`. `overrides`, `resolutions`
//   and `pnpm.overrides` are not read: their keys are selectors (`foo>jsonwebtoken`,
//   `**/jsonwebtoken`, `jsonwebtoken@<9`) whose scope this reader does not model.
// - package-lock.json / npm-shrinkwrap.json: v2/v3 `packages["…node_modules/<name>"].version`
//   (nested installs too; aliases by their `name`), else v1 `dependencies.<name>.version`,
//   recursively. A v2 file holds both sections; only `packages` is read, so each installed
//   copy is reported once.
// - yarn.lock (classic and Berry): each entry's `version` line, its package taken from the
//   entry's descriptors (`jsonwebtoken@^8.5.1`, `jsonwebtoken@npm:^8.5.1`, aliases
//   `jwt@npm:jsonwebtoken@^8`).
// - pnpm-lock.yaml (v5, v6, v9): the keys of the top-level `packages` section
//   (`/jsonwebtoken/8.5.1`, `/jsonwebtoken@8.5.1(…)`, `jsonwebtoken@8.5.1`); `importers` and
//   `snapshots` repeat the same versions and are not read.
//
// Lockfiles can be tens of megabytes long: npm's are read once with jsonc-parser's event
// visitor (linear, error-tolerant, no tree), manifests parsed into a tree (they are small);
// yarn and pnpm files are read line by line without a YAML parse. Nothing here throws on
// malformed input.
import { parseTree, printParseErrorCode, visit, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { ADVISORY_PACKAGES } from '../facts/jwt-advisories.js';
import type { DependencyUse, FileFacts, SourceLocation } from '../facts/model.js';
import { LineIndex } from '../parse/line-index.js';
import { diagnosticAt, spanLoc } from './location.js';
import { MAX_JSON_NESTING, jsonNestingEstimate } from './parse-json.js';
import { type DependencyFileKind } from './dependency-files.js';
import { extractGoDependencies, mentionsGoJwtModule } from './dependencies-go.js';
import { extractGradleDependencies, extractPomDependencies, extractVersionCatalogDependencies, mentionsJvmJwtLibrary } from './dependencies-jvm.js';
import { extractMsBuildDependencies, extractNuGetLockDependencies, extractPackagesConfigDependencies, mentionsNuGetJwtPackage } from './dependencies-nuget.js';
import { extractPythonDependencies, mentionsPythonJwtLibrary } from './dependencies-python.js';
import { emptyFacts } from './extract.js';


const MANIFEST_SECTIONS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'];
/** v1 lockfiles nest `dependencies` per install level; real trees stay far below this. */
const MAX_LOCK_DEPTH = 64;

/** `npm:jsonwebtoken@^8.5.1` → the aliased package and its range; null when the spec is no alias. */
function npmAlias(spec: string): { name: string; range: string } | null {
  if (!spec.startsWith('npm:')) return null;
  const target = spec.slice(4);
  const at = target.indexOf('@', 1);
  return at < 0 ? { name: target, range: '*' } : { name: target.slice(0, at), range: target.slice(at + 1) };
}

function mentionsWatchedPackage(text: string): boolean {
  for (const name of ADVISORY_PACKAGES) if (text.includes(name)) return true;
  return false;
}

function property(node: JsonNode | undefined, key: string): JsonNode | undefined {
  if (node?.type !== 'object') return undefined;
  for (const p of node.children ?? []) {
    const [k, v] = p.children ?? [];
    if (k?.value === key) return v;
  }
  return undefined;
}

function* properties(node: JsonNode | undefined): Generator<[string, JsonNode]> {
  if (node?.type !== 'object') return;
  for (const p of node.children ?? []) {
    const [k, v] = p.children ?? [];
    if (k?.type === 'string' && v) yield [String(k.value), v];
  }
}

class Collector {
  readonly dependencies: DependencyUse[] = [];
  private lines: LineIndex | undefined;

  constructor(
    readonly file: string,
    readonly text: string,
  ) {}

  lineIndex(): LineIndex {
    return (this.lines ??= new LineIndex(this.text));
  }

  addNode(name: string, spec: string, source: DependencyUse['source'], node: JsonNode, peer = false): void {
    if (!ADVISORY_PACKAGES.has(name)) return;
    this.dependencies.push({ name, spec, source, ...(peer && { peer }), loc: spanLoc(this.file, this.lineIndex(), node.offset, node.offset + node.length) });
  }

  /** A lockfile value found by offset (`spec` is the located text itself). */
  addLocated(name: string, spec: Located): void {
    if (!ADVISORY_PACKAGES.has(name)) return;
    this.dependencies.push({ name, spec: spec.value, source: 'lockfile', loc: spanLoc(this.file, this.lineIndex(), spec.offset, spec.offset + spec.length) });
  }

  addAt(name: string, spec: string, line: number, column: number, length: number): void {
    if (!ADVISORY_PACKAGES.has(name)) return;
    const loc: SourceLocation = { file: this.file, line, column, endLine: line, endColumn: column + length };
    this.dependencies.push({ name, spec, source: 'lockfile', loc });
  }
}

function parseJsonTree(collector: Collector, diagnostics: string[]): JsonNode | undefined {
  const { file, text } = collector;
  if (jsonNestingEstimate(text, MAX_JSON_NESTING) > MAX_JSON_NESTING) {
    diagnostics.push(`${file}: JSON nests more than ${MAX_JSON_NESTING} levels deep; its dependencies were not read`);
    return undefined;
  }
  const errors: ParseError[] = [];
  let root: JsonNode | undefined;
  try {
    root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
  } catch (error) {
    diagnostics.push(`${file}: JSON parser failed: ${(error as Error).message}`);
    return undefined;
  }
  const first = errors[0];
  if (first) diagnostics.push(diagnosticAt(file, collector.lineIndex(), first.offset, `JSON: ${printParseErrorCode(first.error)} (dependencies read as far as the file could be parsed)`));
  return root;
}

function readManifest(collector: Collector, root: JsonNode | undefined): void {
  for (const section of MANIFEST_SECTIONS) {
    for (const [key, value] of properties(property(root, section))) {
      if (value.type !== 'string') continue;
      const spec = String(value.value);
      const alias = npmAlias(spec);
      collector.addNode(alias?.name ?? key, alias?.range ?? spec, 'manifest', value, section === 'peerDependencies');
    }
  }
}

/** A string value of a lockfile entry, where it stands. */
interface Located {
  value: string;
  offset: number;
  length: number;
}

interface LockEntry {
  version?: Located;
  name?: string;
  link?: boolean;
}

/**
 * npm lockfiles run to tens of megabytes: read with jsonc-parser's event visitor, which
 * builds no tree, keeping one small record per installed package. v2/v3 `packages` entries
 * win over the legacy v1 `dependencies` tree when both are present.
 */
function readNpmLockfile(collector: Collector, diagnostics: string[]): void {
  const { file, text } = collector;
  if (jsonNestingEstimate(text, MAX_JSON_NESTING) > MAX_JSON_NESTING) {
    diagnostics.push(`${file}: JSON nests more than ${MAX_JSON_NESTING} levels deep; its dependencies were not read`);
    return;
  }
  const packages = new Map<string, LockEntry>();
  const legacy: { name: string; version: Located }[] = [];
  let firstError: { offset: number; error: number } | undefined;
  const entryOf = (key: string): LockEntry => {
    let entry = packages.get(key);
    if (!entry) packages.set(key, (entry = {}));
    return entry;
  };
  try {
    visit(
      text,
      {
        onLiteralValue: (value: unknown, offset, length, _line, _column, pathSupplier) => {
          const path = pathSupplier();
          const field = path[path.length - 1];
          if (path[0] === 'packages' && path.length === 3 && typeof path[1] === 'string') {
            if (field === 'version' && typeof value === 'string') entryOf(path[1]).version = { value, offset, length };
            else if (field === 'name' && typeof value === 'string') entryOf(path[1]).name = value;
            else if (field === 'link' && value === true) entryOf(path[1]).link = true;
          } else if (path[0] === 'dependencies' && field === 'version' && typeof value === 'string' && isLegacyVersionPath(path)) {
            legacy.push({ name: String(path[path.length - 2]), version: { value, offset, length } });
          }
        },
        onError: (error, offset) => {
          firstError ??= { offset, error };
        },
      },
      { allowTrailingComma: true, disallowComments: false },
    );
  } catch (error) {
    diagnostics.push(`${file}: JSON parser failed: ${(error as Error).message}`);
    return;
  }
  if (firstError) diagnostics.push(diagnosticAt(file, collector.lineIndex(), firstError.offset, `JSON: ${printParseErrorCode(firstError.error)} (dependencies read as far as the file could be parsed)`));
  if (packages.size > 0) {
    for (const [key, entry] of packages) {
      const at = key.lastIndexOf('node_modules/');
      if (at < 0 || !entry.version || entry.link) continue; // the root ("") and workspace folders list ranges, not installs
      collector.addLocated(entry.name ?? key.slice(at + 'node_modules/'.length), entry.version);
    }
    return;
  }
  for (const { name, version } of legacy) {
    const alias = npmAlias(version.value);
    collector.addLocated(alias?.name ?? name, alias ? { ...version, value: alias.range } : version);
  }
}

/** `dependencies.a.version`, `dependencies.a.dependencies.b.version`, ... (v1 install levels, bounded). */
function isLegacyVersionPath(path: (string | number)[]): boolean {
  if (path.length % 2 !== 1 || (path.length - 1) / 2 > MAX_LOCK_DEPTH + 1) return false;
  for (let i = 0; i < path.length - 1; i += 2) if (path[i] !== 'dependencies' || typeof path[i + 1] !== 'string') return false;
  return true;
}

/** Text lines with their 1-based numbers, broken at `\n`, `\r\n` and a lone `\r` (as `LineIndex` counts them). */
function* linesOf(text: string): Generator<[string, number]> {
  let start = 0;
  let number = 1;
  while (start <= text.length) {
    let stop = start;
    while (stop < text.length && text.charCodeAt(stop) !== 10 && text.charCodeAt(stop) !== 13) stop++;
    yield [text.slice(start, stop), number];
    if (stop >= text.length) return;
    start = text.charCodeAt(stop) === 13 && text.charCodeAt(stop + 1) === 10 ? stop + 2 : stop + 1;
    number++;
  }
}

function unquote(text: string): string {
  const t = text.trim();
  return t.length >= 2 && (t[0] === '"' || t[0] === "'") && t[t.length - 1] === t[0] ? t.slice(1, -1) : t;
}

/** The package a yarn descriptor installs: `jsonwebtoken@^8`, `@scope/x@npm:^1`, `jwt@npm:jsonwebtoken@^8`. */
function yarnDescriptorPackage(descriptor: string): string {
  const at = descriptor.indexOf('@', 1);
  if (at < 0) return descriptor;
  const name = descriptor.slice(0, at);
  const range = descriptor.slice(at + 1);
  const alias = npmAlias(range);
  return alias && /^(?:@[^/@\s]+\/)?[^/@\s:]+$/.test(alias.name) && alias.range !== '*' ? alias.name : name;
}

const YARN_VERSION = /^\s+version:?\s+"?([^"\s]+)"?\s*$/;

function readYarnLockfile(collector: Collector): void {
  let current: string | null = null;
  for (const [line, number] of linesOf(collector.text)) {
    if (line === '' || line.startsWith('#')) continue;
    if (line[0] !== ' ' && line[0] !== '\t') {
      current = null;
      const header = line.trimEnd();
      if (!header.endsWith(':')) continue;
      for (const descriptor of header.slice(0, -1).split(',')) {
        // Berry quotes the whole list (`"a@npm:^1, a@npm:^2":`), classic each descriptor.
        const name = yarnDescriptorPackage(descriptor.trim().replace(/^["']|["']$/g, ''));
        if (ADVISORY_PACKAGES.has(name)) {
          current = name;
          break;
        }
      }
      continue;
    }
    if (current === null) continue;
    const m = YARN_VERSION.exec(line);
    if (!m) continue;
    collector.addAt(current, m[1]!, number, line.indexOf(m[1]!) + 1, m[1]!.length);
    current = null;
  }
}

// v6/v9 `name@version(peer@x)`, v5 `name/version_peer@x`; the scope (`@fastify/`) is part of the name.
const PNPM_KEY_AT = /^((?:@[^/@\s]+\/)?[^/@\s]+)@([^()\s]+)/;
const PNPM_KEY_SLASH = /^((?:@[^/@\s]+\/)?[^/@\s]+)\/([^/_()\s]+)/;
const PNPM_PACKAGE_KEY = /^ {2}(\S[^:]*|'[^']*'|"[^"]*"):\s*$/;

function readPnpmLockfile(collector: Collector): void {
  let inPackages = false;
  for (const [line, number] of linesOf(collector.text)) {
    if (line === '' || line.trimStart().startsWith('#')) continue;
    if (line[0] !== ' ') {
      inPackages = /^packages:\s*$/.test(line);
      continue;
    }
    if (!inPackages) continue;
    const m = PNPM_PACKAGE_KEY.exec(line);
    if (!m) continue;
    const key = unquote(m[1]!).replace(/^\//, '');
    const parts = PNPM_KEY_AT.exec(key) ?? PNPM_KEY_SLASH.exec(key);
    if (!parts) continue;
    collector.addAt(parts[1]!, parts[2]!, number, line.indexOf(m[1]!) + 1, m[1]!.length);
  }
}

function isNpmKind(kind: DependencyFileKind): kind is 'manifest' | 'npm-lockfile' | 'yarn-lockfile' | 'pnpm-lockfile' {
  return kind === 'manifest' || kind === 'npm-lockfile' || kind === 'yarn-lockfile' || kind === 'pnpm-lockfile';
}

const PYTHON_KINDS: ReadonlySet<DependencyFileKind> = new Set(['pip-requirements', 'pyproject', 'pipfile', 'pipfile-lock', 'poetry-lock', 'uv-lock']);

function isPythonKind(kind: DependencyFileKind): kind is 'pip-requirements' | 'pyproject' | 'pipfile' | 'pipfile-lock' | 'poetry-lock' | 'uv-lock' {
  return PYTHON_KINDS.has(kind);
}

/** Maven, Gradle and NuGet files: their own readers (dependencies-jvm.ts, dependencies-nuget.ts). */
function readJvmOrNuGet(file: string, kind: DependencyFileKind, text: string, readFile: ((path: string) => string | undefined) | undefined): { dependencies: DependencyUse[]; diagnostics: string[]; notes: string[] } | null {
  switch (kind) {
    case 'maven-pom':
      return mentionsJvmJwtLibrary(text) ? extractPomDependencies(file, text, readFile) : null;
    case 'gradle-build':
      return mentionsJvmJwtLibrary(text) ? extractGradleDependencies(file, text, readFile) : null;
    case 'gradle-catalog':
      return mentionsJvmJwtLibrary(text) ? extractVersionCatalogDependencies(file, text) : null;
    case 'msbuild':
      return mentionsNuGetJwtPackage(text) ? extractMsBuildDependencies(file, text, readFile) : null;
    case 'nuget-packages-config':
      return mentionsNuGetJwtPackage(text) ? extractPackagesConfigDependencies(file, text) : null;
    case 'nuget-lockfile':
      return mentionsNuGetJwtPackage(text) ? extractNuGetLockDependencies(file, text) : null;
    default:
      return null;
  }
}

/**
 * The JWT libraries a manifest declares or a lockfile pins, as file facts; problems reading it
 * as diagnostics. `readFile` gives other scanned files by path (a Maven parent pom, the
 * Directory.Packages.props above a project); undefined for files not scanned. `notes` name
 * watched libraries whose version the file does not tell (not judged, not a reading problem).
 */
export function extractDependencyFacts(file: string, kind: DependencyFileKind, text: string, readFile?: (path: string) => string | undefined): { facts: FileFacts; diagnostics: string[]; notes: string[] } {
  const collector = new Collector(file, text);
  const diagnostics: string[] = [];
  if (isNpmKind(kind) && mentionsWatchedPackage(text)) {
    switch (kind) {
      case 'manifest':
        readManifest(collector, parseJsonTree(collector, diagnostics));
        break;
      case 'npm-lockfile':
        readNpmLockfile(collector, diagnostics);
        break;
      case 'yarn-lockfile':
        readYarnLockfile(collector);
        break;
      case 'pnpm-lockfile':
        readPnpmLockfile(collector);
        break;
    }
  }
  // Python and Go dependency files: their own readers (dependencies-python.ts, dependencies-go.ts).
  if (kind === 'go-mod' && mentionsGoJwtModule(text)) collector.dependencies.push(...extractGoDependencies(file, text));
  else if (isPythonKind(kind) && mentionsPythonJwtLibrary(text)) {
    const python = extractPythonDependencies(file, kind, text);
    collector.dependencies.push(...python.dependencies);
    diagnostics.push(...python.diagnostics);
  }
  const notes: string[] = [];
  const other = readJvmOrNuGet(file, kind, text, readFile);
  if (other) {
    collector.dependencies.push(...other.dependencies);
    diagnostics.push(...other.diagnostics);
    notes.push(...other.notes);
  }
  const facts: FileFacts = {
    ...emptyFacts(file),
    dependencies: collector.dependencies.sort((a, b) => a.loc.line - b.loc.line || a.loc.column - b.loc.column),
  };
  return { facts, diagnostics, notes };
}

// Maven and Gradle JWT libraries (for `vulnerable-library`). Only artifacts with a Maven row in
// the advisory table are recorded, named `groupId:artifactId`.
//
// pom.xml (read with parse-xml.ts): `<dependencies>` and `<dependencyManagement>` entries, at
// the project level and in `<profiles>`. A `${property}` version is resolved from the pom's
// `<properties>`, then from its parents within the scanned tree (`<parent><relativePath>`,
// by default ../pom.xml, taken only when its coordinates match the `<parent>` element), and
// `${project.version}` / `${project.parent.version}`. An entry is reported on its own
// `<version>` line, also when the value comes from a property: the finding belongs to the
// module that declares the dependency (a shared property is fixed once, but each artifact
// that uses it is a place the version lands). An entry without `<version>` takes it from a
// `<dependencyManagement>` entry, which is reported where it stands when it is in this pom or
// an in-tree parent; when the version comes from a BOM or a parent outside the tree, or a
// property cannot be resolved, the reader says so in a diagnostic and does not guess.
// `<scope>test</scope>` entries are not recorded: test classpaths are not shipped.
//
// build.gradle / build.gradle.kts are Groovy and Kotlin programs. No Groovy grammar on npm is
// worth bundling, so they are read with a small tokenizer (comments, strings, identifiers,
// punctuation) that recognises only these literal forms, in any configuration whose name is
// not a test one (`testImplementation`, `androidTestApi`, ...):
//   implementation 'g:a:v'   implementation("g:a:v")   api "g:a:$v"   compile "g:a:${v}"
//   implementation group: 'g', name: 'a', version: 'v'   implementation(group = "g", name = "a", version = "v")
// and variables that are plainly a string literal in the same file (`def v = '1'`,
// `val v = "1"`, `ext.v = '1'`, `v = '1'` in `ext { }`), else a `gradle.properties` entry of
// that name in the build file's folder or the nearest folder above it that has one (Gradle
// project properties). Anything else (method calls, `libs.versions.x.get()`) is an unknown
// version, said so.
// Version catalogs (gradle/libs.versions.toml): `[libraries]` entries as `"g:a:v"`,
// `{ module = "g:a", version = "v" }`, `{ group, name, version }` and `version.ref` into
// `[versions]` (a rich version `{ strictly | require | prefer }` by its first present field).
// A catalog entry is reported on its own line in the catalog; `libs.x.y` uses in build files
// are not matched to it.
//
// Maven versions are compared as semver: `4.39` → 4.39.0, a fourth numeric part is dropped,
// `-alpha`/`-beta`/`-milestone`/`-rc`/`-cr`/`-SNAPSHOT` (and `a1`, `b2`, `m3`) are pre-releases,
// other qualifiers (`.Final`, `.RELEASE`, `-jdk8`) count as the release. A Maven range
// (`[4.0,5.0)`, `[9.37,)`) stands for the lowest version it allows; a range without a lower
// bound (`(,4.39)`) names none and is not judged.
import { advisoryPackages } from '../facts/jwt-advisories.js';
import type { DependencyUse } from '../facts/model.js';
import { LineIndex } from '../parse/line-index.js';
import { childElement, childElements, childText, type XmlElement, parseXml } from './parse-xml.js';
import { parseProperties } from './parse-properties.js';
import { readTomlDocument, tomlAt, tomlString, tomlTable, type TomlString, type TomlValue } from './toml-document.js';

const WATCHED = advisoryPackages('maven');
const WATCHED_ARTIFACTS = [...WATCHED].map((name) => name.slice(name.indexOf(':') + 1));

/** A cheap test before reading: the file names a watched artifact. */
export function mentionsJvmJwtLibrary(text: string): boolean {
  return WATCHED_ARTIFACTS.some((artifact) => text.includes(artifact));
}

export interface JvmDependencies {
  dependencies: DependencyUse[];
  /** Problems reading the file. */
  diagnostics: string[];
  /** Watched packages whose version could not be told (a BOM, an external parent, an unknown variable): not judged. */
  notes: string[];
}

// ---- versions -------------------------------------------------------------------------

const PRERELEASE_QUALIFIERS = new Set(['alpha', 'a', 'beta', 'b', 'milestone', 'm', 'rc', 'cr', 'snapshot', 'preview', 'pre', 'ea']);

function isDigits(text: string): boolean {
  if (text === '') return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** `4.39` → `4.39.0`, `1.0-rc1` → `1.0.0-rc1`, `5.2.0.RELEASE` → `5.2.0`; undefined for what is no version. */
export function mavenVersionToSemver(version: string): string | undefined {
  const text = version.trim();
  let end = 0;
  const numbers: string[] = [];
  // Leading numeric parts, separated by dots.
  while (numbers.length < 4) {
    let stop = end;
    while (stop < text.length && isDigits(text[stop]!)) stop++;
    if (stop === end) break;
    numbers.push(text.slice(end, stop));
    end = stop;
    if (text[end] === '.' && isDigits(text[end + 1] ?? '')) end++;
    else break;
  }
  if (numbers.length === 0 || numbers.some((n) => n.length > 9)) return undefined;
  const [major, minor = '0', patch = '0'] = numbers.map((n) => String(Number(n)));
  const base = `${major}.${minor}.${patch}`;
  let rest = text.slice(end);
  if (rest === '') return base;
  if (rest[0] === '.' || rest[0] === '-' || rest[0] === '_') rest = rest.slice(1);
  if (rest === '' || !/^[0-9A-Za-z.+_-]+$/.test(rest)) return rest === '' ? base : undefined;
  // `rc1`, `RC.2`, `beta-3`, `M1`: a known pre-release word, then digits.
  let word = 0;
  while (word < rest.length && /[A-Za-z]/.test(rest[word]!)) word++;
  const qualifier = rest.slice(0, word).toLowerCase();
  if (!PRERELEASE_QUALIFIERS.has(qualifier)) return base;
  const tail = rest.slice(word).replace(/^[.-]/, '');
  const identifiers = [qualifier, ...tail.split(/[._-]/).filter((p) => p !== '')].map((p) => (isDigits(p) ? String(Number(p)) : p.replace(/[^0-9A-Za-z-]/g, '')));
  return `${base}-${identifiers.filter((p) => p !== '').join('.')}`;
}

/**
 * A Maven version or range as an npm-semver version or range: `1.2` → `1.2.0`,
 * `[1.0,2.0)` → `>=1.0.0 <2.0.0`, `(1.0,)` → `>1.0.0`, `[1.5]` → `1.5.0`; for several sets
 * (`[1.0,1.2),[1.5,)`) the first one, which holds the lowest versions. Undefined when no lower
 * bound is named (`(,2.0]`) or the text is no version.
 */
export function mavenSpecToSemver(spec: string): string | undefined {
  const text = spec.trim();
  if (text === '') return undefined;
  const open = text[0]!;
  // Gradle also writes an exclusive bound with the bracket turned outwards: `]1.0,2.0[`.
  if (open !== '[' && open !== '(' && open !== ']') return mavenVersionToSemver(text);
  const comma = text.indexOf(',');
  if (comma < 0) return open === '[' && text.endsWith(']') ? mavenVersionToSemver(text.slice(1, -1)) : undefined;
  let close = comma + 1;
  while (close < text.length && !')]['.includes(text[close]!)) close++;
  const low = text.slice(1, comma).trim();
  const high = text.slice(comma + 1, close).trim();
  if (low === '') return undefined;
  const lower = mavenVersionToSemver(low);
  if (lower === undefined) return undefined;
  const parts = [`${open === '[' ? '>=' : '>'}${lower}`];
  const upper = high === '' ? undefined : mavenVersionToSemver(high);
  if (upper !== undefined) parts.push(`${text[close] === ']' ? '<=' : '<'}${upper}`);
  return parts.join(' ');
}

function record(file: string, name: string, spec: string, line: number, column: number, length: number): DependencyUse {
  const semver = mavenSpecToSemver(spec);
  return {
    name,
    spec,
    source: 'manifest',
    ecosystem: 'maven',
    ...(semver !== undefined && { semver }),
    loc: { file, line, column, endLine: line, endColumn: column + length },
  };
}

// ---- pom.xml ----------------------------------------------------------------------------

interface Pom {
  file: string;
  root: XmlElement | null;
  lines: LineIndex;
}

/** How many in-tree parents are followed; real hierarchies are a few levels deep. */
const MAX_PARENT_DEPTH = 16;
/** How many times a property value may refer to another property. */
const MAX_PROPERTY_EXPANSION = 16;

function folderOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

/** `a/b` + `../c/pom.xml` → `a/c/pom.xml`; null when it climbs above the scanned root. */
function joinPath(folder: string, relative: string): string | null {
  const parts = folder === '' ? [] : folder.split('/');
  for (const part of relative.replace(/\\/g, '/').split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) return null;
      parts.pop();
    } else parts.push(part);
  }
  return parts.join('/');
}

/** The in-tree parent of a pom: the file its `<parent>` names (relativePath, default ../pom.xml), if it is that artifact. */
function parentPom(pom: Pom, readFile: ((path: string) => string | undefined) | undefined): Pom | null {
  const parent = childElement(pom.root, 'parent');
  if (!parent || !readFile) return null;
  const relativeElement = childElement(parent, 'relativePath');
  // An empty <relativePath/> tells Maven to look the parent up in repositories only.
  let relative = relativeElement ? relativeElement.text.trim() : '../pom.xml';
  if (relative === '') return null;
  if (!relative.endsWith('.xml')) {
    while (relative.endsWith('/')) relative = relative.slice(0, -1);
    relative = `${relative}/pom.xml`;
  }
  const path = joinPath(folderOf(pom.file), relative);
  if (path === null || path === pom.file) return null;
  const text = readFile(path);
  if (text === undefined) return null;
  const { root } = parseXml(text);
  const wanted = childText(parent, 'artifactId');
  if (!root || (wanted !== undefined && childText(root, 'artifactId') !== wanted)) return null;
  const group = childText(parent, 'groupId');
  const theirGroup = childText(root, 'groupId') ?? childText(childElement(root, 'parent'), 'groupId');
  if (group !== undefined && theirGroup !== undefined && group !== theirGroup) return null;
  return { file: path, root, lines: new LineIndex(text) };
}

/** The pom and its in-tree parents, nearest first. */
function lineage(pom: Pom, readFile: ((path: string) => string | undefined) | undefined): Pom[] {
  const chain = [pom];
  const seen = new Set([pom.file]);
  for (let current: Pom | null = pom; chain.length <= MAX_PARENT_DEPTH; ) {
    current = parentPom(current, readFile);
    if (!current || seen.has(current.file)) break;
    seen.add(current.file);
    chain.push(current);
  }
  return chain;
}

function ownProperty(pom: Pom, name: string): string | undefined {
  if (name === 'project.version' || name === 'pom.version' || name === 'version') return childText(pom.root, 'version') ?? childText(childElement(pom.root, 'parent'), 'version');
  if (name === 'project.parent.version' || name === 'parent.version') return childText(childElement(pom.root, 'parent'), 'version');
  const properties = childElements(pom.root, 'properties');
  for (const block of properties) {
    const value = childText(block, name);
    if (value !== undefined) return value;
  }
  return undefined;
}

/** `${a}` and `pre-${a}-post` with each property looked up along the lineage; undefined when one is unknown. */
function resolveProperties(value: string, chain: Pom[]): string | undefined {
  let text = value;
  for (let round = 0; round < MAX_PROPERTY_EXPANSION && text.includes('${'); round++) {
    const start = text.indexOf('${');
    const end = text.indexOf('}', start);
    if (end < 0) return undefined;
    const name = text.slice(start + 2, end).trim();
    let found: string | undefined;
    for (const pom of chain) {
      found = ownProperty(pom, name);
      if (found !== undefined) break;
    }
    if (found === undefined) return undefined;
    text = text.slice(0, start) + found + text.slice(end + 1);
  }
  return text.includes('${') ? undefined : text;
}

/** `<dependency>` elements of a `<dependencies>` block under `owner` (project, profile or dependencyManagement). */
function dependencyEntries(owner: XmlElement | undefined): XmlElement[] {
  return childElements(childElement(owner, 'dependencies'), 'dependency');
}

function managedEntries(pom: Pom): XmlElement[] {
  const owners = [pom.root, ...childElements(childElement(pom.root, 'profiles'), 'profile')];
  return owners.flatMap((owner) => dependencyEntries(childElement(owner ?? undefined, 'dependencyManagement')));
}

function directEntries(pom: Pom): XmlElement[] {
  const owners = [pom.root, ...childElements(childElement(pom.root, 'profiles'), 'profile')];
  return owners.flatMap((owner) => dependencyEntries(owner ?? undefined));
}

function coordinates(entry: XmlElement, chain: Pom[]): string | undefined {
  const group = childText(entry, 'groupId');
  const artifact = childText(entry, 'artifactId');
  if (group === undefined || artifact === undefined) return undefined;
  const name = `${resolveProperties(group, chain) ?? group}:${resolveProperties(artifact, chain) ?? artifact}`;
  return WATCHED.has(name) ? name : undefined;
}

/** Where a version comes from when neither this pom nor an in-tree parent manages it. */
function outsideSource(chain: Pom[]): string {
  const top = chain[chain.length - 1]!;
  const parent = childElement(top.root, 'parent');
  const imports = chain.flatMap((pom) => managedEntries(pom)).filter((e) => childText(e, 'scope') === 'import');
  const names: string[] = [];
  if (parent) names.push(`the parent ${childText(parent, 'groupId') ?? '?'}:${childText(parent, 'artifactId') ?? '?'}`);
  for (const bom of imports) names.push(`the BOM ${childText(bom, 'groupId') ?? '?'}:${childText(bom, 'artifactId') ?? '?'}`);
  return names.length > 0 ? names.join(' or ') : 'outside this pom';
}

/** The watched artifacts a pom.xml declares or manages, each on its `<version>` line; unknown versions as diagnostics. */
export function extractPomDependencies(file: string, text: string, readFile?: (path: string) => string | undefined): JvmDependencies {
  const diagnostics: string[] = [];
  const notes: string[] = [];
  const { root, error } = parseXml(text);
  if (error) diagnostics.push(`${file}:${error.line}:${error.column}: XML: ${error.message} (dependencies read as far as the file could be parsed)`);
  const pom: Pom = { file, root, lines: new LineIndex(text) };
  if (!root) return { dependencies: [], diagnostics, notes };
  let chain: Pom[] | undefined;
  const lineageOf = () => (chain ??= lineage(pom, readFile));
  const dependencies: DependencyUse[] = [];
  const seen = new Set<XmlElement>();
  const consider = (entry: XmlElement, managed: boolean) => {
    if (seen.has(entry) || childText(entry, 'scope') === 'test') return;
    seen.add(entry);
    const name = coordinates(entry, lineageOf());
    if (!name) return;
    const versionElement = childElement(entry, 'version');
    if (!versionElement) {
      if (managed) return;
      // Managed here or in an in-tree parent: that entry is the one reported.
      const managers = lineageOf().flatMap((p) => managedEntries(p));
      if (managers.some((m) => coordinates(m, lineageOf()) === name && childElement(m, 'version'))) return;
      notes.push(`${file}:${entry.line}: the version of ${name} comes from ${outsideSource(lineageOf())}, which is not in the scanned files; it was not judged`);
      return;
    }
    const written = versionElement.text.trim();
    const resolved = resolveProperties(written, lineageOf());
    if (resolved === undefined || resolved === '') {
      notes.push(`${file}:${versionElement.textLine}: the version of ${name} (${written}) names a property that is not set in this pom or an in-tree parent; it was not judged`);
      return;
    }
    const line = versionElement.textLine;
    const lineText = pom.lines.lineText(line);
    const at = lineText.indexOf(written);
    const column = at >= 0 ? at + 1 : 1;
    dependencies.push(record(file, name, resolved, line, column, at >= 0 ? written.length : lineText.length));
  };
  for (const entry of managedEntries(pom)) consider(entry, true);
  for (const entry of directEntries(pom)) consider(entry, false);
  return { dependencies, diagnostics, notes };
}

// ---- Gradle build files -----------------------------------------------------------------

interface Token {
  kind: 'ident' | 'string' | 'punct' | 'other';
  text: string;
  /** Strings: the value between the quotes; `interpolated` when it holds `$`. */
  value?: string;
  interpolated?: boolean;
  line: number;
  column: number;
  length: number;
}

function isIdentStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
}

function isIdentPart(c: string): boolean {
  return isIdentStart(c) || (c >= '0' && c <= '9');
}

/**
 * Tokens of a Groovy or Kotlin build script: identifiers, string literals (single, double,
 * triple-quoted; escapes kept as written), single punctuation characters; comments and
 * whitespace dropped. Not a parser: only what the dependency forms above need.
 */
function tokenizeBuildScript(text: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let lineStart = 0;
  let i = 0;
  const newlineAt = (j: number) => {
    line++;
    lineStart = j + 1;
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\n') {
      newlineAt(i);
      i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f') {
      i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      i += 2;
      while (i < text.length && !(text[i] === '*' && text[i + 1] === '/')) {
        if (text[i] === '\n') newlineAt(i);
        i++;
      }
      i += 2;
      continue;
    }
    const startLine = line;
    const startColumn = i - lineStart + 1;
    if (c === '"' || c === "'") {
      const triple = text.startsWith(c.repeat(3), i);
      const quote = triple ? c.repeat(3) : c;
      let j = i + quote.length;
      while (j < text.length && !text.startsWith(quote, j)) {
        if (text[j] === '\\') j++;
        else if (text[j] === '\n') {
          if (!triple) break; // an unterminated single-line string ends at the line
          newlineAt(j);
        }
        j++;
      }
      const value = text.slice(i + quote.length, Math.min(j, text.length));
      const end = Math.min(j + (text.startsWith(quote, j) ? quote.length : 0), text.length);
      tokens.push({ kind: 'string', text: text.slice(i, end), value, interpolated: c === '"' && value.includes('$'), line: startLine, column: startColumn, length: end - i });
      i = end;
      continue;
    }
    if (isIdentStart(c)) {
      let j = i + 1;
      while (j < text.length && isIdentPart(text[j]!)) j++;
      tokens.push({ kind: 'ident', text: text.slice(i, j), line: startLine, column: startColumn, length: j - i });
      i = j;
      continue;
    }
    if ('()[]{}:=,.'.includes(c)) tokens.push({ kind: 'punct', text: c, line: startLine, column: startColumn, length: 1 });
    else tokens.push({ kind: 'other', text: c, line: startLine, column: startColumn, length: 1 });
    i++;
  }
  return tokens;
}

const CONFIGURATIONS = new Set(['implementation', 'api', 'compile', 'runtime', 'compileOnly', 'runtimeOnly', 'compileOnlyApi', 'kapt', 'ksp', 'annotationProcessor', 'shadow', 'bundle', 'embed', 'include']);
const CONFIGURATION_SUFFIXES = ['Implementation', 'Api', 'Compile', 'Runtime', 'CompileOnly', 'RuntimeOnly'];

/** A configuration a dependency is added to; test configurations are not shipped and do not count. */
function isShippedConfiguration(name: string): boolean {
  if (/test/i.test(name)) return false;
  return CONFIGURATIONS.has(name) || CONFIGURATION_SUFFIXES.some((suffix) => name.endsWith(suffix) && name.length > suffix.length && /^[a-z]/.test(name));
}

/** String variables assigned a plain literal exactly once (`def v = '1'`, `val v = "1"`, `ext.v = '1'`, `v = '1'`). */
function stringVariables(tokens: Token[]): Map<string, string | null> {
  const variables = new Map<string, string | null>();
  for (let i = 0; i + 2 < tokens.length; i++) {
    const [name, eq, value] = [tokens[i]!, tokens[i + 1]!, tokens[i + 2]!];
    if (name.kind !== 'ident' || eq.text !== '=' || value.kind !== 'string' || value.interpolated) continue;
    // `a.b = 'x'` counts only as `ext.b`/`extra.b`; `x == 'y'` is no assignment.
    const before = tokens[i - 1];
    if (before?.text === '.' && !['ext', 'extra'].includes(tokens[i - 2]?.text ?? '')) continue;
    if (before?.text === '=' || before?.text === '!' || tokens[i + 3]?.text === '+' || tokens[i + 3]?.text === '.') continue;
    const previous = variables.get(name.text);
    variables.set(name.text, previous === undefined || previous === value.value ? value.value! : null);
  }
  return variables;
}

/** `$v`, `${v}` and `${ext.v}` in a string, each replaced by its literal variable; undefined when one is not known. */
function interpolate(value: string, variables: Map<string, string | null>): string | undefined {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === '\\' && i + 1 < value.length) {
      out += value[++i];
      continue;
    }
    if (c !== '$') {
      out += c;
      continue;
    }
    let name: string;
    if (value[i + 1] === '{') {
      const close = value.indexOf('}', i);
      if (close < 0) return undefined;
      name = value.slice(i + 2, close).trim().replace(/^(?:project\.)?(?:ext|extra|rootProject\.ext)\./, '');
      i = close;
    } else {
      let j = i + 1;
      while (j < value.length && isIdentPart(value[j]!)) j++;
      name = value.slice(i + 1, j);
      i = j - 1;
    }
    const found = variables.get(name);
    if (found === undefined || found === null) return undefined;
    out += found;
  }
  return out;
}

/** `gradle.properties` of the build file's folder, or of the nearest folder above it that has one. */
function gradleProperties(file: string, readFile: ((path: string) => string | undefined) | undefined): Map<string, string> {
  const properties = new Map<string, string>();
  if (!readFile) return properties;
  for (let folder = folderOf(file); ; folder = folderOf(folder)) {
    const path = folder === '' ? 'gradle.properties' : `${folder}/gradle.properties`;
    const text = readFile(path);
    if (text !== undefined) {
      for (const entry of parseProperties(path, text).entries) properties.set(entry.path.join('.'), entry.value);
      return properties;
    }
    if (folder === '') return properties;
  }
}

/** The watched artifacts a build.gradle(.kts) adds to shipped configurations; unknown versions as notes. */
export function extractGradleDependencies(file: string, text: string, readFile?: (path: string) => string | undefined): JvmDependencies {
  const tokens = tokenizeBuildScript(text);
  const variables = stringVariables(tokens);
  // Project properties fill in what the script does not assign itself.
  for (const [name, value] of gradleProperties(file, readFile)) if (!variables.has(name)) variables.set(name, value);
  const dependencies: DependencyUse[] = [];
  const diagnostics: string[] = [];
  const notes: string[] = [];
  const add = (name: string, version: string | undefined, written: string, at: Token) => {
    if (!WATCHED.has(name)) return;
    if (version === undefined || version === '') {
      notes.push(`${file}:${at.line}: the version of ${name} (${written || 'none written'}) is not a literal in this file; it was not judged`);
      return;
    }
    dependencies.push(record(file, name, version, at.line, at.column, at.length));
  };
  for (let i = 0; i < tokens.length; i++) {
    const config = tokens[i]!;
    if (config.kind !== 'ident' || !isShippedConfiguration(config.text)) continue;
    if (tokens[i - 1]?.text === '.') continue; // `configurations.implementation`, not a call
    let j = i + 1;
    if (tokens[j]?.text === '(') j++;
    const first = tokens[j];
    if (!first) continue;
    // String notation: 'group:artifact:version[:classifier][@ext]'.
    if (first.kind === 'string' && tokens[j + 1]?.text !== ':') {
      const notation = first.interpolated ? interpolate(first.value!, variables) : first.value!;
      const parts = (notation ?? first.value!).split('@')[0]!.split(':');
      if (parts.length < 2) continue;
      const name = `${parts[0]}:${parts[1]}`;
      const written = first.value!.split(':').slice(2).join(':');
      add(name, notation === undefined ? undefined : parts[2], written, first);
      continue;
    }
    // Map notation: group: 'g', name: 'a', version: 'v' (Groovy) / group = "g", ... (Kotlin).
    const fields = new Map<string, Token>();
    for (let k = j; k + 2 < tokens.length; k += 4) {
      const key = tokens[k]!;
      const sep = tokens[k + 1]!;
      const value = tokens[k + 2]!;
      if (key.kind !== 'ident' || (sep.text !== ':' && sep.text !== '=') || (value.kind !== 'string' && value.kind !== 'ident')) break;
      fields.set(key.text, value);
      if (tokens[k + 3]?.text !== ',') break;
    }
    const group = fields.get('group');
    const artifact = fields.get('name');
    if (group?.kind !== 'string' || artifact?.kind !== 'string') continue;
    const version = fields.get('version');
    let resolved: string | undefined;
    if (version?.kind === 'string') resolved = version.interpolated ? interpolate(version.value!, variables) : version.value;
    else if (version?.kind === 'ident') resolved = variables.get(version.text) ?? undefined;
    add(`${group.value}:${artifact.value}`, resolved, version?.value ?? version?.text ?? '', version ?? artifact);
  }
  return { dependencies, diagnostics, notes };
}

// ---- Gradle version catalogs ------------------------------------------------------------

/** A catalog version: a string, or a rich version table by its first present field. */
function catalogVersion(value: TomlValue | undefined): TomlString | undefined {
  const plain = tomlString(value);
  if (plain) return plain;
  const table = tomlTable(value);
  // `strictly` and `require` bound the versions Gradle may pick from below; `prefer` only breaks ties.
  for (const key of ['strictly', 'require', 'prefer']) {
    const found = tomlString(tomlAt(table, key));
    if (found) return found;
  }
  return undefined;
}

/** The watched artifacts a gradle/libs.versions.toml catalog lists, each on its `[libraries]` line. */
export function extractVersionCatalogDependencies(file: string, text: string): JvmDependencies {
  const document = readTomlDocument(text);
  const lines = new LineIndex(text);
  const dependencies: DependencyUse[] = [];
  const diagnostics: string[] = [];
  const notes: string[] = [];
  if (document.error) {
    const { line, column } = lines.position(document.error.offset);
    diagnostics.push(`${file}:${line}:${column}: TOML: ${document.error.message} (dependencies read as far as the file could be parsed)`);
  }
  const versions = tomlTable(tomlAt(document.root, 'versions'));
  const libraries = tomlTable(tomlAt(document.root, 'libraries'));
  for (const [alias, entry] of libraries?.entries ?? []) {
    let name: string | undefined;
    let version: TomlString | undefined;
    let written = '';
    const plain = tomlString(entry);
    if (plain) {
      const parts = plain.value.split(':');
      if (parts.length < 2) continue;
      name = `${parts[0]}:${parts[1]}`;
      if (parts[2] !== undefined) version = { ...plain, value: parts[2] };
    } else {
      const table = tomlTable(entry);
      const module = tomlString(tomlAt(table, 'module'))?.value;
      const group = tomlString(tomlAt(table, 'group'))?.value;
      const artifact = tomlString(tomlAt(table, 'name'))?.value;
      name = module ?? (group !== undefined && artifact !== undefined ? `${group}:${artifact}` : undefined);
      const ref = tomlString(tomlAt(table, 'version', 'ref')) ?? tomlString(tomlAt(table, 'version.ref'));
      if (ref) {
        written = `version.ref = "${ref.value}"`;
        version = catalogVersion(tomlAt(versions, ref.value));
      } else version = catalogVersion(tomlAt(table, 'version'));
      if (!version && ref === undefined && !tomlAt(table, 'version')) written = 'none';
    }
    if (!name || !WATCHED.has(name)) continue;
    // The library's own line: where the entry stands in [libraries].
    const at = tomlString(entry) ?? tomlString(tomlAt(tomlTable(entry), 'module')) ?? tomlString(tomlAt(tomlTable(entry), 'group'));
    const { line, column } = lines.position(at?.start ?? 0);
    if (!version || version.value === '') {
      notes.push(`${file}:${line}: the version of ${name} (alias ${alias}, ${written || 'unknown'}) is not set in this catalog; it was not judged`);
      continue;
    }
    dependencies.push(record(file, name, version.value, line, column, (at?.end ?? 0) - (at?.start ?? 0)));
  }
  return { dependencies, diagnostics, notes };
}

// NuGet JWT packages (for `vulnerable-library`). Only packages with a NuGet row in the advisory
// table are recorded, under the id the table spells; ids match case-insensitively, as NuGet's do.
//
// - *.csproj / *.fsproj / *.vbproj, Directory.Build.props, Directory.Packages.props (MSBuild,
//   read with parse-xml.ts; element and attribute names case-insensitive as in MSBuild):
//   `<PackageReference Include|Update="X" Version="v"/>` or a child `<Version>`; a
//   `VersionOverride` (attribute or child) wins over both. Central package management:
//   `<PackageVersion Include="X" Version="v"/>` in Directory.Packages.props is reported there;
//   a `PackageReference` without a version takes it from the nearest Directory.Packages.props
//   above the project, and is not reported itself (the PackageVersion is). When no such file in
//   the scanned tree sets the package, the reader says so in a diagnostic. `$(Property)`
//   versions are resolved from the same file's `<PropertyGroup>`s, then from the nearest
//   Directory.Build.props above it (which MSBuild imports first); other properties are said
//   to be unknown, not guessed. `Condition` attributes are not evaluated: every entry counts.
// - packages.config: `<package id="X" version="v"/>`, an exact version.
// - packages.lock.json: each target framework's `resolved` version, Direct and Transitive, as a
//   lockfile entry on the `resolved` line.
//
// Versions: a plain version (`6.1.0`) is NuGet's minimum, and restore picks the lowest
// applicable version, so it is judged as that exact version. A range (`[6.0,7.0)`, `(6.0,)`)
// stands for the lowest version it allows; one without a lower bound (`(,7.0)`), and floating
// versions (`6.*`, which restore resolves to the newest match), are not judged. Four-part
// versions drop the fourth part; `-preview`/`-rc` suffixes are semver pre-releases.
import { visit } from 'jsonc-parser';
import { advisoryPackages } from '../facts/jwt-advisories.js';
import type { DependencyUse, SourceLocation } from '../facts/model.js';
import { LineIndex } from '../parse/line-index.js';
import { MAX_JSON_NESTING, jsonNestingEstimate } from './parse-json.js';
import { attribute, childElement, childElements, descendants, localName, parseXml, type XmlAttribute, type XmlElement } from './parse-xml.js';

/** Watched packages by lower-cased id → the id the advisory table spells. */
const WATCHED = new Map([...advisoryPackages('nuget')].map((name) => [name.toLowerCase(), name]));

/** A cheap test before reading: the file names a watched package (ids are case-insensitive). */
export function mentionsNuGetJwtPackage(text: string): boolean {
  const lower = text.toLowerCase();
  for (const id of WATCHED.keys()) if (lower.includes(id)) return true;
  return false;
}

export interface NuGetDependencies {
  dependencies: DependencyUse[];
  /** Problems reading the file. */
  diagnostics: string[];
  /** Watched packages whose version could not be told (a BOM, an external parent, an unknown variable): not judged. */
  notes: string[];
}

/** `6.34` → `6.34.0`, `6.34.0.1` → `6.34.0`, `7.0.0-preview4` → `7.0.0-preview4`; undefined for no version. */
export function nugetVersionToSemver(version: string): string | undefined {
  const m = /^\s*v?(\d{1,9})(?:\.(\d{1,9}))?(?:\.(\d{1,9}))?(?:\.\d{1,9})?(-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?\s*$/.exec(version);
  if (!m) return undefined;
  const pre = m[4] ? `-${m[4].slice(1).split('.').filter((p) => p !== '').map((p) => (/^\d+$/.test(p) ? String(Number(p)) : p)).join('.')}` : '';
  return `${Number(m[1])}.${Number(m[2] ?? 0)}.${Number(m[3] ?? 0)}${pre}`;
}

/** A NuGet version or range as npm-semver: `6.1.0` → `6.1.0`, `[6.0,7.0)` → `>=6.0.0 <7.0.0`; undefined for no lower bound or a floating version. */
export function nugetSpecToSemver(spec: string): string | undefined {
  const text = spec.trim();
  if (text === '' || text.includes('*')) return undefined;
  const open = text[0];
  const close = text[text.length - 1];
  if (open !== '[' && open !== '(') return nugetVersionToSemver(text);
  if (close !== ']' && close !== ')') return undefined;
  const inner = text.slice(1, -1);
  const comma = inner.indexOf(',');
  if (comma < 0) return open === '[' && close === ']' ? nugetVersionToSemver(inner) : undefined;
  const low = inner.slice(0, comma).trim();
  const high = inner.slice(comma + 1).trim();
  if (low === '') return undefined;
  const lower = nugetVersionToSemver(low);
  if (lower === undefined) return undefined;
  const parts = [`${open === '[' ? '>=' : '>'}${lower}`];
  const upper = high === '' ? undefined : nugetVersionToSemver(high);
  if (upper !== undefined) parts.push(`${close === ']' ? '<=' : '<'}${upper}`);
  return parts.join(' ');
}

/** Where a value stands on its line: the line's first occurrence of the text as written. */
function locate(file: string, lines: LineIndex, line: number, written: string): SourceLocation {
  const text = lines.lineText(line);
  const at = written === '' ? -1 : text.indexOf(written);
  return at >= 0 ? { file, line, column: at + 1, endLine: line, endColumn: at + 1 + written.length } : { file, line, column: 1, endLine: line, endColumn: text.length + 1 };
}

function record(name: string, spec: string, source: DependencyUse['source'], loc: SourceLocation): DependencyUse {
  const semver = nugetSpecToSemver(spec);
  return { name, spec, source, ecosystem: 'nuget', ...(semver !== undefined && { semver }), loc };
}

/** A version given as an attribute or a child element (case-insensitive names), with the line of its value. */
function versionField(element: XmlElement, name: string): { value: string; line: number } | undefined {
  const attr: XmlAttribute | undefined = attribute(element, name, true);
  if (attr) return { value: attr.value.trim(), line: attr.line };
  const child = childElement(element, name, true);
  return child ? { value: child.text.trim(), line: child.textLine } : undefined;
}

/** `$(Name)` properties set in the file's `<PropertyGroup>`s (the last assignment wins, as in MSBuild's evaluation order). */
function msbuildProperties(root: XmlElement | null): Map<string, string> {
  const properties = new Map<string, string>();
  for (const group of childElements(root, 'PropertyGroup', true)) {
    for (const property of group.children) properties.set(localName(property.name).toLowerCase(), property.text.trim());
  }
  return properties;
}

function expandProperties(value: string, properties: Map<string, string>): string | undefined {
  let text = value;
  for (let round = 0; round < 16 && text.includes('$('); round++) {
    const start = text.indexOf('$(');
    const end = text.indexOf(')', start);
    if (end < 0) return undefined;
    const found = properties.get(text.slice(start + 2, end).trim().toLowerCase());
    if (found === undefined) return undefined;
    text = text.slice(0, start) + found + text.slice(end + 1);
  }
  return text.includes('$(') ? undefined : text;
}

function folderOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

/** The text of the nearest file of this name in the folders above `file` (its own folder first), not `file` itself. */
function nearestAbove(file: string, name: string, readFile: ((path: string) => string | undefined) | undefined): { path: string; text: string } | undefined {
  if (!readFile) return undefined;
  for (let folder = folderOf(file); ; folder = folderOf(folder)) {
    const path = folder === '' ? name : `${folder}/${name}`;
    const text = path === file ? undefined : readFile(path);
    if (text !== undefined) return { path, text };
    if (folder === '') return undefined;
  }
}

/** Whether the nearest Directory.Packages.props above a project sets a version for the package. */
function centrallyManaged(file: string, id: string, readFile: ((path: string) => string | undefined) | undefined): boolean {
  if (!readFile) return false;
  for (let folder = folderOf(file); ; folder = folderOf(folder)) {
    const path = folder === '' ? 'Directory.Packages.props' : `${folder}/Directory.Packages.props`;
    const text = path === file ? undefined : readFile(path);
    if (text !== undefined) {
      const { root } = parseXml(text);
      for (const element of descendants(root)) {
        if (localName(element.name).toLowerCase() !== 'packageversion') continue;
        const include = attribute(element, 'Include', true) ?? attribute(element, 'Update', true);
        if (include?.value.trim().toLowerCase() === id.toLowerCase()) return true;
      }
      // The nearest props file is the one MSBuild imports (unless it imports its parent: not followed).
      return false;
    }
    if (folder === '') return false;
  }
}

/** The watched packages an MSBuild project or props file references or versions centrally. */
export function extractMsBuildDependencies(file: string, text: string, readFile?: (path: string) => string | undefined): NuGetDependencies {
  const diagnostics: string[] = [];
  const notes: string[] = [];
  const { root, error } = parseXml(text);
  if (error) diagnostics.push(`${file}:${error.line}:${error.column}: XML: ${error.message} (package references read as far as the file could be parsed)`);
  const lines = new LineIndex(text);
  // Directory.Build.props is imported before the project's own properties, which override it.
  const imported = nearestAbove(file, 'Directory.Build.props', readFile);
  const properties = imported ? msbuildProperties(parseXml(imported.text).root) : new Map<string, string>();
  for (const [name, value] of msbuildProperties(root)) properties.set(name, value);
  const dependencies: DependencyUse[] = [];
  for (const element of descendants(root)) {
    const kind = localName(element.name).toLowerCase();
    if (kind !== 'packagereference' && kind !== 'packageversion' && kind !== 'globalpackagereference') continue;
    const include = attribute(element, 'Include', true) ?? attribute(element, 'Update', true);
    const name = include ? WATCHED.get(include.value.trim().toLowerCase()) : undefined;
    if (!name) continue;
    const version = versionField(element, 'VersionOverride') ?? versionField(element, 'Version');
    if (!version || version.value === '') {
      if (kind === 'packagereference' && !centrallyManaged(file, name, readFile)) {
        notes.push(`${file}:${element.line}: ${name} has no version here and no Directory.Packages.props in the scanned files sets one; it was not judged`);
      }
      continue;
    }
    const resolved = expandProperties(version.value, properties);
    if (resolved === undefined || resolved === '') {
      notes.push(`${file}:${version.line}: the version of ${name} (${version.value}) names an MSBuild property set neither in this file nor in Directory.Build.props; it was not judged`);
      continue;
    }
    dependencies.push(record(name, resolved, 'manifest', locate(file, lines, version.line, version.value)));
  }
  return { dependencies, diagnostics, notes };
}

/** The watched packages a packages.config pins. */
export function extractPackagesConfigDependencies(file: string, text: string): NuGetDependencies {
  const diagnostics: string[] = [];
  const notes: string[] = [];
  const { root, error } = parseXml(text);
  if (error) diagnostics.push(`${file}:${error.line}:${error.column}: XML: ${error.message} (packages read as far as the file could be parsed)`);
  const lines = new LineIndex(text);
  const dependencies: DependencyUse[] = [];
  for (const element of childElements(root, 'package', true)) {
    const id = attribute(element, 'id', true)?.value.trim().toLowerCase();
    const name = id ? WATCHED.get(id) : undefined;
    const version = attribute(element, 'version', true);
    if (!name || !version) continue;
    dependencies.push(record(name, version.value.trim(), 'manifest', locate(file, lines, version.line, version.value)));
  }
  return { dependencies, diagnostics, notes };
}

/** The watched packages a packages.lock.json resolves, one entry per target framework. */
export function extractNuGetLockDependencies(file: string, text: string): NuGetDependencies {
  const diagnostics: string[] = [];
  const notes: string[] = [];
  if (jsonNestingEstimate(text, MAX_JSON_NESTING) > MAX_JSON_NESTING) return { dependencies: [], diagnostics: [`${file}: JSON nests more than ${MAX_JSON_NESTING} levels deep; its packages were not read`], notes: [] };
  const lines = new LineIndex(text);
  const dependencies: DependencyUse[] = [];
  let firstError: number | undefined;
  visit(
    text,
    {
      onLiteralValue: (value: unknown, offset, length, _line, _column, pathSupplier) => {
        const path = pathSupplier();
        // dependencies.<framework>.<package>.resolved
        if (path.length !== 4 || path[0] !== 'dependencies' || path[3] !== 'resolved' || typeof value !== 'string') return;
        const name = WATCHED.get(String(path[2]).toLowerCase());
        if (!name) return;
        const from = lines.position(offset);
        const to = lines.position(offset + length);
        dependencies.push(record(name, value, 'lockfile', { file, line: from.line, column: from.column, endLine: to.line, endColumn: to.column }));
      },
      onError: (_error, offset) => {
        firstError ??= offset;
      },
    },
    { allowTrailingComma: true, disallowComments: false },
  );
  if (firstError !== undefined) {
    const { line, column } = lines.position(firstError);
    diagnostics.push(`${file}:${line}:${column}: JSON: malformed (packages read as far as the file could be parsed)`);
  }
  return { dependencies, diagnostics, notes };
}

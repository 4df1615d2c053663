// Python JWT libraries declared or pinned in dependency files (for `vulnerable-library` and
// the PyJWT rating of `unpinned-algorithm`). Only packages with a PyPI row in the advisory
// table are recorded (PEP 503 names: `pyjwt`, `python-jose`, `authlib`).
//
// - requirements*.txt / requirements/*.txt / constraints*.txt: one PEP 508 requirement a line
//   (`PyJWT==1.7.1`, `pyjwt[crypto]>=1.5,<2`, `python-jose[cryptography]~=3.2 ; python_version>"3"`);
//   `#` comments, `\` continuations, per-requirement options (`--hash=…`) are dropped; option
//   lines (`-r other.txt`, `-c`, `-e`, `--index-url`) are not followed; environment markers are
//   ignored (the requirement counts whatever the marker says); `name @ url` names no version.
// - pyproject.toml: PEP 621 `[project] dependencies` and `optional-dependencies`, PEP 735
//   `[dependency-groups]`, Poetry `[tool.poetry.dependencies]`, `dev-dependencies` and
//   `group.<name>.dependencies` (strings, `{ version = "…" }` tables, lists of them), PDM
//   `[tool.pdm.dev-dependencies]`, uv `[tool.uv] dev-dependencies`.
// - Pipfile: `[packages]`, `[dev-packages]` (strings or `{ version = "…" }`).
// - Pipfile.lock: JSON `default` / `develop` entries' `version` (`==1.7.1`).
// - poetry.lock, uv.lock: each `[[package]]`'s `name` and `version`.
//
// Versions are PEP 440. The advisory matcher is semver, so each constraint is translated
// (`semver` on the record): `==X` (and Poetry's bare `X`) is exact; `>=X`, `>X`, `~=X`, `^X`,
// `~X`, `==X.*` set a lower bound and the entry is judged by it; `<X`/`<=X` are kept as upper
// bounds but alone are not judged (no lowest version); `!=X` is ignored; `*` and URLs name no
// version. PEP 440 versions become semver ones order-preservingly for the comparisons made:
// `1.5` → 1.5.0, `2.4.0rc1` → 2.4.0-rc.1, `2.4.0.dev2` → 2.4.0-0.dev.2, post-releases and
// fourth components fall back to the release they follow (`1.5.0.post1` → 1.5.0), local
// labels are dropped, and a non-zero epoch (`1!2.0`) is not judged.
import { parseTree, type Node as JsonNode } from 'jsonc-parser';
import { advisoryPackages } from '../facts/jwt-advisories.js';
import type { DependencyUse, SourceLocation } from '../facts/model.js';
import { LineIndex } from '../parse/line-index.js';
import { diagnosticAt, spanLoc } from './location.js';
import { MAX_JSON_NESTING, jsonNestingEstimate } from './parse-json.js';
import { readTomlDocument, tomlAt, tomlString, tomlTable, type TomlTable, type TomlValue } from './toml-document.js';

export type PythonDependencyFileKind = 'pip-requirements' | 'pyproject' | 'pipfile' | 'pipfile-lock' | 'poetry-lock' | 'uv-lock';

const WATCHED = advisoryPackages('pypi');

/** PEP 503: lowercase, runs of `-`, `_` and `.` become one `-`. */
export function normalizePythonName(name: string): string {
  let out = '';
  let separator = false;
  for (const ch of name.toLowerCase()) {
    if (ch === '-' || ch === '_' || ch === '.') separator = true;
    else {
      if (separator && out !== '') out += '-';
      separator = false;
      out += ch;
    }
  }
  return out;
}

// ---- PEP 440 versions and specifiers → semver -----------------------------------------

interface Pep440 {
  /** The semver version standing for it. */
  semver: string;
  /** Release components as written (`1.5` → [1, 5]), for wildcard and compatible-release bounds. */
  release: number[];
}

const PRE_LABELS: Record<string, string> = { a: 'a', alpha: 'a', b: 'b', beta: 'b', c: 'rc', rc: 'rc', pre: 'rc', preview: 'rc' };

function digitsAt(s: string, i: number): number {
  let j = i;
  while (j < s.length && s.charCodeAt(j) >= 48 && s.charCodeAt(j) <= 57) j++;
  return j;
}

/** Skips one optional `-`, `_` or `.` separator. */
function separatorAt(s: string, i: number): number {
  return s[i] === '-' || s[i] === '_' || s[i] === '.' ? i + 1 : i;
}

/** A PEP 440 version as semver; null for what is not one (or has a non-zero epoch). */
export function pep440ToSemver(text: string): Pep440 | null {
  let s = text.trim().toLowerCase();
  if (s.length === 0 || s.length > 64) return null;
  if (s[0] === 'v') s = s.slice(1);
  const plus = s.indexOf('+');
  if (plus >= 0) s = s.slice(0, plus);
  const bang = s.indexOf('!');
  if (bang >= 0) {
    if (!/^0+$/.test(s.slice(0, bang))) return null;
    s = s.slice(bang + 1);
  }
  const release: number[] = [];
  let i = 0;
  for (;;) {
    const end = digitsAt(s, i);
    if (end === i) return null;
    release.push(Number(s.slice(i, end)));
    i = end;
    if (s[i] === '.' && digitsAt(s, i + 1) > i + 1) i++;
    else break;
  }
  let pre = '';
  let dev = '';
  // Pre-release: a1, b2, rc3, alpha, .pre1 …
  let j = separatorAt(s, i);
  for (const label of ['preview', 'alpha', 'beta', 'pre', 'rc', 'a', 'b', 'c']) {
    if (!s.startsWith(label, j)) continue;
    const at = separatorAt(s, j + label.length);
    const end = digitsAt(s, at);
    pre = `${PRE_LABELS[label]}.${end > at ? Number(s.slice(at, end)) : 0}`;
    i = end > at ? end : j + label.length;
    break;
  }
  // Post-release: .post1, -1, .r2 (ignored: it sorts between its release and the next).
  j = separatorAt(s, i);
  if (s[i] === '-' && digitsAt(s, i + 1) > i + 1) i = digitsAt(s, i + 1);
  else {
    for (const label of ['post', 'rev', 'r']) {
      if (!s.startsWith(label, j)) continue;
      const at = separatorAt(s, j + label.length);
      i = Math.max(digitsAt(s, at), j + label.length);
      break;
    }
  }
  j = separatorAt(s, i);
  if (s.startsWith('dev', j)) {
    const at = separatorAt(s, j + 3);
    const end = digitsAt(s, at);
    dev = `0.dev.${end > at ? Number(s.slice(at, end)) : 0}`;
    i = end > at ? end : j + 3;
  }
  if (i !== s.length) return null;
  const [major = 0, minor = 0, patch = 0] = release;
  // A dev release of a pre-release sorts just before it: the pre-release label is close enough.
  const prerelease = pre || dev;
  return { semver: `${major}.${minor}.${patch}${prerelease ? `-${prerelease}` : ''}`, release };
}

/** The exclusive upper bound that increments release component `index` (`[1, 4, 5]`, 1 → `1.5.0-0`). */
function bumpAt(release: number[], index: number): string {
  const parts = [0, 0, 0];
  for (let k = 0; k < Math.min(index, 3); k++) parts[k] = release[k] ?? 0;
  if (index < 3) parts[index] = (release[index] ?? 0) + 1;
  return `<${parts.join('.')}-0`;
}

interface Bounds {
  exact?: string;
  lower: string[];
  upper: string[];
}

const CLAUSE_OPERATORS = ['===', '~=', '==', '!=', '<=', '>=', '<', '>', '^', '~', '='];

/** One clause (`>=1.5`, `^1.7`, `1.7.1`, `==2.*`) into `bounds`; false when it cannot be read. `bareIsExact`: Poetry's bare versions. */
function addClause(clause: string, bounds: Bounds, bareIsExact: boolean): boolean {
  const c = clause.trim();
  if (c === '' || c === '*') return true;
  const op = CLAUSE_OPERATORS.find((o) => c.startsWith(o)) ?? (bareIsExact ? '' : null);
  if (op === null) return false;
  let version = c.slice(op.length).trim();
  const wildcard = version.endsWith('.*');
  if (wildcard) version = version.slice(0, -2);
  if (op === '!=') return true;
  const v = pep440ToSemver(version);
  if (!v) return op === '===';
  switch (op) {
    case '==':
    case '===':
    case '=':
    case '':
      if (wildcard) {
        bounds.lower.push(`>=${v.semver}`);
        bounds.upper.push(bumpAt(v.release, v.release.length - 1));
      } else bounds.exact ??= v.semver;
      return true;
    case '>=':
      bounds.lower.push(`>=${v.semver}`);
      return true;
    case '>':
      bounds.lower.push(`>${v.semver}`);
      return true;
    case '<':
    case '<=':
      bounds.upper.push(`${op}${v.semver}`);
      return true;
    case '~=':
      if (v.release.length < 2) return false;
      bounds.lower.push(`>=${v.semver}`);
      bounds.upper.push(bumpAt(v.release, v.release.length - 2));
      return true;
    case '^': {
      const nonZero = v.release.findIndex((n) => n !== 0);
      bounds.lower.push(`>=${v.semver}`);
      bounds.upper.push(bumpAt(v.release, nonZero < 0 ? v.release.length - 1 : nonZero));
      return true;
    }
    case '~':
      bounds.lower.push(`>=${v.semver}`);
      bounds.upper.push(bumpAt(v.release, v.release.length >= 2 ? 1 : 0));
      return true;
    default:
      return false;
  }
}

function boundsToSemver(bounds: Bounds): string | undefined {
  if (bounds.exact !== undefined) return bounds.exact;
  if (bounds.lower.length === 0) return undefined;
  return [...bounds.lower, ...bounds.upper].join(' ');
}

/** A PEP 440 specifier set (`>=1.5,<2`, `==1.7.1`, `~=3.2`) as an npm-semver version or range; undefined when it sets no lower bound. */
export function pep440SpecifierToSemver(spec: string): string | undefined {
  const bounds: Bounds = { lower: [], upper: [] };
  for (const clause of spec.split(',')) if (!addClause(clause, bounds, false)) return undefined;
  return boundsToSemver(bounds);
}

/** A Poetry constraint (`^1.7`, `~1.7.1`, `1.7.1`, `>=1.5 <2`, `^1 || ^2`); Pipfile values too (`*`, `==1.7.1`). */
export function poetryConstraintToSemver(spec: string): string | undefined {
  const alternatives: string[] = [];
  for (const alternative of spec.split('||')) {
    const bounds: Bounds = { lower: [], upper: [] };
    // Clauses are separated by commas or spaces; an operator may stand apart from its version (`>= 1.5`).
    const clauses = alternative.split(',').flatMap((part) => part.trim().split(/\s+/));
    for (let k = 0; k < clauses.length; k++) {
      let clause = clauses[k]!;
      if (CLAUSE_OPERATORS.includes(clause) && k + 1 < clauses.length) clause += clauses[++k]!;
      if (!addClause(clause, bounds, true)) return undefined;
    }
    const range = boundsToSemver(bounds);
    if (range === undefined) return undefined;
    alternatives.push(range);
  }
  return alternatives.length === 1 ? alternatives[0] : alternatives.join(' || ');
}

// ---- PEP 508 requirement strings ---------------------------------------------------------

export interface Requirement {
  /** PEP 503-normalised name. */
  name: string;
  /** The version specifier as written, `''` when none; for `name @ url` the URL. */
  specifier: string;
  /** Whether the requirement names a URL instead of versions. */
  url: boolean;
  /** Offsets in the requirement text: the name's start, the end of the specifier. */
  start: number;
  end: number;
}

function isNameChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 45 || code === 46 || code === 95;
}

function skipSpace(s: string, i: number): number {
  while (s[i] === ' ' || s[i] === '\t') i++;
  return i;
}

/** `pyjwt[crypto]>=1.5,<2 ; python_version >= "3.8"` → name, specifier; null for what is no requirement. */
export function parseRequirement(text: string): Requirement | null {
  let i = skipSpace(text, 0);
  const start = i;
  while (i < text.length && isNameChar(text.charCodeAt(i))) i++;
  if (i === start || !/[A-Za-z0-9]/.test(text[start]!)) return null;
  const name = normalizePythonName(text.slice(start, i));
  i = skipSpace(text, i);
  if (text[i] === '[') {
    const close = text.indexOf(']', i);
    if (close < 0) return null;
    i = skipSpace(text, close + 1);
  }
  const rest = text.slice(i);
  const semicolon = rest.indexOf(';');
  const body = (semicolon < 0 ? rest : rest.slice(0, semicolon)).trimEnd();
  if (body.startsWith('@')) return { name, specifier: body.slice(1).trim(), url: true, start, end: i + body.length };
  let specifier = body;
  if (specifier.startsWith('(')) {
    if (!specifier.endsWith(')')) return null;
    specifier = specifier.slice(1, -1).trim();
  }
  if (specifier !== '' && !'<>=!~'.includes(specifier[0]!)) return null;
  return { name, specifier, url: false, start, end: i + body.length };
}

// ---- file readers ------------------------------------------------------------------------

class PythonCollector {
  readonly dependencies: DependencyUse[] = [];
  readonly diagnostics: string[] = [];
  readonly lines: LineIndex;

  constructor(
    readonly file: string,
    readonly text: string,
  ) {
    this.lines = new LineIndex(text);
  }

  add(name: string, spec: string, semver: string | undefined, source: DependencyUse['source'], start: number, end: number): void {
    if (!WATCHED.has(name)) return;
    const loc: SourceLocation = spanLoc(this.file, this.lines, start, end);
    this.dependencies.push({ name, spec, source, ecosystem: 'pypi', ...(semver !== undefined && { semver }), loc });
  }

  /** A PEP 508 string at `offset` in the file. */
  addRequirement(requirement: string, offset: number, spanEnd?: number): void {
    const parsed = parseRequirement(requirement);
    if (!parsed) return;
    const semver = parsed.url ? undefined : pep440SpecifierToSemver(parsed.specifier);
    this.add(parsed.name, parsed.specifier, semver, 'manifest', spanEnd === undefined ? offset + parsed.start : offset, spanEnd ?? offset + parsed.end);
  }
}

/** Where a pip comment starts: `#` at the line start or after whitespace (`pkg#egg` in URLs is no comment). */
function commentStart(line: string): number {
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '#' && (i === 0 || line[i - 1] === ' ' || line[i - 1] === '\t')) return i;
  }
  return -1;
}

/** Per-requirement options (`--hash=…`, `--config-settings …`) start at a whitespace-preceded `--`. */
function optionStart(line: string): number {
  for (let i = 1; i < line.length - 1; i++) {
    if (line[i] === '-' && line[i + 1] === '-' && (line[i - 1] === ' ' || line[i - 1] === '\t')) return i;
  }
  return -1;
}

function readRequirementsFile(c: PythonCollector): void {
  const { text } = c;
  let pos = 0;
  while (pos < text.length) {
    // A logical line: physical lines joined where one ends with a backslash.
    const start = pos;
    let logical = '';
    for (;;) {
      const nl = text.indexOf('\n', pos);
      const stop = nl < 0 ? text.length : nl;
      let physical = text.slice(pos, stop);
      if (physical.endsWith('\r')) physical = physical.slice(0, -1);
      pos = nl < 0 ? text.length : nl + 1;
      const comment = commentStart(physical);
      if (comment >= 0) physical = physical.slice(0, comment);
      if (physical.endsWith('\\') && pos < text.length) {
        logical += physical.slice(0, -1);
        continue;
      }
      logical += physical;
      break;
    }
    const trimmed = logical.trimStart();
    // Option lines (`-r other.txt`, `-e .`, `--index-url …`) are not followed.
    if (trimmed === '' || trimmed.startsWith('-')) continue;
    const option = optionStart(logical);
    const requirement = option >= 0 ? logical.slice(0, option) : logical;
    const parsed = parseRequirement(requirement);
    if (!parsed) continue;
    // Offsets inside a joined line past its first physical line are approximate: report the requirement's first line.
    const lineEnd = text.indexOf('\n', start);
    const end = Math.min(start + parsed.end, lineEnd < 0 ? text.length : lineEnd);
    const semver = parsed.url ? undefined : pep440SpecifierToSemver(parsed.specifier);
    c.add(parsed.name, parsed.specifier, semver, 'manifest', start + parsed.start, end);
  }
}

function* stringsOf(value: TomlValue | undefined): Generator<{ value: string; start: number; end: number }> {
  if (value?.type !== 'array') return;
  for (const item of value.items) if (item.type === 'string') yield item;
}

/** Every PEP 508 list of a table's entries (`optional-dependencies`, `dependency-groups`). */
function requirementLists(c: PythonCollector, table: TomlTable | undefined): void {
  for (const list of table?.entries.values() ?? []) for (const s of stringsOf(list)) c.addRequirement(s.value, s.start, s.end);
}

/** Poetry/Pipfile `name = "^1.7"` / `{ version = "…" }` / `[{ version = "…", markers = … }, …]`. */
function constraintTable(c: PythonCollector, table: TomlTable | undefined): void {
  for (const [key, value] of table?.entries ?? []) {
    const name = normalizePythonName(key);
    if (!WATCHED.has(name)) continue;
    const items = value.type === 'array' ? value.items : [value];
    for (const item of items) {
      const constraint = item.type === 'string' ? item : tomlString(tomlAt(tomlTable(item), 'version'));
      if (constraint) c.add(name, constraint.value, poetryConstraintToSemver(constraint.value), 'manifest', constraint.start, constraint.end);
      // A git/path/url source names no version: recorded so the library is known to be used.
      else if (item.type === 'table') c.add(name, '', undefined, 'manifest', item.start, item.end);
    }
  }
}

function tomlRoot(c: PythonCollector): TomlTable {
  const document = readTomlDocument(c.text);
  if (document.error) c.diagnostics.push(diagnosticAt(c.file, c.lines, document.error.offset, `TOML: ${document.error.message} (dependencies read as far as the file could be parsed)`));
  return document.root;
}

function readPyproject(c: PythonCollector): void {
  const root = tomlRoot(c);
  for (const s of stringsOf(tomlAt(root, 'project', 'dependencies'))) c.addRequirement(s.value, s.start, s.end);
  requirementLists(c, tomlTable(tomlAt(root, 'project', 'optional-dependencies')));
  requirementLists(c, tomlTable(tomlAt(root, 'dependency-groups')));
  requirementLists(c, tomlTable(tomlAt(root, 'tool', 'pdm', 'dev-dependencies')));
  for (const s of stringsOf(tomlAt(root, 'tool', 'uv', 'dev-dependencies'))) c.addRequirement(s.value, s.start, s.end);
  const poetry = tomlTable(tomlAt(root, 'tool', 'poetry'));
  constraintTable(c, tomlTable(tomlAt(poetry, 'dependencies')));
  constraintTable(c, tomlTable(tomlAt(poetry, 'dev-dependencies')));
  for (const group of tomlTable(tomlAt(poetry, 'group'))?.entries.values() ?? []) constraintTable(c, tomlTable(tomlAt(tomlTable(group), 'dependencies')));
}

function readPipfile(c: PythonCollector): void {
  const root = tomlRoot(c);
  constraintTable(c, tomlTable(tomlAt(root, 'packages')));
  constraintTable(c, tomlTable(tomlAt(root, 'dev-packages')));
}

/** poetry.lock and uv.lock: `[[package]] name = "pyjwt" version = "1.7.1"`. */
function readTomlLock(c: PythonCollector): void {
  const packages = tomlAt(tomlRoot(c), 'package');
  if (packages?.type !== 'array') return;
  for (const entry of packages.items) {
    const table = tomlTable(entry);
    const name = tomlString(tomlAt(table, 'name'));
    const version = tomlString(tomlAt(table, 'version'));
    if (!name || !version) continue;
    const v = pep440ToSemver(version.value);
    c.add(normalizePythonName(name.value), version.value, v?.semver, 'lockfile', version.start, version.end);
  }
}

function jsonProperty(node: JsonNode | undefined, key: string): JsonNode | undefined {
  if (node?.type !== 'object') return undefined;
  for (const p of node.children ?? []) if (p.children?.[0]?.value === key) return p.children[1];
  return undefined;
}

function readPipfileLock(c: PythonCollector): void {
  if (jsonNestingEstimate(c.text, MAX_JSON_NESTING) > MAX_JSON_NESTING) {
    c.diagnostics.push(`${c.file}: JSON nests more than ${MAX_JSON_NESTING} levels deep; its dependencies were not read`);
    return;
  }
  const root = parseTree(c.text, [], { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
  for (const section of ['default', 'develop']) {
    const entries = jsonProperty(root, section);
    if (entries?.type !== 'object') continue;
    for (const p of entries.children ?? []) {
      const [k, v] = p.children ?? [];
      if (k?.type !== 'string') continue;
      const version = jsonProperty(v, 'version');
      if (version?.type !== 'string') continue;
      const spec = String(version.value);
      c.add(normalizePythonName(String(k.value)), spec, pep440SpecifierToSemver(spec), 'lockfile', version.offset, version.offset + version.length);
    }
  }
}

/** A cheap test before parsing: the file names a watched package in some spelling. */
export function mentionsPythonJwtLibrary(text: string): boolean {
  const lower = text.toLowerCase();
  return lower.includes('jwt') || lower.includes('jose') || lower.includes('authlib');
}

/** The watched Python libraries a dependency file declares or pins; problems reading it. */
export function extractPythonDependencies(file: string, kind: PythonDependencyFileKind, text: string): { dependencies: DependencyUse[]; diagnostics: string[] } {
  const c = new PythonCollector(file, text);
  switch (kind) {
    case 'pip-requirements':
      readRequirementsFile(c);
      break;
    case 'pyproject':
      readPyproject(c);
      break;
    case 'pipfile':
      readPipfile(c);
      break;
    case 'pipfile-lock':
      readPipfileLock(c);
      break;
    case 'poetry-lock':
    case 'uv-lock':
      readTomlLock(c);
      break;
  }
  return { dependencies: c.dependencies, diagnostics: c.diagnostics };
}

// Go JWT modules required by a go.mod (for `vulnerable-library`). Only modules with a Go row
// in the advisory table are recorded: github.com/dgrijalva/jwt-go (and its /v4 module),
// github.com/golang-jwt/jwt/v4; a major-version suffix is a module path of its own.
//
// go.mod is line-based (golang.org/x/mod/modfile): a directive and its arguments on one line,
// or `verb (` … `)` blocks; `//` comments; module paths and versions may be quoted. Read:
// - `require path version`, single or in blocks, `// indirect` ones too: the version a build
//   selects is the one go.mod lists (Go 1.17+ lists every module that provides a package).
// - `replace old [version] => new [version]`: a replace of a required module applies to it
//   (a versioned replace only to that version). The entry is then the replacement, reported
//   on the replace line: `=> github.com/golang-jwt/jwt v3.2.1+incompatible` is judged as
//   golang-jwt, `=> github.com/dgrijalva/jwt-go v3.2.0+incompatible` as that version, and a
//   local-directory replacement (`=> ../jwt-go`) names no version, so the require is dropped.
//   A replace of a module go.mod does not require has no effect and is not read.
// - `exclude`, `retract`, `module`, `go`, `toolchain`, `godebug`, `tool` hold no selected version.
// Versions are semver already: `v3.2.0+incompatible` and pseudo-versions
// (`v0.0.0-20200101000000-abcdef123456`, before any tag; `v3.2.1-0.2020…`, after v3.2.0)
// are compared with semver precedence, as the Go toolchain and the Go vulnerability database do.
// go.sum is not read (it lists hashes of every version ever considered, not the selected one);
// nor is vendor/modules.txt.
import { advisoryPackages } from '../facts/jwt-advisories.js';
import type { DependencyUse } from '../facts/model.js';
import { LineIndex } from '../parse/line-index.js';
import { spanLoc } from './location.js';

const WATCHED = advisoryPackages('go');

interface Token {
  text: string;
  start: number;
  end: number;
}

interface GoModLine {
  tokens: Token[];
  /** The `//` comment's text, trimmed. */
  comment: string;
}

/** Splits one line into tokens (quoted strings unquoted, `=>` `(` `)` apart) and its comment. */
function tokenize(text: string, from: number, to: number): GoModLine {
  const tokens: Token[] = [];
  let comment = '';
  let i = from;
  while (i < to) {
    const ch = text[i]!;
    if (ch === ' ' || ch === '\t' || ch === '\r') {
      i++;
      continue;
    }
    if (ch === '/' && text[i + 1] === '/') {
      comment = text.slice(i + 2, to).trim();
      break;
    }
    if (ch === '"' || ch === '`') {
      let j = i + 1;
      while (j < to && text[j] !== ch) j += ch === '"' && text[j] === '\\' ? 2 : 1;
      tokens.push({ text: text.slice(i + 1, Math.min(j, to)), start: i, end: Math.min(j + 1, to) });
      i = j + 1;
      continue;
    }
    if (ch === '(' || ch === ')') {
      tokens.push({ text: ch, start: i, end: i + 1 });
      i++;
      continue;
    }
    if (ch === '=' && text[i + 1] === '>') {
      tokens.push({ text: '=>', start: i, end: i + 2 });
      i += 2;
      continue;
    }
    let j = i;
    while (j < to && !' \t\r"`()'.includes(text[j]!) && !(text[j] === '/' && text[j + 1] === '/') && !(text[j] === '=' && text[j + 1] === '>')) j++;
    tokens.push({ text: text.slice(i, j), start: i, end: j });
    i = j;
  }
  return { tokens, comment };
}

interface Require {
  path: Token;
  version: Token;
  indirect: boolean;
}

interface Replace {
  oldPath: string;
  oldVersion?: string;
  newPath: Token;
  newVersion?: Token;
}

function isLocalPath(path: string): boolean {
  return path.startsWith('./') || path.startsWith('../') || path.startsWith('/') || path === '.' || path === '..' || /^[A-Za-z]:[\\/]/.test(path);
}

/** `v3.2.0+incompatible` → `3.2.0+incompatible`; undefined for what is no semver version. */
export function goVersionToSemver(version: string): string | undefined {
  if (!version.startsWith('v')) return undefined;
  const rest = version.slice(1);
  // Go requires major.minor.patch; semver's loose forms are not accepted.
  return /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/.test(rest) ? rest : undefined;
}

function readGoMod(text: string): { requires: Require[]; replaces: Replace[] } {
  const requires: Require[] = [];
  const replaces: Replace[] = [];
  let block: string | null = null;
  let pos = 0;
  while (pos <= text.length) {
    const nl = text.indexOf('\n', pos);
    const end = nl < 0 ? text.length : nl;
    const line = tokenize(text, pos, end);
    pos = end + 1;
    let tokens = line.tokens;
    if (tokens.length === 0) continue;
    if (block !== null) {
      if (tokens[0]!.text === ')') {
        block = null;
        continue;
      }
    } else {
      const verb = tokens[0]!.text;
      if (tokens[1]?.text === '(') {
        // `require (` opens a block; `require ( path version )` on one line is rare but legal.
        if (tokens[tokens.length - 1]!.text === ')' && tokens.length > 2) tokens = tokens.slice(2, -1);
        else {
          block = verb;
          continue;
        }
      } else tokens = tokens.slice(1);
      if (verb === 'require') addRequire(tokens, line.comment, requires);
      else if (verb === 'replace') addReplace(tokens, replaces);
      continue;
    }
    if (block === 'require') addRequire(tokens, line.comment, requires);
    else if (block === 'replace') addReplace(tokens, replaces);
  }
  return { requires, replaces };
}

function addRequire(tokens: Token[], comment: string, requires: Require[]): void {
  if (tokens.length !== 2) return;
  requires.push({ path: tokens[0]!, version: tokens[1]!, indirect: /(^|;)\s*indirect\s*(;|$)/.test(comment) });
}

function addReplace(tokens: Token[], replaces: Replace[]): void {
  const arrow = tokens.findIndex((t) => t.text === '=>');
  if (arrow !== 1 && arrow !== 2) return;
  const rhs = tokens.slice(arrow + 1);
  if (rhs.length !== 1 && rhs.length !== 2) return;
  replaces.push({
    oldPath: tokens[0]!.text,
    ...(arrow === 2 && { oldVersion: tokens[1]!.text }),
    newPath: rhs[0]!,
    ...(rhs.length === 2 && { newVersion: rhs[1]! }),
  });
}

/** A cheap test before reading: the file names a watched module. */
export function mentionsGoJwtModule(text: string): boolean {
  return text.includes('jwt');
}

/** The watched Go modules a go.mod requires, replacements applied. */
export function extractGoDependencies(file: string, text: string): DependencyUse[] {
  const { requires, replaces } = readGoMod(text);
  let lines: LineIndex | undefined;
  const dependencies: DependencyUse[] = [];
  const add = (name: string, version: Token, from: Token) => {
    if (!WATCHED.has(name)) return;
    const semver = goVersionToSemver(version.text);
    lines ??= new LineIndex(text);
    dependencies.push({ name, spec: version.text, source: 'manifest', ecosystem: 'go', ...(semver !== undefined && { semver }), loc: spanLoc(file, lines, from.start, version.end) });
  };
  for (const require of requires) {
    const path = require.path.text;
    // The last matching replace wins; a versioned one applies only to that version, and is preferred over an unversioned one.
    const matching = replaces.filter((r) => r.oldPath === path && (r.oldVersion === undefined || r.oldVersion === require.version.text));
    const replace = matching.find((r) => r.oldVersion !== undefined) ?? matching[matching.length - 1];
    if (!replace) {
      add(path, require.version, require.path);
      continue;
    }
    // A directory replacement holds whatever code is there: no version to judge.
    if (isLocalPath(replace.newPath.text) || !replace.newVersion) continue;
    add(replace.newPath.text, replace.newVersion, replace.newPath);
  }
  return dependencies;
}

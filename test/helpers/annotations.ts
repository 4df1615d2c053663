import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** The corpus annotation grammar (see ../shared/corpus/README.md and ../shared/bench/score.mjs). */
const ANNOTATION = /(?:\/\/|\/\*|#|<!--)\s*(expect|ok):\s*([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)/;
const TRAILING_COMMENT_MARKER = /(\/\/|\/\*|\*\/|#|<!--|-->)\s*$/;
const SIDECAR_LINE = /^(\d+)\s+([a-z0-9-]+)$/;
const SIDECAR_SUFFIX = '.expect';
const SKIPPED_DIRS = new Set(['.git', 'node_modules']);

export interface Annotation {
  line: number;
  ruleId: string;
}

export interface FileAnnotations {
  expected: Annotation[];
  ok: Annotation[];
  /** Malformed annotations: a dangling `expect:` at the end of a file, an unreadable sidecar line. */
  problems: string[];
}

function splitIds(list: string): string[] {
  return list.split(',').map((id) => id.trim());
}

export function parseAnnotations(text: string): FileAnnotations {
  const result: FileAnnotations = { expected: [], ok: [], problems: [] };
  let pendingExpect: string[] = [];
  let pendingOk: string[] = [];
  text.split('\n').forEach((line, index) => {
    const match = line.match(ANNOTATION);
    const code = line.replace(ANNOTATION, '').replace(TRAILING_COMMENT_MARKER, '').trim();
    if (match && code === '') {
      (match[1] === 'expect' ? pendingExpect : pendingOk).push(...splitIds(match[2]!));
      return;
    }
    if (line.trim() === '') return;
    const lineNumber = index + 1;
    for (const ruleId of pendingExpect) result.expected.push({ line: lineNumber, ruleId });
    for (const ruleId of pendingOk) result.ok.push({ line: lineNumber, ruleId });
    pendingExpect = [];
    pendingOk = [];
    if (match) {
      const target = match[1] === 'expect' ? result.expected : result.ok;
      for (const ruleId of splitIds(match[2]!)) target.push({ line: lineNumber, ruleId });
    }
  });
  if (pendingExpect.length > 0) result.problems.push(`expect: ${pendingExpect.join(', ')} is not followed by a code line`);
  if (pendingOk.length > 0) result.problems.push(`ok: ${pendingOk.join(', ')} is not followed by a code line`);
  return result;
}

/**
 * A `NAME.json.expect` sidecar: one `LINE rule-id` per line, for files that cannot hold
 * comments. `LINE ok: rule-id` documents a look-alike (the corpus scorer ignores such lines).
 */
export function parseSidecar(text: string): FileAnnotations {
  const result: FileAnnotations = { expected: [], ok: [], problems: [] };
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '') return;
    const ok = /^(\d+)\s+ok:\s*([a-z0-9-]+)$/.exec(line);
    if (ok) {
      result.ok.push({ line: Number(ok[1]), ruleId: ok[2]! });
      return;
    }
    const match = line.match(SIDECAR_LINE);
    if (!match) {
      result.problems.push(`line ${index + 1}: expected "LINE rule-id", got "${line}"`);
      return;
    }
    result.expected.push({ line: Number(match[1]), ruleId: match[2]! });
  });
  return result;
}

export function isSidecar(path: string): boolean {
  return path.endsWith(SIDECAR_SUFFIX);
}

/** Every file under `root` (root-relative, POSIX separators), sidecars excluded, sorted. */
export function listFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      if (SKIPPED_DIRS.has(name)) continue;
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (!isSidecar(name)) out.push(relative(root, path).split(sep).join('/'));
    }
  };
  walk(root);
  return out.sort();
}

/** Annotations of one file, merged with its sidecar when there is one. */
export function readAnnotations(root: string, file: string): FileAnnotations {
  const absolute = join(root, file);
  const inline = parseAnnotations(readFileSync(absolute, 'utf8'));
  const sidecarPath = absolute + SIDECAR_SUFFIX;
  if (!existsSync(sidecarPath)) return inline;
  const sidecar = parseSidecar(readFileSync(sidecarPath, 'utf8'));
  return {
    expected: [...inline.expected, ...sidecar.expected],
    ok: [...inline.ok, ...sidecar.ok],
    problems: [...inline.problems, ...sidecar.problems],
  };
}

/** Sidecars whose target file does not exist (a renamed JSON file leaves its expectations behind). */
export function orphanSidecars(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      if (SKIPPED_DIRS.has(name)) continue;
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (isSidecar(name) && !existsSync(path.slice(0, -SIDECAR_SUFFIX.length))) out.push(relative(root, path));
    }
  };
  walk(root);
  return out;
}

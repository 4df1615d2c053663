// CI systems whose settings the generic YAML reader does not see as variables:
// - shell inside YAML strings: `script:`, `run:`, `command(s):` lines of any CI file that
//   assign (`export JWT_SECRET=lit`), read with the shell reader;
// - Travis `env` (`global`, `matrix`, `jobs`, per job): strings of several `K=v` pairs
//   (`DB=pg JWT_SECRET=lit`), read as shell assignments; `secure:` items are encrypted
//   references and carry no literal;
// - Jenkinsfile declarative `environment { K = 'lit' }` blocks and `withEnv(['K=lit'])`
//   (a bounded Groovy tokenizer, see parseJenkinsfile); `credentials('id')` is a reference.
import { LineIndex } from '../parse/line-index.js';
import { DiagnosticList, diagnosticAt, spanLoc } from './location.js';
import { parseShell } from './parse-shell.js';
import type { ConfigEntry, ParsedConfig } from './types.js';

/** Keys whose string values are shell commands in CI files. */
const SCRIPT_KEYS = new Set([
  'script', 'scripts', 'before_script', 'after_script', 'before_install', 'install', 'after_success', 'after_failure',
  'before_deploy', 'after_deploy', 'before_cache', 'after-script', 'run', 'command', 'commands', 'cmd', 'bash', 'sh',
  'inlinescript', 'pre', 'post',
]);
const TRAVIS = /(^|\/)\.travis\.ya?ml$/i;
/** Groovy CI pipelines: `Jenkinsfile`, `Jenkinsfile.deploy`, `ci.jenkinsfile`. */
const JENKINSFILE = /^(?:jenkinsfile(?:\.[\w.-]+)?|[\w.-]+\.jenkinsfile)$/i;

export function isJenkinsfileName(base: string): boolean {
  return JENKINSFILE.test(base);
}

/** The last key of a path that is not a sequence position. */
function lastKey(path: string[]): string {
  for (let i = path.length - 1; i >= 0; i--) if (!/^\d+$/.test(path[i]!)) return path[i]!;
  return '';
}

interface Slice {
  start: number;
  end: number;
  /** Path the entries found in this slice are placed under (their own name is appended). */
  path: string[];
  document: number;
}

/** Source offsets of a scalar's content: quotes and a block scalar's header line left out. */
function contentOf(text: string, range: readonly [number, number]): [number, number] {
  let [start, end] = range;
  const first = text[start];
  if (first === '"' || first === "'") return [start + 1, Math.max(start + 1, text[end - 1] === first ? end - 1 : end)];
  if (first === '|' || first === '>') {
    const nl = text.indexOf('\n', start);
    start = nl < 0 || nl >= end ? end : nl + 1;
  }
  return [start, end];
}

/**
 * Runs the shell reader once over the slices, with everything else blanked out (line breaks
 * kept, so offsets and lines stay those of the file) and a `;` before each slice so that no
 * two slices on one line read as one statement. Linear in the file.
 */
function shellEntries(file: string, text: string, lines: LineIndex, slices: Slice[]): ConfigEntry[] {
  if (slices.length === 0) return [];
  slices.sort((a, b) => a.start - b.start);
  const chars: string[] = [];
  let pos = 0;
  const blank = (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const c = text[i]!;
      chars.push(c === '\n' || c === '\r' ? c : ' ');
    }
  };
  const kept: Slice[] = [];
  for (const slice of slices) {
    if (slice.start < pos) continue; // the same scalar reached twice (an alias)
    blank(pos, slice.start);
    if (slice.start > 0 && chars[slice.start - 1] !== '\n' && chars[slice.start - 1] !== '\r') chars[slice.start - 1] = ';';
    for (let i = slice.start; i < slice.end; i++) chars.push(text[i]!);
    pos = slice.end;
    kept.push(slice);
  }
  blank(pos, text.length);
  const shell = parseShell(file, chars.join(''));
  const out: ConfigEntry[] = [];
  let k = 0;
  for (const e of shell.entries) {
    const at = e.valueRange[0];
    while (k + 1 < kept.length && kept[k + 1]!.start <= at) k++;
    const slice = kept[k]!;
    out.push({
      ...e,
      path: [...slice.path, e.key],
      valueLoc: spanLoc(file, lines, e.valueRange[0], e.valueRange[1]),
      keyLoc: spanLoc(file, lines, keyStart(text, e), keyStart(text, e) + e.key.length),
      document: slice.document,
    });
  }
  return out;
}

/** Where an assignment's name starts: right before `=value`; for other forms (`: "${X:=v}"`), the value's start. */
function keyStart(text: string, e: ConfigEntry): number {
  const at = e.valueRange[0] - e.key.length - 1;
  return at >= 0 && text.startsWith(`${e.key}=`, at) ? at : e.valueRange[0];
}

/**
 * Adds the variables that CI files assign inside strings: script lines, Travis `env`
 * strings. Travis `env` items the YAML reader split at their first `=` (`A=b C=d` read as
 * `A` = `b C=d`) are replaced by the shell reading of the whole item.
 */
export function addCiEntries(file: string, text: string, parsed: ParsedConfig): ParsedConfig {
  const travis = TRAVIS.test(file);
  const slices: Slice[] = [];
  const replaced = new Set<ConfigEntry>();
  for (const e of parsed.entries) {
    if (e.valueType !== 'string' || !e.value.includes('=')) continue;
    // Travis `secure:` items are encrypted values: references, not `K=v` text.
    const travisEnv = travis && e.path.includes('env') && e.key !== 'secure';
    if (travisEnv && e.envVar && text.startsWith(`${e.key}=`, e.valueRange[0] - e.key.length - 1)) {
      // An item the YAML reader split: re-read from its name on.
      replaced.add(e);
      slices.push({ start: e.valueRange[0] - e.key.length - 1, end: contentOf(text, e.valueRange)[1], path: e.path.slice(0, -1), document: e.document });
      continue;
    }
    if (e.envVar) continue;
    if (travisEnv || SCRIPT_KEYS.has(lastKey(e.path).toLowerCase())) {
      if (travisEnv) replaced.add(e); // `env.jobs.0: "A=b C=d"` is read as its pairs
      const [start, end] = contentOf(text, e.valueRange);
      if (end > start) slices.push({ start, end, path: e.path, document: e.document });
    }
  }
  // Drone and Woodpecker `KEY: { from_secret: name }` names a secret of the CI's store.
  for (const e of parsed.entries) if (e.key === 'from_secret') replaced.add(e);
  if (slices.length === 0 && replaced.size === 0) return parsed;
  const shell = shellEntries(file, text, parsed.lines, slices); // sorts the slices
  const distinct = slices.filter((slice, i) => i === 0 || slice.start >= slices[i - 1]!.end);
  const added = [...shell, ...distinct.flatMap((slice) => githubEnvEntries(file, text, parsed.lines, slice))];
  return { ...parsed, entries: [...parsed.entries.filter((e) => !replaced.has(e)), ...added] };
}

function isEnvName(name: string): boolean {
  if (name === '' || /[0-9]/.test(name[0]!)) return false;
  for (const c of name) if (!/\w/.test(c)) return false;
  return true;
}

/**
 * GitHub Actions steps define variables for later steps by appending to the environment
 * file: `echo "JWT_SECRET=lit" >> $GITHUB_ENV` (also `"$GITHUB_ENV"`, `${GITHUB_ENV}`).
 * Each such line of a script slice is one `NAME=value` assignment; a value holding `$` or
 * a backquote is built when the step runs.
 */
function githubEnvEntries(file: string, text: string, lines: LineIndex, slice: Slice): ConfigEntry[] {
  const out: ConfigEntry[] = [];
  // Searched inside the slice only: linear in the slices, which never overlap.
  const chunk = text.slice(slice.start, slice.end);
  let from = chunk.indexOf('GITHUB_ENV');
  while (from >= 0) {
    const lineStart = slice.start + chunk.lastIndexOf('\n', from) + 1;
    const nl = chunk.indexOf('\n', from);
    const lineEnd = nl < 0 ? slice.end : slice.start + nl;
    const line = text.slice(lineStart, lineEnd);
    const echo = line.indexOf('echo ');
    const append = line.indexOf('>>');
    if (echo >= 0 && append > echo && line.slice(0, echo).trim() === '') {
      let argStart = lineStart + echo + 5;
      while (text[argStart] === ' ' || text[argStart] === '\t') argStart++;
      let argEnd = lineStart + append;
      while (argEnd > argStart && (text[argEnd - 1] === ' ' || text[argEnd - 1] === '\t')) argEnd--;
      const quote = text[argStart];
      const quoted = (quote === '"' || quote === "'") && argEnd - argStart >= 2 && text[argEnd - 1] === quote;
      const contentStart = quoted ? argStart + 1 : argStart;
      const contentEnd = quoted ? argEnd - 1 : argEnd;
      const eq = text.slice(contentStart, contentEnd).indexOf('=') + contentStart;
      const name = eq > contentStart && eq < contentEnd ? text.slice(contentStart, eq) : '';
      if (isEnvName(name)) {
        const value = text.slice(eq + 1, contentEnd);
        out.push({
          path: [...slice.path, name],
          key: name,
          value,
          valueType: 'string',
          valueLoc: spanLoc(file, lines, eq + 1, contentEnd),
          keyLoc: spanLoc(file, lines, contentStart, eq),
          valueRange: [eq + 1, contentEnd],
          envVar: true,
          ...(quote !== "'" && (value.includes('$') || value.includes('`')) ? { computed: true as const } : {}),
          document: slice.document,
        });
      }
    }
    from = nl < 0 ? -1 : chunk.indexOf('GITHUB_ENV', nl + 1);
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Jenkinsfile

type Token =
  | { type: 'word'; value: string; start: number; end: number }
  | { type: 'string'; value: string; start: number; end: number; contentStart: number; interpolates: boolean }
  | { type: 'punct'; value: string; start: number; end: number }
  | { type: 'newline'; start: number; end: number };

const IDENT_START = /[A-Za-z_$]/;
const IDENT_CHAR = /[\w$]/;

/** Groovy tokens: words, strings (all four quotings), punctuation and line breaks; comments skipped. Linear. */
function tokenize(text: string, problem: (offset: number, message: string) => void): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (c === '\n' || c === '\r') {
      tokens.push({ type: 'newline', start: i, end: i + 1 });
      i++;
    } else if (c === ' ' || c === '\t' || c === '\f') {
      i++;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < n && text[i] !== '\n' && text[i] !== '\r') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      if (close < 0) problem(i, 'unterminated comment');
      i = close < 0 ? n : close + 2;
    } else if (c === '"' || c === "'") {
      const triple = text.startsWith(c.repeat(3), i);
      const quote = triple ? c.repeat(3) : c;
      const contentStart = i + quote.length;
      let j = contentStart;
      let value = '';
      let closed = false;
      while (j < n) {
        if (text[j] === '\\' && j + 1 < n) {
          const next = text[j + 1]!;
          value += next === 'n' ? '\n' : next === 't' ? '\t' : next;
          j += 2;
          continue;
        }
        if (text.startsWith(quote, j)) {
          closed = true;
          break;
        }
        if (!triple && (text[j] === '\n' || text[j] === '\r')) break;
        value += text[j];
        j++;
      }
      if (!closed) problem(i, 'unterminated string');
      const end = closed ? j + quote.length : j;
      tokens.push({ type: 'string', value, start: i, end, contentStart, interpolates: c === '"' && value.includes('$') });
      i = end;
    } else if (IDENT_START.test(c)) {
      let j = i + 1;
      while (j < n && IDENT_CHAR.test(text[j]!)) j++;
      tokens.push({ type: 'word', value: text.slice(i, j), start: i, end: j });
      i = j;
    } else {
      tokens.push({ type: 'punct', value: c, start: i, end: i + 1 });
      i++;
    }
  }
  return tokens;
}

/**
 * Reads a Jenkinsfile: each `environment { NAME = value }` block (pipeline or stage level),
 * `withEnv(['NAME=value'])` lists, stage names (`stage('Deploy')`) and `sh`/`bat` step
 * strings (so that CI context can tell deploying stages). A value is a literal only when it
 * is one string without `${...}`/`$VAR` (a single-quoted Groovy string never interpolates);
 * `credentials('id')`, other calls and expressions are references and yield no entry.
 */
export function parseJenkinsfile(file: string, text: string): ParsedConfig {
  const lines = new LineIndex(text);
  const diagnostics = new DiagnosticList();
  const tokens = tokenize(text, (offset, message) => diagnostics.push(diagnosticAt(file, lines, offset, message)));
  const entries: ConfigEntry[] = [];
  const stageAt: (string | null)[] = []; // per open brace: the stage it opens, if any
  let pendingStage: string | null = null;
  let envDepth = -1; // depth of the open environment block's brace, -1 outside
  const currentStage = (): string | null => {
    for (let d = stageAt.length - 1; d >= 0; d--) if (stageAt[d]) return stageAt[d]!;
    return null;
  };
  const base = (): string[] => {
    const stage = currentStage();
    return stage ? ['stages', stage] : [];
  };
  const push = (path: string[], key: string, value: string, valueStart: number, valueEnd: number, keyStart: number, envVar: boolean, computed: boolean) => {
    entries.push({
      path,
      key,
      value,
      valueType: 'string',
      valueLoc: spanLoc(file, lines, valueStart, valueEnd),
      keyLoc: spanLoc(file, lines, keyStart, keyStart + key.length),
      valueRange: [valueStart, valueEnd],
      envVar,
      ...(computed ? { computed: true as const } : {}),
      document: 0,
    });
  };
  const next = (i: number): number => {
    let j = i;
    while (j < tokens.length && tokens[j]!.type === 'newline') j++;
    return j;
  };

  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.type === 'punct' && t.value === '{') {
      stageAt.push(pendingStage);
      pendingStage = null;
      continue;
    }
    if (t.type === 'punct' && t.value === '}') {
      if (stageAt.length - 1 === envDepth) envDepth = -1;
      stageAt.pop();
      continue;
    }
    if (t.type !== 'word') continue;
    if (envDepth >= 0 && stageAt.length - 1 === envDepth) {
      // `NAME = value` up to the end of the line (or `;`) inside the environment block.
      const eq = tokens[i + 1];
      if (!eq || eq.type !== 'punct' || eq.value !== '=') continue;
      let j = i + 2;
      const value: Token[] = [];
      while (j < tokens.length && tokens[j]!.type !== 'newline' && !(tokens[j]!.type === 'punct' && (tokens[j] as { value: string }).value === ';') && !(tokens[j]!.type === 'punct' && (tokens[j] as { value: string }).value === '}')) value.push(tokens[j++]!);
      const only = value.length === 1 && value[0]!.type === 'string' ? value[0] : null;
      if (only && only.type === 'string') {
        push([...base(), 'environment', t.value], t.value, only.value, only.start, only.end, t.start, true, only.interpolates);
      } else if (value.length > 0) {
        const first = value[0]!;
        const last = value[value.length - 1]!;
        push([...base(), 'environment', t.value], t.value, text.slice(first.start, last.end), first.start, last.end, t.start, true, true);
      }
      i = j - 1;
      continue;
    }
    if (t.value === 'environment') {
      const j = next(i + 1);
      if (tokens[j]?.type === 'punct' && (tokens[j] as { value: string }).value === '{') {
        envDepth = stageAt.length; // the brace about to open
        stageAt.push(null);
        i = j;
      }
      continue;
    }
    if (t.value === 'stage') {
      const open = tokens[i + 1];
      const name = tokens[i + 2];
      if (open?.type === 'punct' && open.value === '(' && name?.type === 'string') {
        pendingStage = name.value;
        const path = ['stages', name.value, 'stage'];
        push(path, 'stage', name.value, name.start, name.end, name.start, false, false);
      }
      continue;
    }
    if (t.value === 'sh' || t.value === 'bat' || t.value === 'powershell') {
      let j = i + 1;
      if (tokens[j]?.type === 'punct' && (tokens[j] as { value: string }).value === '(') j++;
      const script = tokens[j];
      if (script?.type === 'string') push([...base(), 'steps', 'script'], 'script', script.value, script.start, script.end, script.start, false, script.interpolates);
      continue;
    }
    if (t.value === 'withEnv') {
      // withEnv(['A=b', "C=${d}"]) { ... }
      if (tokens[i + 1]?.type !== 'punct' || tokens[i + 2]?.type !== 'punct' || (tokens[i + 2] as { value: string }).value !== '[') continue;
      let j = i + 3;
      for (; j < tokens.length; j++) {
        const item = tokens[j]!;
        if (item.type === 'punct' && item.value === ']') break;
        if (item.type !== 'string') continue;
        const eqAt = item.value.indexOf('=');
        if (eqAt <= 0 || !/^[A-Za-z_]\w*$/.test(item.value.slice(0, eqAt))) continue;
        const name = item.value.slice(0, eqAt);
        const literal = item.value.slice(eqAt + 1);
        const valueStart = item.contentStart + eqAt + 1;
        push([...base(), 'withEnv', name], name, literal, valueStart, Math.max(valueStart, item.end - (item.end > item.contentStart ? 1 : 0)), item.contentStart, true, item.interpolates);
      }
      i = j;
    }
  }
  // Shell assignments inside `sh` steps (`sh 'export JWT_SECRET=x && ...'`).
  const parsed: ParsedConfig = {
    format: 'jenkinsfile',
    entries,
    documents: [{ index: 0, topLevelKeys: ['pipeline'], compose: false, ci: true }],
    diagnostics: diagnostics.finish(file),
    lines,
  };
  return addCiEntries(file, text, parsed);
}

// ---------------------------------------------------------------------------------------
// Travis context

const TRAVIS_DEPLOY_KEYS = new Set(['deploy', 'before_deploy', 'after_deploy']);
const DEPLOY_STAGE_WORDS = new Set(['deploy', 'deployment', 'release', 'publish', 'production', 'prod', 'staging', 'cd', 'delivery']);

export function isTravisPath(path: string): boolean {
  return TRAVIS.test(path);
}

/** Whether `text` reads `$NAME` or `${NAME}` (not `$NAME_OTHER`). */
function readsVariable(text: string, name: string): boolean {
  for (const form of [`\${${name}`, `$${name}`]) {
    let at = text.indexOf(form);
    while (at >= 0) {
      const after = text[at + form.length];
      if (after === undefined || !/\w/.test(after)) return true;
      at = text.indexOf(form, at + 1);
    }
  }
  return false;
}

/** The `jobs.include.N` / `matrix.include.N` job an entry belongs to, as a key. */
function travisJob(path: string[]): string | null {
  return (path[0] === 'jobs' || path[0] === 'matrix') && path[1] === 'include' && path[2] !== undefined ? `${path[0]}.include.${path[2]}` : null;
}

/**
 * Travis is a test runner as a whole: its `env` is test context unless a deploy section
 * (`deploy:`, `before_deploy:`/`after_deploy:`, or a job of a deploy stage) reads the
 * variable. Returns the production lines: the deploy sections themselves and the `env`
 * lines of variables they read.
 */
export function travisDeployLines(parsed: ParsedConfig): Set<number> {
  const lines = new Set<number>();
  const deployJobs = new Set<string>();
  for (const e of parsed.entries) {
    const job = travisJob(e.path);
    if (job && e.path.length === 4 && e.key === 'stage' && e.value.toLowerCase().split(/[^a-z]+/).some((w) => DEPLOY_STAGE_WORDS.has(w))) deployJobs.add(job);
  }
  const deploy: ConfigEntry[] = [];
  for (const e of parsed.entries) {
    const job = travisJob(e.path);
    if (e.path.some((p) => TRAVIS_DEPLOY_KEYS.has(p)) || (job !== null && deployJobs.has(job))) deploy.push(e);
  }
  const deployText = deploy.map((e) => e.value).join('\n');
  for (const e of deploy) {
    lines.add(e.keyLoc.line);
    lines.add(e.valueLoc.line);
  }
  for (const e of parsed.entries) {
    if (e.envVar && readsVariable(deployText, e.key)) {
      lines.add(e.keyLoc.line);
      lines.add(e.valueLoc.line);
    }
  }
  return lines;
}

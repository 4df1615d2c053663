// A `.gitignore` pattern matcher whose running time is bounded whatever the patterns and
// paths: patterns come from the scanned repository, and the regular expressions that glob
// libraries build for `**` backtrack polynomially in the path depth (`**/a/**/x` against a
// 2,000-folder-deep path takes seconds per path, more `**` take hours).
//
// Matching works on path segments with a table (pattern segment × path segment), so one
// test costs at most (pattern length × path length) character steps.
//
// Semantics follow gitignore(5): `#` comments, blank lines, trailing spaces (unless
// escaped), `!` negation, a trailing `/` for folders only, a `/` at the start or in the
// middle anchors the pattern to the ignore file's folder (otherwise it matches at any
// depth), `*`, `?`, `[...]` (with `!`/`^` negation, ranges and `[:class:]`), backslash
// escapes, leading `**/`, trailing `/**` and `/**/`. Matching ignores case, as the
// `ignore` package (and git with core.ignorecase) does.

type Token =
  | { t: 'lit'; c: string }
  | { t: 'any' }
  | { t: 'star' }
  | { t: 'class'; negate: boolean; test: (c: string) => boolean };

type NameSegment = { globstar: false; tokens: Token[]; literal: string | null };
type Segment = { globstar: true } | NameSegment;

export interface GitignoreRule {
  /** The line as written (trimmed), for messages. */
  pattern: string;
  negate: boolean;
  dirOnly: boolean;
  segments: Segment[];
}

/** Longest pattern line read; longer lines are dropped (no real ignore file has them). */
export const MAX_PATTERN_LENGTH = 4096;

const POSIX_CLASSES: Record<string, (c: string) => boolean> = {
  alnum: (c) => /[a-z0-9]/i.test(c),
  alpha: (c) => /[a-z]/i.test(c),
  blank: (c) => c === ' ' || c === '\t',
  cntrl: (c) => c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127,
  digit: (c) => c >= '0' && c <= '9',
  graph: (c) => c.charCodeAt(0) > 32 && c.charCodeAt(0) < 127,
  lower: (c) => c >= 'a' && c <= 'z',
  print: (c) => c.charCodeAt(0) >= 32 && c.charCodeAt(0) < 127,
  punct: (c) => /[!-/:-@[-`{-~]/.test(c),
  space: (c) => /\s/.test(c),
  upper: (c) => c >= 'a' && c <= 'z', // case is folded before matching
  xdigit: (c) => /[0-9a-f]/i.test(c),
};

/** Parses `[...]` starting at `open`; null when it is not closed (then `[` is literal). */
function parseClass(seg: string, open: number): { token: Token; end: number } | null {
  let i = open + 1;
  let negate = false;
  if (seg[i] === '!' || seg[i] === '^') {
    negate = true;
    i++;
  }
  const tests: ((c: string) => boolean)[] = [];
  let first = true;
  while (i < seg.length) {
    let c = seg[i]!;
    if (c === ']' && !first) return { token: { t: 'class', negate, test: (x) => tests.some((f) => f(x)) }, end: i + 1 };
    first = false;
    if (c === '[' && seg[i + 1] === ':') {
      const close = seg.indexOf(':]', i + 2);
      const name = close < 0 ? '' : seg.slice(i + 2, close);
      const named = POSIX_CLASSES[name];
      if (named) {
        tests.push(named);
        i = close + 2;
        continue;
      }
    }
    if (c === '\\' && i + 1 < seg.length) c = seg[++i]!;
    if (seg[i + 1] === '-' && i + 2 < seg.length && seg[i + 2] !== ']') {
      let hi = seg[i + 2]!;
      let next = i + 3;
      if (hi === '\\' && i + 3 < seg.length) {
        hi = seg[i + 3]!;
        next = i + 4;
      }
      const lo = c;
      tests.push((x) => x >= lo && x <= hi);
      i = next;
      continue;
    }
    const literal = c;
    tests.push((x) => x === literal);
    i++;
  }
  return null;
}

function parseSegment(seg: string): Segment {
  if (seg === '**') return { globstar: true };
  const tokens: Token[] = [];
  for (let i = 0; i < seg.length; ) {
    const c = seg[i]!;
    if (c === '\\') {
      // A trailing backslash matches nothing in git; keep it literal.
      tokens.push({ t: 'lit', c: i + 1 < seg.length ? seg[i + 1]! : '\\' });
      i += 2;
    } else if (c === '*') {
      if (tokens[tokens.length - 1]?.t !== 'star') tokens.push({ t: 'star' });
      i++;
    } else if (c === '?') {
      tokens.push({ t: 'any' });
      i++;
    } else if (c === '[') {
      const parsed = parseClass(seg, i);
      if (parsed) {
        tokens.push(parsed.token);
        i = parsed.end;
      } else {
        tokens.push({ t: 'lit', c: '[' });
        i++;
      }
    } else {
      tokens.push({ t: 'lit', c });
      i++;
    }
  }
  const literal = tokens.every((t) => t.t === 'lit') ? tokens.map((t) => (t as { c: string }).c).join('') : null;
  return { globstar: false, tokens, literal };
}

/** One line of an ignore file; null for blank lines, comments and lines that hold no pattern. */
export function parseGitignoreLine(raw: string): GitignoreRule | null {
  let line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
  if (line.length > MAX_PATTERN_LENGTH) return null;
  if (line === '' || line.startsWith('#')) return null;
  // Trailing spaces are dropped unless escaped with a backslash.
  let end = line.length;
  while (end > 0 && line[end - 1] === ' ' && line[end - 2] !== '\\') end--;
  line = line.slice(0, end);
  let negate = false;
  if (line.startsWith('!')) {
    negate = true;
    line = line.slice(1);
  }
  let dirOnly = false;
  if (line.endsWith('/') && !line.endsWith('\\/')) {
    dirOnly = true;
    while (line.endsWith('/')) line = line.slice(0, -1);
  }
  if (line === '') return null;
  const anchored = line.includes('/');
  if (line.startsWith('/')) line = line.slice(1);
  const parts = line.split('/').filter((p) => p !== '');
  const segments: Segment[] = [];
  if (!anchored) segments.push({ globstar: true });
  for (const part of parts) {
    const seg = parseSegment(part);
    // `**/**` is the same as `**`.
    if (seg.globstar && segments.length > 0 && segments[segments.length - 1]!.globstar) continue;
    segments.push(seg);
  }
  return { pattern: raw.trim(), negate, dirOnly, segments };
}

/** The rules of an ignore file's text (or of a list of configured patterns). */
export function parseGitignore(patterns: string | readonly string[]): GitignoreRule[] {
  const lines = typeof patterns === 'string' ? patterns.split('\n') : patterns;
  const rules: GitignoreRule[] = [];
  for (const line of lines) {
    const rule = parseGitignoreLine(line);
    if (rule) rules.push(rule);
  }
  return rules;
}

// The steps matching has taken, over all matchers: ignore files are the repository's, and a
// hostile one can make each test cost pattern × name (`*aaaa…ab` against `aaaa…a`), so the
// walk meters them (ignore-rules.ts) and stops honouring ignore files that cost more than
// the tree allows. Counted, not timed: one step per rule tested, per segment compared and
// per wildcard step.
let steps = 0;
/** Past this many steps a rule test throws MatchStepLimitReached (set around a metered test). */
let stepLimit = Infinity;

/** Matching steps taken so far in this process (compare two readings). */
export function matchSteps(): number {
  return steps;
}

export class MatchStepLimitReached extends Error {
  constructor() {
    super('ignore matching went over its step limit');
    this.name = 'MatchStepLimitReached';
  }
}

/**
 * Runs `test` with rule tests stopped (MatchStepLimitReached) once matchSteps() passes
 * `limit`: the overshoot is at most one rule against one name.
 */
export function withMatchStepLimit<T>(limit: number, test: () => T): T {
  stepLimit = limit;
  try {
    return test();
  } finally {
    stepLimit = Infinity;
  }
}

/** `*`, `?` and classes against one path segment: the classic wildcard walk, O(pattern × text). */
function matchSegment(tokens: Token[], text: string): boolean {
  let p = 0;
  let s = 0;
  let starP = -1;
  let starS = 0;
  let taken = 0;
  let matched: boolean | undefined;
  while (matched === undefined && s < text.length) {
    taken++;
    const token = tokens[p];
    if (token && token.t === 'star') {
      starP = p++;
      starS = s;
    } else if (token && tokenMatches(token, text[s]!)) {
      p++;
      s++;
    } else if (starP < 0) {
      matched = false;
    } else {
      p = starP + 1;
      s = ++starS;
    }
  }
  steps += taken;
  if (matched !== undefined) return matched;
  while (p < tokens.length && tokens[p]!.t === 'star') p++;
  return p === tokens.length;
}

function tokenMatches(token: Token, c: string): boolean {
  switch (token.t) {
    case 'lit':
      return token.c === c;
    case 'any':
      return true;
    case 'class':
      return token.test(c) !== token.negate;
    case 'star':
      return false;
  }
}

/**
 * Whether a rule matches a path relative to the ignore file's folder (POSIX, lower-cased by
 * the caller, no leading or trailing slash). The pattern segments before its first `**` take
 * the first path segments one to one, those after its last `**` the last ones: both are
 * compared directly, from the end, which rejects almost every rule at its last segment.
 * Only a pattern with two or more `**` needs the table: dynamic programming over the middle
 * pattern segments × the middle path segments, `**` taking zero or more segments (one or
 * more when it ends the pattern), in two reused rows.
 */
export function ruleMatches(rule: GitignoreRule, segments: readonly string[], isFolder: boolean, offset = 0): boolean {
  if (++steps > stepLimit) throw new MatchStepLimitReached();
  if (rule.dirOnly && !isFolder) return false;
  const pattern = rule.segments;
  const P = pattern.length;
  const S = segments.length - offset;
  let head = 0;
  while (head < P && !pattern[head]!.globstar) head++;
  if (head === P) {
    if (S !== P) return false;
    for (let k = P - 1; k >= 0; k--) if (!segmentMatches(pattern[k]!, segments[offset + k]!)) return false;
    return true;
  }
  let tailStart = P;
  while (!pattern[tailStart - 1]!.globstar) tailStart--;
  const tail = P - tailStart;
  // A trailing `**` takes at least one segment.
  const trailing = tail === 0;
  if (head + tail + (trailing ? 1 : 0) > S) return false;
  for (let k = tail - 1; k >= 0; k--) if (!segmentMatches(pattern[tailStart + k]!, segments[offset + S - tail + k]!)) return false;
  for (let k = head - 1; k >= 0; k--) if (!segmentMatches(pattern[k]!, segments[offset + k]!)) return false;
  // One `**` between the fixed parts takes whatever lies between them.
  if (tailStart - 1 === head) return true;
  return middleMatches(pattern, head, tailStart, segments, offset + head, offset + S - tail, trailing);
}

/** Callers pass segments outside the `**` runs: never a globstar. */
function segmentMatches(segment: Segment, text: string): boolean {
  steps++;
  const seg = segment as NameSegment;
  return seg.literal !== null ? seg.literal === text : matchSegment(seg.tokens, text);
}

let rowA = new Uint8Array(64);
let rowB = new Uint8Array(64);

/**
 * pattern[from..to) (starting and ending with `**`) against segments[begin..end).
 * `trailing`: the pattern's last `**` is its end, and takes one segment or more.
 */
function middleMatches(pattern: readonly Segment[], from: number, to: number, segments: readonly string[], begin: number, end: number, trailing: boolean): boolean {
  const S = end - begin;
  if (rowA.length < S + 1) {
    rowA = new Uint8Array(2 * (S + 1));
    rowB = new Uint8Array(2 * (S + 1));
  }
  // next[j]: pattern[i+1..to) matches segments[begin+j..end); row[j]: pattern[i..to) does.
  let next = rowA;
  let row = rowB;
  next.fill(0, 0, S + 1);
  next[S] = 1;
  for (let i = to - 1; i >= from; i--) {
    const seg = pattern[i]!;
    if (seg.globstar) {
      const last = trailing && i === to - 1;
      row[S] = last ? 0 : next[S]!;
      for (let j = S - 1; j >= 0; j--) row[j] = last ? 1 : next[j] || row[j + 1] ? 1 : 0;
    } else {
      row[S] = 0;
      for (let j = S - 1; j >= 0; j--) row[j] = next[j + 1] && segmentMatches(seg, segments[begin + j]!) ? 1 : 0;
    }
    const swap = next;
    next = row;
    row = swap;
  }
  return next[0] === 1;
}

/**
 * The rules of one ignore file (or configured pattern list). `test` answers like the
 * `ignore` package: ignored when the last matching rule ignores, unignored when the last
 * matching rule is a negation.
 *
 * Rules are indexed by what their last segment must equal: a literal name (`node_modules`,
 * `/docs/build`) or, for `*.ext`-like segments, the extension. A test looks only at the rules
 * filed under the path's last name and extension, plus those that fit no index (a trailing
 * `**`, wildcards in the extension): a thousand-line ignore file costs a few rule tests per
 * path, not a thousand.
 */
export class GitignoreMatcher {
  private readonly rules: GitignoreRule[] = [];
  /** Rule numbers (ascending) by the literal their last segment must equal. */
  private readonly byName = new Map<string, number[]>();
  /** Rule numbers (ascending) by the extension (after the last `.`) their last segment requires. */
  private readonly byExtension = new Map<string, number[]>();
  /** Rule numbers (ascending) that fit neither index. */
  private readonly unindexed: number[] = [];

  add(patterns: string | readonly string[]): this {
    for (const rule of parseGitignore(patterns)) {
      const lowered = lowerRule(rule);
      const number = this.rules.push(lowered) - 1;
      const key = indexKeyOf(lowered);
      if (key?.by === 'name') pushNumber(this.byName, key.value, number);
      else if (key?.by === 'extension') pushNumber(this.byExtension, key.value, number);
      else this.unindexed.push(number);
    }
    return this;
  }

  get size(): number {
    return this.rules.length;
  }

  /** `path` is relative, POSIX; a trailing `/` marks a folder. */
  test(path: string): { ignored: boolean; unignored: boolean } {
    return this.testSegments(path.toLowerCase().split('/').filter((s) => s !== ''), 0, path.endsWith('/'));
  }

  /**
   * The same for a path given as lower-cased segments, of which those before `offset` lead
   * to this ignore file's folder (so one split serves every level of a walk).
   */
  testSegments(segments: readonly string[], offset: number, isFolder: boolean): { ignored: boolean; unignored: boolean } {
    const name = segments.length > offset ? segments[segments.length - 1]! : '';
    const named = this.byName.get(name) ?? NONE;
    const dot = this.byExtension.size > 0 ? name.lastIndexOf('.') : -1;
    const extended = dot >= 0 ? (this.byExtension.get(name.slice(dot + 1)) ?? NONE) : NONE;
    const other = this.unindexed;
    // The three ascending lists, merged from their ends: the last matching rule decides.
    let a = named.length - 1;
    let b = extended.length - 1;
    let c = other.length - 1;
    while (a >= 0 || b >= 0 || c >= 0) {
      const na = a >= 0 ? named[a]! : -1;
      const nb = b >= 0 ? extended[b]! : -1;
      const nc = c >= 0 ? other[c]! : -1;
      const number = Math.max(na, nb, nc);
      if (number === na) a--;
      else if (number === nb) b--;
      else c--;
      const rule = this.rules[number]!;
      if (!ruleMatches(rule, segments, isFolder, offset)) continue;
      return rule.negate ? UNIGNORED : IGNORED;
    }
    return NO_MATCH;
  }

  ignores(path: string): boolean {
    return this.test(path).ignored;
  }
}

const NONE: readonly number[] = [];
const IGNORED = Object.freeze({ ignored: true, unignored: false });
const UNIGNORED = Object.freeze({ ignored: false, unignored: true });
const NO_MATCH = Object.freeze({ ignored: false, unignored: false });

function pushNumber(map: Map<string, number[]>, key: string, number: number): void {
  const list = map.get(key);
  if (list) list.push(number);
  else map.set(key, [number]);
}

/**
 * What a path's last name must be for the rule to match: the literal itself, or for a last
 * segment like `*.log` or `*yarn-error.log` (a star, then literal characters holding a dot)
 * the extension after the last dot. Null when the last segment is `**` or has wildcards after
 * its last dot: such rules are tested against every path.
 */
function indexKeyOf(rule: GitignoreRule): { by: 'name' | 'extension'; value: string } | null {
  const last = rule.segments[rule.segments.length - 1];
  if (!last || last.globstar) return null;
  if (last.literal !== null) return { by: 'name', value: last.literal };
  const { tokens } = last;
  let tail = '';
  for (let i = tokens.length - 1; i >= 0; i--) {
    const token = tokens[i]!;
    if (token.t !== 'lit') break;
    if (token.c === '.') return { by: 'extension', value: tail };
    tail = token.c + tail;
  }
  return null;
}

function lowerRule(rule: GitignoreRule): GitignoreRule {
  return { ...rule, segments: rule.segments.map(lowerSegment) };
}

function lowerSegment(seg: Segment): Segment {
  if (seg.globstar) return seg;
  const tokens = seg.tokens.map((t): Token => {
    if (t.t === 'lit') return { t: 'lit', c: t.c.toLowerCase() };
    if (t.t === 'class') {
      const { test, negate } = t;
      return { t: 'class', negate, test: (c) => test(c) || test(c.toUpperCase()) };
    }
    return t;
  });
  return { globstar: false, tokens, literal: seg.literal === null ? null : seg.literal.toLowerCase() };
}

// The prefilter's two structural triggers, `split('.')[1]` and a logger call, as linear
// scanners (prefilter.ts holds the word triggers and decides).

/** Owner names of a logger call; `loggerCallFinder` scans on from each. */
const LOGGER_OWNER = /(?:console|log|logger|logging|winston|pino|bunyan)(?![\w$])/gi;

// ---- `split('.')[1]` and logger calls: linear scanners ----------------------------------
//
// Both triggers used to be regular expressions:
//
//   PAYLOAD_SEGMENT  split\((?:'\.'|"\.")\)
//                    (?:\s|\/\/[^\n]*(?:\n|$)|\/\*[\s\S]{0,400}?\*\/|[)!]|(?:as|satisfies)\s[^;\n]{1,160}?\))*
//                    \[(?:\s|\/\/[^\n]*(?:\n|$)|\/\*[\s\S]{0,400}?\*\/)*
//                    0*(?:[xXbBoO]0*)?1(?![0-9_])
//   LOGGER_CALL (gi) (?:console|log|logger|logging|winston|pino|bunyan)(?![\w$])
//                    (?:\s|\/\/[^\n]*(?:\n|$)|\/\*[\s\S]{0,400}?\*\/|[)!?\]'"`]|(?:as|satisfies)\s[^()\n;]{1,160}?\))*
//                    [.[](?:\s|\/\/[^\n]*(?:\n|$)|\/\*[\s\S]{0,400}?\*\/|['"`])*
//                    (?:log|info|warn|error|debug|trace|fatal|verbose|silly|notice|critical)(?![\w$])
//
// A backtracking engine splits their gap loops many ways, and starts again at every
// position: PAYLOAD_SEGMENT was exponential on `split('.')as\t[` then `)as\t[B` repeated (a
// `)` is a gap part of its own and the end of a cast, whose type may hold `)`), LOGGER_CALL
// quadratic on `LOG//F` repeated (a line comment read to its end from every logger name).
// The scanners below accept the same languages in linear time, and give each logger call
// the extent the regex search gave it (its argument list is looked for after it).
//
// Every part of the grammars has one way to match where it stands, except a block comment
// (closed by any `*\/` within 400 characters of its opener) and, in PAYLOAD_SEGMENT, a cast
// (closed by any `)` within 160 characters with no `;` or line feed before it): the gap
// parts start with different characters, a line comment ends at its line feed, the cast of
// LOGGER_CALL at its first `)`, and at most one owner or method name fits before a
// character that is not `[\w$]`. So:
//
// - Forward walk (nearly always enough). From a logger name or a `split('.')`, take the
//   parts as they come, closing each comment and cast at its nearest possible end. That is
//   the first path a backtracking search tries (its lazy bodies end as early as they can):
//   when it reaches the end, it is the regex's match, with the same extent. When it fails,
//   the match fails, unless a part on the way had another possible end: the backward pass
//   decides then. Positions of failed walks are remembered (a later walk that reaches one
//   stops), line feeds and `*\/` are looked up in sorted lists made on first use, and the
//   stretch a logger cast read is kept for the next: the walks read the text about once.
// - Backward pass (once per text, from the first undecided start: it serves every later
//   start too). Walk the text from its end and record, at each position, whether a match can
//   be completed from there: one bit per loop of the grammar (the gap before `.` or `[`, the
//   gap after it). A position's bits follow from those of later positions in constant time;
//   for a comment or a cast, from the nearest end from which a match completes (a further
//   end is no better: it is further away from the opener). Positions inside a word are
//   never the start of a part, and are skipped. The call's extent is then the walk that
//   takes, at each comment, the nearest `*\/` from which the match completes.
//
// test/engine/prefilter.test.ts compares both scanners, separately, with the old regexes.

/** Longest body of a block comment in a gap, and of the type of a cast (`as T)`): the bounds the regexes had. */
const MAX_COMMENT_BODY = 400;
const MAX_CAST_TYPE = 160;

const LINE_FEED = 0x0a;
const BANG = 0x21;
const DOUBLE_QUOTE = 0x22;
const DOLLAR = 0x24;
const SINGLE_QUOTE = 0x27;
const OPEN_PAREN = 0x28;
const CLOSE_PAREN = 0x29;
const STAR = 0x2a;
const DOT = 0x2e;
const SLASH = 0x2f;
const ZERO = 0x30;
const ONE = 0x31;
const NINE = 0x39;
const SEMICOLON = 0x3b;
const QUESTION = 0x3f;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const UNDERSCORE = 0x5f;
const BACKTICK = 0x60;
/** `c | LOWER` is the lower case of an ASCII letter `c` (and no other code maps onto a lower-case letter). */
const LOWER = 0x20;

/** A regular expression's `\s`: WhiteSpace and LineTerminator, the characters `trim` removes. */
function isBlank(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** `[\w$]` (ASCII only, as in a regular expression without the `u` flag, case-insensitive or not). */
function isWordChar(c: number): boolean {
  const l = c | LOWER;
  return (l >= 0x61 && l <= 0x7a) || (c >= ZERO && c <= NINE) || c === UNDERSCORE || c === DOLLAR;
}

const AS = [0x61, 0x73];
const SATISFIES = [...'satisfies'].map((ch) => ch.charCodeAt(0));

/**
 * Where the type of a cast `as T)` or `satisfies T)` starting at `at` begins: after the
 * keyword and one blank (`(?:as|satisfies)\s`); -1 when none starts there.
 */
function castTypeStart(text: string, at: number, ignoreCase: boolean): number {
  const fold = ignoreCase ? LOWER : 0;
  const first = text.charCodeAt(at) | fold;
  const word = first === AS[0] ? AS : first === SATISFIES[0] ? SATISFIES : undefined;
  if (!word) return -1;
  for (let k = 1; k < word.length; k++) if ((text.charCodeAt(at + k) | fold) !== word[k]) return -1;
  return isBlank(text.charCodeAt(at + word.length)) ? at + word.length + 1 : -1;
}

/** `q`, the `*\/` closing a block comment opened at `open`, is within MAX_COMMENT_BODY of it. */
function closesInTime(q: number, open: number): boolean {
  return q >= 0 && q - (open + 2) <= MAX_COMMENT_BODY;
}

// What a character does in the backward passes (ASCII; above it only blanks do anything).
const BLANK = 1;
const QUOTE_KIND = 2;
const SLASH_KIND = 3;
const STAR_KIND = 4;
const CLOSE_PAREN_KIND = 5;
/** Another character that is a gap part by itself before the accessor: `!` (and `?`, `]` in logger calls). */
const BANG_KIND = 6;
/** `[` (and `.` in logger calls): where the gap before the accessor ends. */
const OPEN_BRACKET_KIND = 7;
/** Ends the type of a cast and nothing else: `;` (and `(` in logger calls). */
const STOP_KIND = 8;
/** A character a word, a number or a cast keyword can start with. */
const WORD_START = 9;

function kinds(entries: [string, number][]): Uint8Array {
  const table = new Uint8Array(0x80);
  for (const [chars, kind] of entries) for (const ch of chars) table[ch.charCodeAt(0)] = kind;
  return table;
}

const ASCII_BLANKS = '\t\n\v\f\r ';
const PAYLOAD_KIND = kinds([
  [ASCII_BLANKS, BLANK],
  ['/', SLASH_KIND],
  ['*', STAR_KIND],
  [')', CLOSE_PAREN_KIND],
  ['!', BANG_KIND],
  ['[', OPEN_BRACKET_KIND],
  [';', STOP_KIND],
  ['01asxXbBoO', WORD_START],
]);
const LOGGER_KIND = kinds([
  [ASCII_BLANKS, BLANK],
  ['\'"`', QUOTE_KIND],
  ['/', SLASH_KIND],
  ['*', STAR_KIND],
  [')', CLOSE_PAREN_KIND],
  ['!?]', BANG_KIND],
  ['.[', OPEN_BRACKET_KIND],
  ['(;', STOP_KIND],
  ['abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ', WORD_START],
]);
/** `[\w$]`: a position after one of these is inside a word, never the start of a part. */
const IS_WORD = kinds([['abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_$', 1]]);

/** Loops of PAYLOAD_SEGMENT: the gap between `split('.')` and `[`, and the one inside the brackets. */
const BEFORE_INDEX = 1;
const IN_INDEX = 2;

/**
 * True when `split('.')` or `split(".")` is followed by a gap `unwrap` steps over and an
 * index worth 1 (PAYLOAD_SEGMENT above), anywhere in the text. `exact` skips the forward
 * walks and decides with the backward pass alone (for the tests: both must agree).
 */
export function hasPayloadSegment(text: string, exact = false): boolean {
  const starts: number[] = [];
  for (const call of ["split('.')", 'split(".")']) {
    for (let at = text.indexOf(call); at >= 0; at = text.indexOf(call, at + call.length)) starts.push(at + call.length);
  }
  if (starts.length === 0) return false;
  starts.sort((a, b) => a - b);
  let from = 0;
  if (!exact) {
    const walk = new PayloadWalk(text);
    for (; from < starts.length; from++) {
      const found = walk.from(starts[from]!);
      if (found === FOUND) return true;
      if (found === UNDECIDED) break;
    }
    if (from === starts.length) return false;
  }
  // The gaps after the earlier calls are known to lead nowhere.
  const ok = payloadReach(text, starts[from]!);
  return starts.slice(from).some((at) => (ok[at]! & BEFORE_INDEX) !== 0);
}

/** For every position from `lo` on, the loops of PAYLOAD_SEGMENT from which a match completes there. */
function payloadReach(text: string, lo: number): Uint8Array {
  const n = text.length;
  const ok = new Uint8Array(n + 2);
  // The nearest positions after p that play a part (-1: none); two of each where the
  // nearest can be too near for the part that looks for it.
  let lineFeed = -1;
  let stop1 = -1; // `;` or line feed: ends a cast's type
  let stop2 = -1;
  let paren1 = -1; // `)` from which the gap goes on to a match
  let paren2 = -1;
  let gapClose1 = -1; // `*\/` from which the gap goes on to a match
  let gapClose2 = -1;
  let indexClose1 = -1; // `*\/` from which the index goes on to a match
  let indexClose2 = -1;
  let c = text.charCodeAt(n - 1);
  for (let p = n - 1; p >= lo; p--) {
    const left = text.charCodeAt(p - 1);
    switch (c < 0x80 ? PAYLOAD_KIND[c] : isBlank(c) ? BLANK : 0) {
      case BLANK:
        ok[p] = ok[p + 1]!;
        if (c === LINE_FEED) {
          lineFeed = p;
          stop2 = stop1;
          stop1 = p;
        }
        break;
      case SLASH_KIND: {
        const next = text.charCodeAt(p + 1);
        if (next === SLASH) ok[p] = lineFeed < 0 ? 0 : ok[lineFeed + 1]!;
        else if (next === STAR) {
          // Not the `*\/` of `/*\/`: the body starts after the opener.
          const gap = closesInTime(gapClose1 === p + 1 ? gapClose2 : gapClose1, p) ? BEFORE_INDEX : 0;
          ok[p] = gap | (closesInTime(indexClose1 === p + 1 ? indexClose2 : indexClose1, p) ? IN_INDEX : 0);
        }
        break;
      }
      case STAR_KIND:
        if (text.charCodeAt(p + 1) === SLASH) {
          if (ok[p + 2]! & BEFORE_INDEX) {
            gapClose2 = gapClose1;
            gapClose1 = p;
          }
          if (ok[p + 2]! & IN_INDEX) {
            indexClose2 = indexClose1;
            indexClose1 = p;
          }
        }
        break;
      case CLOSE_PAREN_KIND:
        ok[p] = ok[p + 1]! & BEFORE_INDEX;
        if (ok[p]) {
          paren2 = paren1;
          paren1 = p;
        }
        break;
      case BANG_KIND:
        ok[p] = ok[p + 1]! & BEFORE_INDEX;
        break;
      case OPEN_BRACKET_KIND:
        ok[p] = ok[p + 1]! & IN_INDEX ? BEFORE_INDEX : 0;
        break;
      case STOP_KIND:
        stop2 = stop1;
        stop1 = p;
        break;
      case WORD_START: {
        // Never read when inside a word (see the section header): skipped.
        if (left < 0x80 && IS_WORD[left]) break;
        let bits = isLiteralOne(text, p) ? IN_INDEX : 0;
        const type = castTypeStart(text, p, false);
        if (type >= 0) {
          // The type is at least one character, so a `)` right where it starts is part of it.
          const close = paren1 === type ? paren2 : paren1;
          // A line feed just before `type` is the blank after the keyword.
          const stop = stop1 >= type ? stop1 : stop2;
          if (close >= 0 && close - type <= MAX_CAST_TYPE && (stop < 0 || stop > close)) bits |= BEFORE_INDEX;
        }
        ok[p] = bits;
        break;
      }
    }
    c = left;
  }
  return ok;
}

/** A literal worth 1 at `at`: `0*(?:[xXbBoO]0*)?1(?![0-9_])`. */
function isLiteralOne(text: string, at: number): boolean {
  let i = at;
  while (text.charCodeAt(i) === ZERO) i++;
  if (isRadixLetter(text.charCodeAt(i))) {
    i++;
    while (text.charCodeAt(i) === ZERO) i++;
  }
  return text.charCodeAt(i) === ONE && !isDigitOrUnderscore(text.charCodeAt(i + 1));
}

function isDigitOrUnderscore(c: number): boolean {
  return (c >= ZERO && c <= NINE) || c === UNDERSCORE;
}

/** `[xXbBoO]` */
function isRadixLetter(c: number): boolean {
  const l = c | LOWER;
  return l === 0x78 || l === 0x62 || l === 0x6f;
}

/** Loops of LOGGER_CALL: the gap between the owner name and `.` or `[`, and the one after it. */
const BEFORE_ACCESSOR = 1;
const AFTER_ACCESSOR = 2;

/** The log method names, by the index of their first letter in the alphabet (no two share it). */
const METHODS_BY_LETTER: (number[] | undefined)[] = (() => {
  const byLetter: (number[] | undefined)[] = Array.from({ length: 26 }, () => undefined);
  for (const name of ['log', 'info', 'warn', 'error', 'debug', 'trace', 'fatal', 'verbose', 'silly', 'notice', 'critical']) {
    const codes = [...name].map((ch) => ch.charCodeAt(0));
    if (byLetter[codes[0]! - 0x61]) throw new Error(`two log methods start with ${name[0]}`);
    byLetter[codes[0]! - 0x61] = codes;
  }
  return byLetter;
})();

/** Length of the log method name at `at` (any case, not followed by `[\w$]`); 0 when none is there. */
function methodLength(text: string, at: number): number {
  const name = METHODS_BY_LETTER[(text.charCodeAt(at) | LOWER) - 0x61];
  if (!name) return 0;
  for (let k = 1; k < name.length; k++) if ((text.charCodeAt(at + k) | LOWER) !== name[k]) return 0;
  return isWordChar(text.charCodeAt(at + name.length)) ? 0 : name.length;
}

/**
 * The logger calls of `text` as a global search with LOGGER_CALL finds them: `next(from)`
 * is the first match that starts at or after `from` (a search from `lastIndex = from`),
 * with the end the regex search gave it; null when there is none. `exact` skips the
 * forward walks and decides with the backward pass alone (for the tests: both must agree).
 */
export function loggerCallFinder(text: string, exact = false): (from: number) => { index: number; end: number } | null {
  const walk = exact ? undefined : new LoggerWalk(text);
  let ok: Uint8Array | undefined;
  return (from) => {
    LOGGER_OWNER.lastIndex = from;
    for (let owner = LOGGER_OWNER.exec(text); owner; owner = LOGGER_OWNER.exec(text)) {
      const gap = owner.index + owner[0].length;
      let end = ok ? UNDECIDED : (walk?.from(gap) ?? UNDECIDED);
      if (end === UNDECIDED) {
        // Searches only go forward: no later search needs a position before this one.
        ok ??= loggerReach(text, gap);
        // -1 from loggerCallEnd cannot happen (the walk follows the bits); were it to, the caller passes the file.
        end = ok[gap]! & BEFORE_ACCESSOR ? loggerCallEnd(text, ok, gap) : NOT_FOUND;
        if (end === NOT_FOUND && ok[gap]! & BEFORE_ACCESSOR) return { index: owner.index, end: -1 };
      }
      if (end >= 0) return { index: owner.index, end };
    }
    return null;
  };
}

/** For every position from `lo` on, the loops of LOGGER_CALL from which a match completes there. */
function loggerReach(text: string, lo: number): Uint8Array {
  const n = text.length;
  const ok = new Uint8Array(n + 2);
  let lineFeed = -1;
  let stop1 = -1; // `(`, `)`, `;` or line feed: ends a cast's type
  let stop2 = -1;
  let gapClose1 = -1; // `*\/` from which the gap before the accessor goes on to a match
  let gapClose2 = -1;
  let accessClose1 = -1; // `*\/` from which the gap after it goes on to a match
  let accessClose2 = -1;
  let c = text.charCodeAt(n - 1);
  for (let p = n - 1; p >= lo; p--) {
    const left = text.charCodeAt(p - 1);
    switch (c < 0x80 ? LOGGER_KIND[c] : isBlank(c) ? BLANK : 0) {
      case BLANK:
      case QUOTE_KIND:
        ok[p] = ok[p + 1]!;
        if (c === LINE_FEED) {
          lineFeed = p;
          stop2 = stop1;
          stop1 = p;
        }
        break;
      case SLASH_KIND: {
        const next = text.charCodeAt(p + 1);
        if (next === SLASH) ok[p] = lineFeed < 0 ? 0 : ok[lineFeed + 1]!;
        else if (next === STAR) {
          const gap = closesInTime(gapClose1 === p + 1 ? gapClose2 : gapClose1, p) ? BEFORE_ACCESSOR : 0;
          ok[p] = gap | (closesInTime(accessClose1 === p + 1 ? accessClose2 : accessClose1, p) ? AFTER_ACCESSOR : 0);
        }
        break;
      }
      case STAR_KIND:
        if (text.charCodeAt(p + 1) === SLASH) {
          if (ok[p + 2]! & BEFORE_ACCESSOR) {
            gapClose2 = gapClose1;
            gapClose1 = p;
          }
          if (ok[p + 2]! & AFTER_ACCESSOR) {
            accessClose2 = accessClose1;
            accessClose1 = p;
          }
        }
        break;
      case CLOSE_PAREN_KIND:
        ok[p] = ok[p + 1]! & BEFORE_ACCESSOR;
        stop2 = stop1;
        stop1 = p;
        break;
      case BANG_KIND:
        ok[p] = ok[p + 1]! & BEFORE_ACCESSOR;
        break;
      case OPEN_BRACKET_KIND:
        ok[p] = ok[p + 1]! & AFTER_ACCESSOR ? BEFORE_ACCESSOR : 0;
        break;
      case STOP_KIND:
        stop2 = stop1;
        stop1 = p;
        break;
      case WORD_START: {
        // Never read when inside a word (see the section header): skipped.
        if (left < 0x80 && IS_WORD[left]) break;
        let bits = methodLength(text, p) > 0 ? AFTER_ACCESSOR : 0;
        const type = castTypeStart(text, p, true);
        if (type >= 0) {
          // The type holds no `(`, `)`, `;` or line break: it ends at the first of them, which
          // must be a `)`. A line feed just before `type` is the blank after the keyword.
          const close = stop1 >= type ? stop1 : stop2;
          if (close > type && close - type <= MAX_CAST_TYPE && text.charCodeAt(close) === CLOSE_PAREN && ok[close + 1]! & BEFORE_ACCESSOR) bits |= BEFORE_ACCESSOR;
        }
        ok[p] = bits;
        break;
      }
    }
    c = left;
  }
  return ok;
}

/**
 * Where the logger call whose gap starts at `from` ends (after the method name), on the
 * path the regex search took: every part as it comes, each block comment closed by the
 * nearest `*\/` from which the match completes. `ok[from]` has BEFORE_ACCESSOR, so the
 * walk always reaches a method name; -1 would mean that the two passes disagree.
 */
function loggerCallEnd(text: string, ok: Uint8Array, from: number): number {
  let loop = BEFORE_ACCESSOR;
  let p = from;
  while (p < text.length && ok[p]! & loop) {
    const c = text.charCodeAt(p);
    const next = text.charCodeAt(p + 1);
    if (isBlank(c) || c === SINGLE_QUOTE || c === DOUBLE_QUOTE || c === BACKTICK) p++;
    else if (c === SLASH && next === SLASH) p = text.indexOf('\n', p + 2) + 1;
    else if (c === SLASH && next === STAR) {
      let close = text.indexOf('*/', p + 2);
      while (close >= 0 && !(ok[close + 2]! & loop)) close = text.indexOf('*/', close + 2);
      if (close < 0) break;
      p = close + 2;
    } else if (loop === AFTER_ACCESSOR) return p + methodLength(text, p);
    else if (c === DOT || c === OPEN_BRACKET) {
      p++;
      loop = AFTER_ACCESSOR;
    } else if (c === CLOSE_PAREN || c === BANG || c === QUESTION || c === CLOSE_BRACKET) p++;
    else {
      const type = castTypeStart(text, p, true);
      const close = type < 0 ? -1 : text.indexOf(')', type);
      if (close < 0) break;
      p = close + 1;
    }
  }
  return -1; // not reached: the bits say where the match goes on
}

// ---- forward walks (see the section header above) -------------------------------------

/** A walk found a match (PAYLOAD_SEGMENT only says whether there is one). */
const FOUND = -2;
/** A walk failed, but a part on its way could have ended further on. */
const UNDECIDED = -3;
/** No match. */
const NOT_FOUND = -1;

/** Sorted positions of `needle` in `text` (overlapping ones too). */
function positionsOf(text: string, needle: string): number[] {
  const found: number[] = [];
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) found.push(at);
  return found;
}

/** Index of the first value of `sorted` at or after `from` (its length when none is). */
function firstFrom(sorted: readonly number[], from: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < from) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** What both walks need: comment ends looked up, and the positions already known to fail. */
class Walk {
  private lineFeeds: number[] | undefined;
  private closers: number[] | undefined;
  /** `2 * position + loop - 1` for the positions where a walk failed with nothing left to try. */
  protected readonly failed = new Set<number>();
  /** Set when a part of the current walk could have ended further on. */
  protected undecided = false;

  constructor(protected readonly text: string) {}

  /** Just after the line comment that starts at `at` (after its line feed); -1 when the text ends first (no match then). */
  protected lineCommentEnd(at: number): number {
    this.lineFeeds ??= positionsOf(this.text, '\n');
    const lineFeed = this.lineFeeds[firstFrom(this.lineFeeds, at + 2)];
    return lineFeed === undefined ? -1 : lineFeed + 1;
  }

  /** Just after the nearest `*\/` that can close the block comment opened at `at`; -1 when none can. */
  protected blockCommentEnd(at: number): number {
    this.closers ??= positionsOf(this.text, '*/');
    const i = firstFrom(this.closers, at + 2);
    const close = this.closers[i];
    if (close === undefined || !closesInTime(close, at)) return -1;
    const another = this.closers[i + 1];
    if (another !== undefined && closesInTime(another, at)) this.undecided = true;
    return close + 2;
  }

  /** After a walk that failed: where it went leads nowhere, unless it passed a part with another way out. */
  protected fail(visited: number[]): number {
    if (this.undecided) return UNDECIDED;
    for (const key of visited) this.failed.add(key);
    return NOT_FOUND;
  }
}

class PayloadWalk extends Walk {
  /** FOUND, NOT_FOUND or UNDECIDED for the gap after a `split('.')` that ends at `start`. */
  from(start: number): number {
    const { text } = this;
    this.undecided = false;
    const visited: number[] = [];
    let loop = BEFORE_INDEX;
    let p = start;
    for (;;) {
      const key = 2 * p + loop - 1;
      if (this.failed.has(key)) break;
      visited.push(key);
      const c = text.charCodeAt(p);
      const next = text.charCodeAt(p + 1);
      if (isBlank(c)) p++;
      else if (c === SLASH && next === SLASH) p = this.lineCommentEnd(p);
      else if (c === SLASH && next === STAR) p = this.blockCommentEnd(p);
      else if (loop === IN_INDEX) return isLiteralOne(text, p) ? FOUND : this.fail(visited);
      else if (c === CLOSE_PAREN || c === BANG) p++;
      else if (c === OPEN_BRACKET) {
        p++;
        loop = IN_INDEX;
      } else p = this.castEnd(p);
      if (p < 0) break;
    }
    return this.fail(visited);
  }

  /** Just after the nearest `)` that can close a cast `as T)` at `at`; -1 when there is none. */
  private castEnd(at: number): number {
    const { text } = this;
    const type = castTypeStart(text, at, false);
    if (type < 0) return -1;
    let close = -1;
    // The type is 1 to MAX_CAST_TYPE characters other than `;` and line feed (`)` included).
    for (let i = type; i <= type + MAX_CAST_TYPE && i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === CLOSE_PAREN && i > type) {
        if (close >= 0) {
          this.undecided = true; // the type may run on to this `)` too
          break;
        }
        close = i;
      } else if (c === SEMICOLON || c === LINE_FEED) break; // no `)` after it can close the cast
    }
    return close < 0 ? -1 : close + 1;
  }
}

class LoggerWalk extends Walk {
  /** The end of the logger call whose gap starts at `gap` (after the method name), NOT_FOUND or UNDECIDED. */
  from(gap: number): number {
    const { text } = this;
    this.undecided = false;
    const visited: number[] = [];
    let loop = BEFORE_ACCESSOR;
    let p = gap;
    for (;;) {
      const key = 2 * p + loop - 1;
      if (this.failed.has(key)) break;
      visited.push(key);
      const c = text.charCodeAt(p);
      const next = text.charCodeAt(p + 1);
      if (isBlank(c) || c === SINGLE_QUOTE || c === DOUBLE_QUOTE || c === BACKTICK) p++;
      else if (c === SLASH && next === SLASH) p = this.lineCommentEnd(p);
      else if (c === SLASH && next === STAR) p = this.blockCommentEnd(p);
      else if (loop === AFTER_ACCESSOR) {
        const length = methodLength(text, p);
        return length > 0 ? p + length : this.fail(visited);
      } else if (c === CLOSE_PAREN || c === BANG || c === QUESTION || c === CLOSE_BRACKET) p++;
      else if (c === DOT || c === OPEN_BRACKET) {
        p++;
        loop = AFTER_ACCESSOR;
      } else p = this.castEnd(p);
      if (p < 0) break;
    }
    return this.fail(visited);
  }

  /** No `(`, `)`, `;` or line feed from `clearFrom` to just before `clearTo` (one stretch, read once for the casts that fall in it). */
  private clearFrom = 0;
  private clearTo = 0;

  /** Just after the `)` that closes a cast `as T)` at `at` (its type holds no `(`, `)`, `;` or line break); -1 when none does. */
  private castEnd(at: number): number {
    const { text } = this;
    const type = castTypeStart(text, at, true);
    if (type < 0) return -1;
    let i = type;
    if (type >= this.clearFrom && type <= this.clearTo) i = this.clearTo;
    else this.clearFrom = type;
    const last = Math.min(type + MAX_CAST_TYPE, text.length - 1);
    while (i <= last && !isCastStop(text.charCodeAt(i))) i++;
    this.clearTo = i;
    return i <= last && text.charCodeAt(i) === CLOSE_PAREN && i > type ? i + 1 : -1;
  }
}

/** `(`, `)`, `;`, line feed: where the type of a cast in a logger call ends. */
function isCastStop(c: number): boolean {
  return c === OPEN_PAREN || c === CLOSE_PAREN || c === SEMICOLON || c === LINE_FEED;
}

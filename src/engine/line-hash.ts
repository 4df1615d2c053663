// GitHub code scanning identifies an alert partly by `partialFingerprints.primaryLocationLineHash`.
// When a SARIF file lacks it, github/codeql-action's upload step computes it from the checked-out
// file; a direct API upload gets nothing, and alerts then duplicate across runs. jwtlint computes
// the same value itself so that both ways of uploading agree. The scheme (codeql-action
// `src/fingerprints.ts`): a rolling polynomial hash (base 37, 64-bit wrap-around) over the next
// 100 characters from the start of each line, spaces and tabs skipped, CR and CRLF read as LF,
// one end-of-file character (0xFFFF) appended, then zeros; the value is the unsigned hex of the
// hash, plus `:n` for its n-th occurrence in the file.

const WINDOW = 100;
const BASE = 37;
const TWO_32 = 0x1_0000_0000;
const END_OF_FILE = 0xffff;
const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;

// No BigInt (it allocates per character and dominated the cost): the constants below are
// computed in two unsigned 32-bit halves, whose products stay under 2^53, and the running
// hash in four 16-bit limbs.

/** 37^100 mod 2^64 as [high, low]: the weight of the character that leaves the window. */
const LEAVING_WEIGHT: readonly [number, number] = (() => {
  let high = 0;
  let low = 1;
  for (let i = 0; i < WINDOW; i++) [high, low] = mulAdd(high, low, BASE, 0);
  return [high, low];
})();

/** (high·2^32 + low) · factor + addend, mod 2^64; factor < 2^20, addend < 2^32. */
function mulAdd(high: number, low: number, factor: number, addend: number): [number, number] {
  const lowProduct = low * factor + addend;
  const carry = Math.floor(lowProduct / TWO_32);
  return [(high * factor + carry) % TWO_32, lowProduct % TWO_32];
}

// The leaving weight of each character code as four 16-bit limbs (lowest first), computed on
// first use and shared by every file.
const weights = new Uint16Array(0x10000 * 4);
const weightKnown = new Uint8Array(0x10000);

/**
 * Line hashes of a file's text as GitHub computes them, indexed by line number (index 0 is
 * unused). Pass the text exactly as read from disk as UTF-8 (byte-order mark included). A
 * text ending with a line break has one more (empty) line, as in GitHub's scheme.
 */
export function lineHashes(text: string): string[] {
  const values = lineValues(text);
  const counted = countedHashes(values, null);
  return ['', ...Array.from({ length: values.lines }, (_, i) => counted.get(i + 1)!)];
}

/**
 * The hashes of some lines only (those with findings), the same as `lineHashes(text)[line]`.
 * A wanted line's value is its window's hash; its occurrence number counts the lines above
 * with the same window, and lines whose window differs are told apart by their first
 * characters, so a finding in a lockfile of megabytes costs a look at the start of each line
 * above it, not the hash arithmetic for every character. When many lines start like a wanted
 * one (a repeated line), or many lines are wanted, one full pass is cheaper and is used.
 */
export function lineHashesAt(text: string, wanted: Iterable<number>): Map<number, string> {
  const starts = lineStarts(text);
  const lines = [...new Set(wanted)].filter((line) => line >= 1 && line <= starts.length).sort((a, b) => a - b);
  if (lines.length === 0) return new Map();
  if (lines.length * FULL_PASS_LINES_PER_WANTED < starts.length) {
    const selected = selectedLineHashes(text, starts, lines);
    if (selected) return selected;
  }
  return countedHashes(lineValues(text), new Set(lines));
}

/** Below one wanted line per this many lines, the selective count is tried first. */
const FULL_PASS_LINES_PER_WANTED = 64;

/** Where each line starts (index 0: line 1), breaking at LF, CRLF and a lone CR as GitHub's scheme does. */
function lineStarts(text: string): number[] {
  const starts = [0];
  if (!text.includes('\r')) {
    for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
    return starts;
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === LF) starts.push(i + 1);
    else if (c === CR) {
      if (text.charCodeAt(i + 1) === LF) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

/**
 * Reads the window of the line starting at `start` as the scheme reads it (spaces and tabs
 * skipped, CR and CRLF as LF, the end-of-file character, then zeros): into `out` when given,
 * and compared with `against` when given, stopping at the first difference. Returns how many
 * characters of the window were read and agree (WINDOW when all).
 */
function scanWindow(text: string, start: number, out: Uint16Array | null, against: Uint16Array | null): number {
  const n = text.length;
  let i = start;
  let afterCr = false;
  let k = 0;
  while (k < WINDOW) {
    let code: number;
    if (i < n) {
      const raw = text.charCodeAt(i++);
      if (raw === SPACE || raw === TAB || (afterCr && raw === LF)) {
        afterCr = false;
        continue;
      }
      afterCr = raw === CR;
      code = afterCr ? LF : raw;
    } else {
      code = i++ === n ? END_OF_FILE : 0;
    }
    if (against && code !== against[k]) return k;
    if (out) out[k] = code;
    k++;
  }
  return k;
}

/** The hash of one window: the polynomial the rolling hash holds when the window is full. */
function windowValue(window: Uint16Array): { high: number; low: number } {
  let high = 0;
  let low = 0;
  for (let k = 0; k < WINDOW; k++) [high, low] = mulAdd(high, low, BASE, window[k]!);
  return { high, low };
}

/**
 * The selective count for ascending `wanted` lines, or null when comparing windows would
 * read more than the full pass (lines that start alike, over and over).
 */
function selectedLineHashes(text: string, starts: readonly number[], wanted: readonly number[]): Map<number, string> | null {
  // Distinct windows of the wanted lines; equal windows share one entry (and one count).
  const windows: { window: Uint16Array; hex: string; count: number }[] = [];
  const byFirst = new Map<number, number[]>();
  const entryOfLine = new Map<number, number>();
  for (const line of wanted) {
    const window = new Uint16Array(WINDOW);
    scanWindow(text, starts[line - 1]!, window, null);
    const sameFirst = byFirst.get(window[0]!) ?? [];
    let entry = sameFirst.find((e) => agreeingWindows(windows[e]!.window, window));
    if (entry === undefined) {
      const { high, low } = windowValue(window);
      entry = windows.push({ window, hex: hexOf(high, low), count: 0 }) - 1;
      sameFirst.push(entry);
      byFirst.set(window[0]!, sameFirst);
    }
    entryOfLine.set(line, entry);
  }
  const budget = 2 * text.length + WINDOW;
  let work = 0;
  const result = new Map<number, string>();
  const last = wanted[wanted.length - 1]!;
  for (let line = 1; line <= last; line++) {
    const start = starts[line - 1]!;
    const first = firstCode(text, start);
    work += 1;
    const candidates = byFirst.get(first);
    if (!candidates) continue;
    for (const e of candidates) {
      const agreeing = scanWindow(text, start, null, windows[e]!.window);
      work += agreeing + 1;
      if (agreeing === WINDOW) {
        windows[e]!.count++;
        break;
      }
    }
    if (work > budget) return null;
    const entry = entryOfLine.get(line);
    if (entry !== undefined) result.set(line, `${windows[entry]!.hex}:${windows[entry]!.count}`);
  }
  return result;
}

function agreeingWindows(a: Uint16Array, b: Uint16Array): boolean {
  for (let k = 0; k < WINDOW; k++) if (a[k] !== b[k]) return false;
  return true;
}

/** The first character of a line's window (its first character that is not a space or tab). */
function firstCode(text: string, start: number): number {
  const n = text.length;
  let i = start;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c !== SPACE && c !== TAB) return c === CR ? LF : c;
    i++;
  }
  return END_OF_FILE;
}

/** `hex:n` for the wanted lines (every line when null), n counting equal hashes from the top. */
function countedHashes(values: LineValues, wanted: Set<number> | null): Map<number, string> {
  const lows = wanted && new Set([...wanted].map((line) => values.low[line]!));
  const seen = new Map<string, number>();
  const result = new Map<number, string>();
  for (let line = 1; line <= values.lines; line++) {
    if (lows && !lows.has(values.low[line]!)) continue;
    const hex = hexOf(values.high[line]!, values.low[line]!);
    const count = (seen.get(hex) ?? 0) + 1;
    seen.set(hex, count);
    if (!wanted || wanted.has(line)) result.set(line, `${hex}:${count}`);
  }
  return result;
}

function hexOf(high: number, low: number): string {
  return high === 0 ? low.toString(16) : high.toString(16) + low.toString(16).padStart(8, '0');
}

interface LineValues {
  high: Float64Array;
  low: Float64Array;
  lines: number;
}

/** The leaving weight of a character code as four 16-bit limbs at `weights[code * 4]`, computed on first use. */
function ensureWeight(code: number): void {
  if (weightKnown[code] === 1) return;
  // LEAVING_WEIGHT · code mod 2^64, with code < 2^16.
  const [wHigh, wLow] = mulAdd(LEAVING_WEIGHT[0], LEAVING_WEIGHT[1], code, 0);
  const w = code * 4;
  weights[w] = wLow % 0x10000;
  weights[w + 1] = Math.floor(wLow / 0x10000);
  weights[w + 2] = wHigh % 0x10000;
  weights[w + 3] = Math.floor(wHigh / 0x10000);
  weightKnown[code] = 1;
}

/**
 * The 64-bit hash of every line, as unsigned 32-bit halves indexed by line number. One loop
 * with every piece of state in a local (no closure over mutable state): it runs once per
 * character of a file with findings, lockfiles of megabytes included.
 */
function lineValues(text: string): LineValues {
  // A line starts after each LF or lone CR, plus the first: at most that many lines.
  let breaks = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) breaks++;
  for (let at = text.indexOf('\r'); at !== -1; at = text.indexOf('\r', at + 1)) breaks++;
  const high = new Float64Array(breaks + 2);
  const low = new Float64Array(breaks + 2);
  const window = new Uint16Array(WINDOW);
  const lineAt = new Int32Array(WINDOW).fill(-1);
  let h0 = 0;
  let h1 = 0;
  let h2 = 0;
  let h3 = 0;
  let index = 0;
  let line = 0;
  let atLineStart = true;
  let afterCr = false;
  const n = text.length;
  // The text, one end-of-file character, then WINDOW zeros that flush the last lines.
  for (let i = 0; i < n + 1 + WINDOW; i++) {
    let code: number;
    if (i <= n) {
      const raw = i < n ? text.charCodeAt(i) : END_OF_FILE;
      if (raw === SPACE || raw === TAB || (afterCr && raw === LF)) {
        afterCr = false;
        continue;
      }
      code = raw === CR ? LF : raw;
      afterCr = raw === CR;
    } else {
      code = 0;
    }
    // The line whose window is now full gets its value.
    const ending = lineAt[index]!;
    if (ending !== -1) {
      high[ending] = h3 * 0x10000 + h2;
      low[ending] = h1 * 0x10000 + h0;
      lineAt[index] = -1;
    }
    if (i <= n) {
      if (atLineStart) {
        atLineStart = false;
        lineAt[index] = ++line;
      }
      if (code === LF) atLineStart = true;
    }
    const out = window[index]!;
    window[index] = code;
    ensureWeight(out);
    const w = out * 4;
    // hash · 37 + code, then minus the leaving character's weight, in four 16-bit limbs with
    // small-integer arithmetic only.
    let t = h0 * BASE + code;
    h0 = t & 0xffff;
    t = h1 * BASE + (t >>> 16);
    h1 = t & 0xffff;
    t = h2 * BASE + (t >>> 16);
    h2 = t & 0xffff;
    h3 = (h3 * BASE + (t >>> 16)) & 0xffff;
    t = h0 - weights[w]!;
    h0 = t & 0xffff;
    t = h1 - weights[w + 1]! - (t < 0 ? 1 : 0);
    h1 = t & 0xffff;
    t = h2 - weights[w + 2]! - (t < 0 ? 1 : 0);
    h2 = t & 0xffff;
    h3 = (h3 - weights[w + 3]! - (t < 0 ? 1 : 0)) & 0xffff;
    index = index + 1 === WINDOW ? 0 : index + 1;
  }
  return { high, low, lines: line };
}

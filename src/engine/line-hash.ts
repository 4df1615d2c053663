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

// The 64-bit hash is kept as two unsigned 32-bit halves in plain numbers: every product
// below stays under 2^53, so the arithmetic is exact without BigInt (which allocates per
// character and dominated the cost).

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

/**
 * Line hashes of a file's text as GitHub computes them, indexed by line number (index 0 is
 * unused). Pass the text exactly as read from disk as UTF-8 (byte-order mark included). A
 * text ending with a line break has one more (empty) line, as in GitHub's scheme.
 */
export function lineHashes(text: string): string[] {
  const hashes: string[] = [''];
  const window = new Array<number>(WINDOW).fill(0);
  const lineAt = new Array<number>(WINDOW).fill(-1);
  const leaving = new Map<number, [number, number]>();
  const seen = new Map<string, number>();
  let high = 0;
  let low = 0;
  let index = 0;
  let line = 0;
  let atLineStart = true;
  let afterCr = false;

  const emit = () => {
    const hex = high === 0 ? low.toString(16) : high.toString(16) + low.toString(16).padStart(8, '0');
    const count = (seen.get(hex) ?? 0) + 1;
    seen.set(hex, count);
    hashes[lineAt[index]!] = `${hex}:${count}`;
    lineAt[index] = -1;
  };
  const push = (code: number) => {
    const out = window[index]!;
    window[index] = code;
    let weighted = leaving.get(out);
    if (weighted === undefined) {
      // LEAVING_WEIGHT · out mod 2^64, with out < 2^16.
      weighted = mulAdd(LEAVING_WEIGHT[0], LEAVING_WEIGHT[1], out, 0);
      leaving.set(out, weighted);
    }
    [high, low] = mulAdd(high, low, BASE, code);
    // Subtract the leaving character's weight, borrowing from the high half.
    low -= weighted[1];
    high -= weighted[0];
    if (low < 0) {
      low += TWO_32;
      high -= 1;
    }
    if (high < 0) high += TWO_32;
    index = (index + 1) % WINDOW;
  };
  const read = (raw: number) => {
    if (raw === SPACE || raw === TAB || (afterCr && raw === LF)) {
      afterCr = false;
      return;
    }
    const code = raw === CR ? LF : raw;
    afterCr = raw === CR;
    if (lineAt[index] !== -1) emit();
    if (atLineStart) {
      atLineStart = false;
      lineAt[index] = ++line;
    }
    if (code === LF) atLineStart = true;
    push(code);
  };

  for (let i = 0; i < text.length; i++) read(text.charCodeAt(i));
  read(END_OF_FILE);
  for (let i = 0; i < WINDOW; i++) {
    if (lineAt[index] !== -1) emit();
    push(0);
  }
  return hashes;
}

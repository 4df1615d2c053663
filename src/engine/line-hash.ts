// GitHub code scanning identifies an alert partly by `partialFingerprints.primaryLocationLineHash`.
// When a SARIF file lacks it, github/codeql-action's upload step computes it from the checked-out
// file; a direct API upload gets nothing, and alerts then duplicate across runs. jwtlint computes
// the same value itself so that both ways of uploading agree. The scheme (codeql-action
// `src/fingerprints.ts`): a rolling polynomial hash (base 37, 64-bit wrap-around) over the next
// 100 characters from the start of each line, spaces and tabs skipped, CR and CRLF read as LF,
// one end-of-file character (0xFFFF) appended, then zeros; the value is the unsigned hex of the
// hash, plus `:n` for its n-th occurrence in the file.

const WINDOW = 100;
const BASE = 37n;
const MASK = (1n << 64n) - 1n;
const END_OF_FILE = 0xffff;
const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;

/** 37^100 mod 2^64: the weight of the character that leaves the window. */
const LEAVING_WEIGHT = (() => {
  let weight = 1n;
  for (let i = 0; i < WINDOW; i++) weight = (weight * BASE) & MASK;
  return weight;
})();

/**
 * Line hashes of a file's text as GitHub computes them, indexed by line number (index 0 is
 * unused). Pass the text exactly as read from disk as UTF-8 (byte-order mark included). A
 * text ending with a line break has one more (empty) line, as in GitHub's scheme.
 */
export function lineHashes(text: string): string[] {
  const hashes: string[] = [''];
  const window = new Array<number>(WINDOW).fill(0);
  const lineAt = new Array<number>(WINDOW).fill(-1);
  const leaving = new Map<number, bigint>();
  const seen = new Map<string, number>();
  let hash = 0n;
  let index = 0;
  let line = 0;
  let atLineStart = true;
  let afterCr = false;

  const emit = () => {
    const hex = hash.toString(16);
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
      weighted = (LEAVING_WEIGHT * BigInt(out)) & MASK;
      leaving.set(out, weighted);
    }
    hash = (hash * BASE + BigInt(code) - weighted) & MASK;
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

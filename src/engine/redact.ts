import type { MaskedEvidence } from './types.js';

// Secrets and tokens never leave the engine in full: a short prefix, then asterisks.
export function maskedPreview(text: string): string {
  const firstLine = text.split(/\r?\n/)[0] ?? '';
  const source = firstLine.startsWith('-----BEGIN') ? firstLine : text;
  if (source.startsWith('-----BEGIN')) return `${source.slice(0, 16)}***`;
  const shown = text.length >= 24 ? 4 : text.length >= 10 ? 2 : text.length >= 4 ? 1 : 0;
  return `${text.slice(0, shown)}${'*'.repeat(Math.min(8, Math.max(3, text.length - shown)))}`;
}

export function maskEvidence(kind: MaskedEvidence['kind'], text: string): MaskedEvidence {
  return { kind, preview: maskedPreview(text), length: text.length };
}

/**
 * Secrets shorter than this are masked where they occur whole; longer ones wherever this
 * many of their characters in a row occur (a value continued on the next line, a snippet
 * cut short). Long enough that ordinary code rarely shares such a run with a secret, which
 * would mask unrelated lines and change their fingerprints.
 */
const GRAM = 12;

/** A state with this many ASCII transitions also gets a table of them, indexed by character. */
const DENSE_DEGREE = 16;

/**
 * Suffix automaton of the reversed long pieces (a generalized one: every piece's reversal is
 * added from the root). A walk over the text from its end gives, for each position, the
 * length of the longest run of the text starting there that occurs in some piece (the
 * "matching statistics"): a suffix of the reversed text is a substring of a reversed piece
 * exactly when the run it spells forwards is a substring of the piece.
 *
 * Storage is flat typed arrays: per state its length, suffix link and first edge; per edge its
 * character, target and the next edge of the same state. A state with many transitions (the
 * root, and the short strings of a random-looking key) also indexes its ASCII edges in a
 * 128-slot table, so that no lookup scans more than DENSE_DEGREE edges of printable text.
 */
class ReversedPieceAutomaton {
  len: Int32Array;
  link: Int32Array;
  head: Int32Array;
  /** Offset of the state's table in `tables`, or -1. */
  dense: Int32Array;
  /** ASCII edges of a state without a table, counted up to DENSE_DEGREE. */
  degree: Uint8Array;
  edgeChar: Uint16Array;
  edgeTo: Int32Array;
  edgeNext: Int32Array;
  /** 128 edge numbers (or -1) per state that has a table. */
  tables: Int32Array;
  states = 0;
  edges = 0;
  tableSlots = 0;

  constructor(totalLength: number) {
    // A generalized automaton over pieces of total length m has fewer than 2m + 1 states and
    // about 3m transitions; the arrays grow if that estimate is short and are trimmed after.
    const states = 2 * totalLength + 2;
    const edges = 3 * totalLength + 4;
    this.len = new Int32Array(states);
    this.link = new Int32Array(states);
    this.head = new Int32Array(states);
    this.dense = new Int32Array(states);
    this.degree = new Uint8Array(states);
    this.edgeChar = new Uint16Array(edges);
    this.edgeTo = new Int32Array(edges);
    this.edgeNext = new Int32Array(edges);
    this.tables = new Int32Array(128 * 16);
    this.newState(0, -1); // the root
    this.addTable(0);
  }

  /** Adds one piece, read from its last character to its first. */
  addReversed(piece: string): void {
    let last = 0;
    for (let k = piece.length - 1; k >= 0; k--) last = this.extend(last, piece.charCodeAt(k));
  }

  /** The state reached from `state` by `c`, or -1. */
  next(state: number, c: number): number {
    const edge = this.edgeOf(state, c);
    return edge === -1 ? -1 : this.edgeTo[edge]!;
  }

  /** Releases the slack of the arrays once the automaton is complete. */
  trim(): void {
    this.len = this.len.slice(0, this.states);
    this.link = this.link.slice(0, this.states);
    this.head = this.head.slice(0, this.states);
    this.dense = this.dense.slice(0, this.states);
    this.degree = new Uint8Array(0); // only needed while edges are added
    this.edgeChar = this.edgeChar.slice(0, this.edges);
    this.edgeTo = this.edgeTo.slice(0, this.edges);
    this.edgeNext = this.edgeNext.slice(0, this.edges);
    this.tables = this.tables.slice(0, this.tableSlots);
  }

  private edgeOf(state: number, c: number): number {
    const table = this.dense[state]!;
    if (table !== -1 && c < 128) return this.tables[table + c]!;
    for (let e = this.head[state]!; e !== -1; e = this.edgeNext[e]!) if (this.edgeChar[e] === c) return e;
    return -1;
  }

  // The online construction of a generalized suffix automaton: `last` is the state of the
  // piece's prefix read so far; returns the state of that prefix extended by `c`.
  private extend(last: number, c: number): number {
    const existing = this.next(last, c);
    if (existing !== -1) {
      // The extended prefix is already a substring of an earlier piece.
      if (this.len[last]! + 1 === this.len[existing]!) return existing;
      return this.split(last, c, existing);
    }
    const cur = this.newState(this.len[last]! + 1, 0);
    let p = last;
    while (p !== -1 && this.next(p, c) === -1) {
      this.addEdge(p, c, cur);
      p = this.link[p]!;
    }
    if (p !== -1) {
      const q = this.next(p, c);
      this.link[cur] = this.len[p]! + 1 === this.len[q]! ? q : this.split(p, c, q);
    }
    return cur;
  }

  // Splits state `q` (reached from `p` by `c`, longer than len(p) + 1) at len(p) + 1: a clone
  // takes the shorter strings, its transitions copied from `q`. Returns the clone.
  private split(p: number, c: number, q: number): number {
    const clone = this.newState(this.len[p]! + 1, this.link[q]!);
    for (let e = this.head[q]!; e !== -1; e = this.edgeNext[e]!) this.addEdge(clone, this.edgeChar[e]!, this.edgeTo[e]!);
    this.link[q] = clone;
    for (let edge = this.edgeOf(p, c); edge !== -1 && this.edgeTo[edge] === q; edge = p === -1 ? -1 : this.edgeOf(p, c)) {
      this.edgeTo[edge] = clone;
      p = this.link[p]!;
    }
    return clone;
  }

  private newState(length: number, link: number): number {
    if (this.states === this.len.length) {
      const grown = this.len.length * 2;
      this.len = grownCopy(this.len, grown);
      this.link = grownCopy(this.link, grown);
      this.head = grownCopy(this.head, grown);
      this.dense = grownCopy(this.dense, grown);
      const degree = new Uint8Array(grown);
      degree.set(this.degree);
      this.degree = degree;
    }
    const state = this.states++;
    this.len[state] = length;
    this.link[state] = link;
    this.head[state] = -1;
    this.dense[state] = -1;
    return state;
  }

  private addEdge(state: number, c: number, to: number): void {
    if (this.edges === this.edgeTo.length) {
      const grown = this.edgeTo.length * 2;
      const chars = new Uint16Array(grown);
      chars.set(this.edgeChar);
      this.edgeChar = chars;
      this.edgeTo = grownCopy(this.edgeTo, grown);
      this.edgeNext = grownCopy(this.edgeNext, grown);
    }
    const edge = this.edges++;
    this.edgeChar[edge] = c;
    this.edgeTo[edge] = to;
    this.edgeNext[edge] = this.head[state]!;
    this.head[state] = edge;
    if (c >= 128) return;
    const table = this.dense[state]!;
    if (table !== -1) this.tables[table + c] = edge;
    else if (++this.degree[state]! === DENSE_DEGREE) this.addTable(state);
  }

  private addTable(state: number): void {
    if (this.tableSlots + 128 > this.tables.length) this.tables = grownCopy(this.tables, this.tables.length * 2);
    const table = this.tableSlots;
    this.tableSlots += 128;
    this.tables.fill(-1, table, table + 128);
    for (let e = this.head[state]!; e !== -1; e = this.edgeNext[e]!) if (this.edgeChar[e]! < 128) this.tables[table + this.edgeChar[e]!] = e;
    this.dense[state] = table;
  }
}

function grownCopy(array: Int32Array, length: number): Int32Array {
  const grown = new Int32Array(length);
  grown.set(array);
  return grown;
}

// Polynomial rolling hash of a GRAM-character window, modulo 2^32 (Math.imul wraps).
const BASE = 0x01000193;
const BASE_POW = (() => {
  let p = 1;
  for (let i = 1; i < GRAM; i++) p = Math.imul(p, BASE);
  return p; // BASE^(GRAM-1): the weight of the character leaving the window
})();

function hashOf(text: string, from: number): number {
  let h = 0;
  for (let i = from; i < from + GRAM; i++) h = (Math.imul(h, BASE) + text.charCodeAt(i)) | 0;
  return h;
}

/**
 * The rolling hashes of every GRAM-character run of the long pieces, in an open-addressing
 * table (0 marks an empty slot; a hash of 0 is a flag of its own). A text whose windows hash
 * to none of them holds no such run and is left alone after one cheap pass.
 */
class GramHashes {
  private readonly table: Int32Array;
  private readonly shift: number;
  private hasZero = false;

  constructor(windows: number) {
    let bits = 4;
    while (1 << bits < 2 * windows) bits++;
    this.table = new Int32Array(1 << bits);
    this.shift = 32 - bits;
  }

  add(h: number): void {
    if (h === 0) {
      this.hasZero = true;
      return;
    }
    const mask = this.table.length - 1;
    for (let slot = Math.imul(h, 0x9e3779b1) >>> this.shift; ; slot = (slot + 1) & mask) {
      const held = this.table[slot];
      if (held === h) return;
      if (held === 0) {
        this.table[slot] = h;
        return;
      }
    }
  }

  has(h: number): boolean {
    if (h === 0) return this.hasZero;
    const mask = this.table.length - 1;
    for (let slot = Math.imul(h, 0x9e3779b1) >>> this.shift; ; slot = (slot + 1) & mask) {
      const held = this.table[slot];
      if (held === h) return true;
      if (held === 0) return false;
    }
  }
}

interface SecretIndex {
  /** Pieces too short for run matching, masked where they occur whole. */
  short: string[];
  /** The long pieces (at least GRAM characters), reversed, in one automaton; null if none. */
  automaton: ReversedPieceAutomaton | null;
  /** Hashes of their GRAM-character runs: the automaton is walked only when a window hits. */
  hashes: GramHashes | null;
}

// One index per list of secrets (the engine passes the same list for every line it masks).
const indexes = new WeakMap<readonly string[], Map<number, SecretIndex>>();

/**
 * The forms in which a secret can appear in source text: its lines (a PEM block's body
 * lines, without the armour) and its base64 and base64url encodings (a Kubernetes Secret's
 * `data:` value is the base64 of the key).
 */
function secretForms(secret: string): string[] {
  const lines = secret.split(/\r?\n/).filter((piece) => piece.length >= 3 && !piece.startsWith('-----'));
  const forms = lines.length > 0 ? lines : secret.length >= 3 ? [secret] : [];
  if (secret.length >= 6 && !secret.includes('\n')) {
    const base64 = Buffer.from(secret, 'utf8').toString('base64');
    forms.push(base64, base64.replace(/=+$/, ''), Buffer.from(secret, 'utf8').toString('base64url'));
  }
  return forms;
}

function indexOf(secrets: readonly string[], minLength: number): SecretIndex {
  let byLength = indexes.get(secrets);
  if (!byLength) {
    byLength = new Map();
    indexes.set(secrets, byLength);
  }
  const cached = byLength.get(minLength);
  if (cached) return cached;
  const short: string[] = [];
  const long = new Set<string>();
  for (const secret of secrets) {
    for (const piece of secretForms(secret)) {
      if (piece.length < minLength) continue;
      if (piece.length < GRAM) short.push(piece);
      else long.add(piece);
    }
  }
  const index: SecretIndex = { short, automaton: null, hashes: null };
  if (long.size > 0) {
    let total = 0;
    for (const piece of long) total += piece.length;
    const automaton = new ReversedPieceAutomaton(total);
    const hashes = new GramHashes(total - (GRAM - 1) * long.size);
    for (const piece of long) {
      automaton.addReversed(piece);
      let h = hashOf(piece, 0);
      hashes.add(h);
      for (let i = GRAM; i < piece.length; i++) {
        h = (Math.imul(h - Math.imul(piece.charCodeAt(i - GRAM), BASE_POW), BASE) + piece.charCodeAt(i)) | 0;
        hashes.add(h);
      }
    }
    automaton.trim();
    index.automaton = automaton;
    index.hashes = hashes;
  }
  byLength.set(minLength, index);
  return index;
}

/** The first position of `text` whose GRAM-character window hashes like a run of a piece, or -1. */
function firstCandidate(text: string, hashes: GramHashes): number {
  let h = hashOf(text, 0);
  for (let i = 0; ; i++) {
    if (hashes.has(h)) return i;
    if (i + GRAM >= text.length) return -1;
    h = (Math.imul(h - Math.imul(text.charCodeAt(i), BASE_POW), BASE) + text.charCodeAt(i + GRAM)) | 0;
  }
}

// Matching statistics, reused across calls for texts up to 64K characters (a longer one gets
// its own array, not kept): runs[i] is the longest run from text[i] that a piece holds.
let sharedRuns = new Int32Array(256);

/**
 * Scanning left to right, masks at each position the longest run of the text starting there
 * that occurs in a piece, if it is at least GRAM long, and continues after it. Linear: one
 * walk of the automaton over the text from its end, then one pass forwards.
 */
function maskRuns(text: string, from: number, automaton: ReversedPieceAutomaton): string {
  const n = text.length;
  if (n <= 65536 && sharedRuns.length < n) sharedRuns = new Int32Array(Math.min(65536, Math.max(n, 2 * sharedRuns.length)));
  const runs = n > 65536 ? new Int32Array(n) : sharedRuns;
  const { len, link } = automaton;
  let state = 0;
  let length = 0;
  // Runs starting before `from` are shorter than GRAM (no window there hashes like a run),
  // but the walk must start at the end: a run from `from` may reach it.
  for (let i = n - 1; i >= from; i--) {
    const c = text.charCodeAt(i);
    let to = automaton.next(state, c);
    while (to === -1 && state !== 0) {
      state = link[state]!;
      length = len[state]!;
      to = automaton.next(state, c);
    }
    if (to === -1) length = 0;
    else {
      state = to;
      length++;
    }
    runs[i] = length;
  }
  const parts: string[] = [];
  let copied = 0; // text before this index is already in parts
  let i = from;
  while (i + GRAM <= n) {
    const run = runs[i]!;
    if (run >= GRAM) {
      parts.push(text.slice(copied, i), maskedPreview(text.slice(i, i + run)));
      i += run;
      copied = i;
    } else i++;
  }
  if (copied === 0) return text;
  parts.push(text.slice(copied));
  return parts.join('');
}

function maskSecrets(text: string, secrets: readonly string[], minLength: number): string {
  if (secrets.length === 0) return text;
  const index = indexOf(secrets, minLength);
  let out = text;
  if (index.automaton && index.hashes && text.length >= GRAM) {
    // One pass with a rolling hash first: ordinary text, none of whose windows hashes like a
    // run of a piece, costs a multiply, an add and a table probe per character.
    const from = firstCandidate(text, index.hashes);
    if (from !== -1) out = maskRuns(text, from, index.automaton);
  }
  for (const piece of index.short) if (out.includes(piece)) out = out.split(piece).join(maskedPreview(piece));
  return out;
}

/** Masks every secret (its lines, base64 forms and any long run of it) in a source line. */
export function redactLine(line: string, secrets: string[]): string {
  return maskSecrets(line, secrets, 3);
}

const BASE64URL_RUN = /[A-Za-z0-9_.-]+/g;

/**
 * Masks anything shaped like a JWT (three base64url segments, the first starting with
 * `eyJ`, the base64url of `{"`), whether or not a rule reported it. One pass over each run
 * of base64url characters and dots, split at the dots: linear however the text is built.
 */
export function maskTokens(text: string): string {
  if (!text.includes('eyJ')) return text;
  return text.replace(BASE64URL_RUN, (run) => (run.includes('eyJ') && run.includes('.') ? maskTokensInRun(run) : run));
}

function maskTokensInRun(run: string): string {
  const segments = run.split('.');
  const out: string[] = [];
  let i = 0;
  while (i < segments.length) {
    const first = segments[i]!;
    const at = first.indexOf('eyJ');
    // header (eyJ + at least 6 characters) . payload (at least 6) . signature (possibly empty)
    if (at !== -1 && first.length - at >= 9 && i + 2 < segments.length && segments[i + 1]!.length >= 6) {
      const token = `${first.slice(at)}.${segments[i + 1]}.${segments[i + 2]}`;
      out.push(`${first.slice(0, at)}${maskedPreview(token)}`);
      i += 3;
    } else {
      out.push(first);
      i++;
    }
  }
  return out.join('.');
}

/**
 * The last fence before output: masks the given secret values (at least `minLength` long,
 * so that short values such as `dev` do not mangle ordinary words) and every JWT-shaped
 * string in a text that should never have held one (messages, labels, notifications).
 */
export function redactText(text: string, secrets: readonly string[], minLength = 8): string {
  return maskSecrets(maskTokens(text), secrets, minLength);
}

// Reading one file the way the engine wants it: size cap, binary and encoding checks, then
// the text; for JS/TS, the minified-bundle check and the content prefilter.
//
// Most JS/TS files of a repository fail the prefilter: they are judged on their bytes and
// kept as bytes (outside the JavaScript heap, so the garbage collector never copies them),
// and decoded only if something asks for their text (an import the resolver follows, a
// suppression comment, a search for the callers of a function).
import { isUtf8 } from 'node:buffer';
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import type { DiscoveredFile } from '../discover/discover.js';
import { OPEN_NO_FOLLOW_NO_BLOCK } from '../discover/walk.js';
import { dependencyFileKind } from '../config-files/dependency-files.js';
import { dialectOf, type JsDialect } from '../lang/javascript/parse-js.js';
import { withoutBlockComments } from './block-comments.js';
import { isJsonDataModule } from './data-module.js';
import { mayMatter, mayMatterBytes } from './prefilter.js';
import type { Notification } from './types.js';

/** Default size limit: larger files are skipped with a notification (generated bundles, data dumps). */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;

/**
 * Lockfiles of large monorepos run to many megabytes, and are read line by line or parsed
 * once as plain data for the versions they pin: they get at least this limit.
 */
export const LOCKFILE_MAX_BYTES = 32 * 1024 * 1024;

/** How files are judged before any parse. */
export interface LoadRules {
  /** Files above this many bytes are skipped with a note. */
  maxFileBytes: number;
  /** Whether JS/TS files must pass the content prefilter to be analysed. */
  prefilter: boolean;
}

/**
 * Reused for every file that fits (one per thread). Nothing keeps it: the text is decoded
 * out of it before the next read.
 */
const SCRATCH = Buffer.allocUnsafe(64 * 1024);

/** Pre-parse decisions about a JS/TS file. */
export interface JsJudgement {
  /** A generated bundle: skipped with a note, never parsed. */
  minified: boolean;
  /** Passes the content prefilter (or the prefilter is off): analysed as a candidate. */
  candidate: boolean;
}

/**
 * How the text relates to the file's bytes read as UTF-8, which is what GitHub hashes for
 * `primaryLocationLineHash`: the same, the same after a byte-order mark, or not derivable
 * (UTF-16, invalid UTF-8).
 */
export type StoredAs = 'text' | 'bom+text' | 'other';

/** A file as read: its text, decoded now or on first use. */
export class LoadedFile {
  /** JS/TS files only: what the engine decides before parsing. */
  js?: JsJudgement;
  private bytes: Buffer | null;
  private decoded: string | null;
  readonly storedAs: StoredAs;

  /** `content`: the decoded text, or valid UTF-8 bytes that nothing else holds. */
  constructor(
    readonly file: DiscoveredFile,
    content: string | Buffer,
    storedAs?: StoredAs,
  ) {
    this.decoded = typeof content === 'string' ? content : null;
    this.bytes = typeof content === 'string' ? null : content;
    this.storedAs = storedAs ?? (typeof content !== 'string' && startsWithBom(content) ? 'bom+text' : 'text');
  }

  /** The file as GitHub reads it (its bytes as UTF-8, byte-order mark kept), or null when that is not the text plus at most the mark. */
  storedUtf8(): string | null {
    if (this.storedAs === 'other') return null;
    return this.storedAs === 'bom+text' ? `\ufeff${this.text}` : this.text;
  }

  get text(): string {
    if (this.decoded === null) {
      this.decoded = decodeValidUtf8(this.bytes!);
      this.bytes = null;
    }
    return this.decoded;
  }

  /** Whether the text holds `needle`, answered from the bytes while the text is not needed. */
  includes(needle: string): boolean {
    return this.decoded !== null ? this.decoded.includes(needle) : this.bytes!.includes(needle);
  }

  /** Whether the text has been decoded (a file kept as bytes costs the heap nothing). */
  get isDecoded(): boolean {
    return this.decoded !== null;
  }
}

/** The text, then for a JS/TS file the pre-parse decisions; null when the file is skipped. */
export function loadAndJudge(file: DiscoveredFile, notifications: Notification[], { maxFileBytes, prefilter }: LoadRules): LoadedFile | null {
  const kind = dependencyFileKind(file.path);
  const lockfile = kind !== null && kind !== 'manifest';
  const limit = lockfile ? Math.max(maxFileBytes, LOCKFILE_MAX_BYTES) : maxFileBytes;
  const dialect = dialectOf(file.path);
  if (!dialect) return loadFile(file, notifications, limit);
  const bytes = readBytes(file, notifications, limit);
  if (!bytes) return null;
  // Bytes only look like a bundle from this size on (a character takes a byte or more).
  if (bytes.length >= MINIFIED_MIN_CHARS || utf16Encoding(bytes) || !isUtf8(bytes)) {
    const loaded = decode(file, bytes, notifications);
    if (!loaded) return null;
    const minified = looksMinified(loaded.text);
    loaded.js = { minified, candidate: !minified && (!prefilter || (mayMatter(loaded.text, file.kind) && codeStillMatters(loaded.text, file, dialect))) };
    return loaded;
  }
  if (bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0)) {
    notifications.push(binaryNote(file));
    return null;
  }
  if (prefilter && !mayMatterBytes(bytes, file.kind)) {
    // Kept as bytes (copied out of the reused buffer), decoded only if something asks.
    const loaded = new LoadedFile(file, Buffer.from(bytes));
    loaded.js = { minified: false, candidate: false };
    return loaded;
  }
  const loaded = new LoadedFile(file, decodeValidUtf8(bytes), bomOf(bytes));
  loaded.js = { minified: false, candidate: !prefilter || codeStillMatters(loaded.text, file, dialect) };
  return loaded;
}

/**
 * For a text that passes the prefilter: whether its code does too. Block comments do not
 * count, so a file that mentions JWTs only in its documentation comments is not parsed.
 * When the lexer cannot tell where the comments are, the whole text counts. A generated
 * data module (one exported JSON value) counts only for a token literal in it.
 */
function codeStillMatters(text: string, file: DiscoveredFile, dialect: JsDialect): boolean {
  const code = withoutBlockComments(text, dialect !== 'ts');
  if (isJsonDataModule(code ?? text)) return text.includes('eyJ'); // hardcoded-token's trigger
  return code === null || code === text || mayMatter(code, file.kind);
}

// Synchronous reads: for many small files they cost a fraction of a pool of promise-based
// reads (measured: 106 ms against 460 ms for 10k files). Reading on worker threads gained
// nothing on a 2-core machine and was removed.
export function loadFile(file: DiscoveredFile, notifications: Notification[], maxFileBytes = MAX_FILE_BYTES): LoadedFile | null {
  const bytes = readBytes(file, notifications, maxFileBytes);
  return bytes && decode(file, bytes, notifications);
}

/**
 * The file's bytes: in the reused buffer (valid until the next read) for a file that fits,
 * else in a buffer of their own; null (with a note) when the file cannot be read or is over
 * the limit. Opened without following a symbolic link and without blocking on a FIFO.
 */
function readBytes(file: DiscoveredFile, notifications: Notification[], maxFileBytes: number): Buffer | null {
  let buffer: Buffer;
  let fd: number | undefined;
  try {
    // One open and one read for most files: a file that fits the scratch buffer needs no
    // size check and no allocation. A larger one is measured from the descriptor first, so
    // a huge (or sparse) file is never read into memory.
    fd = openSync(file.absolutePath, OPEN_NO_FOLLOW_NO_BLOCK);
    const head = readSync(fd, SCRATCH, 0, SCRATCH.length, 0);
    if (head < SCRATCH.length) {
      buffer = SCRATCH.subarray(0, head);
    } else {
      const size = fstatSync(fd).size;
      if (size > maxFileBytes) {
        notifications.push({ kind: 'too-large', level: 'note', file: file.path, message: `${file.path} is ${size} bytes, over the ${maxFileBytes}-byte limit; skipped` });
        return null;
      }
      buffer = readFileSync(fd); // from the start: the positioned read above moved nothing
    }
  } catch (error) {
    notifications.push({ kind: 'unreadable', level: 'warning', file: file.path, message: `cannot read ${file.path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}` });
    return null;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  if (buffer.length > maxFileBytes) {
    notifications.push({ kind: 'too-large', level: 'note', file: file.path, message: `${file.path} is ${buffer.length} bytes, over the ${maxFileBytes}-byte limit; skipped` });
    return null;
  }
  return buffer;
}

/** Bytes to text: UTF-16 by its byte-order mark, binary files skipped, invalid UTF-8 noted and replaced. */
function decode(file: DiscoveredFile, buffer: Buffer, notifications: Notification[]): LoadedFile | null {
  const utf16 = utf16Encoding(buffer);
  if (utf16) {
    notifications.push({ kind: 'encoding', level: 'note', file: file.path, message: `${file.path} is ${utf16.toUpperCase()}; decoded as such` });
    return new LoadedFile(file, new TextDecoder(utf16).decode(buffer.subarray(2)), 'other');
  }
  if (buffer.subarray(0, BINARY_SNIFF_BYTES).includes(0)) {
    notifications.push(binaryNote(file));
    return null;
  }
  if (isUtf8(buffer)) return new LoadedFile(file, decodeValidUtf8(buffer), bomOf(buffer));
  notifications.push({ kind: 'encoding', level: 'note', file: file.path, message: `${file.path} is not valid UTF-8; scanned with replacement characters` });
  return new LoadedFile(file, withoutBom(new TextDecoder('utf-8').decode(buffer)), 'other');
}

/** A NUL byte among the first bytes: a binary file, not text. */
const BINARY_SNIFF_BYTES = 8000;

function binaryNote(file: DiscoveredFile): Notification {
  return { kind: 'binary', level: 'note', file: file.path, message: `${file.path} looks binary; skipped` };
}

function startsWithBom(buffer: Buffer): boolean {
  return buffer.length >= 3 && buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf;
}

function bomOf(buffer: Buffer): StoredAs {
  return startsWithBom(buffer) ? 'bom+text' : 'text';
}

function decodeValidUtf8(buffer: Buffer): string {
  return withoutBom(buffer.toString('utf8'));
}

function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

// Generated bundles: big, with lines no one writes by hand. Small one-line files (a
// transpiled module) are still analysed.
const MINIFIED_MIN_CHARS = 256 * 1024;
const MINIFIED_LINE_CHARS = 5000;

export function looksMinified(text: string): boolean {
  if (text.length < MINIFIED_MIN_CHARS) return false;
  let start = 0;
  while (start < text.length) {
    const end = text.indexOf('\n', start);
    const stop = end < 0 ? text.length : end;
    if (stop - start > MINIFIED_LINE_CHARS) return true;
    start = stop + 1;
  }
  return false;
}

/** UTF-16 files announce themselves with a byte-order mark (their NUL bytes are not binary). */
function utf16Encoding(buffer: Buffer): 'utf-16le' | 'utf-16be' | null {
  if (buffer.length >= 2 && buffer[0] === 0xff && buffer[1] === 0xfe) return 'utf-16le';
  if (buffer.length >= 2 && buffer[0] === 0xfe && buffer[1] === 0xff) return 'utf-16be';
  return null;
}

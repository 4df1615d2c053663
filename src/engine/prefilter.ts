// Content prefilter: a cheap scan of a JS/TS file's text that decides whether the file can
// produce a finding by itself. Files that fail it need no parse, no index and no facts; the
// value resolver still parses them on demand when a file that passes imports them.
//
// What each rule needs to find in the file's OWN text (src/facts/*.ts, rule by rule):
//
// - alg-none, unpinned-algorithm, symmetric-algorithm, missing-audience, missing-issuer,
//   no-expiry, long-expiry, expiry-not-enforced, decode-without-verify (library decodes):
//   judge `callSites` (and `lifetimes`), which only adapters emit. `extractFacts` runs an
//   adapter only when the file's `importSources` holds one of the adapter's `modules`, and
//   `importSources` only holds string-literal specifiers (`import`, `export ... from`,
//   `require(...)`, `import(...)`, `import x = require(...)`, no-substitution templates). So
//   the specifier appears in the text between quotes or backticks: LIBRARY_SPECIFIERS,
//   derived from ADAPTERS so a new adapter is covered without touching this file.
// - hardcoded-secret, weak-secret: judge `secrets`, emitted by adapters only (keys of call
//   sites, next-auth options), so the file that uses the key passes by its specifier. The
//   literal may live in another module (a config file, a constants module): it is reported
//   there but found from the importing file, through the resolver (lazy parse).
// - decode-without-verify (hand-written decodes): `findManualDecodes` returns early unless the
//   text contains `split('.')` or `split(".")`, and only looks at calls named `Buffer.from`,
//   `atob`, `window.atob` or `base64url.decode` whose first argument is `<x>.split('.')[1]`
//   (`isPayloadSegment`; `unwrap` lets `(x.split('.') as string[])[1]` and `!` through):
//   PAYLOAD_SEGMENT AND (`Buffer` | `atob` | `base64url`).
// - hardcoded-token: `findTokenLiterals` returns early unless the text contains `eyJ`.
// - token-in-web-storage: `findStorageWrites` returns early unless the text contains
//   `localStorage` or `sessionStorage`.
// - token-logged: `findSensitiveLogs` needs a logger call: a callee member path whose last
//   step is a log method (`log`, `info`, `warn`, `error`, `debug`, `trace`, `fatal`,
//   `verbose`, `silly`, `notice`, `critical`) on an owner named `console`, `log`, `logger`,
//   `logging`, `winston`, `pino`, `bunyan` or `…logger` (any case). Written out, that is the
//   owner name, then (after blanks, comments, `!`, `?`, `)` of an unwrapped `(x as T)`,
//   `(<T>x)`, `(await x)`, or the quotes and `]` of `this['logger']`) a `.` or `[`, then the
//   method name (or its quoted string): LOGGER_CALL. And an argument that is a token name
//   (`isTokenName`: `…token(s)`, `…jwt(s)`, `jwt_…`, `token_…`), an Authorization header
//   (`authorization` name, key or `.get('authorization')`), or a secret name whose name says
//   jwt/token (or the key expression of a JWT call site in this file, which passes by its
//   specifier; sign results as token variables likewise). All of that is written between
//   the call's parentheses. So: a token word (`token`/`tokens` not followed by a letter or
//   digit, `token_`, `jwt`, `authorization`, any case) inside the argument list of a logger
//   call. The list is delimited by a small lexer that steps over strings, template literals,
//   comments and regular expression literals (`/` after an operator or opening bracket);
//   a list it cannot close within 64k ASCII characters, or a call with type arguments,
//   passes. A file full of `token` but logging other things (tokenizers, parsers, bundles)
//   is no longer parsed. The Authorization header is followed through variables
//   (`const h = req.headers.authorization; log.info(h)`, `h.split(' ')[1]`), so a file
//   that reads `authorization` (`.authorization`, `'Authorization'`, `{ authorization }`:
//   AUTHORIZATION) and has a logger call passes too. Other origins the
//   extractor follows (sign results, what a verify/decode call is given, JWT key
//   arguments) come from JWT calls, whose files pass by their specifier.
// - shared-secret (project scope): the estate reads code facts (call sites: who signs and
//   verifies, which env vars feed keys) and config files. Config files are not judged here:
//   they have their own prefilter in src/config-files; call sites need a specifier.
// - The config-facts context (`keyEnvNames`, `lifetimeEnvNames`) comes from call sites too.
// - Library coverage (not a rule): the run lists the JWT packages it does not model that the
//   files it reads import (src/facts/jwt-packages.ts), from the parsed files' `importSources`.
//   So a file importing one passes: its specifier, or a subpath of it (`firebase-admin/auth`),
//   between quotes: PACKAGE_AT. Only the names without `jwt` need it (`jwt` passes anyway).
//
// Words that do NOT make a file matter by itself, although they matter to resolution:
// `secret`, `config.get`, `ConfigService`, `NextAuth` without a next-auth specifier, `@Inject`.
// A module holding `jwtSecret: '...'` matters only when a file that passes reaches it.
//
// Safety margin: `jwt` (any case) passes unconditionally. No extractor needs it today
// beyond the cases above, but it costs almost nothing (under 1% of the files of a typical
// node_modules) and keeps JWT-named wrappers parsed should an adapter start to recognise
// them without an import.
//
// Known blind spots. A regular expression literal after a keyword (`return /\)/`) inside a
// logger call's arguments is read as a division, which can end the list early. Invisible
// to the extractors too: specifiers built at run time
// (`require('json' + 'webtoken')`; `importSources` never holds them). Seen by the extractors
// but not here, and not worth a slower scan: names and specifiers written with escapes
// (`'jsonweb\u0074oken'`, `\u0074oken`), and a logger call or `split('.')[1]` with
// something unusual between its parts, such as a cast to a function type
// (`(logger as (m: string) => void).info(token)`) or a line-comment-free gap over 160 chars.
//
// Byte level: every pattern is ASCII, and a UTF-8 byte at or above 0x80 never decodes to an
// ASCII character, so scanning the bytes as Latin-1 finds exactly the matches that scanning
// the decoded text finds (case-insensitive matching without the `u` flag never maps a
// non-ASCII character onto an ASCII one). `mayMatterBytes` lets the engine skip UTF-8
// decoding for the files that fail.

import type { FileKind } from '../discover/file-kind.js';
import { ADAPTERS } from '../lang/javascript/adapters/index.js';
import { UNMODELLED_PACKAGES } from '../facts/jwt-packages.js';
import { hasPayloadSegment, loggerCallFinder } from './prefilter-scanners.js';

/** Kinds this prefilter judges; every other kind passes (config files have their own prefilter). */
const JS_KINDS: ReadonlySet<FileKind> = new Set<FileKind>(['js', 'ts', 'jsx', 'tsx']);

/** Every module specifier an adapter recognises, sorted. */
export const LIBRARY_SPECIFIERS: readonly string[] = [...new Set(ADAPTERS.flatMap((a) => a.modules))].sort();

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

// Longest first: the closing quote makes every alternative exact, this only keeps the
// source readable.
const SPECIFIER_ALTERNATIVES = [...LIBRARY_SPECIFIERS]
  .sort((a, b) => b.length - a.length || (a < b ? -1 : 1))
  .map(escapeRegExp)
  .join('|');
/** A library specifier between quotes, matched where the opening quote stands (sticky). */
const SPECIFIER_AT = new RegExp(`['"\`](?:${SPECIFIER_ALTERNATIVES})['"\`]`, 'y');
/**
 * What a quoted specifier starts with: the specifiers that are not already found by `jwt`,
 * minus those another one is a prefix of (`jose` finds `jose/jwt/verify`).
 */
const SPECIFIER_ROOTS = ((): string[] => {
  const plain = LIBRARY_SPECIFIERS.filter((s) => !/jwt/i.test(s));
  return plain.filter((s) => !plain.some((other) => other !== s && s.startsWith(other)));
})();

/**
 * JWT packages jwtlint does not model whose names do not hold `jwt`: a file importing one (or
 * a subpath of it) is parsed, so that the run can name the package it could not check.
 */
const UNMODELLED_ROOTS = UNMODELLED_PACKAGES.map((p) => p.name).filter((name) => !/jwt/i.test(name));
/** An unmodelled package or a subpath of it between quotes, matched where the opening quote stands (sticky; the tail stops at the first quote or blank). */
const PACKAGE_AT = new RegExp(`['"\`](?:${[...UNMODELLED_ROOTS].sort((a, b) => b.length - a.length || (a < b ? -1 : 1)).map(escapeRegExp).join('|')})(?:/[^'"\`\\s]*)?['"\`]`, 'y');

const MANUAL_DECODE_CALLEE = /Buffer|atob|base64url/;
// `split('.')`, the gap `unwrap` allows (blanks, comments, `!`, `)`, `as T)`), then `[1]`
// written as any numeric literal worth 1 (`1`, `1.0`, `0x1`, `1e0`...): hasPayloadSegment.
// Owner name at the end of an identifier, the gap `unwrap` and computed keys allow, an
// accessor, the method name: loggerCallFinder. Both in prefilter-scanners.ts.

// The scan: one pass of one case-insensitive regex over the text finds every place where a
// trigger could start; each hit is confirmed exactly where it stands. A hit that needs a
// second word (a split needs a base64 call, a token word needs a logger) checks that word
// once: when it is absent, that kind of hit can never matter in this file, and the scan goes
// on with a regex that no longer looks for it, so a tokenizer full of `token` costs one pass.
const ALWAYS_WORDS = ['jwt', 'eyJ', 'Storage', ...SPECIFIER_ROOTS, ...UNMODELLED_ROOTS].map(escapeRegExp);
const SPLIT_WORDS = [`'\\.'\\)`, `"\\."\\)`];
const TOKEN_WORDS = ['tokens?(?![a-z0-9])', 'authorization'];
const SCANNERS: RegExp[] = [0, 1, 2, 3].map(
  (mask) => new RegExp([...ALWAYS_WORDS, ...(mask & 1 ? SPLIT_WORDS : []), ...(mask & 2 ? TOKEN_WORDS : [])].join('|'), 'gi'),
);
const SPLIT = 1;
const TOKEN = 2;
const ROOTS_LOWER = new Set(SPECIFIER_ROOTS.map((r) => r.toLowerCase()));
const PACKAGE_ROOTS_LOWER = new Set(UNMODELLED_ROOTS.map((r) => r.toLowerCase()));

/**
 * True when a JS/TS file (`js`, `ts`, `jsx`, `tsx`) may produce a finding by itself and must
 * be parsed; false when none of the rules' triggers appear in its text. Files of any other
 * kind always pass: this filter does not judge them.
 */
export function mayMatter(text: string, kind: FileKind): boolean {
  if (!JS_KINDS.has(kind)) return true;
  return textMayMatter(text);
}

/**
 * `mayMatter` over the file's raw bytes, before any UTF-8 decoding (exact: see the header).
 * A UTF-8 byte-order mark or invalid UTF-8 changes nothing.
 */
export function mayMatterBytes(bytes: Uint8Array, kind: FileKind): boolean {
  if (!JS_KINDS.has(kind)) return true;
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return textMayMatter(buffer.toString('latin1'));
}

function textMayMatter(text: string): boolean {
  let mask = SPLIT | TOKEN;
  let scanner = SCANNERS[mask]!;
  scanner.lastIndex = 0;
  for (;;) {
    const hit = scanner.exec(text);
    if (!hit) return false;
    const at = hit.index;
    const word = hit[0];
    const lower = word.toLowerCase();
    let dropped = 0;
    if (lower === 'jwt') return true;
    if (lower === 'eyj') {
      if (word === 'eyJ') return true;
    } else if (lower === 'storage') {
      if (word === 'Storage' && (text.startsWith('local', at - 5) || text.startsWith('session', at - 7))) return true;
    } else if (ROOTS_LOWER.has(lower)) {
      SPECIFIER_AT.lastIndex = at - 1;
      if (at > 0 && SPECIFIER_AT.test(text)) return true;
      if (PACKAGE_ROOTS_LOWER.has(lower)) {
        PACKAGE_AT.lastIndex = at - 1;
        if (at > 0 && PACKAGE_AT.test(text)) return true;
      }
    } else if (PACKAGE_ROOTS_LOWER.has(lower)) {
      PACKAGE_AT.lastIndex = at - 1;
      if (at > 0 && PACKAGE_AT.test(text)) return true;
    } else if (word === "'.')" || word === '".")') {
      if (text.startsWith('split(', at - 6)) {
        if (MANUAL_DECODE_CALLEE.test(text) && hasPayloadSegment(text)) return true;
        dropped = SPLIT;
      }
    } else if (lower.startsWith('token') || lower === 'authorization') {
      // Decided for the whole file at the first token word: the answer is the same for all.
      if (tokenWordInLoggerArguments(text)) return true;
      // A value read from the Authorization header may be logged under any name.
      if (AUTHORIZATION.test(text) && loggerCallFinder(text)(0)) return true;
      dropped = TOKEN;
    }
    if (dropped) {
      mask &= ~dropped;
      scanner = SCANNERS[mask]!;
    }
    scanner.lastIndex = at + 1;
  }
}

// ---- token words inside the arguments of a logger call --------------------------------

const TOKEN_WORD = /tokens?(?![a-z0-9])|authorization/i;
/** How the header is read: `.authorization`, `['authorization']`, `get('Authorization')`, `{ authorization }`. */
const AUTHORIZATION = /[.'"`{,][ \t]*authorization/i;
/** ASCII characters of one argument list looked at before giving up (and passing the file). */
const MAX_ARGUMENT_CHARS = 64 * 1024;
/** After these, a `/` starts a regular expression literal, not a division. */
const BEFORE_REGEX = new Set('(,=:[!&|?{};+-*%<>~^'.split(''));

/**
 * True when a token word stands between the parentheses of some logger call: the only place
 * `findSensitiveLogs` looks (its argument classification is syntactic; the names it knows
 * from elsewhere in the file come from JWT calls, whose files pass by their specifier).
 * Strings and comments inside the arguments count too (a superset). Nested logger calls
 * lie inside an argument list already looked at and are skipped, so the work is linear.
 */
function tokenWordInLoggerArguments(text: string): boolean {
  const nextCall = loggerCallFinder(text);
  let from = 0;
  let scannedUntil = 0;
  for (let hit = nextCall(from); hit; hit = nextCall(from)) {
    if (hit.end < 0) return true; // cannot happen (see loggerCallEnd); were it to, the file passes
    from = hit.end;
    if (hit.index < scannedUntil) continue;
    const open = openingParenthesis(text, hit.end);
    if (open === 'unsure') return true;
    if (open < 0) continue;
    const close = argumentsEnd(text, open);
    if (close < 0) return true; // unterminated or too long to follow: assume it matters
    if (TOKEN_WORD.test(text.slice(open, close))) return true;
    scannedUntil = close;
    from = Math.max(from, open + 1);
  }
  return false;
}

/**
 * Where the argument list of a logger call whose callee ends at `from` opens. -1 when no
 * call follows (the method passed as a value, a tagged template); 'unsure' before type
 * arguments `<...>`.
 */
function openingParenthesis(text: string, from: number): number | 'unsure' {
  let i = from;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '(') return i;
    // Blanks, `)` of `(console.log)(x)`, `!`, `?.`, and the quote and `]` of `this['logger']['info'](x)`.
    if (' \t\n\r)!?.\'"`]'.includes(c)) i++;
    else if (c === '/' && text[i + 1] === '/') i = lineEnd(text, i);
    else if (c === '/' && text[i + 1] === '*') i = commentEnd(text, i);
    else if (c === '<') return 'unsure'; // type arguments
    else return -1;
  }
  return -1;
}

function lineEnd(text: string, at: number): number {
  const nl = text.indexOf('\n', at);
  return nl < 0 ? text.length : nl;
}

function commentEnd(text: string, at: number): number {
  const close = text.indexOf('*/', at + 2);
  return close < 0 ? text.length : close + 2;
}

/**
 * Index of the `)` that closes the parenthesis at `open`, with strings, template literals
 * (and their `${}`), comments and regular expression literals stepped over; -1 when the
 * text ends first or the list is longer than MAX_ARGUMENT_CHARS ASCII characters (counted in
 * ASCII so that bytes read as Latin-1 and decoded text decide alike).
 */
function argumentsEnd(text: string, open: number): number {
  let depth = 0;
  /** Brace depths at which a `}` goes back into a template literal. */
  const templates: number[] = [];
  let previous = '('; // last significant character, for regex-or-division
  let ascii = 0;
  let i = open;
  while (i < text.length) {
    const c = text[i]!;
    if (c.charCodeAt(0) < 0x80 && ++ascii > MAX_ARGUMENT_CHARS) return -1;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '/') {
      i = lineEnd(text, i);
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      i = commentEnd(text, i);
      continue;
    }
    if (c === "'" || c === '"') {
      i = quotedEnd(text, i, c);
    } else if (c === '`' || (c === '}' && templates.length > 0 && templates[templates.length - 1] === depth)) {
      if (c === '}') templates.pop();
      const after = templateChunkEnd(text, i + 1);
      if (after < 0) return -1;
      if (text[after - 1] === '{') templates.push(depth); // stopped at `${`
      i = after;
    } else if (c === '/' && BEFORE_REGEX.has(previous)) {
      i = regexEnd(text, i);
    } else {
      if (c === '(' || c === '[' || c === '{') depth++;
      else if (c === ')' || c === ']' || c === '}') {
        depth--;
        if (depth === 0) return i;
      }
      i++;
    }
    previous = c;
  }
  return -1;
}

function quotedEnd(text: string, at: number, quote: string): number {
  let i = at + 1;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\\') i += 2;
    else if (c === quote) return i + 1;
    else if (c === '\n') return i; // unterminated: the line ends it
    else i++;
  }
  return text.length;
}

/** From inside a template literal: just after its closing backtick or after a `${`; -1 at the end of the text. */
function templateChunkEnd(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\\') i += 2;
    else if (c === '`') return i + 1;
    else if (c === '$' && text[i + 1] === '{') return i + 2;
    else i++;
  }
  return -1;
}

function regexEnd(text: string, at: number): number {
  let i = at + 1;
  let inClass = false;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\\') i += 2;
    else if (c === '\n') return at + 1; // not a regular expression after all: a division
    else if (inClass) {
      if (c === ']') inClass = false;
      i++;
    } else if (c === '[') {
      inClass = true;
      i++;
    } else if (c === '/') return i + 1;
    else i++;
  }
  return at + 1;
}

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
//   specifier; sign results as token variables likewise). So: a token word (`token`/`tokens`
//   not followed by a letter or digit, `token_`, `jwt`, `authorization`, any case) AND a
//   logger call.
// - shared-secret (project scope): the estate reads code facts (call sites: who signs and
//   verifies, which env vars feed keys) and config files. Config files are not judged here:
//   they have their own prefilter in src/config-files; call sites need a specifier.
// - The config-facts context (`keyEnvNames`, `lifetimeEnvNames`) comes from call sites too.
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
// Known blind spots. Invisible to the extractors too: specifiers built at run time
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
import { ADAPTERS } from '../facts/adapters/index.js';

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

const MANUAL_DECODE_CALLEE = /Buffer|atob|base64url/;
// `split('.')`, the gap `unwrap` allows (blanks, comments, `!`, `)`, `as T)`), then `[1]`
// written as any numeric literal worth 1 (`1`, `1.0`, `0x1`, `1e0`...).
const PAYLOAD_SEGMENT =
  /split\((?:'\.'|"\.")\)(?:\s|\/\/[^\n]*(?:\n|$)|\/\*[\s\S]{0,400}?\*\/|[)!]|(?:as|satisfies)\s[^;\n]{1,160}?\))*\[(?:\s|\/\/[^\n]*(?:\n|$)|\/\*[\s\S]{0,400}?\*\/)*0*(?:[xXbBoO]0*)?1(?![0-9_])/;
// Owner name at the end of an identifier, the gap `unwrap` and computed keys allow, an
// accessor, the method name. Every repeated part consumes distinct characters (no
// catastrophic backtracking); the `as T)` part is bounded.
const LOGGER_CALL = new RegExp(
  [
    '(?:console|log|logger|logging|winston|pino|bunyan)(?![\\w$])',
    '(?:\\s|//[^\\n]*(?:\\n|$)|/\\*[\\s\\S]{0,400}?\\*/|[)!?\\]\'"`]|(?:as|satisfies)\\s[^()\\n;]{1,160}?\\))*',
    '[.[]',
    '(?:\\s|//[^\\n]*(?:\\n|$)|/\\*[\\s\\S]{0,400}?\\*/|[\'"`])*',
    '(?:log|info|warn|error|debug|trace|fatal|verbose|silly|notice|critical)(?![\\w$])',
  ].join(''),
  'i',
);

// The scan: one pass of one case-insensitive regex over the text finds every place where a
// trigger could start; each hit is confirmed exactly where it stands. A hit that needs a
// second word (a split needs a base64 call, a token word needs a logger) checks that word
// once: when it is absent, that kind of hit can never matter in this file, and the scan goes
// on with a regex that no longer looks for it, so a tokenizer full of `token` costs one pass.
const ALWAYS_WORDS = ['jwt', 'eyJ', 'Storage', ...SPECIFIER_ROOTS].map(escapeRegExp);
const SPLIT_WORDS = [`'\\.'\\)`, `"\\."\\)`];
const TOKEN_WORDS = ['tokens?(?![a-z0-9])', 'authorization'];
const SCANNERS: RegExp[] = [0, 1, 2, 3].map(
  (mask) => new RegExp([...ALWAYS_WORDS, ...(mask & 1 ? SPLIT_WORDS : []), ...(mask & 2 ? TOKEN_WORDS : [])].join('|'), 'gi'),
);
const SPLIT = 1;
const TOKEN = 2;
const ROOTS_LOWER = new Set(SPECIFIER_ROOTS.map((r) => r.toLowerCase()));

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
    } else if (word === "'.')" || word === '".")') {
      if (text.startsWith('split(', at - 6)) {
        if (PAYLOAD_SEGMENT.test(text) && MANUAL_DECODE_CALLEE.test(text)) return true;
        dropped = SPLIT;
      }
    } else if (lower.startsWith('token') || lower === 'authorization') {
      if (LOGGER_CALL.test(text)) return true;
      dropped = TOKEN;
    }
    if (dropped) {
      mask &= ~dropped;
      scanner = SCANNERS[mask]!;
    }
    scanner.lastIndex = at + 1;
  }
}

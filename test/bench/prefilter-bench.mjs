// Prefilter section of `npm run bench`: hit rate (JS/TS files that pass vs all), why they
// pass, throughput of `mayMatter` on text and `mayMatterBytes` on raw bytes, next to the
// obvious alternatives (one regex per trigger; lower-casing plus indexOf), and agreement
// with the specification written the slow way. In-process: these are microseconds per file.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { LIBRARY_SPECIFIERS, mayMatter, mayMatterBytes } from '../../dist/src/engine/prefilter.js';

const esc = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const LOGGER_CALL =
  /(?:console|log|logger|logging|winston|pino|bunyan)(?![\w$])(?:\s|\/\/[^\n]*|\/\*[\s\S]*?\*\/|[)!?\]'"`]|(?:as|satisfies)\s[^()\n;]{1,160}?\))*[.[](?:\s|\/\/[^\n]*|\/\*[\s\S]*?\*\/|['"`])*(?:log|info|warn|error|debug|trace|fatal|verbose|silly|notice|critical)(?![\w$])/i;
const PAYLOAD_SEGMENT =
  /split\((?:'\.'|"\.")\)(?:\s|\/\/[^\n]*|\/\*[\s\S]*?\*\/|[)!]|(?:as|satisfies)\s[^;\n]{1,160}?\))*\[(?:\s|\/\/[^\n]*|\/\*[\s\S]*?\*\/)*0*(?:[xXbBoO]0*)?1(?![0-9_])/;
const SPECIFIER = new RegExp(`['"\`](?:${LIBRARY_SPECIFIERS.map(esc).join('|')})['"\`]`);

/** Why a file passes, trigger by trigger (the first that applies), or null. */
function reason(text) {
  if (SPECIFIER.test(text)) return 'library specifier';
  if (/jwt/i.test(text)) return 'jwt word';
  if (text.includes('eyJ')) return 'eyJ (token literal)';
  if (/localStorage|sessionStorage/.test(text)) return 'web storage';
  if ((text.includes("split('.')") || text.includes('split(".")')) && PAYLOAD_SEGMENT.test(text) && /Buffer|atob|base64url/.test(text)) return "split('.')[1] + base64 call";
  if (/tokens?(?![a-z0-9])|authorization/i.test(text) && LOGGER_CALL.test(text)) return 'token word + logger call'; // (in its arguments: see below)
  return null;
}

/** One regex per trigger, in turn. */
function perTermRegexes(text) {
  return reason(text) !== null;
}

const LOWER_NEEDLES = ['jwt', ...LIBRARY_SPECIFIERS.flatMap((s) => ["'", '"', '`'].map((q) => `${q}${s.toLowerCase()}${q}`))];
/** Lower-case copy, then indexOf per needle; exact-case checks on the original. */
function lowerIndexOf(text) {
  const lower = text.toLowerCase();
  for (const n of LOWER_NEEDLES) if (lower.indexOf(n) !== -1) return true;
  if (text.indexOf('eyJ') !== -1 || text.indexOf('localStorage') !== -1 || text.indexOf('sessionStorage') !== -1) return true;
  if ((text.indexOf("split('.')") !== -1 || text.indexOf('split(".")') !== -1) && PAYLOAD_SEGMENT.test(text) && /Buffer|atob|base64url/.test(text)) return true;
  const token = lower.indexOf('authorization') !== -1 || /tokens?(?![a-z0-9])/.test(lower);
  return token && ['console', 'log', 'winston', 'pino', 'bunyan'].some((w) => lower.indexOf(w) !== -1) && LOGGER_CALL.test(text);
}

function timed(fn, reps) {
  const times = [];
  let out;
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    out = fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)], out };
}

/** `files`: absolute paths of the JS/TS files to judge (the engine's 2 MB limit already applied). */
export function prefilterBench(files, log = console.log, { reps = 5 } = {}) {
  const buffers = files.map((f) => readFileSync(f));
  const texts = buffers.map((b) => new TextDecoder('utf-8').decode(b));
  const bytes = buffers.reduce((n, b) => n + b.length, 0);
  const mb = bytes / 1e6;

  let passFiles = 0;
  let passBytes = 0;
  const reasons = new Map();
  let disagreements = 0;
  let outsideArguments = 0;
  for (let i = 0; i < texts.length; i++) {
    const pass = mayMatter(texts[i], 'ts');
    const why = reason(texts[i]);
    // The token-word trigger also asks for the word between a logger call's parentheses,
    // which regexes cannot say: there the prefilter may only pass less.
    if (!pass && why === 'token word + logger call') outsideArguments++;
    else if (pass !== (why !== null)) disagreements++;
    if (pass !== mayMatterBytes(buffers[i], 'ts')) disagreements++;
    if (!pass) continue;
    passFiles++;
    passBytes += buffers[i].length;
    reasons.set(why ?? '?', (reasons.get(why ?? '?') ?? 0) + 1);
  }
  const pct = (a, b) => (b ? ((100 * a) / b).toFixed(1) : '0.0');
  log(`prefilter: ${passFiles} of ${files.length} JS/TS files pass (${pct(passFiles, files.length)}%), ${(passBytes / 1e6).toFixed(1)} of ${mb.toFixed(1)} MB (${pct(passBytes, bytes)}%)`);
  log(`  why they pass: ${[...reasons].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}`);
  log(`  dropped: token word and logger call, but no token word in the call's arguments: ${outsideArguments}`);
  log(`  disagreements with the specification (per-trigger regexes) or between text and bytes: ${disagreements}`);

  const variants = [
    ['mayMatter(text): one scanning regex', () => texts.filter((t) => mayMatter(t, 'ts')).length],
    ['mayMatterBytes(buffer), no UTF-8 decode', () => buffers.filter((b) => mayMatterBytes(b, 'ts')).length],
    ['one regex per trigger (reference)', () => texts.filter(perTermRegexes).length],
    ['toLowerCase + indexOf per needle', () => texts.filter(lowerIndexOf).length],
    ['UTF-8 decode alone (for scale)', () => buffers.map((b) => new TextDecoder('utf-8', { fatal: false }).decode(b)).length],
  ];
  const rows = [];
  for (const [label, fn] of variants) {
    fn(); // warm-up
    const { ms } = timed(fn, reps);
    rows.push({ label, ms, mbps: mb / (ms / 1000), usPerFile: (ms * 1000) / Math.max(1, files.length) });
  }
  log('  throughput (median of ' + reps + '):');
  for (const r of rows) log(`    ${r.label.padEnd(42)} ${r.ms.toFixed(1).padStart(8)} ms ${r.mbps.toFixed(0).padStart(6)} MB/s ${r.usPerFile.toFixed(1).padStart(7)} µs/file`);
  return { files: files.length, bytes, passFiles, passBytes, reasons: Object.fromEntries(reasons), outsideArguments, disagreements, rows };
}

// ReDoS review (issue 11): every regular expression in src/** and rules/** is checked with
// the recheck analyser, instead of timing each one on a long adversarial string (a timer
// fails on a busy machine, and only finds what its one input triggers). recheck decides
// statically (automata) where it can and otherwise fuzzes with a fixed seed and step
// limits; every time limit is switched off here, so its verdict depends on the pattern
// alone, never on the machine. The adversarial inputs stay in redos.test.ts and
// known-bugs.test.ts as behaviour tests.
//
// Checking all of them takes about half a minute, so verdicts are recorded in
// regex-review.json, keyed by pattern and flags and by recheck's version: a pattern that is
// new or changed is checked when the test runs (and a note asks to record it). To check
// everything again and rewrite the file:
//   JWTLINT_REGEX_REVIEW=update npx vitest run test/hostile/regex-review.test.ts
// Literals are read from the source; regexes built with `new RegExp(...)` are caught as
// the modules are imported, so they are checked as built.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parse } from '@babel/parser';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const REVIEW_FILE = path.join(import.meta.dirname, 'regex-review.json');
const UPDATE = process.env.JWTLINT_REGEX_REVIEW === 'update';

/**
 * Regexes that are not linear, each with why that is acceptable, named by file and pattern
 * (its `source`, or how that starts). An entry that no longer matches a regex recheck finds
 * unsafe fails the test: remove it once the regex is fixed.
 */
const ALLOWED: ({ file: string; reason: string } & ({ source: string } | { starts: string }))[] = [
  { file: 'src/engine/redact.ts', source: '=+$', reason: 'applied to the base64 encoding of a secret, made here: at most two `=`, at its end' },
  { file: 'src/report/code-frame.ts', source: '\\*+$', reason: 'applied to an evidence preview made by maskedPreview: at most 16 characters then at most 8 asterisks' },
  { file: 'src/report/summary.ts', source: '\\*+$', reason: 'applied to an evidence preview made by maskedPreview: at most 16 characters then at most 8 asterisks' },
  { file: 'src/report/rule-help.ts', source: '\\s+$', reason: "applied to the rules' own documentation, not to scanned text" },
  {
    file: 'src/report/rule-help.ts',
    source: '^\\s*(import|export|const|let|var|function|class|async|await|@|\\/\\/|module\\.|require\\()',
    reason: "applied to the rules' own documentation, not to scanned text",
  },
  { file: 'src/report/rule-help.ts', source: '^\\s*[A-Z][A-Z0-9_]*=', reason: "applied to the rules' own documentation, not to scanned text" },
  { file: 'src/report/rule-help.ts', source: '^\\s*[\\w.-]+:(\\s|$)', reason: "applied to the rules' own documentation, not to scanned text" },
];

/** recheck parameters: no time limit anywhere, a fixed seed, no recall validation (it is timed). */
const PARAMS = { checker: 'auto', timeout: null, attackTimeout: null, incubationTimeout: null, seedingTimeout: null, recallTimeout: -1, randomSeed: 0 } as const;

interface Verdict {
  status: 'safe' | 'vulnerable' | 'unknown';
  /** `linear`, `2nd degree polynomial`, `exponential`... or the error of an unknown verdict. */
  summary: string;
  /** An input that makes a vulnerable regex slow. */
  attack?: string;
}

interface Review {
  recheck: string;
  verdicts: Record<string, Verdict>;
}

interface Found {
  file: string;
  line: number;
  source: string;
  flags: string;
}

const keyOf = (r: { source: string; flags: string }) => `/${r.source}/${r.flags}`;

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? sourceFiles(`${dir}/${e.name}`) : e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [`${dir}/${e.name}`] : []))
    .sort();
}

/** Regex literals, and the places where a regex is built at run time. */
function readSources(files: string[]): { literals: Found[]; constructed: { file: string; line: number }[] } {
  const literals: Found[] = [];
  const constructed: { file: string; line: number }[] = [];
  for (const file of files) {
    const ast = parse(readFileSync(path.join(ROOT, file), 'utf8'), { sourceType: 'module', plugins: ['typescript'] });
    const visit = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(visit);
      if (!node || typeof node !== 'object' || typeof (node as { type?: unknown }).type !== 'string') return;
      const n = node as { type: string; loc: { start: { line: number } }; pattern?: string; flags?: string; callee?: { type: string; name?: string } };
      if (n.type === 'RegExpLiteral') literals.push({ file, line: n.loc.start.line, source: n.pattern!, flags: n.flags! });
      if ((n.type === 'NewExpression' || n.type === 'CallExpression') && n.callee?.type === 'Identifier' && n.callee.name === 'RegExp') constructed.push({ file, line: n.loc.start.line });
      for (const [key, value] of Object.entries(n)) if (key !== 'loc' && key !== 'leadingComments' && key !== 'trailingComments') visit(value);
    };
    visit(ast.program);
  }
  return { literals, constructed };
}

/** The regexes built with `new RegExp` while the modules load, with the source line that built each. */
async function importAndCatch(files: string[]): Promise<Found[]> {
  const built: Found[] = [];
  const Original = globalThis.RegExp;
  globalThis.RegExp = new Proxy(Original, {
    construct(target, args, newTarget) {
      const made = Reflect.construct(target, args, newTarget) as RegExp;
      // The first stack frame in the project's own sources names the module that built it.
      const frame = new Error().stack!.split('\n').find((l) => l.includes(`${ROOT}/src/`) || l.includes(`${ROOT}/rules/`));
      const at = frame && /\((?:file:\/\/)?([^()]+):(\d+):\d+\)$|at (?:file:\/\/)?(\S+):(\d+):\d+$/.exec(frame.trim());
      if (at) built.push({ file: path.relative(ROOT, at[1] ?? at[3]!), line: Number(at[2] ?? at[4]), source: made.source, flags: made.flags });
      return made;
    },
  });
  try {
    // Worker entry points start listening when imported: they hold no regex of their own.
    for (const file of files.filter((f) => !f.endsWith('-worker.ts'))) await import(path.join(ROOT, file));
  } finally {
    globalThis.RegExp = Original;
  }
  return built;
}

function recheckVersion(): string {
  return (createRequire(import.meta.url)('recheck/package.json') as { version: string }).version;
}

/** recheck's pure JavaScript implementation, in this process (no native binary, no JVM). */
async function analyse(source: string, flags: string): Promise<Verdict> {
  process.env.RECHECK_SYNC_BACKEND = 'pure';
  const { checkSync } = await import('recheck');
  // `d` (match indices) changes what a match reports, not how it is found; recheck does not know it.
  const d = checkSync(source, flags.replace('d', ''), PARAMS as Parameters<typeof checkSync>[2]);
  if (d.status === 'safe') return { status: 'safe', summary: d.complexity.summary };
  if (d.status === 'vulnerable') return { status: 'vulnerable', summary: d.complexity.summary, attack: d.attack.pattern };
  return { status: 'unknown', summary: `${d.error.kind}${'message' in d.error ? `: ${d.error.message}` : ''}` };
}

describe('ReDoS review of every regular expression in src/ and rules/', () => {
  it('finds each linear, or allowed with a reason', async () => {
    const files = [...sourceFiles('src'), ...sourceFiles('rules')];
    const { literals, constructed } = readSources(files);
    const built = await importAndCatch(files);
    // Every place that builds a regex must have built it on import, so that it is checked.
    const unseen = constructed.filter((c) => !built.some((b) => b.file === c.file && b.line === c.line));
    expect(unseen.map((c) => `${c.file}:${c.line} builds a regex only at run time: check it by hand and allow it here`)).toEqual([]);
    const all = [...literals, ...built];
    expect(literals.length).toBeGreaterThan(100);

    const version = recheckVersion();
    const recorded = JSON.parse(readFileSync(REVIEW_FILE, 'utf8')) as Review;
    const known = !UPDATE && recorded.recheck === version ? recorded.verdicts : {};
    const verdicts: Record<string, Verdict> = {};
    const checkedNow: string[] = [];
    for (const r of all) {
      const key = keyOf(r);
      if (verdicts[key]) continue;
      if (known[key]) verdicts[key] = known[key];
      else {
        verdicts[key] = await analyse(r.source, r.flags);
        checkedNow.push(key);
      }
    }
    if (UPDATE) {
      const sorted = Object.fromEntries(Object.entries(verdicts).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
      writeFileSync(REVIEW_FILE, `${JSON.stringify({ recheck: version, verdicts: sorted } satisfies Review, null, 2)}\n`);
    } else if (checkedNow.length > 0) {
      console.warn(`[regex-review] ${checkedNow.length} regexes were not in regex-review.json and were checked now; record them: JWTLINT_REGEX_REVIEW=update npx vitest run test/hostile/regex-review.test.ts`);
    }

    const problems: string[] = [];
    const used = new Set<(typeof ALLOWED)[number]>();
    for (const r of all) {
      const verdict = verdicts[keyOf(r)]!;
      if (verdict.status === 'safe') continue;
      const allowed = ALLOWED.find((a) => a.file === r.file && ('source' in a ? r.source === a.source : r.source.startsWith(a.starts)));
      if (allowed) used.add(allowed);
      else problems.push(`${r.file}:${r.line} /${r.source}/${r.flags}: ${verdict.status} (${verdict.summary})${verdict.attack ? `, slow on ${verdict.attack}` : ''}`);
    }
    expect(problems).toEqual([]);
    const stale = ALLOWED.filter((a) => !used.has(a)).map((a) => `${a.file} /${'source' in a ? a.source : `${a.starts}...`}/ is allowed but no longer found unsafe: remove it from ALLOWED`);
    expect(stale).toEqual([]);
  }, 600_000);
});

#!/usr/bin/env node
// Hostile-inputs section of `npm run bench`: the adversarial inputs whose wall-clock bounds
// used to be asserted in the vitest suite, timed through the built modules in dist/. Each
// case is the input of one test (the generator expressions are copied here: the bench runs
// plain Node on dist/, not the TypeScript tests) with the bound that test used. Every case
// is timed once, cold, as the test did: the input is built first, only the call is timed. A
// case that takes over half its bound is timed twice more and the median of the three counts,
// so that a burst of load elsewhere on the machine does not decide the verdict alone.
//
// Run by bench.mjs in a child process of its own (`node child.mjs hostile`); runs alone too:
// `npm run build && node test/bench/hostile-bench.mjs` prints every case.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { minifiedBundle } from '../helpers/minified-bundle.mjs';

const dist = new URL('../../dist/', import.meta.url);
const N = 100_000;
const DEEP = 10_000;
const HEADER = "const jwt = require('jsonwebtoken');\n";
const PLANTED_SECRET = 'hostile-tree-planted-secret-value';

/** The modules the cases call; a module or export that is missing makes its cases "unavailable", not a crash. */
async function loadModules() {
  const wanted = {
    parse: 'src/config-files/parse.js',
    parseYaml: 'src/config-files/parse-yaml.js',
    values: 'src/config-files/values.js',
    names: 'src/config-files/names.js',
    roles: 'src/config-files/roles.js',
    interpolation: 'src/config-files/interpolation.js',
    dependencies: 'src/config-files/dependencies.js',
    dependencyFiles: 'src/config-files/dependency-files.js',
    parseJs: 'src/lang/javascript/parse-js.js',
    lineIndex: 'src/parse/line-index.js',
    prefilter: 'src/engine/prefilter.js',
    redact: 'src/engine/redact.js',
    lineHash: 'src/engine/line-hash.js',
    run: 'src/engine/run.js',
    gitignore: 'src/discover/gitignore.js',
    ignoreRules: 'src/discover/ignore-rules.js',
    fileKind: 'src/discover/file-kind.js',
    tokenLiterals: 'src/facts/token-literals.js',
    interpret: 'src/lang/javascript/interpret.js',
    loadConfig: 'src/config/load-config.js',
    rules: 'rules/index.js',
  };
  const modules = {};
  for (const [key, path] of Object.entries(wanted)) {
    try {
      modules[key] = await import(new URL(path, dist));
    } catch (error) {
      modules[key] = { __error: `${path}: ${error?.message ?? error}` };
    }
  }
  return modules;
}

/** A module's export, or a thrown "unavailable" that the runner reports as such. */
function need(module, name) {
  const value = module?.[name];
  if (value === undefined) throw new Unavailable(module?.__error ?? `no export ${name}`);
  return value;
}

class Unavailable extends Error {}

/** `{ path: text }` written into a fresh temp folder; returns the folder. */
function tempProject(files) {
  const root = mkdtempSync(join(tmpdir(), 'jwtlint-bench-hostile-'));
  for (const [file, text] of Object.entries(files)) {
    const path = join(root, ...file.split('/'));
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  return root;
}

/**
 * Every case: source (the test file it comes from), name, bound in ms (the test's), and
 * `prepare(m)` returning the function to time (its input already built) plus an optional
 * cleanup. Cases scanned with runScan time the whole scan of a folder holding the file.
 */
function cases() {
  const list = [];
  const add = (source, name, boundMs, prepare) => list.push({ source, name, boundMs, prepare });
  const scanOf = (files, extra = {}) => (m) => {
    const runScan = need(m.run, 'runScan');
    const root = tempProject(files);
    return {
      run: async () => {
        const result = await runScan({ cwd: root, paths: [root], maxExpirySeconds: 86_400, ignore: [], disabledRules: [], ...extra });
        if (result.internalError) throw new Error('internal error');
        return result;
      },
      cleanup: () => rmSync(root, { recursive: true, force: true }),
    };
  };

  // --- test/hostile/redos.test.ts (bound 2 s each) ---------------------------------------
  const REDOS = 'test/hostile/redos.test.ts';
  const configCases = [
    ['YAML: a line of unclosed {{', 'yaml', () => `a: b ${'{{'.repeat(N)}\n`],
    ['YAML: Helm templates on one line, retried masked', 'yaml', () => `a: ${'{{x}}'.repeat(20_000)}\nb: [\n`],
    ['YAML: many template lines', 'yaml', () => `${'k: {{ .V }}\n'.repeat(20_000)}b: [\n`],
    ['YAML: long plain scalar with colons', 'yaml', () => `a: ${'x: '.repeat(N)}\n`],
    ['TOML: blank run before a comment', 'toml', () => `a = x${' '.repeat(N)}\u0000#\n`],
    ['TOML: many unterminated multi-line strings', 'toml', () => `${'a = """\n'.repeat(20_000)}`],
    ['TOML: inline arrays with quotes', 'toml', () => `a = [${'"x", '.repeat(N / 5)}\n`],
    ['TOML: bad unicode escapes', 'toml', () => `a = "${'\\UFFFFFFFF'.repeat(10_000)}"\n`],
    ['shell: unclosed ${', 'shell', () => `A=${'${'.repeat(N)}\n`],
    ['shell: unclosed $(', 'shell', () => `A=${'$('.repeat(N)}\n`],
    ['shell: unclosed (( in arrays', 'shell', () => `A=(${'('.repeat(N)}\n`],
    ['shell: mixed quotes and expansions', 'shell', () => `A="${'${"'.repeat(N / 2)}\n`],
    ['shell: backticks', 'shell', () => `A=${'`\\'.repeat(N / 2)}\n`],
    ['shell: heredocs', 'shell', () => `${'cat <<EOF\n'.repeat(10_000)}`],
    ['Dockerfile: unclosed ${', 'dockerfile', () => `FROM x\nENV A=${'${'.repeat(N)}\n`],
    ['Dockerfile: continuation lines', 'dockerfile', () => `FROM x\nRUN a ${'\\\n# c\n'.repeat(N / 4)}`],
    ['.env: unterminated quotes', 'env', () => `${'A="\n'.repeat(20_000)}`],
    ['.env: inline comment search', 'env', () => `A=${'x \t'.repeat(N / 3)}\n`],
    ['.properties: continuations', 'properties', () => `a=${'\\\n'.repeat(N / 2)}`],
    ['.properties: bad escapes', 'properties', () => `a=${'\\u12'.repeat(N / 4)}\n`],
    ['JSON: unclosed strings and brackets', 'json', () => `{"a": ${'["'.repeat(N / 2)}`],
  ];
  for (const [name, format, text] of configCases) {
    add(REDOS, `parseConfigText, ${name}`, 2_000, (m) => {
      const parse = need(m.parse, 'parseConfigText');
      const input = text();
      return { run: () => parse(`x.${format}`, format, input) };
    });
  }
  const prefilterCases = [
    ['nested logger calls', () => `token;${'console.log('.repeat(N / 10)}`],
    ['closed logger calls', () => `token;${'console.log(a);'.repeat(N / 10)}`],
    ['logger names without calls', () => `token;${'console.log '.repeat(N / 10)}`],
    ['unclosed template expressions', () => `token;console.log(${'`${'.repeat(N / 2)}`],
    ['unclosed strings on one line', () => `token;console.log(${"'a".repeat(N / 2)}`],
    ['regex-looking slashes', () => `token;console.log(${'(/'.repeat(N / 2)}`],
    ['comments in the gap', () => `token;console.log${'/**/'.repeat(N / 4)}(x)`],
    ['escapes', () => `token;console.log('${'\\'.repeat(N)}`],
  ];
  for (const [name, text] of prefilterCases) {
    add(REDOS, `mayMatter, ${name}`, 2_000, (m) => {
      const mayMatter = need(m.prefilter, 'mayMatter');
      const input = text();
      return { run: () => mayMatter(input, 'js') };
    });
  }
  const dependencyCases = [
    ['yarn: a descriptor line of 200,000 ranges', 'yarn.lock', 'yarn-lockfile', () => `jsonwebtoken@${'^1, '.repeat(200_000)}:\n  version "8.5.1"\n`],
    ['yarn: 50,000 entries', 'yarn.lock', 'yarn-lockfile', () => '"jsonwebtoken@^8":\n  version "8.5.1"\n'.repeat(50_000)],
    ['pnpm: 50,000 package keys', 'pnpm-lock.yaml', 'pnpm-lockfile', () => `packages:\n${'  /jsonwebtoken/8.5.1:\n    resolution: {integrity: x}\n'.repeat(50_000)}`],
    ['pnpm: a 500,000-character key', 'pnpm-lock.yaml', 'pnpm-lockfile', () => `packages:\n  /jsonwebtoken${'@'.repeat(500_000)}\n`],
    ['npm: one key repeated 50,000 times', 'package-lock.json', 'npm-lockfile', () => `{"packages":{${'"node_modules/jsonwebtoken":{"version":"8.5.1"},'.repeat(50_000)}"x":{}}}`],
    ['npm v1: 5,000 nested install levels', 'package-lock.json', 'npm-lockfile', () => `{"dependencies":${'{"jsonwebtoken":{"version":"8.5.1","dependencies":'.repeat(5_000)}{}${'}}'.repeat(5_000)}}`],
    ['manifest: a range of 50,000 alternatives', 'package.json', 'manifest', () => `{"dependencies":{"jsonwebtoken":"${'^8 || '.repeat(50_000)}^9"}}`],
  ];
  for (const [name, file, kind, text] of dependencyCases) {
    add(REDOS, `extractDependencyFacts, ${name}`, 2_000, (m) => {
      const extract = need(m.dependencies, 'extractDependencyFacts');
      const input = text();
      return { run: () => extract(file, kind, input) };
    });
  }
  const long = () => 'a'.repeat(N);
  const heuristics = [
    ['templateRegions, a line of {{', (m) => need(m.parseYaml, 'templateRegions'), () => ['{{'.repeat(N)]],
    ['templateRegions, a line of {{ closed once', (m) => need(m.parseYaml, 'templateRegions'), () => [`${'{{'.repeat(N)}}}`]],
    ['isPlaceholder, #{ without }', (m) => need(m.values, 'isPlaceholder'), () => [`${'(.)#{'.repeat(N / 5)}(.)x`, false]],
    ['isPlaceholder, $( without )', (m) => need(m.values, 'isPlaceholder'), () => [`${'$(a'.repeat(N / 3)}`, false]],
    ['keyWords, long capital run', (m) => need(m.names, 'keyWords'), () => [`${'A'.repeat(N)}\u0000AAa`]],
    ['keyWords, glued words', (m) => need(m.names, 'keyWords'), () => ['jwt'.repeat(30_000)]],
    ['looksRandom', (m) => need(m.values, 'looksRandom'), () => [`${long()}!`]],
    ['isReferenceValue', (m) => need(m.values, 'isReferenceValue'), () => [`/${'a/'.repeat(N / 2)}\u0000`]],
    ['jwsAlgorithm', (m) => need(m.values, 'jwsAlgorithm'), () => [`"${long()}`]],
    ['lifetimeSeconds', (m) => need(m.values, 'lifetimeSeconds'), () => [`${'1'.repeat(N)}x${' '.repeat(N)}`]],
    ['lifetimeSeconds, ISO', (m) => need(m.values, 'lifetimeSeconds'), () => [`P${'1'.repeat(N)}`]],
    ['analyseInterpolation', (m) => need(m.interpolation, 'analyseInterpolation'), () => [`\${${'A:-${'.repeat(N / 4)}`]],
    ['isTestConfigPath', (m) => need(m.roles, 'isTestConfigPath'), () => [`${'.e2e.2'.repeat(N / 6)}/.e2e.p`]],
    ['fileKindOf', (m) => need(m.fileKind, 'fileKindOf'), () => [`${'dockerfile.'.repeat(N / 11)}x`]],
    ['hasFlowPragma', (m) => need(m.parseJs, 'hasFlowPragma'), () => [`/${'\n\t'.repeat(N)}@flow`]],
  ];
  for (const [name, fnOf, argsOf] of heuristics) {
    add(REDOS, name, 2_000, (m) => {
      const fn = fnOf(m);
      const args = argsOf();
      return { run: () => fn(...args) };
    });
  }
  add(REDOS, 'LineIndex, 100,000 CRs then 100,000 LFs (build + lineText)', 2_000, (m) => {
    const LineIndex = need(m.lineIndex, 'LineIndex');
    const text = '\r'.repeat(N) + '\n'.repeat(N);
    return { run: () => new LineIndex(text).lineText(N) };
  });
  add(REDOS, 'parseJs, 100,000 nested arrays (fails fast)', 2_000, (m) => {
    const parseJs = need(m.parseJs, 'parseJs');
    const text = `x = ${'['.repeat(N)}${']'.repeat(N)};`;
    return {
      run: () => {
        try {
          parseJs(text, 'js');
        } catch {
          return; // expected: "nesting too deep"
        }
        throw new Error('parsed without an error');
      },
    };
  });
  const deepPath = `${'a/'.repeat(2_000)}x.js`;
  for (const pattern of ['**/a/**/a/**/a/**/x', 'a/**/a/**/a/**/a/**/a/**/y', `${'**/a/'.repeat(50)}z`, `${'*a'.repeat(200)}b`, `${'?'.repeat(3000)}`]) {
    add(REDOS, `GitignoreMatcher ${pattern.slice(0, 24)}${pattern.length > 24 ? '…' : ''} on a 2,000-folder path`, 2_000, (m) => {
      const GitignoreMatcher = need(m.gitignore, 'GitignoreMatcher');
      return { run: () => new GitignoreMatcher().add(pattern).test(deepPath) };
    });
  }
  add(REDOS, 'IgnoreRules, 2,000 rules and 199 nested ignore levels', 2_000, (m) => {
    const IgnoreRules = need(m.ignoreRules, 'IgnoreRules');
    const rules = new IgnoreRules();
    rules.add('', Array.from({ length: 2_000 }, (_, i) => `**/a/**/n${i}`));
    for (let d = 1; d < 200; d++) rules.add('a/'.repeat(d).slice(0, -1), '**/a/**/q\n!x.js\n');
    const path = `${'a/'.repeat(300)}x.js`;
    return { run: () => rules.isIgnored(path) };
  });

  // --- test/hostile/known-bugs.test.ts (bound 1 s, the member chain 5 s) ------------------
  const KNOWN = 'test/hostile/known-bugs.test.ts';
  add(KNOWN, 'runScan, a 30,000-step member chain as a key', 5_000, scanOf({ 'a.js': `${HEADER}jwt.sign(p, config${'.b'.repeat(30_000)});\n` }));
  add(KNOWN, 'findTokens, a long run of eyJ fragments', 1_000, (m) => {
    const findTokens = need(m.tokenLiterals, 'findTokens');
    const text = `${'eeyJeyJee'.repeat(9_000)}.`;
    return { run: () => findTokens(text, () => ({ file: 'x', line: 1, column: 1, endLine: 1, endColumn: 1 })) };
  });
  add(KNOWN, 'parseDuration, a long blank run', 1_000, (m) => {
    const parseDuration = need(m.interpret, 'parseDuration');
    const text = `0\t${'\t'.repeat(45_000)}\t0`;
    return { run: () => parseDuration(text, 's') };
  });
  add(KNOWN, 'mayMatter, slashes after a logger name', 1_000, (m) => {
    const mayMatter = need(m.prefilter, 'mayMatter');
    const text = `token; console${'//'.repeat(20)}\n`;
    return { run: () => mayMatter(text, 'js') };
  });
  add(KNOWN, 'mayMatter, comment openers after split(".")', 1_000, (m) => {
    const mayMatter = need(m.prefilter, 'mayMatter');
    const text = `Buffer; x.split(".")[//${'/*['.repeat(60_000)}`;
    return { run: () => mayMatter(text, 'js') };
  });
  add(KNOWN, 'maskTokens, a long run of eyJ fragments', 1_000, (m) => {
    const maskTokens = need(m.redact, 'maskTokens');
    const text = `${'eyJyyyyyy'.repeat(15_000)}\u0000eyJJyy-e-.JJyyee.`;
    return { run: () => maskTokens(text) };
  });
  add(KNOWN, 'redactLine, a periodic 100 kB secret', 1_000, (m) => {
    const redactLine = need(m.redact, 'redactLine');
    const secret = 'a1b2c'.repeat(20_000);
    const line = `JWT_SECRET=${secret}`;
    return { run: () => redactLine(line, [secret]) };
  });
  add(KNOWN, 'runScan, testPaths `**` pattern on a 300-folder path', 1_000, scanOf({ [`${'a/'.repeat(300)}k.js`]: `${HEADER}jwt.sign(p, 'deep-test-path-secret');\n` }, { testPaths: ['**/a/**/a/**/x'] }));
  add(KNOWN, 'validateConfig, a units key of 40,000 slashes', 1_000, (m) => {
    const validateConfig = need(m.loadConfig, 'validateConfig');
    const registry = need(m.rules, 'rules');
    const data = { units: { [`${'/'.repeat(40_000)}x`]: 'a' } };
    return { run: () => validateConfig(data, registry) };
  });

  // --- test/config-files/parse-yaml.test.ts, dependencies.test.ts (2 s) -------------------
  add('test/config-files/parse-yaml.test.ts', 'parseYaml, an alias expansion bomb (9^9)', 2_000, (m) => {
    const parseYaml = need(m.parseYaml, 'parseYaml');
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      lines.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(', ')}]`);
    }
    const text = lines.join('\n');
    return { run: () => parseYaml('bomb.yaml', text) };
  });
  add('test/config-files/dependencies.test.ts', 'extractDependencyFacts, a 40,000-package npm lockfile', 2_000, (m) => {
    const extract = need(m.dependencies, 'extractDependencyFacts');
    const kindOf = need(m.dependencyFiles, 'dependencyFileKind');
    const packages = {};
    for (let i = 0; i < 40_000; i++) packages[`node_modules/pkg-${i}`] = { version: '1.0.0' };
    packages['node_modules/jsonwebtoken'] = { version: '8.5.1' };
    const text = JSON.stringify({ lockfileVersion: 3, packages }, null, 2);
    return { run: () => extract('package-lock.json', kindOf('package-lock.json'), text) };
  });

  // --- test/engine/line-hash.test.ts (5 s), redact-scaling.test.ts (10 s) -------------------
  add('test/engine/line-hash.test.ts', 'lineHashes, a 2 MB file of 60,000 lines', 5_000, (m) => {
    const lineHashes = need(m.lineHash, 'lineHashes');
    const big = 'const token = "abcdefghijklmnop";\n'.repeat(60_000);
    return { run: () => lineHashes(big) };
  });
  const secretShapes = [
    ['distinct secrets sharing a common frame', (i) => `hardcoded-secret-${i}-xyz`],
    ['secrets sharing a long run', (i) => `${'a'.repeat(40)}${i}`],
  ];
  for (const [name, secretOf] of secretShapes) {
    add('test/engine/redact-scaling.test.ts', `redactLine + redactText, 6,000 lines against 3,000 ${name}`, 10_000, (m) => {
      const redactLine = need(m.redact, 'redactLine');
      const redactText = need(m.redact, 'redactText');
      const secrets = Array.from({ length: 3000 }, (_, i) => secretOf(i));
      return {
        run: () => {
          for (let n = 0; n < 6000; n++) redactLine(`    super({ secretOrKey: "${secrets[n % 3000]}" }); // ${n}`, secrets);
          for (let n = 0; n < 6000; n++) redactText(`The key "${secrets[n % 3000]}" is hardcoded.`, secrets);
        },
      };
    });
  }

  // --- test/hostile/hostile-tree.test.ts: the costliest files of the hostile tree, each
  // scanned alone by runScan (bound 15 s per file) -------------------------------------------
  const TREE = 'test/hostile/hostile-tree.test.ts';
  const treeFiles = [
    ['minified/app.js', () => minifiedBundle(1_500_000, PLANTED_SECRET), 'a 1.5 MB one-line bundle (skipped)'],
    ['minified/chunk.js', () => minifiedBundle(200_000, PLANTED_SECRET), 'a 200 kB one-line chunk (analysed)'],
    ['minified/lines.js', () => '\n'.repeat(1_500_000), '1.5 million empty lines'],
    ['deep/call-chain.js', () => `const jwt = require('jsonwebtoken');\nx = a${'.b()'.repeat(DEEP)};\njwt.sign(p, '${PLANTED_SECRET}');\n`, '10,000 chained calls'],
    ['deep/binary.js', () => `require('jsonwebtoken');\nconst jwt = require('jsonwebtoken'); jwt.sign(p, "a"${'+"a"'.repeat(DEEP)});`, 'a 10,000-term concatenated key'],
    ['deep/values-template-braces.yaml', () => `a: ${'{{'.repeat(DEEP)}\nb: [\n`, 'Helm-like braces opening 20,000 flow maps'],
    ['redos/values-templates.yaml', () => `a: ${'{{x}}'.repeat(60_000)}\nb: [\n`, '60,000 Helm templates on one line'],
    ['redos/config-comment.toml', () => `a = x${' '.repeat(400_000)}\u0000#\n`, 'a 400,000-space run before a comment'],
    ['redos/expansions.sh', () => `A=${'${'.repeat(200_000)}\nB=${'$('.repeat(200_000)}\n`, '400,000 unclosed expansions'],
    ['redos/config-keys.yaml', () => `${'A'.repeat(300_000)}b: x\n${'jwt'.repeat(100_000)}: y\n`, 'a 300,000-capital key and a glued key'],
    ['redos/placeholders.env', () => `JWT_SECRET=${'(.)#{'.repeat(100_000)}(.)\${\nJWT_KEY=${'$(a'.repeat(100_000)}$(b)\n`, 'placeholder-syntax bait'],
    [
      'yaml/values-merge-bomb.yaml',
      () => ['base: &b0 {k: v}', ...Array.from({ length: 30 }, (_, i) => `l${i + 1}: &b${i + 1} {<<: [${Array(8).fill(`*b${i}`).join(', ')}], x${i}: y}`), ''].join('\n'),
      'merge keys that multiply',
    ],
  ];
  for (const [file, text, what] of treeFiles) {
    add(TREE, `runScan, ${file}: ${what}`, 15_000, (m) => scanOf({ [file]: text() })(m));
  }
  return list;
}

/** Runs every case once; returns { cases: [{ source, name, boundMs, ms, met, error? }], totalMs }. */
export async function runHostileCases() {
  const modules = await loadModules();
  const out = [];
  const started = performance.now();
  for (const c of cases()) {
    const row = { source: c.source, name: c.name, boundMs: c.boundMs };
    let prepared = null;
    try {
      prepared = c.prepare(modules);
      const once = async () => {
        const t0 = performance.now();
        await prepared.run();
        return performance.now() - t0;
      };
      const runs = [await once()];
      // Over half its bound (a slow case, or a burst of load elsewhere): timed twice more, the median counts.
      if (runs[0] >= c.boundMs / 2) runs.push(await once(), await once());
      row.runs = runs;
      row.ms = [...runs].sort((a, b) => a - b)[Math.floor(runs.length / 2)];
      row.met = row.ms < c.boundMs;
    } catch (error) {
      if (error instanceof Unavailable) row.unavailable = error.message;
      else {
        row.error = String(error?.message ?? error).slice(0, 200);
        row.met = false;
      }
    } finally {
      try {
        prepared?.cleanup?.();
      } catch {
        // a temp folder that cannot be removed is not the case's failure
      }
    }
    out.push(row);
  }
  return { cases: out, totalMs: performance.now() - started };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { cases: rows, totalMs } = await runHostileCases();
  for (const r of rows) {
    const time = r.ms !== undefined ? `${r.ms.toFixed(1).padStart(9)} ms${r.runs.length > 1 ? ` (median of ${r.runs.length})` : ''}` : '        - ms';
    const verdict = r.unavailable ? `unavailable (${r.unavailable})` : r.error ? `NOT met: ${r.error}` : r.met ? 'met' : 'NOT met';
    console.log(`${time}  < ${String(r.boundMs / 1000).padStart(2)} s  ${verdict.padEnd(8)} ${r.name}  [${r.source}]`);
  }
  console.log(`${rows.length} cases in ${(totalMs / 1000).toFixed(1)} s`);
}

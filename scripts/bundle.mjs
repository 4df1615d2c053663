#!/usr/bin/env node
// Bundles the compiled CLI (dist/src, written by `tsc -p tsconfig.build.json`) into one
// module, dist/bundle/main.mjs, plus the license notices of the packages it holds and the
// GitHub Action's module (github-action.mjs, node built-ins only). The files are committed: `npm i -g github:…`, a tarball and the pre-commit hook run them
// without building anything (npm prepares a git dependency without its dev dependencies).
//
//   node scripts/bundle.mjs            write dist/bundle/
//   node scripts/bundle.mjs --check    build in memory and compare, byte for byte, with the
//                                      files in dist/bundle/ (exit 1 and say which differ)
//   node scripts/bundle.mjs --inputs   list the packages bundled, and what stays external
//
// The output depends only on dist/src and the locked dependencies: esbuild names inputs by
// paths relative to the repository (absWorkingDir), and nothing here reads a clock.
import { readFileSync, existsSync, mkdirSync, writeFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT_DIR = path.join(ROOT, 'dist', 'bundle');
const ENTRY = 'dist/src/cli/main.js';
/** The GitHub Action's side (bin/jwtlint-action.js): committed, not in the npm package. */
const ACTION_ENTRY = 'dist/src/report/github-annotations.js';
/**
 * Not bundled. @babel/parser: loaded lazily through createRequire on the first parse
 * (src/lang/javascript/parse-js.ts); the one runtime dependency. ts-morph: an optional peer
 * dependency that only `jwtlint fix` imports (src/fix/ts-morph.ts); a scan never loads it, and
 * jwtlint's install stays without its 15 MB.
 */
const EXTERNAL = ['@babel/parser', 'ts-morph'];
const OPTIONAL_PEERS = new Set(['ts-morph']);
const LICENSES_FILE = 'THIRD-PARTY-LICENSES.txt';
/**
 * WebAssembly the bundle reads at run time from its own folder (src/config-files/parse-hcl.ts):
 * tree-sitter's runtime, the Terraform grammar and the grammars of the other languages' front ends (src/lang/). Copied from the installed packages.
 */
const WASM_FILES = [
  { name: 'web-tree-sitter.wasm', dir: 'node_modules/web-tree-sitter' },
  { name: 'tree-sitter-terraform.wasm', dir: 'node_modules/@tree-sitter-grammars/tree-sitter-hcl' },
  { name: 'tree-sitter-python.wasm', dir: 'node_modules/tree-sitter-python' },
  { name: 'tree-sitter-go.wasm', dir: 'node_modules/tree-sitter-go' },
  { name: 'tree-sitter-java.wasm', dir: 'node_modules/tree-sitter-java' },
  { name: 'tree-sitter-c_sharp.wasm', dir: 'node_modules/tree-sitter-c-sharp' },
  { name: 'tree-sitter-kotlin.wasm', dir: 'node_modules/@tree-sitter-grammars/tree-sitter-kotlin' },
];

const mode = process.argv[2] ?? '';
if (!['', '--check', '--inputs'].includes(mode)) {
  console.error(`usage: node scripts/bundle.mjs [--check | --inputs] (got ${mode})`);
  process.exit(2);
}
if (![ENTRY, ACTION_ENTRY].every((entry) => existsSync(path.join(ROOT, entry)))) {
  console.error(`${ENTRY} or ${ACTION_ENTRY} is missing: run \`tsc -p tsconfig.build.json\` first (\`npm run build\` does both).`);
  process.exit(2);
}

const result = await esbuild.build({
  absWorkingDir: ROOT,
  entryPoints: { main: ENTRY, 'github-action': ACTION_ENTRY },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  mainFields: ['module', 'main'],
  external: EXTERNAL,
  logLevel: 'warning',
  outdir: 'dist/bundle',
  outExtension: { '.js': '.mjs' },
  // Bundled CommonJS modules call require(); an ES module has none of its own.
  banner: { js: "import { createRequire as jwtlintCreateRequire } from 'node:module'; const require = jwtlintCreateRequire(import.meta.url);" },
  legalComments: 'none', // every bundled package's license is in THIRD-PARTY-LICENSES.txt instead
  metafile: true,
  write: false,
});

const packages = withWasmPackages(bundledPackages(result.metafile));
const files = new Map(result.outputFiles.map((file) => [path.relative(OUT_DIR, file.path), Buffer.from(file.contents)]));
for (const wasm of WASM_FILES) files.set(wasm.name, readFileSync(path.join(ROOT, wasm.dir, wasm.name)));
files.set(LICENSES_FILE, Buffer.from(licenseNotices(packages), 'utf8'));

if (mode === '--inputs') {
  for (const pkg of packages) console.log(`bundled  ${pkg.name}@${pkg.version} (${pkg.license})`);
  for (const name of EXTERNAL) console.log(`external ${name} (${OPTIONAL_PEERS.has(name) ? 'an optional peer dependency, for jwtlint fix' : 'a runtime dependency'})`);
} else if (mode === '--check') {
  const problems = [];
  for (const [name, contents] of files) {
    const onDisk = path.join(OUT_DIR, name);
    if (!existsSync(onDisk)) problems.push(`dist/bundle/${name} is missing`);
    else if (!readFileSync(onDisk).equals(contents)) problems.push(`dist/bundle/${name} differs from a fresh build`);
  }
  for (const name of existsSync(OUT_DIR) ? readdirSync(OUT_DIR) : []) {
    if (!files.has(name)) problems.push(`dist/bundle/${name} is not produced by the build`);
  }
  if (problems.length > 0) {
    for (const problem of problems) console.error(`check:bundle: ${problem}`);
    console.error('check:bundle: run `npm run build` and commit dist/bundle/.');
    process.exit(1);
  }
  console.log(`check:bundle: dist/bundle/ equals a fresh build (${[...files.keys()].join(', ')})`);
} else {
  mkdirSync(OUT_DIR, { recursive: true });
  for (const [name, contents] of files) writeFileSync(path.join(OUT_DIR, name), contents);
}

/** The packages whose files went into the bundle, from esbuild's metafile, sorted by name. */
function bundledPackages(metafile) {
  const byDir = new Map();
  for (const input of Object.keys(metafile.inputs)) {
    const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (!match || byDir.has(match[1])) continue;
    const manifest = JSON.parse(readFileSync(path.join(ROOT, match[1], 'package.json'), 'utf8'));
    byDir.set(match[1], { dir: match[1], name: manifest.name, version: manifest.version, license: manifest.license ?? 'see its license file' });
  }
  return [...byDir.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.version < b.version ? -1 : 1));
}

/** Adds the packages whose WebAssembly is shipped beside the bundle (their JavaScript may not be bundled). */
function withWasmPackages(packages) {
  const byDir = new Map(packages.map((pkg) => [pkg.dir, pkg]));
  for (const { dir } of WASM_FILES) {
    if (byDir.has(dir)) continue;
    const manifest = JSON.parse(readFileSync(path.join(ROOT, dir, 'package.json'), 'utf8'));
    byDir.set(dir, { dir, name: manifest.name, version: manifest.version, license: manifest.license ?? 'see its license file' });
  }
  return [...byDir.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.version < b.version ? -1 : 1));
}

function licenseNotices(packages) {
  const parts = [
    'dist/bundle/*.mjs hold jwtlint (MIT, see LICENSE) and the following packages, each under its own license.',
    `Not bundled: ${EXTERNAL.filter((name) => !OPTIONAL_PEERS.has(name)).join(', ')} (installed as a dependency); ${[...OPTIONAL_PEERS].join(', ')} (an optional peer dependency, installed by the user for jwtlint fix).`,
    '',
  ];
  for (const pkg of packages) {
    const dir = path.join(ROOT, pkg.dir);
    const file = readdirSync(dir).filter((name) => /^(licen[sc]e|copying)(\.|$)/i.test(name)).sort()[0];
    parts.push('-'.repeat(78), `${pkg.name}@${pkg.version} (${pkg.license})`, '');
    parts.push(file ? readFileSync(path.join(dir, file), 'utf8').replace(/\r\n?/g, '\n').trimEnd() : `No license file in the package; its package.json says: ${pkg.license}.`, '');
  }
  return `${parts.join('\n')}\n`;
}

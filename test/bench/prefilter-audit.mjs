#!/usr/bin/env node
// False-negative audit of the prefilter on any folder: parses and analyses EVERY JS/TS file
// (as if the prefilter were off) and reports each file the engine does not parse as a
// candidate (`loadAndJudge`: the byte prefilter, then the same on the code without block
// comments) yet produces facts of its own (call sites, secrets, lifetimes, tokens, storage writes, logs). The answer
// must be zero. Slow (parses everything); not part of `npm run bench`.
//
//   npm run build && node test/bench/prefilter-audit.mjs <dir>
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { discoverFiles } from '../../dist/src/discover/discover.js';
import { loadAndJudge } from '../../dist/src/engine/load-file.js';
import { extractFacts } from '../../dist/src/lang/javascript/extract-facts.js';
import { indexFile } from '../../dist/src/lang/javascript/file-index.js';
import { createProject } from '../../dist/src/lang/javascript/project.js';
import { ValueResolver } from '../../dist/src/lang/javascript/resolve-value.js';
import { isTsConfigFile, readTsConfigPaths } from '../../dist/src/lang/javascript/tsconfig-paths.js';
import { dialectOf, parseJs } from '../../dist/src/lang/javascript/parse-js.js';

const root = resolve(process.argv[2] ?? '.');
const { files } = await discoverFiles({ root, paths: [], ignore: [] });
const sources = new Map();
const discovered = new Map();
const tsconfigs = [];
for (const f of files) {
  if (isTsConfigFile(f.path)) {
    const c = readTsConfigPaths(f.path, readFileSync(f.absolutePath, 'utf8'));
    if (c) tsconfigs.push(c);
  } else if (['js', 'ts', 'jsx', 'tsx'].includes(f.kind) && dialectOf(f.path) && statSync(f.absolutePath).size <= 2 * 1024 * 1024) {
    sources.set(f.path, readFileSync(f.absolutePath, 'utf8'));
    discovered.set(f.path, f);
  }
}
let unparsable = 0;
const parse = (path, text) => {
  try {
    return indexFile(path, text, parseJs(text, dialectOf(path)).ast);
  } catch {
    unparsable++;
    return null;
  }
};
const project = createProject(sources, parse, tsconfigs);
const resolver = new ValueResolver(project);
let dropped = 0;
let withFacts = 0;
const leaks = [];
for (const [path, text] of sources) {
  const pass = loadAndJudge(discovered.get(path), [], { prefilter: true, maxFileBytes: 2 * 1024 * 1024 })?.js?.candidate ?? true;
  const index = project.index(path);
  if (!index) continue;
  let facts;
  try {
    facts = extractFacts(index, project, resolver);
  } catch (error) {
    console.log(`internal error in ${path}: ${error.message}`);
    continue;
  }
  const counts = ['callSites', 'secrets', 'lifetimes', 'tokens', 'storageWrites', 'logs'].map((k) => [k, facts[k].length]).filter(([, n]) => n > 0);
  if (counts.length) withFacts++;
  if (pass) continue;
  dropped++;
  if (counts.length) leaks.push(`${path}: ${counts.map(([k, n]) => `${k}=${n}`).join(' ')}`);
}
console.log(`${root}: ${sources.size} JS/TS files, ${dropped} fail the prefilter, ${withFacts} produce facts, ${unparsable} unparsable`);
console.log(`files that fail the prefilter yet produce facts (false negatives): ${leaks.length}`);
for (const l of leaks) console.log(`  ${l}`);
process.exitCode = leaks.length ? 1 : 0;

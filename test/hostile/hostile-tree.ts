// Builds a hostile repository in a temporary folder: inputs meant to crash, hang, trick into
// executing code, or leak. Shared by the hostile-tree and determinism tests.
import { spawnSync } from 'node:child_process';
import { closeSync, lstatSync, mkdirSync, mkdtempSync, openSync, readdirSync, readlinkSync, symlinkSync, writeFileSync, writeSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { NotificationKind } from '../../src/engine/types.js';
import { minifiedBundle } from '../helpers/minified-bundle.mjs';

export const TEN_MB = 10 * 1024 * 1024;
export const DEEP = 10_000;

/** A file of the tree and what jwtlint must say about it (null: nothing in particular). */
export interface HostileCase {
  /** Root-relative POSIX path. */
  path: string;
  /** Notification kinds any of which is acceptable for this path; [] means "none expected". */
  expect: NotificationKind[] | null;
  what: string;
}

export interface HostileTree {
  /** Temporary folder holding `root`, `outside` and `markers`. */
  base: string;
  /** The scanned repository. */
  root: string;
  /** A folder outside the root that links point into. */
  outside: string;
  /** Where code from the tree would write if it ever ran. */
  markers: string;
  cases: HostileCase[];
  /** Whether the special entries could be made (FIFO, socket, over-long path). */
  made: { fifo: boolean; socket: boolean; longPath: boolean };
  /** Closes the socket server; the folder itself is removed by `removeHostileTree`. */
  close(): Promise<void>;
}

/** A JWT-looking secret that the rules report (a hard-coded HMAC key). */
export const PLANTED_SECRET = 'hostile-tree-planted-secret-value';
/** The secret in the file outside the root: it must never appear in any output. */
export const OUTSIDE_SECRET = 'outside-root-secret-must-never-appear-1234';

/** Deterministic pseudo-random bytes (xorshift), so that two trees built alike are byte-identical. */
function pseudoRandomBytes(length: number, seed: number): Buffer {
  const out = Buffer.alloc(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

export interface BuildOptions {
  /** Create the entries in reverse order (a different directory order on disk). */
  reverse?: boolean;
}

function markerCode(markers: string, name: string): string {
  const file = JSON.stringify(path.join(markers, name));
  return `require('fs').writeFileSync(${file}, 'executed');\n`;
}

function write(root: string, file: string, content: string | Buffer): void {
  const target = path.join(root, ...file.split('/'));
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, content);
}

function repeat(unit: string, n: number): string {
  return unit.repeat(n);
}

/** Writes `size` bytes of syntactically valid JavaScript without holding it all in one string twice. */
function writeLargeJs(file: string, size: number): void {
  const fd = openSync(file, 'w');
  const line = `const filler = ${JSON.stringify('x'.repeat(100))};\n`;
  const chunk = Buffer.from(line.repeat(Math.ceil((1024 * 1024) / line.length)));
  let written = 0;
  while (written < size) {
    writeSync(fd, chunk);
    written += chunk.length;
  }
  closeSync(fd);
}

/**
 * Folders nested until the absolute path is just under PATH_MAX (4096), so that a file
 * name inside makes the full path too long (ENAMETOOLONG: an unreadable file without
 * permissions, which root ignores) and a sub-folder cannot be listed (an unreadable
 * folder). Made with relative `cd` in a shell, since no single call may name the path.
 */
function makeOverlongPath(root: string): boolean {
  const start = path.join(root, 'long');
  mkdirSync(start, { recursive: true });
  const segment = 'd'.repeat(200);
  let length = start.length;
  const parts: string[] = [];
  while (length + 201 < 3900) {
    parts.push(segment);
    length += 201;
  }
  const last = 'e'.repeat(Math.max(1, 3950 - length - 1));
  parts.push(last);
  const fileName = `${'f'.repeat(240)}.js`;
  const script = [
    'set -e',
    `cd ${JSON.stringify(start)}`,
    ...parts.map((p) => `mkdir ${p} && cd ${p}`),
    `printf 'module.exports = 1;\\n' > ${fileName}`,
    `mkdir ${'g'.repeat(250)}`,
    `printf 'x = 1;\\n' > ${'g'.repeat(250)}/inside.js`,
  ].join('\n');
  const result = spawnSync('sh', ['-c', script], { encoding: 'utf8' });
  return result.status === 0;
}

/** `rm -rf` through relative paths (fs.rmSync cannot name the over-long ones). */
export function removeHostileTree(tree: Pick<HostileTree, 'base'>): void {
  spawnSync('rm', ['-rf', tree.base]);
}

export async function buildHostileTree(options: BuildOptions = {}): Promise<HostileTree> {
  const base = mkdtempSync(path.join(tmpdir(), 'jwtlint-hostile-'));
  const root = path.join(base, 'repo');
  const outside = path.join(base, 'outside');
  const markers = path.join(base, 'markers');
  mkdirSync(root);
  mkdirSync(outside);
  mkdirSync(markers);
  const cases: HostileCase[] = [];
  // Entries are created at the end, in order or in reverse order.
  const ops: (() => void)[] = [];
  const add = (file: string, content: string | Buffer, expect: NotificationKind[] | null, what: string) => {
    ops.push(() => write(root, file, content));
    cases.push({ path: file, expect, what });
  };

  // --- Code that must never run -------------------------------------------------------
  add('.jwtlintrc.js', markerCode(markers, 'jwtlintrc-js'), null, 'JavaScript configuration that writes a marker if executed');
  add('jwtlint.config.js', markerCode(markers, 'jwtlint-config-js'), null, 'a second JavaScript configuration');
  add('.jwtlintrc.cjs', markerCode(markers, 'jwtlintrc-cjs'), null, 'CommonJS configuration');
  add('.jwtlintrc.mjs', `import fs from 'node:fs'; fs.writeFileSync(${JSON.stringify(path.join(markers, 'jwtlintrc-mjs'))}, 'x');\n`, null, 'ESM configuration');
  const script = `node -e "require('fs').writeFileSync('${path.join(markers, 'npm-script')}', 'x')"`;
  add(
    'package.json',
    JSON.stringify({ name: 'hostile', version: '1.0.0', main: 'evil/require-me.js', scripts: { preinstall: script, install: script, postinstall: script, prepare: script, test: script, jwtlint: script } }, null, 2),
    [],
    'a manifest whose scripts would write a marker',
  );
  add('evil/require-me.js', markerCode(markers, 'required') + 'process.exit(42);\n', [], 'a module that writes a marker and exits when required');
  add(
    'evil/index.js',
    [
      "const jwt = require('jsonwebtoken');",
      "const evil = require('./require-me');",
      "const also = require('../evil/require-me.js');",
      "import('./require-me.js');",
      "require(require('path').join(__dirname, 'require-me.js'));",
      `module.exports = (p) => jwt.sign(p, '${PLANTED_SECRET}');`,
      '',
    ].join('\n'),
    [],
    'code that requires the marker module in every static and dynamic way',
  );
  add('evil/tsconfig.json', JSON.stringify({ extends: './require-me.js', compilerOptions: { baseUrl: '.', paths: { '*': ['./require-me.js'] }, plugins: [{ name: './require-me.js' }] } }), [], 'tsconfig pointing at the marker module');
  add('node_modules/jsonwebtoken/index.js', markerCode(markers, 'node-modules'), null, 'a poisoned dependency (never read: node_modules is excluded)');
  add('node_modules/jsonwebtoken/package.json', JSON.stringify({ name: 'jsonwebtoken', main: 'index.js', scripts: { postinstall: script } }), null, 'its manifest');
  add('.git/hooks/post-checkout', `#!/bin/sh\n${script}\n`, null, 'a git hook');

  // --- A plain finding, so that the run has something to report ------------------------
  add('ok/app.js', `const jwt = require('jsonwebtoken');\nexport const token = (p) => jwt.sign(p, '${PLANTED_SECRET}', { expiresIn: '1h' });\n`, [], 'an ordinary file with a hard-coded key');

  // --- Binary and encodings -------------------------------------------------------------
  const binary = pseudoRandomBytes(64 * 1024, 1);
  binary[10] = 0;
  add('binary/image.js', binary, ['binary'], 'random bytes with a .js name');
  add('binary/font.ts', Buffer.concat([Buffer.from([0, 1, 0, 0, 0]), pseudoRandomBytes(4096, 2)]), ['binary'], 'a font with a .ts name');
  add('binary/late-nul.js', Buffer.concat([Buffer.from('x = 1;\n'.repeat(2000)), Buffer.from([0]), Buffer.from('y = 2;\n')]), null, 'a NUL byte after the first 8,000 bytes');
  add('encoding/latin1.js', Buffer.from(`const jwt = require('jsonwebtoken');\nconst caf\xe9 = "na\xefve";\n`, 'latin1'), ['encoding'], 'Latin-1, invalid UTF-8');
  add('encoding/overlong.env', Buffer.concat([Buffer.from('JWT_SECRET='), Buffer.from([0xc0, 0xaf, 0xe0, 0x80, 0xaf, 0xed, 0xa0, 0x80]), Buffer.from('\n')]), ['encoding'], 'overlong and surrogate byte sequences in a .env');
  add('encoding/utf16le.js', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`const jwt = require('jsonwebtoken');\njwt.sign(p, '${PLANTED_SECRET}');\n`, 'utf16le')]), ['binary', 'encoding'], 'UTF-16LE with a BOM');
  const be = Buffer.from(`const key = '${PLANTED_SECRET}';\n`, 'utf16le');
  be.swap16();
  add('encoding/utf16be.ts', Buffer.concat([Buffer.from([0xfe, 0xff]), be]), ['binary', 'encoding'], 'UTF-16BE with a BOM');
  add('encoding/utf8-bom.js', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`const jwt = require('jsonwebtoken');\njwt.sign(p, '${PLANTED_SECRET}');\n`)]), [], 'UTF-8 with a BOM');
  add('encoding/lone-surrogates.js', 'const s = "\\uD800\\uDFFF\\uDC00"; const t = `\\u{10FFFF}\\u{D800}`;\n', [], 'escaped lone surrogates');
  add('encoding/controls.js', `const jwt = require('jsonwebtoken');\njwt.sign(p, '${PLANTED_SECRET}'); // \x1b[2J\x1b]0;pwned\x07 \u202e\u2066 \r\r\r\u2028\u2029\n`, [], 'terminal escapes, bidi controls, lone CRs and Unicode line separators');

  // --- Size ---------------------------------------------------------------------------
  ops.push(() => {
    mkdirSync(path.join(root, 'large'), { recursive: true });
    writeLargeJs(path.join(root, 'large', 'huge.js'), TEN_MB + 1);
  });
  cases.push({ path: 'large/huge.js', expect: ['too-large'], what: 'over 10 MB of JavaScript' });
  add('large/huge.yaml', `key: ${'a'.repeat(TEN_MB + 16)}\n`, ['too-large'], 'a 10 MB YAML scalar');
  add('minified/app.js', minifiedBundle(1_500_000, PLANTED_SECRET), ['skipped'], 'a 1.5 MB minified bundle on one line (skipped with a note)');
  add('minified/chunk.js', minifiedBundle(200_000, PLANTED_SECRET), [], 'a 200 kB one-line chunk, small enough to analyse');
  add('minified/vendor.min.js', minifiedBundle(200_000, PLANTED_SECRET), null, 'a .min.js bundle (excluded by default)');
  add('minified/lines.js', '\n'.repeat(1_500_000), [], '1.5 million empty lines');

  // --- Deep nesting (10,000 levels) -------------------------------------------------------
  const deepJs: Record<string, string> = {
    'deep/arrays.js': `x = ${repeat('[', DEEP)}${repeat(']', DEEP)};`,
    'deep/objects.js': `x = ${repeat('{a:', DEEP)}1${repeat('}', DEEP)};`,
    'deep/calls.js': `x = ${repeat('f(', DEEP)}${repeat(')', DEEP)};`,
    'deep/parens.js': `x = ${repeat('(', DEEP)}1${repeat(')', DEEP)};`,
    'deep/blocks.js': `${repeat('{', DEEP)}${repeat('}', DEEP)}`,
    'deep/functions.js': `${repeat('function a(){', DEEP)}${repeat('}', DEEP)}`,
    'deep/arrows.js': `x = ${repeat('()=>', DEEP)}1;`,
    'deep/binary.js': `const jwt = require('jsonwebtoken'); jwt.sign(p, "a"${repeat('+"a"', DEEP)});`,
    'deep/ternary.js': `x = ${repeat('a?b:', DEEP)}c;`,
    'deep/unary.js': `x = ${repeat('!', DEEP)}y;`,
    'deep/templates.js': `x = ${repeat('`${', DEEP)}1${repeat('}`', DEEP)};`,
    'deep/destructuring.js': `const ${repeat('{a:', DEEP)}b${repeat('}', DEEP)} = o;`,
    'deep/jsx.jsx': `x = ${repeat('<a>', DEEP)}${repeat('</a>', DEEP)};`,
    'deep/generics.ts': `let x: ${repeat('A<', DEEP)}B${repeat('>', DEEP)};`,
    'deep/ifs.js': `${repeat('if(a)', DEEP)}x;`,
  };
  // The require makes each file pass the content prefilter, so that it is parsed.
  for (const [file, text] of Object.entries(deepJs)) add(file, `require('jsonwebtoken');\n${text}`, ['unparsable'], 'nesting 10,000 levels deep');
  // Long but flat for Babel (parsed iteratively): must be analysed without a stack overflow.
  add('deep/call-chain.js', `const jwt = require('jsonwebtoken');\nx = a${repeat('.b()', DEEP)};\njwt.sign(p, '${PLANTED_SECRET}');\n`, [], '10,000 chained calls');
  add('deep/sequence.js', `x = (${repeat('1,', DEEP)}2);`, [], 'a 10,000-element sequence');
  add('deep/values-flow.yaml', `a: ${repeat('[', DEEP)}${repeat(']', DEEP)}\n`, ['unparsable'], 'YAML flow sequences 10,000 deep');
  add('deep/values-flow-map.yaml', `a: ${repeat('{a: ', DEEP)}1${repeat('}', DEEP)}\n`, ['unparsable'], 'YAML flow maps 10,000 deep');
  add('deep/values-dashes.yaml', `${repeat('- ', DEEP)}x\n`, ['unparsable'], 'compact block sequences 10,000 deep');
  add('deep/values-indented.yaml', Array.from({ length: 1500 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' v\n', ['unparsable'], 'block maps 1,500 deep');
  add('deep/values-template-braces.yaml', `a: ${repeat('{{', DEEP)}\nb: [\n`, ['unparsable'], 'Helm-like braces that open 20,000 flow maps');
  add('deep/appsettings.arrays.json', `${repeat('[', DEEP)}${repeat(']', DEEP)}`, ['unparsable'], 'JSON arrays 10,000 deep');
  add('deep/config.json', `${repeat('{"a":', DEEP)}1${repeat('}', DEEP)}`, ['unparsable'], 'JSON objects 10,000 deep');

  // --- YAML bombs and oddities ---------------------------------------------------------
  const laughs = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i <= 9; i++) {
    const prev = String.fromCharCode(96 + i);
    const name = String.fromCharCode(97 + i);
    laughs.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
  }
  add('yaml/values-billion-laughs.yaml', `${laughs.join('\n')}\n`, ['unparsable'], 'billion laughs');
  add('yaml/values-merge-bomb.yaml', ['base: &b0 {k: v}', ...Array.from({ length: 30 }, (_, i) => `l${i + 1}: &b${i + 1} {<<: [${Array(8).fill(`*b${i}`).join(', ')}], x${i}: y}`), ''].join('\n'), null, 'merge keys that multiply');
  add('yaml/values-self-alias.yaml', 'a: &a [*a, *a]\nb: &b {x: *b}\nc: *c\n', null, 'aliases to themselves and to nothing');
  add('yaml/values-duplicate-keys.yaml', 'jwt:\n  secret: first-value-aaaaaaaaaaaaaaaa\n  secret: second-value-bbbbbbbbbbbbbbb\njwt:\n  secret: third\n', null, 'duplicate keys');
  add(
    'yaml/docker-compose.yml',
    ['%YAML 9.9', '--- !!garbage', '{{{ ]]] : : :', '--- &x *y', '? [a, b]', ': [c]', '---', 'services:', '  api:', '    image: api', '    environment:', `      JWT_SECRET: ${PLANTED_SECRET}`, '--- |', '  text', '...', '\t\ttabs: [', ''].join('\n'),
    ['unparsable'],
    'multi-document YAML with garbage documents around a real one',
  );
  add('yaml/values-tags.yaml', 'a: !!js/function "function(){ require(\'fs\').writeFileSync(\'x\') }"\nb: !!binary AAAA\nc: !<tag:yaml.org,2002:python/object/apply:os.system> ["touch x"]\nd: !!float .nan\ne: !!int 0x_\n', null, 'executable and odd tags');
  add('json/config.duplicate-keys.json', '{"jwt": {"secret": "a"}, "jwt": {"secret": "b"}, "__proto__": {"polluted": true}, "constructor": {"prototype": {"x": 1}}}', null, 'duplicate keys and prototype keys');
  add('.env', `JWT_SECRET=${PLANTED_SECRET}\nJWT_SECRET=second\n__proto__=polluted\nconstructor=x\nexport =\n=value\n"unterminated\n`, null, 'duplicate and odd .env keys');

  // --- XML entity bombs and escapes in dependency manifests (src/config-files/parse-xml.ts) ---
  const entities = [' <!ENTITY lol "lol">', ...Array.from({ length: 9 }, (_, i) => ` <!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`)];
  const nimbus = (version: string) => `<dependency><groupId>com.nimbusds</groupId><artifactId>nimbus-jose-jwt</artifactId><version>${version}</version></dependency>`;
  add(
    'maven/pom.xml',
    `<?xml version="1.0"?>\n<!DOCTYPE project [\n${entities.join('\n')}\n <!ENTITY xxe SYSTEM "file://${path.join(outside, 'secret.env')}">\n]>\n<project><dependencies>${nimbus('&lol9;')}${nimbus('&xxe;')}</dependencies></project>\n`,
    ['unparsable'],
    'a pom with a billion-laughs DOCTYPE and an external entity naming a file outside the root (neither expanded nor read)',
  );
  add(
    'maven/child/pom.xml',
    `<project><parent><groupId>g</groupId><artifactId>p</artifactId><relativePath>../../../outside/pom.xml</relativePath></parent><dependencies>${nimbus('${v}')}</dependencies></project>\n`,
    ['skipped'],
    'a pom whose parent path climbs out of the root (not followed: the version is said unknown)',
  );
  add(
    'dotnet/Directory.Packages.props',
    `<!DOCTYPE Project [${entities.join('')}]>\n<Project><ItemGroup><PackageVersion Include="Microsoft.IdentityModel.Protocols.SignedHttpRequest" Version="&lol9;" /></ItemGroup></Project>\n`,
    ['unparsable'],
    'central package versions with a billion-laughs DOCTYPE',
  );

  // --- Syntax errors ---------------------------------------------------------------------
  add('syntax/unrecoverable.js', 'import jwt from "jsonwebtoken";\nfunction (((( {{{ ]]] ;;; => =>\n', ['unparsable'], 'unrecoverable JavaScript');
  add('syntax/unrecoverable.ts', 'import jwt from "jsonwebtoken";\nlet x: = ; class { (((( \n', ['unparsable'], 'unrecoverable TypeScript');
  add('syntax/recoverable.js', `const jwt = require('jsonwebtoken');\nlet a = 1; let a = 2;\njwt.sign(p, '${PLANTED_SECRET}');\n`, null, 'a redeclaration Babel recovers from');
  add('syntax/unterminated.tsx', 'import jwt from "jsonwebtoken";\nconst x = <div attr="unterminated>\n  {`${\n', ['unparsable'], 'unterminated JSX and template');
  add('syntax/appsettings.garbage.json', '{ "a": [1, 2, , }, ]]] "b" ', ['unparsable'], 'malformed JSON');
  add('syntax/config.garbage.toml', '[[[table\nkey = = "x\n"""\nbad\n[a.b\nJWT_SECRET = "\\UFFFFFFFF"\n', ['unparsable'], 'malformed TOML');
  add('syntax/garbage.properties', 'a=\\u12\nb\\\n', null, 'malformed properties');
  add('syntax/garbage.sh', 'A="unterminated\nB=$(( ${ `\n<<EOF\n', null, 'malformed shell');
  add('syntax/Dockerfile', 'FROM x\nENV A="open\nENV\nARG B=${\nRUN <<EOF\n', null, 'malformed Dockerfile');

  // --- Regular-expression and quadratic-work bait in config files ---------------------------
  // Scanned whole, through the engine; that each scan is linear is counted in redos.test.ts
  // (and every regex is in the ReDoS review), so these stay small enough to scan fast.
  add('redos/values-templates.yaml', `a: ${repeat('{{x}}', 6_000)}\nb: [\n`, null, '6,000 Helm templates on one line of a file the parser rejects (masked and parsed again)');
  add('redos/config-comment.toml', `a = x${repeat(' ', 40_000)}\u0000#\n`, null, 'a 40,000-space run before a comment');
  add('redos/expansions.sh', `A=${repeat('${', 20_000)}\nB=${repeat('$(', 20_000)}\n`, null, '40,000 unclosed expansions');
  add('redos/config-keys.yaml', `${'A'.repeat(30_000)}b: x\n${'jwt'.repeat(10_000)}: y\n`, null, 'a 30,000-capital key and a 30,000-letter glued key');
  add('redos/placeholders.env', `JWT_SECRET=${repeat('(.)#{', 10_000)}(.)\${\nJWT_KEY=${repeat('$(a', 10_000)}$(b)\n`, null, 'placeholder-syntax bait (both values are placeholders)');
  add('redos/dockerfile/Dockerfile', `FROM x\nENV A=${repeat('${', 20_000)}\n`, null, 'unclosed expansions in a Dockerfile');

  // --- Ignore files ----------------------------------------------------------------------
  // `**/a/**/a/**/x`: the `ignore` package's regular expression backtracks for minutes on a deep path.
  add('.gitignore', `${repeat('**/a/', 6)}x\n${repeat('*a', 40)}b\n/ignored-by-root.js\n`, null, 'pathological ignore patterns');
  add(`${repeat('a/', 300)}deep.js`, 'module.exports = 1;\n', [], 'a file 300 folders deep under the pathological pattern');
  add('ignored-by-root.js', `const k = '${PLANTED_SECRET}';\n`, null, 'ignored');

  // --- Names ---------------------------------------------------------------------------------
  add('names/weird name #1 %20?&.js', 'x = 1;\n', [], 'spaces, #, %, ? and & in a name');
  add('names/new\nline.js', 'x = 1;\n', [], 'a newline in a name');
  add('names/ünïcödé-名前.ts', 'export const x = 1;\n', [], 'non-ASCII name');
  add('names/-rf --help.js', 'x = 1;\n', [], 'a name that looks like options');
  add('names/esc\x1b[31mred.js', 'x = 1;\n', [], 'a terminal escape in a name');
  add('names/back\\slash.js', 'x = 1;\n', [], 'a backslash in a name');

  // --- Links ------------------------------------------------------------------------------
  writeFileSync(path.join(outside, 'secret.env'), `JWT_SECRET=${OUTSIDE_SECRET}\n`);
  writeFileSync(path.join(outside, 'code.js'), `const jwt = require('jsonwebtoken'); jwt.sign(p, '${OUTSIDE_SECRET}');\n`);
  // The parent that maven/child/pom.xml names: it would resolve the child's version if it were read.
  writeFileSync(path.join(outside, 'pom.xml'), '<project><groupId>g</groupId><artifactId>p</artifactId><properties><v>4.0</v></properties></project>\n');
  const link = (name: string, target: string, expect: NotificationKind[] | null, what: string) => {
    ops.push(() => {
      mkdirSync(path.join(root, 'links'), { recursive: true });
      symlinkSync(target, path.join(root, 'links', name));
    });
    cases.push({ path: `links/${name}`, expect, what });
  };
  link('broken.js', 'does-not-exist.js', ['skipped'], 'a broken symbolic link');
  link('loop-a.js', 'loop-b.js', ['skipped'], 'a symbolic link loop');
  link('loop-b.js', 'loop-a.js', ['skipped'], 'the other half of the loop');
  link('self', '.', ['skipped'], 'a link to its own folder');
  link('parent', '..', ['skipped'], 'a link to the root');
  link('outside.env', path.join(outside, 'secret.env'), ['skipped'], 'a link to a file outside the root');
  link('outside-code.js', '../../outside/code.js', ['skipped'], 'a relative link outside the root');
  link('outside-dir', outside, ['skipped'], 'a link to a folder outside the root');
  link('filesystem-root', '/', ['skipped'], 'a link to /');
  link('dev-zero.js', '/dev/zero', null, 'a link to an endless device');
  link('dev-stdin.js', '/dev/stdin', null, 'a link to standard input');
  link('.gitignore', '/dev/zero', null, 'an ignore file that is an endless device');

  // --- Created now, in the chosen order -------------------------------------------------------
  for (const op of options.reverse ? [...ops].reverse() : ops) op();

  // --- Special files ------------------------------------------------------------------------
  mkdirSync(path.join(root, 'special'), { recursive: true });
  const fifo = spawnSync('mkfifo', [path.join(root, 'special', 'pipe.js')]).status === 0;
  if (fifo) cases.push({ path: 'special/pipe.js', expect: ['skipped'], what: 'a FIFO named like code (reading it blocks forever)' });
  const fifoIgnore = spawnSync('mkfifo', [path.join(root, 'special', '.gitignore')]).status === 0;
  if (fifoIgnore) cases.push({ path: 'special/.gitignore', expect: null, what: 'a FIFO ignore file (read when special/sub is named)' });
  write(root, 'special/sub/code.js', `const jwt = require('jsonwebtoken');\njwt.sign(p, '${PLANTED_SECRET}');\n`);
  cases.push({ path: 'special/sub/code.js', expect: [], what: 'code below the FIFO ignore file' });
  let server: net.Server | null = null;
  const socketPath = path.join(root, 'special', 'sock.js');
  let socket = false;
  if (socketPath.length < 100) {
    server = net.createServer();
    socket = await new Promise<boolean>((resolve) => {
      server!.once('error', () => resolve(false));
      server!.listen(socketPath, () => resolve(true));
    });
    if (socket) cases.push({ path: 'special/sock.js', expect: ['skipped'], what: 'a Unix socket named like code' });
  }

  // --- Names that are not UTF-8 (Linux allows any bytes; some file systems refuse them) ---
  // The walk reads names as UTF-8, so such a file cannot be opened by its name: it must be
  // reported (and counted as left out), never dropped in silence.
  const rawName = (folder: string, name: number[]) => Buffer.concat([Buffer.from(path.join(root, folder) + path.sep), Buffer.from(name)]);
  try {
    mkdirSync(path.join(root, 'names'), { recursive: true });
    writeFileSync(rawName('names', [0x63, 0x61, 0x66, 0xe9, 0x2e, 0x6a, 0x73]), `const key = '${PLANTED_SECRET}';\n`);
    cases.push({ path: 'names/caf\ufffd.js', expect: ['unreadable'], what: 'a file name that is not UTF-8' });
    mkdirSync(rawName('names', [0x64, 0x69, 0x72, 0xff]));
    writeFileSync(Buffer.concat([rawName('names', [0x64, 0x69, 0x72, 0xff]), Buffer.from('/code.js')]), `const key = '${PLANTED_SECRET}';\n`);
    cases.push({ path: 'names/dir\ufffd', expect: ['unreadable'], what: 'a folder name that is not UTF-8' });
  } catch {
    // A file system that only takes UTF-8 names: nothing to test here.
  }

  // --- Paths too long to open (root reads everything, so permissions cannot make files unreadable) ---
  const longPath = makeOverlongPath(root);
  if (longPath) cases.push({ path: 'long', expect: ['unreadable'], what: 'a file and a folder whose absolute paths exceed PATH_MAX' });

  return {
    base,
    root,
    outside,
    markers,
    cases,
    made: { fifo, socket, longPath },
    close: () => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())),
  };
}

export interface EntryState {
  type: string;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  mode: number;
  ino: number;
  link?: string;
}

/**
 * Every entry under `dir` (not following links) with what would change if something wrote
 * there. Over-long paths are listed through their parents as far as the OS allows.
 */
export function snapshot(dir: string): Map<string, EntryState> {
  const out = new Map<string, EntryState>();
  const walk = (absolute: string, relative: string) => {
    let names: string[];
    try {
      names = readdirSync(absolute);
    } catch {
      return;
    }
    for (const name of names.sort()) {
      const child = path.join(absolute, name);
      const rel = relative === '' ? name : `${relative}/${name}`;
      let s;
      try {
        s = lstatSync(child);
      } catch {
        out.set(rel, { type: 'unstatable', size: 0, mtimeMs: 0, ctimeMs: 0, mode: 0, ino: 0 });
        continue;
      }
      const type = s.isSymbolicLink() ? 'link' : s.isDirectory() ? 'dir' : s.isFile() ? 'file' : 'special';
      out.set(rel, { type, size: type === 'dir' ? 0 : s.size, mtimeMs: s.mtimeMs, ctimeMs: s.ctimeMs, mode: s.mode, ino: s.ino, ...(type === 'link' ? { link: readlinkSync(child) } : {}) });
      if (type === 'dir') walk(child, rel);
    }
  };
  walk(dir, '');
  return out;
}

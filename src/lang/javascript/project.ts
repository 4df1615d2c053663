import { posix } from 'node:path';
import type { NodeConfigIndex, NodeConfigValue } from '../../config-files/index.js';
import type { FileIndex } from './file-index.js';
import { candidatesFor, type TsConfigPaths } from './tsconfig-paths.js';

/**
 * The JS/TS files of one scan root and module resolution between them. Files are parsed on
 * first use: the engine indexes the files that can matter, the resolver reaches the rest
 * (a config module, a barrel) only when it follows an import there.
 */
export interface Project {
  /** The index of a scanned JS/TS file, parsed once on first use; undefined when missing or unparsable. */
  index(path: string): FileIndex | undefined;
  /** Every file indexed so far. */
  indexed(): FileIndex[];
  /** Files whose text mentions `needle` (indexed on demand), e.g. the callers of a function. */
  filesMentioning(needle: string): FileIndex[];
  /** Root-relative path of the scanned file a specifier points to, or null (package, missing file). */
  resolveModule(fromFile: string, specifier: string): string | null;
  /** node-config values (`config/*.json|yaml`) for `config.get(key)` in the given source file. */
  nodeConfigValues(fromFile: string, key: string): NodeConfigValue[];
}

const EXTENSIONS = ['.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs', '.mts', '.cts'];
const TEMPLATE_SUFFIXES = ['.example', '.sample', '.dist', '.template'];

/** A file's text, or something that decodes it on first use and can search it before then. */
export type SourceText = string | { readonly text: string; includes(needle: string): boolean };

const textOf = (source: SourceText): string => (typeof source === 'string' ? source : source.text);

export function createProject(
  sources: ReadonlyMap<string, SourceText>,
  parse: (path: string, text: string) => FileIndex | null,
  tsconfigs: TsConfigPaths[] = [],
  nodeConfig?: NodeConfigIndex,
): Project {
  const indexes = new Map<string, FileIndex | null>();
  const index = (path: string): FileIndex | undefined => {
    if (!indexes.has(path)) {
      const source = sources.get(path);
      indexes.set(path, source === undefined ? null : parse(path, textOf(source)));
    }
    return indexes.get(path) ?? undefined;
  };
  const files = { has: (path: string) => sources.has(path) };
  // node-config reads the `config/` folder of the process's working directory: the nearest
  // one above the source file stands for it.
  const configDirs = nodeConfig ? [...new Set(nodeConfig.configFiles.map((f) => posix.dirname(f)))] : [];
  const configDirFor = (file: string): string | undefined => {
    let best: string | undefined;
    for (const dir of configDirs) {
      const parent = posix.dirname(dir);
      if ((parent === '.' || file.startsWith(`${parent}/`)) && (!best || dir.length > best.length)) best = dir;
    }
    return best;
  };
  // Deepest config first: the nearest tsconfig above a file decides its aliases.
  const configs = [...tsconfigs].sort((a, b) => b.dir.length - a.dir.length);
  const configFor = (file: string) => configs.find((c) => c.dir === '' || file.startsWith(`${c.dir}/`));

  const cache = new Map<string, string | null>();

  function probe(base: string): string | null {
    const clean = posix.normalize(base).replace(/^\.\//, '');
    if (files.has(clean)) return clean;
    // TS sources imported with their emitted `.js` extension.
    const stripped = clean.replace(/\.(c|m)?js$/, '');
    for (const ext of EXTENSIONS) if (files.has(stripped + ext)) return stripped + ext;
    for (const ext of EXTENSIONS) if (files.has(`${clean}/index${ext}`)) return `${clean}/index${ext}`;
    // A module the repository ships only as a template (`config.ts` ignored, `config.ts.example`
    // committed): deployments copy the template into place, so the import reads it.
    for (const ext of ['', ...EXTENSIONS]) for (const suffix of TEMPLATE_SUFFIXES) if (files.has(stripped + ext + suffix)) return stripped + ext + suffix;
    return null;
  }

  // Path aliases as most projects set them up (`@/x`, `~/x`): tried against the folders
  // above the importing file, nearest first, and their `src/`.
  function probeAlias(fromFile: string, rest: string): string | null {
    let dir = posix.dirname(fromFile);
    for (;;) {
      const candidates = dir === '.' ? [rest, `src/${rest}`] : [`${dir}/${rest}`, `${dir}/src/${rest}`];
      for (const c of candidates) {
        const hit = probe(c);
        if (hit) return hit;
      }
      if (dir === '.' || dir === '') return null;
      dir = posix.dirname(dir);
    }
  }

  return {
    index,
    indexed: () => [...indexes.values()].filter((i): i is FileIndex => i !== null),
    filesMentioning(needle) {
      const out: FileIndex[] = [];
      for (const [path, source] of sources) {
        if (!source.includes(needle)) continue;
        const i = index(path);
        if (i) out.push(i);
      }
      return out;
    },
    nodeConfigValues(fromFile, key) {
      const dir = configDirFor(fromFile);
      return nodeConfig && dir !== undefined ? nodeConfig.lookup(key, dir) : [];
    },
    resolveModule(fromFile, specifier) {
      const key = `${fromFile}\0${specifier}`;
      const cached = cache.get(key);
      if (cached !== undefined) return cached;
      let result: string | null = null;
      if (specifier.startsWith('./') || specifier.startsWith('../') || specifier === '.' || specifier === '..') {
        result = probe(posix.join(posix.dirname(fromFile), specifier));
      } else {
        const config = configFor(fromFile);
        if (config) for (const candidate of candidatesFor(config, specifier)) if ((result = probe(candidate))) break;
        if (!result && (specifier.startsWith('@/') || specifier.startsWith('~/'))) result = probeAlias(fromFile, specifier.slice(2));
      }
      cache.set(key, result);
      return result;
    },
  };
}

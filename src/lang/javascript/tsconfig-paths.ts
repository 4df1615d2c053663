import { parse, type ParseError } from 'jsonc-parser';
import { posix } from 'node:path';

/** Module resolution settings of one tsconfig/jsconfig (read as data, never executed). */
export interface TsConfigPaths {
  /** Folder of the config file, root-relative ('' for the root). */
  dir: string;
  /** `compilerOptions.baseUrl`, root-relative, or null. */
  baseUrl: string | null;
  paths: Record<string, string[]>;
}

export function isTsConfigFile(path: string): boolean {
  return /(^|\/)(tsconfig|jsconfig)(\.[\w-]+)?\.json$/.test(path);
}

export function readTsConfigPaths(path: string, text: string): TsConfigPaths | null {
  const errors: ParseError[] = [];
  const json = parse(text, errors, { allowTrailingComma: true }) as { compilerOptions?: { baseUrl?: unknown; paths?: unknown } } | undefined;
  const options = json?.compilerOptions;
  if (!options || typeof options !== 'object') return null;
  const dir = posix.dirname(path) === '.' ? '' : posix.dirname(path);
  const baseUrl = typeof options.baseUrl === 'string' ? posix.normalize(posix.join(dir, options.baseUrl)).replace(/^\.$/, '') : null;
  const paths: Record<string, string[]> = {};
  if (options.paths && typeof options.paths === 'object') {
    for (const [pattern, targets] of Object.entries(options.paths as Record<string, unknown>)) {
      if (Array.isArray(targets)) paths[pattern] = targets.filter((t): t is string => typeof t === 'string');
    }
  }
  if (baseUrl === null && Object.keys(paths).length === 0) return null;
  return { dir, baseUrl, paths };
}

/** Candidate root-relative paths for a bare specifier under one config's `paths`/`baseUrl`. */
export function candidatesFor(config: TsConfigPaths, specifier: string): string[] {
  const base = config.baseUrl ?? config.dir;
  const out: string[] = [];
  for (const [pattern, targets] of Object.entries(config.paths)) {
    const star = pattern.indexOf('*');
    let captured: string | null = null;
    if (star < 0) captured = pattern === specifier ? '' : null;
    else {
      const prefix = pattern.slice(0, star);
      const suffix = pattern.slice(star + 1);
      if (specifier.startsWith(prefix) && specifier.endsWith(suffix) && specifier.length >= prefix.length + suffix.length) {
        captured = specifier.slice(prefix.length, specifier.length - suffix.length);
      }
    }
    if (captured === null) continue;
    for (const target of targets) out.push(posix.join(base, target.replace('*', captured)));
  }
  if (config.baseUrl !== null) out.push(posix.join(config.baseUrl, specifier));
  return out;
}

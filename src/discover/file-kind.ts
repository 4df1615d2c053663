export type FileKind = 'js' | 'ts' | 'jsx' | 'tsx' | 'env' | 'yaml' | 'json' | 'properties' | 'toml' | 'other';

const KIND_BY_EXTENSION: Record<string, FileKind> = {
  '.js': 'js',
  '.mjs': 'js',
  '.cjs': 'js',
  '.ts': 'ts',
  '.mts': 'ts',
  '.cts': 'ts',
  '.jsx': 'jsx',
  '.tsx': 'tsx',
  '.yml': 'yaml',
  '.yaml': 'yaml',
  '.json': 'json',
  '.properties': 'properties',
  '.toml': 'toml',
};

// Declaration files hold types only: no key, lifetime or call can be written there.
const DECLARATION_FILE = /\.d\.[cm]?ts$/;

/** Decides what a file is from its name alone (no content sniffing). */
export function fileKindOf(fileName: string): FileKind {
  const base = fileName.slice(fileName.lastIndexOf('/') + 1).toLowerCase();
  if (base === '.env' || base.startsWith('.env.') || base.endsWith('.env')) return 'env';
  if (DECLARATION_FILE.test(base)) return 'other';
  const dot = base.lastIndexOf('.');
  if (dot <= 0) return 'other';
  return KIND_BY_EXTENSION[base.slice(dot)] ?? 'other';
}

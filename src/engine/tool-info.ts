import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ToolInfo {
  name: string;
  version: string;
  informationUri: string;
}

let cached: ToolInfo | undefined;

/** Name and version from jwtlint's own package.json (found above this module, in src or dist). */
export function toolInfo(): ToolInfo {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string; homepage?: string };
      if (pkg.name === 'jwtlint' && pkg.version) {
        cached = { name: 'jwtlint', version: pkg.version, informationUri: pkg.homepage ?? 'https://www.npmjs.com/package/jwtlint' };
        return cached;
      }
    } catch {
      // not this folder
    }
    dir = dirname(dir);
  }
  throw new Error('jwtlint: cannot find its own package.json');
}

import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const FIXTURES_ROOT = join(PROJECT_ROOT, 'fixtures');
export const RULES_DIR = join(PROJECT_ROOT, 'rules');
export const SCENARIOS_DIR = join(FIXTURES_ROOT, 'scenarios');

export function subfolders(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => statSync(join(dir, name)).isDirectory())
    .sort();
}

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { runCli } from '../../../src/cli/program.js';
import { PROJECT_ROOT } from '../../helpers/fixtures.js';

export { PROJECT_ROOT };
export const BIN = path.join(PROJECT_ROOT, 'bin', 'jwtlint.js');

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Fails early with a clear message when the CLI was not built (`npm test` builds first). */
export function assertBuilt(): void {
  if (!existsSync(path.join(PROJECT_ROOT, 'dist', 'src', 'cli', 'main.js')) || !existsSync(path.join(PROJECT_ROOT, 'dist', 'bundle', 'main.mjs'))) {
    throw new Error('dist/ is missing: run `npm run build` first (`npm test` does it).');
  }
}

/**
 * Runs `node bin/jwtlint.js ...args` the way a user would: stdout and stderr are pipes (not
 * a terminal) and colour variables are cleared unless `env` sets them.
 */
export function jwtlint(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): CliRun {
  const env: Record<string, string | undefined> = { ...process.env };
  for (const name of ['FORCE_COLOR', 'NO_COLOR', 'CI', 'TERM']) delete env[name];
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? PROJECT_ROOT,
    env: { ...env, ...options.env },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 60_000,
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Runs the CLI in this process (`runCli` from src/, streams captured) the way `jwtlint()` runs
 * the bundle: same arguments, working folder and cleared colour variables. For tests of what
 * the CLI does, not of the process around it (bundle, pipes, signals): a spawn costs about
 * 0.3 s of start-up (compiling the bundle), this costs none.
 */
export async function jwtlintInProcess(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<CliRun> {
  const env: Record<string, string | undefined> = { ...process.env };
  for (const name of ['FORCE_COLOR', 'NO_COLOR', 'CI', 'TERM']) delete env[name];
  let stdout = '';
  let stderr = '';
  const status = await runCli(['node', 'jwtlint', ...args], {
    cwd: options.cwd ?? PROJECT_ROOT,
    env: { ...env, ...options.env },
    stdout: { write: (text: string) => (stdout += text), isTTY: false },
    stderr: { write: (text: string) => (stderr += text), isTTY: false },
  });
  return { status, stdout, stderr };
}

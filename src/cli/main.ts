import { EXIT_INTERNAL } from './io.js';
import { runCli } from './program.js';

/** The process entry point: the only code that touches `process`. */
export async function main(argv: string[]): Promise<void> {
  // `jwtlint scan | head` closes the pipe before the report is written: not a failure.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
  try {
    process.exitCode = await runCli(argv, {
      cwd: process.cwd(),
      env: process.env,
      stdout: process.stdout,
      stderr: process.stderr,
    });
  } catch (error) {
    process.stderr.write(`jwtlint: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = EXIT_INTERNAL;
  }
}

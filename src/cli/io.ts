/** What the CLI needs from the process; `main.ts` supplies the real one, tests a fake. */
export interface CliIo {
  cwd: string;
  env: Record<string, string | undefined>;
  stdout: OutputStream;
  stderr: OutputStream;
}

export interface OutputStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

export const EXIT_OK = 0;
/** Findings at or above `--fail-on`. */
export const EXIT_FINDINGS = 1;
/** Usage or configuration error. */
export const EXIT_USAGE = 2;
/** Internal error: whatever was found is still printed. */
export const EXIT_INTERNAL = 3;

export type ExitCode = typeof EXIT_OK | typeof EXIT_FINDINGS | typeof EXIT_USAGE | typeof EXIT_INTERNAL;

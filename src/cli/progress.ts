import type { ScanProgress } from '../engine/types.js';
import type { CliIo, OutputStream } from './io.js';

/**
 * Nothing is drawn until the scan has run this long: most scans end sooner, and a line
 * drawn and erased within half a second is only a flicker.
 */
export const SHOW_AFTER_MS = 500;
/** At most one redraw per interval: a terminal cannot show more, and writes cost time. */
export const REDRAW_EVERY_MS = 100;

/** Variables that CI services set; a log is no place for a line rewritten with `\r`. */
const CI_VARIABLES = ['CI', 'GITHUB_ACTIONS', 'GITLAB_CI', 'BUILDKITE', 'TF_BUILD', 'JENKINS_URL'];
const CLEAR_LINE = '\r\x1b[2K';
const PHASE_VERB: Record<ScanProgress['phase'], string> = { read: 'reading', analyse: 'analysing' };
const numbers = new Intl.NumberFormat('en-US');

export interface ProgressOptions {
  stream: OutputStream & { columns?: number };
  env: CliIo['env'];
  /** False for `--quiet` and `--no-progress`. */
  enabled: boolean;
  /** Milliseconds on a monotonic clock; tests pass a fake one. */
  now?: () => number;
}

export interface Progress {
  onProgress(progress: ScanProgress): void;
  /** Clears the line, if one was drawn, so what is written next starts on a clean line. */
  done(): void;
}

/** A one-line progress display, or null when it must stay silent (no terminal, CI, quiet). */
export function createProgress({ stream, env, enabled, now = () => performance.now() }: ProgressOptions): Progress | null {
  if (!enabled || stream.isTTY !== true || isCi(env) || env.TERM === 'dumb') return null;

  const started = now();
  let drawn = false;
  let broken = false;
  let lastDraw = 0;
  let lastPhase: ScanProgress['phase'] | undefined;

  const write = (text: string): void => {
    if (broken) return;
    try {
      stream.write(text);
    } catch {
      // A closed or failing stderr must not end the scan: give up on the display.
      broken = true;
    }
  };

  return {
    onProgress({ phase, done, total }) {
      const time = now();
      if (time - started < SHOW_AFTER_MS) return;
      // A new phase is drawn at once so the old one's count does not linger.
      if (drawn && phase === lastPhase && time - lastDraw < REDRAW_EVERY_MS) return;
      let line = `jwtlint: ${PHASE_VERB[phase]} ${numbers.format(done)}/${numbers.format(total)} files`;
      // A line wider than the terminal wraps, and `\r` would then clear only its last row.
      const columns = stream.columns;
      if (columns !== undefined && columns > 1 && line.length >= columns) line = line.slice(0, columns - 1);
      write(CLEAR_LINE + line);
      drawn = true;
      lastDraw = time;
      lastPhase = phase;
    },
    done() {
      if (drawn) write(CLEAR_LINE);
      drawn = false;
    },
  };
}

function isCi(env: CliIo['env']): boolean {
  return CI_VARIABLES.some((name) => {
    const value = env[name];
    return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
  });
}

import type { CliIo, OutputStream } from './io.js';

/**
 * Colour only for a terminal, unless the user says otherwise: `--no-color` and `NO_COLOR`
 * (https://no-color.org) turn it off, `FORCE_COLOR` turns it on for pipes and CI logs.
 */
export function useColor(colorFlag: boolean, env: CliIo['env'], stream: OutputStream): boolean {
  if (!colorFlag) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  if (env.TERM === 'dumb') return false;
  return stream.isTTY === true;
}

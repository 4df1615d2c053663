// Reading jwtlint's own input files (configuration, baseline). Each is checked as a regular
// file from its open descriptor before a byte is read, and read up to a limit: a FIFO would
// block forever, /dev/zero never ends, and /proc files report a size of 0.
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, statSync } from 'node:fs';
import { OPEN_NO_FOLLOW_NO_BLOCK } from '../discover/walk.js';
import { errorCode, type RepositoryArea } from './area.js';
import { kindOf, linkProblem } from './describe.js';

/** A configuration file larger than this is refused (real ones are a few kilobytes). */
export const MAX_CONFIG_BYTES = 256 * 1024;
/** A baseline larger than this is refused (about 200,000 accepted findings). */
export const MAX_BASELINE_BYTES = 32 * 1024 * 1024;

/** Outside the repository: the user's file, links followed, still never blocking. */
const OPEN_NO_BLOCK = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

export type OwnRead =
  | { ok: true; text: string }
  /** `problem`: a sentence about the file; `code`: an errno code when the open failed (ENOENT...). */
  | { ok: false; problem: string; code?: string };

/**
 * The text of `file` (UTF-8), or why it is refused. Inside the repository the file is opened
 * without following a symbolic link, and no folder on the way may be one.
 */
export function readOwnFile(file: string, area: RepositoryArea, maxBytes: number): OwnRead {
  const located = area.locate(file);
  if (!located.ok) {
    return located.link !== undefined ? { ok: false, problem: linkProblem('follow', located.link) } : { ok: false, problem: `cannot read it (${located.code})`, code: located.code };
  }
  let fd: number;
  try {
    fd = openSync(located.path, located.inside ? OPEN_NO_FOLLOW_NO_BLOCK : OPEN_NO_BLOCK);
  } catch (error) {
    return openFailure(located.path, located.inside, errorCode(error));
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) return { ok: false, problem: `is ${kindOf(stats)}, not a regular file` };
    if (stats.size > maxBytes) return { ok: false, problem: tooLarge(stats.size, maxBytes) };
    const bytes = readAtMost(fd, maxBytes + 1);
    if (bytes.length > maxBytes) return { ok: false, problem: tooLarge(bytes.length, maxBytes, true) };
    return { ok: true, text: bytes.toString('utf8') };
  } catch (error) {
    return { ok: false, problem: `cannot read it (${errorCode(error)})`, code: errorCode(error) };
  } finally {
    closeSync(fd);
  }
}

/** Why the open failed: a link where links are not followed, a socket (ENXIO), or the code. */
function openFailure(file: string, inside: boolean, code: string): OwnRead {
  if (inside && (code === 'ELOOP' || code === 'EMLINK')) return { ok: false, problem: linkProblem('follow') };
  if (code === 'ENXIO') {
    try {
      const stats = inside ? lstatSync(file) : statSync(file);
      if (!stats.isFile()) return { ok: false, problem: `is ${kindOf(stats)}, not a regular file` };
    } catch {
      // gone meanwhile: the code says enough
    }
  }
  return { ok: false, problem: `cannot read it (${code})`, code };
}

function tooLarge(size: number, maxBytes: number, atLeast = false): string {
  return `is ${atLeast ? 'more than ' : ''}${atLeast ? maxBytes : size} bytes, over the ${maxBytes}-byte limit`;
}

/** Up to `limit` bytes from the start of the file, whatever size it reports. */
function readAtMost(fd: number, limit: number): Buffer {
  const buffer = Buffer.allocUnsafe(Math.min(limit, 64 * 1024));
  const chunks: Buffer[] = [];
  let total = 0;
  while (total < limit) {
    const read = readSync(fd, buffer, 0, Math.min(buffer.length, limit - total), total);
    if (read === 0) break;
    chunks.push(Buffer.from(buffer.subarray(0, read)));
    total += read;
  }
  return Buffer.concat(chunks, total);
}

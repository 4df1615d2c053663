// Writing jwtlint's own outputs (the report of -o/--output, the baseline of
// --write-baseline). The rules, also in SECURITY.md:
// - Inside the scanned repository (RepositoryArea) a write never goes through a symbolic
//   link, neither the file's own name (O_NOFOLLOW) nor a folder on the way, and goes only to
//   a regular file: a FIFO, socket, device or folder found there is refused.
// - Outside it the path is the user's: links are followed, and a FIFO or a character device
//   (/dev/stdout, /dev/null, a named pipe) is written as a stream. A socket, a block device
//   or a folder is refused.
// - An existing regular file, anywhere, is replaced only when it is empty or an earlier
//   output of the same kind (previous-output.ts): the check reads it through the descriptor
//   opened without O_TRUNC, and only then is it truncated.
// - Every failure is a sentence for a one-line error, never an exception.
import { closeSync, constants, fstatSync, ftruncateSync, lstatSync, openSync, readSync, statSync, writeSync, type Stats } from 'node:fs';
import { errorCode, type RepositoryArea } from './area.js';
import { describeErrno, kindOf, linkProblem } from './describe.js';
import { isPreviousOutput, OUTPUT_NAMES, RECOGNITION_BYTES, type OutputKind } from './previous-output.js';

export type { OutputKind } from './previous-output.js';

export type WriteResult =
  | { ok: true }
  /** `refused`: the target is not one jwtlint writes to (a usage error); else an I/O error while writing. */
  | { ok: false; problem: string; refused: boolean };

const O_NOFOLLOW = constants.O_NOFOLLOW ?? 0;
const O_NONBLOCK = constants.O_NONBLOCK ?? 0;

type Target =
  /** Nothing to open yet: the file does not exist (check only), or is a stream (check only). */
  | { ok: true; fd: undefined; regular?: undefined }
  /** A regular file opened read-write, checked, not yet truncated; or a stream opened for writing. */
  | { ok: true; fd: number; regular: boolean }
  | { ok: false; problem: string; refused: boolean };

/** Before the scan: whether `file` may receive an output of `kind`, changing nothing. */
export function checkOwnOutput(file: string, kind: OutputKind, area: RepositoryArea): WriteResult {
  const target = openTarget(file, kind, area, false);
  if (!target.ok) return target;
  if (target.fd !== undefined) closeSync(target.fd);
  return { ok: true };
}

/** Writes `content` to `file` under the rules above. */
export function writeOwnOutput(file: string, content: string, kind: OutputKind, area: RepositoryArea): WriteResult {
  const target = openTarget(file, kind, area, true);
  if (!target.ok) return target;
  const fd = target.fd!;
  let failure: unknown;
  try {
    const bytes = Buffer.from(content, 'utf8');
    if (target.regular) {
      ftruncateSync(fd, 0);
      writeAll(fd, bytes, true);
    } else {
      writeAll(fd, bytes, false);
    }
  } catch (error) {
    // A reader that stops reading a pipe is not a failure (as for standard output).
    if (errorCode(error) !== 'EPIPE') failure = error;
  }
  try {
    closeSync(fd);
  } catch (error) {
    failure ??= error; // NFS reports a full disk on close
  }
  return failure === undefined ? { ok: true } : { ok: false, problem: describeErrno(failure), refused: false };
}

function writeAll(fd: number, bytes: Buffer, positioned: boolean): void {
  let offset = 0;
  while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset, positioned ? offset : null);
}

function refused(problem: string): Target {
  return { ok: false, problem, refused: true };
}

/** Opens (with `create`) or inspects the target, applying every rule but the write itself. */
function openTarget(file: string, kind: OutputKind, area: RepositoryArea, create: boolean): Target {
  const located = area.locate(file);
  if (!located.ok) {
    if (located.link !== undefined) return refused(linkProblem('write through', located.link));
    return refused(located.code === 'ENOENT' ? 'its folder does not exist' : `cannot reach its folder: ${describeErrno({ code: located.code })}`);
  }
  if (!located.inside) {
    // The user's own path: /dev/stdout, /dev/null or a named pipe is written as a stream,
    // opened blocking (a reader may come later, as with a shell redirection).
    const stats = statOrUndefined(located.path);
    if (stats !== undefined && !stats.isFile()) {
      if (!stats.isFIFO() && !stats.isCharacterDevice()) return refused(notWritable(stats, false));
      if (!create) return { ok: true, fd: undefined };
      try {
        return { ok: true, fd: openSync(located.path, constants.O_WRONLY), regular: false };
      } catch (error) {
        return { ok: false, problem: describeErrno(error), refused: false };
      }
    }
  }

  // Read-write, so that an existing file can be recognised through this descriptor before
  // it is truncated; never blocking (a FIFO put there meanwhile); inside the repository,
  // never through a link.
  const flags = constants.O_RDWR | O_NONBLOCK | (located.inside ? O_NOFOLLOW : 0) | (create ? constants.O_CREAT : 0);
  let fd: number;
  try {
    fd = openSync(located.path, flags, 0o666);
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT' && !create) return { ok: true, fd: undefined };
    if (located.inside && (code === 'ELOOP' || code === 'EMLINK')) return refused(linkProblem('write through'));
    const stats = code === 'EISDIR' || code === 'ENXIO' ? lstatOrUndefined(located.path) : undefined;
    if (stats !== undefined && !stats.isFile()) return refused(notWritable(stats, located.inside));
    return { ok: false, problem: describeErrno(error), refused: code === 'EISDIR' };
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) {
      closeSync(fd);
      return refused(notWritable(stats, located.inside));
    }
    if (stats.size > 0 && !recognised(fd, stats.size, kind)) {
      closeSync(fd);
      return refused(
        `exists and is not a ${OUTPUT_NAMES[kind]}; jwtlint replaces only an empty file or its own earlier output of the same kind (delete the file first, or choose another name)`,
      );
    }
  } catch (error) {
    closeSync(fd);
    return { ok: false, problem: describeErrno(error), refused: false };
  }
  if (!create) {
    closeSync(fd);
    return { ok: true, fd: undefined };
  }
  return { ok: true, fd, regular: true };
}

/** Reads the first and last few kilobytes of the open file and asks previous-output.ts. */
function recognised(fd: number, size: number, kind: OutputKind): boolean {
  const head = readAt(fd, 0, Math.min(size, RECOGNITION_BYTES));
  const tail = size <= RECOGNITION_BYTES ? head : readAt(fd, size - RECOGNITION_BYTES, RECOGNITION_BYTES);
  return isPreviousOutput(kind, head, tail);
}

function readAt(fd: number, position: number, length: number): string {
  const buffer = Buffer.alloc(length);
  let filled = 0;
  while (filled < length) {
    const read = readSync(fd, buffer, filled, length - filled, position + filled);
    if (read === 0) break;
    filled += read;
  }
  return buffer.subarray(0, filled).toString('utf8');
}

function notWritable(stats: Stats, inside: boolean): string {
  return inside
    ? `is ${kindOf(stats)} inside the scanned repository; jwtlint writes only regular files there`
    : `is ${kindOf(stats)}; jwtlint writes only to a regular file, a FIFO or a character device`;
}

function statOrUndefined(file: string): Stats | undefined {
  try {
    return statSync(file);
  } catch {
    return undefined; // absent, or a dangling link: the open says what is wrong
  }
}

function lstatOrUndefined(file: string): Stats | undefined {
  try {
    return lstatSync(file);
  } catch {
    return undefined;
  }
}

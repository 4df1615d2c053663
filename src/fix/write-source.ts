// Writing a fixed source file back. The scanned repository is hostile and may change under
// us, so (SECURITY.md, "jwtlint fix"):
// - the file must lie inside the scan root, reached without a symbolic link on the way
//   (RepositoryArea.locate) and not be one itself (O_NOFOLLOW), and be a regular file with
//   one name (a hard link would keep the old text under its other name);
// - its bytes on disk must be exactly those the scan read (SHA-256), checked when the write
//   starts and again just before the rename;
// - the new text goes to a temporary file created in the same folder (O_EXCL, O_NOFOLLOW,
//   the original's permission bits), synced, then renamed over the file: a reader sees the
//   old file or the new one, never half of it, and nothing outside the folder is touched.
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, constants, fstatSync, fsyncSync, lstatSync, openSync, readSync, realpathSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { errorCode, type RepositoryArea } from '../own-files/area.js';
import { describeErrno } from '../own-files/describe.js';

const O_NOFOLLOW = constants.O_NOFOLLOW ?? 0;
const O_NONBLOCK = constants.O_NONBLOCK ?? 0;

export type SourceWrite = { ok: true } | { ok: false; problem: string };

export function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Replaces `root/file` with `content` when its bytes still hash to `expectedHash`; every
 * refusal is a sentence, never an exception.
 */
export function writeFixedSource(root: string, file: string, content: Buffer, expectedHash: string, area: RepositoryArea): SourceWrite {
  if (path.isAbsolute(file) || file.split('/').some((part) => part === '..' || part === '.' || part === '')) return { ok: false, problem: 'not a plain path inside the scan root' };
  const located = area.locate(path.join(root, ...file.split('/')));
  if (!located.ok) return { ok: false, problem: located.link !== undefined ? `a folder on its way is a symbolic link (${located.link})` : `cannot reach its folder (${located.code})` };
  const realRoot = realOrSelf(root);
  if (!located.inside || !located.path.startsWith(realRoot.endsWith(path.sep) ? realRoot : realRoot + path.sep)) return { ok: false, problem: 'outside the scan root' };
  const target = located.path;

  const current = readCurrent(target);
  if (!current.ok) return current;
  if (sha256(current.bytes) !== expectedHash) return { ok: false, problem: 'it changed since the scan read it' };

  const temp = path.join(path.dirname(target), `.${path.basename(target)}.jwtlint-fix-${process.pid}-${randomBytes(6).toString('hex')}`);
  let fd: number | undefined;
  try {
    fd = openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | O_NOFOLLOW, current.mode & 0o777);
    let offset = 0;
    while (offset < content.length) offset += writeSync(fd, content, offset, content.length - offset, offset);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    const again = readCurrent(target);
    if (!again.ok || sha256(again.bytes) !== expectedHash) {
      unlinkSync(temp);
      return again.ok ? { ok: false, problem: 'it changed while the fix was written' } : again;
    }
    renameSync(temp, target);
    return { ok: true };
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(temp);
    } catch {
      // not created, or already renamed
    }
    return { ok: false, problem: describeErrno(error) };
  }
}

type Current = { ok: true; bytes: Buffer; mode: number } | { ok: false; problem: string };

/** The file's bytes, read without following a link; refused unless a regular file with one name. */
function readCurrent(target: string): Current {
  let fd: number;
  try {
    fd = openSync(target, constants.O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ELOOP' || code === 'EMLINK' || isLink(target)) return { ok: false, problem: 'it is a symbolic link' };
    return { ok: false, problem: describeErrno(error) };
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) return { ok: false, problem: 'not a regular file' };
    if (stats.nlink > 1) return { ok: false, problem: 'it has other names (hard links) that a rewrite would leave behind' };
    const bytes = Buffer.alloc(stats.size);
    let filled = 0;
    while (filled < bytes.length) {
      const read = readSync(fd, bytes, filled, bytes.length - filled, filled);
      if (read === 0) break;
      filled += read;
    }
    return { ok: true, bytes: bytes.subarray(0, filled), mode: stats.mode };
  } finally {
    closeSync(fd);
  }
}

function isLink(file: string): boolean {
  try {
    return lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

function realOrSelf(folder: string): string {
  try {
    return realpathSync(folder);
  } catch {
    return path.resolve(folder);
  }
}

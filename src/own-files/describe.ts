// Words for what a refused file is and why a read or a write failed: every problem with one
// of jwtlint's own files is reported as one line, never as an exception's stack.
import type { Stats } from 'node:fs';

/** `a FIFO`, `a device`...: what a file that is not a regular file is. */
export function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isSymbolicLink()) return 'a symbolic link';
  return 'not a regular file';
}

const ERRNO_TEXT: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOENT: 'no such file or folder',
  ENOTDIR: 'a part of the path is not a folder',
  EISDIR: 'is a folder',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'file too large',
  EROFS: 'read-only file system',
  EIO: 'input/output error',
  EPIPE: 'the reader closed the pipe',
  ENXIO: 'no reader or device at the other end',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'too many symbolic links',
  EAGAIN: 'the write would block',
  EBUSY: 'the file is busy',
  ETXTBSY: 'the file is busy',
};

/** `no space left on device (ENOSPC)`; the code alone when it has no description here. */
export function describeErrno(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === undefined) return String((error as Error).message ?? error).split('\n')[0]!;
  const text = ERRNO_TEXT[code];
  return text === undefined ? code : `${text} (${code})`;
}

const LINK_ADVICE = {
  follow: 'name the file it points to instead',
  'write through': 'choose another name, or a path outside the repository',
} as const;

/**
 * Why a link inside the scanned repository is refused. `folder`: the link is a folder on
 * the way to the file (`reports/` in `-o reports/jwtlint.sarif`), not the file itself.
 */
export function linkProblem(action: keyof typeof LINK_ADVICE, folder?: string): string {
  const subject = folder === undefined ? 'is' : `the folder ${folder} is`;
  return `${subject} a symbolic link inside the scanned repository; jwtlint does not ${action} links there (${LINK_ADVICE[action]})`;
}

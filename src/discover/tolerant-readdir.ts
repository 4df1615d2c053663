import type fg from 'fast-glob';

type Readdir = fg.FileSystemAdapter['readdir'];
type AnyCallback = (error: NodeJS.ErrnoException | null, entries: unknown[]) => void;

/**
 * Wraps `fs.readdir` so that a folder that cannot be read is reported through `onError`
 * and walked as if it were empty: fast-glob otherwise rejects the whole walk on EACCES.
 */
export function tolerantReaddir(readdir: Readdir, onError: (folder: string, error: NodeJS.ErrnoException) => void): Readdir {
  const call = readdir as (folder: string, ...rest: unknown[]) => void;
  const wrapped = (folder: string, optionsOrCallback: unknown, maybeCallback?: AnyCallback): void => {
    const withOptions = typeof optionsOrCallback !== 'function';
    const callback = (withOptions ? maybeCallback : optionsOrCallback) as AnyCallback;
    const settle: AnyCallback = (error, entries) => {
      if (error) onError(folder, error);
      callback(null, error ? [] : entries);
    };
    if (withOptions) call(folder, optionsOrCallback, settle);
    else call(folder, settle);
  };
  return wrapped as Readdir;
}

import { execFile } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';

const GIT_TIMEOUT_MS = 30_000;

export type ChangedFiles = { ok: true; files: string[] } | { ok: false; problem: string };

interface GitRun {
  ok: boolean;
  stdout: string;
  stderr: string;
  missing?: boolean;
  timedOut?: boolean;
}

// The scanned repository is not trusted: its own git configuration must not make git run a
// program (an fsmonitor hook, an external diff or textconv driver) or page the output.
const SAFE_CONFIG = ['-c', 'core.fsmonitor=false', '-c', 'core.untrackedCache=false', '-c', 'diff.external=', '--no-pager'];

function git(args: string[], cwd: string): Promise<GitRun> {
  return new Promise((resolve) => {
    execFile('git', [...SAFE_CONFIG, ...args], { cwd, timeout: GIT_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (!error) return resolve({ ok: true, stdout, stderr });
      const code = (error as NodeJS.ErrnoException).code;
      resolve({ ok: false, stdout, stderr, missing: code === 'ENOENT', timedOut: error.killed === true || (error as { signal?: string }).signal === 'SIGTERM' });
    });
  });
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}

/**
 * Files changed since `ref`, relative to `root` (POSIX): what differs between the working
 * tree and the merge base of `ref` and HEAD (so a branch's own changes, committed or not,
 * and not what landed on `ref` meanwhile), plus untracked files that git does not ignore.
 * Deleted files are left out. Paths outside `root` are dropped.
 */
export async function changedFilesSince(root: string, ref: string): Promise<ChangedFiles> {
  if (ref.trim() === '' || ref.startsWith('-')) return { ok: false, problem: `--changed-since: "${ref}" is not a git ref.` };
  const top = await git(['rev-parse', '--show-toplevel'], root);
  if (top.missing) return { ok: false, problem: '--changed-since needs git, and git is not installed or not on PATH.' };
  if (top.timedOut) return { ok: false, problem: '--changed-since: git did not answer in time.' };
  if (!top.ok) {
    const reason = firstLine(top.stderr);
    return {
      ok: false,
      problem: /not a git repository/i.test(reason) || reason === ''
        ? `--changed-since needs a git repository, and ${root} is not inside one.`
        : `--changed-since: git cannot read the repository at ${root} (${reason}).`,
    };
  }
  const repository = top.stdout.trim();

  const commit = await git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], root);
  if (!commit.ok) return { ok: false, problem: `--changed-since: unknown git ref "${ref}" (fetch it first, e.g. git fetch origin ${ref}).` };
  const base = await git(['merge-base', commit.stdout.trim(), 'HEAD'], root);
  if (!base.ok) {
    return {
      ok: false,
      problem: `--changed-since: "${ref}" and HEAD have no common history${firstLine(base.stderr) ? ` (${firstLine(base.stderr)})` : ''}; in a shallow clone fetch more history (actions/checkout: fetch-depth: 0).`,
    };
  }
  const diff = await git(['diff', '--no-ext-diff', '--no-textconv', '--name-only', '-z', '--diff-filter=d', base.stdout.trim(), '--'], repository);
  const untracked = await git(['ls-files', '--others', '--exclude-standard', '--full-name', '-z'], repository);
  if (!diff.ok || !untracked.ok) return { ok: false, problem: `--changed-since: git failed: ${firstLine(diff.stderr || untracked.stderr) || 'no output'}` };

  // git prints real paths; the root may be reached through a symbolic link.
  const realRoot = realpathSync(root);
  const files = new Set<string>();
  for (const name of [...diff.stdout.split('\0'), ...untracked.stdout.split('\0')]) {
    if (name === '') continue;
    const relative = path.relative(realRoot, path.join(repository, name));
    if (relative.startsWith('..') || path.isAbsolute(relative)) continue;
    files.add(relative.split(path.sep).join('/'));
  }
  return { ok: true, files: [...files].sort() };
}

/** The nearest folder at or above `start` that holds `.git` (a repository's top level), if any. */
export function findRepositoryRoot(start: string): string | undefined {
  let dir = path.resolve(start);
  for (;;) {
    if (existsSync(path.join(dir, '.git'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

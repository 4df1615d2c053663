import { execFile } from 'node:child_process';
import { accessSync, constants, existsSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';

// `--changed-since` is the only place jwtlint runs a program, and it runs git on the
// repository it scans, which it does not trust (a pull request from a stranger, in CI or a
// pre-commit hook). Everything below keeps git from running anything the repository (or an
// environment the repository could have influenced) names: SECURITY.md lists each measure
// with the attack it stops, and test/hostile/git-hardening.test.ts sets every trap.

const GIT_TIMEOUT_MS = 30_000;
const GIT_MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

export type ChangedFiles = { ok: true; files: string[] } | { ok: false; problem: string };

/**
 * Global options, before the command: no pager; no optional lock, so git never writes the
 * index on its own (writing it runs the post-index-change hook); history as committed, not
 * as `refs/replace/` would rewrite it (which could hide a change).
 */
const GLOBAL_OPTIONS = ['--no-pager', '--no-optional-locks', '--no-replace-objects'];

/**
 * `-c` overrides of every configuration key that names a program git could run, or that
 * changes what git reports. Command-line configuration beats every configuration file
 * (system, global, the repository's own and what they include).
 */
export const HARDENING_CONFIG: readonly (readonly [key: string, value: string])[] = [
  // Hooks are looked up under /dev/null, where no file can exist.
  ['core.hooksPath', '/dev/null'],
  // A file-system monitor hook runs whenever git reads the index; off, git also drops the
  // index's monitor data, so it checks every file itself.
  ['core.fsmonitor', 'false'],
  // Likewise the index's untracked cache (which `ls-files` does not use today): git lists
  // untracked files itself, whatever the index says.
  ['core.untrackedCache', 'false'],
  ['diff.external', ''],
  // git never runs a pager called `cat`.
  ['core.pager', 'cat'],
  // An empty value empties the list of credential helpers.
  ['credential.helper', ''],
  ['core.askPass', ''],
  ['core.sshCommand', ''],
  ['gpg.program', ''],
  ['gpg.openpgp.program', ''],
  ['gpg.x509.program', ''],
  ['gpg.ssh.program', ''],
  // `:` is git's "no editor".
  ['core.editor', ':'],
  ['sequence.editor', ':'],
  // No transport at all (GIT_ALLOW_PROTOCOL below also beats protocol.<name>.allow).
  ['protocol.allow', 'never'],
  // A folder of the scanned tree that looks like a bare repository is not taken for one.
  ['safe.bareRepository', 'explicit'],
];

/** Options of the diff that lists changed files: names only, so no content is ever compared or converted. */
const DIFF_OPTIONS = ['--name-only', '-z', '--no-renames', '--no-ext-diff', '--no-textconv', '--ignore-submodules=all', '--diff-filter=d'];

/** Inherited GIT_ variables that only limit where git looks for the repository. */
const KEPT_GIT_VARIABLES = new Set(['GIT_CEILING_DIRECTORIES', 'GIT_DISCOVERY_ACROSS_FILESYSTEM']);

/** Other inherited variables that name a program git could run. */
const REMOVED_VARIABLES = new Set(['SSH_ASKPASS']);

/** Set for every git run, whatever the parent environment says. */
const FIXED_ENVIRONMENT: Record<string, string> = {
  // The system configuration (/etc/gitconfig) belongs to the machine or image, which in CI
  // can be built from the scanned repository; nothing in it is needed to list changed files.
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_TERMINAL_PROMPT: '0',
  GIT_PAGER: 'cat',
  PAGER: 'cat',
  GIT_EDITOR: ':',
  GIT_SEQUENCE_EDITOR: ':',
  GIT_OPTIONAL_LOCKS: '0',
  // Beats protocol.allow and every protocol.<name>.allow: a partial clone's lazy fetch (or
  // any other transport) cannot reach an `ext::` command, ssh or the network.
  GIT_ALLOW_PROTOCOL: 'none',
  GIT_PROTOCOL_FROM_USER: '0',
  // git 2.45 and later do not even try to fetch a missing object.
  GIT_NO_LAZY_FETCH: '1',
  GIT_NO_REPLACE_OBJECTS: '1',
  // English messages: the problems below recognise some of them.
  LC_ALL: 'C',
};

/** Whether `child` is `parent` or inside it (both absolute). */
function isInside(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}

function realOrResolved(folder: string): string {
  try {
    return realpathSync(folder);
  } catch {
    return path.resolve(folder);
  }
}

/**
 * The PATH entries git may be taken from, and that git itself may take programs from:
 * absolute ones outside the scanned repository. A relative entry (`.`, an empty one,
 * `node_modules/.bin`) is resolved against the working folder, which is inside the scanned
 * repository; an absolute one inside it is where npm scripts and npx put the repository's
 * own `node_modules/.bin`, so a committed or installed `git` there would be run.
 */
export function trustedSearchPath(searchPath: string, untrustedFolders: string[]): string[] {
  const untrusted = untrustedFolders.flatMap((folder) => [path.resolve(folder), realOrResolved(folder)]);
  return searchPath.split(path.delimiter).filter((entry) => {
    if (entry === '' || !path.isAbsolute(entry)) return false;
    const forms = [path.resolve(entry), realOrResolved(entry)];
    return !forms.some((form) => untrusted.some((folder) => isInside(form, folder)));
  });
}

/** The first executable `git` in `searchPath`, as an absolute path, so that nothing else searches for it. */
function findGit(searchPath: string[]): string | undefined {
  // On Windows a bare name would be looked up in the child's working folder first.
  const name = process.platform === 'win32' ? 'git.exe' : 'git';
  for (const folder of searchPath) {
    const candidate = path.join(folder, name);
    try {
      if (!statSync(candidate).isFile()) continue;
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not there, or not executable: try the next folder.
    }
  }
  return undefined;
}

/**
 * git's environment: the parent's without any GIT_ variable (configuration injected through
 * GIT_CONFIG_PARAMETERS or GIT_CONFIG_COUNT/KEY/VALUE, GIT_EXTERNAL_DIFF, GIT_SSH_COMMAND,
 * GIT_ASKPASS, GIT_DIR and GIT_INDEX_FILE pointing elsewhere, trace files...) but the
 * discovery limits, without SSH_ASKPASS, with PATH reduced to `searchPath` and the fixed
 * values above. HOME stays: the user's global configuration is read (see SECURITY.md).
 */
export function gitEnvironment(parent: NodeJS.ProcessEnv, searchPath: string[]): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(parent)) {
    // Windows names are case-insensitive: compare them upper-cased.
    const upper = name.toUpperCase();
    if (upper.startsWith('GIT_') && !KEPT_GIT_VARIABLES.has(upper)) continue;
    if (REMOVED_VARIABLES.has(upper) || upper === 'PATH' || Object.hasOwn(FIXED_ENVIRONMENT, upper)) continue;
    env[name] = value;
  }
  return { ...env, ...FIXED_ENVIRONMENT, PATH: searchPath.join(path.delimiter) };
}

/**
 * `-c` overrides that switch off every filter driver git's configuration defines, wherever
 * it is defined. git hashes a working-tree file through its `.gitattributes` filter when the
 * index cannot tell from the file's stat data whether it changed (a "racily clean" entry,
 * one written in the same second as the index: common right after a checkout), even in
 * plumbing that otherwise reports stat-dirty files without reading them. Returns undefined
 * for a driver name that `-c` cannot express (one with `=`).
 */
export function filterOverrides(configNames: string[]): string[] | undefined {
  const drivers = new Set<string>();
  for (const name of configNames) {
    // filter.<driver>.<key>; the driver is everything between the first and the last dot.
    const last = name.lastIndexOf('.');
    if (!name.startsWith('filter.') || last <= 'filter'.length) continue;
    drivers.add(name.slice('filter.'.length, last));
  }
  const args: string[] = [];
  for (const driver of drivers) {
    if (driver.includes('=') || /[\0-\x1f]/.test(driver)) return undefined;
    for (const [key, value] of [['clean', ''], ['smudge', ''], ['process', ''], ['required', 'false']] as const) args.push('-c', `filter.${driver}.${key}=${value}`);
  }
  return args;
}

interface GitRun {
  ok: boolean;
  stdout: string;
  stderr: string;
  /** git's exit status when it ran and failed. */
  status?: number;
  timedOut?: boolean;
}

type Git = (args: string[], extraConfig?: string[]) => Promise<GitRun>;

/** A function that runs `gitPath` in `cwd` with the global options, the overrides and the environment above. */
function hardenedGit(gitPath: string, cwd: string, env: NodeJS.ProcessEnv): Git {
  const config = HARDENING_CONFIG.flatMap(([key, value]) => ['-c', `${key}=${value}`]);
  return (args, extraConfig = []) =>
    new Promise((resolve) => {
      execFile(
        gitPath,
        [...GLOBAL_OPTIONS, ...config, ...extraConfig, ...args],
        { cwd, env, timeout: GIT_TIMEOUT_MS, maxBuffer: GIT_MAX_OUTPUT_BYTES, encoding: 'utf8', windowsHide: true },
        (error, stdout, stderr) => {
          if (!error) return resolve({ ok: true, stdout, stderr });
          const code = (error as { code?: unknown }).code;
          resolve({
            ok: false,
            stdout,
            stderr,
            ...(typeof code === 'number' && { status: code }),
            timedOut: error.killed === true || (error as { signal?: string }).signal === 'SIGTERM',
          });
        },
      );
    });
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}

/** git's reason for failing: its first `fatal:` or `error:` line (warnings can come first), else its first line. */
function reasonOf(stderr: string): string {
  return stderr.split('\n').find((line) => /^(fatal|error): /.test(line))?.trim() ?? firstLine(stderr);
}

function gitFailed(run: GitRun): string {
  return run.timedOut ? '--changed-since: git did not answer in time.' : `--changed-since: git failed: ${reasonOf(run.stderr) || 'no output'}`;
}

/**
 * Files changed since `ref`, relative to `root` (POSIX): what differs between the working
 * tree and the merge base of `ref` and HEAD (so a branch's own changes, committed or not,
 * and not what landed on `ref` meanwhile), plus untracked files that git does not ignore.
 * Deleted files are left out. Paths outside `root` are dropped. A file whose stat data
 * differs from the index is reported as changed without being read, so a few unchanged
 * files can be included; a changed file is never left out.
 */
export async function changedFilesSince(root: string, ref: string): Promise<ChangedFiles> {
  if (ref.trim() === '' || ref.startsWith('-')) return { ok: false, problem: `--changed-since: "${ref}" is not a git ref.` };

  const untrusted = [root, findRepositoryRoot(root) ?? root];
  const searchPath = trustedSearchPath(process.env.PATH ?? '', untrusted);
  const gitPath = findGit(searchPath);
  if (gitPath === undefined) return { ok: false, problem: '--changed-since needs git, and git is not installed or not on PATH (outside the scanned repository).' };
  const git = hardenedGit(gitPath, root, gitEnvironment(process.env, searchPath));

  const top = await git(['rev-parse', '--show-toplevel']);
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

  // Status 1 with nothing printed: no filter is configured.
  const filterNames = await git(['config', '--null', '--name-only', '--get-regexp', '^filter\\.']);
  if (!filterNames.ok && !(filterNames.status === 1 && filterNames.stderr.trim() === '')) return { ok: false, problem: gitFailed(filterNames) };
  const noFilters = filterOverrides(filterNames.stdout.split('\0').filter((name) => name !== ''));
  if (noFilters === undefined) return { ok: false, problem: "--changed-since: the repository's git configuration names a filter driver jwtlint cannot switch off (a name with '=' or a control character); not running git on it." };

  const commit = await git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  if (commit.timedOut) return { ok: false, problem: gitFailed(commit) };
  if (!commit.ok) return { ok: false, problem: `--changed-since: unknown git ref "${ref}" (fetch it first, e.g. git fetch origin ${ref}).` };
  const base = await git(['merge-base', commit.stdout.trim(), 'HEAD']);
  if (base.timedOut) return { ok: false, problem: gitFailed(base) };
  if (!base.ok) {
    return {
      ok: false,
      problem: `--changed-since: "${ref}" and HEAD have no common history${firstLine(base.stderr) ? ` (${firstLine(base.stderr)})` : ''}; in a shallow clone fetch more history (actions/checkout: fetch-depth: 0).`,
    };
  }

  // diff-index, not diff: it compares the base tree with the index and the files' stat data,
  // and reports a file whose stat data changed without reading it; `git diff` would read
  // such files and refresh the index (writing it runs the post-index-change hook). Both
  // listings are limited to the scan root (`.`: git runs there) and print paths from the top.
  const changed = await git(['diff-index', ...DIFF_OPTIONS, base.stdout.trim(), '--', '.'], noFilters);
  if (!changed.ok) return { ok: false, problem: gitFailed(changed) };
  const untracked = await git(['ls-files', '--others', '--exclude-standard', '--full-name', '-z', '--', '.'], noFilters);
  if (!untracked.ok) return { ok: false, problem: gitFailed(untracked) };

  // git prints real paths; the root may be reached through a symbolic link.
  const realRoot = realpathSync(root);
  const files = new Set<string>();
  for (const name of [...changed.stdout.split('\0'), ...untracked.stdout.split('\0')]) {
    if (name === '') continue;
    const file = path.join(repository, name);
    if (!isInside(file, realRoot) || file === realRoot) continue;
    files.add(path.relative(realRoot, file).split(path.sep).join('/'));
  }
  return { ok: true, files: [...files].sort() };
}

export type WorkingTreeState =
  | { ok: true; repository: false }
  /** `changed`: paths below `root` (from the repository's top) that differ from HEAD, staged or not, or are untracked and not ignored. */
  | { ok: true; repository: true; changed: string[] }
  | { ok: false; problem: string };

/**
 * `jwtlint fix`: whether the scan root holds changes git could not give back (modified,
 * staged, deleted or untracked files not ignored), read with `git status --porcelain` run
 * like every other git command here (hardened, no filter driver, no submodule, no hook, the
 * index not written). No `.git` above the root: no repository (git is not run).
 */
export async function workingTreeState(root: string): Promise<WorkingTreeState> {
  const top = findRepositoryRoot(root);
  if (top === undefined) return { ok: true, repository: false };
  const searchPath = trustedSearchPath(process.env.PATH ?? '', [root, top]);
  const gitPath = findGit(searchPath);
  if (gitPath === undefined) return { ok: false, problem: 'the scan root is in a git repository, and git is not installed or not on PATH (outside the scanned repository): jwtlint fix cannot tell whether the tree holds uncommitted changes' };
  const git = hardenedGit(gitPath, root, gitEnvironment(process.env, searchPath));
  const failed = (run: GitRun) => (run.timedOut ? 'git did not answer in time' : `git failed: ${reasonOf(run.stderr) || 'no output'}`);
  const filterNames = await git(['config', '--null', '--name-only', '--get-regexp', '^filter\\.']);
  if (!filterNames.ok && !(filterNames.status === 1 && filterNames.stderr.trim() === '')) return { ok: false, problem: failed(filterNames) };
  const noFilters = filterOverrides(filterNames.stdout.split('\0').filter((name) => name !== ''));
  if (noFilters === undefined) return { ok: false, problem: "the repository's git configuration names a filter driver jwtlint cannot switch off (a name with '=' or a control character); not running git on it" };
  const status = await git(['status', '--porcelain=v1', '-z', '--untracked-files=all', '--ignore-submodules=all', '--no-renames', '--', '.'], noFilters);
  if (!status.ok) return { ok: false, problem: failed(status) };
  // Entries are `XY path`, NUL-terminated (no rename pairs with --no-renames).
  const changed = status.stdout.split('\0').filter((entry) => entry.length > 3).map((entry) => entry.slice(3));
  return { ok: true, repository: true, changed };
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

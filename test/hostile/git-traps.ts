// Builds hostile git repositories for test/hostile/git-hardening.test.ts: every place a
// repository (or an environment it could have influenced) can name a program for git to run
// is filled with a trap, a shell script that creates a marker file named after the trap in
// a folder outside the repository. After a run, the markers say which traps fired.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Hooks git can run; each one is planted in every hooks folder a scenario has. */
export const HOOKS = [
  'post-index-change',
  'pre-commit',
  'prepare-commit-msg',
  'commit-msg',
  'post-commit',
  'post-checkout',
  'post-merge',
  'post-rewrite',
  'pre-auto-gc',
  'pre-push',
  'reference-transaction',
  'push-to-checkout',
  'fsmonitor-watchman',
  'sendemail-validate',
];

/** What a trap does once it has written its marker, so that git gets what it expects. */
type TrapTail = 'exit' | 'fail' | 'copy-stdin' | 'copy-file';

const TAILS: Record<TrapTail, string> = {
  exit: 'exit 0',
  fail: 'exit 1',
  // A clean or smudge filter: pass the content through unchanged. (A filter process gets
  // its handshake echoed, which git reports as an error and carries on.)
  'copy-stdin': 'exec cat',
  // A textconv driver: git passes the file to convert as the first argument.
  'copy-file': 'exec cat "$1"',
};

export const SECRET_CALL = (secret: string): string => `import jwt from 'jsonwebtoken';\nexport const token = jwt.sign({ sub: 1 }, '${secret}');\n`;

export interface TrappedRepository {
  /** The temporary folder holding everything: repo/, markers/, traps/, home/. */
  base: string;
  /** The scanned repository: base/repo. */
  repo: string;
  /** Creates a trap script (if needed) that marks `name` when run, and returns its path. */
  trap(name: string, tail?: TrapTail): string;
  /** Plants every hook of HOOKS in `folder`, each marking `<prefix>-<hook>`. */
  plantHooks(folder: string, prefix: string): void;
  /** The names of the traps that have fired so far, sorted. */
  fired(): string[];
  /** Runs the real git in the repository, with the isolated HOME; throws on failure. */
  git(...args: string[]): string;
  /** Runs the real git in the repository like a user would (traps armed); never throws. */
  gitUnchecked(args: string[], env?: Record<string, string>): SpawnSyncReturns<string>;
  /** The environment for processes run on this repository: HOME and XDG_CONFIG_HOME inside base/home. */
  env: Record<string, string>;
  remove(): void;
}

/**
 * A repository with history, before any trap is set:
 * - main: src/base.js (a JWT anti-pattern, unchanged on the branch), src/modified.js,
 *   src/touched.js, src/racy.js (racily clean in the index, see below), notes.txt, settings.cfg, config.ini, .gitattributes (every file through
 *   the filter and diff drivers below), .gitignore (node_modules/);
 * - feature (checked out): src/committed.js added (an anti-pattern);
 * - working tree: src/modified.js gets an anti-pattern, src/untracked.js and ..dotted.js
 *   are new (one each),
 *   src/touched.js, notes.txt, settings.cfg and config.ini are stat-dirty (older modification
 *   time, same content).
 * Files are written before the traps exist, so building it runs none of them.
 */
export function buildRepository(): TrappedRepository {
  const base = realpathSync(mkdtempSync(path.join(tmpdir(), 'jwtlint-git-')));
  const repo = path.join(base, 'repo');
  const markers = path.join(base, 'markers');
  const traps = path.join(base, 'traps');
  const home = path.join(base, 'home');
  for (const dir of [repo, markers, traps, path.join(home, '.config')]) mkdirSync(dir, { recursive: true });

  // No system or user configuration of the machine running the tests: HOME is ours.
  const env: Record<string, string> = { HOME: home, XDG_CONFIG_HOME: path.join(home, '.config') };
  const gitEnv = (): NodeJS.ProcessEnv => {
    const merged: NodeJS.ProcessEnv = { ...process.env, ...env, GIT_CONFIG_NOSYSTEM: '1' };
    for (const name of Object.keys(merged)) if (/^GIT_(DIR|WORK_TREE|INDEX_FILE|CONFIG_(PARAMETERS|COUNT|KEY_\d+|VALUE_\d+))$/.test(name)) delete merged[name];
    return merged;
  };
  const gitUnchecked = (args: string[], extra: Record<string, string> = {}): SpawnSyncReturns<string> =>
    spawnSync('git', ['-c', 'user.email=ci@example.com', '-c', 'user.name=ci', '-c', 'commit.gpgSign=false', ...args], {
      cwd: repo,
      env: { ...gitEnv(), ...extra },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 60_000,
    });
  const git = (...args: string[]): string => {
    const run = gitUnchecked(args);
    if (run.status !== 0) throw new Error(`git ${args.join(' ')}: ${run.stderr}`);
    return run.stdout;
  };
  const write = (file: string, content: string): void => {
    mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
    writeFileSync(path.join(repo, file), content);
  };

  const trap = (name: string, tail: TrapTail = 'exit'): string => {
    const script = path.join(traps, `${name.replace(/[^\w.-]/g, '_')}.sh`);
    writeFileSync(script, `#!/bin/sh\n: > '${path.join(markers, name)}'\n${TAILS[tail]}\n`);
    chmodSync(script, 0o755);
    return script;
  };
  const plantHooks = (folder: string, prefix: string): void => {
    mkdirSync(folder, { recursive: true });
    for (const hook of HOOKS) {
      const script = path.join(folder, hook);
      writeFileSync(script, `#!/bin/sh\n: > '${path.join(markers, `${prefix}-${hook}`)}'\nexit 0\n`);
      chmodSync(script, 0o755);
    }
  };

  git('-c', 'init.defaultBranch=main', 'init', '-q');
  write('.gitattributes', '* filter=evil diff=evil\n*.txt filter=evilprocess diff=evil\n*.cfg filter=included\n*.ini filter=globalfilter\n');
  write('.gitignore', 'node_modules/\n');
  write('src/base.js', SECRET_CALL('base-branch-secret-value-1'));
  write('src/modified.js', 'export const modified = 1;\n');
  write('src/touched.js', 'export const touched = 1;\n');
  write('src/racy.js', 'export const racy = 1;\n');
  write('notes.txt', 'notes\n');
  write('settings.cfg', 'settings\n');
  write('config.ini', 'config\n');
  git('add', '-A');
  git('commit', '-qm', 'base');
  git('checkout', '-qb', 'feature');
  write('src/committed.js', SECRET_CALL('committed-change-secret-2'));
  git('add', 'src/committed.js');
  git('commit', '-qm', 'feature work');
  // "Racily clean": the index records a modification time no older than the index itself,
  // so its stat data cannot tell whether the file changed and git compares the content,
  // through the file's clean filter. A checkout leaves many such entries; here one is made
  // deterministic with a modification time in the future, recorded by a refresh.
  const future = new Date(Date.now() + 86_400_000);
  utimesSync(path.join(repo, 'src/racy.js'), future, future);
  git('update-index', '-q', '--refresh');
  write('src/modified.js', SECRET_CALL('modified-file-secret-val-3'));
  write('src/untracked.js', SECRET_CALL('untracked-file-secret-va-4'));
  // A name that starts with "..": inside the root, however much it looks like a way out.
  write('..dotted.js', SECRET_CALL('dotted-name-secret-value-5'));
  // "Touched": stat data no longer matches the index, content unchanged.
  const past = new Date(Date.now() - 3_600_000);
  for (const file of ['src/touched.js', 'notes.txt', 'settings.cfg', 'config.ini']) utimesSync(path.join(repo, file), past, past);

  return {
    base,
    repo,
    trap,
    plantHooks,
    fired: () => readdirSync(markers).sort(),
    git,
    gitUnchecked,
    env,
    remove: () => rmSync(base, { recursive: true, force: true }),
  };
}

/**
 * Sets a trap in every place of the repository's configuration (and of the user's global
 * configuration and an included file) that can name a program, and plants the hooks in
 * .git/hooks, or in a core.hooksPath folder when `hooksPath` is set.
 */
export function armConfiguration(r: TrappedRepository, options: { hooksPath: boolean }): void {
  r.plantHooks(path.join(r.repo, '.git', 'hooks'), 'hook');
  if (options.hooksPath) {
    r.plantHooks(path.join(r.base, 'hooks-path'), 'hookspath');
    r.git('config', 'core.hooksPath', path.join(r.base, 'hooks-path'));
  }
  const set = (key: string, value: string): void => {
    r.git('config', '--add', key, value);
  };
  set('core.fsmonitor', r.trap('core.fsmonitor'));
  set('filter.evil.clean', r.trap('filter.evil.clean', 'copy-stdin'));
  set('filter.evil.smudge', r.trap('filter.evil.smudge', 'copy-stdin'));
  set('filter.evil.required', 'true');
  // A long-running filter process. It echoes git's handshake back, which git reports as an
  // error and carries on: a trap that made git die would hide the traps after it.
  set('filter.evilprocess.process', r.trap('filter.evilprocess.process', 'copy-stdin'));
  set('diff.evil.textconv', r.trap('diff.evil.textconv', 'copy-file'));
  set('diff.evil.command', r.trap('diff.evil.command'));
  set('diff.external', r.trap('diff.external'));
  set('core.pager', r.trap('core.pager', 'copy-stdin'));
  for (const command of ['diff', 'diff-index', 'ls-files', 'rev-parse', 'merge-base', 'config', 'status']) set(`pager.${command}`, r.trap(`pager.${command}`, 'copy-stdin'));
  // git never lets an alias replace a built-in command; planted anyway.
  for (const command of ['diff', 'diff-index', 'ls-files', 'rev-parse', 'merge-base', 'config']) set(`alias.${command}`, `!${r.trap(`alias.${command}`)}`);
  set('credential.helper', `!${r.trap('credential.helper')}`);
  set('core.askPass', r.trap('core.askPass'));
  set('core.sshCommand', r.trap('core.sshCommand'));
  set('core.gitProxy', r.trap('core.gitProxy'));
  set('core.editor', r.trap('core.editor'));
  set('sequence.editor', r.trap('sequence.editor'));
  set('gpg.program', r.trap('gpg.program'));
  set('gpg.ssh.program', r.trap('gpg.ssh.program'));
  set('gpg.x509.program', r.trap('gpg.x509.program'));
  set('core.alternateRefsCommand', r.trap('core.alternateRefsCommand'));
  set('uploadpack.packObjectsHook', r.trap('uploadpack.packObjectsHook'));
  set('remote.origin.url', `ext::${r.trap('remote.origin.url')}`);
  set('remote.origin.uploadpack', r.trap('remote.origin.uploadpack'));
  set('protocol.ext.allow', 'always');
  set('protocol.allow', 'always');
  // A filter driver defined in a file the repository's configuration includes...
  const included = path.join(r.base, 'included.gitconfig');
  writeFileSync(included, `[filter "included"]\n\tclean = ${r.trap('filter.included.clean', 'copy-stdin')}\n\trequired = true\n`);
  set('include.path', included);
  // ...and one in the user's own configuration (git-lfs installs one like it).
  writeFileSync(path.join(r.env.HOME as string, '.gitconfig'), `[filter "globalfilter"]\n\tprocess = ${r.trap('global.filter.globalfilter.process', 'copy-stdin')}\n\tclean = ${r.trap('global.filter.globalfilter.clean', 'copy-stdin')}\n`);
}

/**
 * A git that is not git: `git` files in the scanned repository, one in node_modules/.bin
 * (where npm scripts and npx put the repository's own packages first on PATH) and one at
 * the top (found through a relative PATH entry such as `.`).
 */
export function plantFakeGit(r: TrappedRepository): { nodeModulesBin: string } {
  const nodeModulesBin = path.join(r.repo, 'node_modules', '.bin');
  mkdirSync(nodeModulesBin, { recursive: true });
  for (const [where, name] of [[nodeModulesBin, 'path.node_modules-bin-git'], [r.repo, 'path.relative-entry-git']] as const) {
    writeFileSync(path.join(where, 'git'), `#!/bin/sh\n: > '${path.join(r.base, 'markers', name)}'\nexit 1\n`);
    chmodSync(path.join(where, 'git'), 0o755);
  }
  return { nodeModulesBin };
}

/**
 * Makes the repository a partial clone whose promisor remote is an `ext::` command, with
 * one tree of the base commit missing: any git command that needs that tree asks the
 * remote for it, which runs the command.
 */
export function armLazyFetch(r: TrappedRepository): void {
  const tree = r.git('rev-parse', 'main:src').trim();
  rmSync(path.join(r.repo, '.git', 'objects', tree.slice(0, 2), tree.slice(2)));
  r.git('config', 'core.repositoryFormatVersion', '1');
  r.git('config', 'extensions.partialClone', 'origin');
  r.git('config', 'remote.origin.url', `ext::${r.trap('lazy-fetch.ext-remote', 'fail')}`);
  r.git('config', 'remote.origin.promisor', 'true');
  r.git('config', 'protocol.ext.allow', 'always');
}

/**
 * Variables a hostile parent environment could hold (a CI step before jwtlint that ran the
 * repository's install scripts can append to $GITHUB_ENV): configuration injected through
 * GIT_CONFIG_COUNT/KEY/VALUE and GIT_CONFIG_PARAMETERS, programs git would run, a trace
 * file git would write.
 */
export function hostileEnvironment(r: TrappedRepository): Record<string, string> {
  const envHooks = path.join(r.base, 'env-hooks');
  r.plantHooks(envHooks, 'envhooks');
  return {
    GIT_CONFIG_COUNT: '2',
    GIT_CONFIG_KEY_0: 'filter.evil.clean',
    GIT_CONFIG_VALUE_0: r.trap('env.GIT_CONFIG_COUNT.filter.evil.clean', 'copy-stdin'),
    GIT_CONFIG_KEY_1: 'core.fsmonitor',
    GIT_CONFIG_VALUE_1: r.trap('env.GIT_CONFIG_COUNT.core.fsmonitor'),
    GIT_CONFIG_PARAMETERS: `'core.hooksPath=${envHooks}'`,
    GIT_EXTERNAL_DIFF: r.trap('env.GIT_EXTERNAL_DIFF'),
    GIT_PAGER: r.trap('env.GIT_PAGER', 'copy-stdin'),
    PAGER: r.trap('env.PAGER', 'copy-stdin'),
    GIT_ASKPASS: r.trap('env.GIT_ASKPASS'),
    SSH_ASKPASS: r.trap('env.SSH_ASKPASS'),
    GIT_SSH: r.trap('env.GIT_SSH'),
    GIT_SSH_COMMAND: r.trap('env.GIT_SSH_COMMAND'),
    GIT_EDITOR: r.trap('env.GIT_EDITOR'),
    GIT_SEQUENCE_EDITOR: r.trap('env.GIT_SEQUENCE_EDITOR'),
    GIT_PROXY_COMMAND: r.trap('env.GIT_PROXY_COMMAND'),
    // Not a program: git would write its trace into the markers folder.
    GIT_TRACE: path.join(r.base, 'markers', 'env.GIT_TRACE'),
  };
}

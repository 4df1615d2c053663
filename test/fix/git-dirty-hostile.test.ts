import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, jwtlint } from '../cli/helpers/run-jwtlint.js';
import { armConfiguration, buildRepository, hostileEnvironment, type TrappedRepository } from '../hostile/git-traps.js';

// jwtlint fix reads "dirty" with `git status --porcelain` run through the hardened runner of
// src/cli/git.ts. In a repository whose hooks, filter and diff drivers, fsmonitor and
// environment are traps (test/hostile/git-traps.ts), the check must fire none of them and
// still see every change; a user's own `git status` there fires them (the control).
const repositories: TrappedRepository[] = [];
beforeAll(() => {
  assertBuilt();
  if (spawnSync('git', ['--version']).status !== 0) throw new Error('git is needed for this test');
});
afterAll(() => repositories.forEach((r) => r.remove()));

describe('jwtlint fix on a hostile repository', () => {
  it.each([false, true])('reads the tree as dirty without running any trap (hooksPath %s)', (hooksPath) => {
    const r = buildRepository();
    repositories.push(r);
    armConfiguration(r, { hooksPath });
    const run = jwtlint(['fix', r.repo], { cwd: r.base, env: { ...r.env, ...hostileEnvironment(r) } });
    expect(r.fired(), run.stderr).toEqual([]);
    expect(run.status, run.stderr).toBe(2);
    expect(run.stderr).toContain('the working tree has uncommitted changes (');
    for (const file of ['src/modified.js', 'src/untracked.js', '..dotted.js']) expect(run.stderr).toContain(file);
    // Stat-dirty files with their committed content are not changes (no filter driver ran to say otherwise).
    for (const file of ['src/touched.js', 'notes.txt', 'src/racy.js']) expect(run.stderr).not.toContain(file);

    r.gitUnchecked(['status']);
    expect(r.fired()).toEqual(expect.arrayContaining(['core.fsmonitor', 'filter.evil.clean']));
  });
});

import { cpSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import type { CliIo } from '../../src/cli/io.js';
import { runScan } from '../../src/engine/run.js';
import type { Finding } from '../../src/engine/types.js';
import { FIXTURES_ROOT, subfolders } from '../helpers/fixtures.js';
import { makeTempProject, removeTempProject } from '../cli/helpers/temp-project.js';

// fixtures/fix/<rule>/<case>/before.<ext> and after.<ext>: jwtlint fix turns the one into the
// other exactly, the rule's finding there is gone, and no finding appears that was not there
// before. A case named `suggested-…` is a suggestion (it changes behaviour): applied only with
// --apply-suggestions. test/fix/typecheck.test.ts compiles them all with tsc.
const FIX_FIXTURES = path.join(FIXTURES_ROOT, 'fix');

const cases = subfolders(FIX_FIXTURES).flatMap((rule) => subfolders(path.join(FIX_FIXTURES, rule)).map((name) => ({ rule, name, dir: path.join(FIX_FIXTURES, rule, name) })));
const roots: string[] = [];
afterAll(() => roots.forEach(removeTempProject));

function fakeIo(cwd: string): CliIo & { out: string; err: string } {
  const io = { cwd, env: {}, out: '', err: '', stdout: { write: (t: string) => (io.out += t), isTTY: false }, stderr: { write: (t: string) => (io.err += t), isTTY: false } };
  return io;
}

async function scanOne(root: string): Promise<Finding[]> {
  return (await runScan({ cwd: root, paths: [root], maxExpirySeconds: 86_400, ignore: [], disabledRules: [] })).findings;
}

const ruleIds = (findings: Finding[]) => findings.map((f) => f.ruleId).sort();

describe.each(cases)('fixtures/fix/$rule/$name', ({ rule, name, dir }) => {
  const suggestion = name.startsWith('suggested-');
  const before = readdirSync(dir).find((f) => f.startsWith('before.'))!;
  const after = readdirSync(dir).find((f) => f.startsWith('after.'))!;
  const ext = path.extname(before);

  it('has a before and an after file of the same language', () => {
    expect(before).toBeDefined();
    expect(path.extname(after)).toBe(ext);
  });

  it(`turns before${ext} into after${ext}; the ${rule} finding is gone and nothing new is found`, async () => {
    const root = makeTempProject({});
    roots.push(root);
    const target = path.join(root, `service${ext}`);
    cpSync(path.join(dir, before), target);
    const found = await scanOne(root);
    expect(found.filter((f) => f.ruleId === rule).length, 'the rule reports the before file').toBeGreaterThan(0);

    if (suggestion) {
      // Without --apply-suggestions a suggestion is printed and nothing is written.
      const io = fakeIo(root);
      await runCli(['node', 'jwtlint', 'fix', '--allow-dirty', '--no-config'], io);
      expect(io.out).toMatch(new RegExp(`service\\${ext}:\\d+:\\d+  ${rule}  suggested, not applied `));
      expect(readFileSync(target, 'utf8')).toBe(readFileSync(path.join(dir, before), 'utf8'));
    }
    const io = fakeIo(root);
    const code = await runCli(['node', 'jwtlint', 'fix', '--allow-dirty', '--no-config', ...(suggestion ? ['--apply-suggestions'] : [])], io);
    expect(io.err).not.toMatch(/internal error/);
    expect(io.out).toMatch(new RegExp(`service\\${ext}:\\d+:\\d+  ${rule}  ${suggestion ? 'suggestion applied' : 'fixed'}: `));
    expect(readFileSync(target, 'utf8')).toBe(readFileSync(path.join(dir, after), 'utf8'));

    const rest = await scanOne(root);
    expect(rest.filter((f) => f.ruleId === rule)).toEqual([]);
    expect(ruleIds(rest)).toEqual(ruleIds(found.filter((f) => f.ruleId !== rule)));
    expect(code).toBe(rest.length === 0 ? 0 : 1);
  });
});

import { afterAll, describe, expect, it, vi } from 'vitest';
import { useColor } from '../../src/cli/color.js';
import type { CliIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/program.js';
import { runScan } from '../../src/engine/run.js';
import { sampleResult } from '../report/sample-result.js';
import { makeTempProject, removeTempProject } from './helpers/temp-project.js';

vi.mock('../../src/engine/run.js', () => ({ runScan: vi.fn() }));
// Never reset or clear this mock between tests: vitest 4 then reports the rejection that
// the CLI caught as a test error (vitest-dev/vitest#10845). Tests look at the last call.
const scan = vi.mocked(runScan);

const root = makeTempProject({
  'src/app.js': '',
  'jwtlint.yaml': 'ignore: [test/]\nrules:\n  no-expiry: off\n  weak-secret: on\n',
  '.jwtlintrc.yaml': 'testPaths: [e2e/]\nunits:\n  src: app\nrules:\n  weak-secret: medium\n  expiry-not-enforced: { options: { maxClockTolerance: 60 } }\n',
});
afterAll(() => removeTempProject(root));

function fakeIo(): CliIo & { out: string; err: string } {
  const io = {
    cwd: root,
    env: {},
    out: '',
    err: '',
    stdout: { write: (text: string) => (io.out += text), isTTY: false },
    stderr: { write: (text: string) => (io.err += text), isTTY: false },
  };
  return io;
}

const argv = (...args: string[]) => ['node', 'jwtlint', ...args];


describe('runCli scan', () => {
  it('passes the scan options, defaults and configuration to runScan', async () => {
    scan.mockResolvedValue(sampleResult({ findings: [] }));
    const io = fakeIo();
    expect(await runCli(argv('scan', '--config', 'jwtlint.yaml'), io)).toBe(0);
    expect(scan).toHaveBeenLastCalledWith({
      cwd: root,
      paths: ['.'],
      maxExpirySeconds: 86_400,
      ignore: ['test/'],
      disabledRules: ['no-expiry'],
    });
    expect(io.err).toBe('');
  });

  it('discovers .jwtlintrc.yaml in the scan root and passes its settings on', async () => {
    scan.mockResolvedValue(sampleResult({ findings: [] }));
    expect(await runCli(argv('scan'), fakeIo())).toBe(0);
    expect(scan).toHaveBeenLastCalledWith({
      cwd: root,
      paths: ['.'],
      maxExpirySeconds: 86_400,
      ignore: [],
      disabledRules: [],
      maxClockToleranceSeconds: 60,
      severityOverrides: { 'weak-secret': 'medium' },
      testPaths: ['e2e/'],
      units: { src: 'app' },
    });
    await runCli(argv('scan', '--no-config'), fakeIo());
    expect(scan).toHaveBeenLastCalledWith({ cwd: root, paths: ['.'], maxExpirySeconds: 86_400, ignore: [], disabledRules: [] });
  });

  it('passes --max-expiry in seconds and the named paths', async () => {
    scan.mockResolvedValue(sampleResult({ findings: [] }));
    await runCli(argv('scan', 'src', 'src/app.js', '--max-expiry', '90m'), fakeIo());
    expect(scan).toHaveBeenLastCalledWith(expect.objectContaining({ paths: ['src', 'src/app.js'], maxExpirySeconds: 5400 }));
  });

  it('passes --file-timeout as a per-file budget in milliseconds, and refuses a bad one', async () => {
    scan.mockResolvedValue(sampleResult({ findings: [] }));
    await runCli(argv('scan', '--file-timeout', '2m'), fakeIo());
    expect(scan).toHaveBeenLastCalledWith(expect.objectContaining({ fileTimeBudgetMs: 120_000 }));
    const callsBefore = scan.mock.calls.length;
    const io = fakeIo();
    expect(await runCli(argv('scan', '--file-timeout', 'soon'), io)).toBe(2);
    expect(io.err).toContain('--file-timeout must be a positive duration');
    expect(scan.mock.calls.length).toBe(callsBefore);
  });

  it('passes --max-file-size in bytes, and refuses a bad one', async () => {
    scan.mockResolvedValue(sampleResult({ findings: [] }));
    await runCli(argv('scan', '--max-file-size', '8MB'), fakeIo());
    expect(scan).toHaveBeenLastCalledWith(expect.objectContaining({ maxFileBytes: 8 * 1024 * 1024 }));
    const io = fakeIo();
    expect(await runCli(argv('scan', '--max-file-size', 'huge'), io)).toBe(2);
    expect(io.err).toContain('--max-file-size must be a positive size');
  });

  it('exits 1 with --fail-on-incomplete when a file was left out, even with no findings', async () => {
    const unreadable = { kind: 'unreadable' as const, level: 'warning' as const, file: 'src/caf\ufffd.js', message: 'cannot read src/caf\ufffd.js: ENOENT' };
    scan.mockResolvedValue(sampleResult({ findings: [], notifications: [unreadable] }));
    expect(await runCli(argv('scan'), fakeIo())).toBe(0);
    const io = fakeIo();
    expect(await runCli(argv('scan', '--fail-on-incomplete'), io)).toBe(1);
    expect(io.err).toContain('--fail-on-incomplete: 1 file was left out');
    expect(io.out).toContain('(5 files scanned, 1 left out: see the warnings)');
    // Deliberate skips (a minified bundle, recovered syntax errors) do not count.
    const notes = [
      { kind: 'skipped' as const, level: 'note' as const, file: 'vendor.js', message: 'vendor.js looks like a minified bundle; skipped' },
      { kind: 'unparsable' as const, level: 'note' as const, file: 'src/a.ts', message: 'src/a.ts has 1 syntax error' },
    ];
    scan.mockResolvedValue(sampleResult({ findings: [], notifications: notes }));
    expect(await runCli(argv('scan', '--fail-on-incomplete'), fakeIo())).toBe(0);
  });

  it('does not scan when the command line is wrong', async () => {
    const callsBefore = scan.mock.calls.length;
    expect(await runCli(argv('scan', '--fail-on', 'severe'), fakeIo())).toBe(2);
    expect(scan.mock.calls.length).toBe(callsBefore);
  });

  it('exits 3 and still prints the partial report when the run had an internal error', async () => {
    scan.mockResolvedValue(
      sampleResult({
        internalError: true,
        notifications: [{ kind: 'rule-error', level: 'error', message: 'rule no-expiry failed on src/auth.js: boom', ruleId: 'no-expiry' }],
      }),
    );
    const io = fakeIo();
    expect(await runCli(argv('scan', '--format', 'json'), io)).toBe(3);
    expect(JSON.parse(io.out).findings).toHaveLength(4);
    expect(io.err).toBe('jwtlint: internal error: rule no-expiry failed on src/auth.js: boom\n');
  });

  it('exits 3 with the error on stderr when the scan throws', async () => {
    scan.mockImplementation(async () => {
      throw new Error('resolver exploded');
    });
    const io = fakeIo();
    expect(await runCli(argv('scan'), io)).toBe(3);
    expect(io.out).toBe('');
    expect(io.err).toMatch(/^jwtlint: internal error: Error: resolver exploded/);
  });
});

describe('useColor', () => {
  const tty = { write: () => true, isTTY: true };
  const pipe = { write: () => true, isTTY: false };

  it('colours a terminal and not a pipe', () => {
    expect(useColor(true, {}, tty)).toBe(true);
    expect(useColor(true, {}, pipe)).toBe(false);
  });

  it('lets --no-color and NO_COLOR win, FORCE_COLOR force, and TERM=dumb refuse', () => {
    expect(useColor(false, { FORCE_COLOR: '1' }, tty)).toBe(false);
    expect(useColor(true, { NO_COLOR: '1', FORCE_COLOR: '1' }, tty)).toBe(false);
    expect(useColor(true, { NO_COLOR: '' }, tty)).toBe(true);
    expect(useColor(true, { FORCE_COLOR: '1' }, pipe)).toBe(true);
    expect(useColor(true, { FORCE_COLOR: '0' }, tty)).toBe(false);
    expect(useColor(true, { TERM: 'dumb' }, tty)).toBe(false);
  });
});

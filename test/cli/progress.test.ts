import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CliIo } from '../../src/cli/io.js';
import { createProgress, REDRAW_EVERY_MS, SHOW_AFTER_MS, type ProgressOptions } from '../../src/cli/progress.js';
import { runCli } from '../../src/cli/program.js';
import { runScan } from '../../src/engine/run.js';
import { sampleResult } from '../report/sample-result.js';
import { assertBuilt, jwtlint, PROJECT_ROOT } from './helpers/run-jwtlint.js';

// Only runCli's scans are mocked; the child process below runs the real engine.
vi.mock('../../src/engine/run.js', () => ({ runScan: vi.fn() }));
const scan = vi.mocked(runScan);

const CLEAR = '\r\x1b[2K';

function fakeStream(isTTY = true, columns = 80) {
  const stream = { isTTY, columns, text: '', write: (text: string) => (stream.text += text) };
  return stream;
}

function fakeClock() {
  const clock = { time: 1_000, now: () => clock.time };
  return clock;
}

function make(options: Partial<ProgressOptions> = {}) {
  const stream = fakeStream();
  const clock = fakeClock();
  const progress = createProgress({ stream, env: {}, enabled: true, now: clock.now, ...options });
  return { stream, clock, progress };
}

describe('createProgress', () => {
  it('is silent when the stream is not a terminal', () => {
    expect(make({ stream: fakeStream(false) }).progress).toBeNull();
    expect(make({ stream: { write: () => undefined } }).progress).toBeNull();
  });

  it.each([{ CI: 'true' }, { CI: '1' }, { GITHUB_ACTIONS: 'true' }, { GITLAB_CI: 'true' }, { BUILDKITE: 'true' }, { TF_BUILD: 'True' }, { JENKINS_URL: 'https://ci.example/' }])(
    'is silent in CI: %o',
    (env) => {
      expect(make({ env }).progress).toBeNull();
    },
  );

  it.each([{ CI: '' }, { CI: 'false' }, { CI: 'FALSE' }, { CI: '0' }])('is not fooled by %o', (env) => {
    expect(make({ env }).progress).not.toBeNull();
  });

  it('is silent for --quiet and --no-progress (enabled: false) and on a dumb terminal', () => {
    expect(make({ enabled: false }).progress).toBeNull();
    expect(make({ env: { TERM: 'dumb' } }).progress).toBeNull();
  });

  it(`draws nothing during the first ${SHOW_AFTER_MS} ms, so short scans never flicker`, () => {
    const { stream, clock, progress } = make();
    progress!.onProgress({ phase: 'read', done: 0, total: 10 });
    clock.time += SHOW_AFTER_MS - 1;
    progress!.onProgress({ phase: 'read', done: 10, total: 10 });
    progress!.onProgress({ phase: 'analyse', done: 2, total: 2 });
    progress!.done();
    expect(stream.text).toBe('');
  });

  it('draws after the delay, with thousands separators, rewriting one line', () => {
    const { stream, clock, progress } = make();
    clock.time += SHOW_AFTER_MS;
    progress!.onProgress({ phase: 'read', done: 4_096, total: 10_413 });
    expect(stream.text).toBe(`${CLEAR}jwtlint: reading 4,096/10,413 files`);
    expect(stream.text).not.toContain('\n');
  });

  it(`redraws at most once every ${REDRAW_EVERY_MS} ms, but at once for a new phase`, () => {
    const { stream, clock, progress } = make();
    clock.time += SHOW_AFTER_MS;
    progress!.onProgress({ phase: 'read', done: 0, total: 1_000 });
    clock.time += REDRAW_EVERY_MS - 1;
    progress!.onProgress({ phase: 'read', done: 256, total: 1_000 });
    clock.time += 1;
    progress!.onProgress({ phase: 'read', done: 512, total: 1_000 });
    progress!.onProgress({ phase: 'read', done: 768, total: 1_000 });
    progress!.onProgress({ phase: 'analyse', done: 12, total: 92 });
    expect(stream.text.split(CLEAR).slice(1)).toEqual([
      'jwtlint: reading 0/1,000 files',
      'jwtlint: reading 512/1,000 files',
      'jwtlint: analysing 12/92 files',
    ]);
  });

  it('keeps the line narrower than the terminal', () => {
    const stream = fakeStream(true, 20);
    const { clock, progress } = make({ stream });
    clock.time += SHOW_AFTER_MS;
    progress!.onProgress({ phase: 'analyse', done: 1_234, total: 5_678 });
    expect(stream.text).toBe(`${CLEAR}jwtlint: analysing `);
  });

  it('clears the line on done(), once', () => {
    const { stream, clock, progress } = make();
    clock.time += SHOW_AFTER_MS;
    progress!.onProgress({ phase: 'read', done: 1, total: 2 });
    stream.text = '';
    progress!.done();
    progress!.done();
    expect(stream.text).toBe(CLEAR);
  });

  it('writes nothing on done() when nothing was drawn', () => {
    const { stream, progress } = make();
    progress!.done();
    expect(stream.text).toBe('');
  });

  it('never throws when the stream does', () => {
    let writes = 0;
    const stream = {
      isTTY: true,
      write: () => {
        writes++;
        throw new Error('EPIPE');
      },
    };
    const { clock, progress } = make({ stream });
    clock.time += SHOW_AFTER_MS;
    expect(() => progress!.onProgress({ phase: 'read', done: 1, total: 2 })).not.toThrow();
    clock.time += REDRAW_EVERY_MS;
    expect(() => progress!.onProgress({ phase: 'read', done: 2, total: 2 })).not.toThrow();
    expect(() => progress!.done()).not.toThrow();
    expect(writes).toBe(1);
  });
});

describe('jwtlint scan on a terminal', () => {
  afterEach(() => vi.useRealTimers());

  // The CLI uses the real clock: fake performance.now and let the mocked scan take 600 ms.
  function slowScan() {
    vi.useFakeTimers({ toFake: ['performance'] });
    scan.mockImplementation(async (options) => {
      options.onProgress?.({ phase: 'read', done: 0, total: 3 });
      vi.advanceTimersByTime(SHOW_AFTER_MS + 100);
      options.onProgress?.({ phase: 'read', done: 3, total: 3 });
      return sampleResult({ findings: [] });
    });
  }

  function terminalIo(env: CliIo['env'] = {}) {
    const log: string[] = [];
    const io = {
      cwd: PROJECT_ROOT,
      env,
      stdout: { isTTY: true, write: (text: string) => log.push(`out:${text}`) },
      stderr: { isTTY: true, write: (text: string) => log.push(`err:${text}`) },
    };
    return { io, log };
  }

  it('shows progress on stderr and clears it before the report', async () => {
    slowScan();
    const { io, log } = terminalIo();
    await runCli(['node', 'jwtlint', 'scan', '--format', 'json'], io);
    expect(log.slice(0, 2)).toEqual([`err:${CLEAR}jwtlint: reading 3/3 files`, `err:${CLEAR}`]);
    expect(log.slice(2).every((entry) => entry.startsWith('out:') && !entry.includes('jwtlint: reading'))).toBe(true);
  });

  it.each([[['--no-progress']], [['--quiet']]])('shows none with %s', async (flags) => {
    slowScan();
    const { io, log } = terminalIo();
    await runCli(['node', 'jwtlint', 'scan', ...flags], io);
    expect(log.filter((entry) => entry.startsWith('err:'))).toEqual([]);
  });

  it('shows none in CI', async () => {
    slowScan();
    const { io, log } = terminalIo({ CI: 'true' });
    await runCli(['node', 'jwtlint', 'scan', '--format', 'json'], io);
    expect(log.filter((entry) => entry.startsWith('err:'))).toEqual([]);
  });
});

describe('node bin/jwtlint.js scan with stderr piped', () => {
  beforeAll(() => assertBuilt());

  it('writes no progress', () => {
    const run = jwtlint(['scan', 'fixtures/examples/express-api', '--format', 'json']);
    expect(run.status).not.toBeNull();
    expect(() => JSON.parse(run.stdout)).not.toThrow();
    expect(run.stderr).not.toContain('\r');
    expect(run.stderr).not.toContain('\x1b[');
    expect(run.stderr).not.toMatch(/reading|analysing/);
  });
});

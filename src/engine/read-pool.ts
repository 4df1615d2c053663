// Reading the candidate files on every core. The files are cut into chunks; worker threads
// (read-worker.ts) take chunks one at a time, and so does the main thread whenever it has
// nothing better to do. Its better work is `onIdle`: parsing the JS/TS files that already
// passed the prefilter, so parsing overlaps with reading. The result is in file order,
// whoever read what: the scan's output does not depend on scheduling.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { DiscoveredFile } from '../discover/discover.js';
import { loadAndJudge, type LoadedFile, type LoadRules } from './load-file.js';
import type { Notification } from './types.js';

export interface ChunkRequest {
  start: number;
  files: DiscoveredFile[];
  rules: LoadRules;
}

export interface ChunkReply {
  start: number;
  loaded: (Omit<LoadedFile, 'file'> | null)[];
  notifications: Notification[];
}

/** Files per chunk: large enough that messages cost little, small enough to balance. */
const CHUNK_FILES = 128;
/** Below this many files a worker costs more to start (~40 ms) than it saves. */
export const MIN_FILES_FOR_WORKERS = 1000;

/**
 * `--workers auto`: one worker per core beyond the main thread's, at most 3. Not the default:
 * on the 2-vCPU machine this was built on, two threads get no more CPU than one (two
 * parallel parses of the same file take twice as long) and two threads reading 10,000 small
 * files take 340 ms where one takes 220 ms, so workers only add their start-up there.
 * `npm run bench` shows both on any machine.
 */
export function autoReadWorkers(): number {
  return Math.max(0, Math.min(availableParallelism() - 1, 3));
}

export interface ReadOptions {
  /** Worker threads to use at most (0: the main thread reads everything). */
  workers: number;
  rules: LoadRules;
  /** Called on the main thread as each file arrives, in arrival order. */
  onLoaded?: (file: LoadedFile) => void;
  /** One unit of main-thread work to do between chunks; false when there is none. */
  onIdle?: () => boolean;
  onProgress?: (done: number, total: number) => void;
}

export interface ReadResult {
  loaded: LoadedFile[];
  /** Worker threads that took part. */
  workers: number;
}

/** The worker's script next to this module: the bundle's `.mjs`, or tsc's `.js`; null when running from source. */
function workerScript(): URL | null {
  for (const name of ['./read-worker.mjs', './read-worker.js']) {
    const url = new URL(name, import.meta.url);
    if (existsSync(fileURLToPath(url))) return url;
  }
  return null;
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export async function readFiles(files: DiscoveredFile[], notifications: Notification[], options: ReadOptions): Promise<ReadResult> {
  const slots: (LoadedFile | null)[] = new Array<LoadedFile | null>(files.length).fill(null);
  let done = 0;
  const accept = (start: number, loaded: (Omit<LoadedFile, 'file'> | null)[]) => {
    loaded.forEach((one, i) => {
      if (!one) return;
      const file: LoadedFile = { file: files[start + i]!, ...one };
      slots[start + i] = file;
      options.onLoaded?.(file);
    });
    done += loaded.length;
    options.onProgress?.(done, files.length);
  };

  const chunkCount = Math.ceil(files.length / CHUNK_FILES);
  let nextChunk = 0;
  /** Chunks a failed worker did not finish: the main thread reads them. */
  const returned: number[] = [];
  let outstanding = 0;
  let wake: (() => void) | null = null;
  const signal = () => {
    const resolve = wake;
    wake = null;
    resolve?.();
  };

  const script = options.workers > 0 && files.length >= MIN_FILES_FOR_WORKERS ? workerScript() : null;
  const workers: Worker[] = [];
  for (let w = 0; script && w < Math.min(options.workers, chunkCount - 1); w++) {
    let worker: Worker;
    try {
      worker = new Worker(script);
    } catch {
      break; // no threads here: the main thread reads everything
    }
    let current = -1;
    const give = () => {
      if (nextChunk >= chunkCount) {
        current = -1;
        return;
      }
      current = nextChunk++;
      outstanding++;
      const start = current * CHUNK_FILES;
      const request: ChunkRequest = { start, files: files.slice(start, start + CHUNK_FILES), rules: options.rules };
      worker.postMessage(request);
    };
    worker.on('message', (reply: ChunkReply) => {
      outstanding--;
      current = -1;
      notifications.push(...reply.notifications);
      accept(reply.start, reply.loaded);
      give();
      signal();
    });
    // A worker that fails or stops with a chunk in hand gives the chunk back to the main thread.
    const giveBack = () => {
      if (current >= 0) {
        returned.push(current);
        outstanding--;
        current = -1;
      }
      signal();
    };
    worker.on('error', giveBack);
    worker.on('exit', giveBack);
    give();
    workers.push(worker);
  }

  try {
    for (;;) {
      if (options.onIdle?.()) {
        await nextTurn(); // let the workers' replies in
        continue;
      }
      const chunk = returned.pop() ?? (nextChunk < chunkCount ? nextChunk++ : undefined);
      if (chunk !== undefined) {
        const start = chunk * CHUNK_FILES;
        accept(
          start,
          files.slice(start, start + CHUNK_FILES).map((file) => loadAndJudge(file, notifications, options.rules)),
        );
        await nextTurn();
        continue;
      }
      if (outstanding === 0) break;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  return { loaded: slots.filter((slot): slot is LoadedFile => slot !== null), workers: workers.length };
}

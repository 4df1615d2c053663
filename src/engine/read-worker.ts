// Entry point of a read worker (see read-pool.ts): reads the chunks of files it is sent and
// answers with their texts, the pre-parse decisions and the notifications, in file order.
import { parentPort } from 'node:worker_threads';
import { loadAndJudge } from './load-file.js';
import type { ChunkReply, ChunkRequest } from './read-pool.js';
import type { Notification } from './types.js';

parentPort?.on('message', (request: ChunkRequest) => {
  const notifications: Notification[] = [];
  const loaded = request.files.map((file) => {
    const one = loadAndJudge(file, notifications, request.rules);
    return one ? { text: one.text, ...(one.js && { js: one.js }) } : null;
  });
  const reply: ChunkReply = { start: request.start, loaded, notifications };
  parentPort!.postMessage(reply);
});

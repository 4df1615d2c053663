// A `--require` preload for the CLI child process: records every child process, network,
// DNS and file-system write call, and the built-in modules loaded, into a JSON file at exit.
import { writeFileSync } from 'node:fs';
import path from 'node:path';

export interface ProbeReport {
  events: { kind: string; detail: string }[];
  modules: string[];
}

const PROBE = String.raw`
'use strict';
const fs = require('fs');
const out = process.env.JWTLINT_PROBE_OUT;
const originalWrite = fs.writeFileSync;
const events = [];
const record = (kind, detail) => { events.push({ kind, detail: String(detail).slice(0, 300) }); };
const wrap = (object, name, label) => {
  const original = object && object[name];
  if (typeof original !== 'function') return;
  object[name] = function (...args) { record(label + name, args[0] && typeof args[0] === 'object' ? JSON.stringify(args[0]) : args[0]); return original.apply(this, args); };
};
const cp = require('child_process');
for (const name of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']) wrap(cp, name, 'child_process.');
const net = require('net');
wrap(net.Socket.prototype, 'connect', 'net.Socket.');
wrap(net, 'connect', 'net.');
wrap(net, 'createConnection', 'net.');
const dgram = require('dgram');
wrap(dgram.Socket.prototype, 'send', 'dgram.');
wrap(dgram.Socket.prototype, 'bind', 'dgram.');
// dns is not required here: the report's module list shows whether anything loaded it.
if (typeof globalThis.fetch === 'function') wrap(globalThis, 'fetch', 'global.');
const writes = ['writeFile', 'writeFileSync', 'appendFile', 'appendFileSync', 'mkdir', 'mkdirSync', 'mkdtemp', 'mkdtempSync', 'rename', 'renameSync',
  'unlink', 'unlinkSync', 'rm', 'rmSync', 'rmdir', 'rmdirSync', 'symlink', 'symlinkSync', 'link', 'linkSync', 'chmod', 'chmodSync', 'chown',
  'chownSync', 'lchown', 'lchownSync', 'utimes', 'utimesSync', 'lutimes', 'lutimesSync', 'copyFile', 'copyFileSync', 'cp', 'cpSync', 'truncate',
  'truncateSync', 'createWriteStream'];
for (const name of writes) wrap(fs, name, 'fs.');
for (const name of writes) wrap(fs.promises, name, 'fs.promises.');
const writing = (flags) => flags !== undefined && flags !== 'r' && flags !== 'rs' && flags !== 'sr' && flags !== 0 && !(typeof flags === 'number' && (flags & 3) === 0);
for (const [object, name, label] of [[fs, 'open', 'fs.'], [fs, 'openSync', 'fs.'], [fs.promises, 'open', 'fs.promises.']]) {
  const original = object[name];
  object[name] = function (file, flags, ...rest) { if (writing(flags)) record(label + name, file); return original.call(this, file, flags, ...rest); };
}
require('module').syncBuiltinESMExports();
process.on('exit', () => {
  const modules = process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice('NativeModule '.length));
  originalWrite(out, JSON.stringify({ events, modules }));
});
`;

/** Writes the preload script into `dir` (outside the scanned tree) and returns its path. */
export function writeProbe(dir: string): string {
  const file = path.join(dir, 'probe.cjs');
  writeFileSync(file, PROBE);
  return file;
}

/** Built-in modules that only a network client would load (net and dgram come with child_process, and the probe patches them). */
export const NETWORK_MODULES = ['http', 'https', 'http2', 'tls', 'dns', 'dns/promises', '_http_client', '_http_agent', 'internal/deps/undici/undici'];

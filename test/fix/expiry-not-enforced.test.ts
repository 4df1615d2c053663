import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/program.js';
import { makeTempProject, removeTempProject } from '../cli/helpers/temp-project.js';

// How the expiry-not-enforced fixer removes a switch, shape by shape: the list keeps its style
// (inline or one per line, trailing comma or not), and nothing but the switch goes.
const roots: string[] = [];
afterAll(() => roots.forEach(removeTempProject));

async function fixed(source: string): Promise<{ text: string; out: string }> {
  const root = makeTempProject({ 'verify.js': source });
  roots.push(root);
  const io = { cwd: root, env: {}, out: '', err: '', stdout: { write: (t: string) => (io.out += t) }, stderr: { write: (t: string) => (io.err += t) } } as CliIo & { out: string; err: string };
  await runCli(['node', 'jwtlint', 'fix', '--allow-dirty', '--no-config', '--rule', 'expiry-not-enforced'], io);
  return { text: readFileSync(path.join(root, 'verify.js'), 'utf8'), out: io.out };
}

const HEAD = "const jwt = require('jsonwebtoken');\n";
const call = (options: string) => `${HEAD}exports.v = (t, k) => jwt.verify(t, k, ${options});\n`;

describe('expiry-not-enforced fixer', () => {
  it.each([
    ["{ algorithms: ['RS256'], audience: 'a', issuer: 'i', ignoreExpiration: true }", "{ algorithms: ['RS256'], audience: 'a', issuer: 'i' }"],
    ["{ ignoreExpiration: true, algorithms: ['RS256'], audience: 'a', issuer: 'i' }", "{ algorithms: ['RS256'], audience: 'a', issuer: 'i' }"],
    ["{ algorithms: ['RS256'], ignoreExpiration: true, audience: 'a', issuer: 'i' }", "{ algorithms: ['RS256'], audience: 'a', issuer: 'i' }"],
    ["{ algorithms: ['RS256'], audience: 'a', issuer: 'i', 'ignoreExpiration': true }", "{ algorithms: ['RS256'], audience: 'a', issuer: 'i' }"],
  ])('inline: %s', async (before, after) => {
    expect((await fixed(call(before))).text).toBe(call(after));
  });

  it('one per line, last without a trailing comma: the comma before it goes too', async () => {
    const before = call("{\n  algorithms: ['RS256'],\n  audience: 'a',\n  issuer: 'i',\n  ignoreExpiration: true\n}");
    expect((await fixed(before)).text).toBe(call("{\n  algorithms: ['RS256'],\n  audience: 'a',\n  issuer: 'i'\n}"));
  });

  it('one per line: a comment on the line goes with the switch, a comment above stays', async () => {
    const before = call("{\n  algorithms: ['RS256'],\n  // legacy clients\n  ignoreExpiration: true, // never refresh\n  audience: 'a',\n  issuer: 'i',\n}");
    expect((await fixed(before)).text).toBe(call("{\n  algorithms: ['RS256'],\n  // legacy clients\n  audience: 'a',\n  issuer: 'i',\n}"));
  });

  it('leaves `ignoreExpiration: false` and a clock tolerance alone, saying why for the tolerance', async () => {
    const source = call("{ algorithms: ['RS256'], audience: 'a', issuer: 'i', ignoreExpiration: false, clockTolerance: 86400 }");
    const run = await fixed(source);
    expect(run.text).toBe(source);
    expect(run.out).toMatch(/expiry-not-enforced {2}skipped: how much clock skew the service needs is a judgement call/);
  });
});

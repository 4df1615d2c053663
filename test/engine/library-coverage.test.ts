// Issue #15 item 5: every scan says which JWT packages the scanned files import that jwtlint
// does not model (a notification per package, with the number of files), and the JSON and
// SARIF reports carry the modelled and unmodelled packages it saw.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mayMatter } from '../../src/engine/prefilter.js';
import { runScan } from '../../src/engine/run.js';
import type { RunResult } from '../../src/engine/types.js';
import { JWT_PACKAGES, LibraryCoverageCollector, MODELLED_PACKAGES, packageOf, UNMODELLED_PACKAGES } from '../../src/facts/jwt-packages.js';
import { buildJsonReport } from '../../src/report/json.js';
import { buildSarifLog } from '../../src/report/sarif.js';
import { leftOutFiles, summaryWithFiles } from '../../src/report/summary.js';
import { expectValidSarif } from '../report/sarif-schema.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'jwtlint-coverage-'));
  dirs.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

async function scan(root: string, prefilter = true): Promise<RunResult> {
  return runScan({ cwd: root, paths: [root], maxExpirySeconds: 86_400, ignore: [], disabledRules: [], prefilter });
}

const FILES = {
  'src/sign.js': "const nJwt = require('njwt');\nmodule.exports = (claims) => nJwt.create(claims, process.env.KEY).compact();\n",
  'src/verify.ts': "import nJwt from 'njwt';\nexport const verify = (token: string) => nJwt.verify(token, process.env.KEY);\n",
  'src/lazy.mjs': "export async function load() { const { verify } = await import('njwt'); return verify; }\n",
  'src/legacy.js': "const jsonwebtoken = require('jsonwebtoken');\nmodule.exports = (t) => jsonwebtoken.verify(t, process.env.KEY, { algorithms: ['RS256'], audience: 'a', issuer: 'i' });\n",
  'src/fallback.ts': "import { V4 } from 'paseto';\nexport const check = (t: string, key: string) => V4.verify(t, key);\n",
  'src/plain.ts': "import express from 'express';\nexport const app = express();\n",
};

describe('library coverage', () => {
  it('names each unmodelled JWT package with the number of files importing it', async () => {
    const result = await scan(project(FILES));
    const notes = result.notifications.filter((n) => n.kind === 'unmodelled-library');
    expect(notes).toEqual([
      { kind: 'unmodelled-library', level: 'warning', file: 'src/fallback.ts', message: '1 file imports paseto, which jwtlint does not model: its calls are not checked' },
      { kind: 'unmodelled-library', level: 'warning', file: 'src/lazy.mjs', message: '3 files import njwt, which jwtlint does not model: its calls are not checked' },
    ]);
    expect(result.libraries).toEqual({
      modelled: ['jsonwebtoken'],
      unmodelled: [
        { name: 'njwt', files: ['src/lazy.mjs', 'src/sign.js', 'src/verify.ts'] },
        { name: 'paseto', files: ['src/fallback.ts'] },
      ],
    });
    // A coverage gap, not a file left out: the summary line and --fail-on-incomplete ignore it.
    expect(leftOutFiles(result)).toEqual([]);
    expect(summaryWithFiles(result)).not.toContain('left out');
  });

  it('gives the same coverage with the prefilter off', async () => {
    const root = project(FILES);
    const on = await scan(root);
    const off = await scan(root, false);
    expect(off.libraries).toEqual(on.libraries);
    expect(off.notifications.filter((n) => n.kind === 'unmodelled-library')).toEqual(on.notifications.filter((n) => n.kind === 'unmodelled-library'));
  });

  it('says nothing about a modelled package or a package no file imports', async () => {
    const result = await scan(project({ 'a.js': FILES['src/legacy.js'], 'b.ts': FILES['src/plain.ts'], 'c.js': "// uses njwt? no: 'njwt-ish' and \"paseto-x\"\nconst s = 'njwt';\n" }));
    expect(result.notifications.filter((n) => n.kind === 'unmodelled-library')).toEqual([]);
    expect(result.libraries).toEqual({ modelled: ['jsonwebtoken'], unmodelled: [] });
  });

  it('carries the lists in the JSON report and the SARIF run, and the notifications in toolExecutionNotifications', async () => {
    const result = await scan(project(FILES));
    const json = buildJsonReport(result);
    expect(json.libraries).toEqual(result.libraries);
    expect(json.notifications.filter((n) => n.kind === 'unmodelled-library').map((n) => n.message)).toHaveLength(2);
    const log = buildSarifLog(result);
    expectValidSarif(log);
    const run = log.runs[0];
    expect(run.properties?.libraries).toEqual(result.libraries);
    const notes = run.invocations[0].toolExecutionNotifications.filter((n) => n.descriptor.id === 'unmodelled-library');
    expect(notes.map((n) => [n.level, n.message.text])).toEqual([
      ['warning', '1 file imports paseto, which jwtlint does not model: its calls are not checked'],
      ['warning', '3 files import njwt, which jwtlint does not model: its calls are not checked'],
    ]);
    const descriptor = run.tool.driver.notifications.find((d) => d.id === 'unmodelled-library');
    expect(descriptor?.shortDescription.text).toMatch(/does not model/);
  });

  it('places the notification at the first importing file in the --changed-since scope', async () => {
    const root = project(FILES);
    const result = await runScan({ cwd: root, paths: [root], maxExpirySeconds: 86_400, ignore: [], disabledRules: [], onlyFiles: { ref: 'HEAD', files: ['src/verify.ts'] } });
    expect(result.notifications.filter((n) => n.kind === 'unmodelled-library')).toEqual([
      { kind: 'unmodelled-library', level: 'warning', file: 'src/verify.ts', message: '3 files import njwt, which jwtlint does not model: its calls are not checked' },
    ]);
  });
});

describe('the package list', () => {
  it('maps specifiers to packages', () => {
    expect(['fast-jwt', 'firebase-admin/auth', '@hapi/jwt', '@hapi/jwt/lib/x', './jws', '/abs', 'node:crypto', '@', '@scope', ''].map(packageOf)).toEqual([
      'fast-jwt', 'firebase-admin', '@hapi/jwt', '@hapi/jwt', null, null, null, null, null, null,
    ]);
  });

  it('has a reason per entry, no duplicates, and counts every adapter library as modelled', () => {
    const names = JWT_PACKAGES.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    for (const p of JWT_PACKAGES) expect(p.reason.length).toBeGreaterThan(10);
    for (const name of ['jsonwebtoken', 'jose', 'jwt-decode', 'jwt-simple', 'express-jwt', 'koa-jwt', 'passport-jwt', '@nestjs/jwt', '@fastify/jwt', 'hono', 'next-auth', '@auth/core', 'fast-jwt', 'jws']) expect(MODELLED_PACKAGES.has(name)).toBe(true);
    expect(MODELLED_PACKAGES.has('fastify')).toBe(false); // a host the fastify adapter follows, not a JWT package
    expect(UNMODELLED_PACKAGES.map((p) => p.name)).toContain('njwt');
    expect(UNMODELLED_PACKAGES.map((p) => p.name)).not.toContain('jwks-rsa'); // recognised as a key source
  });

  it('lists a recognised key source with the modelled packages', () => {
    const c = new LibraryCoverageCollector();
    c.add('a.js', ['jwks-rsa', 'jsonwebtoken', 'fastify', './x']);
    expect(c.result()).toEqual({ modelled: ['jsonwebtoken', 'jwks-rsa'], unmodelled: [] });
  });

  it('makes a file importing an unmodelled package a prefilter candidate, and only then', () => {
    for (const p of UNMODELLED_PACKAGES) {
      expect(mayMatter(`import x from '${p.name}';`, 'ts')).toBe(true);
      expect(mayMatter(`const x = require("${p.name}/sub/path");`, 'js')).toBe(true);
    }
    expect(mayMatter("import x from 'firebase-admin-tools'; const y = 'openid-clients';", 'ts')).toBe(false);
    expect(mayMatter('const word = firebase-admin;', 'ts')).toBe(false);
  });
});

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { runCli } from '../../src/cli/program.js';
import { PROJECT_ROOT } from './helpers/run-jwtlint.js';

const readme = readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
const packageJson = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8'));

describe('README.md', () => {
  it('has the rules table of the registry', () => {
    const table = readme.split('\n').filter((line) => /^\| `[a-z][a-z0-9-]*` \|/.test(line));
    const expected = rules.map((rule) => `| \`${rule.id}\` | ${rule.description.replaceAll('|', '\\|')} | ${rule.severity} |`);
    expect(table, `paste this table into README.md:\n${expected.join('\n')}`).toEqual(expected);
  });

  it("shows the two quick-start commands that match package.json's scripts", () => {
    expect(readme).toContain('npm ci && node bin/jwtlint.js scan fixtures/examples/express-api');
    expect(readme).toContain('npm ci && npm test');
    expect(packageJson.scripts.test).toBe('npm run build && vitest run');
    // No build on install: bin/jwtlint.js runs the committed bundle (CI checks it equals a fresh build).
    expect(packageJson.scripts.prepare).toBeUndefined();
  });

  it("has the options table of `jwtlint scan --help`: every option once, nothing else", async () => {
    let help = '';
    const io = { cwd: PROJECT_ROOT, env: {}, stdout: { write: (text: string) => (help += text) }, stderr: { write: () => true } };
    expect(await runCli(['node', 'jwtlint', 'scan', '--help'], io)).toBe(0);
    const cliFlags = [...help.matchAll(/^ {2}(?:-[a-zA-Z], )?(--[a-z][a-z-]*)/gm)].map((match) => match[1]!).filter((flag) => flag !== '--help');
    expect(cliFlags.length).toBeGreaterThan(15);
    const table = readme.slice(readme.indexOf('`scan` options:'), readme.indexOf('Exit codes:'));
    const readmeFlags = [...table.matchAll(/^\| `(?:-[a-zA-Z], )?(--[a-z][a-z-]*)/gm)].map((match) => match[1]!);
    expect(readmeFlags, 'README `scan` options table vs `jwtlint scan --help`').toEqual(cliFlags);
    // Removed options that are still accepted (and ignored) say so.
    expect(readme).toMatch(/`--workers` \(read worker threads, removed in 0\.2/);
    expect(readme).toContain('Node.js 20.19 or later');
  });
});

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
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
    expect(packageJson.scripts.prepare).toBe('npm run build');
  });

  it('documents every scan option the CLI accepts', () => {
    const flags = [
      '--format',
      '--output',
      '--fail-on',
      '--config',
      '--no-config',
      '--max-expiry',
      '--baseline',
      '--write-baseline',
      '--changed-since',
      '--sarif-category',
      '--show-suppressed',
      '--omit-suppressed',
      '--no-color',
      '--no-progress',
      '--no-prefilter',
      '--file-timeout',
      '--max-file-size',
      '--quiet',
    ];
    for (const flag of flags) {
      expect(readme, flag).toMatch(new RegExp(`\\| \`(-[a-z], )?${flag}[ \`]`));
    }
    // Removed options that are still accepted (and ignored) say so.
    expect(readme).toMatch(/`--workers` \(read worker threads, removed in 0\.2/);
    expect(readme).toContain('version: 20');
  });
});

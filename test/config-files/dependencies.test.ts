import { describe, expect, it } from 'vitest';
import { extractDependencyFacts } from '../../src/config-files/dependencies.js';
import { dependencyFileKind } from '../../src/config-files/dependency-files.js';
import { fileKindOf } from '../../src/discover/file-kind.js';
import { countStringWork } from '../helpers/count-work.js';

const read = (file: string, text: string) => {
  const kind = dependencyFileKind(file);
  if (!kind) throw new Error(`${file} is no dependency file`);
  return extractDependencyFacts(file, kind, text);
};
const uses = (file: string, text: string) => read(file, text).facts.dependencies.map((d) => `${d.loc.line}:${d.loc.column} ${d.name} ${d.spec} ${d.source}`);

describe('dependencyFileKind', () => {
  it.each([
    ['package.json', 'manifest'],
    ['apps/api/package.json', 'manifest'],
    ['package-lock.json', 'npm-lockfile'],
    ['npm-shrinkwrap.json', 'npm-lockfile'],
    ['yarn.lock', 'yarn-lockfile'],
    ['web/pnpm-lock.yaml', 'pnpm-lockfile'],
    ['my-package.json', null],
    ['bun.lockb', null],
    ['composer.lock', null],
  ])('%s is %s', (file, kind) => {
    expect(dependencyFileKind(file)).toBe(kind);
  });

  it('makes discovery keep yarn.lock, which has no config format', () => {
    expect(fileKindOf('web/yarn.lock')).toBe('lockfile');
    expect(fileKindOf('Cargo.lock')).toBe('other');
  });
});

describe('package.json', () => {
  it('records the listed JWT libraries of every dependency section at their value', () => {
    const text = JSON.stringify(
      {
        dependencies: { express: '^4.0.0', jsonwebtoken: '^8.5.1' },
        devDependencies: { 'jwt-simple': '0.2.0' },
        peerDependencies: { 'express-jwt': '^5 || ^6' },
        optionalDependencies: { hono: '4.11.3' },
        overrides: { jsonwebtoken: '^8.0.0' },
        resolutions: { 'next-auth': '4.0.0' },
      },
      null,
      2,
    );
    expect(uses('package.json', text)).toEqual([
      '4:21 jsonwebtoken ^8.5.1 manifest',
      '7:19 jwt-simple 0.2.0 manifest',
      '10:20 express-jwt ^5 || ^6 manifest',
      '13:13 hono 4.11.3 manifest',
    ]);
  });

  it('follows npm aliases to the package they install', () => {
    const text = '{"dependencies": {"jwt": "npm:jsonwebtoken@^8.5.1", "jsonwebtoken": "npm:@acme/jwt-fork@1.0.0", "@fastify/jwt": "^7.0.0"}}';
    expect(uses('package.json', text)).toEqual(['1:26 jsonwebtoken ^8.5.1 manifest']);
  });

  it('ignores look-alike names and non-dependency keys', () => {
    const text = '{"name": "jsonwebtoken", "version": "8.5.1", "dependencies": {"@types/jsonwebtoken": "^8", "jsonwebtoken-promisified": "1.0.0", "koa-jwt": "^3"}}';
    expect(uses('package.json', text)).toEqual([]);
  });

  it('skips files that mention no listed package without parsing them', () => {
    const result = read('package.json', '{ this is not json');
    expect(result.facts.dependencies).toEqual([]);
    expect(result.diagnostics).toEqual([]);
  });

  it('reads what it can of malformed JSON and says so once', () => {
    const result = read('package.json', '{"dependencies": {"jsonwebtoken": "^8.5.1",, "hono": ');
    expect(result.facts.dependencies.map((d) => d.name)).toEqual(['jsonwebtoken']);
    expect(result.diagnostics).toHaveLength(1);
    expect(result.diagnostics[0]).toMatch(/^package\.json:1:\d+: JSON: /);
  });

  it('refuses absurd nesting instead of recursing', () => {
    const text = `{"dependencies": {"jsonwebtoken": "8.5.1"}, "x": ${'['.repeat(10_000)}}`;
    const result = read('package.json', text);
    expect(result.facts.dependencies).toEqual([]);
    expect(result.diagnostics[0]).toMatch(/nests more than/);
  });

  it('marks test fixtures as test code', () => {
    expect(read('test/fixtures/app/package.json', '{}').facts.isTest).toBe(true);
    expect(read('apps/api/package.json', '{}').facts.isTest).toBe(false);
  });
});

describe('package-lock.json', () => {
  it('reads v2/v3 `packages` (nested installs and aliases) and not the legacy section', () => {
    const text = JSON.stringify(
      {
        lockfileVersion: 2,
        packages: {
          '': { dependencies: { jsonwebtoken: '^8.5.1' } },
          'node_modules/jsonwebtoken': { version: '8.5.1' },
          'node_modules/express-jwt/node_modules/jsonwebtoken': { version: '8.1.0' },
          'node_modules/jwt': { name: 'jsonwebtoken', version: '8.4.0' },
          'node_modules/@types/jsonwebtoken': { version: '8.5.9' },
          'packages/api': { dependencies: { hono: '^4.0.0' } },
          'node_modules/api': { resolved: 'packages/api', link: true },
        },
        dependencies: { jsonwebtoken: { version: '8.5.1' } },
      },
      null,
      2,
    );
    expect(uses('package-lock.json', text)).toEqual([
      '10:18 jsonwebtoken 8.5.1 lockfile',
      '13:18 jsonwebtoken 8.1.0 lockfile',
      '17:18 jsonwebtoken 8.4.0 lockfile',
    ]);
  });

  it('reads v1 `dependencies` recursively, aliases included', () => {
    const text = JSON.stringify(
      {
        lockfileVersion: 1,
        dependencies: {
          'express-jwt': { version: '5.3.3', dependencies: { jsonwebtoken: { version: '8.1.0' } } },
          jwt: { version: 'npm:jwt-simple@0.5.1' },
          'jwt-simple': { version: 'github:hokaccha/node-jwt-simple#abc' },
        },
      },
      null,
      2,
    );
    expect(uses('package-lock.json', text)).toEqual([
      '5:18 express-jwt 5.3.3 lockfile',
      '8:22 jsonwebtoken 8.1.0 lockfile',
      '13:18 jwt-simple 0.5.1 lockfile',
      '16:18 jwt-simple github:hokaccha/node-jwt-simple#abc lockfile',
    ]);
  });

  it('reads a large lockfile with string work linear in its length', () => {
    // Counted: the string work (characters read through string methods, see countStringWork)
    // at 5,000 and at 20,000 packages: about 5 per character today (the event visitor's
    // scanner, each package's key and version). The bound is 8 per character, and four
    // times the packages cost at most 4.5 times the work. A lookup that rescans the text
    // per package (a line counted from the start, a slice up to the entry) grows with the
    // square and goes over at once.
    const lockfile = (count: number) => {
      const packages: Record<string, { version: string }> = {};
      for (let i = 0; i < count; i++) packages[`node_modules/pkg-${i}`] = { version: '1.0.0' };
      packages['node_modules/jsonwebtoken'] = { version: '8.5.1' };
      return JSON.stringify({ lockfileVersion: 3, packages }, null, 2);
    };
    const runs = [5_000, 20_000].map((count) => {
      const text = lockfile(count);
      const { result, work } = countStringWork(() => read('package-lock.json', text), 8 * text.length);
      expect(result.facts.dependencies.map((d) => `${d.name} ${d.spec}`)).toEqual(['jsonwebtoken 8.5.1']);
      expect(result.diagnostics).toEqual([]);
      return { work, length: text.length };
    });
    for (const { work, length } of runs) expect(work).toBeLessThanOrEqual(8 * length);
    expect(runs[1]!.work).toBeLessThanOrEqual(4.5 * runs[0]!.work);
  });
});

describe('yarn.lock', () => {
  it('reads classic entries at their version line', () => {
    const text = [
      '# yarn lockfile v1',
      '',
      '"jsonwebtoken@^8.1.0", "jsonwebtoken@^8.5.1":',
      '  version "8.5.1"',
      '  resolved "https://registry.yarnpkg.com/jsonwebtoken/-/jsonwebtoken-8.5.1.tgz"',
      '',
      '"@types/jsonwebtoken@^8.5.9":',
      '  version "8.5.9"',
      '',
      'jwt@npm:jsonwebtoken@^7.0.0:',
      '  version "7.4.3"',
    ].join('\n');
    expect(uses('yarn.lock', text)).toEqual(['4:12 jsonwebtoken 8.5.1 lockfile', '11:12 jsonwebtoken 7.4.3 lockfile']);
  });

  it('reads Berry entries, whose descriptor lists are quoted whole', () => {
    const text = ['__metadata:', '  version: 8', '', '"hono@npm:^4.0.0, hono@npm:^4.6.0":', '  version: 4.6.14', '  resolution: "hono@npm:4.6.14"', ''].join('\r\n');
    expect(uses('yarn.lock', text)).toEqual(['5:12 hono 4.6.14 lockfile']);
  });
});

describe('pnpm-lock.yaml', () => {
  it('reads the keys of `packages` in v5, v6 and v9 and nothing else', () => {
    const text = [
      "lockfileVersion: '9.0'",
      'importers:',
      '  .:',
      '    dependencies:',
      '      hono:',
      '        specifier: ^4.5.1',
      '        version: 4.5.1',
      'packages:',
      '  hono@4.5.1:',
      '    resolution: {integrity: sha512-x}',
      '  /jsonwebtoken/8.5.1:',
      '    dev: false',
      "  '/@fastify/jwt@7.0.0':",
      '  /next-auth@4.22.1(next@13.4.19)(react@18.2.0):',
      '  /next-auth/4.20.0_react@18.2.0:',
      '  jwt-simple@https://codeload.github.com/x/y/tar.gz/abc:',
      'snapshots:',
      '  hono@4.5.1: {}',
    ].join('\n');
    expect(uses('pnpm-lock.yaml', text)).toEqual([
      '9:3 hono 4.5.1 lockfile',
      '11:3 jsonwebtoken 8.5.1 lockfile',
      '14:3 next-auth 4.22.1 lockfile',
      '15:3 next-auth 4.20.0 lockfile',
    ]);
  });
});

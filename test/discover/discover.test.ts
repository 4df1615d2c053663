import { spawnSync } from 'node:child_process';
import { symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { determineScanRoot, discoverFiles, fileKindOf } from '../../src/discover/discover.js';
import { isUnitManifest } from '../../src/discover/file-kind.js';
import { tempProjectsRemovedAfterEach } from '../cli/helpers/temp-project.js';

const project = tempProjectsRemovedAfterEach();

async function discoveredPaths(root: string, paths: string[] = [], ignore: string[] = []): Promise<string[]> {
  const { files } = await discoverFiles({ root, paths, ignore });
  return files.map((file) => file.path);
}

describe('fileKindOf', () => {
  it.each([
    ['src/app.js', 'js'],
    ['src/app.mjs', 'js'],
    ['src/app.cjs', 'js'],
    ['src/app.ts', 'ts'],
    ['src/app.mts', 'ts'],
    ['src/app.cts', 'ts'],
    ['src/App.jsx', 'jsx'],
    ['src/App.tsx', 'tsx'],
    ['.env', 'env'],
    ['deploy/.env.production', 'env'],
    ['deploy/staging.env', 'env'],
    ['config/app.yml', 'yaml'],
    ['config/app.YAML', 'yaml'],
    ['appsettings.json', 'json'],
    ['src/main/resources/application.properties', 'properties'],
    ['wrangler.toml', 'toml'],
    ['src/types.d.ts', 'other'],
    ['src/types.d.mts', 'other'],
    ['README.md', 'other'],
    ['Makefile', 'other'],
    ['src/.eslintrc', 'other'],
    ['scripts/seed.sh', 'shell'],
    ['scripts/deploy.bash', 'shell'],
    ['tools/setup.ZSH', 'shell'],
    ['Dockerfile', 'dockerfile'],
    ['services/api/Dockerfile.prod', 'dockerfile'],
    ['docker/api.Dockerfile', 'dockerfile'],
    ['Containerfile', 'dockerfile'],
    ['dockerfile', 'dockerfile'],
    ['Dockerfile.md', 'other'],
    ['src/dockerfile.ts', 'ts'],
    ['src/dockerfile.test.ts', 'ts'],
    ['docker/Dockerfile.sh', 'shell'],
    ['.dockerignore', 'other'],
    ['go.mod', 'manifest'],
    ['api/pom.xml', 'manifest'],
    ['build.gradle', 'manifest'],
    ['app/build.gradle.kts', 'manifest'],
    ['requirements.txt', 'manifest'],
    ['src/Api/Api.csproj', 'manifest'],
    ['Gemfile', 'manifest'],
    ['go.sum', 'other'],
    ['pyproject.toml', 'toml'],
    ['Cargo.toml', 'toml'],
    ['package.json', 'json'],
    ['composer.json', 'json'],
  ])('%s is %s', (file, kind) => {
    expect(fileKindOf(file)).toBe(kind);
  });
});

describe('isUnitManifest', () => {
  it.each([
    'package.json',
    'apps/web/package.json',
    'go.mod',
    'svc/pom.xml',
    'build.gradle',
    'build.gradle.kts',
    'pyproject.toml',
    'worker/requirements.txt',
    'src/Api/Api.csproj',
    'Cargo.toml',
    'Gemfile',
    'composer.json',
  ])('%s marks a deployable unit', (file) => {
    expect(isUnitManifest(file)).toBe(true);
  });

  it.each(['package-lock.json', 'tsconfig.json', 'go.sum', 'settings.gradle', 'requirements-dev.txt', 'Cargo.lock', 'Gemfile.lock', 'composer.lock', 'Api.sln', 'my-package.json'])(
    '%s does not',
    (file) => {
      expect(isUnitManifest(file)).toBe(false);
    },
  );
});

describe('discoverFiles', () => {
  it('returns scannable files sorted by path with default excludes applied', async () => {
    const root = project({
      'src/z.ts': '',
      'src/a.js': '',
      'src/App.tsx': '',
      'src/types.d.ts': '',
      'src/vendor.min.js': '',
      'src/app.bundle.js': '',
      'src/a.js.map': '',
      'src/build/generated.js': '',
      'node_modules/jsonwebtoken/index.js': '',
      'packages/api/node_modules/dep/index.js': '',
      'dist/server.js': '',
      'coverage/lcov.json': '',
      'out/x.js': '',
      '.next/server.js': '',
      'vendor/lib.js': '',
      '.git/config.json': '',
      'README.md': '# docs',
      '.env': 'JWT_SECRET=x',
      '.env.production': 'JWT_SECRET=y',
      'config/app.yaml': 'a: 1',
      'config/app.properties': 'a=1',
      'package.json': '{}',
    });
    const paths = await discoveredPaths(root);
    expect(paths).toEqual([
      '.env',
      '.env.production',
      'config/app.properties',
      'config/app.yaml',
      'package.json',
      'src/App.tsx',
      'src/a.js',
      'src/z.ts',
    ]);
  });

  it('reports kind and absolute path for each file', async () => {
    const root = project({ 'src/app.ts': '', '.env.local': '' });
    const { files } = await discoverFiles({ root, paths: [], ignore: [] });
    expect(files).toEqual([
      { path: '.env.local', absolutePath: path.join(root, '.env.local'), kind: 'env' },
      { path: 'src/app.ts', absolutePath: path.join(root, 'src', 'app.ts'), kind: 'ts' },
    ]);
  });

  it('returns shell scripts, Dockerfiles and unit manifests with their kinds', async () => {
    const root = project({
      'Dockerfile': 'FROM node:20',
      'scripts/seed.sh': 'A=1',
      'worker/go.mod': 'module worker',
      'worker/go.sum': '',
      'billing/pom.xml': '<project/>',
      'billing/requirements.txt': 'pyjwt',
      'billing/Billing.csproj': '<Project/>',
      'ml/pyproject.toml': '[project]',
      'docs/Dockerfile.md': '# docs',
    });
    const { files } = await discoverFiles({ root, paths: [], ignore: [] });
    expect(files.map((f) => [f.path, f.kind])).toEqual([
      ['Dockerfile', 'dockerfile'],
      ['billing/Billing.csproj', 'manifest'],
      ['billing/pom.xml', 'manifest'],
      ['billing/requirements.txt', 'manifest'],
      ['ml/pyproject.toml', 'toml'],
      ['scripts/seed.sh', 'shell'],
      ['worker/go.mod', 'manifest'],
    ]);
    expect(files.filter((f) => isUnitManifest(f.path)).map((f) => f.path)).toEqual(['billing/Billing.csproj', 'billing/pom.xml', 'billing/requirements.txt', 'ml/pyproject.toml', 'worker/go.mod']);
  });

  it('applies the root .gitignore and .jwtlintignore', async () => {
    const root = project({
      '.gitignore': 'generated/\n*.local.js\n',
      '.jwtlintignore': 'test/fixtures/\n',
      'generated/client.js': '',
      'src/settings.local.js': '',
      'src/app.js': '',
      'test/fixtures/token.js': '',
      'test/auth.test.js': '',
    });
    expect(await discoveredPaths(root)).toEqual(['src/app.js', 'test/auth.test.js']);
  });

  it('lets .jwtlintignore re-include what .gitignore in the same folder excludes', async () => {
    const root = project({
      '.gitignore': '*.env\n',
      '.jwtlintignore': '!deploy/prod.env\n',
      'deploy/prod.env': '',
      'deploy/dev.env': '',
    });
    expect(await discoveredPaths(root)).toEqual(['deploy/prod.env']);
  });

  it('reads nested .gitignore files relative to their own folder', async () => {
    const root = project({
      '.gitignore': '*.generated.ts\n',
      'packages/api/.gitignore': 'local.js\n/tmp\n!keep.generated.ts\n',
      'packages/api/local.js': '',
      'packages/api/src/local.js': '',
      'packages/api/tmp/x.js': '',
      'packages/api/src/tmp/y.js': '',
      'packages/api/keep.generated.ts': '',
      'packages/api/drop.generated.ts': '',
      'packages/web/local.js': '',
      'packages/web/tmp/x.js': '',
    });
    expect(await discoveredPaths(root)).toEqual([
      'packages/api/keep.generated.ts',
      'packages/api/src/tmp/y.js',
      'packages/web/local.js',
      'packages/web/tmp/x.js',
    ]);
  });

  it('keeps files inside an ignored folder ignored even if a deeper file re-includes them', async () => {
    const root = project({
      '.gitignore': 'legacy/\n',
      'legacy/.gitignore': '!*.js\n',
      'legacy/old.js': '',
      'app.js': '',
    });
    expect(await discoveredPaths(root)).toEqual(['app.js']);
  });

  it('applies configured ignore patterns relative to the root', async () => {
    const root = project({ 'src/app.js': '', 'test/a.test.js': '', 'e2e/b.js': '' });
    expect(await discoveredPaths(root, [], ['test/', '/e2e'])).toEqual(['src/app.js']);
  });

  it('walks only the named folders and applies ignore files above them', async () => {
    const root = project({
      '.gitignore': 'secrets.js\n',
      'src/app.js': '',
      'src/secrets.js': '',
      'lib/util.js': '',
      'other/x.js': '',
    });
    expect(await discoveredPaths(root, ['src', path.join(root, 'lib')])).toEqual(['lib/util.js', 'src/app.js']);
  });

  it('scans an explicitly named file even when excludes or ignore files would skip it', async () => {
    const root = project({
      '.gitignore': 'generated.js\n',
      'dist/server.js': '',
      'generated.js': '',
      'README.md': '',
    });
    expect(await discoveredPaths(root, ['dist/server.js', 'generated.js', 'README.md'])).toEqual([
      'dist/server.js',
      'generated.js',
    ]);
  });

  it('does not return the same file twice when paths overlap', async () => {
    const root = project({ 'src/a.js': '', 'src/deep/b.js': '' });
    expect(await discoveredPaths(root, ['src', 'src/deep', 'src/a.js'])).toEqual(['src/a.js', 'src/deep/b.js']);
  });

  it('does not follow symbolic links', async () => {
    const outside = project({ 'secret.js': '' });
    const root = project({ 'src/app.js': '' });
    symlinkSync(outside, path.join(root, 'linked'), 'dir');
    symlinkSync(path.join(outside, 'secret.js'), path.join(root, 'src', 'link.js'));
    expect(await discoveredPaths(root)).toEqual(['src/app.js']);
  });

  it('turns missing and out-of-root paths into notifications', async () => {
    const root = project({ 'src/app.js': '' });
    const result = await discoverFiles({ root, paths: ['src', 'missing', '../elsewhere'], ignore: [] });
    expect(result.files.map((file) => file.path)).toEqual(['src/app.js']);
    expect(result.notifications).toEqual([
      expect.objectContaining({ kind: 'unreadable', file: 'missing' }),
      expect.objectContaining({ kind: 'skipped', file: '../elsewhere' }),
    ]);
  });

  it('never reads an excluded or ignored folder: the walk reads each remaining folder once', async () => {
    const files: Record<string, string> = { '.gitignore': 'tmp/\nlogs\n', 'src/app.js': '', 'src/lib/util.ts': '' };
    // Large trees below folders that must cost nothing: not one readdir inside them.
    for (const folder of ['tmp', 'logs', 'node_modules/dep', 'src/dist', 'src/lib/.git/objects']) {
      for (let i = 0; i < 20; i++) files[`${folder}/d${i}/f.js`] = '';
    }
    const root = project(files);
    const result = await discoverFiles({ root, paths: [], ignore: [] });
    expect(result.files.map((f) => f.path)).toEqual(['src/app.js', 'src/lib/util.ts']);
    // The root, src and src/lib: three readdir calls, whatever lies below the pruned folders.
    expect(result.foldersRead).toBe(3);
  });

  it('lets configured patterns override the root ignore files, as the last rules of the root', async () => {
    const root = project({ '.gitignore': 'generated/\n', 'generated/keys.js': '', 'src/app.js': '', 'src/skip.js': '' });
    expect(await discoveredPaths(root, [], ['src/skip.js'])).toEqual(['src/app.js']);
    // A negation in configuration re-includes what the root .gitignore excludes.
    expect(await discoveredPaths(root, [], ['!generated/'])).toEqual(['generated/keys.js', 'src/app.js', 'src/skip.js']);
  });

  it('walks folders whose names hold newlines, spaces and glob characters', async () => {
    const root = project({ 'hid\nden/app.js': '', 'a b/[x]/*.ts': '', '{c,d}/e?.js': '', '!neg/x.js': '' });
    expect(await discoveredPaths(root)).toEqual(['!neg/x.js', 'a b/[x]/*.ts', 'hid\nden/app.js', '{c,d}/e?.js']);
  });

  it('reports a folder it cannot read and scans the rest', async () => {
    // Root may read any folder whatever its mode, so the unreadable folder here is one whose
    // absolute path is longer than PATH_MAX (readdir fails with ENAMETOOLONG).
    const root = project({ 'src/app.js': '' });
    const segment = 'd'.repeat(200);
    const depth = Math.ceil(4200 / (segment.length + 1));
    const made = spawnSync('bash', ['-c', `cd "$1" && for i in $(seq ${depth}); do mkdir ${segment} && cd ${segment}; done`, '_', root]);
    expect(made.status).toBe(0);

    const result = await discoverFiles({ root, paths: [], ignore: [] });
    expect(result.files.map((file) => file.path)).toEqual(['src/app.js']);
    expect(result.notifications).toHaveLength(1);
    expect(result.notifications[0]).toMatchObject({ kind: 'unreadable', level: 'warning' });
    expect(result.notifications[0]!.message).toContain('ENAMETOOLONG');
    spawnSync('rm', ['-rf', root]);
  });
});

describe('determineScanRoot', () => {
  it('is the folder when exactly one folder is given', () => {
    const root = project({ 'api/app.js': '' });
    expect(determineScanRoot(root, ['api'])).toBe(path.join(root, 'api'));
  });

  it('is the working directory for a file, several paths or none', () => {
    const root = project({ 'api/app.js': '', 'web/x.js': '' });
    expect(determineScanRoot(root, ['api/app.js'])).toBe(root);
    expect(determineScanRoot(root, ['api', 'web'])).toBe(root);
    expect(determineScanRoot(root, [])).toBe(root);
    expect(determineScanRoot(root, ['missing'])).toBe(root);
  });
});

import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PROJECT_ROOT } from './helpers/run-jwtlint.js';

interface ActionStep {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  shell?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
  'continue-on-error'?: boolean;
}

const action = parse(readFileSync(path.join(PROJECT_ROOT, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { description: string; default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: ActionStep[] };
};

describe('action.yml', () => {
  const steps = action.runs.steps;

  it('is a composite action that runs the committed bundle: no Node set-up, no install, no build', () => {
    expect(action.runs.using).toBe('composite');
    expect(steps.map((step) => step.uses?.replace(/@.*/, '') ?? step.name)).toEqual(['Scan', 'github/codeql-action/upload-sarif', 'Explain a refused upload', 'Fail on findings']);
    for (const step of steps.filter((s) => s.run)) {
      expect(step.shell).toBe('bash');
      expect(step.run, step.name).not.toMatch(/npm (ci|install)|npx |uses: actions\/setup-node/);
    }
    expect(steps.find((s) => s.id === 'scan')!.env!.JWTLINT_ACTION).toBe('${{ github.action_path }}/bin/jwtlint-action.js');
  });

  it('documents every input; the scan step gets each one as an INPUT_ variable', () => {
    for (const [name, input] of Object.entries(action.inputs)) expect(input.description, name).toMatch(/\S/);
    expect(Object.keys(action.inputs)).toEqual(['path', 'fail-on', 'config', 'baseline', 'changed-since', 'category', 'sarif-file', 'annotations', 'upload', 'node-version']);
    const env = steps.find((s) => s.id === 'scan')!.env!;
    for (const name of Object.keys(action.inputs).filter((n) => !['upload', 'node-version'].includes(n))) {
      expect(env[`INPUT_${name.toUpperCase().replace(/-/g, '_')}`], name).toBe(`\${{ inputs.${name} }}`);
    }
  });

  it('uploads whenever this run wrote a report, and a refused upload only warns', () => {
    const upload = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif'))!;
    expect(upload.with).toEqual({ sarif_file: '${{ steps.scan.outputs.sarif-file }}', category: '${{ inputs.category }}' });
    expect(upload.if).toBe("inputs.upload == 'true' && steps.scan.outputs.sarif-file != ''");
    expect(upload['continue-on-error']).toBe(true);
    const explain = steps.find((s) => s.name === 'Explain a refused upload')!;
    expect(explain.if).toBe(`steps.${upload.id}.outcome == 'failure'`);
    expect(explain.run).toContain('::warning ');
    // Failing comes last, with jwtlint's exit code.
    expect(steps.at(-1)!.if).toBe("steps.scan.outputs.exit-code != '0'");
    expect(steps.at(-1)!.run).toContain('exit "$EXIT_CODE"');
  });

  it('pins every action it uses by full commit, with the release tag in a comment', () => {
    const text = readFileSync(path.join(PROJECT_ROOT, 'action.yml'), 'utf8');
    const uses = [...text.matchAll(/^\s*uses:\s*(\S+)(.*)$/gm)];
    expect(uses).toHaveLength(steps.filter((s) => s.uses).length);
    for (const [, ref, comment] of uses) {
      expect(ref).toMatch(/@[0-9a-f]{40}$/);
      expect(comment).toMatch(/^ # v\d+\.\d+\.\d+$/);
    }
  });

  it('never splices an expression into a shell script (script injection)', () => {
    for (const step of steps) {
      if (step.run) expect(step.run, step.name).not.toContain('${{');
    }
    for (const [name, value] of Object.entries(steps.find((s) => s.id === 'scan')!.env!)) {
      expect(value, name).toMatch(/^\$\{\{ (inputs\.[a-z-]+|github\.action_path) \}\}(\/bin\/jwtlint-action\.js)?$/);
    }
  });
});

describe('.pre-commit-hooks.yaml', () => {
  const hooks = parse(readFileSync(path.join(PROJECT_ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Record<string, unknown>[];

  it('declares one node hook that scans the repository and reports the changed files', () => {
    expect(hooks).toHaveLength(1);
    expect(hooks[0]).toMatchObject({ id: 'jwtlint', language: 'node', entry: 'jwtlint scan . --changed-since HEAD', pass_filenames: false });
  });

  it('runs for the file kinds jwtlint reads and not for others', () => {
    const files = new RegExp(hooks[0]!.files as string);
    for (const name of ['src/a.ts', 'src/a.mjs', 'web/App.tsx', '.env', 'deploy/.env.production', 'k8s/secret.yaml', 'config/app.properties', 'Dockerfile', 'scripts/run.sh']) {
      expect(files.test(name), name).toBe(true);
    }
    for (const name of ['README.md', 'docs/guide.txt', 'image.png']) expect(files.test(name), name).toBe(false);
  });
});

describe('package.json', () => {
  const pkg = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
    dependencies: Record<string, string>;
    peerDependencies?: Record<string, string>;
    peerDependenciesMeta?: Record<string, { optional?: boolean }>;
    files: string[];
  };

  it('runs nothing on install: the committed bundle needs no build (npm prepares git dependencies without dev dependencies)', () => {
    for (const hook of ['preinstall', 'install', 'postinstall', 'prepare', 'prepack']) expect(pkg.scripts[hook], hook).toBeUndefined();
  });

  it('depends at run time on exactly the packages the bundle leaves out', () => {
    const bundle = readFileSync(path.join(PROJECT_ROOT, 'dist', 'bundle', 'main.mjs'), 'utf8');
    // A specifier has no white space: jsdiff's own text (`"from " + fileName`) is not one.
    const specifiers = [...bundle.matchAll(/(?:\bfrom |\brequire\d*\()"([^".\/\s][^"\s]*)"/g)].map((match) => match[1]!);
    const external = [...new Set(specifiers.filter((name) => !name.startsWith('node:') && !builtinModules.includes(name)))].sort();
    expect(external).toEqual(Object.keys(pkg.dependencies).sort());
  });

  it('imports ts-morph only with import(), as an optional peer dependency that jwtlint fix alone needs', () => {
    const bundle = readFileSync(path.join(PROJECT_ROOT, 'dist', 'bundle', 'main.mjs'), 'utf8');
    expect(pkg.peerDependencies).toEqual({ 'ts-morph': '^28.0.0' });
    expect(pkg.peerDependenciesMeta).toEqual({ 'ts-morph': { optional: true } });
    expect([...bundle.matchAll(/\bimport\("ts-morph"\)/g)]).toHaveLength(1);
    // Nothing of ts-morph (nor the TypeScript it carries) is bundled.
    expect(bundle).not.toContain('node_modules/ts-morph/');
    expect(bundle).not.toContain('node_modules/@ts-morph/');
    expect(bundle).not.toContain('class CodeBlockWriter');
  });

  it('publishes the bin, the bundle and its license notices, the configuration schema, SECURITY.md (README, LICENSE and package.json always go)', () => {
    expect(pkg.files).toEqual(['bin/jwtlint.js', 'dist/bundle/main.mjs', 'dist/bundle/THIRD-PARTY-LICENSES.txt', 'dist/bundle/tree-sitter-c_sharp.wasm', 'dist/bundle/tree-sitter-go.wasm', 'dist/bundle/tree-sitter-java.wasm', 'dist/bundle/tree-sitter-kotlin.wasm', 'dist/bundle/tree-sitter-python.wasm', 'dist/bundle/tree-sitter-terraform.wasm', 'dist/bundle/web-tree-sitter.wasm', 'schema/estate.schema.json', 'schema/jwtlintrc.schema.json', 'SECURITY.md']);
  });
});

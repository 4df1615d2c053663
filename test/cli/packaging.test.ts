import { readFileSync } from 'node:fs';
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
}

const action = parse(readFileSync(path.join(PROJECT_ROOT, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { description: string; default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: ActionStep[] };
};

describe('action.yml', () => {
  const steps = action.runs.steps;

  it('is a composite action that sets up Node, installs jwtlint, scans and uploads SARIF', () => {
    expect(action.runs.using).toBe('composite');
    expect(steps.map((step) => step.uses ?? step.name)).toEqual([
      'actions/setup-node@v4',
      'Install jwtlint',
      'Scan',
      'github/codeql-action/upload-sarif@v3',
      'Fail on findings',
    ]);
    for (const step of steps.filter((s) => s.run)) expect(step.shell).toBe('bash');
  });

  it('documents every input and gives jwtlint the category that upload-sarif would otherwise ignore', () => {
    for (const [name, input] of Object.entries(action.inputs)) expect(input.description, name).toMatch(/\S/);
    expect(Object.keys(action.inputs)).toEqual(['path', 'fail-on', 'config', 'baseline', 'changed-since', 'category', 'sarif-file', 'upload', 'node-version']);
    const scan = steps.find((s) => s.id === 'scan')!;
    expect(scan.run).toContain('--format sarif');
    expect(scan.run).toContain('--sarif-category "$INPUT_CATEGORY"');
    expect(scan.run).toContain('--omit-suppressed');
    const upload = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif'))!;
    expect(upload.with).toEqual({ sarif_file: '${{ steps.scan.outputs.sarif-file }}', category: '${{ inputs.category }}' });
    // Uploaded whatever the exit code, as long as a report was written; failing comes last.
    expect(upload.if).toBe("inputs.upload == 'true' && steps.scan.outputs.sarif-file != ''");
    expect(steps.at(-1)!.if).toBe("steps.scan.outputs.exit-code != '0'");
  });

  it('never splices an expression into a shell script (script injection)', () => {
    for (const step of steps) {
      if (step.run) expect(step.run, step.name).not.toContain('${{');
    }
    for (const [name, value] of Object.entries(steps.find((s) => s.id === 'scan')!.env!)) {
      expect(value, name).toMatch(/^\$\{\{ (inputs\.[a-z-]+|github\.action_path) \}\}(\/bin\/jwtlint\.js)?$/);
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

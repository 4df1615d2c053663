import { describe, expect, it } from 'vitest';
import { countStringWork } from '../helpers/count-work.js';
import { tagBefore } from '../../src/config-files/cloudformation.js';
import { procfileAsShell, serverlessVariable } from '../../src/config-files/deploy-manifests.js';
import { configParseWanted, extractConfigFacts, parseConfigText } from '../../src/config-files/index.js';
import { analyseInterpolation } from '../../src/config-files/interpolation.js';
import { configFormatOf, isExampleFile, recognisedByPath } from '../../src/config-files/roles.js';
import { fileKindOf } from '../../src/discover/file-kind.js';
import { isTemplateFile, withoutTemplateSuffix } from '../../src/discover/template-name.js';
import { dialectOf } from '../../src/lang/javascript/parse-js.js';

// AWS SAM / CloudFormation, Serverless, render.yaml, vercel.json, Procfile and copy-into-place
// templates (issue #16 items 2-4; src/config-files/cloudformation.ts, deploy-manifests.ts,
// src/discover/template-name.ts). The annotated fixtures are in fixtures/config-files/{aws-sam,
// serverless,paas,templates} and fixtures/hardcoded-secret/{invalid,valid}/config-template.
const NO_LINKS = { keyEnvNames: new Set<string>(), lifetimeEnvNames: new Set<string>() };
const secrets = (path: string, text: string) =>
  extractConfigFacts({ path, kind: fileKindOf(path), text }, NO_LINKS).facts.secrets.map((s) => ({ line: s.material.loc.line, text: s.material.text, envName: s.material.envName }));
const KEY = 'Kq3vT9xLm2Pz8Rw4Yb6Nc1Hd5Jf7Gs0AeU';

describe('templates a deployment copies into place', () => {
  it('are read as the file they become', () => {
    const kinds: [string, string][] = [
      ['env-example', 'env'],
      ['.example-env', 'env'],
      ['env.example', 'env'],
      ['env_sample', 'env'],
      ['.env-example', 'env'],
      ['example.env', 'env'],
      ['.env.dist', 'env'],
      ['config.ts.example', 'ts'],
      ['src/config.js.sample', 'js'],
      ['appsettings.json.sample', 'json'],
      ['settings.yaml.template', 'yaml'],
      ['wrangler.toml.example', 'toml'],
      ['deploy.sh.dist', 'shell'],
      ['Dockerfile.template', 'dockerfile'],
      ['Procfile', 'shell'],
      ['Procfile.dev', 'shell'],
    ];
    for (const [path, kind] of kinds) expect(fileKindOf(path), path).toBe(kind);
    // Look-alikes: scripts and documents named after env templates, a bare suffix, declarations.
    for (const path of ['env-example.js', 'example-env.md', 'README.example', '.example', 'types.d.ts.example', 'Procfile.md', 'notes.txt.sample']) {
      expect(['js', 'other'], path).toContain(fileKindOf(path));
    }
    expect(fileKindOf('env-example.js')).toBe('js');
    expect(configFormatOf('wrangler.toml.example', fileKindOf('wrangler.toml.example'))).toBe('toml');
  });

  it('keep every extension-keyed decision of the file they become', () => {
    expect(dialectOf('config.ts.example')).toBe('ts');
    expect(dialectOf('src/config.js.sample')).toBe('js');
    expect(dialectOf('App.tsx.template')).toBe('tsx');
    expect(dialectOf('config.example')).toBeNull();
    expect(withoutTemplateSuffix('.example')).toBe('.example');
    expect(isTemplateFile('src/config.ts.example')).toBe(true);
    expect(isTemplateFile('src/example.ts')).toBe(false);
    expect(recognisedByPath('appsettings.json.sample', 'json')).toBe(true);
    expect(recognisedByPath('docker-compose.yml.example', 'yaml')).toBe(true);
    expect(recognisedByPath('data.json.sample', 'json')).toBe(false);
  });

  it('report a usable value and pass over placeholders', () => {
    const text = ['JWT_SECRET=your-secret-here', 'REFRESH_TOKEN_SECRET=changeme-in-production', 'ID_TOKEN_SECRET=<paste>', `ACCESS_TOKEN_SECRET=${KEY}`, 'API_TOKEN_SECRET=', ''].join('\n');
    for (const path of ['env-example', '.example-env', 'env.example', 'deploy/env.sample']) expect(secrets(path, text).map((s) => s.line), path).toEqual([4]);
  });

  it('SAM `template.yaml` is the deployed template, not an example', () => {
    expect(isExampleFile('template.yaml')).toBe(false);
    expect(isExampleFile('sam-template.yml')).toBe(false);
    expect(isExampleFile('settings.yaml.template')).toBe(true);
    // A prose-like literal in a SAM template is still a key (no template leniency).
    const text = ['AWSTemplateFormatVersion: "2010-09-09"', 'Resources:', '  F:', '    Properties:', '      Environment:', '        Variables:', '          JWT_SECRET: my-super-secret-jwt-key', ''].join('\n');
    expect(secrets('template.yaml', text).map((s) => s.line)).toEqual([7]);
    expect(secrets('stack.template.json', JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: { F: { Properties: { Environment: { Variables: { JWT_SECRET: 'my-super-secret-jwt-key' } } } } } }))).toHaveLength(1);
  });
});

describe('CloudFormation / SAM', () => {
  it('is parsed when its name or its content says so, in YAML and JSON', () => {
    const json = '{\n  "AWSTemplateFormatVersion": "2010-09-09",\n  "Resources": {}\n}\n';
    expect(configParseWanted({ path: 'infra/auth.json', kind: 'json', text: json })).toBe(true);
    expect(configParseWanted({ path: 'infra/stack.yml', kind: 'yaml', text: 'Transform: AWS::Serverless-2016-10-31\nResources: {}\n' })).toBe(true);
    expect(configParseWanted({ path: 'template.yaml', kind: 'yaml', text: 'Resources: {}\n' })).toBe(true);
    expect(configParseWanted({ path: 'data/list.json', kind: 'json', text: '{"a": "AWS::Lambda::Function"}' })).toBe(false);
  });

  it('reads the tag written before a value, boundedly', () => {
    const text = 'A: !Ref Param\nB: !GetAtt X.Arn\nC: plain\nD: "!Ref x"\nE: a!Ref b\n';
    expect(tagBefore(text, text.indexOf('Param'))).toBe('!Ref');
    expect(tagBefore(text, text.indexOf('X.Arn'))).toBe('!GetAtt');
    expect(tagBefore(text, text.indexOf('plain'))).toBeUndefined();
    expect(tagBefore(text, text.indexOf('"!Ref x"'))).toBeUndefined();
    expect(tagBefore(text, text.indexOf('b\n'))).toBeUndefined();
    const long = `X: !${'R'.repeat(100_000)} v`;
    expect(tagBefore(long, long.length - 1)).toBeUndefined();
  });

  it('takes `!Ref P` to the parameter Default, reported on the Default line as a default', () => {
    const text = [
      'AWSTemplateFormatVersion: "2010-09-09"',
      'Parameters:',
      '  Signing:',
      '    Type: String',
      `    Default: ${KEY}`,
      'Resources:',
      '  Fn:',
      '    Properties:',
      '      Environment:',
      '        Variables:',
      '          JWT_SECRET: !Ref Signing',
      '          TOKEN_SECRET: !GetAtt Secret.Value',
      '',
    ].join('\n');
    const found = secrets('template.yaml', text);
    expect(found).toEqual([{ line: 5, text: KEY, envName: '' }]);
    const parsed = parseConfigText('template.yaml', 'yaml', text);
    expect(parsed.entries.find((e) => e.key === 'TOKEN_SECRET')?.computed).toBe(true);
  });
});

describe('samconfig.toml parameter_overrides', () => {
  it('name each value for its parameter, on its literal, in the string and the array form', () => {
    const text = ['[default.deploy.parameters]', `parameter_overrides = "Stage=\\"prod\\" JwtSecret=\\"${KEY}\\" Table=users"`, '[prod.deploy.parameters]', `parameter_overrides = ["Stage=prod", "TokenSecret=${KEY}"]`, ''].join('\n');
    const parsed = parseConfigText('samconfig.toml', 'toml', text);
    const values = parsed.entries.filter((e) => e.path.length === 1).map((e) => `${e.key}=${e.value}@${e.valueLoc.line}:${e.valueLoc.column}`);
    expect(values).toEqual(['Stage=prod@2:32', `JwtSecret=${KEY}@2:51`, 'Table=users@2:94', 'Stage=prod@4:31', `TokenSecret=${KEY}@4:51`]);
    expect(secrets('samconfig.toml', text).map((s) => s.line)).toEqual([2, 4]);
  });

  it('read each character a bounded number of times', () => {
    const text = `${'parameter_overrides = [ "A=\\"'.repeat(20_000)}\n${'\nparameter_overrides = [ "A=\\"'.repeat(20_000)}`;
    // Counted, not timed: the string work stays within a small multiple of the text's length.
    const { work } = countStringWork(() => parseConfigText('samconfig.toml', 'toml', text));
    expect(work).toBeLessThan(20 * text.length);
  });
});

describe('Serverless Framework variables', () => {
  const analyse = (value: string) => analyseInterpolation(value);
  it('are references unless they carry a literal fallback', () => {
    expect(analyse('${env:JWT_SECRET}')).toEqual({ kind: 'reference', name: 'JWT_SECRET' });
    expect(analyse('${self:custom.jwtSecret}')).toEqual({ kind: 'reference', name: 'self:custom.jwtSecret' });
    expect(analyse('${ssm:/auth/jwt}')).toEqual({ kind: 'reference', name: 'ssm:/auth/jwt' });
    expect(analyse('${file(./secrets.yml):jwt}')).toEqual({ kind: 'reference', name: 'file(./secrets.yml):jwt' });
    expect(analyse("${env:JWT_SECRET, 'lit, with comma'}")).toEqual({ kind: 'fallback', name: 'JWT_SECRET', literal: 'lit, with comma', offset: 19 });
    expect(analyse('${env:JWT_SECRET, "lit"}')).toMatchObject({ kind: 'fallback', name: 'JWT_SECRET', literal: 'lit' });
    expect(analyse("${env:A, ${ssm:/b, 'lit'}}")).toMatchObject({ kind: 'fallback', name: 'A', literal: 'lit' });
    expect(analyse('${env:A, ${ssm:/b}}')).toEqual({ kind: 'reference', name: 'A' });
    expect(analyse('${env:A, ssm:/auth/jwt/secret}')).toEqual({ kind: 'reference', name: 'A' });
    expect(analyse('${env:A, lit}')).toMatchObject({ kind: 'fallback', name: 'A', literal: 'lit' });
    // Compose and Spring forms are unchanged.
    expect(analyse('${env:-lit}')).toMatchObject({ kind: 'fallback', name: 'env', literal: 'lit' });
    expect(analyse('${jwt.secret:lit}')).toMatchObject({ kind: 'fallback', name: 'jwt.secret', literal: 'lit' });
    expect(serverlessVariable('unknown:x', 2, analyse)).toBeNull();
  });

  it('report the fallback literal and a `${self:...}` target on their own lines', () => {
    const text = ['service: a', 'custom:', `  signing: ${KEY}`, 'provider:', '  environment:', "    JWT_SECRET: ${env:JWT_SECRET, 'Vb3Nm7Qw1Er5Ty9Ui2Op6As0Df4Gh8JkLz'}", '    AUTH_SECRET: ${self:custom.signing}', '    ID_TOKEN_SECRET: ${self:custom.missing}', ''].join('\n');
    const found = secrets('serverless.yml', text);
    expect(found.map((s) => s.line)).toEqual([3, 6]);
    expect(found[1]!.envName).toBe('JWT_SECRET');
  });
});

describe('PaaS manifests', () => {
  it('render.yaml `key`/`value` pairs are variables; generateValue/sync/fromGroup hold none', () => {
    const text = ['services:', '  - name: api', '    envVars:', '      - key: JWT_SECRET', `        value: ${KEY}`, '      - key: REFRESH_TOKEN_SECRET', '        generateValue: true', '      - fromGroup: shared', ''].join('\n');
    expect(secrets('render.yaml', text).map((s) => s.line)).toEqual([5]);
  });

  it('vercel.json `@name` names a Vercel secret', () => {
    expect(secrets('vercel.json', '{"env": {"JWT_SECRET": "@jwt-secret"}}')).toEqual([]);
    expect(secrets('vercel.json', `{"env": {"JWT_SECRET": "${KEY}"}}`)).toHaveLength(1);
  });

  it('Procfile commands are shell lines with their process type blanked (offsets kept)', () => {
    const text = `web: JWT_SECRET=${KEY} node server.js\nworker:bin/worker\n`;
    const shell = procfileAsShell(text);
    expect(shell.length).toBe(text.length);
    expect(shell.startsWith(`     JWT_SECRET=`)).toBe(true);
    const found = secrets('Procfile', text);
    expect(found).toEqual([{ line: 1, text: KEY, envName: undefined }]);
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { configParseWanted, extractConfigFacts, parseConfigFile } from '../../src/config-files/index.js';
import { hclMayMatter, loadHclParser, parseHcl } from '../../src/config-files/parse-hcl.js';
import { configFormatOf, recognisedByPath } from '../../src/config-files/roles.js';
import { fileKindOf } from '../../src/discover/file-kind.js';
import { environmentOf } from '../../src/estate/estate.js';
import { FIXTURES_ROOT } from '../helpers/fixtures.js';

// Terraform / OpenTofu through tree-sitter's HCL grammar (src/config-files/parse-hcl.ts).
const NO_LINKS = { keyEnvNames: new Set<string>(), lifetimeEnvNames: new Set<string>() };
const secretLines = (path: string, text: string) =>
  extractConfigFacts({ path, kind: fileKindOf(path), text }, NO_LINKS).facts.secrets.map((s) => s.material.loc.line);

beforeAll(loadHclParser);

describe('Terraform files', () => {
  it('are their own kind and format, recognised by path; `*.tfvars.json` is JSON configuration', () => {
    for (const path of ['main.tf', 'infra/lambda.tofu', 'env/prod/terraform.tfvars', 'prod.auto.tfvars']) {
      expect(fileKindOf(path), path).toBe('terraform');
      expect(configFormatOf(path, fileKindOf(path)), path).toBe('hcl');
    }
    expect(fileKindOf('main.tf.json')).toBe('json');
    expect(recognisedByPath('env/prod.tfvars.json', 'json')).toBe(true);
    expect(secretLines('env/prod.tfvars.json', '{\n  "region": "eu-west-1",\n  "jwt_secret": "tfvars-json-literal-jwt-secret-0123456"\n}\n')).toEqual([3]);
  });

  it('are parsed only when they can hold something judged (a big infrastructure repository stays cheap)', () => {
    const input = (text: string) => ({ path: 'infra/vpc.tf', kind: fileKindOf('infra/vpc.tf'), text });
    expect(configParseWanted(input('resource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n}\n'))).toBe(false);
    expect(configParseWanted(input('variable "jwt_secret" {}\n'))).toBe(true);
    expect(configParseWanted(input('variable "x" {\n  default = "a.eyJhbGciOi"\n}\n'))).toBe(true);
    expect(hclMayMatter('SIGNING_KEY = "x"\nALG = "HS256"\n')).toBe(true);
  });

  it('give entries with the literal as the application sees it, positioned on the literal', () => {
    const text = [
      'variable "jwt_secret" {',
      '  default = "a\\"b\\\\c $${x} \\u00e9"',
      '}',
      'locals {',
      '  jwt_private_key = <<-EOT',
      '    -----BEGIN PRIVATE KEY-----',
      '    abc',
      '    EOT',
      '  token_ttl = 3600',
      '}',
      '',
    ].join('\n');
    const parsed = parseHcl('main.tf', text);
    expect(parsed.diagnostics).toEqual([]);
    const [secret, pem, ttl] = parsed.entries;
    expect(secret).toMatchObject({ key: 'jwt_secret', path: ['jwt_secret'], value: 'a"b\\c ${x} é', valueType: 'string', envVar: false });
    expect(secret!.valueLoc).toMatchObject({ line: 2, column: 13 });
    expect(pem).toMatchObject({ key: 'jwt_private_key', value: '-----BEGIN PRIVATE KEY-----\nabc\n' });
    expect(pem!.valueLoc.line).toBe(5);
    expect(ttl).toMatchObject({ key: 'token_ttl', value: '3600', valueType: 'number' });
  });

  it('read environment maps, name/value items and secret stores by the variable or secret they name', () => {
    const parsed = parseHcl('main.tf', readFileSync(join(FIXTURES_ROOT, 'config-files', 'terraform', 'main.tf'), 'utf8'));
    const env = parsed.entries.filter((e) => e.envVar).map((e) => `${e.valueLoc.line} ${e.key}`);
    expect(env).toContain('55 JWT_SECRET'); // Lambda environment.variables
    expect(env).toContain('78 JWT_SECRET'); // ECS container_definitions = jsonencode([...])
    expect(env).toContain('100 JWT_SECRET'); // Cloud Run env { name value }
    expect(env).toContain('120 JWT_SECRET'); // App Service app_settings
    const stores = parsed.entries.filter((e) => !e.envVar && /jwt/.test(e.key) && e.key.includes('/')).map((e) => `${e.valueLoc.line} ${e.key}`);
    expect(stores).toEqual(['130 /api/jwt-secret', '147 api/jwt-signing-key']);
    // References yield no entry at all.
    expect(parsed.entries.some((e) => /random_password|var\.|local\.|data\./.test(e.value))).toBe(false);
  });

  it('turn a file tree-sitter cannot read into a located notification, and still judge its well-formed blocks', () => {
    const text = readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'config-files', 'terraform', 'main.tf'), 'utf8').split('\n').slice(0, 9).join('\n');
    const broken = `${text}\nresource "aws_lambda_function" "x" {\n  environment {\n    variables = {\n      JWT_SECRET = = "oops"\n`;
    const parsed = parseConfigFile({ path: 'broken.tf', kind: 'terraform', text: broken })!;
    expect(parsed.diagnostics[0]).toBe('broken.tf:13:20: HCL: syntax error');
    expect(secretLines('broken.tf', broken)).toEqual([8]);
    for (const garbage of ['{{{{', '"unterminated', '}}}}', 'a = [', '\u0000\ufeff', 'x'.repeat(10_000)]) {
      expect(() => parseHcl('g.tf', garbage)).not.toThrow();
    }
  });

  it('read a 21,000-line (360 kB) file whole: one reference entry per Lambda, no literal (timings live in npm run bench)', () => {
    const block = (i: number) => `resource "aws_lambda_function" "f${i}" {\n  environment {\n    variables = {\n      JWT_SECRET = var.jwt_secret\n    }\n  }\n}\n`;
    const text = Array.from({ length: 3000 }, (_, i) => block(i)).join('');
    const parsed = parseHcl('big.tf', text);
    expect(parsed.entries).toHaveLength(3000);
    expect(parsed.entries.every((e) => e.computed && e.interpolation?.name === 'var.jwt_secret' && e.value === '')).toBe(true);
    // Deep nesting is cut off, not a stack overflow.
    expect(() => parseHcl('deep.tf', `jwt_secret = ${'['.repeat(5000)}"x"${']'.repeat(5000)}\n`)).not.toThrow();
  });

  it('name the environment of a tfvars file like any other config file', () => {
    expect(environmentOf('staging.tfvars')).toBe('staging');
    expect(environmentOf('env/production/terraform.tfvars')).toBe('production');
    expect(environmentOf('prod.auto.tfvars')).toBe('production');
  });
});

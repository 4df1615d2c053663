import { describe, expect, it } from 'vitest';
import { indexFile, type FileIndex } from '../../src/lang/javascript/file-index.js';
import { createProject } from '../../src/lang/javascript/project.js';
import { ValueResolver, type RValue } from '../../src/lang/javascript/resolve-value.js';
import { parseJs } from '../../src/lang/javascript/parse-js.js';

/** Resolves the initialiser of `const probe = ...` in the first file of a small project. */
function probe(files: Record<string, string>): RValue {
  const sources = new Map(Object.entries(files));
  const project = createProject(sources, (path, text) => indexFile(path, text, parseJs(text, 'ts').ast));
  const [first] = Object.keys(files);
  const index = project.index(first!) as FileIndex;
  const binding = index.programScope.bindings.get('probe');
  if (!binding || binding.kind !== 'var') throw new Error('no probe');
  return new ValueResolver(project).resolve(binding.id, index);
}

const literal = (v: RValue) => (v.kind === 'string' || v.kind === 'number' ? { kind: v.kind, value: v.value, route: v.route, line: v.node.loc?.start.line, file: v.index.file } : { kind: v.kind });

describe('ValueResolver', () => {
  it('follows an env fallback to its literal and remembers the variable', () => {
    const v = probe({ 'a.ts': "const probe = process.env.JWT_SECRET || 'dev';" });
    expect(v).toMatchObject({ kind: 'string', value: 'dev', route: 'env-fallback', envName: 'JWT_SECRET' });
  });

  it('reads an env variable without fallback as a reference, not a value', () => {
    expect(probe({ 'a.ts': 'const probe = process.env.JWT_SECRET;' })).toMatchObject({ kind: 'env', name: 'JWT_SECRET' });
  });

  it('applies destructuring defaults', () => {
    const v = probe({ 'a.ts': "const { secret: probe = 'fallback' } = process.env;" });
    expect(literal(v)).toMatchObject({ kind: 'string', value: 'fallback', route: 'env-fallback' });
  });

  it('merges spreads with later properties winning', () => {
    const v = probe({ 'a.ts': "const base = { ttl: '1d', iss: 'a' };\nconst opts = { ...base, ttl: '2h' };\nconst probe = opts.ttl;" });
    expect(literal(v)).toMatchObject({ kind: 'string', value: '2h', line: 2 });
  });

  it('evaluates constant arithmetic', () => {
    expect(literal(probe({ 'a.ts': 'const probe = 60 * 60 * 24 * 14;' }))).toMatchObject({ kind: 'number', value: 1209600 });
  });

  it('follows imports through barrels and CommonJS exports into the file that holds the literal', () => {
    const v = probe({
      'src/a.ts': "import { cfg } from './lib';\nconst probe = cfg.jwt.secret;",
      'src/lib/index.ts': "export * from './config';",
      'src/lib/config.js': "module.exports = { cfg: { jwt: { secret: 'deep' } } };",
    });
    expect(literal(v)).toMatchObject({ kind: 'string', value: 'deep', file: 'src/lib/config.js', line: 1 });
  });

  it('ends import cycles without a value', () => {
    const v = probe({
      'a.ts': "import { b } from './b';\nexport const a = b;\nconst probe = a;",
      'b.ts': "import { a } from './a';\nexport const b = a;",
    });
    expect(v.kind).toBe('unknown');
  });

  it('leaves a parameter without callers unresolved', () => {
    const v = probe({ 'a.ts': 'function f(key: string) { return key; }\nconst probe = f;' });
    expect(v.kind).toBe('function');
  });

  it('stops at the depth limit on long alias chains', () => {
    const chain = Array.from({ length: 200 }, (_, i) => `const v${i} = v${i + 1};`).join('\n');
    const v = probe({ 'a.ts': `${chain}\nconst v200 = 'end';\nconst probe = v0;` });
    expect(v.kind).toBe('unknown');
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { loadPythonParser, parsePython, pythonMayMatter } from '../../../src/lang/python/parse-python.js';
import { PythonResolver, timedeltaSeconds } from '../../../src/lang/python/resolve-python.js';

beforeAll(async () => {
  await loadPythonParser();
});

/** The resolved value of the right-hand side of the last assignment to `target` in the module. */
function valueOf(source: string, target = 'RESULT') {
  const { tree } = parsePython(source);
  const root = tree!.rootNode;
  const resolver = new PythonResolver('m.py', source, root);
  const assignment = root.descendantsOfType('assignment').filter((a) => a?.childForFieldName('left')?.text === target).pop()!;
  return { value: resolver.resolve(assignment.childForFieldName('right')!), resolver, right: assignment.childForFieldName('right')! };
}

describe('PythonResolver', () => {
  it('reads string and number literals, constant arithmetic and names', () => {
    expect(valueOf('A = "abc"\nRESULT = A\n').value).toMatchObject({ kind: 'string', value: 'abc' });
    expect(valueOf('RESULT = 60 * 60 * 24\n').value).toMatchObject({ kind: 'number', value: 86400 });
    expect(valueOf('RESULT = f"{x}-y"\n').value.kind).toBe('unknown');
    expect(valueOf('RESULT = "a" "b"\n').value).toMatchObject({ kind: 'string', value: 'ab' });
  });

  it('prefers the enclosing function, and a function parameter is a parameter', () => {
    const source = 'KEY = "module"\ndef f(key):\n    KEY = "local"\n    RESULT = KEY\n    OTHER = key\n';
    expect(valueOf(source).value).toMatchObject({ kind: 'string', value: 'local' });
    expect(valueOf(source, 'OTHER').value).toMatchObject({ kind: 'parameter', name: 'key' });
  });

  it('reads environment variables and their literal fallbacks', () => {
    expect(valueOf('import os\nRESULT = os.environ["JWT_SECRET"]\n').value).toMatchObject({ kind: 'env', name: 'JWT_SECRET' });
    const get = valueOf('import os\nRESULT = os.environ.get("JWT_SECRET", "dev")\n').value;
    expect(get).toMatchObject({ kind: 'env', name: 'JWT_SECRET', fallback: { value: 'dev' } });
    const getenv = valueOf('import os\nRESULT = os.getenv("JWT_SECRET", default="dev")\n').value;
    expect(getenv).toMatchObject({ kind: 'env', name: 'JWT_SECRET', fallback: { value: 'dev' } });
    const or = valueOf('import os\nRESULT = os.getenv("JWT_SECRET") or "dev"\n');
    expect(or.value).toMatchObject({ kind: 'env', name: 'JWT_SECRET', fallback: { value: 'dev' } });
    // The secret is on the literal's line.
    if (or.value.kind === 'env') expect(or.resolver.loc(or.value.fallback!.node)).toMatchObject({ line: 2, column: 37 });
  });

  it('leaves settings reads unknown', () => {
    expect(valueOf('RESULT = settings.JWT_SECRET\n').value.kind).toBe('unknown');
    expect(valueOf('RESULT = config.SECRET_KEY\n').value.kind).toBe('unknown');
  });

  it('computes timedelta seconds from literal arguments', () => {
    const { right, resolver } = valueOf('DAYS = 2\nRESULT = timedelta(days=DAYS, hours=1, minutes=1, seconds=1)\n');
    expect(timedeltaSeconds(right, resolver)).toBe(2 * 86400 + 3600 + 61);
    const weeks = valueOf('RESULT = datetime.timedelta(weeks=1)\n');
    expect(timedeltaSeconds(weeks.right, weeks.resolver)).toBe(604800);
    const unknown = valueOf('RESULT = timedelta(days=n)\n');
    expect(timedeltaSeconds(unknown.right, unknown.resolver)).toBeNull();
  });

  it('sees dict entries written after the literal, and gives up after update()', () => {
    const source = 'def f():\n    p = {"sub": 1}\n    p["exp"] = 5\n    RESULT = p\n';
    const { value, resolver } = valueOf(source);
    expect(value.kind).toBe('dict');
    if (value.kind === 'dict') expect(resolver.entry(value, 'exp').found).toBe('yes');
    const updated = valueOf('def f(c):\n    p = {"sub": 1}\n    p.update(c)\n    RESULT = p\n');
    if (updated.value.kind === 'dict') expect(updated.resolver.entry(updated.value, 'exp').found).toBe('unknown');
  });
});

describe('parsePython and the prefilter', () => {
  it('keeps files that import a JWT library', () => {
    expect(pythonMayMatter('import jwt\n')).toBe(true);
    expect(pythonMayMatter('import os, jwt\n')).toBe(true);
    expect(pythonMayMatter('import jwt as pyjwt\n')).toBe(true);
    expect(pythonMayMatter('from jwt import decode\n')).toBe(true);
    expect(pythonMayMatter('from jose import jwt\n')).toBe(true);
    expect(pythonMayMatter('from josex import jwt\n')).toBe(false);
    expect(pythonMayMatter('import jwt_utils\n')).toBe(false);
    expect(pythonMayMatter('# import jwt\n')).toBe(false);
  });

  it('locates a syntax error and still returns a tree', () => {
    const parsed = parsePython('import jwt\ndef f(:\n    pass\n');
    expect(parsed.tree).not.toBeNull();
    expect(parsed.error?.line).toBe(2);
    parsed.tree?.delete();
  });
});

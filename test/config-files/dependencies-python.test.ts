// Python dependency files: which entries are recorded, where, and how their PEP 440
// constraints translate to the semver the advisory matcher judges.
import { describe, expect, it } from 'vitest';
import { extractDependencyFacts } from '../../src/config-files/dependencies.js';
import { normalizePythonName, parseRequirement, pep440SpecifierToSemver, pep440ToSemver, poetryConstraintToSemver } from '../../src/config-files/dependencies-python.js';
import { alsoReadAsConfig, dependencyFileKind } from '../../src/config-files/dependency-files.js';
import { readTomlDocument, tomlAt } from '../../src/config-files/toml-document.js';
import { fileKindOf } from '../../src/discover/file-kind.js';
import { versionOf, vulnerabilityOf } from '../../src/facts/jwt-advisories.js';

const read = (file: string, text: string) => {
  const kind = dependencyFileKind(file);
  if (!kind) throw new Error(`${file} is no dependency file`);
  return extractDependencyFacts(file, kind, text);
};
/** `line:column name spec source semver` per recorded entry. */
const uses = (file: string, text: string) => read(file, text).facts.dependencies.map((d) => `${d.loc.line}:${d.loc.column} ${d.name} ${d.spec} ${d.source} ${d.semver ?? '-'}`);

describe('Python dependency file names', () => {
  it.each([
    ['requirements.txt', 'pip-requirements'],
    ['svc/requirements-dev.txt', 'pip-requirements'],
    ['requirements_test.in', 'pip-requirements'],
    ['requirements/base.txt', 'pip-requirements'],
    ['constraints.txt', 'pip-requirements'],
    ['pyproject.toml', 'pyproject'],
    ['Pipfile', 'pipfile'],
    ['Pipfile.lock', 'pipfile-lock'],
    ['poetry.lock', 'poetry-lock'],
    ['api/uv.lock', 'uv-lock'],
    ['docs/notes.txt', null],
    ['my-requirements.md', null],
    ['requirements.txt.bak', null],
  ])('%s is %s', (file, kind) => {
    expect(dependencyFileKind(file)).toBe(kind);
  });

  it('keeps pyproject.toml a config file too, and makes discovery keep the files no config reader reads', () => {
    expect(alsoReadAsConfig('pyproject')).toBe(true);
    expect(alsoReadAsConfig('pip-requirements')).toBe(false);
    expect(fileKindOf('requirements-dev.txt')).toBe('manifest');
    expect(fileKindOf('Pipfile')).toBe('manifest');
    expect(fileKindOf('poetry.lock')).toBe('lockfile');
    expect(fileKindOf('Pipfile.lock')).toBe('lockfile');
    expect(fileKindOf('notes.txt')).toBe('other');
  });
});

describe('PEP 440 → semver', () => {
  it.each([
    ['1.7.1', '1.7.1'],
    ['2', '2.0.0'],
    ['1.5', '1.5.0'],
    ['v2.4.0', '2.4.0'],
    ['2.4.0rc1', '2.4.0-rc.1'],
    ['2.4.0-RC.1', '2.4.0-rc.1'],
    ['2.4.0b2', '2.4.0-b.2'],
    ['2.4.0a1', '2.4.0-a.1'],
    ['2.4.0.dev3', '2.4.0-0.dev.3'],
    ['1.5.0.post1', '1.5.0'],
    ['1.5.0-1', '1.5.0'],
    ['1.2.3.4', '1.2.3'],
    ['0!1.7.1', '1.7.1'],
    ['2.10.1+local.7', '2.10.1'],
  ])('%s → %s', (version, semver) => {
    expect(pep440ToSemver(version)?.semver).toBe(semver);
  });

  it('refuses what is no version, and a non-zero epoch', () => {
    for (const v of ['', 'latest', '1.x', '1!2.0', '1..2', 'abc1.0', '2.4.0foo']) expect(pep440ToSemver(v), v).toBeNull();
  });

  it.each([
    ['==1.7.1', '1.7.1'],
    ['===1.7.1', '1.7.1'],
    ['>=1.5,<2', '>=1.5.0 <2.0.0'],
    ['>= 1.5 , != 1.6.0', '>=1.5.0'],
    ['~=3.2', '>=3.2.0 <4.0.0-0'],
    ['~=1.4.5', '>=1.4.5 <1.5.0-0'],
    ['==1.7.*', '>=1.7.0 <1.8.0-0'],
    ['>1.7.1', '>1.7.1'],
    ['<2', undefined],
    ['<=1.7.1', undefined],
    ['!=1.5.0', undefined],
    ['', undefined],
    ['~=2', undefined],
  ])('specifier %s → %s', (spec, semver) => {
    expect(pep440SpecifierToSemver(spec)).toBe(semver);
  });

  it.each([
    ['^1.7', '>=1.7.0 <2.0.0-0'],
    ['^0.4.1', '>=0.4.1 <0.5.0-0'],
    ['~1.7.1', '>=1.7.1 <1.8.0-0'],
    ['~1', '>=1.0.0 <2.0.0-0'],
    ['1.7.1', '1.7.1'],
    ['>=1.5 <2', '>=1.5.0 <2.0.0'],
    ['>= 1.5, < 2', '>=1.5.0 <2.0.0'],
    ['^1.7 || ^2.4', '>=1.7.0 <2.0.0-0 || >=2.4.0 <3.0.0-0'],
    ['*', undefined],
    ['==1.7.1', '1.7.1'],
    ['<2', undefined],
  ])('Poetry/Pipfile constraint %s → %s', (spec, semver) => {
    expect(poetryConstraintToSemver(spec)).toBe(semver);
  });

  it('normalises names per PEP 503', () => {
    expect(normalizePythonName('PyJWT')).toBe('pyjwt');
    expect(normalizePythonName('Python_Jose')).toBe('python-jose');
    expect(normalizePythonName('python..-_jose')).toBe('python-jose');
  });

  it('reads PEP 508 requirements', () => {
    expect(parseRequirement('pyjwt[crypto]>=1.5,<2 ; python_version >= "3.8"')).toMatchObject({ name: 'pyjwt', specifier: '>=1.5,<2', url: false });
    expect(parseRequirement('PyJWT (==1.7.1)')).toMatchObject({ name: 'pyjwt', specifier: '==1.7.1' });
    expect(parseRequirement('pyjwt @ https://example.com/pyjwt-1.7.1.tar.gz')).toMatchObject({ name: 'pyjwt', url: true });
    expect(parseRequirement('https://example.com/x.whl')).toBeNull();
    expect(parseRequirement('./vendor/pyjwt')).toBeNull();
  });
});

describe('requirements files', () => {
  it('records watched packages with their specifier, line and translation, and skips the rest', () => {
    const text = [
      '# pinned by pip-compile',
      'Flask==3.0.3',
      'PyJWT==1.7.1  # via flask-jwt',
      '-r base.txt',
      '-e git+https://github.com/jpadilla/pyjwt.git#egg=pyjwt',
      'python-jose[cryptography]~=3.2 ; python_version > "3"',
      'authlib>=1.2,<2 \\',
      '    --hash=sha256:abc',
      'pyjwt-extras==0.1.0',
      'jwt==1.3.1',
      'pyjwt<2',
      'Authlib',
    ].join('\n');
    expect(uses('requirements.txt', text)).toEqual([
      '3:1 pyjwt ==1.7.1 manifest 1.7.1',
      '6:1 python-jose ~=3.2 manifest >=3.2.0 <4.0.0-0',
      '7:1 authlib >=1.2,<2 manifest >=1.2.0 <2.0.0',
      '11:1 pyjwt <2 manifest -',
      '12:1 authlib  manifest -',
    ]);
  });

  it('marks entries as PyPI ones, which the npm matcher never judges as npm specs', () => {
    const [dep] = read('requirements.txt', 'PyJWT==1.7.1\n').facts.dependencies;
    expect(dep).toMatchObject({ ecosystem: 'pypi', name: 'pyjwt' });
    expect(versionOf(dep!)).toEqual({ kind: 'version', version: '1.7.1' });
    expect(vulnerabilityOf(dep!)?.advisories.map((a) => a.cve)).toEqual(['CVE-2022-29217', 'CVE-2026-32597', 'CVE-2026-48526']);
  });

  it('handles CRLF line ends and a file without a trailing newline', () => {
    expect(uses('requirements.txt', 'flask\r\npyjwt==2.4.0\r\n')).toEqual(['2:1 pyjwt ==2.4.0 manifest 2.4.0']);
    expect(uses('requirements.txt', 'pyjwt==2.4.0')).toEqual(['1:1 pyjwt ==2.4.0 manifest 2.4.0']);
  });
});

describe('pyproject.toml', () => {
  it('reads PEP 621, PEP 735, Poetry, PDM and uv tables', () => {
    const text = `[project]
name = "billing"
dependencies = [
  "fastapi>=0.110",
  "PyJWT[crypto]>=1.5,<2",  # old
]

[project.optional-dependencies]
jose = ['python-jose[cryptography]==3.3.0']

[dependency-groups]
dev = ["authlib==1.2.1", { include-group = "test" }]

[tool.poetry.dependencies]
python = "^3.11"
pyjwt = "^1.7"
authlib = { version = "~1.2.0", extras = ["client"] }

[tool.poetry.group.test.dependencies]
python-jose = [
  { version = "3.3.0", python = "<3.12" },
  { version = "^3.4", python = ">=3.12" },
]

[tool.pdm.dev-dependencies]
lint = ["pyjwt==2.3.0"]

[tool.uv]
dev-dependencies = ["pyjwt~=2.9"]

[tool.ruff]
line-length = 100
`;
    expect(uses('pyproject.toml', text)).toEqual([
      '5:3 pyjwt >=1.5,<2 manifest >=1.5.0 <2.0.0',
      '9:9 python-jose ==3.3.0 manifest 3.3.0',
      '12:8 authlib ==1.2.1 manifest 1.2.1',
      '16:9 pyjwt ^1.7 manifest >=1.7.0 <2.0.0-0',
      '17:23 authlib ~1.2.0 manifest >=1.2.0 <1.3.0-0',
      '21:15 python-jose 3.3.0 manifest 3.3.0',
      '22:15 python-jose ^3.4 manifest >=3.4.0 <4.0.0-0',
      '26:9 pyjwt ==2.3.0 manifest 2.3.0',
      '29:21 pyjwt ~=2.9 manifest >=2.9.0 <3.0.0-0',
    ]);
  });

  it('reports a TOML error and keeps what it read', () => {
    const { facts, diagnostics } = read('pyproject.toml', '[project]\ndependencies = ["pyjwt==1.7.1"]\nbroken = = 3\n[tool.poetry.dependencies]\npyjwt = "2.4.0"\n');
    expect(facts.dependencies.map((d) => d.spec)).toEqual(['==1.7.1', '2.4.0']);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatch(/^pyproject\.toml:3:\d+: TOML: /);
  });
});

describe('Pipfile and lockfiles', () => {
  it('reads Pipfile packages and dev-packages', () => {
    const text = `[[source]]
url = "https://pypi.org/simple"

[packages]
PyJWT = "==1.7.1"
python_jose = {version = "*", extras = ["cryptography"]}
authlib = {git = "https://github.com/lepture/authlib.git", ref = "v1.2.0"}

[dev-packages]
pyjwt = ">=2.4"
`;
    expect(uses('Pipfile', text)).toEqual([
      '5:9 pyjwt ==1.7.1 manifest 1.7.1',
      '6:26 python-jose * manifest -',
      '7:11 authlib  manifest -',
      '10:9 pyjwt >=2.4 manifest >=2.4.0',
    ]);
  });

  it('reads Pipfile.lock default and develop versions', () => {
    const text = JSON.stringify({ _meta: { hash: { sha256: 'x' } }, default: { pyjwt: { hashes: [], version: '==1.7.1' }, flask: { version: '==3.0.3' } }, develop: { 'python-jose': { version: '==3.4.0' } } }, null, 2);
    expect(uses('Pipfile.lock', text)).toEqual(['10:18 pyjwt ==1.7.1 lockfile 1.7.1', '18:18 python-jose ==3.4.0 lockfile 3.4.0']);
  });

  it('reads poetry.lock and uv.lock packages', () => {
    const poetry = `[[package]]
name = "flask"
version = "3.0.3"

[[package]]
name = "PyJWT"
version = "1.7.1"
description = "JSON Web Token implementation in Python"
files = [
    {file = "PyJWT-1.7.1-py2.py3-none-any.whl", hash = "sha256:5c6eca3c2940464d106b99ba83b00c6add741c9becaec087fb7ccdefea71350e"},
]

[package.extras]
crypto = ["cryptography (>=1.4)"]

[metadata]
lock-version = "2.0"
`;
    expect(uses('poetry.lock', poetry)).toEqual(['7:11 pyjwt 1.7.1 lockfile 1.7.1']);
    const uv = `version = 1
requires-python = ">=3.12"

[[package]]
name = "authlib"
version = "1.3.0"
source = { registry = "https://pypi.org/simple" }
dependencies = [
    { name = "cryptography" },
]
wheels = [
    { url = "https://files.pythonhosted.org/authlib-1.3.0-py2.py3-none-any.whl", hash = "sha256:9637e4de1fb498310a56900b3e2043a206b03cb11c05422014b0302cbc814be3", size = 223747 },
]

[[package]]
name = "billing"
version = "0.1.0"
source = { editable = "." }
`;
    expect(uses('uv.lock', uv)).toEqual(['6:11 authlib 1.3.0 lockfile 1.3.0']);
  });
});

describe('TOML document reader', () => {
  it('reads strings of every form, nested arrays, inline tables and array tables', () => {
    const { root, error } = readTomlDocument(`a = """
multi "quoted" ""\\
   line"""
b = 'lit\\eral'
c = [[1, 2], ["x", { y = "z" }],]
d = 1979-05-27 07:32:00Z
[[t]]
n = "\\u00e9"
[[t]]
n = "two"
[t.sub]
k = true
`);
    expect(error).toBeUndefined();
    expect(tomlAt(root, 'a')).toMatchObject({ type: 'string', value: 'multi "quoted" ""line' });
    expect(tomlAt(root, 'b')).toMatchObject({ value: 'lit\\eral' });
    expect(tomlAt(root, 'd')).toMatchObject({ type: 'scalar', raw: '1979-05-27 07:32:00Z' });
    const t = tomlAt(root, 't');
    expect(t?.type === 'array' && t.items.length).toBe(2);
    expect(t?.type === 'array' && tomlAt(t.items[0]!.type === 'table' ? t.items[0] : undefined, 'n')).toMatchObject({ value: 'é' });
    expect(t?.type === 'array' && tomlAt(t.items[1]!.type === 'table' ? t.items[1] : undefined, 'sub', 'k')).toMatchObject({ raw: 'true' });
  });

  it('stops deep nesting and unterminated values with an error instead of throwing', () => {
    expect(readTomlDocument(`x = ${'['.repeat(200)}`).error?.message).toMatch(/nest/);
    expect(readTomlDocument('x = "open\ny = 1\n').error?.message).toMatch(/unterminated/);
    expect(tomlAt(readTomlDocument('x = "open\ny = 1\n').root, 'y')).toMatchObject({ raw: '1' });
  });

  it('reads a long lockfile in one linear pass', () => {
    const entry = (n: number) => `[[package]]\nname = "pkg${n}"\nversion = "1.0.${n}"\nfiles = [\n    {file = "pkg-1.0.${n}.tar.gz", hash = "sha256:${'a'.repeat(64)}"},\n]\n\n`;
    const text = Array.from({ length: 5000 }, (_, n) => entry(n)).join('') + '[[package]]\nname = "pyjwt"\nversion = "2.13.0"\n';
    expect(uses('poetry.lock', text)).toEqual([`${5000 * 7 + 3}:11 pyjwt 2.13.0 lockfile 2.13.0`]);
  });
});

// go.mod: which required JWT modules are recorded, where, and how replace directives apply.
import { describe, expect, it } from 'vitest';
import { extractDependencyFacts } from '../../src/config-files/dependencies.js';
import { goVersionToSemver } from '../../src/config-files/dependencies-go.js';
import { alsoReadAsConfig, dependencyFileKind } from '../../src/config-files/dependency-files.js';
import { vulnerabilityOf } from '../../src/facts/jwt-advisories.js';

const read = (text: string, file = 'go.mod') => extractDependencyFacts(file, dependencyFileKind(file)!, text).facts.dependencies;
/** `line:column name spec semver` per recorded entry. */
const uses = (text: string) => read(text).map((d) => `${d.loc.line}:${d.loc.column} ${d.name} ${d.spec} ${d.semver ?? '-'}`);

describe('go.mod', () => {
  it('is a dependency file that is not read as config', () => {
    expect(dependencyFileKind('svc/go.mod')).toBe('go-mod');
    expect(dependencyFileKind('go.sum')).toBeNull();
    expect(alsoReadAsConfig('go-mod')).toBe(false);
  });

  it('reads single require lines and blocks, indirect ones too, and skips unwatched modules', () => {
    const text = `module example.com/gateway

go 1.22

require github.com/dgrijalva/jwt-go v3.2.0+incompatible

require (
	github.com/gin-gonic/gin v1.9.1
	github.com/golang-jwt/jwt/v4 v4.4.2 // indirect
	"github.com/golang-jwt/jwt/v5" v5.2.2
	github.com/golang-jwt/jwt v3.2.2+incompatible
	github.com/dgrijalva/jwt-go/v4 v4.0.0-20190408202314-32acca36b99f // indirect; see issue
)

exclude github.com/golang-jwt/jwt/v4 v4.0.0
`;
    expect(uses(text)).toEqual([
      '5:9 github.com/dgrijalva/jwt-go v3.2.0+incompatible 3.2.0+incompatible',
      '9:2 github.com/golang-jwt/jwt/v4 v4.4.2 4.4.2',
      '12:2 github.com/dgrijalva/jwt-go/v4 v4.0.0-20190408202314-32acca36b99f 4.0.0-20190408202314-32acca36b99f',
    ]);
  });

  it('applies replace directives: another module, another version, a directory, a version-specific one', () => {
    const text = `module example.com/a

require (
	github.com/dgrijalva/jwt-go v3.2.0+incompatible
	github.com/golang-jwt/jwt/v4 v4.4.2
	github.com/dgrijalva/jwt-go/v4 v4.0.0-preview1
)

replace github.com/dgrijalva/jwt-go => github.com/golang-jwt/jwt v3.2.1+incompatible

replace (
	github.com/golang-jwt/jwt/v4 v4.4.2 => github.com/golang-jwt/jwt/v4 v4.5.1
	github.com/golang-jwt/jwt/v4 => github.com/golang-jwt/jwt/v4 v4.4.0
	github.com/dgrijalva/jwt-go/v4 => ../forks/jwt-go
	github.com/dgrijalva/jwt-go v3.1.0 => github.com/dgrijalva/jwt-go v3.0.0
)
`;
    // golang-jwt/jwt (v3 path) has no row: the replacement leaves nothing to record for the first require.
    expect(uses(text)).toEqual(['12:41 github.com/golang-jwt/jwt/v4 v4.5.1 4.5.1']);
  });

  it('records a replacement onto a watched module at the replace line', () => {
    const text = 'module m\n\nrequire github.com/form3tech-oss/jwt-go v3.2.5+incompatible\n\nreplace github.com/form3tech-oss/jwt-go => github.com/dgrijalva/jwt-go v3.2.0+incompatible\n';
    expect(uses(text)).toEqual(['5:44 github.com/dgrijalva/jwt-go v3.2.0+incompatible 3.2.0+incompatible']);
  });

  it('ignores comments, a replace of a module that is not required, and malformed lines', () => {
    const text = `module m
// require github.com/dgrijalva/jwt-go v3.2.0+incompatible
replace github.com/dgrijalva/jwt-go => github.com/dgrijalva/jwt-go v3.2.0+incompatible
require github.com/dgrijalva/jwt-go
require github.com/golang-jwt/jwt/v4 latest
`;
    expect(uses(text)).toEqual(['5:9 github.com/golang-jwt/jwt/v4 latest -']);
  });

  it('translates Go versions to semver and judges them', () => {
    expect(goVersionToSemver('v4.5.1')).toBe('4.5.1');
    expect(goVersionToSemver('v0.0.0-20210101000000-abcdef123456')).toBe('0.0.0-20210101000000-abcdef123456');
    expect(goVersionToSemver('4.5.1')).toBeUndefined();
    expect(goVersionToSemver('v4.5')).toBeUndefined();
    const [dgrijalva, v4old, v4pseudo, v4fixed] = read(`module m
require (
	github.com/dgrijalva/jwt-go v3.2.0+incompatible
	github.com/golang-jwt/jwt/v4 v4.5.0
	github.com/golang-jwt/jwt/v4 v4.5.1-0.20241101000000-abcdef123456
	github.com/golang-jwt/jwt/v4 v4.5.2
)
`);
    expect(vulnerabilityOf(dgrijalva!)).toMatchObject({ kind: 'version', fixed: null, replacement: expect.stringContaining('golang-jwt/jwt/v5') });
    expect(vulnerabilityOf(v4old!)).toMatchObject({ fixed: '4.5.1', advisories: [{ cve: 'CVE-2024-51744', severity: 'medium' }] });
    // A pseudo-version before the v4.5.1 tag sorts before it, as the Go vulnerability database compares.
    expect(vulnerabilityOf(v4pseudo!)?.fixed).toBe('4.5.1');
    expect(vulnerabilityOf(v4fixed!)).toBeNull();
  });
});

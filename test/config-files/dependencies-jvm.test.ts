// pom.xml, build.gradle(.kts) and Gradle version catalogs: which watched artifacts are
// recorded, on which line, with which version; what is left unjudged and said so.
import { describe, expect, it } from 'vitest';
import { extractDependencyFacts } from '../../src/config-files/dependencies.js';
import { mavenSpecToSemver, mavenVersionToSemver } from '../../src/config-files/dependencies-jvm.js';
import { alsoReadAsConfig, dependencyFileKind } from '../../src/config-files/dependency-files.js';
import { fileKindOf } from '../../src/discover/file-kind.js';

const NIMBUS = 'com.nimbusds:nimbus-jose-jwt';

function read(file: string, text: string, others: Record<string, string> = {}) {
  const result = extractDependencyFacts(file, dependencyFileKind(file)!, text, (path) => others[path]);
  return { ...result, uses: result.facts.dependencies.map((d) => `${d.loc.line}:${d.loc.column} ${d.name} ${d.spec} ${d.semver ?? '-'}`) };
}

const pom = (body: string, head = '') => `<?xml version="1.0"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>${head}
${body}
</project>
`;
const dependency = (version: string, extra = '') =>
  `    <dependency><groupId>com.nimbusds</groupId><artifactId>nimbus-jose-jwt</artifactId>${version === '' ? '' : `<version>${version}</version>`}${extra}</dependency>`;

describe('Maven and Gradle versions', () => {
  it.each([
    ['4.39', '4.39.0'],
    ['7.9', '7.9.0'],
    ['9.37.3', '9.37.3'],
    ['1.2.3.4', '1.2.3'],
    ['5.2.0.RELEASE', '5.2.0'],
    ['7.9.Final', '7.9.0'],
    ['7.9-jdk8', '7.9.0'],
    ['7.9-rc1', '7.9.0-rc.1'],
    ['10.0-beta-2', '10.0.0-beta.2'],
    ['4.0-SNAPSHOT', '4.0.0-snapshot'],
    ['1.0-M1', '1.0.0-m.1'],
    ['latest.release', undefined],
    ['${jose.version}', undefined],
    ['', undefined],
  ])('version %s is %s', (version, expected) => {
    expect(mavenVersionToSemver(version)).toBe(expected);
  });

  it.each([
    ['[4.0,5.0)', '>=4.0.0 <5.0.0'],
    ['(4.0,5.0]', '>4.0.0 <=5.0.0'],
    ['[9.37,)', '>=9.37.0'],
    ['[1.5]', '1.5.0'],
    ['[1.0,1.2),[1.5,)', '>=1.0.0 <1.2.0'],
    ['[5.0, 6.0[', '>=5.0.0 <6.0.0'],
    [']5.0, 6.0]', '>5.0.0 <=6.0.0'],
    ['(,4.39)', undefined],
    ['(1.5)', undefined],
  ])('range %s is %s', (spec, expected) => {
    expect(mavenSpecToSemver(spec)).toBe(expected);
  });
});

describe('pom.xml', () => {
  it('is a dependency file, read only for its versions', () => {
    expect(dependencyFileKind('svc/pom.xml')).toBe('maven-pom');
    expect(dependencyFileKind('svc/pom.xml.bak')).toBeNull();
    expect(alsoReadAsConfig('maven-pom')).toBe(false);
  });

  it('reads dependencies, dependencyManagement and profiles on the <version> line, with properties resolved', () => {
    const text = pom(
      `  <properties><jose.version>7.8</jose.version><jose.line>4</jose.line></properties>
  <dependencyManagement><dependencies>
${dependency('${jose.version}')}
  </dependencies></dependencyManagement>
  <dependencies>
${dependency('')}
    <dependency><groupId>io.jsonwebtoken</groupId><artifactId>jjwt-api</artifactId><version>0.9.1</version></dependency>
  </dependencies>
  <profiles><profile><dependencies>
${dependency('[${jose.line}.0,5.0)')}
  </dependencies></profile></profiles>`,
    );
    const { uses, notes, diagnostics } = read('pom.xml', text);
    expect(uses).toEqual([`6:97 ${NIMBUS} 7.8 7.8.0`, `13:97 ${NIMBUS} [4.0,5.0) >=4.0.0 <5.0.0`]);
    expect(notes).toEqual([]);
    expect(diagnostics).toEqual([]);
  });

  it('skips test scope and other groups, and reads a <version> split over lines on its value line', () => {
    const text = pom(`  <dependencies>
${dependency('4.0', '<scope>test</scope>')}
    <dependency><groupId>org.fork</groupId><artifactId>nimbus-jose-jwt</artifactId><version>4.0</version></dependency>
    <dependency>
      <groupId>com.nimbusds</groupId>
      <artifactId>nimbus-jose-jwt</artifactId>
      <version>
        4.0
      </version>
    </dependency>
  </dependencies>`);
    expect(read('pom.xml', text).uses).toEqual([`11:9 ${NIMBUS} 4.0 4.0.0`]);
  });

  it('resolves properties from an in-tree parent (relativePath or ../pom.xml) and ${project.version}', () => {
    const parent = pom('  <properties><jose.version>4.38</jose.version></properties>', '\n  <groupId>g</groupId><artifactId>parent</artifactId><version>7.1</version>');
    const child = pom(
      `  <dependencies>
${dependency('${jose.version}')}
${dependency('${project.version}')}
  </dependencies>`,
      '\n  <parent><groupId>g</groupId><artifactId>parent</artifactId><version>7.1</version></parent>\n  <artifactId>svc</artifactId>',
    );
    expect(read('svc/pom.xml', child, { 'pom.xml': parent }).uses).toEqual([`7:97 ${NIMBUS} 4.38 4.38.0`, `8:97 ${NIMBUS} 7.1 7.1.0`]);
    const elsewhere = child.replace('</parent>', '<relativePath>../build/parent</relativePath></parent>');
    expect(read('svc/pom.xml', elsewhere, { 'build/parent/pom.xml': parent }).uses).toEqual([`7:97 ${NIMBUS} 4.38 4.38.0`, `8:97 ${NIMBUS} 7.1 7.1.0`]);
  });

  it('does not take a pom of other coordinates as the parent, and says the version is unknown', () => {
    const other = pom('  <properties><jose.version>4.38</jose.version></properties>', '\n  <groupId>g</groupId><artifactId>not-the-parent</artifactId>');
    const child = pom(`  <dependencies>\n${dependency('${jose.version}')}\n  </dependencies>`, '\n  <parent><groupId>g</groupId><artifactId>parent</artifactId><version>1</version></parent>');
    const { uses, notes } = read('svc/pom.xml', child, { 'pom.xml': other });
    expect(uses).toEqual([]);
    expect(notes).toEqual([expect.stringMatching(/^svc\/pom\.xml:6: the version of com\.nimbusds:nimbus-jose-jwt \(\$\{jose\.version\}\) names a property that is not set/)]);
  });

  it('says so when a version comes from an external parent or a BOM, and is silent when an in-tree parent manages it', () => {
    const bom = pom(
      `  <dependencyManagement><dependencies>
    <dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-dependencies</artifactId><version>3.2.5</version><type>pom</type><scope>import</scope></dependency>
  </dependencies></dependencyManagement>
  <dependencies>
${dependency('')}
  </dependencies>`,
    );
    expect(read('pom.xml', bom).notes).toEqual(['pom.xml:8: the version of com.nimbusds:nimbus-jose-jwt comes from the BOM org.springframework.boot:spring-boot-dependencies, which is not in the scanned files; it was not judged']);
    const parent = pom(`  <dependencyManagement><dependencies>\n${dependency('9.37.3')}\n  </dependencies></dependencyManagement>`, '\n  <groupId>g</groupId><artifactId>parent</artifactId>');
    const child = pom(`  <dependencies>\n${dependency('')}\n  </dependencies>`, '\n  <parent><groupId>g</groupId><artifactId>parent</artifactId><version>1</version></parent>');
    expect(read('svc/pom.xml', child, { 'pom.xml': parent })).toMatchObject({ uses: [], notes: [] });
  });

  it('survives cyclic parents and self-referencing properties', () => {
    const a = pom(`  <properties><v>\${v}</v></properties>\n  <dependencies>\n${dependency('${v}')}\n  </dependencies>`, '\n  <parent><groupId>g</groupId><artifactId>b</artifactId><relativePath>b/pom.xml</relativePath></parent><groupId>g</groupId><artifactId>a</artifactId>');
    const b = pom('', '\n  <parent><groupId>g</groupId><artifactId>a</artifactId><relativePath>../pom.xml</relativePath></parent><groupId>g</groupId><artifactId>b</artifactId>');
    const { uses, notes } = read('pom.xml', a, { 'b/pom.xml': b });
    expect(uses).toEqual([]);
    expect(notes).toHaveLength(1);
  });

  it('reads what it can of a malformed pom and reports the XML error', () => {
    const { uses, diagnostics } = read('pom.xml', pom(`  <dependencies>\n${dependency('7.0')}\n  <dependencies>`));
    expect(uses).toEqual([`5:97 ${NIMBUS} 7.0 7.0.0`]);
    expect(diagnostics).toEqual([expect.stringMatching(/^pom\.xml:\d+:\d+: XML: /)]);
  });

  it('neither expands nor resolves DOCTYPE entities (billion laughs, external entities)', () => {
    const entities = [' <!ENTITY lol "lol">'];
    for (let i = 1; i <= 9; i++) entities.push(` <!ENTITY lol${i} "${`&lol${i - 1 || ''};`.repeat(10)}">`);
    const text = `<?xml version="1.0"?>\n<!DOCTYPE project [\n${entities.join('\n')}\n <!ENTITY v SYSTEM "file:///etc/hostname">\n]>\n<project>\n  <dependencies>\n${dependency('&lol9;')}\n${dependency('&v;')}\n  </dependencies>\n</project>\n`;
    const { uses, diagnostics } = read('pom.xml', text);
    // The references stay as written: no version, so nothing to judge.
    expect(uses.map((u) => u.split(' ')[2])).toEqual(['&lol9;', '&v;']);
    expect(uses.every((u) => u.endsWith(' -'))).toBe(true);
    expect(diagnostics[0]).toMatch(/undefined entity/);
  });
});

describe('build.gradle and build.gradle.kts', () => {
  it('are dependency files; Gradle scripts are manifests to discovery', () => {
    expect(dependencyFileKind('app/build.gradle')).toBe('gradle-build');
    expect(dependencyFileKind('app/build.gradle.kts')).toBe('gradle-build');
    expect(dependencyFileKind('settings.gradle')).toBeNull();
    expect(fileKindOf('app/build.gradle.kts')).toBe('manifest');
  });

  it('reads string, interpolated and map notations in shipped configurations only', () => {
    const text = `ext {
    joseVersion = '7.8'
}
ext.other = "6.0"
def legacy = '4.0'
dependencies {
    implementation 'com.nimbusds:nimbus-jose-jwt:5.1'
    api("com.nimbusds:nimbus-jose-jwt:\${joseVersion}")
    compileOnly "com.nimbusds:nimbus-jose-jwt:$other"
    runtimeOnly group: 'com.nimbusds', name: 'nimbus-jose-jwt', version: legacy
    implementation(group = "com.nimbusds", name = "nimbus-jose-jwt", version = "6.1")
    testImplementation 'com.nimbusds:nimbus-jose-jwt:4.0'
    integrationTestImplementation 'com.nimbusds:nimbus-jose-jwt:4.0'
    // implementation 'com.nimbusds:nimbus-jose-jwt:4.0'
    /* implementation 'com.nimbusds:nimbus-jose-jwt:4.0'
       still a comment */
    implementation 'com.nimbusds:nimbus-jose-jwt:9.37.3:jdk8@jar'
    implementation 'io.jsonwebtoken:jjwt-api:0.11.5'
}
println 'com.nimbusds:nimbus-jose-jwt:4.0'
`;
    expect(read('build.gradle', text).uses).toEqual([
      `7:20 ${NIMBUS} 5.1 5.1.0`,
      `8:9 ${NIMBUS} 7.8 7.8.0`,
      `9:17 ${NIMBUS} 6.0 6.0.0`,
      `10:74 ${NIMBUS} 4.0 4.0.0`,
      `11:80 ${NIMBUS} 6.1 6.1.0`,
      `17:20 ${NIMBUS} 9.37.3 9.37.3`,
    ]);
  });

  it('says so when a version is not a literal of the file, or a variable is assigned twice', () => {
    const text = `var v = "4.0"
v = "9.37.3"
dependencies {
    implementation("com.nimbusds:nimbus-jose-jwt:\${libs.versions.nimbus.get()}")
    implementation("com.nimbusds:nimbus-jose-jwt:$v")
    implementation(libs.nimbus.jose.jwt)
}
`;
    const { uses, notes } = read('build.gradle.kts', text);
    expect(uses).toEqual([]);
    expect(notes).toEqual([
      'build.gradle.kts:4: the version of com.nimbusds:nimbus-jose-jwt (${libs.versions.nimbus.get()}) is not a literal in this file; it was not judged',
      'build.gradle.kts:5: the version of com.nimbusds:nimbus-jose-jwt ($v) is not a literal in this file; it was not judged',
    ]);
  });
});

describe('gradle.properties', () => {
  it('fills in variables the script does not assign, from the nearest gradle.properties above it', () => {
    const script = `val nimbusVersion: String by project\ndependencies {\n    implementation("com.nimbusds:nimbus-jose-jwt:$nimbusVersion")\n    implementation("com.nimbusds:nimbus-jose-jwt:\${joseVersion}")\n}\n`;
    const properties = 'nimbusVersion=7.2\njoseVersion = 9.37.3\n';
    expect(read('app/build.gradle.kts', script, { 'gradle.properties': properties }).uses).toEqual([`3:20 ${NIMBUS} 7.2 7.2.0`, `4:20 ${NIMBUS} 9.37.3 9.37.3`]);
    // A script assignment wins; a nearer gradle.properties without the name hides the root one.
    expect(read('app/build.gradle.kts', `val nimbusVersion = "9.0"\n${script}`, { 'gradle.properties': properties }).uses[0]).toBe(`4:20 ${NIMBUS} 9.0 9.0.0`);
    expect(read('app/build.gradle.kts', script, { 'gradle.properties': properties, 'app/gradle.properties': 'other=1\n' }).notes).toHaveLength(2);
  });
});

describe('Gradle version catalogs', () => {
  it('are dependency files only under gradle/', () => {
    expect(dependencyFileKind('gradle/libs.versions.toml')).toBe('gradle-catalog');
    expect(dependencyFileKind('gradle/deps.versions.toml')).toBe('gradle-catalog');
    expect(dependencyFileKind('config/libs.versions.toml')).toBeNull();
    expect(alsoReadAsConfig('gradle-catalog')).toBe(false);
  });

  it('reads module, group/name and string notations, version.ref and rich versions, on the library line', () => {
    const text = `[versions]
nimbus = "7.0.1"
rich = { require = "5.0" }

[libraries]
a = { module = "com.nimbusds:nimbus-jose-jwt", version.ref = "nimbus" }
b = "com.nimbusds:nimbus-jose-jwt:4.11"
c = { group = "com.nimbusds", name = "nimbus-jose-jwt", version.ref = "rich" }
d = { module = "com.nimbusds:nimbus-jose-jwt", version = { strictly = "[9.37, 10.0[" } }
e = { module = "com.nimbusds:nimbus-jose-jwt", version.ref = "missing" }
f = { module = "io.jsonwebtoken:jjwt-api", version = "0.11.5" }
`;
    const { uses, notes } = read('gradle/libs.versions.toml', text);
    expect(uses).toEqual([
      `6:16 ${NIMBUS} 7.0.1 7.0.1`,
      `7:5 ${NIMBUS} 4.11 4.11.0`,
      `8:15 ${NIMBUS} 5.0 5.0.0`,
      `9:16 ${NIMBUS} [9.37, 10.0[ >=9.37.0 <10.0.0`,
    ]);
    expect(notes).toEqual(['gradle/libs.versions.toml:10: the version of com.nimbusds:nimbus-jose-jwt (alias e, version.ref = "missing") is not set in this catalog; it was not judged']);
  });
});

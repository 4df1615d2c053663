// MSBuild projects and props, packages.config and packages.lock.json: which watched packages
// are recorded, where, with which version; central package management; what is said unknown.
import { describe, expect, it } from 'vitest';
import { extractDependencyFacts } from '../../src/config-files/dependencies.js';
import { nugetSpecToSemver, nugetVersionToSemver } from '../../src/config-files/dependencies-nuget.js';
import { alsoReadAsConfig, dependencyFileKind } from '../../src/config-files/dependency-files.js';
import { fileKindOf } from '../../src/discover/file-kind.js';
import { vulnerabilityOf } from '../../src/facts/jwt-advisories.js';

const SHR = 'Microsoft.IdentityModel.Protocols.SignedHttpRequest';

function read(file: string, text: string, others: Record<string, string> = {}) {
  const result = extractDependencyFacts(file, dependencyFileKind(file)!, text, (path) => others[path]);
  return { ...result, uses: result.facts.dependencies.map((d) => `${d.loc.line}:${d.loc.column} ${d.name} ${d.spec} ${d.semver ?? '-'} ${d.source}`) };
}

describe('NuGet versions', () => {
  it.each([
    ['6.34.0', '6.34.0'],
    ['6.34', '6.34.0'],
    ['6.34.0.1', '6.34.0'],
    ['7.0.0-preview4', '7.0.0-preview4'],
    ['7.0.0-preview.4', '7.0.0-preview.4'],
    ['$(Version)', undefined],
  ])('version %s is %s', (version, expected) => {
    expect(nugetVersionToSemver(version)).toBe(expected);
  });

  it.each([
    ['6.10.0', '6.10.0'],
    ['[6.10.0]', '6.10.0'],
    ['[6.0, 7.0)', '>=6.0.0 <7.0.0'],
    ['(6.0,)', '>6.0.0'],
    ['(, 7.0)', undefined],
    ['6.*', undefined],
    ['*', undefined],
  ])('spec %s is %s', (spec, expected) => {
    expect(nugetSpecToSemver(spec)).toBe(expected);
  });

  it('judges the 7.x previews by the advisory\'s second branch', () => {
    const dep = (spec: string) => ({ name: SHR, spec, source: 'manifest' as const, ecosystem: 'nuget' as const, semver: nugetSpecToSemver(spec)!, loc: { file: 'a.csproj', line: 1, column: 1, endLine: 1, endColumn: 2 } });
    expect(vulnerabilityOf(dep('7.0.0-preview4'))?.fixed).toBe('7.1.2');
    expect(vulnerabilityOf(dep('6.33.0'))?.fixed).toBe('6.34.0');
    expect(vulnerabilityOf(dep('6.35.0'))).toBeNull();
    expect(vulnerabilityOf(dep('7.1.2'))).toBeNull();
  });
});

describe('NuGet files', () => {
  it('are dependency files by name, case-insensitively, and MSBuild ones are manifests to discovery', () => {
    expect(dependencyFileKind('src/Api/Api.csproj')).toBe('msbuild');
    expect(dependencyFileKind('src/Lib/Lib.FSPROJ')).toBe('msbuild');
    expect(dependencyFileKind('directory.packages.props')).toBe('msbuild');
    expect(dependencyFileKind('Directory.Build.props')).toBe('msbuild');
    expect(dependencyFileKind('web/packages.config')).toBe('nuget-packages-config');
    expect(dependencyFileKind('src/Api/packages.lock.json')).toBe('nuget-lockfile');
    expect(dependencyFileKind('Directory.Build.targets')).toBeNull();
    expect(fileKindOf('Directory.Packages.props')).toBe('manifest');
    expect(fileKindOf('web/packages.config')).toBe('manifest');
    expect(alsoReadAsConfig('nuget-lockfile')).toBe(false);
  });

  it('reads PackageReference versions as attribute or child, with VersionOverride and $(Property) resolved', () => {
    const text = `<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><ShrVersion>7.0.3</ShrVersion></PropertyGroup>
  <ItemGroup>
    <PackageReference Include="${SHR}" Version="6.10.0" />
    <packagereference include="${SHR.toLowerCase()}"><version>$(ShrVersion)</version></packagereference>
    <PackageReference Include="${SHR}" Version="6.10.0" VersionOverride="7.1.2" />
    <PackageReference Include="${SHR}" Version="$(Unknown)" />
    <PackageReference Include="${SHR}.Extras" Version="1.0.0" />
    <PackageReference Include="System.IdentityModel.Tokens.Jwt" Version="6.10.0" />
  </ItemGroup>
</Project>`;
    const { uses, notes } = read('Api.csproj', text);
    expect(uses).toEqual([`4:94 ${SHR} 6.10.0 6.10.0 manifest`, `5:94 ${SHR} 7.0.3 7.0.3 manifest`, `6:119 ${SHR} 7.1.2 7.1.2 manifest`]);
    expect(notes).toEqual([`Api.csproj:7: the version of ${SHR} ($(Unknown)) names an MSBuild property set neither in this file nor in Directory.Build.props; it was not judged`]);
  });

  it('takes a versionless reference from the nearest Directory.Packages.props, which is reported itself', () => {
    const props = `<Project><ItemGroup>\n  <PackageVersion Include="${SHR}" Version="[6.30.0, 7.0.0)" />\n</ItemGroup></Project>`;
    const project = `<Project><ItemGroup><PackageReference Include="${SHR}" /></ItemGroup></Project>`;
    expect(read('Directory.Packages.props', props).uses).toEqual([`2:90 ${SHR} [6.30.0, 7.0.0) >=6.30.0 <7.0.0 manifest`]);
    expect(read('src/Api/Api.csproj', project, { 'Directory.Packages.props': props })).toMatchObject({ uses: [], notes: [] });
    // A nearer props file that does not set the package is the one MSBuild imports.
    const nearer = read('src/Api/Api.csproj', project, { 'Directory.Packages.props': props, 'src/Directory.Packages.props': '<Project/>' });
    expect(nearer.notes).toEqual([`src/Api/Api.csproj:1: ${SHR} has no version here and no Directory.Packages.props in the scanned files sets one; it was not judged`]);
  });

  it('resolves $(Property) from the nearest Directory.Build.props, the project\'s own properties overriding it', () => {
    const props = '<Project><PropertyGroup><ShrVersion>6.20.0</ShrVersion><Other>1</Other></PropertyGroup></Project>';
    const project = (own: string) => `<Project>${own}<ItemGroup><PackageReference Include="${SHR}" Version="$(ShrVersion)" /></ItemGroup></Project>`;
    expect(read('src/Api/Api.csproj', project(''), { 'Directory.Build.props': props }).uses).toEqual([`1:110 ${SHR} 6.20.0 6.20.0 manifest`]);
    expect(read('src/Api/Api.csproj', project('<PropertyGroup><ShrVersion>7.1.2</ShrVersion></PropertyGroup>'), { 'Directory.Build.props': props }).uses).toEqual([`1:171 ${SHR} 7.1.2 7.1.2 manifest`]);
  });

  it('reads packages.config', () => {
    const text = `<?xml version="1.0" encoding="utf-8"?>
<packages>
  <package id="${SHR}" version="6.8.0" targetFramework="net48" />
  <package id="Newtonsoft.Json" version="13.0.3" />
</packages>`;
    expect(read('packages.config', text).uses).toEqual([`3:78 ${SHR} 6.8.0 6.8.0 manifest`]);
  });

  it('reads packages.lock.json resolved versions per target framework', () => {
    const text = `{
  "version": 1,
  "dependencies": {
    "net6.0": { "${SHR}": { "type": "Direct", "requested": "[6.10.0, )", "resolved": "6.10.0" } },
    "net8.0": {
      "${SHR}": {
        "type": "Transitive",
        "resolved": "7.1.2"
      }
    }
  }
}`;
    expect(read('packages.lock.json', text).uses).toEqual([`4:131 ${SHR} 6.10.0 6.10.0 lockfile`, `8:21 ${SHR} 7.1.2 7.1.2 lockfile`]);
  });

  it('reads what it can of a malformed project and reports the XML error', () => {
    const { uses, diagnostics } = read('Api.csproj', `<Project>\n<ItemGroup>\n<PackageReference Include="${SHR}" Version="6.1.0">\n</ItemGroup>`);
    expect(uses).toEqual([`3:90 ${SHR} 6.1.0 6.1.0 manifest`]);
    expect(diagnostics).toEqual([expect.stringMatching(/^Api\.csproj:\d+:\d+: XML: /)]);
  });
});

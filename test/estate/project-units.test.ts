// Maven, Gradle and MSBuild projects in the unit map: a library compiled into one service is
// that service; a library shared by several services, an aggregator pom and a test project
// are told apart (src/estate/project-references.ts).
import { describe, expect, it } from 'vitest';
import { UnitMap } from '../../src/estate/units.js';

function unitMap(files: Record<string, string>, extraPaths: string[] = []) {
  return new UnitMap([...Object.keys(files), ...extraPaths], new Map(Object.entries(files)), []);
}

const csproj = (sdk: string, body = '') => `<Project Sdk="${sdk}">\n  <PropertyGroup><TargetFramework>net8.0</TargetFramework></PropertyGroup>\n${body}\n</Project>\n`;
const ref = (path: string) => `  <ItemGroup><ProjectReference Include="${path}" /></ItemGroup>`;

describe('.NET projects', () => {
  it('folds a class library referenced by one web project into it, following library chains', () => {
    const map = unitMap(
      {
        'src/Host/Host.csproj': csproj('Microsoft.NET.Sdk.Web', ref('..\\Modules\\Identity\\Identity.csproj')),
        'src/Modules/Identity/Identity.csproj': csproj('Microsoft.NET.Sdk', ref('..\\..\\Core\\Core.csproj')),
        'src/Core/Core.csproj': csproj('Microsoft.NET.Sdk'),
        'tests/Host.Tests/Host.Tests.csproj': csproj('Microsoft.NET.Sdk', `${ref('..\\..\\src\\Core\\Core.csproj')}\n  <ItemGroup><PackageReference Include="Microsoft.NET.Test.Sdk" Version="17.9.0" /></ItemGroup>`),
      },
      ['src/Modules/Identity/TokenService.cs', 'src/Core/Keys.cs'],
    );
    expect(map.units.map((u) => u.name).sort()).toEqual(['Host', 'Host.Tests']);
    expect(map.unitOfFile('src/Modules/Identity/TokenService.cs')?.name).toBe('Host');
    expect(map.unitOfFile('src/Core/Keys.cs')?.name).toBe('Host');
  });

  it('keeps a library built into two services, and two services, as units of their own', () => {
    const map = unitMap({
      'Orders/Orders.csproj': csproj('Microsoft.NET.Sdk.Web', ref('../Shared/Shared.csproj')),
      'Billing/Billing.csproj': csproj('Microsoft.NET.Sdk', `  <PropertyGroup><OutputType>Exe</OutputType></PropertyGroup>\n${ref('../Shared/Shared.csproj')}`),
      'Shared/Shared.csproj': csproj('Microsoft.NET.Sdk'),
    });
    expect(map.units.map((u) => u.name).sort()).toEqual(['Billing', 'Orders', 'Shared']);
  });

  it('never folds a web project into another one that references it', () => {
    const map = unitMap({
      'Gateway/Gateway.csproj': csproj('Microsoft.NET.Sdk.Web', ref('../Auth/Auth.csproj')),
      'Auth/Auth.csproj': csproj('Microsoft.NET.Sdk.Web'),
    });
    expect(map.units.map((u) => u.name).sort()).toEqual(['Auth', 'Gateway']);
  });

  it('reads a malformed project file as an ordinary unit', () => {
    const map = unitMap({ 'Api/Api.csproj': '<Project Sdk="Microsoft.NET.Sdk.Web"><ItemGroup>', 'Lib/Lib.csproj': '<<<' });
    expect(map.units.map((u) => u.name).sort()).toEqual(['Api', 'Lib']);
  });
});

const pom = (artifactId: string, body = '', packaging = 'jar') =>
  `<project><modelVersion>4.0.0</modelVersion><groupId>com.acme</groupId><artifactId>${artifactId}</artifactId><packaging>${packaging}</packaging>${body}</project>`;
const dep = (artifactId: string, extra = '') => `<dependency><groupId>com.acme</groupId><artifactId>${artifactId}</artifactId>${extra}</dependency>`;
const bootPlugin = '<build><plugins><plugin><groupId>org.springframework.boot</groupId><artifactId>spring-boot-maven-plugin</artifactId></plugin></plugins></build>';

describe('Maven modules', () => {
  it('skips the aggregator, names modules by artifactId and folds a library module into its one Spring Boot app', () => {
    const map = unitMap(
      {
        'pom.xml': pom('parent', '<modules><module>auth-api</module><module>auth-core</module></modules>', 'pom'),
        'auth-api/pom.xml': pom('auth-api', `<dependencies>${dep('auth-core')}</dependencies>${bootPlugin}`),
        'auth-core/pom.xml': pom('auth-core'),
      },
      ['auth-core/src/main/java/com/acme/JwtService.java'],
    );
    expect(map.units.map((u) => u.name)).toEqual(['auth-api']);
    expect(map.unitOfFile('auth-core/src/main/java/com/acme/JwtService.java')?.name).toBe('auth-api');
  });

  it('does not fold through a test-scoped dependency or an unknown group', () => {
    const map = unitMap({
      'app/pom.xml': pom('app', `<dependencies>${dep('testkit', '<scope>test</scope>')}<dependency><groupId>org.other</groupId><artifactId>lib</artifactId></dependency></dependencies>${bootPlugin}`),
      'testkit/pom.xml': pom('testkit'),
      'lib/pom.xml': pom('lib'),
    });
    expect(map.units.map((u) => u.name).sort()).toEqual(['app', 'lib', 'testkit']);
  });
});

describe('Gradle projects', () => {
  it("folds a java-library into the one application that uses project(':…'), relative to the settings file", () => {
    const map = unitMap(
      {
        'backend/api/build.gradle': "plugins {\n  id 'org.springframework.boot' version '3.2.0'\n}\ndependencies {\n  implementation project(':common:security')\n}\n",
        'backend/common/security/build.gradle.kts': 'plugins {\n  `java-library`\n}\n',
      },
      ['backend/settings.gradle', 'backend/common/security/src/main/java/Jwt.java'],
    );
    expect(map.units.map((u) => u.name)).toEqual(['api']);
    expect(map.unitOfFile('backend/common/security/src/main/java/Jwt.java')?.name).toBe('api');
  });

  it('ignores a commented-out project dependency', () => {
    const map = unitMap({
      'api/build.gradle': "plugins { id 'application' }\n// implementation project(':lib')\n",
      'lib/build.gradle': "plugins { id 'java-library' }\n",
    });
    expect(map.units.map((u) => u.name).sort()).toEqual(['api', 'lib']);
  });
});

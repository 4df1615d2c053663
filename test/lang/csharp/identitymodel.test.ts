import { beforeAll, describe, expect, it } from 'vitest';
import type { LanguageSources } from '../../../src/lang/front-end.js';
import { csharpFrontEnd } from '../../../src/lang/csharp/index.js';
import { extractCsharpFacts, isCsharpTestPath } from '../../../src/lang/csharp/extract-csharp.js';
import { csharpMayMatter, loadCsharpParser } from '../../../src/lang/csharp/parse-csharp.js';
import { scanFiles } from '../../helpers/scan.js';

beforeAll(async () => {
  await loadCsharpParser();
});

const HEAD = 'using System;\nusing System.IdentityModel.Tokens.Jwt;\nusing System.Text;\nusing Microsoft.IdentityModel.Tokens;\n\n';

function sources(files: Record<string, string>): LanguageSources {
  const paths = Object.keys(files).filter((p) => p.endsWith('.cs')).sort();
  return { paths, text: (p) => files[p], anyText: (p) => files[p], allPaths: Object.keys(files).sort() };
}

function facts(body: string, file = 'Api/Auth.cs', others: Record<string, string> = {}) {
  const text = `${HEAD}${body}`;
  return extractCsharpFacts(file, text, undefined, sources({ [file]: text, ...others })).facts!;
}

describe('C# front end', () => {
  it('mayMatter keeps files that use a JWT namespace, configure JwtBearer or hold a token, and nothing else', () => {
    expect(csharpMayMatter('using System.IdentityModel.Tokens.Jwt;')).toBe(true);
    expect(csharpMayMatter('using Microsoft.IdentityModel.Tokens;\n')).toBe(true);
    expect(csharpMayMatter('using JWT.Algorithms;')).toBe(true);
    expect(csharpMayMatter('builder.Services.AddAuthentication().AddJwtBearer(o => {});')).toBe(true);
    expect(csharpMayMatter('using JWTHelpers;\nclass A {}')).toBe(false);
    expect(csharpMayMatter('using System.Text;\n// jwt tokens\nclass A {}')).toBe(false);
    expect(csharpFrontEnd).toMatchObject({ language: 'C#', kind: 'csharp' });
  });

  it('new JwtSecurityToken: key and algorithm from SigningCredentials, lifetime from expires, a class constant as the secret', () => {
    const f = facts('class T {\n  const string Key = "0123456789abcdef0123456789abcdef";\n  string I() {\n    var creds = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(Key)), SecurityAlgorithms.HmacSha512);\n    var t = new JwtSecurityToken(issuer: "i", audience: "a", expires: DateTime.UtcNow.AddHours(2), signingCredentials: creds);\n    return new JwtSecurityTokenHandler().WriteToken(t);\n  }\n}\n');
    expect(f.callSites).toHaveLength(1);
    expect(f.callSites[0]).toMatchObject({ library: 'System.IdentityModel.Tokens.Jwt', api: 'new JwtSecurityToken', operation: 'sign', loc: { line: 10 }, key: { kind: 'hmac-secret' }, signAlgorithm: { kind: 'explicit', values: [{ name: 'HS512', loc: { line: 9 } }] }, lifetime: { kind: 'seconds', seconds: 7200, loc: { line: 10 } } });
    expect(f.secrets).toHaveLength(1);
    expect(f.secrets[0]).toMatchObject({ material: { byteLength: 32, route: 'constant', loc: { line: 7 } }, hmac: true, algorithms: ['HS512'] });
  });

  it('positional JwtSecurityToken without expires is absent; a descriptor without Expires is unknown (60 minutes by default)', () => {
    const f = facts('class T {\n  void I(SigningCredentials c) {\n    new JwtSecurityToken("i", "a", null, null, null, c);\n    new SecurityTokenDescriptor { SigningCredentials = c };\n    new SecurityTokenDescriptor { SigningCredentials = c, Expires = DateTime.UtcNow.Add(TimeSpan.FromDays(7)) };\n  }\n}\n');
    expect(f.callSites.map((s) => s.lifetime)).toMatchObject([{ kind: 'absent' }, { kind: 'unknown' }, { kind: 'seconds', seconds: 604_800 }]);
  });

  it('environment and configuration keys carry their variable names (Jwt:Key read as Jwt__Key); ?? "lit" is an env fallback on its line', () => {
    const f = facts('class T {\n  void V(string token, IConfiguration config) {\n    var p = new TokenValidationParameters {\n      IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(config.GetSection("Jwt")["Key"])),\n    };\n    new JwtSecurityTokenHandler().ValidateToken(token, p, out _);\n    var k = new SymmetricSecurityKey(Encoding.ASCII.GetBytes(Environment.GetEnvironmentVariable("JWT_SECRET") ?? "dev-only-fallback"));\n  }\n}\n');
    expect(f.callSites[0]).toMatchObject({ api: 'ValidateToken', operation: 'verify', loc: { line: 11 }, key: { kind: 'hmac-secret', envNames: ['Jwt__Key'], envReads: [{ name: 'Jwt__Key', loc: { line: 9 } }] }, verifyAlgorithms: { kind: 'default', hmacByDefault: true }, issuer: 'present', audience: 'present' });
    expect(f.secrets).toHaveLength(1);
    expect(f.secrets[0]!.material).toMatchObject({ route: 'env-fallback', envName: 'JWT_SECRET', loc: { line: 12 } });
  });

  it('verbatim, raw and hole-free interpolated strings are literals', () => {
    const f = facts('class T {\n  SecurityKey A() => new SymmetricSecurityKey(Encoding.UTF8.GetBytes(@"verbatim ""quoted"" key"));\n  SecurityKey B() => new SymmetricSecurityKey(Encoding.UTF8.GetBytes("""\n    raw-key-text\n    """));\n  SecurityKey C() => new SymmetricSecurityKey(Encoding.UTF8.GetBytes($"interpolated-key"));\n  SecurityKey D(string x) => new SymmetricSecurityKey(Encoding.UTF8.GetBytes($"prefix-{x}"));\n}\n');
    expect(f.secrets.map((s) => [s.material.loc.line, s.material.text])).toEqual([[7, 'verbatim "quoted" key'], [8, 'raw-key-text'], [11, 'interpolated-key']]);
  });

  it('constants of other classes in the repository are read (each file parsed once)', () => {
    const other = 'namespace Api;\npublic static class Settings {\n  public const string JwtKey = "an-other-file-secret-0123456789abcdef";\n}\n';
    const f = facts('class T {\n  SecurityKey K() => new SymmetricSecurityKey(Encoding.UTF8.GetBytes(Settings.JwtKey));\n}\n', 'Api/Auth.cs', { 'Api/Settings.cs': other });
    expect(f.secrets[0]!.material).toMatchObject({ route: 'import', loc: { file: 'Api/Settings.cs', line: 3 } });
  });

  it('IOptions<T> bound to a section reads the project\'s appsettings values (other projects\' settings are not read)', () => {
    const startup = 'class Startup {\n  void C(IServiceCollection services, IConfiguration Configuration) { services.Configure<JwtSettings>(Configuration.GetSection(nameof(JwtSettings))); }\n}\n';
    const body = 'class T {\n  private readonly JwtSettings _jwt;\n  public T(IOptions<JwtSettings> o) { _jwt = o.Value; }\n  SecurityKey K() => new SymmetricSecurityKey(Encoding.UTF8.GetBytes(_jwt.Secret));\n}\n';
    const settings = '{\n  "JwtSettings": {\n    "Secret": "s3cr3t-value-from-appsettings-0123456789"\n  }\n}\n';
    const f = facts(body, 'Api/Services/Tokens.cs', { 'Api/Startup.cs': startup, 'Api/appsettings.Production.json': settings, 'Other/appsettings.json': settings });
    expect(f.secrets).toHaveLength(1);
    expect(f.secrets[0]!.material).toMatchObject({ loc: { file: 'Api/appsettings.Production.json', line: 3 } });
  });

  it('AddOptions<T>().BindConfiguration(section) binds the options class too', () => {
    const startup = 'static class Ext {\n  static void C(IServiceCollection services) { services.AddOptions<JwtOptions>().BindConfiguration("Auth:Jwt"); }\n}\n';
    const body = 'class T(IOptions<JwtOptions> options) {\n  SecurityKey K() => new SymmetricSecurityKey(Encoding.UTF8.GetBytes(options.Value.SigningKey));\n}\n';
    const f = facts(body, 'Api/Tokens.cs', { 'Api/Ext.cs': startup });
    expect(f.secrets).toEqual([]);
    const sites = extractCsharpFacts('Api/Tokens.cs', `${HEAD}${body}`, undefined, sources({ 'Api/Tokens.cs': `${HEAD}${body}`, 'Api/Ext.cs': startup, 'appsettings.json': '{ "Auth": { "Jwt": { "SigningKey": "bound-through-BindConfiguration-0123456789" } } }' })).facts!;
    expect(sites.secrets[0]!.material).toMatchObject({ loc: { file: 'appsettings.json', line: 1 } });
  });

  it('TokenValidationParameters: explicit switches are disabled checks on their lines; ValidAlgorithms pins', () => {
    const f = facts('class T {\n  void V(string token, RSA rsa) {\n    var p = new TokenValidationParameters {\n      ValidateIssuer = false,\n      ValidateAudience = false,\n      ValidateLifetime = false,\n      RequireSignedTokens = false,\n      ClockSkew = TimeSpan.FromMinutes(10),\n      ValidAlgorithms = new[] { SecurityAlgorithms.RsaSha256, "ES256" },\n      IssuerSigningKey = new RsaSecurityKey(rsa),\n    };\n    new JwtSecurityTokenHandler().ValidateToken(token, p, out _);\n  }\n}\n');
    expect(f.disabledChecks.map((d) => [d.check, d.loc.line])).toEqual([['issuer', 9], ['audience', 10], ['signature', 12]]);
    expect(f.callSites[0]).toMatchObject({ key: { kind: 'public-key' }, issuer: 'unknown', audience: 'unknown', expiry: { ignoreExpiration: { line: 11 }, clockTolerance: { seconds: 600, loc: { line: 13 } } }, verifyAlgorithms: { kind: 'explicit', values: [{ name: 'RS256' }, { name: 'ES256' }] } });
  });

  it('AddJwtBearer is the configure-once verifier at `.AddJwtBearer(`; Authority gives keys from the issuer (url origin)', () => {
    const f = facts('class S {\n  void C(IServiceCollection services) {\n    services.AddAuthentication()\n      .AddJwtBearer(o => {\n        o.Authority = "https://login.example.com";\n        o.Audience = "api";\n        o.TokenValidationParameters.ValidateIssuer = false;\n      });\n  }\n}\n');
    expect(f.callSites).toHaveLength(1);
    expect(f.callSites[0]).toMatchObject({ library: 'Microsoft.AspNetCore.Authentication.JwtBearer', api: 'AddJwtBearer', operation: 'configure', verifies: true, loc: { line: 9, column: 8 }, key: { kind: 'jwks', origin: 'url:https://login.example.com' }, verifyAlgorithms: { kind: 'default', hmacByDefault: false } });
    expect(f.disabledChecks).toMatchObject([{ check: 'issuer', loc: { line: 12 } }]);
  });

  it('AddJwtBearer with no options lambda (bound from configuration) is not judged', () => {
    const f = facts('class S {\n  void C(IServiceCollection services) { services.AddAuthentication().AddJwtBearer(); }\n}\n');
    expect(f.callSites[0]).toMatchObject({ audience: 'unknown', issuer: 'unknown', verifyAlgorithms: { kind: 'unknown' } });
  });

  it('ReadJwtToken of a request token whose claims decide is a decode from the request; after ValidateToken it is verified', () => {
    const f = facts('class G {\n  bool A(HttpContext ctx, TokenValidationParameters p) {\n    var raw = ctx.Request.Headers["Authorization"].ToString();\n    var jwt = new JwtSecurityTokenHandler().ReadJwtToken(raw);\n    if (jwt.Subject == "admin") return true;\n    return false;\n  }\n  bool B(string raw, JwtSecurityTokenHandler h, TokenValidationParameters p) {\n    h.ValidateToken(raw, p, out _);\n    var jwt = h.ReadJwtToken(raw);\n    return jwt.Subject == "x";\n  }\n  DateTime C(string raw) => new JwtSecurityToken(raw).ValidTo;\n}\n');
    expect(f.callSites.map((s) => [s.operation, s.loc.line])).toEqual([['decode', 9], ['decode', 15], ['decode', 18]]);
    const [request, verified, ctor] = f.callSites;
    expect(request!.decode).toMatchObject({ tokenSource: 'request', claimsDecide: true, verifiedInScope: false });
    expect(verified!.decode).toMatchObject({ verifiedInScope: true });
    expect(ctor!.decode).toMatchObject({ tokenSource: 'parameter' });
  });

  it('ReadToken is a decode only on a token handler', () => {
    const f = facts('class R {\n  void A(string t, JsonWebTokenHandler h, XmlTokenReader x) {\n    var a = new JwtSecurityTokenHandler().ReadToken(t);\n    var b = h.ReadToken(t);\n    var c = x.ReadToken(t);\n  }\n}\n');
    expect(f.callSites.map((s) => s.loc.line)).toEqual([8, 9]);
  });

  it('CreateJwtSecurityToken/CreateEncodedJwt with arguments are sign sites (a null expires gets the handler\'s 60 minutes); positional arguments after named ones keep their places', () => {
    const f = facts('class T {\n  private readonly SigningCredentials _creds;\n  public T(byte[] k) { _creds = new SigningCredentials(new SymmetricSecurityKey(k), SecurityAlgorithms.HmacSha256Signature); }\n  string A(ClaimsIdentity id) {\n    var h = new JwtSecurityTokenHandler();\n    return h.WriteToken(h.CreateJwtSecurityToken("iss", audience: null, id, notBefore: DateTime.UtcNow, expires: DateTime.UtcNow.AddDays(2), issuedAt: DateTime.UtcNow, _creds));\n  }\n  string B(SigningCredentials c) => new JwtSecurityTokenHandler().CreateEncodedJwt("iss", "aud", null, null, null, null, c);\n  string C(SecurityTokenDescriptor d) => new JwtSecurityTokenHandler().CreateEncodedJwt(d);\n}\n');
    expect(f.callSites.map((s) => [s.api, s.loc.line])).toEqual([['CreateJwtSecurityToken', 11], ['CreateEncodedJwt', 13]]);
    expect(f.callSites[0]).toMatchObject({ key: { kind: 'hmac-secret', fromParameter: true }, signAlgorithm: { kind: 'explicit', values: [{ name: 'HS256', loc: { line: 8 } }] }, lifetime: { kind: 'seconds', seconds: 172_800 } });
    expect(f.callSites[1]!.lifetime).toEqual({ kind: 'unknown' });
  });

  it('a field without initializer holds what a constructor assigns it; a local declared without one holds nothing until assigned', () => {
    const f = facts('class T {\n  private readonly SecurityKey _key;\n  private string _unset;\n  public T() { this._key = new SymmetricSecurityKey(Encoding.UTF8.GetBytes("ctor-assigned-key-0123456789abcdefghij")); }\n  SecurityKey K() => _key;\n  void V(string token) {\n    string raw;\n    raw = "assigned-later-key-0123456789abcdefghijk";\n    new JwtSecurityTokenHandler().ValidateToken(token, new TokenValidationParameters { IssuerSigningKey = _key, ValidAlgorithms = new[] { "HS256" } }, out _);\n    var k2 = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(raw));\n  }\n}\n');
    expect(f.callSites[0]).toMatchObject({ key: { kind: 'hmac-secret' } });
    expect(f.secrets.map((s) => s.material.loc.line).sort((a, b) => a - b)).toEqual([9, 13]);
  });

  it('test projects and *Tests.cs files are test code', () => {
    expect(isCsharpTestPath('src/Api.Tests/AuthTests.cs')).toBe(true);
    expect(isCsharpTestPath('Api.UnitTests/Jwt.cs')).toBe(true);
    expect(isCsharpTestPath('tests/Jwt.cs')).toBe(true);
    expect(isCsharpTestPath('src/Api/Auth.cs')).toBe(false);
    expect(isCsharpTestPath('src/Api/Contests.cs')).toBe(false);
  });

  it('a syntax error gives a note with its place and the rest of the file is read', () => {
    const result = extractCsharpFacts('Api/Broken.cs', `${HEAD}class T {\n  void Broken( {\n  }\n  void I(SigningCredentials c) { new JwtSecurityToken("i", "a", null, null, null, c); }\n}\n`);
    expect(result.problem).toMatchObject({ fatal: false });
    expect(result.problem!.message).toMatch(/Api\/Broken\.cs has a syntax error at line \d+, column \d+/);
    expect(result.facts!.callSites).toMatchObject([{ operation: 'sign', lifetime: { kind: 'absent' } }]);
    expect(result.libraries).toEqual([{ name: 'System.IdentityModel.Tokens.Jwt', modelled: true }]);
  });

  it('reports on the lines RULES.md names (scan of a small service)', async () => {
    const program = 'using Microsoft.AspNetCore.Authentication.JwtBearer;\nusing Microsoft.IdentityModel.Tokens;\nusing System.Text;\n\nvar builder = WebApplication.CreateBuilder(args);\nbuilder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)\n    .AddJwtBearer(options =>\n    {\n        options.TokenValidationParameters = new TokenValidationParameters\n        {\n            ValidateIssuer = false,\n            IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(builder.Configuration["Jwt:Key"]!)),\n        };\n    });\n';
    const result = await scanFiles({ 'Api/Program.cs': program, 'Api/Api.csproj': '<Project Sdk="Microsoft.NET.Sdk.Web"></Project>\n' });
    const lines = result.findings.filter((f) => f.location.file === 'Api/Program.cs').map((f) => `${f.location.line}:${f.ruleId}`).sort();
    expect(lines).toEqual(['11:missing-issuer', '7:symmetric-algorithm', '7:unpinned-algorithm']);
  });
});

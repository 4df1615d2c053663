// Found on gothinkster/aspnetcore-realworld-example-app: a C# 11 UTF-8 key literal, HMAC
// SigningCredentials handed to options (the token is built in another file), the verifier's key
// read back as `signingCredentials.Key`, and a TokenValidationParameters built into a variable
// and handed to `.AddJwtBearer(` (one verifier, not two).
import { beforeAll, describe, expect, it } from 'vitest';
import type { LanguageSources } from '../../../src/lang/front-end.js';
import { extractCsharpFacts } from '../../../src/lang/csharp/extract-csharp.js';
import { loadCsharpParser } from '../../../src/lang/csharp/parse-csharp.js';
import { scanFiles } from '../../helpers/scan.js';

beforeAll(async () => {
  await loadCsharpParser();
});

// Five lines: body line 1 is file line 6.
const HEAD = 'using System;\nusing System.IdentityModel.Tokens.Jwt;\nusing System.Text;\nusing Microsoft.IdentityModel.Tokens;\n\n';

function facts(body: string, file = 'Api/Auth.cs') {
  const text = `${HEAD}${body}`;
  const sources: LanguageSources = { paths: [file], text: () => text, anyText: () => text, allPaths: [file] };
  return extractCsharpFacts(file, text, undefined, sources).facts!;
}

describe('C# UTF-8 string literals', () => {
  it('"..."u8, "..."U8.ToArray(), @"..."u8 and raw """..."""u8 are the literal text, on the literal line', () => {
    const f = facts(
      'class T {\n' +
        '  SecurityKey A() => new SymmetricSecurityKey("plain-utf8-key-0123456789abcdefghij"u8.ToArray());\n' +
        '  SecurityKey B() => new SymmetricSecurityKey(@"verbatim ""q"" key-0123456789abcdef"u8.ToArray());\n' +
        '  SecurityKey C() => new SymmetricSecurityKey("""raw-utf8-key-0123456789abcdefghijkl"""u8.ToArray());\n' +
        '  SecurityKey D() => new SymmetricSecurityKey(\n    """\n    multi-line-raw-key-0123456789abcdef\n    """u8.ToArray());\n' +
        '  SecurityKey E() { var b = "upper-U8-key-0123456789abcdefghijkl"U8.ToArray(); return new SymmetricSecurityKey(b); }\n' +
        '}\n',
    );
    expect(f.secrets.map((s) => [s.material.loc.line, s.material.text, s.material.byteLength])).toEqual([
      [7, 'plain-utf8-key-0123456789abcdefghij', 35],
      [8, 'verbatim "q" key-0123456789abcdef', 33],
      [9, 'raw-utf8-key-0123456789abcdefghijkl', 35],
      [11, 'multi-line-raw-key-0123456789abcdef', 35],
      [14, 'upper-U8-key-0123456789abcdefghijkl', 35],
    ]);
  });

  it('a u8 literal that no key is built from, and ToArray of a parameter, are no secrets', () => {
    const f = facts('class T {\n  static ReadOnlySpan<byte> Prefix => "Bearer 0123456789abcdef0123456789"u8;\n  SecurityKey K(byte[] raw) => new SymmetricSecurityKey(raw.ToArray());\n}\n');
    expect(f.secrets).toEqual([]);
  });
});

const SETUP =
  'static class S {\n' +
  '  public static void AddJwt(IServiceCollection services) {\n' +
  '    var signingKey = new SymmetricSecurityKey("somethinglongerforthisdumbalgorithmisrequired"u8.ToArray());\n' +
  '    var signingCredentials = new SigningCredentials(signingKey, SecurityAlgorithms.HmacSha256);\n' +
  '    services.Configure<JwtIssuerOptions>(options => { options.SigningCredentials = signingCredentials; });\n' +
  '    var tokenValidationParameters = new TokenValidationParameters { IssuerSigningKey = signingCredentials.Key, ValidIssuer = "i", ValidAudience = "a", ClockSkew = TimeSpan.Zero };\n' +
  '    services.AddAuthentication("Bearer")\n' +
  '      .AddJwtBearer(options => { options.TokenValidationParameters = tokenValidationParameters; });\n' +
  '  }\n';

describe('HMAC SigningCredentials no token of the file is built with', () => {
  it('are their own sign record at new SigningCredentials, with the named algorithm and the key', () => {
    const f = facts(`${SETUP}}\n`);
    const signs = f.callSites.filter((s) => s.operation === 'sign');
    expect(signs).toHaveLength(1);
    expect(signs[0]).toMatchObject({ api: 'new SigningCredentials', loc: { line: 9 }, key: { kind: 'hmac-secret', material: { loc: { line: 8 } } }, signAlgorithm: { kind: 'explicit', values: [{ name: 'HS256', loc: { line: 9 } }] }, lifetime: { kind: 'unknown' } });
  });

  it('are not a second record when the same file builds the token with them', () => {
    const f = facts(`${SETUP}  static string Issue(SigningCredentials unused) {\n    var creds = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(Environment.GetEnvironmentVariable("K")!)), SecurityAlgorithms.HmacSha512);\n    return new JwtSecurityTokenHandler().WriteToken(new JwtSecurityToken("i", "a", null, null, DateTime.UtcNow.AddMinutes(5), creds));\n  }\n}\n`);
    const signs = f.callSites.filter((s) => s.operation === 'sign');
    expect(signs.map((s) => [s.api, s.loc.line])).toEqual([['new JwtSecurityToken', 17], ['new SigningCredentials', 9]]);
    expect(signs[0]).toMatchObject({ signAlgorithm: { kind: 'explicit', values: [{ name: 'HS512', loc: { line: 16 } }] } });
  });

  it('RSA credentials and credentials with an algorithm from a variable are no record', () => {
    const f = facts('class T {\n  void C(System.Security.Cryptography.RSA rsa, string alg, SecurityKey k) {\n    Register(new SigningCredentials(new RsaSecurityKey(rsa), SecurityAlgorithms.RsaSha256));\n    Register(new SigningCredentials(k, alg));\n  }\n  void Register(SigningCredentials c) {}\n}\n');
    expect(f.callSites).toEqual([]);
  });
});

describe('a TokenValidationParameters built into a variable and handed to AddJwtBearer', () => {
  it('is one verifier at .AddJwtBearer(, its key read back from signingCredentials.Key', () => {
    const f = facts(`${SETUP}}\n`);
    const verifiers = f.callSites.filter((s) => s.verifies);
    expect(verifiers).toHaveLength(1);
    expect(verifiers[0]).toMatchObject({ api: 'AddJwtBearer', loc: { line: 13 }, key: { kind: 'hmac-secret', material: { text: 'somethinglongerforthisdumbalgorithmisrequired', loc: { line: 8 } } }, verifyAlgorithms: { kind: 'default', hmacByDefault: true }, issuer: 'present', audience: 'present' });
  });

  it('a switch in it is one disabled check; a ValidateToken that also uses it is a second verifier at its own call', () => {
    const f = facts('class T {\n  static readonly TokenValidationParameters P = new TokenValidationParameters {\n    ValidAlgorithms = new[] { "HS256" },\n    ValidateAudience = false,\n  };\n  static void Add(IServiceCollection s) => s.AddAuthentication().AddJwtBearer(o => o.TokenValidationParameters = P);\n  void V(string t) => new JwtSecurityTokenHandler().ValidateToken(t, P, out _);\n}\n');
    expect(f.callSites.map((s) => [s.api, s.loc.line])).toEqual([['AddJwtBearer', 11], ['ValidateToken', 12]]);
    expect(f.disabledChecks).toMatchObject([{ check: 'audience', loc: { line: 9 } }]);
  });

  it('an AddJwtBearer that assigns another object, or a same-named variable of another method, keeps the object at its new', () => {
    const f = facts('class T {\n  void A(IServiceCollection s, TokenValidationParameters p) {\n    s.AddAuthentication().AddJwtBearer(o => o.TokenValidationParameters = p);\n  }\n  void B() {\n    var p = new TokenValidationParameters { ValidAlgorithms = new[] { "HS256" } };\n    Keep(p);\n  }\n  void Keep(TokenValidationParameters p) {}\n}\n');
    expect(f.callSites.map((s) => [s.api, s.loc.line]).sort()).toEqual([['AddJwtBearer', 8], ['new TokenValidationParameters', 11]]);
  });

  it('reports the realworld setup once per finding, on the lines RULES.md names', async () => {
    const text = `${HEAD}using Microsoft.AspNetCore.Authentication.JwtBearer;\n${SETUP}}\npublic class JwtIssuerOptions { public SigningCredentials SigningCredentials { get; set; } = null!; }\n`;
    const result = await scanFiles({ 'Api/ServicesExtensions.cs': text, 'Api/Api.csproj': '<Project Sdk="Microsoft.NET.Sdk.Web"></Project>\n' });
    const lines = result.findings.filter((f) => f.location.file === 'Api/ServicesExtensions.cs').map((f) => `${f.location.line}:${f.ruleId}`).sort();
    // HEAD plus one using: body line 1 is file line 7.
    expect(lines).toEqual(['10:symmetric-algorithm', '14:symmetric-algorithm', '14:unpinned-algorithm', '9:hardcoded-secret']);
  });
});

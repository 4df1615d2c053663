import { beforeAll, describe, expect, it } from 'vitest';
import type { LanguageSources } from '../../../src/lang/front-end.js';
import { extractCsharpFacts } from '../../../src/lang/csharp/extract-csharp.js';
import { loadCsharpParser } from '../../../src/lang/csharp/parse-csharp.js';

beforeAll(async () => {
  await loadCsharpParser();
});

const HEAD = 'using System;\nusing System.Collections.Generic;\nusing JWT;\nusing JWT.Algorithms;\nusing JWT.Builder;\nusing JWT.Serializers;\n\n';
const HEAD_LINES = 7;

function sources(files: Record<string, string>): LanguageSources {
  const paths = Object.keys(files).filter((p) => p.endsWith('.cs')).sort();
  return { paths, text: (p) => files[p], anyText: (p) => files[p], allPaths: Object.keys(files).sort() };
}

function facts(body: string, head = HEAD, file = 'Api/Tokens.cs', others: Record<string, string> = {}) {
  const text = `${head}${body}`;
  const result = extractCsharpFacts(file, text, undefined, sources({ [file]: text, ...others }));
  return { ...result.facts!, libraries: result.libraries };
}

/** Line numbers of `body` as the file numbers them. */
const at = (line: number) => HEAD_LINES + line;

describe('jwt-dotnet (NuGet JWT)', () => {
  it('a JwtBuilder encode is a sign site where the builder starts, with the algorithm on its line, the secret and an exp lifetime', () => {
    const f = facts('class T {\n  string I(string u) => JwtBuilder.Create()\n      .WithAlgorithm(new HMACSHA384Algorithm())\n      .WithSecret("k9Qm2Xv7Lb1Nr4Tz8Wc3Fh6Jp0Sd5Gy2Ae7Ui1Oo9Pl4Mk")\n      .AddClaim(ClaimName.ExpirationTime, DateTimeOffset.UtcNow.AddHours(2).ToUnixTimeSeconds())\n      .Encode();\n}\n');
    expect(f.libraries).toEqual([{ name: 'JWT', modelled: true }]);
    expect(f.callSites).toHaveLength(1);
    expect(f.callSites[0]).toMatchObject({ library: 'JWT', api: 'JwtBuilder.Encode', operation: 'sign', loc: { line: at(2) }, key: { kind: 'hmac-secret' }, signAlgorithm: { kind: 'explicit', values: [{ name: 'HS384', loc: { line: at(3) } }] }, lifetime: { kind: 'seconds', seconds: 7200, loc: { line: at(5) } } });
    expect(f.secrets.map((s) => [s.material.loc.line, s.material.byteLength, s.algorithms])).toEqual([[at(4), 46, ["HS384"]]]);
  });

  it('an encode without exp has no lifetime; ExpirationTime(...) and a payload "exp" key set one', () => {
    const f = facts('class T {\n  string K => Environment.GetEnvironmentVariable("JWT_SECRET");\n  string A() => JwtBuilder.Create().WithAlgorithm(new HMACSHA256Algorithm()).WithSecret(K).AddClaim("sub", "x").Encode();\n  string B() => JwtBuilder.Create().WithAlgorithm(new HMACSHA256Algorithm()).WithSecret(K).ExpirationTime(DateTime.UtcNow.AddMinutes(5)).Encode();\n  string C(IJwtEncoder e) => e.Encode(new Dictionary<string, object> { { "exp", UnixEpoch.GetSecondsSince(DateTime.UtcNow.AddDays(3)) } }, K);\n  string D(IJwtEncoder e, object payload) => e.Encode(payload, K);\n}\n');
    expect(f.callSites.map((s) => [s.api, s.lifetime])).toMatchObject([
      ['JwtBuilder.Encode', { kind: 'absent' }],
      ['JwtBuilder.Encode', { kind: 'seconds', seconds: 300 }],
      ['JwtEncoder.Encode', { kind: 'seconds', seconds: 259_200 }],
      ['JwtEncoder.Encode', { kind: 'unknown' }],
    ]);
  });

  it('a verifying builder pins the algorithm it is given and checks neither audience nor issuer; a factory picks from the header', () => {
    const f = facts('class T {\n  readonly string K = Environment.GetEnvironmentVariable("JWT_SECRET");\n  object A(string t) => JwtBuilder.Create().WithAlgorithm(new HMACSHA256Algorithm()).WithSecret(K).MustVerifySignature().Decode(t);\n  object B(string t) => JwtBuilder.Create().WithAlgorithmFactory(new HMACSHAAlgorithmFactory()).WithSecret(K).MustVerifySignature().Decode(t);\n}\n');
    expect(f.callSites).toMatchObject([
      { api: 'JwtBuilder.Decode', operation: 'verify', loc: { line: at(3) }, key: { kind: 'hmac-secret', envNames: ['JWT_SECRET'] }, verifyAlgorithms: { kind: 'explicit', values: [{ name: 'HS256' }] }, audience: 'absent', issuer: 'absent' },
      { operation: 'verify', verifyAlgorithms: { kind: 'default', hmacByDefault: true } },
    ]);
  });

  it('builders that do not verify are decodes: DoNotVerifySignature, ValidationParameters.None, NoneAlgorithm, no key and no algorithm', () => {
    const f = facts('class T {\n  object A(string t) => JwtBuilder.Create().DoNotVerifySignature().Decode(t);\n  object B(string t) => JwtBuilder.Create().WithValidationParameters(ValidationParameters.None).Decode(t);\n  object C(string t) => JwtBuilder.Create().WithAlgorithm(new NoneAlgorithm()).Decode(t);\n  object D(string t) => JwtBuilder.Create().Decode(t);\n  object E(string t) => JwtBuilder.Create().WithVerifySignature(false).WithSecret("x").Decode(t);\n  string F(string t) => JwtBuilder.Create().DecodeHeader(t);\n}\n');
    expect(f.callSites.map((s) => [s.operation, s.loc.line])).toEqual([['decode', at(2)], ['decode', at(3)], ['decode', at(4)], ['decode', at(5)], ['decode', at(6)]]);
    expect(f.callSites[0]!.decode).toMatchObject({ tokenSource: 'parameter' });
  });

  it('a builder kept in a local is followed to its root', () => {
    const f = facts('class T {\n  object A(string t, string k) {\n    var b = JwtBuilder.Create().WithAlgorithm(new HMACSHA512Algorithm()).WithSecret(k);\n    return b.MustVerifySignature().Decode(t);\n  }\n}\n');
    expect(f.callSites).toMatchObject([{ operation: 'verify', loc: { line: at(3) }, verifyAlgorithms: { kind: 'explicit', values: [{ name: 'HS512' }] }, key: { kind: 'hmac-secret', fromParameter: true } }]);
  });

  it('validation parameters: ValidateExpirationTime = false and a TimeMargin are expiry facts on their lines', () => {
    const f = facts('class T {\n  object A(string t, string k) => JwtBuilder.Create().WithAlgorithm(new HMACSHA256Algorithm()).WithSecret(k)\n    .WithValidationParameters(p => { p.ValidateExpirationTime = false; p.TimeMargin = 900; })\n    .Decode(t);\n}\n');
    expect(f.callSites[0]).toMatchObject({ operation: 'verify', expiry: { ignoreExpiration: { line: at(3) }, clockTolerance: { seconds: 900, loc: { line: at(3) } } } });
  });

  it('JwtDecoder: verify: false, a decoder without validator and an HMAC decoder\'s one-argument Decode are decodes; a key with verify is a verify, an RSA decoder verifies with its own key', () => {
    const f = facts('class T {\n  readonly string K = Environment.GetEnvironmentVariable("JWT_SECRET");\n  object A(IJwtDecoder d, string t) => d.Decode(t, K, verify: false);\n  object B(string t) => new JwtDecoder(new JsonNetSerializer(), new JwtBase64UrlEncoder()).DecodeToObject(t);\n  object C(string t, IJsonSerializer s, IJwtValidator v) => new JwtDecoder(s, v, new JwtBase64UrlEncoder(), new HMACSHA256Algorithm()).Decode(t);\n  object D(IJwtDecoder d, string t) => d.DecodeToObject<Dictionary<string, object>>(t, K, true);\n  object E(string t, System.Security.Cryptography.X509Certificates.X509Certificate2 c, IJsonSerializer s, IJwtValidator v) {\n    var d = new JwtDecoder(s, v, new JwtBase64UrlEncoder(), new RS256Algorithm(c));\n    return d.Decode(t);\n  }\n}\n');
    expect(f.callSites.map((s) => [s.api, s.operation])).toEqual([
      ['JwtDecoder.Decode', 'decode'],
      ['JwtDecoder.DecodeToObject', 'decode'],
      ['JwtDecoder.Decode', 'decode'],
      ['JwtDecoder.DecodeToObject', 'verify'],
      ['JwtDecoder.Decode', 'verify'],
    ]);
    expect(f.callSites[4]).toMatchObject({ key: { kind: 'public-key' }, verifyAlgorithms: { kind: 'explicit', values: [{ name: 'RS256' }] } });
  });

  it('code that forwards to a decoder (a caller\'s key, a run-time verify flag, a one-argument Decode on a decoder built elsewhere) is left to its callers', () => {
    const f = facts('static class X {\n  public static string A(this IJwtDecoder d, string t, string key, bool verify = true) => d.Decode(t, key, verify);\n  public static string B(this IJwtDecoder d, string t, string key) => d.Decode(t, key, true);\n  public static string C(this IJwtDecoder d, string t) => d.Decode(t);\n}\n');
    expect(f.callSites).toEqual([]);
  });

  it('1.x-4.x static JsonWebToken.Encode/Decode only under `using JWT;`, never Microsoft.IdentityModel\'s JsonWebToken', () => {
    const body = 'class T {\n  string A(object p) => JsonWebToken.Encode(p, "Wm3Qx8Lv2Nb7Rt1Zc5Kp9Hd4Jf0Sg6Ya3Ue8Io2Ol7Pk1Mn", JwtHashAlgorithm.HS256);\n  string B(string t, string k) => JsonWebToken.Decode(t, k, verify: false);\n  string C(string t, string k) => JsonWebToken.Decode(t, k);\n}\n';
    const f = facts(body);
    expect(f.callSites.map((s) => [s.api, s.operation])).toEqual([['JsonWebToken.Encode', 'sign'], ['JsonWebToken.Decode', 'decode'], ['JsonWebToken.Decode', 'verify']]);
    expect(f.callSites[0]).toMatchObject({ signAlgorithm: { kind: 'explicit', values: [{ name: 'HS256' }] }, lifetime: { kind: 'unknown' } });
    const ms = facts(body, 'using Microsoft.IdentityModel.JsonWebTokens;\n\n\n\n\n\n\n');
    expect(ms.callSites).toEqual([]);
  });

  it('the 4.x builder spelling (SetAlgorithm/SetSecret/Build) is the same builder; another library\'s JwtBuilder is not', () => {
    const f = facts('class T {\n  string A() => new JwtBuilder().SetAlgorithm(new HMACSHA256Algorithm()).SetSecret("Qw8Er2Ty6Ui0Op4As7Df1Gh5Jk9Lz3Xc8Vb2Nm6Qa0Ws4Ed").AddClaim("sub", "x").Build();\n}\n');
    expect(f.callSites).toMatchObject([{ api: 'JwtBuilder.Encode', signAlgorithm: { kind: 'explicit', values: [{ name: 'HS256' }] }, lifetime: { kind: 'absent' } }]);
    const other = facts('class T {\n  string A(string alg, string key) => new JwtBuilder(alg, "issuer", key, "aud").Build();\n  string B() => new JwtBuilder { Secret = "x" }.Encode();\n}\n', 'using Microsoft.AspNetCore.Identity;\n\n\n\n\n\n\n');
    expect(other.callSites).toEqual([]);
  });

  it('JWT.Extensions.AspNetCore AddJwt: Keys are HMAC key material, no audience or issuer check; VerifySignature = false is a switched-off signature check', () => {
    const head = 'using JWT;\nusing JWT.Extensions.AspNetCore;\n\n\n\n\n\n';
    const f = facts('class S {\n  void C(IServiceCollection s, IConfiguration config) {\n    s.AddAuthentication(JwtAuthenticationDefaults.AuthenticationScheme)\n      .AddJwt(o => { o.Keys = new[] { "Vb7Nm2Qw9Er4Ty1Ui6Op3As8Df5Gh0Jk2Lz7Xc4Vb9Nm1Qw", config["Jwt:Key"] }; });\n  }\n}\n', head);
    expect(f.callSites).toMatchObject([{ api: 'AddJwt', operation: 'configure', verifies: true, loc: { line: at(4) }, key: { kind: 'hmac-secret', envNames: ['Jwt__Key'] }, verifyAlgorithms: { kind: 'default', hmacByDefault: true }, audience: 'absent', issuer: 'absent' }]);
    expect(f.secrets.map((x) => x.material.loc.line)).toEqual([at(4)]);
    const off = facts('class S {\n  void C(AuthenticationBuilder b) {\n    b.AddJwt(o => {\n      o.VerifySignature = false;\n    });\n  }\n}\n', head);
    expect(off.disabledChecks).toMatchObject([{ check: 'signature', loc: { line: at(4) } }]);
    expect(off.callSites[0]!.verifies).toBe(false);
    // Not jwt-dotnet's: some other library's AddJwt.
    expect(facts('class S {\n  void C(AuthenticationBuilder b) { b.AddJwt(o => { o.Keys = new[] { "k" }; }); }\n}\n', 'using Other.Auth;\n\n\n\n\n\n\n').callSites).toEqual([]);
  });

  it('a builder under a global using (no `using JWT`) is still read', () => {
    const f = facts('class T {\n  string A(string k) => JwtBuilder.Create().WithAlgorithm(new HMACSHA256Algorithm()).WithSecret(k).Encode();\n}\n', 'namespace Api;\n\n\n\n\n\n\n');
    expect(f.callSites).toMatchObject([{ api: 'JwtBuilder.Encode', signAlgorithm: { kind: 'explicit', values: [{ name: 'HS256' }] } }]);
  });
});

const IM_HEAD = 'using System;\nusing Microsoft.IdentityModel.JsonWebTokens;\nusing Microsoft.IdentityModel.Tokens;\n\n';

describe('JsonWebTokenHandler', () => {
  it('CreateToken(json) without credentials is an unsigned token; with credentials a signed one; CreateToken(descriptor) is judged at the descriptor', () => {
    const f = facts('class T {\n  JsonWebTokenHandler _h = new();\n  string A(string json) => _h.CreateToken(json);\n  string B(string json, SigningCredentials c) => _h.CreateToken(json, c);\n  string C(SecurityTokenDescriptor d) => _h.CreateToken(d);\n  string D(object o) => new JsonWebTokenHandler().CreateToken(System.Text.Json.JsonSerializer.Serialize(o));\n  string E(string json, OtherHandler x) => x.CreateToken(json);\n}\n', IM_HEAD);
    expect(f.callSites.map((s) => [s.api, s.loc.line, s.unsecured ?? false])).toEqual([
      ['JsonWebTokenHandler.CreateToken', 7, true],
      ['JsonWebTokenHandler.CreateToken', 8, false],
      ['JsonWebTokenHandler.CreateToken', 10, true],
    ]);
  });

  it('ReadJsonWebToken is a decode; after ValidateTokenAsync of the same token it is verified', () => {
    const f = facts('class T {\n  JsonWebTokenHandler _h = new();\n  string A(Microsoft.AspNetCore.Http.HttpContext c) {\n    var jwt = _h.ReadJsonWebToken(c.Request.Headers["Authorization"].ToString());\n    if (jwt.Subject == "admin") return "y";\n    return "n";\n  }\n  async System.Threading.Tasks.Task<string> B(string raw, TokenValidationParameters p) {\n    var r = await _h.ValidateTokenAsync(raw, p);\n    if (!r.IsValid) return "";\n    return _h.ReadJsonWebToken(raw).Subject;\n  }\n}\n', IM_HEAD);
    const decodes = f.callSites.filter((s) => s.operation === 'decode');
    expect(decodes.map((s) => s.loc.line)).toEqual([8, 15]);
    expect(decodes[0]!.decode).toMatchObject({ tokenSource: 'request', claimsDecide: true });
    expect(decodes[1]!.decode).toMatchObject({ verifiedInScope: true });
  });
});

const PROGRAM = 'var builder = WebApplication.CreateBuilder(args);\n';

describe('configuration-driven JwtBearer (Authentication:Schemes)', () => {
  const scheme = (settings: string, code = 'builder.Services.AddAuthentication().AddJwtBearer();\n', others: Record<string, string> = {}) =>
    facts(code, PROGRAM, 'Api/Program.cs', { 'Api/appsettings.json': settings, ...others });

  it('a section without ValidAudiences/ValidIssuer gives absent checks at .AddJwtBearer(; SigningKeys are base64 HMAC keys', () => {
    const f = scheme('{ "Authentication": { "Schemes": { "Bearer": {\n  "SigningKeys": [ { "Issuer": "x", "Value": "q1Nn7dXb0VZtqH2wq0a0pUG9c1n3m6bJ0kGx4r5s8tU=" } ]\n} } } }\n');
    expect(f.callSites).toHaveLength(1);
    expect(f.callSites[0]).toMatchObject({ api: 'AddJwtBearer', loc: { line: 2 }, audience: 'absent', issuer: 'absent', key: { kind: 'hmac-secret' }, verifyAlgorithms: { kind: 'default', hmacByDefault: true } });
    expect(f.secrets[0]!.material).toMatchObject({ byteLength: 32, loc: { file: 'Api/appsettings.json', line: 2 } });
  });

  it('ValidAudiences and ValidIssuer in any of the project\'s files are present; Authority gives a key set and an issuer', () => {
    const dev = '{ "Authentication": { "Schemes": { "Bearer": { "ValidAudiences": [ "https://localhost:7201" ], "ValidIssuer": "dotnet-user-jwts" } } } }\n';
    const f = scheme('{ "Logging": {} }\n', undefined, { 'Api/appsettings.Development.json': dev });
    expect(f.callSites[0]).toMatchObject({ audience: 'present', issuer: 'present', key: null, verifyAlgorithms: { kind: 'unknown' } });
    const g = scheme('{ "Authentication:Schemes:Partners": { "Authority": "https://login.example", "ValidAudience": "api" } }\n', 'builder.Services.AddAuthentication().AddJwtBearer("Partners");\n');
    expect(g.callSites[0]).toMatchObject({ audience: 'present', issuer: 'present', key: { kind: 'jwks', origin: 'url:https://login.example' }, verifyAlgorithms: { kind: 'default', hmacByDefault: false } });
  });

  it('`Audience` in the section is not read by JwtBearer (absent); o.Audience in code is', () => {
    const settings = '{ "Authentication": { "Schemes": { "Bearer": { "Authority": "https://login.example", "Audience": "api" } } } }\n';
    expect(scheme(settings).callSites[0]).toMatchObject({ audience: 'absent', issuer: 'present' });
    expect(scheme(settings, 'builder.Services.AddAuthentication().AddJwtBearer(o => o.Audience = "api");\n').callSites[0]).toMatchObject({ audience: 'present' });
  });

  it('ValidateAudience: false in the section is left to the config reader (its own line), not doubled at the call', () => {
    const f = scheme('{ "Authentication": { "Schemes": { "Bearer": { "ValidIssuer": "i", "ValidateAudience": false } } } }\n');
    expect(f.callSites[0]!.audience).not.toBe('absent');
  });

  it('a lambda that assigns new TokenValidationParameters replaces the section; no section or another scheme\'s section is no judgement', () => {
    const settings = '{ "Authentication": { "Schemes": { "Bearer": { "ValidIssuer": "i" } } } }\n';
    const replaced = scheme(settings, 'builder.Services.AddAuthentication().AddJwtBearer(o => o.TokenValidationParameters = new TokenValidationParameters { ValidAudience = "a", ValidIssuer = "i" });\n');
    expect(replaced.callSites[0]).toMatchObject({ audience: 'present', issuer: 'present' });
    expect(scheme('{ "Logging": {} }\n').callSites[0]).toMatchObject({ audience: 'unknown', issuer: 'unknown' });
    expect(scheme(settings, 'builder.Services.AddAuthentication().AddJwtBearer("Other");\n').callSites[0]).toMatchObject({ audience: 'unknown' });
  });

  it('JwtBearerOptions configured elsewhere in the repository (Configure<JwtBearerOptions>, PostConfigure) leave the section unjudged', () => {
    const settings = '{ "Authentication": { "Schemes": { "Bearer": { "ValidIssuer": "i" } } } }\n';
    const other = { 'Api/Auth.cs': 'class A { void C(IServiceCollection s) { s.PostConfigure<JwtBearerOptions>("Bearer", o => o.Audience = "api"); } }\n' };
    expect(scheme(settings, undefined, other).callSites[0]).toMatchObject({ audience: 'unknown', issuer: 'unknown' });
  });

  it('only the project\'s own appsettings folder counts, not a parent folder\'s', () => {
    const settings = '{ "Authentication": { "Schemes": { "Bearer": { "ValidIssuer": "i" } } } }\n';
    const f = facts('builder.Services.AddAuthentication().AddJwtBearer();\n', PROGRAM, 'src/Api/Program.cs', { 'appsettings.json': settings, 'src/Api/appsettings.json': '{ "Logging": {} }\n' });
    expect(f.callSites[0]).toMatchObject({ audience: 'unknown' });
    const g = facts('builder.Services.AddAuthentication().AddJwtBearer();\n', PROGRAM, 'src/Api/Auth/Setup.cs', { 'src/Api/appsettings.json': settings });
    expect(g.callSites[0]).toMatchObject({ audience: 'absent', issuer: 'present' });
  });
});

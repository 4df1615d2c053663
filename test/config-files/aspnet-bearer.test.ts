import { describe, expect, it } from 'vitest';
import { extractConfigFacts, type ConfigContext } from '../../src/config-files/index.js';
import { base64KeyBytes } from '../../src/config-files/aspnet-bearer.js';
import { fileKindOf } from '../../src/discover/file-kind.js';
import type { FileFacts } from '../../src/facts/model.js';

const NO_LINKS: ConfigContext = { keyEnvNames: new Set(), lifetimeEnvNames: new Set() };
const KEY = 'q1Nn7dXb0VZtqH2wq0a0pUG9c1n3m6bJ0kGx4r5s8tU=';

function facts(path: string, text: string): FileFacts {
  return extractConfigFacts({ path, kind: fileKindOf(path), text }, NO_LINKS).facts;
}

const secrets = (f: FileFacts) => f.secrets.map((s) => [s.material.loc.line, s.material.byteLength, s.material.form]);

describe('JwtBearer signing keys in configuration (Authentication:Schemes)', () => {
  it('SigningKeys:N:Value is a base64 HMAC key, nested or under a flat colon key (user secrets)', () => {
    const nested = `{\n  "Authentication": { "Schemes": { "Bearer": {\n    "ValidIssuer": "dotnet-user-jwts",\n    "SigningKeys": [ { "Id": "1", "Issuer": "dotnet-user-jwts", "Value": "${KEY}", "Length": 32 } ]\n  } } }\n}\n`;
    expect(secrets(facts('Api/appsettings.Development.json', nested))).toEqual([[4, 32, 'buffer']]);
    const flat = `{\n  "Authentication:Schemes:Bearer:SigningKeys": [\n    { "Issuer": "dotnet-user-jwts", "Value": "${KEY}" }\n  ]\n}\n`;
    expect(secrets(facts('secrets.json', flat))).toEqual([[3, 32, 'buffer']]);
  });

  it('the environment-variable form and the .NET 7 <issuer>:KeyMaterial form', () => {
    expect(secrets(facts('.env', `Authentication__Schemes__Bearer__SigningKeys__0__Value=${KEY}\n`))).toEqual([[1, 32, 'buffer']]);
    expect(secrets(facts('appsettings.json', `{ "Authentication": { "Schemes": { "Bearer": { "dotnet-user-jwts": { "KeyMaterial": "${KEY}" } } } } }\n`))).toEqual([[1, 32, 'buffer']]);
  });

  it('look-alikes stay silent: the other SigningKeys fields, issuers and audiences, a Value elsewhere, a placeholder', () => {
    const text = `{\n  "Authentication": {\n    "Schemes": { "Bearer": { "ValidIssuer": "https://id.example", "ValidAudiences": [ "api" ], "SigningKeys": [ { "Id": "k1", "Issuer": "https://id.example", "Value": "" } ] } },\n    "Google": { "Value": "${KEY}" }\n  },\n  "Features": { "SigningKeys": [ { "Value": "${KEY}" } ] }\n}\n`;
    expect(facts('appsettings.json', text).secrets).toEqual([]);
  });

  it('base64KeyBytes decodes standard base64 only', () => {
    expect(base64KeyBytes(KEY)).toBe(32);
    expect(base64KeyBytes('not base64!')).toBeUndefined();
    expect(base64KeyBytes('abc')).toBeUndefined();
  });
});

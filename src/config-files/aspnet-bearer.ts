// ASP.NET Core's configuration-driven JWT bearer scheme (.NET 7+): `AddJwtBearer()` reads
// `Authentication:Schemes:<scheme>` (what `dotnet user-jwts` writes). Its signing keys are
// base64 HMAC secrets, `new SymmetricSecurityKey(Convert.FromBase64String(value))`:
// `SigningKeys:<n>:Value` (.NET 8+) and `<issuer>:KeyMaterial` (.NET 7). A committed value is a
// hardcoded key wherever it sits (appsettings, user-secrets `secrets.json`, `.env`, compose).
import type { ConfigEntry } from './types.js';

/** The key's segments as .NET configuration reads them: `:` in JSON keys and `__` in environment variable names both separate sections. */
function segments(entry: ConfigEntry): string[] {
  const raw = entry.envVar ? entry.key.split('__') : entry.path.flatMap((p) => p.split(':'));
  return raw.map((p) => p.toLowerCase());
}

/** A JwtBearer signing key in configuration (base64 HMAC key material). */
export function isBearerSigningKey(entry: ConfigEntry): boolean {
  const parts = segments(entry);
  if (parts.length < 5 || parts[0] !== 'authentication' || parts[1] !== 'schemes') return false;
  const rest = parts.slice(3);
  if (rest.length === 3 && rest[0] === 'signingkeys' && rest[2] === 'value') return [...rest[1]!].every((c) => c >= '0' && c <= '9');
  return rest.length === 2 && rest[1] === 'keymaterial';
}

/** Bytes of a base64 key (what `Convert.FromBase64String` yields), or undefined when the text is not base64. */
export function base64KeyBytes(text: string): number | undefined {
  const t = text.trim();
  if (t.length === 0 || t.length % 4 !== 0) return undefined;
  for (let i = 0; i < t.length; i++) {
    const c = t[i]!;
    const padding = c === '=' && i >= t.length - 2;
    if (!padding && !((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c === '+' || c === '/')) return undefined;
  }
  return Buffer.from(t, 'base64').length;
}

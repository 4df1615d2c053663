import type { DisabledCheck } from '../facts/model.js';
import type { ConfigEntry } from './types.js';

// Verification checks switched off in configuration: .NET `TokenValidationParameters`
// (`ValidateAudience`, `ValidateIssuer`, `ValidateLifetime`, `RequireExpirationTime`,
// `RequireSignedTokens`) and the env-var spellings of the same switches. A switch counts only
// under a JWT/bearer/token context, so `ValidateOnBuild` or a form validator's `validateIssuer`
// elsewhere stays silent.

const SWITCHES: { pattern: RegExp; check: DisabledCheck['check']; off: 'false' | 'true' }[] = [
  { pattern: /^validate[-_]?(audience|aud)$/i, check: 'audience', off: 'false' },
  { pattern: /^(verify|check)[-_]?(audience|aud)$/i, check: 'audience', off: 'false' },
  { pattern: /^validate[-_]?(issuer|iss)$/i, check: 'issuer', off: 'false' },
  { pattern: /^(verify|check)[-_]?(issuer|iss)$/i, check: 'issuer', off: 'false' },
  { pattern: /^(validate|verify|check)[-_]?(lifetime|expiration|expiry|exp)$/i, check: 'expiry', off: 'false' },
  { pattern: /^require[-_]?(expiration[-_]?time|exp|expiration)$/i, check: 'expiry', off: 'false' },
  { pattern: /^ignore[-_]?(expiration|expiry|exp)$/i, check: 'expiry', off: 'true' },
  { pattern: /^require[-_]?signed[-_]?tokens$/i, check: 'signature', off: 'false' },
  { pattern: /^(validate|verify)[-_]?signature$/i, check: 'signature', off: 'false' },
];

const JWT_CONTEXT = /jwt|bearer|token|oidc|openid|jws/i;

/** The switch name without a JWT prefix: `JWT_VALIDATE_AUDIENCE` → `VALIDATE_AUDIENCE`. */
function switchName(key: string): string {
  return key.replace(/^(jwt|token|bearer|auth)[-_.]?/i, '');
}

export function disabledChecksOf(entries: readonly ConfigEntry[]): DisabledCheck[] {
  const out: DisabledCheck[] = [];
  for (const entry of entries) {
    const value = entry.value.trim().toLowerCase();
    if (value !== 'true' && value !== 'false') continue;
    const name = switchName(entry.key);
    const match = SWITCHES.find((s) => s.pattern.test(name));
    if (!match || value !== match.off) continue;
    if (!JWT_CONTEXT.test(entry.path.join('.'))) continue;
    out.push({ check: match.check, setting: entry.path.join(':'), loc: entry.valueLoc });
  }
  return out;
}

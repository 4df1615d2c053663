import { defineRule } from '../src/rule-api.js';
import type { RuleReport, SourceLocation } from '../src/rule-api.js';

const UNITS: [seconds: number, singular: string][] = [
  [86_400, 'day'],
  [3_600, 'hour'],
  [60, 'minute'],
];

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/** Whole units read best ("30 days", "36 hours"); below two days hours are used, so 24h reads "24 hours". */
export function humaniseSeconds(seconds: number): string {
  const usable = UNITS.filter(([size]) => size !== 86_400 || seconds >= 2 * 86_400);
  for (const [size, unit] of usable) {
    if (seconds % size === 0) return plural(seconds / size, unit);
  }
  const [size, unit] = usable.find(([s]) => seconds >= s) ?? [1, 'second'];
  return size === 1 ? plural(seconds, unit) : `${(seconds / size).toFixed(1)} ${unit}s`;
}

export default defineRule({
  id: 'long-expiry',
  description: 'Finds token lifetimes above the configured maximum (24 hours by default).',
  severity: 'medium',
  severityReason: 'a leaked token stays usable for longer than the configured maximum',
  securitySeverity: 5.3,
  confidence: 'high',
  scope: 'file',
  standards: {
    nhi: ['NHI7'],
    csf: ['PR.AA-01'],
    cwe: ['CWE-613'],
  },
  messages: {
    expInMilliseconds:
      'This `exp` is a millisecond timestamp (`Date.now()` without `/ 1000`), but JWT times are seconds, so the token expires tens of thousands of years from now. Write `exp: Math.floor(Date.now() / 1000) + 15 * 60`, or let the library set it (`expiresIn: \'15m\'`).',
    tooLong:
      'Tokens from here live {{lifetime}}, longer than the {{threshold}} allowed, so a leaked token stays usable for that long. Issue short-lived access tokens (minutes) and renew them with revocable refresh tokens.',
  },
  remediation:
    'Keep access-token lifetimes short (minutes, at most the configured maximum) and renew sessions with refresh tokens that are stored server-side and can be revoked.',
  references: [
    { title: 'OWASP NHI7:2025 Long-Lived Secrets', url: 'https://owasp.org/www-project-non-human-identities-top-10/2025/7-long-lived-secrets/' },
    { title: 'OWASP Session Management Cheat Sheet: session expiration', url: 'https://cheatsheetseries.owasp.org/cheatsheets/Session_Management_Cheat_Sheet.html#session-expiration' },
    { title: 'RFC 9068 §2.2: JWT access token claims (`exp`)', url: 'https://www.rfc-editor.org/rfc/rfc9068#section-2.2' },
  ],
  options: {
    maxExpiry: {
      description: 'Longest acceptable token lifetime, as a duration (`24h`, `90m`, `7d`) or seconds. Lifetimes strictly above it are reported.',
      default: '24h',
    },
  },
  docs: {
    languages: [
      {
        language: 'Python',
        reading: "An `exp` of `now + timedelta(...)` or `time.time() + N` in a PyJWT, python-jose or Authlib payload, Flask-JWT-Extended `JWT_ACCESS_TOKEN_EXPIRES` / `expires_delta=`, SimpleJWT `ACCESS_TOKEN_LIFETIME` and drf-jwt `JWT_EXPIRATION_DELTA`, on the value. Refresh-token lifetimes are not judged: a revocable refresh token is the remedy.",
        incorrect: `exp = datetime.now(tz=timezone.utc) + timedelta(days=90)
token = jwt.encode({"sub": sub, "exp": exp}, key, algorithm="HS256")
`,
        correct: `exp = datetime.now(tz=timezone.utc) + timedelta(minutes=15)
token = jwt.encode({"sub": sub, "exp": exp}, key, algorithm="HS256")
`,
      },
      {
        language: 'Go',
        reading: "`ExpiresAt` of golang-jwt claims (`jwt.NewNumericDate(time.Now().Add(d))`, `time.Now().Add(d).Unix()`, `AddDate`), jwx `Expiration` and go-jose `Expiry`, on the duration (a `const` elsewhere in the file included).",
        incorrect: `claims := jwt.RegisteredClaims{ExpiresAt: jwt.NewNumericDate(time.Now().Add(90 * 24 * time.Hour))}
`,
        correct: `claims := jwt.RegisteredClaims{ExpiresAt: jwt.NewNumericDate(time.Now().Add(15 * time.Minute))}
`,
      },
      {
        language: 'Java',
        reading: "`currentTimeMillis() + N` (N in milliseconds), `plusHours`/`plus(n, ChronoUnit.DAYS)`, `Duration.of*`, and numbers `@Value` reads from settings, on the value; Nimbus `expirationTime(...)` and Spring `JwtClaimsSet` `expiresAt(...)` included. Kotlin reads the same values (`Date(System.currentTimeMillis() + EXPIRATION_MS)` with a `const val`, `Date.from(Instant.now().plus(90, ChronoUnit.DAYS))`).",
        incorrect: `Date expiry = new Date(System.currentTimeMillis() + 30L * 24 * 3600 * 1000);
`,
        correct: `Date expiry = new Date(System.currentTimeMillis() + 15 * 60 * 1000);
`,
      },
      {
        language: 'C#',
        reading: "`expires:` / `Expires =` values (`AddDays/AddHours/AddMinutes(n)`, `Add(TimeSpan.FromX(n))`), on the value's line; jwt-dotnet `exp` claims (`DateTimeOffset.UtcNow.AddDays(n).ToUnixTimeSeconds()`, `UnixEpoch.GetSecondsSince(...)`, `.ExpirationTime(...)`).",
        incorrect: `expires: DateTime.UtcNow.AddDays(30),
`,
        correct: `expires: DateTime.UtcNow.AddMinutes(15),
`,
      },
    ],
    whyItMatters:
      'A bearer token is valid for whoever holds it until it expires; JWTs usually cannot be revoked individually. A 30-day access token that leaks through a log, a proxy or a compromised browser gives an attacker a month of access, and users whose permissions were removed keep them just as long. OWASP NHI7 lists tokens whose expiry is too far in the future as a top risk.',
    incorrect: `import jwt from 'jsonwebtoken';

export function issueToken(userId, privateKey) {
  return jwt.sign({ sub: userId }, privateKey, { algorithm: 'RS256', expiresIn: '30d' });
}
`,
    correct: `import jwt from 'jsonwebtoken';

export function issueToken(userId, privateKey) {
  return jwt.sign({ sub: userId }, privateKey, { algorithm: 'RS256', expiresIn: '15m' });
}
`,
    remediation:
      'Lower `expiresIn` / `exp` / `setExpirationTime` / `maxAge` to minutes for access tokens. If users need to stay signed in for days, issue a refresh token kept in an httpOnly cookie and stored server-side so it can be revoked and rotated.',
    limitations:
      'Lifetimes computed in code are judged when their pieces are literals or followed values: `exp` from `Date.now()` / `new Date()` arithmetic (seconds or milliseconds, `Math.floor`, `/ 1000`), a `Date` moved by `setDate(getDate() + N)` and the other setters, moment/dayjs `add`, luxon `plus`, date-fns `add*`, `ms(\'30d\')`, jose `setExpirationTime` with a `Date`; the finding is on the line that holds the duration (the setter, the `add` amount, the constant or literal fallback). Lifetimes from values the resolver cannot follow are not judged (an `exp` is then present, of unknown length). Numbers without a unit are read as seconds unless the name says otherwise (`...Ms`, `_DAYS`, `Minutes`, `Hours`, `Days`); a named unit applies only when the value is the whole lifetime (multiplying it means the code converts units itself). Of two lifetimes in a conditional, the longer is judged. An `exp` built from `Date.now()` without `/ 1000` is a millisecond timestamp: it is reported with its own message, since read as seconds it never comes. The `exp` inside a hard-coded token literal is judged by `hardcoded-token`, not here. A lifetime passed to a project function that signs (a wrapper such as `signJwt(payload, secret, expiresIn)`, followed up to three wrappers deep and across modules) is judged where the caller writes it, and a helper that computes it from its arguments (`daysInMs(30)`) counts at its call. Library units: fast-jwt `expiresIn` is milliseconds (or an `ms` string), firebase-admin `createSessionCookie` `expiresIn` is milliseconds, oidc-provider `ttl` is seconds. For an OpenID provider (oidc-provider) the access token, client-credentials and ID token lifetimes count; refresh tokens, sessions, grants and single-use codes are server-side records it can revoke and are not judged. Auth.js `session.maxAge`/`jwt.maxAge` count only for JWT sessions (not `strategy: \'database\'`, nor an `adapter` without a strategy), and a default that is not written (Auth.js 30 days) has no line to report; better-auth `session.expiresIn` is a revocable database session and is not judged, its `cookieCache.maxAge` is when the cache is a JWT (`strategy: \'jwt\'` or `\'jwe\'`), and so is the JWT plugin\'s `expirationTime`.',
  },
  check({ facts, settings }) {
    const max = settings.maxExpirySeconds;
    const report = (seconds: number, loc: SourceLocation): RuleReport => ({
      loc,
      messageId: 'tooLong',
      data: { lifetime: humaniseSeconds(seconds), threshold: humaniseSeconds(max) },
    });
    const reports: RuleReport[] = [];
    for (const site of facts.callSites) {
      const lifetime = site.lifetime;
      if (lifetime?.kind !== 'seconds') continue;
      if (lifetime.milliseconds) {
        reports.push({ loc: lifetime.loc, messageId: 'expInMilliseconds', severityReason: 'an `exp` in milliseconds lies millennia ahead: the token never expires' });
      } else if (lifetime.seconds > max) reports.push(report(lifetime.seconds, lifetime.loc));
    }
    for (const value of facts.lifetimes) {
      if (value.seconds > max) reports.push(report(value.seconds, value.loc));
    }
    return reports;
  },
});

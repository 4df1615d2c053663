// Names that say a value is a bearer token or JWT key material. Shared by the storage and
// logging extractors so both agree on what "a token" is.

const TOKEN_NAME = /(token|jwt)s?$|^(jwt|token)_/i;
// Tokens that are not credentials: CSRF, pagination, push-notification, sales-channel
// identifiers (`channelToken`) and LLM usage tokens.
const NOT_A_CREDENTIAL =
  /csrf|xsrf|cancel|page|cursor|continuation|push|fcm|apns|device|sync|nonce|tokeniz|channel(_?or)?_?tokens?$|(total|max|min|num|prompt|completion|input|output|cached|reasoning|context|remaining)_?tokens?$|tokens?_?(count|length|usage|limit|used|remaining|type)/i;
const SECRET_NAME = /secrets?($|_|-|[A-Z])|signing_?key|private_?key/;
const NOT_A_JWT_SECRET = /client_?secret|clientSecret|webhook_?secret|stripe|recaptcha|captcha/i;

/** Objects whose `token` member identifies something rather than authenticating (`ctx.channel.token`, `page.token`). */
const NOT_A_CREDENTIAL_OWNER = /^(channel|page|pagination|paging|cursor|continuation|sync|csrf|xsrf)s?$/i;

/** `owner.token` where the owner says the token is an identifier, not a credential. */
export function isIdentifierTokenOwner(owner: string): boolean {
  return NOT_A_CREDENTIAL_OWNER.test(owner);
}

export function isTokenName(name: string): boolean {
  return TOKEN_NAME.test(name) && !NOT_A_CREDENTIAL.test(name);
}

export function isSecretName(name: string): boolean {
  return (SECRET_NAME.test(name) || /secret/i.test(name.replace(/[^a-z]/gi, '').slice(-6))) && !NOT_A_JWT_SECRET.test(name);
}

export function isAuthorizationName(name: string): boolean {
  return /^authorization$/i.test(name);
}

// What may follow a leading `token`/`jwt` word in a name that still holds the token itself
// (`token_value`, `jwtString`); anything else (`token_endpoint`, `token_type`, `jwt_expires_in`)
// names metadata about a token.
const TOKEN_VALUE_SUFFIX = new Set(['value', 'string', 'str', 'raw', 'text', 'plain', 'encoded', 'signed', 'compact', 'b64', 'base64']);
// First words that make a `…token` name a flag, a count or decoded claims (`hasToken`,
// `isJwt`, `numTokens`, `decodedToken`).
const NOT_A_VALUE_PREFIX = new Set(['is', 'has', 'should', 'can', 'need', 'needs', 'use', 'uses', 'with', 'without', 'no', 'num', 'count', 'max', 'min', 'total', 'decoded', 'verified', 'parsed']);

function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/(?<=[A-Z])(?=[A-Z][a-z])/g, '_')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/**
 * A name that says its value IS a token (the logging extractor's stricter reading of
 * `isTokenName`): `token`, `accessToken`, `id_token`, `jwt`, `token_value`; not metadata about
 * one (`token_endpoint`, `token_type`, `tokenExpiresAt`, `jwt_expires_in`), a flag or a count
 * (`hasToken`, `numTokens`), or decoded claims (`decodedToken`).
 */
export function isTokenValueName(name: string): boolean {
  if (!isTokenName(name)) return false;
  const words = nameWords(name);
  let last = -1;
  words.forEach((w, i) => {
    if (/^(token|jwt)s?$/.test(w)) last = i;
  });
  if (last < 0) return false;
  if (!words.slice(last + 1).every((w) => TOKEN_VALUE_SUFFIX.has(w))) return false;
  return !(words.length > 1 && NOT_A_VALUE_PREFIX.has(words[0]!));
}

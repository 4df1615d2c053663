// Names that say a value is a bearer token or JWT key material. Shared by the storage and
// logging extractors so both agree on what "a token" is.

const TOKEN_NAME = /(token|jwt)s?$|^(jwt|token)_/i;
// Tokens that are not credentials: CSRF, pagination, push-notification and LLM usage tokens.
const NOT_A_CREDENTIAL =
  /csrf|xsrf|cancel|page|cursor|continuation|push|fcm|apns|device|sync|nonce|tokeniz|(total|max|min|num|prompt|completion|input|output|cached|reasoning|context|remaining)_?tokens?$|tokens?_?(count|length|usage|limit|used|remaining|type)/i;
const SECRET_NAME = /secrets?($|_|-|[A-Z])|signing_?key|private_?key/;
const NOT_A_JWT_SECRET = /client_?secret|clientSecret|webhook_?secret|stripe|recaptcha|captcha/i;

export function isTokenName(name: string): boolean {
  return TOKEN_NAME.test(name) && !NOT_A_CREDENTIAL.test(name);
}

export function isSecretName(name: string): boolean {
  return (SECRET_NAME.test(name) || /secret/i.test(name.replace(/[^a-z]/gi, '').slice(-6))) && !NOT_A_JWT_SECRET.test(name);
}

export function isAuthorizationName(name: string): boolean {
  return /^authorization$/i.test(name);
}

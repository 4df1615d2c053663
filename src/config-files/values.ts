// What a config value is: a placeholder, a pointer to where a secret lives, key material,
// a lifetime or a JWS algorithm name.

export const PEM_PRIVATE = /-----BEGIN (?:RSA |EC |DSA |ENCRYPTED |OPENSSH )?PRIVATE KEY-----/;
export const PEM_PUBLIC = /-----BEGIN (?:RSA )?PUBLIC KEY-----|-----BEGIN CERTIFICATE-----/;

/**
 * Placeholder heuristic (RULES.md "Placeholders are not secrets"), in any file:
 * - empty or whitespace-only values, YAML/JSON null, and the words `null`/`none`/`nil`/`undefined`/`todo`/`tbd`/`n/a`;
 * - a value wrapped in `<...>` (`<your-secret>`);
 * - template and substitution syntax: `${...}` anywhere, `$NAME` as the whole value, `{{ ... }}`,
 *   `${{ secrets.X }}`, `#{...}` (Octopus/Azure DevOps token replacement), `$(name)` (Azure
 *   Pipelines macros), `@name@` (Maven resource filtering), `__NAME__`, `%NAME%`, `NAME_HERE`;
 * - masks: text made only of `*`, `x`, `X`, `.`, `•`, `#`, `?`, `-`, `_` (`********`, `xxxxxxxx`).
 * In `*.example` / `*.sample` / `*.template` / `*.dist` files every value is a placeholder
 * unless it carries visible evidence of being a real key (see `looksRandom`): people paste real
 * keys into example files too, and those stay findings.
 */
export function isPlaceholder(value: string, exampleFile: boolean): boolean {
  const v = value.trim();
  if (v === '') return true;
  if (/^(null|none|nil|undefined|todo|tbd|n\/a|~)$/i.test(v)) return true;
  if (/^<[^<>]*>$/.test(v)) return true;
  // A `$` inside generated text (`Xk$aP...`) is not a reference; only `${`, or `$NAME` alone, is.
  if (/^\$[A-Za-z_]\w*$/.test(v) || /\$\{|\{\{|\}\}/.test(v) || hasTokenReplacement(v) || hasMacro(v)) return true;
  if (/^@[\w.-]+@$|^__[A-Z0-9_]+__$|^%[A-Z0-9_]+%$/i.test(v)) return true;
  // A marker a deploy step replaces (`sed -i 's@JWT_SECRET_HERE@…@' variables.tf`).
  if (/^[A-Z][A-Z0-9_]*_HERE$/.test(v)) return true;
  if (v.length >= 3 && /^[*xX.•#?_-]+$/.test(v)) return true;
  if (exampleFile && !looksRandom(v)) return true;
  return false;
}

/**
 * `#{...}` somewhere in the value. Same as `/#\{[^}]*\}/` without its quadratic rescans:
 * when the first `#{` has no `}` after it, no later one has either.
 */
function hasTokenReplacement(v: string): boolean {
  const open = v.indexOf('#{');
  return open >= 0 && v.indexOf('}', open + 2) >= 0;
}

/** `$(name)` somewhere in the value (`/\$\([\w.]+\)/`), each character looked at a bounded number of times. */
function hasMacro(v: string): boolean {
  for (let open = v.indexOf('$('); open >= 0; open = v.indexOf('$(', open + 1)) {
    let i = open + 2;
    while (i < v.length && /[\w.]/.test(v[i]!)) i++;
    if (i > open + 2 && v[i] === ')') return true;
    // Characters up to i hold no `$(` that could do better: their names end at the same place.
    open = Math.max(open, i - 1);
  }
  return false;
}

// Words that give a value away as prose rather than a generated key. Long words are matched
// anywhere (a random 64-character key contains "secret" with odds near 1 in 10^7); short
// ones only as whole words.
const PROSE_LONG = /secret|change|replace|example|sample|placeholder|insert|generate|dummy|default|random|yours|value|password|please|token|development|production|staging/i;
const PROSE_SHORT = /(^|[^a-z])(your|my|here|key|xxx|todo|test|dev|prod|foo|bar|abc|put|set|me|jwt|this)([^a-z]|$)/i;

function bitsPerChar(text: string): number {
  const counts = new Map<string, number>();
  for (const ch of text) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  const n = [...text].length;
  let bits = 0;
  for (const c of counts.values()) bits -= (c / n) * Math.log2(c / n);
  return bits;
}

/** Visible evidence of a generated key: 16+ characters, no spaces, no prose words, high entropy. */
export function looksRandom(value: string): boolean {
  const v = value.trim();
  if (PEM_PRIVATE.test(v)) return true;
  if (v.length < 16 || /\s/.test(v)) return false;
  if (PROSE_LONG.test(v) || PROSE_SHORT.test(v)) return false;
  return bitsPerChar(v) >= 3.2;
}

const SECRET_STORE_REFERENCE =
  /^(vault|op|sm|ssm|secretsmanager|awssm|aws-?sm|gcpsm|gcp-?sm|akv|azure-?key-?vault|keyvault|doppler|infisical|bws|env|file|classpath|https?|s3|gs|arn|k8s|secret|secrets):/i;
const KEY_FILE = /\.(pem|key|jwk|jwks|json|p8|p12|pfx|jks|crt|cer|der|pub|txt|b64)$/i;
const FILE_PATH = /^(?:\/|\.{1,2}\/|~\/)(?:[\w.@-]+\/)*[\w.@-]+$/;

/**
 * Values that say where a key lives rather than holding it: secret-manager references
 * (`vault:`, `op://`, `arn:aws:secretsmanager:...`, `@Microsoft.KeyVault(...)`), file paths
 * (`/run/secrets/jwt`, `./keys/private.pem`, `classpath:jwt.key`), encrypted blobs (SOPS
 * `ENC[...]`, Ansible Vault).
 */
export function isReferenceValue(value: string): boolean {
  const v = value.trim();
  if (SECRET_STORE_REFERENCE.test(v) || /^@Microsoft\.KeyVault\(/i.test(v)) return true;
  if (/^ENC\[/.test(v) || v.startsWith('$ANSIBLE_VAULT')) return true;
  if (FILE_PATH.test(v) && ((v.match(/\//g)?.length ?? 0) >= 2 || KEY_FILE.test(v))) return true;
  if (/^[\w.-]+\/[\w./-]*$/.test(v) && KEY_FILE.test(v)) return true;
  return false;
}

const JWS_ALGORITHM = /^(?:(HS|RS|ES|PS)(256|384|512)|ES256K|EdDSA|Ed25519|Ed448|none)$/i;

/** The JWS `alg` a value names (`hs256` → `HS256`), or undefined. */
export function jwsAlgorithm(value: string): string | undefined {
  const v = value.trim().replace(/^["']|["']$/g, '');
  if (!JWS_ALGORITHM.test(v)) return undefined;
  if (/^none$/i.test(v)) return 'none';
  if (/^eddsa$/i.test(v)) return 'EdDSA';
  if (/^ed(25519|448)$/i.test(v)) return `Ed${v.slice(2)}`;
  return v.toUpperCase();
}

const UNIT_SECONDS: Record<string, number> = {
  ms: 0.001, msec: 0.001, msecs: 0.001, millis: 0.001, millisecond: 0.001, milliseconds: 0.001,
  s: 1, sec: 1, secs: 1, second: 1, seconds: 1,
  m: 60, min: 60, mins: 60, minute: 60, minutes: 60,
  h: 3600, hr: 3600, hrs: 3600, hour: 3600, hours: 3600,
  d: 86_400, day: 86_400, days: 86_400,
  w: 604_800, wk: 604_800, week: 604_800, weeks: 604_800,
  y: 31_557_600, yr: 31_557_600, yrs: 31_557_600, year: 31_557_600, years: 31_557_600,
};

const NUMBER = /^\d+(?:\.\d+)?$/;
const WITH_UNIT = /^(\d+(?:\.\d+)?)\s*([a-z]+)$/i;
const ISO_DURATION = /^P(?=\d|T\d)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i;
// .NET TimeSpan: `d.hh:mm:ss` or `hh:mm[:ss]`.
const TIME_SPAN = /^(?:(\d+)\.)?(\d{1,2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?$/;

export interface LifetimeUnits {
  /** Seconds per unit the key name implies for a bare number (`_MS`, `Minutes`, `Days`). */
  keyUnit?: number;
  /** Spring-style `expiration`: a bare number of 10,000,000 or more is milliseconds (RULES.md). */
  springMillis?: boolean;
}

/**
 * A lifetime in whole seconds: bare numbers (seconds unless the key says otherwise), `7d`,
 * `12h`, `30m`, `3600s`, `500ms`, `2 weeks`, ISO-8601 `PT15M`, .NET `7.00:00:00`.
 * Undefined for anything else and for values that round to zero.
 */
export function lifetimeSeconds(value: string, units: LifetimeUnits = {}): number | undefined {
  const v = value.trim();
  let seconds: number | undefined;
  if (NUMBER.test(v)) {
    const n = Number(v);
    const unit = units.keyUnit ?? (units.springMillis && n >= 10_000_000 ? 0.001 : 1);
    seconds = n * unit;
  } else if (WITH_UNIT.test(v)) {
    const [, n, unit] = WITH_UNIT.exec(v)!;
    const perUnit = UNIT_SECONDS[unit!.toLowerCase()];
    if (perUnit === undefined) return undefined;
    seconds = Number(n) * perUnit;
  } else if (ISO_DURATION.test(v)) {
    const [, y, mo, w, d, h, mi, s] = ISO_DURATION.exec(v)!.map((x) => (x === undefined ? 0 : Number(x)));
    seconds = y! * 31_557_600 + mo! * 2_629_800 + w! * 604_800 + d! * 86_400 + h! * 3600 + mi! * 60 + s!;
  } else if (TIME_SPAN.test(v)) {
    const [, d, h, mi, s] = TIME_SPAN.exec(v)!.map((x) => (x === undefined ? 0 : Number(x)));
    seconds = d! * 86_400 + h! * 3600 + mi! * 60 + s!;
  }
  if (seconds === undefined || !Number.isFinite(seconds)) return undefined;
  const rounded = Math.round(seconds);
  return rounded > 0 ? rounded : undefined;
}

export function unitSeconds(word: string): number | undefined {
  return UNIT_SECONDS[word];
}

// Django REST framework JWT settings as configure-once records, on the line of the settings dict
// (RULES.md: the `SIMPLE_JWT = {` line).
// djangorestframework-simplejwt 5.x (rest_framework_simplejwt/settings.py, backends.py):
// - `SIGNING_KEY` (default Django `SECRET_KEY`: then SECRET_KEY is JWT key material, RULES.md),
//   `VERIFYING_KEY` / `JWK_URL` for asymmetric algorithms;
// - `ALGORITHM` (default HS256): TokenBackend decodes with `algorithms=[ALGORITHM]`, always pinned;
// - `ACCESS_TOKEN_LIFETIME` (default 5 minutes); `REFRESH_TOKEN_LIFETIME` (default 1 day) is not
//   judged by long-expiry (refresh tokens are what the rule recommends, and SimpleJWT can
//   blacklist them);
// - `AUDIENCE` / `ISSUER` (default None: `verify_aud` is off and `iss` unchecked); `LEEWAY`.
// Only a module-level `SIMPLE_JWT = {...}` is Django settings: the same name inside a function
// or class (`override_settings(SIMPLE_JWT=...)`, a test helper) is not read. A settings module
// that enables SimpleJWT (`rest_framework_simplejwt` named in it) without any SIMPLE_JWT dict in
// the repository runs on the defaults: the record sits on the line naming it.
// djangorestframework-jwt 1.x (`JWT_AUTH = {`, rest_framework_jwt/settings.py, utils.py):
// `JWT_SECRET_KEY` (default SECRET_KEY), `JWT_ALGORITHM` (HS256, pinned), `JWT_EXPIRATION_DELTA`
// (300 s), `JWT_VERIFY` (False: signatures are not checked), `JWT_VERIFY_EXPIRATION` (False:
// expiry-not-enforced), `JWT_AUDIENCE`, `JWT_ISSUER` (None: unchecked), `JWT_LEEWAY`.
import type { Node } from 'web-tree-sitter';
import type { KeyAnalysis } from '../../facts/collector.js';
import type { AlgorithmSpec, DisabledCheck, ExpiryEnforcement, JwtCallSite, KeyInfo, Lifetime, Presence, SourceLocation } from '../../facts/model.js';
import type { ModuleLinker } from './modules.js';
import { HMAC, keyOf } from './pyjwt.js';
import { lifetimeValueNode, PythonResolver, stringValue, timedeltaSeconds, type DictEntry, type PyValue } from './resolve-python.js';

export const SIMPLEJWT = 'djangorestframework-simplejwt';
export const DRF_JWT = 'djangorestframework-jwt';

interface Flavour {
  library: string;
  api: string;
  key: string;
  algorithm: string;
  lifetime: string;
  defaultLifetime: number;
  audience: string;
  issuer: string;
  leeway: string;
  verifyingKey?: string;
  jwkUrl?: string;
  verifyExpiration?: string;
  verifySignature?: string;
}

const SIMPLE: Flavour = { library: SIMPLEJWT, api: 'SIMPLE_JWT', key: 'SIGNING_KEY', algorithm: 'ALGORITHM', lifetime: 'ACCESS_TOKEN_LIFETIME', defaultLifetime: 300, audience: 'AUDIENCE', issuer: 'ISSUER', leeway: 'LEEWAY', verifyingKey: 'VERIFYING_KEY', jwkUrl: 'JWK_URL' };
const DRF: Flavour = { library: DRF_JWT, api: 'JWT_AUTH', key: 'JWT_SECRET_KEY', algorithm: 'JWT_ALGORITHM', lifetime: 'JWT_EXPIRATION_DELTA', defaultLifetime: 300, audience: 'JWT_AUDIENCE', issuer: 'JWT_ISSUER', leeway: 'JWT_LEEWAY', verifyingKey: 'JWT_PUBLIC_KEY', verifyExpiration: 'JWT_VERIFY_EXPIRATION', verifySignature: 'JWT_VERIFY' };

export interface DjangoJwtResult {
  sites: { site: JwtCallSite; key: KeyAnalysis | null }[];
  disabled: DisabledCheck[];
  libraries: string[];
}

/** Module-level `SIMPLE_JWT = {` / `JWT_AUTH = {` assignments of a module. */
function settingsDicts(root: Node): { flavour: Flavour; statement: Node; dict: Node }[] {
  const out: { flavour: Flavour; statement: Node; dict: Node }[] = [];
  for (const stmt of root.namedChildren) {
    const a = stmt?.type === 'expression_statement' ? stmt.namedChildren[0] : null;
    if (a?.type !== 'assignment') continue;
    const left = a.childForFieldName('left');
    const right = a.childForFieldName('right');
    if (left?.type !== 'identifier' || right?.type !== 'dictionary') continue;
    const flavour = left.text === 'SIMPLE_JWT' ? SIMPLE : left.text === 'JWT_AUTH' ? DRF : null;
    if (flavour) out.push({ flavour, statement: a, dict: right });
  }
  return out;
}

/** `'rest_framework_simplejwt.authentication.JWTAuthentication'` written at module level (INSTALLED_APPS, DEFAULT_AUTHENTICATION_CLASSES). */
function enablingString(root: Node, text: string, module: string): Node | null {
  // Walking every string node costs more than the rest of a typical file: look first.
  if (!text.includes(module)) return null;
  for (const s of root.descendantsOfType('string')) {
    if (!s) continue;
    const v = stringValue(s);
    if (v && (v === module || v.startsWith(`${module}.`)) && !s.parent?.parent?.type.startsWith('import')) {
      let scoped = false;
      for (let p = s.parent; p; p = p.parent) if (p.type === 'function_definition' || p.type === 'class_definition') scoped = true;
      if (!scoped) return s;
    }
  }
  return null;
}

export function djangoJwtSites(root: Node, resolver: PythonResolver, linker: ModuleLinker | null, mentions: (needle: string) => boolean): DjangoJwtResult {
  const out: DjangoJwtResult = { sites: [], disabled: [], libraries: [] };
  const text = root.text;
  const dicts = text.includes('SIMPLE_JWT') || text.includes('JWT_AUTH') ? settingsDicts(root) : [];
  for (const { flavour, statement, dict } of dicts) {
    out.libraries.push(flavour.library);
    out.sites.push(settingsSite(flavour, resolver.loc(statement), { kind: 'dict', node: dict, name: flavour.api }, resolver, linker, out.disabled));
  }
  // SimpleJWT on its defaults: enabled here, configured nowhere.
  if (!dicts.some((d) => d.flavour === SIMPLE) && !mentions('SIMPLE_JWT')) {
    const enabled = enablingString(root, text, 'rest_framework_simplejwt');
    if (enabled) {
      out.libraries.push(SIMPLEJWT);
      out.sites.push(settingsSite(SIMPLE, resolver.loc(enabled), null, resolver, linker, out.disabled));
    }
  }
  if (!dicts.some((d) => d.flavour === DRF) && !mentions('JWT_AUTH')) {
    const enabled = enablingString(root, text, 'rest_framework_jwt');
    if (enabled) {
      out.libraries.push(DRF_JWT);
      out.sites.push(settingsSite(DRF, resolver.loc(enabled), null, resolver, linker, out.disabled));
    }
  }
  return out;
}

function settingsSite(f: Flavour, loc: SourceLocation, dict: (PyValue & { kind: 'dict' }) | null, resolver: PythonResolver, linker: ModuleLinker | null, disabled: DisabledCheck[]): { site: JwtCallSite; key: KeyAnalysis | null } {
  const entry = (name: string): DictEntry => (dict ? resolver.entry(dict, name) : { found: 'no' });
  const value = (name: string): { node: Node; v: PyValue } | 'unknown' | null => {
    const e = entry(name);
    if (e.found === 'unknown') return 'unknown';
    if (e.found === 'no') return null;
    return { node: e.value, v: resolver.resolve(e.value) };
  };
  const alg = value(f.algorithm);
  const algValue = alg && alg !== 'unknown' ? (alg.v.kind === 'string' ? alg.v : alg.v.kind === 'env' && alg.v.fallback ? { value: alg.v.fallback.value, node: alg.v.fallback.node } : null) : null;
  const signAlgorithm: AlgorithmSpec =
    alg === null ? { kind: 'default', hmacByDefault: true } : algValue ? { kind: 'explicit', values: [{ name: algValue.value, loc: resolver.loc(algValue.node) }], loc: resolver.loc(alg === 'unknown' ? algValue.node : alg.node) } : { kind: 'unknown', loc };
  // Decoding pins the one ALGORITHM; a default HS256 is named at the settings line.
  const verifyAlgorithms: AlgorithmSpec = signAlgorithm.kind === 'default' ? { kind: 'explicit', values: [{ name: 'HS256', loc }], loc } : signAlgorithm;
  const names = signAlgorithm.kind === 'explicit' ? signAlgorithm.values.map((v) => v.name) : signAlgorithm.kind === 'default' ? ['HS256'] : [];
  const asymmetric = names.length > 0 && names.every((n) => !HMAC.test(n) && n !== 'none');
  let key: KeyAnalysis | null = null;
  const jwk = f.jwkUrl ? value(f.jwkUrl) : null;
  if (asymmetric) {
    const verifying = f.verifyingKey ? value(f.verifyingKey) : null;
    const signing = value(f.key);
    const node = signing && signing !== 'unknown' && signing.v.kind !== 'none' ? signing.node : verifying && verifying !== 'unknown' ? verifying.node : null;
    key = node ? keyOf(node, resolver, names, true) : null;
    if (jwk && jwk !== 'unknown' && !key) key = { info: info('jwks', loc), materials: [], hmac: false };
  } else if (f === DRF && value('JWT_GET_USER_SECRET_KEY')) {
    // A secret per user, from the project's own function: not SECRET_KEY.
    key = { info: info('key-function', loc), materials: [], hmac: true };
  } else {
    const signing = value(f.key);
    if (signing === 'unknown') key = null;
    else if (signing && signing.v.kind !== 'none') key = keyOf(signing.node, resolver, names, true);
    else {
      // Django's SECRET_KEY signs: this module's, a module it imports it from, or the repository's settings.
      const def = linker?.definition(resolver, 'SECRET_KEY', true) ?? (resolver.moduleAssignment('SECRET_KEY') ? { resolver, node: resolver.moduleAssignment('SECRET_KEY')! } : null);
      key = def ? keyOf(def.node, def.resolver, names, true) : null;
    }
    if (key) key.hmac = key.info.kind === 'hmac-secret' || key.info.kind === 'unknown' || key.hmac;
  }
  const life = value(f.lifetime);
  let lifetime: Lifetime;
  if (life === null) lifetime = { kind: 'seconds', seconds: f.defaultLifetime, loc };
  else if (life === 'unknown') lifetime = { kind: 'unknown' };
  else {
    const td = timedeltaSeconds(life.node, resolver);
    const written = lifetimeValueNode(life.node, resolver);
    const at = written.resolver.loc(written.node);
    lifetime = typeof td === 'number' ? { kind: 'seconds', seconds: td, loc: at } : life.v.kind === 'number' ? { kind: 'seconds', seconds: life.v.value, loc: at } : life.v.kind === 'none' ? { kind: 'absent' } : { kind: 'present', loc: at, ...(life.v.kind === 'env' && { envName: life.v.name }) };
  }
  const presence = (name: string): Presence => {
    const p = value(name);
    if (p === 'unknown') return 'unknown';
    if (p === null || p.v.kind === 'none') return 'absent';
    return 'present';
  };
  const expiry: ExpiryEnforcement = {};
  const leeway = value(f.leeway);
  if (leeway && leeway !== 'unknown') {
    const td = timedeltaSeconds(leeway.node, resolver);
    const seconds = typeof td === 'number' ? td : leeway.v.kind === 'number' ? leeway.v.value : null;
    if (seconds !== null && seconds > 0) expiry.clockTolerance = { seconds, loc: resolver.loc(leeway.node) };
  }
  const isOff = (name: string | undefined) => {
    const p = name ? value(name) : null;
    return p && p !== 'unknown' && p.v.kind === 'bool' && !p.v.value ? p : null;
  };
  const noExp = isOff(f.verifyExpiration);
  if (noExp) expiry.ignoreExpiration = resolver.loc(noExp.node);
  const noSig = isOff(f.verifySignature);
  if (noSig) disabled.push({ check: 'signature', setting: `${f.api}['${f.verifySignature}']`, loc: resolver.loc(noSig.node) });
  const site: JwtCallSite = {
    library: f.library,
    api: f.api,
    operation: 'configure',
    signs: true,
    verifies: true,
    loc,
    key: key?.info ?? info('unknown', loc),
    signAlgorithm,
    verifyAlgorithms,
    audience: presence(f.audience),
    issuer: presence(f.issuer),
    lifetime,
    expiry,
  };
  return { site, key };
}

function info(kind: KeyInfo['kind'], loc: SourceLocation): KeyInfo {
  return { kind, envNames: [], envReads: [], loc, fromParameter: false };
}

// jwt-dotnet (NuGet `JWT`, namespaces `JWT`, `JWT.Builder`, `JWT.Algorithms`, 5.x-11.x) as the
// call-site records the other adapters emit (RULES.md "Other languages and configuration formats").
// Decisions, from the library's source:
// - Signing: `JwtBuilder.Create()...Encode()` (where the builder expression starts),
//   `encoder.Encode(payload, key)` of a `JwtEncoder`, and the 1.x-4.x static
//   `JsonWebToken.Encode(payload, key, JwtHashAlgorithm.HS256)`. The algorithm is the
//   `IJwtAlgorithm` given (`new HMACSHA256Algorithm()` names HS256 on its line, `NoneAlgorithm`
//   signs nothing); the lifetime is an `exp` claim (`AddClaim("exp", ...)`,
//   `AddClaim(ClaimName.ExpirationTime, ...)`, `.ExpirationTime(...)`, an `"exp"` payload key).
// - Verifying: `JwtBuilder...Decode(token)` with a key or algorithm (9.x+ verify by default), and
//   a `JwtDecoder`'s `Decode`/`DecodeToObject` with a key. An `IJwtAlgorithm` pins the algorithm
//   (the decoder computes the signature with it whatever the header says); an algorithm factory
//   picks it from the header within its family. The validator checks `exp`/`nbf` only: there is no
//   audience or issuer check, so both are absent.
// - Not verifying (decode-without-verify): `DoNotVerifySignature()`, `WithVerifySignature(false)`,
//   `ValidateSignature = false`, `ValidationParameters.None`, `WithAlgorithm(new NoneAlgorithm())`,
//   a builder decode with neither key nor algorithm (before 9.0 the builder did not verify unless
//   told to; from 9.0 such a builder throws), `verify: false` on a decoder, a decoder built from
//   a serializer and an encoder only (it cannot verify), and a decoder's one-argument `Decode(token)`
//   unless its algorithm is asymmetric. A builder with a key but no `MustVerifySignature()` is
//   read as the 9.x+ default (verified): before 9.0 it was not, which needs the package version.
// - `ValidateExpirationTime = false` is `expiry-not-enforced` on its line; a `TimeMargin` above the
//   tolerance too.
import type { Node } from 'web-tree-sitter';
import type { KeyAnalysis } from '../../facts/collector.js';
import type { AlgorithmSpec, AlgorithmValue, DisabledCheck, ExpiryEnforcement, JwtCallSite, KeyInfo, Lifetime, SourceLocation } from '../../facts/model.js';
import { decodeSite, secretKey, type Found } from './identitymodel.js';
import { callArguments, calleeName, CsharpResolver, dotted, initializerOf, stringValue, unwrap } from './resolve-csharp.js';

export const JWT_DOTNET = 'JWT';

/** `IJwtAlgorithm` classes by JOSE name. */
const ALGORITHM_CLASSES: Record<string, string> = {
  HMACSHA256Algorithm: 'HS256', HMACSHA384Algorithm: 'HS384', HMACSHA512Algorithm: 'HS512',
  RS256Algorithm: 'RS256', RS384Algorithm: 'RS384', RS512Algorithm: 'RS512', RS1024Algorithm: 'RS1024', RS2048Algorithm: 'RS2048', RS4096Algorithm: 'RS4096',
  ES256Algorithm: 'ES256', ES384Algorithm: 'ES384', ES512Algorithm: 'ES512',
  NoneAlgorithm: 'none',
};
/** `JwtHashAlgorithm.HS256` (1.x-4.x enum) and `JwtAlgorithmName.HS256`. */
const ALGORITHM_ENUM = /(?:^|\.)(?:JwtHashAlgorithm|JwtAlgorithmName)\.(HS256|HS384|HS512|RS256|RS384|RS512|ES256|ES384|ES512|None)$/;

interface Algorithm {
  /** A fixed algorithm, or a factory's family (`hmac`, `asymmetric`), or nothing known. */
  kind: 'fixed' | 'hmac-family' | 'asymmetric-family' | 'unknown';
  value?: AlgorithmValue;
}

/** What an `IJwtAlgorithm`/`IAlgorithmFactory` expression is. */
function algorithmOf(node: Node, r: CsharpResolver, depth = 0): Algorithm {
  const n = r.follow(node);
  if (depth > 4) return { kind: 'unknown' };
  if (n.type === 'object_creation_expression') {
    const type = (dotted(n.childForFieldName('type') ?? n) ?? '').split('.').pop() ?? '';
    const name = ALGORITHM_CLASSES[type];
    if (name) return { kind: 'fixed', value: { name, loc: r.loc(n) } };
    if (type === 'HMACSHAAlgorithmFactory') return { kind: 'hmac-family' };
    if (type === 'RSAlgorithmFactory' || type === 'ECDSAAlgorithmFactory') return { kind: 'asymmetric-family' };
    if (type === 'DelegateAlgorithmFactory') {
      const a = callArguments(n).positional[0];
      return a ? algorithmOf(a.type === 'lambda_expression' ? (a.childForFieldName('body') ?? a) : a, r, depth + 1) : { kind: 'unknown' };
    }
    return { kind: 'unknown' };
  }
  const name = dotted(n);
  const m = name ? ALGORITHM_ENUM.exec(name) : null;
  if (m) return { kind: 'fixed', value: { name: m[1] === 'None' ? 'none' : m[1]!, loc: r.loc(n) } };
  return { kind: 'unknown' };
}

function unknownLoc(r: CsharpResolver): SourceLocation {
  return { file: r.file, line: 0, column: 0, endLine: 0, endColumn: 0 };
}

function keyInfo(kind: KeyInfo['kind'], loc: SourceLocation): KeyInfo {
  return { kind, envNames: [], envReads: [], loc, fromParameter: false };
}

/** The key of a sign/verify: `WithSecret(x)`/a key argument for HMAC; the algorithm's own key for RSA/ECDSA. */
function keyFor(secret: Node | undefined, algorithm: Algorithm, signs: boolean, r: CsharpResolver, at: Node): KeyAnalysis | null {
  const asymmetric = algorithm.kind === 'asymmetric-family' || (algorithm.kind === 'fixed' && /^(?:RS|ES)/.test(algorithm.value!.name));
  if (asymmetric) return { info: keyInfo(signs ? 'private-key' : 'public-key', r.loc(at)), materials: [], hmac: false };
  if (algorithm.kind === 'fixed' && algorithm.value!.name === 'none') return null;
  if (!secret) return null;
  const loc = r.loc(secret);
  return secretKey(r.resolve(secret), r, (kind, extra = {}) => ({ ...keyInfo(kind, loc), ...extra }));
}

/** Seconds from now of an `exp` value: `DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds()`, `UnixEpoch.GetSecondsSince(now.AddMinutes(5))`. */
function expLifetime(node: Node, r: CsharpResolver, depth = 0): Lifetime {
  const n = r.follow(node);
  const loc = r.loc(n);
  if (depth > 4) return { kind: 'present', loc };
  if (n.type === 'invocation_expression') {
    const name = calleeName(n);
    const fn = n.childForFieldName('function');
    const obj = fn?.type === 'member_access_expression' ? fn.childForFieldName('expression') : null;
    const first = callArguments(n).positional[0];
    if ((name === 'ToUnixTimeSeconds' || name === 'ToUnixTimeMilliseconds') && obj) return expLifetime(obj, r, depth + 1);
    if (name === 'GetSecondsSince' && first) return expLifetime(first, r, depth + 1);
    const seconds = r.lifetimeSeconds(n);
    if (typeof seconds === 'number') return { kind: 'seconds', seconds, loc };
  }
  return { kind: 'present', loc };
}

/** A payload's `exp`: a dictionary initializer (`{ "exp", v }` or `["exp"] = v`) or an anonymous object (`new { exp = v }`). */
function payloadLifetime(payload: Node | undefined, r: CsharpResolver): Lifetime {
  if (!payload) return { kind: 'unknown' };
  const n = r.follow(payload);
  if (n.type !== 'object_creation_expression' && n.type !== 'anonymous_object_creation_expression') return { kind: 'unknown' };
  const init = n.type === 'anonymous_object_creation_expression' ? n : (n.childForFieldName('initializer') ?? n.namedChildren.find((c) => c?.type === 'initializer_expression') ?? null);
  if (!init) return { kind: 'unknown' };
  for (const c of init.namedChildren) {
    if (!c) continue;
    // `{ "exp", v }`
    if (c.type === 'initializer_expression' && c.namedChildren.length === 2 && stringValue(c.namedChildren[0]!) === 'exp') return expLifetime(c.namedChildren[1]!, r);
    if (c.type === 'assignment_expression') {
      const left = c.childForFieldName('left');
      const right = c.childForFieldName('right');
      const name = left?.type === 'identifier' ? left.text : left?.type === 'implicit_element_access' ? stringValue(left.namedChildren[0]?.namedChildren[0]?.namedChildren[0] ?? left) : null;
      if (name === 'exp' && right) return expLifetime(right, r);
    }
    // `new { exp = v }`
    if (c.type === 'anonymous_object_member_declarator') {
      const id = c.namedChildren[0];
      if (id?.type === 'identifier' && id.text === 'exp' && c.namedChildren[1]) return expLifetime(c.namedChildren[1], r);
    }
  }
  return { kind: 'absent' };
}

interface ValidationFacts {
  signatureOff: boolean;
  expiry: ExpiryEnforcement;
}

/** `ValidationParameters` given to `WithValidationParameters(...)`: `.None`, `new ValidationParameters { ... }`, `p => p.X = ...`, `Default.With(...)`. */
function validationParameters(node: Node, r: CsharpResolver): ValidationFacts {
  const out: ValidationFacts = { signatureOff: false, expiry: {} };
  const n = r.follow(node);
  const name = dotted(n);
  if (name && /(?:^|\.)ValidationParameters\.None$/.test(name)) {
    out.signatureOff = true;
    out.expiry.ignoreExpiration = r.loc(n);
    return out;
  }
  const set = (prop: string, value: Node, at: Node) => {
    const v = r.resolve(value);
    if (prop === 'ValidateSignature' && v.kind === 'bool' && !v.value) out.signatureOff = true;
    if (prop === 'ValidateExpirationTime' && v.kind === 'bool' && !v.value) out.expiry.ignoreExpiration = r.loc(at);
    if (prop === 'TimeMargin' && v.kind === 'number' && v.value > 0) out.expiry.clockTolerance = { seconds: v.value, loc: r.loc(at) };
  };
  if (n.type === 'object_creation_expression') for (const [prop, { value, at }] of initializerOf(n)) set(prop, value, at);
  for (const a of n.descendantsOfType('assignment_expression')) {
    const left = a?.childForFieldName('left');
    const right = a?.childForFieldName('right');
    if (!a || !right || left?.type !== 'member_access_expression') continue;
    const prop = left.childForFieldName('name')?.text;
    if (prop) set(prop, right, a);
  }
  return out;
}

interface Step {
  name: string;
  call: Node;
  args: Node[];
}

/** The calls of a fluent chain from its root to `terminal`, and the root (`JwtBuilder.Create()`, `new JwtBuilder()`), following locals. */
function builderChain(terminal: Node, r: CsharpResolver, imported: boolean): { root: Node; steps: Step[] } | null {
  const steps: Step[] = [];
  let n: Node | null = terminal;
  for (let i = 0; n && i < 64; i++) {
    n = unwrap(n);
    // `new JwtBuilder()` only under `using JWT.Builder`: ASP.NET Core Identity has a `JwtBuilder(algorithm, issuer, ...)` of its own.
    if (n.type === 'object_creation_expression') {
      const ours = imported && callArguments(n).positional.length === 0 && /(?:^|\.)JwtBuilder$/.test(dotted(n.childForFieldName('type') ?? n) ?? '');
      return ours ? { root: n, steps: steps.reverse() } : null;
    }
    if (n.type === 'identifier') {
      const def = r.definition(n);
      n = def?.value ?? null;
      continue;
    }
    if (n.type !== 'invocation_expression') return null;
    const fn = n.childForFieldName('function');
    if (/(?:^|\.)JwtBuilder\.Create$/.test((fn && dotted(fn)) ?? '')) return { root: n, steps: steps.reverse() };
    if (fn?.type !== 'member_access_expression') return null;
    // The 4.x builder spelled them SetAlgorithm/SetSecret/Build.
    const raw = calleeName(n) ?? '';
    steps.push({ name: BUILDER_ALIASES[raw] ?? raw, call: n, args: callArguments(n).positional });
    n = fn.childForFieldName('expression');
  }
  return null;
}

const BUILDER_ALIASES: Record<string, string> = { SetAlgorithm: 'WithAlgorithm', SetSecret: 'WithSecret', Build: 'Encode' };
const BUILDER_DECODE = new Set(['Decode', 'DecodeToObject']);
const DECODER_DECODE = new Set(['Decode', 'DecodeToObject']);

function lifetimeOfBuilder(steps: Step[], r: CsharpResolver): Lifetime {
  for (const s of steps) {
    if (s.name === 'ExpirationTime' && s.args[0]) return expLifetime(s.args[0], r);
    if (s.name === 'AddClaim' && s.args.length >= 2) {
      const claim = s.args[0]!;
      const named = stringValue(claim) ?? dotted(claim);
      if (named === 'exp' || (named !== null && /(?:^|\.)ClaimName\.ExpirationTime$/.test(named))) return expLifetime(s.args[1]!, r);
    }
    if (s.name === 'AddClaims') return { kind: 'unknown' };
  }
  const encode = steps[steps.length - 1];
  if (encode && encode.args[0]) return payloadLifetime(encode.args[0], r);
  return { kind: 'absent' };
}

function specOf(algorithm: Algorithm, hmacKey: boolean, r: CsharpResolver, at: Node): AlgorithmSpec {
  if (algorithm.kind === 'fixed') return { kind: 'explicit', values: [algorithm.value!], loc: algorithm.value!.loc };
  if (algorithm.kind === 'hmac-family') return { kind: 'default', hmacByDefault: true };
  if (algorithm.kind === 'asymmetric-family') return { kind: 'default', hmacByDefault: false };
  return hmacKey ? { kind: 'default', hmacByDefault: true } : { kind: 'unknown', loc: r.loc(at) };
}

/** Every jwt-dotnet site of a file. */
export function jwtDotnetSites(root: Node, r: CsharpResolver, tick: () => void, isTest = false, staticApi = false, disabled: DisabledCheck[] = []): Found[] {
  const found: Found[] = [];
  for (const call of root.descendantsOfType('invocation_expression')) {
    if (!call) continue;
    tick();
    const name = calleeName(call);
    if (!name) continue;
    if (name === 'Encode' || name === 'Build' || BUILDER_DECODE.has(name)) {
      const chain = builderChain(call, r, staticApi);
      if (chain) {
        const f = builderSite(call, name === 'Build' ? 'Encode' : name, chain.root, chain.steps, r, isTest);
        if (f) found.push(f);
        continue;
      }
    }
    const fn = call.childForFieldName('function');
    const obj = fn?.type === 'member_access_expression' ? fn.childForFieldName('expression') : null;
    if (!obj) continue;
    if (staticApi && name === 'AddJwt') {
      found.push(addJwtSite(call, r, disabled));
      continue;
    }
    const objName = dotted(obj);
    // 1.x-4.x static API.
    if (staticApi && objName !== null && /(?:^|\.)JsonWebToken$/.test(objName) && (name === 'Encode' || name === 'Decode' || name === 'DecodeToObject')) {
      found.push(staticSite(call, name, r, isTest));
      continue;
    }
    const kind = instanceKind(obj, r);
    if (kind === 'encoder' && name === 'Encode') found.push(encoderSite(call, obj, r));
    else if (kind === 'decoder' && DECODER_DECODE.has(name)) {
      const f = decoderSite(call, obj, r, isTest);
      if (f) found.push(f);
    }
  }
  return found;
}

/** A `JwtEncoder`/`JwtDecoder` (or their interfaces) by declared type or by the `new` a local holds. */
function instanceKind(obj: Node, r: CsharpResolver): 'encoder' | 'decoder' | null {
  const n = r.follow(obj);
  const typeNode = n.type === 'object_creation_expression' ? n.childForFieldName('type') : n.type === 'identifier' || n.type === 'member_access_expression' ? r.declaredType(n.type === 'member_access_expression' ? (n.childForFieldName('name') ?? n) : n) : null;
  const type = typeNode ? (dotted(typeNode) ?? typeNode.text) : '';
  if (/(?:^|\.)I?JwtEncoder$/.test(type)) return 'encoder';
  if (/(?:^|\.)I?JwtDecoder$/.test(type)) return 'decoder';
  return null;
}

function builderSite(call: Node, name: string, root: Node, steps: Step[], r: CsharpResolver, isTest: boolean): Found | null {
  const last = (n: string) => [...steps].reverse().find((s) => s.name === n);
  const algStep = last('WithAlgorithm') ?? last('WithAlgorithmFactory');
  const algorithm: Algorithm = algStep?.args[0] ? algorithmOf(algStep.args[0], r) : { kind: 'unknown' };
  const secret = last('WithSecret')?.args[0];
  if (name === 'Encode') {
    const key = keyFor(secret, algorithm, true, r, algStep?.call ?? call);
    const site: JwtCallSite = {
      library: JWT_DOTNET,
      api: 'JwtBuilder.Encode',
      operation: 'sign',
      signs: true,
      verifies: false,
      // Where the token-building expression starts.
      loc: r.loc(root),
      key: key?.info ?? null,
      signAlgorithm: algorithm.kind === 'fixed' ? specOf(algorithm, false, r, call) : { kind: 'unknown', loc: algStep ? r.loc(algStep.call) : unknownLoc(r) },
      lifetime: lifetimeOfBuilder(steps, r),
    };
    return { site, key };
  }
  // Decode: does the builder verify?
  let verify: boolean | 'default' = 'default';
  const expiry: ExpiryEnforcement = {};
  for (const s of steps) {
    if (s.name === 'MustVerifySignature') verify = true;
    else if (s.name === 'DoNotVerifySignature') verify = false;
    else if (s.name === 'WithVerifySignature' && s.args[0]) {
      const v = r.resolve(s.args[0]);
      verify = v.kind === 'bool' ? v.value : verify;
    } else if (s.name === 'WithValidationParameters' && s.args[0]) {
      const p = validationParameters(s.args[0], r);
      if (p.signatureOff) verify = false;
      Object.assign(expiry, p.expiry);
    }
  }
  const none = algorithm.kind === 'fixed' && algorithm.value!.name === 'none';
  const token = callArguments(call).positional[0];
  // No key and no algorithm: a builder that can only decode (before 9.0 its default).
  if (verify === false || none || (verify === 'default' && !secret && algorithm.kind === 'unknown')) return decodeSite(call, r, [], isTest, JWT_DOTNET, `JwtBuilder.${name}`, token);
  const key = keyFor(secret, algorithm, false, r, algStep?.call ?? call);
  const site: JwtCallSite = {
    library: JWT_DOTNET,
    api: `JwtBuilder.${name}`,
    operation: 'verify',
    signs: false,
    verifies: true,
    loc: r.loc(root),
    key: key?.info ?? null,
    verifyAlgorithms: specOf(algorithm, key?.hmac ?? false, r, call),
    audience: 'absent',
    issuer: 'absent',
    expiry,
  };
  return { site, key };
}

/** The algorithm a `JwtEncoder`/`JwtDecoder` was built with (its `IJwtAlgorithm`/factory argument), when the object is a `new` this file shows. */
function constructedWith(obj: Node, r: CsharpResolver): { algorithm: Algorithm; args: Node[] } | null {
  const n = r.follow(obj);
  if (n.type !== 'object_creation_expression') return null;
  const args = callArguments(n).positional;
  for (const a of args) {
    const alg = algorithmOf(a, r);
    if (alg.kind !== 'unknown') return { algorithm: alg, args };
  }
  return { algorithm: { kind: 'unknown' }, args };
}

function encoderSite(call: Node, obj: Node, r: CsharpResolver): Found {
  const args = callArguments(call).positional;
  const algorithm = constructedWith(obj, r)?.algorithm ?? { kind: 'unknown' as const };
  // `Encode(payload, key)` or `Encode(extraHeaders, payload, key)`.
  const payload = args.length >= 3 ? args[1] : args[0];
  const keyArg = args.length >= 2 ? args[args.length - 1] : undefined;
  const key = keyFor(keyArg, algorithm, true, r, call);
  const site: JwtCallSite = {
    library: JWT_DOTNET,
    api: 'JwtEncoder.Encode',
    operation: 'sign',
    signs: true,
    verifies: false,
    loc: r.loc(call),
    key: key?.info ?? null,
    signAlgorithm: algorithm.kind === 'fixed' ? specOf(algorithm, false, r, call) : { kind: 'unknown', loc: r.loc(call) },
    lifetime: payloadLifetime(payload, r),
  };
  return { site, key };
}

function decoderSite(call: Node, obj: Node, r: CsharpResolver, isTest: boolean): Found | null {
  const name = calleeName(call) ?? 'Decode';
  const { positional, named } = callArguments(call);
  const built = constructedWith(obj, r);
  const algorithm = built?.algorithm ?? { kind: 'unknown' as const };
  const token = positional[0];
  const verifyArg = named.get('verify') ?? (positional.length >= 3 ? positional[2] : positional.length === 2 && r.resolve(positional[1]!).kind === 'bool' ? positional[1] : undefined);
  const keyArg = positional.length >= 2 && positional[1] !== verifyArg ? positional[1] : undefined;
  const v = verifyArg ? r.resolve(verifyArg) : null;
  // A verify flag decided at run time, or a decoder this file does not build handed a caller's key:
  // code that forwards to the library (a wrapper, the library's own extensions); its callers decide.
  if (v && v.kind !== 'bool') return null;
  const keyValue = keyArg ? r.resolve(keyArg) : null;
  if (!built && keyValue?.kind === 'parameter') return null;
  const asymmetric = algorithm.kind === 'asymmetric-family' || (algorithm.kind === 'fixed' && /^(?:RS|ES)/.test(algorithm.value!.name));
  // `new JwtDecoder(serializer, urlEncoder)`: no validator, nothing to verify with.
  const cannotVerify = built !== null && built.args.length === 2 && algorithm.kind === 'unknown';
  // `Decode(token)`: 9.x+ verifies with the algorithm's own key (an HMAC algorithm has none and
  // throws), 8.x did not verify. Judged only where the decoder's algorithm is seen.
  const oneArgument = !keyArg && !verifyArg;
  if (oneArgument && !cannotVerify && (algorithm.kind === 'unknown' || !built)) return null;
  const unverified = (v?.kind === 'bool' && !v.value) || cannotVerify || (oneArgument && !asymmetric);
  const api = `JwtDecoder.${name}`;
  if (unverified) return decodeSite(call, r, [], isTest, JWT_DOTNET, api, token);
  const key = keyFor(keyArg, algorithm, false, r, call);
  const site: JwtCallSite = {
    library: JWT_DOTNET,
    api,
    operation: 'verify',
    signs: false,
    verifies: true,
    loc: r.loc(call),
    key: key?.info ?? null,
    verifyAlgorithms: specOf(algorithm, key?.hmac ?? false, r, call),
    audience: 'absent',
    issuer: 'absent',
    expiry: {},
  };
  return { site, key };
}

/**
 * JWT.Extensions.AspNetCore `.AddJwt(options => { options.Keys = new[] { ... }; options.VerifySignature = ...; })`:
 * the configure-once verifier of every request. The decoder DI registers picks the algorithm from
 * the header (an HMAC factory for string keys); `VerifySignature = false` accepts any token, on its line.
 */
function addJwtSite(call: Node, r: CsharpResolver, disabled: DisabledCheck[]): Found {
  const lambda = [...callArguments(call).positional].reverse().find((a) => a.type === 'lambda_expression') ?? null;
  const param = lambda?.childForFieldName('parameters');
  const optionsName = param?.type === 'implicit_parameter' ? param.text : (param?.namedChildren.find((p) => p?.type === 'parameter')?.childForFieldName('name')?.text ?? null);
  const options = new Map<string, { value: Node; at: Node }>();
  for (const a of lambda && optionsName ? lambda.descendantsOfType('assignment_expression') : []) {
    const left = a?.childForFieldName('left');
    const right = a?.childForFieldName('right');
    if (a && right && left?.type === 'member_access_expression' && left.childForFieldName('expression')?.text === optionsName) options.set(left.childForFieldName('name')!.text, { value: right, at: a });
  }
  const verify = options.get('VerifySignature');
  let signatureOff = false;
  if (verify) {
    const v = r.resolve(verify.value);
    signatureOff = v.kind === 'bool' && !v.value;
    if (signatureOff) disabled.push({ check: 'signature', setting: 'VerifySignature = false', loc: r.loc(verify.at) });
  }
  // Every string of the `Keys` array is key material.
  let key: KeyAnalysis | null = null;
  const keys = options.get('Keys');
  if (keys) {
    // `new[] { a, b }`, `new string[] { ... }`, `[a, b]`: the items; anything else is one value.
    const list = r.follow(keys.value);
    const init = list.type === 'collection_expression' ? list : (list.descendantsOfType('initializer_expression')[0] ?? null);
    const items = init ? init.namedChildren.filter((n): n is Node => !!n && n.type !== 'comment').map((n) => (n.type === 'expression_element' ? (n.namedChildren[0] ?? n) : n)) : [list];
    const loc = r.loc(keys.value);
    const analyses = items.map((n) => secretKey(r.resolve(n), r, (kind, extra = {}) => ({ ...keyInfo(kind, loc), ...extra })));
    const materials = analyses.flatMap((a) => a.materials);
    const envNames = [...new Set(analyses.flatMap((a) => a.info.envNames))];
    const envReads = analyses.flatMap((a) => a.info.envReads);
    key = { info: { ...keyInfo('hmac-secret', loc), envNames, envReads, ...(materials[0] && { material: materials[0] }) }, materials, hmac: true };
  }
  const site: JwtCallSite = {
    library: JWT_DOTNET,
    api: 'AddJwt',
    operation: 'configure',
    signs: false,
    // With the signature check off nothing is verified: `alg-none` on that line says it all.
    verifies: !signatureOff,
    loc: r.loc(call.childForFieldName('function')?.childForFieldName('name') ?? call),
    key: key?.info ?? null,
    verifyAlgorithms: key ? { kind: 'default', hmacByDefault: true } : { kind: 'unknown', loc: r.loc(call) },
    audience: lambda ? 'absent' : 'unknown',
    issuer: lambda ? 'absent' : 'unknown',
    expiry: {},
  };
  return { site, key };
}

/** 1.x-4.x: `JsonWebToken.Encode(payload, key, JwtHashAlgorithm.HS256)`, `JsonWebToken.Decode(token, key, verify = true)`. */
function staticSite(call: Node, name: string, r: CsharpResolver, isTest: boolean): Found {
  const args = callArguments(call).positional;
  if (name === 'Encode') {
    const algArg = args.length >= 4 ? args[3] : args[2];
    const algorithm = algArg ? algorithmOf(algArg, r) : { kind: 'unknown' as const };
    const payload = args.length >= 4 ? args[1] : args[0];
    const key = keyFor(args.length >= 4 ? args[2] : args[1], algorithm.kind === 'unknown' ? { kind: 'hmac-family' } : algorithm, true, r, call);
    const site: JwtCallSite = { library: JWT_DOTNET, api: 'JsonWebToken.Encode', operation: 'sign', signs: true, verifies: false, loc: r.loc(call), key: key?.info ?? null, signAlgorithm: algorithm.kind === 'fixed' ? specOf(algorithm, false, r, call) : { kind: 'unknown', loc: r.loc(call) }, lifetime: payloadLifetime(payload, r) };
    return { site, key };
  }
  const verifyArg = callArguments(call).named.get('verify') ?? args[2];
  const v = verifyArg ? r.resolve(verifyArg) : null;
  if ((v?.kind === 'bool' && !v.value) || args.length < 2) return decodeSite(call, r, [], isTest, JWT_DOTNET, `JsonWebToken.${name}`, args[0]);
  // The header names the algorithm (HS256/384/512 only in these versions).
  const key = keyFor(args[1], { kind: 'hmac-family' }, false, r, call);
  const site: JwtCallSite = { library: JWT_DOTNET, api: `JsonWebToken.${name}`, operation: 'verify', signs: false, verifies: true, loc: r.loc(call), key: key?.info ?? null, verifyAlgorithms: { kind: 'default', hmacByDefault: true }, audience: 'absent', issuer: 'absent', expiry: {} };
  return { site, key };
}


// JWT middleware configured once: echo-jwt (github.com/labstack/echo-jwt/v4: `echojwt.JWT(key)`,
// `echojwt.WithConfig(echojwt.Config{…})`), echo's own deprecated middleware
// (github.com/labstack/echo/v4/middleware: `middleware.JWT`, `middleware.JWTWithConfig`) and fiber's
// (github.com/gofiber/contrib/jwt, github.com/gofiber/jwt/v2|v3: `jwtware.New(jwtware.Config{…})`).
// Decisions (read from the middleware sources):
// - All of them verify with golang-jwt and a keyfunc that rejects any algorithm but the
//   configured one, HS256 by default: pinned. The default is reported as `HS256` on the
//   configure-once call (symmetric-algorithm there); an explicit `SigningMethod`/`JWTAlg` on its line.
// - None checks `aud` or `iss`: missing-audience and missing-issuer on the configure-once call,
//   unless the config hands parsing to the application (`ParseTokenFunc`, `KeyFunc`: not judged).
// - The key (`SigningKey`, `SigningKey.Key`) is key material like any other.
import type { Node } from 'web-tree-sitter';
import type { KeyAnalysis } from '../../facts/collector.js';
import type { AlgorithmSpec, JwtCallSite } from '../../facts/model.js';
import { follow, keyOf, type Ctx } from './golang-jwt.js';
import { callArgs, compositeFields, goString, unwrapParens } from './resolve-go.js';
import { importSpecs } from './parse-go.js';

type Kind = 'echo-jwt' | 'echo' | 'fiber-jwt';

const PATHS: [RegExp, Kind][] = [
  [/^github\.com\/labstack\/echo-jwt(?:\/v\d+)?$/, 'echo-jwt'],
  [/^github\.com\/labstack\/echo(?:\/v\d+)?\/middleware$/, 'echo'],
  [/^github\.com\/gofiber\/(?:contrib\/jwt|jwt(?:\/v\d+)?)$/, 'fiber-jwt'],
];

export function middlewareBindings(root: Node): Map<string, Kind> {
  const out = new Map<string, Kind>();
  for (const spec of importSpecs(root)) {
    const path = spec?.childForFieldName('path');
    const value = path ? goString(path) : null;
    if (!spec || value === null) continue;
    const name = spec.childForFieldName('name');
    if (name && (name.type === 'blank_identifier' || name.type === 'dot')) continue;
    for (const [re, kind] of PATHS) {
      if (!re.test(value)) continue;
      const fallback = kind === 'echo-jwt' ? 'echojwt' : kind === 'echo' ? 'middleware' : 'jwtware';
      out.set(name?.text ?? fallback, kind);
    }
  }
  return out;
}


const API: Record<Kind, Record<string, 'key' | 'config'>> = {
  'echo-jwt': { JWT: 'key', WithConfig: 'config' },
  echo: { JWT: 'key', JWTWithConfig: 'config' },
  'fiber-jwt': { New: 'config' },
};

function site(call: Node, pkg: string, fn: string, kind: Kind, ctx: Ctx): { site: JwtCallSite; key: KeyAnalysis | null } | null {
  const arg = callArgs(call).args[0];
  if (!arg) return null;
  const loc = ctx.r.loc(call);
  let keyNode: Node | undefined;
  let algorithm: AlgorithmSpec = { kind: 'explicit', values: [{ name: 'HS256', loc }], loc };
  let custom = false;
  if (API[kind][fn] === 'key') keyNode = arg;
  else {
    const config = follow(arg, ctx);
    if (config.type !== 'composite_literal') return null;
    const f = compositeFields(config);
    if (f.has('ParseTokenFunc') || f.has('KeyFunc') || f.has('JWKSetURLs') || f.has('SigningKeys')) custom = true;
    let signingKey = f.get('SigningKey');
    let alg = f.get('SigningMethod');
    // fiber contrib: `SigningKey: jwtware.SigningKey{JWTAlg: jwtware.HS256, Key: k}`.
    const sk = signingKey ? follow(signingKey, ctx) : null;
    if (sk?.type === 'composite_literal') {
      const inner = compositeFields(sk);
      signingKey = inner.get('Key');
      alg = inner.get('JWTAlg') ?? alg;
    }
    keyNode = signingKey;
    if (alg) {
      const v = ctx.r.resolve(follow(alg, ctx));
      const n = unwrapParens(alg);
      // `jwtware.HS256` is the string "HS256".
      const name = v.kind === 'string' ? v.value : n.type === 'selector_expression' ? (n.childForFieldName('field')?.text ?? null) : null;
      algorithm = name ? { kind: 'explicit', values: [{ name, loc: ctx.r.loc(alg) }], loc: ctx.r.loc(alg) } : { kind: 'unknown', loc: ctx.r.loc(alg) };
    }
  }
  if (custom) algorithm = { kind: 'unknown', loc };
  const names = algorithm.kind === 'explicit' ? algorithm.values.map((v) => v.name) : [];
  const key = keyNode ? keyOf(keyNode, ctx, names, false) : null;
  const api = `${pkg}.${fn}`;
  return {
    site: {
      library: kind === 'fiber-jwt' ? 'fiber-jwt' : 'echo-jwt',
      api,
      operation: 'configure',
      signs: false,
      verifies: true,
      loc,
      key: key?.info ?? null,
      verifyAlgorithms: algorithm,
      audience: custom ? 'unknown' : 'absent',
      issuer: custom ? 'unknown' : 'absent',
      expiry: {},
    },
    key,
  };
}

export function middlewareSites(ctx: Ctx, bindings: Map<string, Kind>, tick: () => void): { site: JwtCallSite; key: KeyAnalysis | null }[] {
  const out: { site: JwtCallSite; key: KeyAnalysis | null }[] = [];
  for (const call of ctx.r.root.descendantsOfType('call_expression')) {
    if (!call) continue;
    tick();
    const fn = call.childForFieldName('function');
    if (fn?.type !== 'selector_expression') continue;
    const pkg = fn.childForFieldName('operand');
    const name = fn.childForFieldName('field')?.text ?? '';
    const kind = pkg?.type === 'identifier' ? bindings.get(pkg.text) : undefined;
    if (!kind || !API[kind][name]) continue;
    const s = site(call, pkg!.text, name, kind, ctx);
    if (s) out.push(s);
  }
  return out;
}

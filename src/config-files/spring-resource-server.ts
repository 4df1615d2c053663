// Spring Boot's resource server configured by properties (`spring.security.oauth2.resourceserver.jwt.*`
// in application*/bootstrap* .yml/.yaml/.properties): Boot builds a `NimbusJwtDecoder` from them when
// the code defines none, so the file is a configure-once verifier (RULES.md: missing checks of a
// configuration go on the line of the key that configures the verifier).
// Decisions:
// - One verify record per file that sets `jwk-set-uri`, `public-key-location` or `issuer-uri`, at the
//   first of those keys: a key set (`jwk-set-uri`, or the one `issuer-uri` discovers) or a public key,
//   asymmetric by construction. Its origin (`url:…`, or `env:X` for `${X}`) lets the estate compare
//   verifiers of one issuer (`issuerReach`).
// - Boot pins the algorithms: `jws-algorithms` (default RS256), explicit.
// - `issuer-uri` adds an issuer check; `audiences` (Boot 3.0+) an audience check. Without `audiences` no
//   `aud` is checked: `missing-audience`, as for any verifier (RULES.md). Profiles of one folder are read
//   together (an `application-prod.yml` that adds `audiences` covers the base file's verifier).
// - Code that builds its own Spring `JwtDecoder` (a `NimbusJwtDecoder` builder) makes Boot back off: no
//   record for the properties of its module (the folder above `src/main/resources/` or `src/test/resources/`,
//   else the config's folder).
import type { JwtCallSite, SourceLocation } from '../facts/model.js';
import type { ConfigEntry, ParsedConfig } from './types.js';

export const SPRING_BOOT_RESOURCE_SERVER = 'spring-boot-resource-server';

const PREFIX = ['spring', 'security', 'oauth2', 'resourceserver', 'jwt'];
const KEY_SETTINGS = ['jwk-set-uri', 'public-key-location', 'issuer-uri'];

function springConfigName(path: string): boolean {
  const base = path.slice(path.lastIndexOf('/') + 1);
  return /^(?:application|bootstrap)(?:-[\w.-]+)?\.(?:ya?ml|properties)$/.test(base);
}

/** `jwk-set-uri`, `jwkSetUri` and `jwk_set_uri` are one property (relaxed binding). */
function canonical(key: string): string {
  // `audiences[0]` in a .properties file is an item of `audiences`.
  return key.toLowerCase().replace(/[-_]/g, '').replace(/\[\d+\]$/, '');
}

/** The resource-server setting an entry sets (`jwk-set-uri`, `audiences`, …), else null. */
function settingOf(entry: ConfigEntry): string | null {
  const path = entry.path.filter((p) => !/^\d+$/.test(p));
  if (path.length !== PREFIX.length + 1) return null;
  for (let i = 0; i < PREFIX.length; i++) if (canonical(path[i]!) !== canonical(PREFIX[i]!)) return null;
  return canonical(path[PREFIX.length]!);
}

function folderOf(path: string): string {
  return path.slice(0, path.lastIndexOf('/') + 1);
}

/** The module a config file configures: the folder above `src/<main|test|…>/resources/` (Maven/Gradle layout), else the file's own folder. */
function moduleRoot(path: string): string {
  const segments = path.split('/');
  for (let i = segments.length - 3; i >= 0; i--) {
    if (segments[i] === 'src' && segments[i + 2] === 'resources') return segments.slice(0, i).map((s) => `${s}/`).join('');
  }
  return folderOf(path);
}

/**
 * The verify records of Spring Boot resource-server properties, by config file path.
 * `decoderFiles`: code files that build their own Spring `JwtDecoder`; Boot configures none in their module.
 */
export function springResourceServers(configs: readonly { path: string; parsed: ParsedConfig }[], decoderFiles: readonly string[]): Map<string, JwtCallSite[]> {
  const out = new Map<string, JwtCallSite[]>();
  const files = configs.filter((c) => springConfigName(c.path) && !decoderFiles.some((f) => f.startsWith(moduleRoot(c.path))));
  const settings = new Map<string, Map<string, ConfigEntry[]>>();
  for (const c of files) {
    const mine = new Map<string, ConfigEntry[]>();
    for (const e of c.parsed.entries) {
      const s = settingOf(e);
      if (s) mine.set(s, [...(mine.get(s) ?? []), e]);
    }
    if (mine.size > 0) settings.set(c.path, mine);
  }
  // What the folder's profiles set together.
  const inFolder = (path: string, setting: string) => [...settings].some(([p, m]) => folderOf(p) === folderOf(path) && (m.get(canonical(setting))?.some((e) => e.value.trim() !== '') ?? false));
  for (const [path, mine] of settings) {
    const keyEntry = KEY_SETTINGS.map((k) => mine.get(canonical(k))?.[0]).find((e) => e && e.value.trim() !== '');
    if (!keyEntry) continue;
    const setting = settingOf(keyEntry)!;
    const value = keyEntry.value.trim();
    const origin = keyEntry.interpolation && !keyEntry.interpolation.fallback ? `env:${keyEntry.interpolation.name}` : setting === canonical('public-key-location') ? undefined : `url:${value}`;
    const algs = (mine.get(canonical('jws-algorithms')) ?? []).flatMap((e) => e.value.split(',').map((v) => ({ name: v.trim(), loc: e.valueLoc }))).filter((a) => a.name !== '');
    const loc: SourceLocation = keyEntry.keyLoc;
    const site: JwtCallSite = {
      library: SPRING_BOOT_RESOURCE_SERVER,
      api: 'spring.security.oauth2.resourceserver.jwt',
      operation: 'configure',
      signs: false,
      verifies: true,
      loc,
      key: {
        kind: setting === canonical('public-key-location') ? 'public-key' : 'jwks',
        envNames: keyEntry.interpolation ? [keyEntry.interpolation.name] : [],
        envReads: [],
        loc: keyEntry.valueLoc,
        fromParameter: false,
        ...(origin && { origin }),
      },
      verifyAlgorithms: algs.length > 0 ? { kind: 'explicit', values: algs, loc: algs[0]!.loc } : { kind: 'explicit', values: [{ name: 'RS256', loc }], loc },
      audience: inFolder(path, 'audiences') ? 'present' : 'absent',
      issuer: inFolder(path, 'issuer-uri') ? 'present' : 'absent',
      expiry: {},
    };
    out.set(path, [site]);
  }
  return out;
}

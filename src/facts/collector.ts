// The records one file's facts are collected into, the same for every language front end
// (src/lang/*): call sites, the secrets behind their keys, lifetimes and unsafe options.
import { isPlaceholder } from '../config-files/values.js';
import { isTemplateFile } from '../discover/template-name.js';
import type { JwtCallSite, KeyInfo, Lifetime, LifetimeValue, SecretMaterial, SecretUse, SourceLocation, UnsafeOption } from './model.js';

/** What a front end learned about the key a call uses. */
export interface KeyAnalysis {
  info: KeyInfo;
  /** Every literal key material found behind the key (one per route). */
  materials: SecretMaterial[];
  /** True when the library will treat this key as an HMAC secret. */
  hmac: boolean;
}

const TEST_PATH = /(^|\/)(__tests__|__mocks__|__fixtures__|tests?|spec|specs|fixtures?|e2e|cypress|mocks?|(integration|e2e|api|unit)[-_]tests?|test[-_]?(utils|helpers|support))\/|\.(test|spec|e2e)\.[cm]?[jt]sx?$|(^|\/)(test_[^/]*|[^/]*_test|conftest)\.py$|_test\.go$|(^|\/)testdata\//i;

export function isTestPath(path: string): boolean {
  return TEST_PATH.test(path);
}

/**
 * A key read from a variable named like a public or private key (`JWT_PRIVATE_KEY`) is an
 * HMAC secret when the call names only HMAC algorithms: the algorithm says what the key is,
 * the name only guessed.
 */
function hmacWhenTheAlgorithmSaysSo(site: JwtCallSite) {
  const key = site.key;
  if (!key || (key.kind !== 'public-key' && key.kind !== 'private-key') || key.material || key.envReads.length === 0) return;
  const names = [site.signAlgorithm, site.verifyAlgorithms].flatMap((spec) => (spec?.kind === 'explicit' ? spec.values.map((v) => v.name) : []));
  if (names.length === 0 || !names.every((name) => /^HS(256|384|512)$/i.test(name))) return;
  const { origin: _origin, ...rest } = key;
  site.key = { ...rest, kind: 'hmac-secret' };
}

export class FactCollector {
  readonly callSites: JwtCallSite[] = [];
  readonly lifetimes: LifetimeValue[] = [];
  private readonly secrets = new Map<string, SecretUse>();
  // An options object shared by several calls holds its option once: one record per place.
  private readonly unsafe = new Map<string, UnsafeOption>();

  addSite(site: JwtCallSite, key: KeyAnalysis | null | undefined) {
    this.callSites.push(site);
    hmacWhenTheAlgorithmSaysSo(site);
    if (!key) return;
    const algorithms = [site.signAlgorithm, site.verifyAlgorithms]
      .flatMap((spec) => (spec && spec.kind === 'explicit' ? spec.values.map((v) => v.name) : []))
      .filter((name) => /^HS(256|384|512)$/i.test(name));
    for (const material of key.materials) {
      const id = `${material.loc.file}:${material.loc.line}:${material.loc.column}`;
      const existing = this.secrets.get(id);
      if (existing) {
        for (const a of algorithms) if (!existing.algorithms.includes(a)) existing.algorithms.push(a);
        existing.hmac ||= key.hmac;
        existing.usedAt.push(site.loc);
      } else {
        this.secrets.set(id, { material, algorithms: [...algorithms], hmac: key.hmac, usedAt: [site.loc] });
      }
    }
  }

  addSecret(key: KeyAnalysis, usedAt: SourceLocation) {
    for (const material of key.materials) {
      const id = `${material.loc.file}:${material.loc.line}:${material.loc.column}`;
      const existing = this.secrets.get(id);
      if (existing) existing.usedAt.push(usedAt);
      else this.secrets.set(id, { material, algorithms: [], hmac: key.hmac, usedAt: [usedAt] });
    }
  }

  addLifetime(lifetime: Lifetime) {
    if (lifetime.kind === 'seconds') this.lifetimes.push({ seconds: lifetime.seconds, loc: lifetime.loc });
  }

  addUnsafeOption(option: UnsafeOption) {
    const id = `${option.loc.file}:${option.loc.line}:${option.loc.column}`;
    if (!this.unsafe.has(id)) this.unsafe.set(id, option);
  }

  unsafeOptions(): UnsafeOption[] {
    const byFile = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    return [...this.unsafe.values()].sort((a, b) => byFile(a.loc.file, b.loc.file) || a.loc.line - b.loc.line || a.loc.column - b.loc.column);
  }

  secretUses(): SecretUse[] {
    // A template's placeholder (`config.ts.example`: `'your-secret-here'`) is no key: deployments replace it.
    return [...this.secrets.values()].filter((use) => !(isTemplateFile(use.material.loc.file) && isPlaceholder(use.material.text, true)));
  }
}

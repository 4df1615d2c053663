// The tail every tree-sitter front end (Java, Kotlin, Go) ends a file with: its adapters' call-site
// records, each with the key read for it, go through one FactCollector (src/facts/collector.ts) into
// the file's call sites, secret uses and lifetimes, so every language reaches the rules the same way.
import { FactCollector, type KeyAnalysis } from '../facts/collector.js';
import type { FileFacts, JwtCallSite } from '../facts/model.js';

/** One call-site record of an adapter and the key analysis behind it (null: no key read). */
export interface Found {
  site: JwtCallSite;
  key: KeyAnalysis | null;
}

/** Sets `facts.callSites`, `secrets` and `lifetimes` from a file's records. */
export function collectSites(facts: FileFacts, found: readonly Found[]): void {
  const collector = new FactCollector();
  for (const f of found) {
    collector.addSite(f.site, f.key);
    if (f.site.lifetime) collector.addLifetime(f.site.lifetime);
  }
  facts.callSites = collector.callSites;
  facts.secrets = collector.secretUses();
  facts.lifetimes = collector.lifetimes;
}

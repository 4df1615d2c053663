import type { EstateFile, EstateFileKey, EstateFileUnit } from './estate-file.js';

// `jwtlint estate merge`: keys whose values have equal fingerprints in two or more
// repositories are one key, held across repositories. Each fingerprint is indexed once in a
// Map, so merging is linear in the number of repositories (and of keys in them). Keys that
// share only a variable name are not compared: two services calling their key JWT_SECRET say
// nothing about the value each is given.

export interface MergeSource {
  /** The estate file as named on the command line. */
  source: string;
  estate: EstateFile;
}

export interface MergedRepository {
  name: string;
  /** SARIF uriBaseId: the repository's name, made unique and safe. */
  baseId: string;
  source: string;
  /** The scanned folder inside the repository, when it was not the top level. */
  path?: string;
  commit?: string;
  units: EstateFileUnit[];
  /** Unit id → name, for lookups in constant time. */
  unitNames: Map<string, string>;
}

export interface Holder {
  repository: number;
  key: EstateFileKey;
}

export interface SharedKey {
  id: string;
  holders: Holder[];
  /** Repository indexes, in input order. */
  repositories: number[];
  environments: string[];
  /** `repository/unit` labels. */
  signers: string[];
  verifiers: string[];
  /** Repositories with a unit that signs with the key. */
  signingRepositories: number[];
}

export interface MergeFinding {
  ruleId: 'shared-secret';
  repository: number;
  /** Relative to the repository's top level. */
  file: string;
  line: number;
  severity: 'high' | 'medium';
  message: string;
  severityReason: string;
  shared: string;
  environment?: string;
}

export interface MergeResult {
  keyId: string;
  repositories: MergedRepository[];
  shared: SharedKey[];
  findings: MergeFinding[];
  /** Variable names carried by keys in two or more repositories with no value compared: not findings. */
  namesOnly: { name: string; repositories: number[] }[];
  /** Work done, for tests and the bench: each fingerprint is put in the index once. */
  work: { fingerprintsIndexed: number; holders: number };
}

const ENV_ORDER = ['production', 'preprod', 'staging', 'uat', 'qa', 'development', 'test', 'sandbox', 'demo'];

class DisjointSets {
  private readonly parent: number[] = [];
  add(): number {
    this.parent.push(this.parent.length);
    return this.parent.length - 1;
  }
  find(x: number): number {
    let root = x;
    while (this.parent[root] !== root) root = this.parent[root]!;
    while (this.parent[x] !== root) {
      const next = this.parent[x]!;
      this.parent[x] = root;
      x = next;
    }
    return root;
  }
  union(a: number, b: number) {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
}

/** Merges estate files that were all fingerprinted under the key `keyId` (the caller checks). */
export function mergeEstates(sources: readonly MergeSource[], keyId: string): MergeResult {
  const repositories = nameRepositories(sources);
  const holders: Holder[] = [];
  const sets = new DisjointSets();
  // fingerprint → the first holder seen with it, and whether a second repository holds it too.
  const index = new Map<string, { first: number; repository: number; shared: boolean }>();
  let fingerprintsIndexed = 0;
  sources.forEach(({ estate }, repository) => {
    for (const key of estate.keys) {
      if (!key.fingerprints || key.fingerprints.length === 0) continue;
      const node = sets.add();
      holders.push({ repository, key });
      for (const fingerprint of key.fingerprints) {
        fingerprintsIndexed++;
        const seen = index.get(fingerprint);
        if (seen === undefined) {
          index.set(fingerprint, { first: node, repository, shared: false });
          continue;
        }
        // Equal values inside one repository are the scan's own business (shared-secret in
        // the repository's report); across repositories they join one key here.
        if (seen.repository !== repository) seen.shared = true;
        sets.union(seen.first, node);
      }
    }
  });

  const components = new Map<number, number[]>();
  holders.forEach((_, node) => {
    const root = sets.find(node);
    const members = components.get(root);
    if (members) members.push(node);
    else components.set(root, [node]);
  });
  const shared: SharedKey[] = [];
  for (const members of components.values()) {
    const repos = [...new Set(members.map((n) => holders[n]!.repository))].sort((a, b) => a - b);
    if (repos.length < 2) continue;
    const group = members.map((n) => holders[n]!);
    const label = (h: Holder, unit: string) => `${repositories[h.repository]!.name}/${unitName(repositories[h.repository]!, unit)}`;
    const signers = new Set<string>();
    const verifiers = new Set<string>();
    const signingRepositories = new Set<number>();
    for (const h of group) for (const u of h.key.units) {
      if (u.signs) signers.add(label(h, u.unit));
      if (u.signs) signingRepositories.add(h.repository);
      if (u.verifies) verifiers.add(label(h, u.unit));
    }
    shared.push({
      id: `shared-${shared.length + 1}`,
      holders: group,
      repositories: repos,
      environments: sortEnvironments(new Set(group.flatMap((h) => [...h.key.environments, ...h.key.places.flatMap((p) => (p.environment ? [p.environment] : []))]))),
      signers: [...signers].sort(),
      verifiers: [...verifiers].sort(),
      signingRepositories: [...signingRepositories].sort((a, b) => a - b),
    });
  }

  const findings = shared.flatMap((key) => findingsFor(key, repositories));
  return { keyId, repositories, shared, findings, namesOnly: namesOnly(sources, shared), work: { fingerprintsIndexed, holders: holders.length } };
}

function nameRepositories(sources: readonly MergeSource[]): MergedRepository[] {
  const used = new Set<string>();
  return sources.map(({ source, estate }) => {
    const base = trimDashes(estate.repository.name.replace(/[^A-Za-z0-9_-]+/g, '-')).slice(0, 64) || 'repository';
    let baseId = base;
    for (let n = 2; used.has(baseId.toLowerCase()); n++) baseId = `${base}-${n}`;
    used.add(baseId.toLowerCase());
    return { name: estate.repository.name, baseId, source, ...(estate.repository.path ? { path: estate.repository.path } : {}), ...(estate.repository.commit ? { commit: estate.repository.commit } : {}), units: estate.units, unitNames: new Map(estate.units.map((u) => [u.id, u.name])) };
  });
}

function trimDashes(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && text[start] === '-') start++;
  while (end > start && text[end - 1] === '-') end--;
  return text.slice(start, end);
}

function unitName(repository: MergedRepository, id: string): string {
  return repository.unitNames.get(id) ?? id;
}

function sortEnvironments(environments: Set<string>): string[] {
  const rank = (e: string) => (ENV_ORDER.includes(e) ? ENV_ORDER.indexOf(e) : ENV_ORDER.length);
  return [...environments].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * One finding per place of each holding key, rated as the in-repository rule rates it: a
 * value that also opens production from another environment is high, without production
 * medium; a unit that only verifies while another repository signs with the key is high; any
 * other holding is high (every holder can mint tokens the others accept).
 */
function findingsFor(key: SharedKey, repositories: MergedRepository[]): MergeFinding[] {
  const findings: MergeFinding[] = [];
  const seen = new Set<string>();
  const acrossEnvironments = key.environments.length >= 2;
  // Signing units with their repository, once per key; each message names a few of the others.
  const signing = key.holders.flatMap((h) => h.key.units.filter((u) => u.signs).map((u) => ({ repository: h.repository, label: `${repositories[h.repository]!.name}/${unitName(repositories[h.repository]!, u.unit)}` })));
  const signingIn = new Map<number, number>();
  for (const s of signing) signingIn.set(s.repository, (signingIn.get(s.repository) ?? 0) + 1);
  for (const holder of key.holders) {
    const repository = repositories[holder.repository]!;
    const others = fewOf(key.repositories, (r) => r !== holder.repository, key.repositories.length - 1, (r) => repositories[r]!.name);
    const roles = new Map(holder.key.units.map((u) => [u.unit, u]));
    const otherSigning = signing.length - (signingIn.get(holder.repository) ?? 0);
    const otherSigners = otherSigning === 0 ? [] : [fewOf(signing, (s) => s.repository !== holder.repository, otherSigning, (s) => s.label)];
    const names = holder.key.names.length > 0 ? holder.key.names.join(', ') : 'a literal key';
    for (const place of holder.key.places) {
      const at = `${holder.repository}:${place.file}:${place.line}`;
      if (seen.has(at)) continue;
      seen.add(at);
      const role = place.unit ? roles.get(place.unit) : undefined;
      const unit = place.unit ? unitName(repository, place.unit) : undefined;
      // Findings point into the repository: relative to its top level, not to the scanned folder.
      const file = repository.path ? `${repository.path}/${place.file}` : place.file;
      const base = { ruleId: 'shared-secret' as const, repository: holder.repository, file, line: place.line, shared: key.id, ...(place.environment ? { environment: place.environment } : {}) };
      if (acrossEnvironments) {
        const production = key.environments.includes('production');
        findings.push({
          ...base,
          severity: production ? 'high' : 'medium',
          message: `The key held here (${names}${place.environment ? `, ${place.environment}` : ''}) has the same value in ${others}; environments sharing it: ${key.environments.join(', ')}.`,
          severityReason: production ? 'a key or token from a weaker environment also opens `production`' : `no production environment shares the value (only ${key.environments.join(', ')})`,
        });
      } else if (role && role.verifies && !role.signs && otherSigners.length > 0) {
        findings.push({
          ...base,
          severity: 'high',
          message: `\`${unit}\` only verifies tokens, yet holds the key ${otherSigners[0]} ${otherSigning === 1 ? 'signs' : 'sign'} with (${names}).`,
          severityReason: `\`${unit}\` only verifies, yet can mint tokens for another repository`,
        });
      } else {
        findings.push({
          ...base,
          severity: 'high',
          message: `The key held here${unit ? ` by \`${unit}\`` : ''} (${names}) has the same value in ${others}: ${key.repositories.length} repositories hold it.`,
          severityReason: 'every service that holds the key can mint tokens the others accept',
        });
      }
    }
  }
  return findings;
}

const NAMED = 5;

/**
 * Up to NAMED items that `keep` selects, named, then how many more (`total` is how many it
 * selects in all): a key held by 1,000 repositories costs each finding a few names, not 999.
 */
function fewOf<T>(items: readonly T[], keep: (item: T) => boolean, total: number, name: (item: T) => string): string {
  const named: string[] = [];
  for (const item of items) {
    if (named.length === NAMED) break;
    if (keep(item)) named.push(name(item));
  }
  return total > named.length ? `${named.join(', ')} and ${total - named.length} more` : named.join(', ');
}

/**
 * Variable names that keys carry in two or more repositories where no one compared value
 * joins them all (JWT_SECRET in `billing` and `inventory`, whose value is injected at deploy
 * time). One pass over the keys: each name remembers the shared key its holders belong to,
 * or that they belong to none or to several.
 */
function namesOnly(sources: readonly MergeSource[], shared: SharedKey[]): { name: string; repositories: number[] }[] {
  const groupOf = new Map<EstateFileKey, number>();
  shared.forEach((key, index) => {
    for (const h of key.holders) groupOf.set(h.key, index);
  });
  const byName = new Map<string, { repositories: Set<number>; group: number | 'none' | undefined }>();
  sources.forEach(({ estate }, repository) => {
    for (const key of estate.keys) {
      const group = groupOf.get(key) ?? 'none';
      for (const name of key.names) {
        const entry = byName.get(name) ?? { repositories: new Set<number>(), group: undefined };
        entry.repositories.add(repository);
        entry.group = entry.group === undefined || entry.group === group ? group : 'none';
        byName.set(name, entry);
      }
    }
  });
  return [...byName]
    .filter(([, entry]) => entry.repositories.size >= 2 && entry.group === 'none')
    .map(([name, entry]) => ({ name, repositories: [...entry.repositories].sort((a, b) => a - b) }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

import { createHmac, randomBytes } from 'node:crypto';
import { posix } from 'node:path';
import { ciEnvironmentName, isCiConfigPath, isExampleFile, isTestConfigPath, type ConfigEntry, type ParsedConfig } from '../config-files/index.js';
import { secretName } from '../config-files/names.js';
import type { ClaimValues, EstateFacts, FileFacts, JwtCallSite, KeyGroup, KeyPlace, KeySigner, SourceLocation, Unit } from '../facts/model.js';
import type { UnitMap } from './units.js';
import { pushTo } from '../collections.js';

// Which HMAC keys reach which deployable units. Keys are compared by identity, never by
// printing them: a literal value becomes a keyed hash with a key drawn fresh for each run,
// an environment variable or Kubernetes Secret entry is a name. Names and values that feed
// each other (a compose `JWT_SECRET: ${JWT_SECRET}`, a `secretKeyRef`, a `.env` line) are
// merged, so a class is everything that carries one key.

export interface EstateConfig {
  path: string;
  parsed: ParsedConfig;
  facts: FileFacts;
}

export interface EstateInput {
  units: UnitMap;
  code: FileFacts[];
  configs: EstateConfig[];
  /** Environment variables the code feeds into HMAC JWT keys. */
  keyEnvNames: ReadonlySet<string>;
  /**
   * The organisation's estate key (JWTLINT_ESTATE_KEY): with it, each literal value also gets
   * a fingerprint HMAC-SHA256(key, value) comparable across repositories (`--estate-out`).
   */
  estateKey?: Buffer;
}

interface Place extends KeyPlace {
  nodes: string[];
  /**
   * Values written on the line of this place by a place that was not kept (a pydantic field
   * `JWT_SECRET: str = "..."` is both the variable's read and its default): they join the
   * class through `nodes` already, and are kept here for the fingerprints of --estate-out.
   */
  lineValues?: string[];
}

/** A unit's use of a key node in code: whether it signs or verifies, and with which algorithms. */
interface Role {
  unit: string;
  signs: boolean;
  verifies: boolean;
  signAlgorithms: string[];
}

class DisjointSets {
  private readonly parent = new Map<string, string>();

  find(x: string): string {
    let root = this.parent.get(x) ?? x;
    if (root === x) {
      this.parent.set(x, x);
      return x;
    }
    root = this.find(root);
    this.parent.set(x, root);
    return root;
  }

  union(a: string, b: string) {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
  }
}

const ENVIRONMENT_WORDS: Record<string, string> = {
  prod: 'production', production: 'production', prd: 'production', live: 'production',
  staging: 'staging', stage: 'staging', stg: 'staging', preprod: 'preprod', uat: 'uat', qa: 'qa',
  dev: 'development', development: 'development', test: 'test', testing: 'test', sandbox: 'sandbox', demo: 'demo',
};

/**
 * The named environment a config file belongs to, from its path or Kubernetes namespace.
 * CI pipelines name none; configuration used only by tests (`.env.test`, `values-ci.yaml`,
 * `deploy/prod/values-test.yaml`) is the test environment, never production.
 */
export function environmentOf(path: string, namespace?: string): string | undefined {
  if (isExampleFile(path) || isCiConfigPath(path) || /(^|\/)\.github\//.test(path)) return undefined;
  if (isTestConfigPath(path)) return 'test';
  const words = [...(namespace ? namespace.split(/[._-]/) : []), ...path.toLowerCase().split(/[/._-]+/)];
  for (const w of words) if (ENVIRONMENT_WORDS[w]) return ENVIRONMENT_WORDS[w];
  return undefined;
}

/** The environment a CI job's environment or job name says (`production`, `deploy-staging`), if any. */
function namedEnvironment(name: string | undefined): string | undefined {
  if (!name) return undefined;
  for (const w of name.toLowerCase().split(/[^a-z0-9]+/)) if (ENVIRONMENT_WORDS[w]) return ENVIRONMENT_WORDS[w];
  return undefined;
}

export function analyseEstate(input: EstateInput): EstateFacts {
  const hashKey = randomBytes(32);
  const literal = (value: string) => `lit:${createHmac('sha256', hashKey).update(value).digest('hex')}`;
  // Run-local node id → fingerprint under the estate key; the value itself is never kept.
  const fingerprints = new Map<string, string>();
  const estateKey = input.estateKey;
  const valueNode = estateKey
    ? (value: string) => {
        const node = literal(value);
        if (!fingerprints.has(node)) fingerprints.set(node, createHmac('sha256', estateKey).update(value).digest('hex'));
        return node;
      }
    : literal;
  const sets = new DisjointSets();
  const places: Place[] = [];
  const seen = new Map<string, Place>();
  const roles = new Map<string, Role[]>();
  // Every signing call of a key node, in a unit or not: what `jwtlint fix` may rely on.
  const signings = new Map<string, KeySigner[]>();
  const keyedSites: { site: JwtCallSite; nodes: string[] }[] = [];
  const siteKeys: { site: JwtCallSite; unitId: string; nodes: string[] }[] = [];
  const unitsById = new Map<string, Unit>(input.units.units.map((u) => [u.id, u]));

  const addPlace = (place: Place) => {
    if (place.nodes.length === 0) return;
    // What a place links is kept even when its line is already a place: `getEnv("X", "lit")`
    // reads the variable and holds its fallback on one line, and both name the same key.
    for (const n of place.nodes.slice(1)) sets.union(place.nodes[0]!, n);
    const key = `${place.loc.file}:${place.loc.line}`;
    const kept = seen.get(key);
    if (kept) {
      for (const n of place.nodes) if (n.startsWith('lit:') && !kept.nodes.includes(n)) (kept.lineValues ??= []).push(n);
      return;
    }
    seen.set(key, place);
    places.push(place);
  };

  // Code: the line that reads the key (env read, config lookup or literal) in each unit.
  for (const facts of input.code) {
    for (const site of facts.callSites) {
      const key = site.key;
      if (key && key.kind !== 'hmac-secret') markAsymmetric(site, input.units.unitOfFile(facts.file)?.id, unitsById);
      if (!key || key.kind !== 'hmac-secret') continue;
      const siteUnit = input.units.unitOfFile(facts.file);
      const nodes: string[] = [];
      for (const read of key.envReads) {
        const node = `env:${read.name}`;
        nodes.push(node);
        addPlace({ loc: read.loc, unitId: input.units.unitOfFile(read.loc.file)?.id ?? null, how: 'code', nodes: [node] });
      }
      if (key.material) nodes.push(valueNode(key.material.text));
      if (site.signs && nodes.length > 0) {
        const signer = keySigner(site, siteUnit ? unitsById.get(siteUnit.id)?.name ?? siteUnit.id : null, facts.isTest);
        for (const n of nodes) pushTo(signings, n, signer);
      }
      if (nodes.length > 0) keyedSites.push({ site, nodes });
      if (siteUnit) {
        const unit = unitsById.get(siteUnit.id)!;
        unit.signs ||= site.signs;
        unit.verifies ||= site.verifies;
        const signAlgorithms = site.signs && site.signAlgorithm?.kind === 'explicit' ? site.signAlgorithm.values.map((v) => v.name) : [];
        for (const n of nodes) pushTo(roles, n, { unit: siteUnit.id, signs: site.signs, verifies: site.verifies, signAlgorithms });
        if (nodes.length > 0) siteKeys.push({ site, unitId: siteUnit.id, nodes });
      }
    }
    for (const use of facts.secrets) {
      if (!use.hmac || use.material.form === 'pem-private' || use.material.form === 'jwk-private') continue;
      const nodes = [valueNode(use.material.text), ...(use.material.envName ? [`env:${use.material.envName}`] : [])];
      addPlace({ loc: use.material.loc, unitId: input.units.unitOfFile(use.material.loc.file)?.id ?? null, how: 'code', nodes });
    }
  }

  const configsByPath = new Map(input.configs.map((c) => [c.path, c]));
  const isKeyEntry = (e: ConfigEntry) => (e.envVar && input.keyEnvNames.has(e.key)) || secretName(e) !== null;

  for (const config of input.configs) {
    const { parsed, path } = config;
    // `.env` lines that only point at another variable (`REPORTS_JWT_SECRET=${JWT_SECRET}`) pass
    // that key on to the unit the file belongs to.
    if (parsed.format === 'env') {
      for (const e of parsed.entries) {
        if (!e.envVar || !e.interpolation || !isKeyEntry(e)) continue;
        const nodes = [`env:${e.key}`, `env:${e.interpolation.name}`, ...(e.interpolation.fallback && e.value ? [valueNode(e.value)] : [])];
        addPlace({ loc: e.valueLoc, unitId: input.units.unitOfFile(path)?.id ?? null, how: 'inject', nodes });
      }
    }
    for (const doc of parsed.documents) {
      const entries = parsed.entries.filter((e) => e.document === doc.index);
      if (doc.compose) composePlaces(path, entries, input, configsByPath, isKeyEntry, valueNode, addPlace);
      if (doc.kubernetesKind === 'Secret') secretPlaces(path, entries, isKeyEntry, valueNode, addPlace);
      else if (doc.kubernetesKind) workloadPlaces(path, doc.index, entries, parsed, input, valueNode, addPlace);
    }
    // Units a Terraform file or a deployment manifest declares (Lambda, ECS, SAM, render, serverless).
    declaredUnitPlaces(path, input, isKeyEntry, valueNode, addPlace);
  }
  // Values the config extraction judged to be JWT keys: `.env` lines, Helm values, Spring
  // profiles, appsettings. Each defines its value, in the environment its path names.
  for (const config of input.configs) {
    const entryAt = new Map(config.parsed.entries.map((e) => [`${e.valueLoc.line}:${e.valueLoc.column}`, e]));
    for (const use of config.facts.secrets) {
      const entry = entryAt.get(`${use.material.loc.line}:${use.material.loc.column}`);
      const nodes = [valueNode(use.material.text), ...(entry?.envVar ? [`env:${entry.key}`] : [])];
      // A Terraform variable's default, or its `.tfvars` value: what `var.<name>` gives.
      if (entry?.terraformVariable) nodes.push(`tfvar:${entry.terraformVariable}`);
      // A CI file names none by its path; its jobs may (`environment: production`, `deploy_staging:`).
      const environment = environmentOf(config.path) ?? (entry ? namedEnvironment(ciEnvironmentName(config.path, config.parsed, entry)) : undefined);
      addPlace({ loc: use.material.loc, unitId: input.units.unitOfFile(config.path)?.id ?? null, how: 'define', nodes, ...(environment ? { environment } : {}) });
    }
  }

  const { groups, holders } = groupKeys(places, sets, roles, estateKey ? fingerprints : undefined);
  setKeyReach(siteKeys, sets, groups, holders, roles, unitsById);
  setKeySigners(keyedSites, sets, groups, signings, holders, unitsById);
  const keySets = setIssuerReach(input, unitsById);
  return { units: input.units.units, keys: [...groups.values()], ...(keySets.length > 0 && { keySets }) };
}

/** A unit that signs with a private key, or verifies with a public key or key set: the asymmetric pattern. */
function markAsymmetric(site: JwtCallSite, unitId: string | undefined, unitsById: Map<string, Unit>) {
  const unit = unitId === undefined ? undefined : unitsById.get(unitId);
  if (!unit) return;
  const kind = site.key!.kind;
  // A key jwtlint cannot resolve (`jwks.get_signing_key_from_jwt(t).key`) is still a public
  // one when every algorithm the call allows is asymmetric.
  const asymmetric = (spec: JwtCallSite['signAlgorithm']) => spec?.kind === 'explicit' && spec.values.length > 0 && spec.values.every((v) => ASYMMETRIC_ALGORITHM.test(v.name));
  if (site.signs && (kind === 'private-key' || ((kind === 'unknown' || kind === 'key-function') && asymmetric(site.signAlgorithm)))) unit.signsWithPrivateKey = true;
  if (site.verifies && (kind === 'public-key' || kind === 'jwks' || ((kind === 'unknown' || kind === 'key-function') && asymmetric(site.verifyAlgorithms)))) unit.verifiesWithPublicKey = true;
}

const ASYMMETRIC_ALGORITHM = /^(?:RS|PS|ES)(?:256|384|512)$|^ES256K$|^EdDSA$|^Ed25519$/;

/**
 * Gives each verifier with a key set or public key the units that verify against the same
 * one (`JwtCallSite.issuerReach`): tokens that one of them accepts, all of them accept unless
 * each checks its audience.
 */
function setIssuerReach(input: EstateInput, unitsById: Map<string, Unit>): { origin: string; unitIds: string[] }[] {
  const byOrigin = new Map<string, { site: JwtCallSite; unitId: string }[]>();
  for (const facts of input.code) {
    const unit = input.units.unitOfFile(facts.file);
    if (!unit) continue;
    for (const site of facts.callSites) {
      const origin = site.key?.origin;
      if (!site.verifies || !origin || (site.key!.kind !== 'jwks' && site.key!.kind !== 'public-key')) continue;
      pushTo(byOrigin, origin, { site, unitId: unit.id });
    }
  }
  for (const [origin, sites] of byOrigin) {
    const verifiers = [...new Set(sites.map((s) => unitsById.get(s.unitId)?.name ?? s.unitId))].sort();
    for (const { site, unitId } of sites) {
      site.issuerReach = { origin: origin.replace(/^(env|config|url):/, ''), unit: unitsById.get(unitId)?.name ?? unitId, verifiers };
    }
  }
  return [...byOrigin].map(([origin, sites]) => ({ origin, unitIds: [...new Set(sites.map((s) => s.unitId))].sort() }));
}

/**
 * Gives each HMAC call site the estate's view of its key (`JwtCallSite.keyReach`), so that
 * file rules can judge blast radius as a fact. A site whose key reads two variables
 * (`A || B`) joins what both carry.
 */
function setKeyReach(
  siteKeys: { site: JwtCallSite; unitId: string; nodes: string[] }[],
  sets: DisjointSets,
  groups: Map<string, KeyGroup>,
  holders: Map<string, Set<string>>,
  roles: Map<string, Role[]>,
  unitsById: Map<string, Unit>,
) {
  const nameOf = (id: string) => unitsById.get(id)?.name ?? id;
  const names = (ids: Iterable<string>) => [...new Set([...ids].map(nameOf))].sort();
  for (const { site, unitId, nodes } of siteKeys) {
    const roots = [...new Set(nodes.map((n) => sets.find(n)))].filter((root) => groups.has(root));
    if (roots.length === 0) continue;
    const holderIds = new Set<string>([unitId]);
    const signers = new Set<string>();
    const verifiers = new Set<string>();
    const signAlgorithms = new Set<string>();
    for (const root of roots) {
      const group = groups.get(root)!;
      for (const id of holders.get(root) ?? []) holderIds.add(id);
      for (const id of group.signers) signers.add(id);
      for (const id of group.verifiers) verifiers.add(id);
    }
    for (const n of nodes) for (const r of roles.get(n) ?? []) for (const a of r.signAlgorithms) signAlgorithms.add(a.toUpperCase());
    for (const id of [...signers, ...verifiers]) holderIds.add(id);
    site.keyReach = {
      keyId: roots.map((root) => groups.get(root)!.id).sort().join('+'),
      unit: nameOf(unitId),
      holders: names(holderIds),
      signers: names(signers),
      verifiers: names(verifiers),
      signAlgorithms: [...signAlgorithms].sort(),
    };
  }
}

/**
 * Gives each call site with an HMAC key every signing call of the same key in the scan
 * (`JwtCallSite.keySigners`), in a unit or not: one entry per distinct reading, sorted.
 */
function setKeySigners(
  keyedSites: { site: JwtCallSite; nodes: string[] }[],
  sets: DisjointSets,
  groups: Map<string, KeyGroup>,
  signings: Map<string, KeySigner[]>,
  holders: Map<string, Set<string>>,
  unitsById: Map<string, Unit>,
) {
  // Each key class's signers, deduplicated and sorted once (keyed by their JSON reading), and
  // the units that hold it with code outside the scan: sites of one key share them.
  const byRoot = new Map<string, Map<string, KeySigner>>();
  for (const [node, list] of signings) {
    const root = sets.find(node);
    const readings = byRoot.get(root) ?? new Map<string, KeySigner>();
    for (const s of list) readings.set(JSON.stringify(s), s);
    byRoot.set(root, readings);
  }
  const sorted = (readings: Map<string, KeySigner>) => [...readings].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, s]) => s);
  const signersOf = new Map<string, KeySigner[]>([...byRoot].map(([root, readings]) => [root, sorted(readings)]));
  // A unit that is not a package of the repository (a compose service, workload or function
  // declared with an image from elsewhere) runs code the scan did not read.
  const outsideOf = (root: string) => [...(holders.get(root) ?? [])].flatMap((id) => {
    const unit = unitsById.get(id);
    return unit && unit.kind !== 'package' && unit.kind !== 'repository' ? [unit.name] : [];
  });
  for (const { site, nodes } of keyedSites) {
    const roots = [...new Set(nodes.map((n) => sets.find(n)).filter((root) => groups.has(root)))];
    if (roots.length === 0) continue;
    if (roots.length === 1) site.keySigners = signersOf.get(roots[0]!) ?? [];
    else {
      const readings = new Map<string, KeySigner>();
      for (const root of roots) for (const [key, s] of byRoot.get(root) ?? []) readings.set(key, s);
      site.keySigners = sorted(readings);
    }
    const outside = [...new Set(roots.flatMap(outsideOf))].sort();
    if (outside.length > 0) site.keyHoldersOutsideScan = outside;
  }
}

/**
 * What one signing call of an HMAC key signs with and puts in `aud`/`iss`, as far as it is
 * certain. A configure-once signer (`JwtModule.register`, `@fastify/jwt`) stands for calls that
 * may each override its options: nothing about it is certain.
 */
function keySigner(site: JwtCallSite, unit: string | null, test: boolean): KeySigner {
  const unknown: ClaimValues = { kind: 'unknown' };
  const inTest = test ? { test: true as const } : {};
  if (site.operation === 'configure') return { unit, algorithm: null, aud: unknown, iss: unknown, ...inTest };
  const spec = site.signAlgorithm;
  let algorithm: string | null = null;
  if (spec?.kind === 'explicit') {
    const names = [...new Set(spec.values.map((v) => v.name))];
    if (names.length === 1) algorithm = names[0]!;
  } else if (spec?.kind === 'default' && spec.hmacByDefault) {
    algorithm = 'HS256';
  }
  return { unit, algorithm, aud: site.signClaims?.aud ?? unknown, iss: site.signClaims?.iss ?? unknown, ...inTest };
}

type AddPlace = (place: Place) => void;

function composePlaces(
  path: string,
  entries: ConfigEntry[],
  input: EstateInput,
  configsByPath: Map<string, EstateConfig>,
  isKeyEntry: (e: ConfigEntry) => boolean,
  literal: (v: string) => string,
  addPlace: AddPlace,
) {
  const baseDir = posix.dirname(path);
  for (const e of entries) {
    if (e.path[0] !== 'services' || e.path.length < 3) continue;
    const service = e.path[1]!;
    const unit = input.units.composeService(path, service);
    if (e.path[2] === 'environment' && e.path.length === 4 && isKeyEntry(e)) {
      const nodes = [`env:${e.key}`];
      if (e.interpolation) nodes.push(`env:${e.interpolation.name}`);
      if ((!e.interpolation || e.interpolation.fallback) && e.value !== '') nodes.push(literal(e.value));
      addPlace({ loc: e.keyLoc, unitId: unit?.id ?? null, how: 'inject', nodes });
    } else if (e.path[2] === 'env_file') {
      // `env_file: ./api/.env`: the service obtains every JWT key that file defines.
      const target = configsByPath.get(posix.normalize(posix.join(baseDir, e.value)).replace(/^\.\//, ''));
      if (!target) continue;
      const nodes = target.parsed.entries.filter((t) => t.envVar && isKeyEntry(t)).map((t) => `env:${t.key}`);
      addPlace({ loc: e.valueLoc, unitId: unit?.id ?? null, how: 'inject', nodes });
    }
  }
}

/** A Lambda `environment`, ECS `environment` item, Cloud Run `env` or App Service setting: the resource's unit obtains the variable (and the literal, if one is written). */
function declaredUnitPlaces(path: string, input: EstateInput, isKeyEntry: (e: ConfigEntry) => boolean, literal: (v: string) => string, addPlace: AddPlace) {
  const environment = environmentOf(path);
  for (const { unit, entries } of input.units.declaredUnits(path)) {
    for (const e of entries) {
      if (!e.envVar || !isKeyEntry(e)) continue;
      // `JWT_SECRET = var.jwt_secret`: the unit gets whatever the variable's default or `.tfvars` give it.
      const variable = e.interpolation?.name.startsWith('var.') ? [`tfvar:${e.interpolation.name.slice(4)}`] : [];
      const nodes = [`env:${e.key}`, ...variable, ...(e.value !== '' && e.valueType === 'string' && !e.computed ? [literal(e.value)] : [])];
      addPlace({ loc: e.valueLoc, unitId: unit.id, how: 'inject', nodes, ...(environment ? { environment } : {}) });
    }
  }
}

function secretPlaces(path: string, entries: ConfigEntry[], isKeyEntry: (e: ConfigEntry) => boolean, literal: (v: string) => string, addPlace: AddPlace) {
  const name = entries.find((e) => e.path.join('.') === 'metadata.name')?.value;
  const namespace = entries.find((e) => e.path.join('.') === 'metadata.namespace')?.value;
  if (!name) return;
  const environment = environmentOf(path, namespace);
  for (const e of entries) {
    if ((e.path[0] !== 'data' && e.path[0] !== 'stringData') || e.path.length !== 2) continue;
    const nodes = [`k8s:${name}/${e.key}`];
    if (e.value !== '') nodes.push(literal(e.value));
    if (isKeyEntry(e)) nodes.push(`env:${e.key}`);
    addPlace({ loc: e.keyLoc, unitId: null, how: 'define', nodes, ...(environment ? { environment } : {}) });
  }
}

// Container `env` items: `- name: JWT_SECRET` with `value:` or `valueFrom.secretKeyRef`.
function workloadPlaces(path: string, document: number, entries: ConfigEntry[], parsed: ParsedConfig, input: EstateInput, literal: (v: string) => string, addPlace: AddPlace) {
  const unit = input.units.workload(path, document);
  const items = new Map<string, ConfigEntry[]>();
  for (const e of entries) {
    const at = e.path.lastIndexOf('env');
    if (at < 0 || !e.path.slice(0, at).includes('containers')) continue;
    if (e.envVar && e.path.length === at + 2) {
      // Collapsed `- name: X / value: y` item.
      if (input.keyEnvNames.has(e.key) || secretName(e) !== null) {
        addPlace({ loc: e.valueLoc, unitId: unit?.id ?? null, how: 'inject', nodes: [`env:${e.key}`, ...(e.value ? [literal(e.value)] : [])] });
      }
      continue;
    }
    const id = e.path.slice(0, at + 2).join('.');
    pushTo(items, id, e);
  }
  for (const item of items.values()) {
    const name = item.find((e) => e.key === 'name' && !e.path.includes('valueFrom'))?.value;
    const refName = item.find((e) => e.path.includes('secretKeyRef') && e.key === 'name');
    const refKey = item.find((e) => e.path.includes('secretKeyRef') && e.key === 'key');
    if (!name || !refName || !refKey) continue;
    if (!input.keyEnvNames.has(name) && !/secret|key/i.test(name)) continue;
    addPlace({ loc: secretKeyRefLine(parsed, refName.keyLoc), unitId: unit?.id ?? null, how: 'inject', nodes: [`env:${name}`, `k8s:${refName.value}/${refKey.value}`] });
  }
}

/** The `secretKeyRef:` line above its `name:` entry (RULES.md reports the injection there). */
function secretKeyRefLine(parsed: ParsedConfig, at: SourceLocation): SourceLocation {
  for (let line = at.line - 1; line >= Math.max(1, at.line - 3); line--) {
    const text = parsed.lines.lineText(line);
    const column = text.indexOf('secretKeyRef');
    if (column >= 0) return { file: at.file, line, column: column + 1, endLine: line, endColumn: column + 1 + 'secretKeyRef'.length };
  }
  return at;
}

/**
 * The key classes, in order of their first place, by the root of their class; with each
 * class's holders: units that obtain the key by injection or definition, or use it in code
 * to sign or verify (a shared config module that only reads the variable for them is not one).
 */
function groupKeys(places: Place[], sets: DisjointSets, roles: Map<string, Role[]>, fingerprints: Map<string, string> | undefined): { groups: Map<string, KeyGroup>; holders: Map<string, Set<string>> } {
  const classes = new Map<string, Place[]>();
  for (const p of places) {
    const root = sets.find(p.nodes[0]!);
    pushTo(classes, root, p);
  }
  const groups = new Map<string, KeyGroup>();
  const holders = new Map<string, Set<string>>();
  const ordered = [...classes].sort(([, a], [, b]) => compareLoc(a[0]!.loc, b[0]!.loc));
  for (const [root, members] of ordered) {
    const nodes = new Set(members.flatMap((p) => p.nodes));
    // A unit that only defines the key in configuration used by tests (`.env.test` of a
    // library) holds no deployed copy of it: it does not make the key shared.
    const unitIds = [...new Set(members.filter((p) => p.environment !== 'test').map((p) => p.unitId).filter((u): u is string => u !== null))].sort();
    const signers = new Set<string>();
    const verifiers = new Set<string>();
    for (const n of nodes) for (const r of roles.get(n) ?? []) {
      if (r.signs) signers.add(r.unit);
      if (r.verifies) verifiers.add(r.unit);
    }
    // One value in several named environments: compared value by value, not through the
    // names that carry it (a base `.env` and `.env.production` may hold different values).
    const byValue = new Map<string, Set<string>>();
    for (const p of members) {
      if (p.how !== 'define' || !p.environment) continue;
      for (const n of p.nodes) {
        if (!n.startsWith('lit:')) continue;
        const environments = byValue.get(n) ?? new Set<string>();
        environments.add(p.environment);
        byValue.set(n, environments);
      }
    }
    const sharedValues = new Set([...byValue].filter(([, envs]) => envs.size >= 2).map(([n]) => n));
    const environments = [...new Set([...byValue.values()].flatMap((s) => [...s]))].sort();
    const sharedAcrossUnits = unitIds.length >= 2;
    const sharedAcrossEnvironments = sharedValues.size > 0;
    const reported = sharedAcrossUnits ? members : members.filter((p) => p.how === 'define' && p.environment && p.nodes.some((n) => sharedValues.has(n)));
    const deployedHolders = members.filter((p) => p.how !== 'code' && p.environment !== 'test').flatMap((p) => (p.unitId ? [p.unitId] : []));
    holders.set(root, new Set([...deployedHolders, ...signers, ...verifiers]));
    const printsOf = (ns: Iterable<string>) => [...new Set([...ns].flatMap((n) => (fingerprints?.has(n) ? [fingerprints.get(n)!] : [])))].sort();
    const values = [...nodes, ...members.flatMap((p) => p.lineValues ?? [])];
    groups.set(root, {
      id: `key-${groups.size + 1}`,
      holdsValue: values.some((n) => n.startsWith('lit:')),
      ...(fingerprints ? { fingerprints: printsOf(values) } : {}),
      names: [...nodes].filter((n) => !n.startsWith('lit:')).map((n) => n.replace(/^env:/, '').replace(/^k8s:/, 'secret ').replace(/^tfvar:/, 'var.')).sort(),
      unitIds,
      environments,
      sharedAcrossUnits,
      sharedAcrossEnvironments,
      places: (sharedAcrossUnits || sharedAcrossEnvironments ? reported : members)
        .map(({ nodes: placeNodes, lineValues, ...place }) => {
          const prints = fingerprints ? printsOf([...placeNodes, ...(lineValues ?? [])]) : [];
          return prints.length > 0 ? { ...place, fingerprints: prints } : place;
        })
        .sort((a, b) => compareLoc(a.loc, b.loc)),
      signers: [...signers].sort(),
      verifiers: [...verifiers].sort(),
    });
  }
  return { groups, holders };
}

function compareLoc(a: SourceLocation, b: SourceLocation): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column;
}

import { posix } from 'node:path';
import type { ConfigEntry, ParsedConfig } from '../config-files/index.js';
import { terraformUnitsOf, type TerraformUnit } from '../config-files/parse-hcl.js';
import { parseToml } from '../config-files/parse-toml.js';
import { deployedUnitsOf } from './deployed-units.js';
import { libraryHosts, readProjects } from './project-references.js';
import { isUnitManifest } from '../discover/file-kind.js';
import type { Unit } from '../facts/model.js';
import { pushTo } from '../collections.js';

// Deployable units (RULES.md "Units"): folders with their own manifest, docker-compose
// services and Kubernetes workloads. A compose service built from a package folder, or a
// workload named after a package, is that package's unit.

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'Pod', 'ReplicaSet']);

export interface ConfigInput {
  path: string;
  parsed: ParsedConfig;
}

export class UnitMap {
  readonly units: Unit[] = [];
  private readonly packageDirs = new Map<string, Unit>();
  private readonly byName = new Map<string, Unit>();
  private readonly composeServices = new Map<string, Unit>();
  private readonly workloads = new Map<string, Unit>();
  private readonly terraform = new Map<string, { unit: Unit; entries: ConfigEntry[] }[]>();

  constructor(paths: readonly string[], manifests: ReadonlyMap<string, string>, configs: readonly ConfigInput[]) {
    this.addPackages(paths, manifests);
    for (const config of configs) {
      for (const doc of config.parsed.documents) {
        const entries = config.parsed.entries.filter((e) => e.document === doc.index);
        if (doc.compose) this.addComposeServices(config.path, entries);
        if (doc.kubernetesKind && WORKLOAD_KINDS.has(doc.kubernetesKind)) this.addWorkload(config.path, doc.index, entries);
      }
      if (config.parsed.format === 'hcl') this.addDeclaredUnits(config.path, terraformUnitsOf(config.parsed), 'terraform-resource');
      else this.addDeclaredUnits(config.path, deployedUnitsOf(config.path, config.parsed), 'manifest-service');
    }
    this.qualifyRepeatedNames();
  }

  /** Two units of one name (an `api` service in two compose projects) are told apart by where they are declared. */
  private qualifyRepeatedNames() {
    const count = new Map<string, number>();
    for (const u of this.units) count.set(u.name, (count.get(u.name) ?? 0) + 1);
    for (const u of this.units) if ((count.get(u.name) ?? 0) > 1) u.name = `${u.name} (${u.path})`;
  }

  /** The package unit a file belongs to: the nearest folder above it with a manifest. */
  unitOfFile(path: string): Unit | null {
    let dir = posix.dirname(path);
    for (;;) {
      const unit = this.packageDirs.get(dir === '.' ? '' : dir);
      if (unit) return unit;
      if (dir === '.' || dir === '' || dir === '/') return null;
      dir = posix.dirname(dir);
    }
  }

  composeService(file: string, service: string): Unit | null {
    return this.composeServices.get(`${file}#${service}`) ?? null;
  }

  workload(file: string, document: number): Unit | null {
    return this.workloads.get(`${file}#${document}`) ?? null;
  }

  /** Units a file declares (Terraform Lambda functions, ECS task definitions, Cloud Run services, App Service apps; SAM functions, render.yaml and serverless.yml services), with their entries. */
  declaredUnits(file: string): { unit: Unit; entries: ConfigEntry[] }[] {
    return this.terraform.get(file) ?? [];
  }

  /**
   * A Terraform unit is the package it deploys: named like it (`orders`, `orders-prod`), running
   * its image, or zipped from its folder (`filename`, an `archive_file`'s `source_dir`). A
   * resource that matches no package is a unit of its own only in a repository without
   * packages (infrastructure alone); otherwise its code is somewhere the scan cannot tell, and
   * counting it apart would make one service look like two.
   */
  private addDeclaredUnits(file: string, declared: TerraformUnit[], kind: 'terraform-resource' | 'manifest-service') {
    const tfDir = posix.dirname(file);
    for (const tf of declared) {
      const unit =
        this.byName.get(tf.name) ??
        tf.images.map((i) => this.byName.get(imageName(i))).find((u) => u !== undefined) ??
        this.packageOfCodePaths(tfDir, tf.codePaths) ??
        this.packageOfNameWords(tf.name) ??
        (this.packageDirs.size === 0 ? this.add({ name: tf.name, kind, path: file }) : null);
      if (unit) pushTo(this.terraform, file, { unit, entries: tf.entries });
    }
  }

  /** `"${path.module}/../orders/dist.zip"` from `infra/`: the package folder the path runs through. */
  private packageOfCodePaths(tfDir: string, paths: string[]): Unit | null {
    for (const raw of paths) {
      const relative = raw.replace(/^"|"$/g, '').replace(/^\$\{path\.(?:module|root|cwd)\}\//, '');
      if (relative.includes('${')) continue;
      let dir = posix.normalize(posix.join(tfDir, relative));
      while (dir !== '.' && dir !== '/' && !dir.startsWith('..')) {
        const unit = this.packageDirs.get(dir);
        if (unit) return unit;
        dir = posix.dirname(dir);
      }
    }
    return null;
  }

  /** `orders-prod-fn` deploys the one package whose name is one of its words. */
  private packageOfNameWords(name: string): Unit | null {
    const words = new Set(name.toLowerCase().split(/[-_.]/));
    const found = new Set([...this.packageDirs.values()].filter((u) => words.has(u.name.toLowerCase()) || words.has(posix.basename(u.path).toLowerCase())));
    return found.size === 1 ? [...found][0]! : null;
  }

  private add(unit: Omit<Unit, 'id' | 'signs' | 'verifies'>): Unit {
    const full: Unit = { ...unit, id: `${unit.kind}:${unit.path}${unit.kind === 'package' || unit.kind === 'repository' ? '' : `#${unit.name}`}`, signs: false, verifies: false };
    this.units.push(full);
    return full;
  }

  private addPackages(paths: readonly string[], manifests: ReadonlyMap<string, string>) {
    const dirs = new Map<string, string>();
    for (const path of paths) {
      if (!isUnitManifest(path)) continue;
      const dir = posix.dirname(path) === '.' ? '' : posix.dirname(path);
      if (!dirs.has(dir) || path.endsWith('package.json')) dirs.set(dir, path);
    }
    const projects = readProjects(paths, dirs, manifests);
    const hosts = libraryHosts(projects);
    const nested = (dir: string) => [...dirs.keys()].some((d) => d !== dir && (dir === '' || d.startsWith(`${dir}/`)));
    for (const [dir, manifest] of [...dirs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const project = projects.get(dir);
      const pkg = manifest.endsWith('package.json')
        ? parsePackageJson(manifests.get(manifest))
        : { ...(project?.name !== undefined ? { name: project.name } : declaredName(manifest, manifests.get(manifest))), workspaces: project?.aggregator ?? false, hasDependencies: true };
      // A workspace root or Maven aggregator that only groups packages is not deployed itself.
      if (pkg?.workspaces && nested(dir)) continue;
      if (dir === '' && nested(dir) && !pkg?.hasDependencies) continue;
      if (hosts.has(dir)) continue;
      const name = pkg?.name ?? (dir === '' ? 'root' : posix.basename(dir));
      const unit = this.add({ name, kind: 'package', path: dir === '' ? '.' : dir });
      this.packageDirs.set(dir, unit);
      this.byName.set(name, unit);
      this.byName.set(posix.basename(dir || '.'), unit);
    }
    // A library compiled into one service is that service (its key reads run in its process).
    for (const [library, host] of hosts) {
      const unit = this.packageDirs.get(host);
      if (unit) this.packageDirs.set(library, unit);
    }
  }

  private addComposeServices(file: string, entries: ConfigEntry[]) {
    const services = new Map<string, ConfigEntry[]>();
    for (const e of entries) {
      if (e.path[0] !== 'services' || e.path.length < 3) continue;
      const name = e.path[1]!;
      pushTo(services, name, e);
    }
    const baseDir = posix.dirname(file) === '.' ? '' : posix.dirname(file);
    for (const [name, own] of services) {
      const build = own.find((e) => (e.path.length === 3 && e.path[2] === 'build') || (e.path.length === 4 && e.path[2] === 'build' && e.path[3] === 'context'));
      let unit: Unit | null = null;
      if (build) {
        const dir = posix.normalize(posix.join(baseDir || '.', build.value)).replace(/^\.\/?/, '').replace(/\/$/, '');
        unit = this.packageDirs.get(dir === '.' ? '' : dir) ?? null;
      }
      // `image: ghcr.io/acme/api:2.0`: the image of a package of this repository is that package.
      const image = own.find((e) => e.path.length === 3 && e.path[2] === 'image');
      if (!unit && image) unit = this.byName.get(imageName(image.value)) ?? null;
      // The same service in an override file of the same folder (`docker-compose.prod.yml`) is the same unit.
      unit ??= [...this.composeServices.entries()].find(([k, u]) => u.kind === 'compose-service' && u.name === name && posix.dirname(k.slice(0, k.lastIndexOf('#'))) === posix.dirname(file))?.[1] ?? null;
      unit ??= this.add({ name, kind: 'compose-service', path: file });
      this.composeServices.set(`${file}#${name}`, unit);
    }
  }

  private addWorkload(file: string, document: number, entries: ConfigEntry[]) {
    const name = entries.find((e) => e.path.length === 2 && e.path[0] === 'metadata' && e.path[1] === 'name')?.value;
    if (!name) return;
    const images = entries.filter((e) => e.key === 'image' && e.path.includes('containers')).map((e) => imageName(e.value));
    const unit =
      this.byName.get(name) ??
      images.map((i) => this.byName.get(i)).find((u) => u !== undefined) ??
      [...this.workloads.values()].find((u) => u.kind === 'k8s-workload' && u.name === name) ??
      this.add({ name, kind: 'k8s-workload', path: file });
    this.workloads.set(`${file}#${document}`, unit);
  }
}

/** `registry.example.com/claims/api:2.4.0` → `api`. */
function imageName(image: string): string {
  const last = image.split('/').pop() ?? image;
  return last.split('@')[0]!.split(':')[0]!;
}

/** The name a Go module or a Python project declares: `module github.com/acme/auth/v2` → `auth`; pyproject `[project] name` or `[tool.poetry] name`. */
function declaredName(path: string, text: string | undefined): { name?: string } {
  if (!text) return {};
  const file = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  if (file === 'go.mod') {
    // The first directive of a go.mod; its grammar is one line (golang.org/ref/mod#go-mod-file-module).
    for (const line of text.split('\n', 200)) {
      const comment = line.indexOf('//');
      const words = (comment < 0 ? line : line.slice(0, comment)).trim().split(/\s+/);
      if (words[0] !== 'module' || !words[1]) continue;
      const segments = words[1].replace(/^"|"$/g, '').split('/').filter((s) => s !== '');
      const last = segments.length > 1 && /^v\d+$/.test(segments[segments.length - 1]!) ? segments[segments.length - 2] : segments[segments.length - 1];
      return last ? { name: last } : {};
    }
    return {};
  }
  if (file === 'pyproject.toml') {
    const entries = parseToml(path, text).entries;
    const name = entries.find((e) => e.path.length === 2 && e.path[0] === 'project' && e.path[1] === 'name') ?? entries.find((e) => e.path.join('.') === 'tool.poetry.name');
    return name && name.value !== '' ? { name: name.value } : {};
  }
  return {};
}

function parsePackageJson(text: string | undefined): { name?: string; workspaces: boolean; hasDependencies: boolean } | null {
  if (!text) return null;
  try {
    const json = JSON.parse(text) as { name?: unknown; workspaces?: unknown; dependencies?: unknown };
    return {
      ...(typeof json.name === 'string' ? { name: json.name } : {}),
      workspaces: json.workspaces !== undefined,
      hasDependencies: typeof json.dependencies === 'object' && json.dependencies !== null && Object.keys(json.dependencies).length > 0,
    };
  } catch {
    return null;
  }
}

// What a Maven, Gradle or MSBuild project file says about its place in the repository: its
// name, whether it is deployed by itself or is a library other projects of the repository
// build in, and which of those projects it depends on. The unit map (units.ts) uses it so a
// class library compiled into one service counts as that service, not as a unit of its own.
//
// Read, never run: pom.xml and *.csproj through the located XML reader (no DTD, no entity
// expansion); build.gradle(.kts) are Groovy/Kotlin programs, of which only the literal forms
// `project(':a:b')`, `id 'org.springframework.boot'`, `id("application")` and
// `apply plugin: 'war'` are recognised on their own lines — a build that computes them is
// read as an ordinary module.
import { posix } from 'node:path';
import { attribute, childElement, childElements, childText, descendants, localName, parseXml } from '../config-files/parse-xml.js';

/** A dependency on another Maven module, by coordinates (resolved against the repository's poms later). */
export interface MavenCoordinates {
  groupId?: string;
  artifactId: string;
}

export interface ProjectFile {
  /** `Identity.Api` (a .csproj's file name), a pom's `artifactId`; undefined when the file does not say. */
  name?: string;
  /** true: deployed by itself (web SDK, `OutputType` Exe, Spring Boot plugin, war); false: a library; undefined: cannot tell. */
  deployable?: boolean;
  /** A Maven `pom` packaging: groups modules, holds no code of its own. */
  aggregator: boolean;
  /** A test project (MSBuild `IsTestProject`, `Microsoft.NET.Test.Sdk`): it never makes a library part of a service. */
  isTest: boolean;
  /** Folders (root-relative, posix) of the projects it references by path (`ProjectReference`, Gradle `project(':x')`). */
  referencedDirs: string[];
  /** Maven: its own coordinates, and the coordinates of the modules it depends on. */
  coordinates?: MavenCoordinates;
  dependsOn: MavenCoordinates[];
}

const DEPLOYED_SDKS = /^Microsoft\.NET\.Sdk\.(?:Web|Worker|BlazorWebAssembly|WebAssembly)$/i;

/** Reads one project manifest; null for manifests of other kinds (package.json, go.mod…). */
export function readProjectFile(path: string, text: string, gradleRootOf: (dir: string) => string): ProjectFile | null {
  const file = posix.basename(path).toLowerCase();
  const dir = posix.dirname(path) === '.' ? '' : posix.dirname(path);
  if (file.endsWith('.csproj')) return readCsproj(path, dir, text);
  if (file === 'pom.xml') return readPom(text);
  if (file === 'build.gradle' || file === 'build.gradle.kts') return readGradle(text, gradleRootOf(dir));
  return null;
}

function readCsproj(path: string, dir: string, text: string): ProjectFile {
  const root = parseXml(text).root;
  const sdks = [attribute(root, 'Sdk', true)?.value ?? '', ...childElements(root, 'Sdk', true).map((e) => attribute(e, 'Name', true)?.value ?? '')]
    .flatMap((s) => s.split(';'))
    .map((s) => s.split('/')[0]!.trim());
  const properties = new Map<string, string>();
  const packages: string[] = [];
  const referencedDirs: string[] = [];
  for (const e of descendants(root)) {
    const tag = localName(e.name).toLowerCase();
    if (tag === 'propertygroup') for (const p of e.children) properties.set(localName(p.name).toLowerCase(), p.text.trim().toLowerCase());
    if (tag === 'packagereference') packages.push((attribute(e, 'Include', true)?.value ?? '').toLowerCase());
    if (tag === 'projectreference') {
      // MSBuild paths are relative to the project file and written with either separator.
      const include = attribute(e, 'Include', true)?.value.replace(/\\/g, '/').trim();
      if (!include || include.includes('$(')) continue;
      const target = posix.normalize(posix.join(dir || '.', include));
      if (!target.startsWith('..')) referencedDirs.push(posix.dirname(target) === '.' ? '' : posix.dirname(target));
    }
  }
  const outputType = properties.get('outputtype');
  const isTest = properties.get('istestproject') === 'true' || packages.includes('microsoft.net.test.sdk');
  const deployable =
    sdks.some((s) => DEPLOYED_SDKS.test(s)) || outputType === 'exe' || outputType === 'winexe' || properties.has('azurefunctionsversion')
      ? true
      : outputType === 'library' || sdks.some((s) => /^Microsoft\.NET\.Sdk(?:\.Razor)?$/i.test(s))
        ? false
        : undefined;
  return { name: posix.basename(path).replace(/\.csproj$/i, ''), ...(deployable !== undefined && { deployable }), aggregator: false, isTest, referencedDirs, dependsOn: [] };
}

function readPom(text: string): ProjectFile {
  const project = parseXml(text).root;
  const parent = childElement(project, 'parent');
  const artifactId = childText(project, 'artifactId');
  const groupId = childText(project, 'groupId') ?? childText(parent, 'groupId');
  const packaging = childText(project, 'packaging') ?? 'jar';
  const plugins = childElements(childElement(childElement(project, 'build'), 'plugins'), 'plugin').map((p) => childText(p, 'artifactId') ?? '');
  const dependsOn: MavenCoordinates[] = [];
  for (const d of childElements(childElement(project, 'dependencies'), 'dependency')) {
    const a = childText(d, 'artifactId');
    if (!a || childText(d, 'scope') === 'test') continue;
    const g = resolveGroup(childText(d, 'groupId'), groupId);
    dependsOn.push({ artifactId: a, ...(g !== undefined && { groupId: g }) });
  }
  const deployable = packaging === 'war' || packaging === 'ear' || plugins.includes('spring-boot-maven-plugin') ? true : undefined;
  return {
    ...(artifactId && !artifactId.includes('${') && { name: artifactId }),
    ...(deployable !== undefined && { deployable }),
    aggregator: packaging === 'pom',
    isTest: false,
    referencedDirs: [],
    ...(artifactId && { coordinates: { artifactId, ...(groupId !== undefined && { groupId }) } }),
    dependsOn,
  };
}

/** `${project.groupId}` is the module's own group; any other expression is unknown (matched on artifactId alone). */
function resolveGroup(group: string | undefined, own: string | undefined): string | undefined {
  if (group === undefined) return undefined;
  if (group === '${project.groupId}' || group === '${pom.groupId}') return own;
  return group.includes('${') ? undefined : group;
}

const GRADLE_PROJECT = /\bproject\(\s*(?:path\s*[:=]\s*)?["'](:[\w.:-]*)["']\s*\)/g;
/** The plugins that tell a service (Spring Boot, `application`, `war`) from a library (`java-library`). */
const GRADLE_PLUGINS = ['org.springframework.boot', 'application', 'war', 'java-library'] as const;

/** A plugin applied on this line: `id 'x'`, `id("x")`, `apply plugin: 'x'`, or a bare `application` / `` `java-library` `` inside `plugins {}`. */
function pluginsOn(line: string, inPluginsBlock: boolean): string[] {
  const code = line.trim();
  const bare = code.replace(/`/g, '');
  if (inPluginsBlock && (GRADLE_PLUGINS as readonly string[]).includes(bare)) return [bare];
  if (!/\bid\b|\bapply\b/.test(code)) return [];
  return GRADLE_PLUGINS.filter((p) => code.includes(`'${p}'`) || code.includes(`"${p}"`));
}

function readGradle(text: string, gradleRoot: string): ProjectFile {
  const referencedDirs: string[] = [];
  const plugins = new Set<string>();
  let inPlugins = false;
  for (const line of text.split('\n')) {
    // A commented-out line declares nothing (block comments are not followed).
    if (line.trimStart().startsWith('//')) continue;
    for (const m of line.matchAll(GRADLE_PROJECT)) {
      const path = m[1]!.split(':').filter((s) => s !== '').join('/');
      if (path !== '') referencedDirs.push(gradleRoot === '' ? path : `${gradleRoot}/${path}`);
    }
    if (/^\s*plugins\s*\{/.test(line)) inPlugins = true;
    for (const p of pluginsOn(line.replace(/^\s*plugins\s*\{/, '').replace(/\}.*$/s, ''), inPlugins)) plugins.add(p);
    if (inPlugins && line.includes('}')) inPlugins = false;
  }
  const deployable = ['org.springframework.boot', 'application', 'war'].some((p) => plugins.has(p)) ? true : plugins.has('java-library') ? false : undefined;
  return { ...(deployable !== undefined && { deployable }), aggregator: false, isTest: false, referencedDirs, dependsOn: [] };
}

/** Maven modules by coordinates: a dependency names a module of the repository when its artifactId (and group, when both are known) match. */
export function mavenModuleDirs(projects: ReadonlyMap<string, ProjectFile>): (dep: MavenCoordinates) => string | undefined {
  const byArtifact = new Map<string, { dir: string; groupId?: string }[]>();
  for (const [dir, p] of projects) {
    if (!p.coordinates) continue;
    const list = byArtifact.get(p.coordinates.artifactId) ?? [];
    list.push({ dir, ...(p.coordinates.groupId !== undefined && { groupId: p.coordinates.groupId }) });
    byArtifact.set(p.coordinates.artifactId, list);
  }
  return (dep) => {
    const found = (byArtifact.get(dep.artifactId) ?? []).filter((m) => dep.groupId === undefined || m.groupId === undefined || m.groupId === dep.groupId);
    return found.length === 1 ? found[0]!.dir : undefined;
  };
}


/** The Maven, Gradle and MSBuild projects among the repository's unit manifests (one manifest per folder), by folder. */
export function readProjects(paths: readonly string[], manifestOfDir: ReadonlyMap<string, string>, texts: ReadonlyMap<string, string>): Map<string, ProjectFile> {
  const settingsDirs = new Set(paths.filter((p) => /(?:^|\/)settings\.gradle(?:\.kts)?$/.test(p)).map((p) => (posix.dirname(p) === '.' ? '' : posix.dirname(p))));
  // The build a Gradle project belongs to is rooted at the nearest folder with a settings file.
  const gradleRootOf = (dir: string) => {
    for (let d = dir; ; d = posix.dirname(d) === '.' ? '' : posix.dirname(d)) {
      if (settingsDirs.has(d)) return d;
      if (d === '') return '';
    }
  };
  const projects = new Map<string, ProjectFile>();
  for (const [dir, manifest] of manifestOfDir) {
    const text = texts.get(manifest);
    const project = text === undefined ? null : readProjectFile(manifest, text, gradleRootOf);
    if (project) projects.set(dir, project);
  }
  return projects;
}

/**
 * Libraries that belong to exactly one service: a project that is not deployed by itself and
 * that other projects of the repository reference, followed up to the deployed projects that
 * build it in. One such project is the library's host; a library built into several services
 * (or only into tests) stays a unit of its own, named once in the report.
 */
export function libraryHosts(projects: ReadonlyMap<string, ProjectFile>): Map<string, string> {
  const moduleOf = mavenModuleDirs(projects);
  const dependents = new Map<string, Set<string>>();
  for (const [dir, p] of projects) {
    if (p.isTest || p.aggregator) continue;
    const targets = [...p.referencedDirs, ...p.dependsOn.map(moduleOf).filter((d): d is string => d !== undefined)];
    for (const target of targets) {
      if (target === dir || !projects.has(target)) continue;
      const set = dependents.get(target) ?? new Set<string>();
      set.add(dir);
      dependents.set(target, set);
    }
  }
  const hosts = new Map<string, string>();
  for (const [dir, p] of projects) {
    if (p.deployable === true || p.aggregator || !dependents.has(dir)) continue;
    const roots = new Set<string>();
    const seen = new Set<string>([dir]);
    const queue = [...dependents.get(dir)!];
    while (queue.length > 0) {
      const next = queue.pop()!;
      if (seen.has(next)) continue;
      seen.add(next);
      const up = dependents.get(next);
      if (projects.get(next)?.deployable === true || !up) roots.add(next);
      else queue.push(...up);
    }
    if (roots.size === 1) hosts.set(dir, [...roots][0]!);
  }
  return hosts;
}

// The repository's other Python modules, read when a value comes from them: `from .config
// import SECRET_KEY`, `from app.core import config` + `config.SECRET_KEY`, `settings.SECRET_KEY`
// where `settings = Settings()` and `class Settings(BaseSettings): SECRET_KEY: str = "..."`,
// and Django's `from django.conf import settings` (the repository's `settings.py` and
// `settings/*.py` modules). Each module is parsed at most once per run (the cache is keyed by
// path and dropped when a new run hands over another `LanguageSources`), at most
// MAX_MODULES of them, and every lookup is bounded in depth and polls the file's budget.
import type { Node } from 'web-tree-sitter';
import type { FileBudget } from '../../facts/budget.js';
import type { LanguageSources } from '../front-end.js';
import { bindingPath, type ImportBinding } from './imports.js';
import { parsePython, type ParsedPython } from './parse-python.js';
import { dottedName, PythonResolver, stringValue, type PyValue, type PythonLinker } from './resolve-python.js';

/** Parsed modules kept per run: enough for a service's config modules, bounded for hostile trees. */
const MAX_MODULES = 200;
/** Steps through imports, star imports and base classes for one lookup. */
const MAX_HOPS = 8;
/** Cross-module lookup steps per extracted file, whatever the branching. */
const MAX_STEPS = 2000;

interface ModuleEntry {
  path: string;
  resolver: PythonResolver;
  /** The first syntax error of the parse, for the file's own note when it is extracted later. */
  error?: ParsedPython['error'];
}

class ModuleCache {
  private sources: LanguageSources | null = null;
  private readonly entries = new Map<string, ModuleEntry | null>();
  private readonly trees: { delete(): void }[] = [];
  /** Path tail (`app/core/config.py`) → paths ending with it, built once per run. */
  private tails: Map<string, string[]> | null = null;
  private settingsPaths: string[] | null = null;
  private readonly mentions = new Map<string, string[]>();

  /** Starts a run's cache when `sources` is another run's (the previous trees are freed). */
  use(sources: LanguageSources | undefined): void {
    if (!sources || sources === this.sources) return;
    for (const t of this.trees) t.delete();
    this.trees.length = 0;
    this.entries.clear();
    this.tails = null;
    this.settingsPaths = null;
    this.mentions.clear();
    this.sources = sources;
  }

  /** A module already parsed this run, or one parsed now (null when unreadable or over the bound). */
  get(path: string): ModuleEntry | null {
    const known = this.entries.get(path);
    if (known !== undefined) return known;
    const text = this.sources?.text(path);
    if (text === undefined || this.trees.length >= MAX_MODULES) return null;
    return this.add(path, text);
  }

  /** Keeps a parsed file (the one being extracted) so an import of it is not parsed again. */
  adopt(path: string, resolver: PythonResolver, tree: { delete(): void }, error?: ParsedPython['error']): boolean {
    if (!this.sources || this.entries.has(path) || this.trees.length >= MAX_MODULES) return false;
    this.trees.push(tree);
    this.entries.set(path, { path, resolver, ...(error && { error }) });
    return true;
  }

  has(path: string): ModuleEntry | null | undefined {
    return this.entries.get(path);
  }

  private add(path: string, text: string): ModuleEntry | null {
    const parsed = parsePython(text);
    if (!parsed.tree) {
      this.entries.set(path, null);
      return null;
    }
    this.trees.push(parsed.tree);
    const entry: ModuleEntry = { path, resolver: new PythonResolver(path, text, parsed.tree.rootNode), ...(parsed.error && { error: parsed.error }) };
    this.entries.set(path, entry);
    return entry;
  }

  /** Repository paths of a dotted module seen from `fromFile` (relative imports resolved against it). */
  find(fromFile: string, module: string, level: number): string | null {
    const parts = module ? module.split('.') : [];
    if (level > 0) {
      const dir = fromFile.split('/').slice(0, -1);
      for (let i = 1; i < level; i++) dir.pop();
      const base = [...dir, ...parts].join('/');
      for (const candidate of [`${base}.py`, `${base}/__init__.py`]) if (this.exists(candidate)) return candidate;
      return null;
    }
    if (parts.length === 0) return null;
    const tails = this.tailIndex();
    const rel = parts.join('/');
    const found = [...(tails.get(`${rel}.py`) ?? []), ...(tails.get(`${rel}/__init__.py`) ?? [])];
    if (found.length === 0) return null;
    // Several copies (services of a monorepo): the one nearest the importing file.
    let best = found[0]!;
    let bestShared = -1;
    for (const p of found) {
      const shared = commonPrefix(p, fromFile);
      if (shared > bestShared) [best, bestShared] = [p, shared];
    }
    return best;
  }

  /** The repository's Django settings modules: `settings.py` and `settings/*.py`, the common ones first. */
  djangoSettings(): string[] {
    if (this.settingsPaths) return this.settingsPaths;
    const paths = (this.sources?.paths ?? []).filter((p) => /(?:^|\/)settings\.py$|(?:^|\/)settings\/[^/]+\.py$/.test(p) && !/(?:^|\/)tests?\//.test(p));
    const rank = (p: string) => (/(?:^|\/)settings\.py$|\/(?:__init__|base|common|defaults?)\.py$/.test(p) ? 0 : 1);
    this.settingsPaths = paths.sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
    return this.settingsPaths;
  }

  /** Paths of the run's Python files whose text contains `needle` (one pass over the texts per needle and run). */
  pathsMentioning(needle: string): string[] {
    const known = this.mentions.get(needle);
    if (known) return known;
    const found = (this.sources?.paths ?? []).filter((p) => this.sources?.text(p)?.includes(needle));
    this.mentions.set(needle, found);
    return found;
  }

  private exists(path: string): boolean {
    return this.entries.has(path) || this.sources?.text(path) !== undefined;
  }

  private tailIndex(): Map<string, string[]> {
    if (this.tails) return this.tails;
    const tails = new Map<string, string[]>();
    for (const path of this.sources?.paths ?? []) {
      const segments = path.split('/');
      for (let i = segments.length - 1; i >= 0 && segments.length - i <= 8; i--) {
        const tail = segments.slice(i).join('/');
        const list = tails.get(tail) ?? [];
        list.push(path);
        tails.set(tail, list);
      }
    }
    this.tails = tails;
    return tails;
  }
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

export const moduleCache = new ModuleCache();

/** Pydantic settings classes: their fields are environment reads with the written default as fallback. */
const SETTINGS_BASES = /(?:^|\.)(?:BaseSettings)$/;

/** The linker of one extract: reads imported modules through the run's cache. */
export class ModuleLinker implements PythonLinker {
  /** Lookup steps left for this file: star imports and base classes may branch, this bounds the total. */
  private fuel = MAX_STEPS;
  constructor(private readonly budget: FileBudget | undefined) {}

  /** One lookup step: false once the file's steps are spent. */
  private step(): boolean {
    this.budget?.tick();
    return --this.fuel >= 0;
  }

  importedName(resolver: PythonResolver, name: string, depth: number, hops = 0): PyValue | null {
    if (!this.step()) return null;
    if (depth > PythonResolver.MAX_DEPTH || hops > MAX_HOPS) return null;
    this.budget?.tick();
    const binding = resolver.imports.bindings.get(name);
    if (binding) {
      if (binding.name === null) return null;
      const target = this.moduleOf(resolver, binding.module, binding.level);
      if (!target) return null;
      return this.valueIn(target, binding.name, depth, hops + 1);
    }
    for (const star of resolver.imports.stars) {
      const target = this.moduleOf(resolver, star.module, star.level);
      const v = target ? this.valueIn(target, name, depth, hops + 1) : null;
      if (v) return v;
    }
    return null;
  }

  attribute(resolver: PythonResolver, node: Node, depth: number): PyValue | null {
    if (!this.step()) return null;
    if (depth > PythonResolver.MAX_DEPTH) return null;
    this.budget?.tick();
    const dotted = dottedName(node);
    if (!dotted) return null;
    const parts = dotted.split('.');
    if (parts.length < 2 || parts[0] === 'self' || parts[0] === 'cls') return null;
    const attr = parts[parts.length - 1]!;
    const path = parts.slice(0, -1);
    const holder = this.holderOf(resolver, path, depth);
    if (!holder) return null;
    if (holder.kind === 'django') return this.djangoSetting(attr, depth);
    if (holder.kind === 'module') return this.valueIn(holder.module, attr, depth, 0);
    return this.classField(holder.resolver, holder.cls, attr, depth, 0);
  }

  /** What `a.b` in `a.b.NAME` is: a repository module, Django's settings, or an instance of a settings class. */
  private holderOf(resolver: PythonResolver, path: string[], depth: number): Holder | null {
    const [base, ...rest] = path;
    if (!base) return null;
    const binding = resolver.imports.bindings.get(base);
    let holder: Holder | null = null;
    if (binding) holder = this.holderOfImport(resolver, binding, depth);
    else if (!resolver.imports.bindings.has(base)) holder = this.instanceIn(resolver, base, depth, 0);
    for (const step of rest) {
      if (!holder) return null;
      if (holder.kind === 'module') holder = this.memberOf(holder.module, step, depth);
      else return null;
    }
    return holder;
  }

  private holderOfImport(resolver: PythonResolver, binding: ImportBinding, depth: number): Holder | null {
    if (binding.level === 0 && bindingPath(binding) === 'django.conf.settings') return { kind: 'django' };
    if (binding.name === null) {
      const module = this.moduleOf(resolver, binding.module, 0);
      return module ? { kind: 'module', module } : null;
    }
    // `from app.core import config`: a submodule, else a name inside the package.
    const sub = this.moduleOf(resolver, binding.module ? `${binding.module}.${binding.name}` : binding.name, binding.level);
    if (sub) return { kind: 'module', module: sub };
    const module = this.moduleOf(resolver, binding.module, binding.level);
    return module ? this.memberOf(module, binding.name, depth) : null;
  }

  /** A name inside a module that holds values: a submodule, an imported module, or a settings instance. */
  private memberOf(module: PythonResolver, name: string, depth: number): Holder | null {
    const binding = module.imports.bindings.get(name);
    if (binding) return this.holderOfImport(module, binding, depth);
    return this.instanceIn(module, name, depth, 0);
  }

  /** `settings = Settings()` (or `get_settings()` returning one): the class it instantiates. */
  private instanceIn(resolver: PythonResolver, name: string, depth: number, hops: number): Holder | null {
    if (!this.step()) return null;
    if (hops > MAX_HOPS) return null;
    const value = this.moduleLevelNode(resolver, name);
    if (!value) return null;
    let call = value.type === 'call' ? value : null;
    // `settings = get_settings()` where `def get_settings(): return Settings()`.
    if (call) {
      const fnName = call.childForFieldName('function');
      const fn = fnName?.type === 'identifier' ? this.functionIn(resolver, fnName.text) : null;
      if (fn) call = returnedCall(fn);
    }
    const callee = call?.childForFieldName('function');
    if (callee?.type !== 'identifier') return null;
    const cls = this.classNamed(resolver, callee.text, hops + 1);
    return cls ? { kind: 'instance', resolver: cls.resolver, cls: cls.node } : null;
  }

  classNamed(resolver: PythonResolver, name: string, hops = 0): { resolver: PythonResolver; node: Node } | null {
    if (!this.step()) return null;
    if (hops > MAX_HOPS) return null;
    for (const stmt of resolver.root.namedChildren) {
      const def = stmt?.type === 'decorated_definition' ? stmt.childForFieldName('definition') : stmt;
      if (def?.type === 'class_definition' && def.childForFieldName('name')?.text === name) return { resolver, node: def };
    }
    const binding = resolver.imports.bindings.get(name);
    if (binding?.name) {
      const module = this.moduleOf(resolver, binding.module, binding.level);
      if (module) return this.classNamed(module, binding.name, hops + 1);
    }
    return null;
  }

  private functionIn(resolver: PythonResolver, name: string): Node | null {
    for (const stmt of resolver.root.namedChildren) {
      const def = stmt?.type === 'decorated_definition' ? stmt.childForFieldName('definition') : stmt;
      if (def?.type === 'function_definition' && def.childForFieldName('name')?.text === name) return def;
    }
    return null;
  }

  /** A class field: pydantic `BaseSettings` fields read the environment first; other classes hold plain values. */
  classField(resolver: PythonResolver, cls: Node, attr: string, depth: number, hops: number): PyValue | null {
    if (!this.step()) return null;
    if (hops > MAX_HOPS) return null;
    this.budget?.tick();
    const assignment = resolver.classAttribute(cls, attr);
    if (!assignment) {
      for (const base of cls.childForFieldName('superclasses')?.namedChildren ?? []) {
        if (base?.type !== 'identifier') continue;
        const parent = this.classNamed(resolver, base.text, hops + 1);
        const v = parent ? this.classField(parent.resolver, parent.node, attr, depth, hops + 1) : null;
        if (v) return v;
      }
      return null;
    }
    const right = assignment.childForFieldName('right');
    if (this.isSettingsClass(resolver, cls, hops)) {
      const envName = `${this.envPrefix(resolver, cls)}${attr}`.toUpperCase();
      const read = assignment.childForFieldName('left') ?? assignment;
      if (!right) return { kind: 'env', name: envName, node: read };
      const v = resolver.resolve(right, depth + 1);
      if (v.kind === 'string') return { kind: 'env', name: envName, node: read, fallback: { value: v.value, node: v.node } };
      if (v.kind === 'env') return v;
      // `secrets.token_urlsafe(32)`, `Field(...)`: the environment, else something computed at start-up.
      return { kind: 'env', name: envName, node: read };
    }
    return right ? resolver.resolve(right, depth + 1) : null;
  }

  private isSettingsClass(resolver: PythonResolver, cls: Node, hops: number): boolean {
    if (!this.step()) return false;
    if (hops > MAX_HOPS) return false;
    for (const base of cls.childForFieldName('superclasses')?.namedChildren ?? []) {
      const name = base ? dottedName(base) : null;
      if (!name) continue;
      if (SETTINGS_BASES.test(name)) return true;
      const parent = base?.type === 'identifier' ? this.classNamed(resolver, name, hops + 1) : null;
      if (parent && this.isSettingsClass(parent.resolver, parent.node, hops + 1)) return true;
    }
    return false;
  }

  /** `env_prefix` of a settings class (`class Config: env_prefix = "APP_"` or `model_config = SettingsConfigDict(env_prefix=...)`). */
  private envPrefix(resolver: PythonResolver, cls: Node): string {
    const config = resolver.classAttribute(cls, 'model_config')?.childForFieldName('right');
    if (config?.type === 'call') {
      for (const arg of config.childForFieldName('arguments')?.namedChildren ?? []) {
        if (arg?.type === 'keyword_argument' && arg.childForFieldName('name')?.text === 'env_prefix') {
          const v = arg.childForFieldName('value');
          return (v && stringValue(v)) ?? '';
        }
      }
    }
    for (const stmt of cls.childForFieldName('body')?.namedChildren ?? []) {
      if (stmt?.type !== 'class_definition' || stmt.childForFieldName('name')?.text !== 'Config') continue;
      const prefix = resolver.classAttribute(stmt, 'env_prefix')?.childForFieldName('right');
      return (prefix && stringValue(prefix)) ?? '';
    }
    return '';
  }

  /** `settings.X` under Django: the first of the repository's settings modules that defines X. */
  djangoSetting(name: string, depth: number): PyValue | null {
    for (const path of moduleCache.djangoSettings()) {
      const module = moduleCache.get(path);
      const v = module ? this.valueIn(module.resolver, name, depth, 0) : null;
      if (v && v.kind !== 'unknown') return v;
    }
    return null;
  }

  /** Repository paths whose text contains `needle`. */
  pathsMentioning(needle: string): string[] {
    return moduleCache.pathsMentioning(needle);
  }

  /** A repository module by path, parsed once per run. */
  module(path: string): PythonResolver | null {
    const entry = moduleCache.get(path);
    if (entry) entry.resolver.linker = this;
    return entry?.resolver ?? null;
  }

  definitionOf(resolver: PythonResolver, name: string): { resolver: PythonResolver; node: Node } | null {
    return this.definition(resolver, name, false);
  }

  /**
   * Where a module-level name is written, as the raw expression and its module's resolver:
   * in `resolver`'s module, a module it imports the name from (star imports too), else (with
   * `django`) the repository's Django settings modules.
   */
  definition(resolver: PythonResolver, name: string, django: boolean, hops = 0): { resolver: PythonResolver; node: Node } | null {
    if (!this.step()) return null;
    if (hops > MAX_HOPS) return null;
    this.budget?.tick();
    resolver.linker = this;
    const own = resolver.moduleAssignment(name);
    if (own) return { resolver, node: own };
    const binding = resolver.imports.bindings.get(name);
    const targets = binding?.name ? [{ module: binding.module, level: binding.level, name: binding.name }] : resolver.imports.stars.map((s) => ({ ...s, name }));
    for (const t of targets) {
      const module = this.moduleOf(resolver, t.module, t.level);
      const found = module ? this.definition(module, t.name, false, hops + 1) : null;
      if (found) return found;
    }
    if (!django) return null;
    for (const path of moduleCache.djangoSettings()) {
      const module = moduleCache.get(path);
      if (!module || module.resolver === resolver) continue;
      const found = this.definition(module.resolver, name, false, hops + 1);
      if (found) return found;
    }
    return null;
  }

  /** Class attributes and module-level values named `name` in the repository's modules whose text mentions it (config classes of a Flask app), bounded by the cache. */
  definitionsAnywhere(name: string, exclude: string, under: string): { resolver: PythonResolver; node: Node }[] {
    const out: { resolver: PythonResolver; node: Node }[] = [];
    for (const path of moduleCache.pathsMentioning(name)) {
      if (path === exclude || !path.startsWith(under)) continue;
      const module = moduleCache.get(path);
      if (!module) continue;
      module.resolver.linker = this;
      out.push(...configDefinitions(module.resolver, name));
    }
    return out;
  }

  /** A module-level name of another module: its assignment, its own import, or a star import. */
  private valueIn(module: PythonResolver, name: string, depth: number, hops: number): PyValue | null {
    if (!this.step()) return null;
    if (hops > MAX_HOPS) return null;
    this.budget?.tick();
    module.linker = this;
    const own = module.moduleValue(name, depth);
    if (own) return own;
    return this.importedName(module, name, depth, hops + 1);
  }

  private moduleLevelNode(resolver: PythonResolver, name: string): Node | null {
    const v = resolver.moduleValue(name);
    return v && (v.kind === 'expr' || v.kind === 'unknown') ? v.node : null;
  }

  moduleOf(resolver: PythonResolver, module: string, level: number): PythonResolver | null {
    const path = moduleCache.find(resolver.file, module, level);
    if (!path || path === resolver.file) return null;
    const entry = moduleCache.get(path);
    if (entry) entry.resolver.linker = this;
    return entry?.resolver ?? null;
  }
}

type Holder = { kind: 'django' } | { kind: 'module'; module: PythonResolver } | { kind: 'instance'; resolver: PythonResolver; cls: Node };

/** The call a small factory returns (`return Settings()`), the first one. */
function returnedCall(fn: Node): Node | null {
  for (const stmt of fn.childForFieldName('body')?.namedChildren ?? []) {
    if (stmt?.type !== 'return_statement') continue;
    const value = stmt.namedChildren[0];
    return value?.type === 'call' ? value : null;
  }
  return null;
}

/**
 * Where a module writes a configuration key: module-level `NAME = v`, class attributes
 * `class Config: NAME = v`, `<app>.config['NAME'] = v` and `<app>.config.update(NAME=v)` /
 * `.update({'NAME': v})` / `.from_mapping(NAME=v)`.
 */
export function configDefinitions(resolver: PythonResolver, name: string, writesOnly = false): { resolver: PythonResolver; node: Node }[] {
  const out: { resolver: PythonResolver; node: Node }[] = [];
  const own = writesOnly ? null : resolver.moduleAssignment(name);
  if (own) out.push({ resolver, node: own });
  for (const n of resolver.root.descendantsOfType(['class_definition', 'assignment', 'call'])) {
    if (!n) continue;
    if (n.type === 'class_definition') {
      if (writesOnly) continue;
      const attr = resolver.classAttribute(n, name);
      const right = attr?.childForFieldName('right');
      if (right) out.push({ resolver, node: right });
    } else if (n.type === 'assignment') {
      const left = n.childForFieldName('left');
      const right = n.childForFieldName('right');
      if (left?.type !== 'subscript' || !right || !isAppConfig(left.childForFieldName('value'))) continue;
      const key = left.childForFieldName('subscript');
      if (key && stringValue(key) === name) out.push({ resolver, node: right });
    } else {
      const fn = n.childForFieldName('function');
      const method = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : null;
      if ((method !== 'update' && method !== 'from_mapping') || !isAppConfig(fn!.childForFieldName('object'))) continue;
      for (const arg of n.childForFieldName('arguments')?.namedChildren ?? []) {
        if (arg?.type === 'keyword_argument' && arg.childForFieldName('name')?.text === name) {
          const v = arg.childForFieldName('value');
          if (v) out.push({ resolver, node: v });
        } else if (arg?.type === 'dictionary') {
          for (const pair of arg.namedChildren) {
            const k = pair?.type === 'pair' ? pair.childForFieldName('key') : null;
            const v = pair?.childForFieldName('value');
            if (k && v && stringValue(k) === name) out.push({ resolver, node: v });
          }
        }
      }
    }
  }
  return out;
}

/** `app.config`, `self.app.config`, `current_app.config`: a Flask config mapping. */
export function isAppConfig(node: Node | null): boolean {
  return node?.type === 'attribute' && node.childForFieldName('attribute')?.text === 'config';
}

/** A class attribute as written, in the class or (by name, same module or imported) its bases. */
export function classDefinition(linker: ModuleLinker, resolver: PythonResolver, cls: Node, name: string, hops = 0): { resolver: PythonResolver; node: Node } | null {
  if (hops > MAX_HOPS) return null;
  const right = resolver.classAttribute(cls, name)?.childForFieldName('right');
  if (right) return { resolver, node: right };
  for (const base of cls.childForFieldName('superclasses')?.namedChildren ?? []) {
    if (base?.type !== 'identifier') continue;
    const parent = linker.classNamed(resolver, base.text, hops + 1);
    const found = parent ? classDefinition(linker, parent.resolver, parent.node, name, hops + 1) : null;
    if (found) return found;
  }
  return null;
}

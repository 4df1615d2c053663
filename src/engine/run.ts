import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { rules as allRules } from '../../rules/index.js';
import { withholdFixesOnUnreadCode } from '../facts/fix-data.js';
import { ciTestLines, configFormatOf, configParseWanted, deployContextLines, extractConfigFacts, isTestConfigPath, NodeConfigIndex, parseConfigFile, type ConfigContext, type ParsedConfig } from '../config-files/index.js';
import { alsoReadAsConfig, dependencyFileKind } from '../config-files/dependency-files.js';
import { springResourceServers } from '../config-files/spring-resource-server.js';
import { emptyFileFacts } from '../facts/empty-facts.js';
import { extractDependencyFacts } from '../config-files/dependencies.js';
import { loadHclParser } from '../config-files/parse-hcl.js';
import { frontEndFor } from '../lang/index.js';
import type { LanguageFrontEnd, LanguageSources } from '../lang/front-end.js';
import { determineScanRoot, discoverFiles, type DiscoveredFile } from '../discover/discover.js';
import { fileKindOf, isUnitManifest } from '../discover/file-kind.js';
import { DEFAULT_FILE_TIME_BUDGET_MS, FileBudget, FileBudgetExceeded } from '../facts/budget.js';
import { addWrapperFacts, extractFacts, isTestPath } from '../lang/javascript/extract-facts.js';
import { judgeWrapperCalls, WrapperRegistry } from '../lang/javascript/wrappers.js';
import { indexFile, type FileIndex } from '../lang/javascript/file-index.js';
import { analyseEstate, type EstateConfig } from '../estate/estate.js';
import { UnitMap } from '../estate/units.js';
import type { EstateFacts, FileFacts, SourceLocation } from '../facts/model.js';
import { createProject } from '../lang/javascript/project.js';
import { FrontEndPackages } from '../lang/javascript/front-end-packages.js';
import { LibraryCoverageCollector, type LibraryCoverage } from '../facts/jwt-packages.js';
import { LibraryScope } from '../facts/library-scope.js';
import { ValueResolver } from '../lang/javascript/resolve-value.js';
import { isTsConfigFile, readTsConfigPaths, type TsConfigPaths } from '../lang/javascript/tsconfig-paths.js';
import { LineIndex } from '../parse/line-index.js';
import { dialectOf, parseJs } from '../lang/javascript/parse-js.js';
import type { RuleDefinition, RuleReport, RuleSettings } from '../rule-api.js';
import { fingerprintOf } from './fingerprint.js';
import { loadAndJudge, LoadedFile, MAX_FILE_BYTES } from './load-file.js';
import { evidenceTexts, postProcess } from './post-process.js';
import { maskEvidence, redactLine, redactText } from './redact.js';
import { toolInfo } from './tool-info.js';
import type { Finding, Notification, RuleMetadata, RunResult, ScanOptions, ScanPhases } from './types.js';

const JS_KINDS = new Set(['js', 'ts', 'jsx', 'tsx']);
const CONFIG_KINDS = new Set(['env', 'yaml', 'json', 'properties', 'toml', 'shell', 'dockerfile', 'jenkinsfile', 'terraform']);

export const DEFAULT_MAX_CLOCK_TOLERANCE_SECONDS = 300;

export function ruleMetadata(rule: RuleDefinition, informationUri: string): RuleMetadata {
  return {
    id: rule.id,
    description: rule.description,
    severity: rule.severity,
    securitySeverity: rule.securitySeverity,
    confidence: rule.confidence,
    standards: rule.standards,
    remediation: rule.remediation,
    helpUri: `${informationUri.replace(/\/$/, '')}/blob/main/rules/${rule.id}.ts`,
    docs: rule.docs,
    references: rule.references,
    options: rule.options,
  };
}

/** Wall time per phase of a scan, in whole milliseconds. */
class PhaseClock {
  private readonly started = performance.now();
  private last = this.started;
  private readonly laps: Partial<ScanPhases> = {};

  lap(phase: keyof ScanPhases): void {
    const now = performance.now();
    this.laps[phase] = Math.round(now - this.last);
    this.last = now;
  }

  totalMs(): number {
    return Math.round(this.last - this.started);
  }

  phases(): ScanPhases {
    const { discover = 0, readAndParse = 0, configParse = 0, analyse = 0, estate = 0, rules = 0, postProcess = 0 } = this.laps;
    return { discover, readAndParse, configParse, analyse, estate, rules, postProcess };
  }
}

/**
 * The message with its data filled in. A value cut to one line is masked for the run's
 * secrets first, so a cut never leaves a part of a secret that the redaction fence (which
 * masks whole secrets in the finished message) would not recognise.
 */
function renderMessage(template: string, data: RuleReport['data'], secrets: readonly string[]): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, key: string) => {
    if (!data || !(key in data)) return `{{${key}}}`;
    const value = String(data[key]);
    return quoted(value) === value ? value : quoted(redactText(value, secrets));
  });
}

/** Longest piece of code a message quotes; the code frame shows the rest. */
const MAX_QUOTED_LENGTH = 80;

/**
 * A value as a message quotes it, on one line: code that spans lines (an options object, a
 * template literal) has each line break and the indentation around it folded into one
 * space, and anything longer than MAX_QUOTED_LENGTH characters is cut, with `…`.
 */
export function quoted(value: string): string {
  let folded = value;
  if (value.includes('\n') || value.includes('\r')) {
    const lines: string[] = [];
    for (const line of value.split('\n')) {
      const trimmed = line.trim();
      if (trimmed !== '') lines.push(trimmed);
    }
    folded = lines.join(' ');
  }
  if (folded.length <= MAX_QUOTED_LENGTH) return folded;
  return `${folded.slice(0, MAX_QUOTED_LENGTH).trimEnd()} …`;
}

export async function runScan(options: ScanOptions): Promise<RunResult> {
  const clock = new PhaseClock();
  const tool = toolInfo();
  const root = determineScanRoot(options.cwd, options.paths);
  const rules = allRules.filter((r) => !options.disabledRules.includes(r.id));
  const notifications: Notification[] = [];
  let internalError = false;

  const scansOneFolder = options.paths.length === 1 && root !== resolve(options.cwd);
  const discovery = await discoverFiles({ root, paths: scansOneFolder ? [] : options.paths, ignore: options.ignore, ...(options.include && options.include.length > 0 && { include: options.include }) });
  notifications.push(...discovery.notifications);
  clock.lap('discover');
  // Manifests are read for what they say about their unit (name, library or service: src/estate/project-references.ts).
  const sources = discovery.files.filter((f) => JS_KINDS.has(f.kind) || CONFIG_KINDS.has(f.kind) || f.kind === 'lockfile' || f.kind === 'manifest' || frontEndFor(f.kind) !== undefined || dependencyFileKind(f.path) !== null);

  const budgetMs = options.fileTimeBudgetMs ?? DEFAULT_FILE_TIME_BUDGET_MS;
  // Parsed once: a candidate as soon as it has been read (while other files are still being
  // read), any other file only if the resolver follows an import into it.
  const parseAndIndex = (path: string, text: string, budget: FileBudget | undefined): FileIndex | null => {
    try {
      const parsed = parseJs(text, dialectOf(path)!);
      const index = indexFile(path, text, parsed.ast, budget);
      if (parsed.recoveredErrors.length > 0) {
        const n = parsed.recoveredErrors.length;
        notifications.push({ kind: 'unparsable', level: 'note', file: path, message: `${path} has ${n} syntax error${n === 1 ? '' : 's'} (analysed what could be read; first: ${parsed.recoveredErrors[0]})` });
      }
      return index;
    } catch (error) {
      // Over budget: rethrown, so the project caches nothing for the file and a later file
      // that needs it parses it again (then with nothing noted twice).
      if (error instanceof FileBudgetExceeded) throw error;
      notifications.push({ kind: 'unparsable', level: 'warning', file: path, message: `cannot parse ${path}: ${(error as Error).message}` });
      return null;
    }
  };
  // Each candidate is parsed right after it is read, while its text is fresh; the time counts
  // toward its budget. Any other JS/TS file is parsed only if the resolver follows an import
  // into it.
  const early = new Map<string, { index: FileIndex | null; spentMs: number } | { exceeded: FileBudgetExceeded }>();
  const loadRules = { prefilter: options.prefilter !== false, maxFileBytes: options.maxFileBytes ?? MAX_FILE_BYTES };
  const loadedFiles: LoadedFile[] = [];
  const { onProgress } = options;
  const progressEvery = 256;
  for (let i = 0; i < sources.length; i++) {
    if (onProgress && i % progressEvery === 0) onProgress({ phase: 'read', done: i, total: sources.length });
    const loaded = loadAndJudge(sources[i]!, notifications, loadRules);
    if (!loaded) continue;
    loadedFiles.push(loaded);
    options.onFileRead?.(loaded);
    if (!loaded.js?.candidate) continue;
    const budget = new FileBudget(budgetMs);
    try {
      early.set(loaded.file.path, { index: parseAndIndex(loaded.file.path, loaded.text, budget), spentMs: budget.elapsedMs() });
    } catch (error) {
      if (!(error instanceof FileBudgetExceeded)) throw error;
      early.set(loaded.file.path, { exceeded: error });
    }
  }
  onProgress?.({ phase: 'read', done: sources.length, total: sources.length });
  clock.lap('readAndParse');
  const tsconfigs: TsConfigPaths[] = [];
  const configs: { file: DiscoveredFile; text: string; parsed: ParsedConfig }[] = [];
  const nodeConfig = new NodeConfigIndex();
  const manifests = new Map<string, string>();
  /** go.mod, pyproject.toml and other unit manifests that are not package.json: they name their unit. */
  const otherManifests = new Map<string, string>();
  /** JWT libraries declared in manifests and pinned in lockfiles (`vulnerable-library`). */
  const dependencyFacts: FileFacts[] = [];

  /** Every file read, by path: the text is decoded only where something needs it. */
  const texts = new Map<string, LoadedFile>();
  // A Maven parent pom or a Directory.Packages.props may come later in the list than the file that uses it.
  let loadedByPath: Map<string, LoadedFile> | undefined;
  const readScanned = (path: string) => (loadedByPath ??= new Map(loadedFiles.map((l) => [l.file.path, l]))).get(path)?.text;
  const jsSources = new Map<string, LoadedFile>();
  const candidates: string[] = [];
  /** Files of other languages that may matter (every one, without the prefilter): read by their front ends (src/lang/). */
  const otherLanguageCandidates: { frontEnd: LanguageFrontEnd; loaded: LoadedFile }[] = [];
  for (const loaded of loadedFiles) {
    const { file, js } = loaded;
    texts.set(file.path, loaded);
    if (isUnitManifest(file.path) && !file.path.endsWith('package.json')) otherManifests.set(file.path, loaded.text);
    if (isTsConfigFile(file.path)) {
      try {
        const config = readTsConfigPaths(file.path, loaded.text);
        if (config) tsconfigs.push(config);
      } catch (error) {
        notifications.push({ kind: 'unparsable', level: 'warning', file: file.path, message: `cannot read ${file.path} as a tsconfig: ${(error as Error).message}` });
      }
      continue;
    }
    const dependencyKind = dependencyFileKind(file.path);
    if (dependencyKind) {
      try {
        const { facts, diagnostics, notes } = extractDependencyFacts(file.path, dependencyKind, loaded.text, readScanned);
        if (facts.dependencies.length > 0) dependencyFacts.push(facts);
        for (const message of diagnostics) notifications.push({ kind: 'unparsable', level: 'warning', file: file.path, message });
        for (const message of notes) notifications.push({ kind: 'skipped', level: 'note', file: file.path, ruleId: 'vulnerable-library', message });
      } catch (error) {
        internalError = true;
        notifications.push({ kind: 'internal-error', level: 'error', file: file.path, message: `internal error while reading the dependencies of ${file.path}: ${(error as Error).stack ?? String(error)}` });
      }
      // Lockfiles, and manifests no config reader reads (requirements.txt, go.mod), hold nothing else a rule judges.
      if (!alsoReadAsConfig(dependencyKind)) continue;
    }
    if (file.path === 'package.json' || file.path.endsWith('/package.json')) manifests.set(file.path, loaded.text);
    const frontEnd = frontEndFor(file.kind);
    if (frontEnd) {
      if (!loadRules.prefilter || frontEnd.mayMatter(loaded.text)) otherLanguageCandidates.push({ frontEnd, loaded });
      continue;
    }
    if (CONFIG_KINDS.has(file.kind)) {
      const { text } = loaded;
      if (!configParseWanted({ path: file.path, kind: file.kind, text })) continue;
      if (file.kind === 'terraform') await loadHclParser();
      const parsed = parseConfigFile({ path: file.path, kind: file.kind, text });
      if (!parsed) continue;
      for (const message of new Set(parsed.diagnostics)) notifications.push({ kind: 'unparsable', level: 'warning', file: file.path, message });
      configs.push({ file, text, parsed });
      if (NodeConfigIndex.isNodeConfigFile(file.path)) nodeConfig.addParsed(file.path, parsed);
      continue;
    }
    if (!js) continue;
    if (js.minified) {
      notifications.push({ kind: 'skipped', level: 'note', file: file.path, message: `${file.path} looks like a minified bundle (${loaded.text.length} characters, very long lines); skipped` });
      continue;
    }
    jsSources.set(file.path, loaded);
    if (js.candidate) candidates.push(file.path);
  }

  clock.lap('configParse');
  // The budget of the candidate being analysed: files parsed on its behalf count toward it.
  let fileBudget: FileBudget | undefined;
  const parse = (path: string, text: string): FileIndex | null => {
    const done = early.get(path);
    if (done && 'index' in done) {
      early.delete(path);
      return done.index;
    }
    return parseAndIndex(path, text, fileBudget);
  };
  const project = createProject(jsSources, parse, tsconfigs, nodeConfig);
  const resolver = new ValueResolver(project);
  const settings: RuleSettings = { maxExpirySeconds: options.maxExpirySeconds, maxClockToleranceSeconds: options.maxClockToleranceSeconds ?? DEFAULT_MAX_CLOCK_TOLERANCE_SECONDS };
  const allFacts: FileFacts[] = [];
  const wrappers = new WrapperRegistry();
  for (let i = 0; i < candidates.length; i++) {
    // Large candidates are slow to parse: report each of them, the rest in batches.
    if (onProgress && (i % 16 === 0 || jsSources.get(candidates[i]!)!.text.length > 100_000)) onProgress({ phase: 'analyse', done: i, total: candidates.length });
    const file = candidates[i]!;
    // The parse counts toward the file's budget, whether done now or while reading.
    const parsedEarly = early.get(file);
    fileBudget = new FileBudget(budgetMs, undefined, parsedEarly && 'spentMs' in parsedEarly ? parsedEarly.spentMs : 0);
    try {
      if (parsedEarly && 'exceeded' in parsedEarly) throw parsedEarly.exceeded;
      const index = project.index(file);
      if (!index) continue;
      allFacts.push(extractFacts(index, project, resolver, fileBudget, wrappers));
    } catch (error) {
      if (error instanceof FileBudgetExceeded) {
        // Not an internal error: the file's facts are dropped and the scan goes on.
        notifications.push({ kind: 'timeout', level: 'warning', file, message: `${file}: analysis abandoned after ${Math.round(error.elapsedMs)} ms (over the ${error.limitMs} ms per-file budget); its findings are not reported` });
        continue;
      }
      internalError = true;
      notifications.push({ kind: 'internal-error', level: 'error', file, message: `internal error while analysing ${file}: ${(error as Error).stack ?? String(error)}` });
    }
  }
  // Other languages: one parse per file, each on its front end's parser (tree-sitter).
  const otherLanguageLibraries: { file: string; name: string; modelled: boolean }[] = [];
  const sourcesByKind = new Map<string, LanguageSources>();
  for (const frontEnd of new Set(otherLanguageCandidates.map((c) => c.frontEnd))) {
    await frontEnd.load();
    const paths = loadedFiles.filter((l) => l.file.kind === frontEnd.kind).map((l) => l.file.path);
    sourcesByKind.set(frontEnd.kind, {
      paths,
      text: (path) => (texts.get(path)?.file.kind === frontEnd.kind ? texts.get(path)!.text : undefined),
      anyText: (path) => texts.get(path)?.text,
      allPaths: loadedFiles.map((l) => l.file.path),
    });
  }
  for (const { frontEnd, loaded } of otherLanguageCandidates) {
    const { file, text } = loaded;
    try {
      const { facts, problem, libraries } = frontEnd.extract(file.path, text, new FileBudget(budgetMs), sourcesByKind.get(frontEnd.kind)!);
      if (problem) notifications.push({ kind: 'unparsable', level: problem.fatal ? 'warning' : 'note', file: file.path, message: problem.message });
      if (facts) allFacts.push(facts);
      for (const library of libraries) otherLanguageLibraries.push({ file: file.path, ...library });
    } catch (error) {
      if (error instanceof FileBudgetExceeded) {
        notifications.push({ kind: 'timeout', level: 'warning', file: file.path, message: `${file.path}: analysis abandoned after ${Math.round(error.elapsedMs)} ms (over the ${error.limitMs} ms per-file budget); its findings are not reported` });
        continue;
      }
      internalError = true;
      notifications.push({ kind: 'internal-error', level: 'error', file: file.path, message: `internal error while analysing ${file.path}: ${(error as Error).stack ?? String(error)}` });
    }
  }
  // Calls of the project's own JWT wrappers, in any file, judged as the calls they stand for.
  try {
    const found = judgeWrapperCalls(
      wrappers,
      project,
      resolver,
      () => (fileBudget = new FileBudget(budgetMs)),
      (wrapper, error) =>
        notifications.push({ kind: 'timeout', level: 'warning', file: wrapper.file, message: `${wrapper.file}: the calls of \`${wrapper.name}\` were not all judged: ${error.message}` }),
      (error) => error instanceof FileBudgetExceeded,
      ({ file, message }) => notifications.push({ kind: 'skipped', level: 'note', ...(file ? { file } : {}), message }),
    );
    allFacts.push(...addWrapperFacts(allFacts, found));
  } catch (error) {
    internalError = true;
    notifications.push({ kind: 'internal-error', level: 'error', message: `internal error while judging the calls of JWT wrappers: ${(error as Error).stack ?? String(error)}` });
  }
  fileBudget = undefined;
  onProgress?.({ phase: 'analyse', done: candidates.length, total: candidates.length });
  // Every parsed file (candidates, and files parsed because a candidate imports them): the
  // prefilter passes each file that imports an unmodelled JWT package (src/engine/prefilter.ts).
  const coverage = new LibraryCoverageCollector();
  for (const index of project.indexed()) coverage.add(index.file, index.importSources);
  for (const { file, name, modelled } of otherLanguageLibraries) coverage.addLibrary(file, name, modelled);
  const libraries = coverage.result();
  notifications.push(...unmodelledLibraryNotifications(libraries, options.onlyFiles?.files));
  clock.lap('analyse');
  // Config files come after the code: a variable the code feeds into JWT keys or lifetimes
  // is a JWT setting wherever it is defined, whatever its name.
  const context = configContextFrom(allFacts);
  const codeFacts = [...allFacts];
  const estateConfigs: EstateConfig[] = [];
  // Spring Boot resource servers configured by properties: verifiers, unless the code builds its own decoder.
  const resourceServers = springResourceServers(configs.map((c) => ({ path: c.file.path, parsed: c.parsed })), codeFacts.filter((f) => f.callSites.some((s) => s.library === 'spring-security-oauth2-jose' && s.verifies)).map((f) => f.file));
  const configVerifiers: FileFacts[] = [];
  for (const { file, text, parsed } of configs) {
    try {
      // Parse problems were reported when the file was parsed; the diagnostics repeat them.
      const { facts } = extractConfigFacts({ path: file.path, kind: file.kind, text }, context, parsed);
      const servers = resourceServers.get(file.path);
      if (servers) {
        facts.callSites.push(...servers);
        configVerifiers.push({ ...emptyFileFacts(file.path, 'server', facts.isTest), callSites: servers });
      }
      allFacts.push(facts);
      estateConfigs.push({ path: file.path, parsed, facts });
    } catch (error) {
      internalError = true;
      notifications.push({ kind: 'internal-error', level: 'error', file: file.path, message: `internal error while analysing ${file.path}: ${(error as Error).stack ?? String(error)}` });
    }
  }

  allFacts.push(...dependencyFacts);
  // Library versions in scope of each source file (`unpinned-algorithm` rates by them), and
  // the package's word on files that show no browser or server evidence of their own.
  const libraryScope = new LibraryScope(dependencyFacts);
  const frontEnd = new FrontEndPackages(manifests);
  for (const facts of codeFacts) {
    const versions = libraryScope.forFile(facts.file);
    if (versions.length > 0) facts.libraryVersions = versions;
    if (facts.environmentAssumed && frontEnd.holds(facts.file)) facts.environment = 'browser';
  }

  let estate: EstateFacts = { units: [], keys: [] };
  let units: UnitMap | undefined;
  try {
    units = new UnitMap(discovery.files.map((f) => f.path), new Map([...manifests, ...otherManifests]), configs.map((c) => ({ path: c.file.path, parsed: c.parsed })));
    estate = analyseEstate({ units, code: [...codeFacts, ...configVerifiers], configs: estateConfigs, keyEnvNames: context.keyEnvNames, ...(options.estateKey && { estateKey: options.estateKey }) });
  } catch (error) {
    internalError = true;
    notifications.push({ kind: 'internal-error', level: 'error', message: `internal error in the estate analysis: ${(error as Error).stack ?? String(error)}` });
  }

  clock.lap('estate');
  const raw: { rule: RuleDefinition; report: RuleReport }[] = [];
  for (const rule of rules) {
    if (rule.scope !== 'project' || !rule.checkProject) continue;
    try {
      for (const report of rule.checkProject({ estate, settings })) raw.push({ rule, report });
    } catch (error) {
      internalError = true;
      notifications.push({ kind: 'rule-error', level: 'error', ruleId: rule.id, message: `rule ${rule.id} failed: ${(error as Error).message}` });
    }
  }
  for (const facts of allFacts) {
    for (const rule of rules) {
      if (rule.scope === 'project') continue;
      try {
        for (const report of rule.check({ facts, settings })) raw.push({ rule, report });
      } catch (error) {
        internalError = true;
        notifications.push({ kind: 'rule-error', level: 'error', file: facts.file, ruleId: rule.id, message: `rule ${rule.id} failed on ${facts.file}: ${(error as Error).message}` });
      }
    }
  }

  // Lines of test-context CI pipelines that belong to a deploying job: production context.
  const deployLines = new Map(configs.map(({ file, parsed }) => [file.path, deployContextLines(file.path, parsed)]));
  // A finding at a wrapper's call shows the way down to the library call.
  const viaByLoc = new Map<string, { label: string; loc: SourceLocation }[]>();
  for (const facts of codeFacts) for (const site of facts.callSites) if (site.via) viaByLoc.set(`${site.loc.file}\0${site.loc.line}\0${site.loc.column}`, site.via);
  // Lines of pipelines named for deploying that belong to a job that only runs tests: test context.
  const testLines = new Map(configs.map(({ file, parsed }) => [file.path, ciTestLines(file.path, parsed)]));
  // A front end's own word on test code (`_test.go`, JUnit classes, `*.Tests` projects).
  const testFiles = new Set(codeFacts.filter((f) => f.isTest).map((f) => f.file));
  // What `jwtlint fix` takes from the estate is withheld when some code was not read (src/facts/fix-data.ts).
  const findings = withholdFixesOnUnreadCode(toFindings(raw, texts, deployLines, viaByLoc, testLines, testFiles), notifications);
  if (units) estate = { ...estate, fileUnits: fileUnits(findings, units) };
  clock.lap('rules');
  const result: RunResult = {
    tool,
    root,
    rules: rules.map((r) => ruleMetadata(r, tool.informationUri)),
    findings,
    notifications: sortNotifications(notifications),
    stats: {
      filesDiscovered: discovery.files.length,
      filesParsed: project.indexed().length + otherLanguageCandidates.length,
      ...(otherLanguageCandidates.length > 0 && { parsedByLanguage: countBy(otherLanguageCandidates, (c) => c.frontEnd.language) }),
      durationMs: 0,
    },
    internalError,
    estate,
    libraries,
  };
  // Suppressions, baseline, configured severities, --changed-since and the redaction fence.
  const processed = postProcess(result, { texts, secrets: evidenceTexts(raw.map((r) => r.report)), knownRuleIds: allRules.map((r) => r.id), options });
  clock.lap('postProcess');
  return { ...processed, stats: { ...processed.stats, durationMs: clock.totalMs(), phasesMs: clock.phases() } };
}

/** The unit of each file with a finding (reports group findings by unit). */
function fileUnits(findings: readonly Finding[], units: UnitMap): Record<string, string> {
  // Null prototype: file names come from the repository (`__proto__`).
  const byFile: Record<string, string> = Object.create(null);
  for (const { location } of findings) {
    if (Object.hasOwn(byFile, location.file)) continue;
    const unit = units.unitOfFile(location.file);
    if (unit) byFile[location.file] = unit.id;
  }
  return byFile;
}

const RANKS: Record<string, number> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };
const rank = (level: string): number => RANKS[level] ?? 5;

function toFindings(
  raw: { rule: RuleDefinition; report: RuleReport }[],
  texts: ReadonlyMap<string, { readonly text: string }>,
  deployLines: ReadonlyMap<string, ReadonlySet<number>>,
  viaByLoc: ReadonlyMap<string, { label: string; loc: SourceLocation }[]>,
  testLines: ReadonlyMap<string, ReadonlySet<number>> = new Map(),
  testFiles: ReadonlySet<string> = new Set(),
): Finding[] {
  const lineIndexes = new Map<string, LineIndex>();
  const lineOf = (file: string, line: number): string => {
    let li = lineIndexes.get(file);
    if (!li) {
      li = new LineIndex(texts.get(file)?.text ?? '');
      lineIndexes.set(file, li);
    }
    return li.lineText(line);
  };
  // Every secret text known to this run, so that no snippet shows one in full. Fingerprints
  // hash the line masked with the secrets of its own file only, so that a secret added in
  // another file cannot change them (and turn baselined findings into new ones).
  // Each text once, in the order first reported: a file with 20,000 findings of one secret
  // builds its redaction index from one text, not 20,000.
  const allSecrets = new Set<string>();
  const secretSetsByFile = new Map<string, Set<string>>();
  for (const { report } of raw) {
    if (!report.evidence) continue;
    const text = report.evidence.kind === 'secret' ? report.evidence.material.text : report.evidence.token.text;
    allSecrets.add(text);
    const own = secretSetsByFile.get(report.loc.file) ?? new Set<string>();
    own.add(text);
    secretSetsByFile.set(report.loc.file, own);
  }
  const secrets = [...allSecrets];
  // A file that holds every secret of the run (a one-file scan) shares the run's list, and
  // with it the redaction index built for that list.
  const secretsByFile = new Map([...secretSetsByFile].map(([file, own]) => [file, own.size === secrets.length ? secrets : [...own]]));

  const seen = new Set<string>();
  const findings: Finding[] = [];
  const ordered = [...raw].sort(
    (a, b) =>
      compare(a.report.loc.file, b.report.loc.file) ||
      a.report.loc.line - b.report.loc.line ||
      compare(a.rule.id, b.rule.id) ||
      a.report.loc.column - b.report.loc.column ||
      // Of two reports on one line (a wrapper judged at several callers), the graver is kept.
      rank(a.report.severity ?? a.rule.severity) - rank(b.report.severity ?? b.rule.severity) ||
      rank(a.report.confidence ?? a.rule.confidence) - rank(b.report.confidence ?? b.rule.confidence),
  );
  const occurrences = new Map<string, number>();
  for (const { rule, report } of ordered) {
    const { loc } = report;
    const key = `${loc.file}\0${loc.line}\0${rule.id}`;
    if (seen.has(key)) continue; // one finding per (file, line, rule)
    seen.add(key);
    const line = lineOf(loc.file, loc.line);
    const snippet = redactLine(line, secrets).trim();
    const ownSecrets = secretsByFile.get(loc.file) ?? [];
    const stableSnippet = ownSecrets === secrets ? snippet : redactLine(line, ownSecrets).trim();
    const identity = `${rule.id}\0${loc.file}\0${stableSnippet}`;
    const occurrence = occurrences.get(identity) ?? 0;
    occurrences.set(identity, occurrence + 1);
    const evidence = report.evidence
      ? report.evidence.kind === 'secret'
        ? maskEvidence('secret', report.evidence.material.text)
        : maskEvidence('token', report.evidence.token.text)
      : undefined;
    findings.push({
      ruleId: rule.id,
      messageId: report.messageId,
      message: renderMessage(rule.messages[report.messageId] ?? rule.description, report.data, secrets),
      severity: report.severity ?? rule.severity,
      severityReason: report.severityReason ?? rule.severityReason,
      confidence: report.confidence ?? rule.confidence,
      location: loc,
      relatedLocations: (report.related ?? viaByLoc.get(`${loc.file}\0${loc.line}\0${loc.column}`) ?? []).map((r) => ({ location: r.loc, label: r.label })),
      snippet,
      ...(evidence ? { evidence } : {}),
      remediation: rule.remediation,
      standards: report.extraCwe ? { ...rule.standards, cwe: [...new Set([...rule.standards.cwe, ...report.extraCwe])] } : rule.standards,
      inTestCode: isTestPath(loc.file) || testFiles.has(loc.file) || (isTestContext(loc.file) && !deployLines.get(loc.file)?.has(loc.line)) || (testLines.get(loc.file)?.has(loc.line) ?? false),
      fingerprint: fingerprintOf(rule.id, loc.file, stableSnippet, occurrence),
      ...(report.fix ? { fix: report.fix } : {}),
    });
  }
  return findings;
}

/**
 * Test code (test folders, `*.test.*`), and configuration used only by tests: `.env.test`,
 * `test.env`, `docker-compose.ci.yml`, `values-test.yaml`, CI pipelines that do not deploy.
 */
export function isTestContext(file: string): boolean {
  return isTestPath(file) || (configFormatOf(file, fileKindOf(file)) !== null && isTestConfigPath(file));
}

function configContextFrom(facts: FileFacts[]): ConfigContext {
  const keyEnvNames = new Set<string>();
  const lifetimeEnvNames = new Set<string>();
  for (const f of facts) {
    for (const site of f.callSites) {
      if (site.key && (site.key.kind === 'hmac-secret' || site.key.kind === 'unknown')) for (const name of site.key.envNames) keyEnvNames.add(name);
      if (site.lifetime?.kind === 'present' && site.lifetime.envName) lifetimeEnvNames.add(site.lifetime.envName);
    }
  }
  return { keyEnvNames, lifetimeEnvNames };
}

/**
 * One warning per JWT package jwtlint does not model: the files importing it were read, but
 * its calls were not checked, so no finding about them is not a clean result. Not a file left
 * out (src/report/summary.ts). Placed at the first importing file (the first in the
 * `--changed-since` scope, when one is), with the count in the message.
 */
export function unmodelledLibraryNotifications(libraries: LibraryCoverage, inScope?: readonly string[]): Notification[] {
  const scope = inScope && new Set(inScope);
  return libraries.unmodelled.map(({ name, files }) => {
    const n = files.length;
    return {
      kind: 'unmodelled-library',
      level: 'warning',
      file: (scope && files.find((f) => scope.has(f))) ?? files[0]!,
      message: `${n} ${n === 1 ? 'file imports' : 'files import'} ${name}, which jwtlint does not model: its calls are not checked`,
    };
  });
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) out[key(item)] = (out[key(item)] ?? 0) + 1;
  return out;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortNotifications(list: Notification[]): Notification[] {
  return [...list].sort((a, b) => compare(a.file ?? '', b.file ?? '') || compare(a.kind, b.kind) || compare(a.message, b.message));
}

// The Python front end: one file's FileFacts, built with the same collector as the JS/TS
// front end (src/facts/collector.ts) so secrets, lifetimes and call sites are the same
// records the rules judge in every language. Each library adapter reads the calls of the
// libraries the file imports (src/lang/python/imports.ts); values imported from the
// repository's other modules are read through the run's module cache (modules.ts).
import type { FileBudget } from '../../facts/budget.js';
import { emptyFileFacts } from '../../facts/empty-facts.js';
import { FactCollector, isTestPath } from '../../facts/collector.js';
import type { KeyAnalysis } from '../../facts/collector.js';
import type { AlgorithmValue, DisabledCheck, JwtCallSite } from '../../facts/model.js';
import type { FrontEndResult, ImportedLibrary, LanguageSources } from '../front-end.js';
import { authlibSite, importsAuthlibJose } from './authlib.js';
import { fastapiJwtAuthSites, importsFastapiJwtAuth } from './fastapi-jwt-auth.js';
import { flaskJwtSites, importsFlaskJwtExtended } from './flask-jwt-extended.js';
import { knownLibraries } from './imports.js';
import { configDefinitions, moduleCache, ModuleLinker } from './modules.js';
import { parsePython } from './parse-python.js';
import { importsJose, joseSite } from './python-jose.js';
import { keyOf, pyjwtBindings, pyjwtSite } from './pyjwt.js';
import { lifetimeValueNode, PythonResolver, timedeltaSeconds } from './resolve-python.js';
import { djangoJwtSites, DRF_JWT, SIMPLEJWT } from './simplejwt.js';
import { LineIndex } from '../../parse/line-index.js';
import { mayHoldTokenLiteral, tokenLiteralsIn } from '../token-strings.js';

const LIBRARY_NAMES: Record<string, string> = { [SIMPLEJWT]: 'djangorestframework-simplejwt', [DRF_JWT]: 'djangorestframework-jwt' };

export function extractPythonFacts(file: string, text: string, budget?: FileBudget, sources?: LanguageSources): FrontEndResult {
  moduleCache.use(sources);
  const cached = sources ? moduleCache.has(file) : undefined;
  const parsed = cached ? null : parsePython(text);
  if (parsed && !parsed.tree) return { facts: null, libraries: [], problem: { fatal: true, message: `cannot parse ${file}: ${parsed.error?.message ?? 'unknown error'}` } };
  const resolver = cached ? cached.resolver : new PythonResolver(file, text, parsed!.tree!.rootNode);
  // Kept for the rest of the run when another file may import it; freed here otherwise.
  const kept = cached ? true : sources ? moduleCache.adopt(file, resolver, parsed!.tree!, parsed!.error) : false;
  try {
    const root = resolver.root;
    const facts = emptyFileFacts(file, 'server', isTestPath(file));
    budget?.check();
    if (mayHoldTokenLiteral(text)) facts.tokens = tokenLiteralsIn(file, root, ['string'], new LineIndex(text));
    const tick = () => budget?.tick();
    const linker = sources ? new ModuleLinker(budget) : null;
    resolver.linker = linker;
    const modules = resolver.imports.modules;
    const libraries: ImportedLibrary[] = knownLibraries(modules);
    const collector = new FactCollector();
    const add = (found: { site: JwtCallSite; key: KeyAnalysis | null }) => {
      collector.addSite(found.site, found.key);
      if (found.site.lifetime) collector.addLifetime(found.site.lifetime);
    };
    const bindings = pyjwtBindings(root);
    const pyjwt = bindings.modules.size > 0 || bindings.functions.size > 0;
    const jose = importsJose(modules);
    const authlib = importsAuthlibJose(modules);
    if (pyjwt || jose || authlib) {
      for (const call of root.descendantsOfType('call')) {
        if (!call) continue;
        tick();
        const found = (pyjwt ? pyjwtSite(call, resolver, bindings) : null) ?? (jose ? joseSite(call, resolver) : null) ?? (authlib ? authlibSite(call, resolver) : null);
        if (found) add(found);
      }
    }
    if (importsFlaskJwtExtended(modules)) for (const found of flaskJwtSites(root, resolver, linker, tick)) add(found);
    if (importsFastapiJwtAuth(modules)) for (const found of fastapiJwtAuthSites(root, resolver, linker, tick)) add(found);
    const mentions = (needle: string) => (sources ? moduleCache.pathsMentioning(needle).some((p) => p !== file) : false);
    const django = djangoJwtSites(root, resolver, linker, mentions);
    for (const found of django.sites) add(found);
    facts.disabledChecks.push(...django.disabled);
    for (const name of django.libraries) if (!libraries.some((l) => l.name === LIBRARY_NAMES[name])) libraries.push({ name: LIBRARY_NAMES[name]!, modelled: true });
    configValues(resolver, collector, facts.algorithmSettings);
    facts.callSites = collector.callSites;
    facts.secrets = collector.secretUses();
    facts.lifetimes = collector.lifetimes;
    const e = parsed ? parsed.error : cached?.error;
    return { facts, libraries, ...(e && { problem: { fatal: false, message: `${file} has a syntax error${e.line ? ` at line ${e.line}, column ${e.column}` : ''} (${e.message}; analysed what could be read)` } }) };
  } finally {
    resolver.linker = null;
    if (!kept) parsed?.tree?.delete();
  }
}

/**
 * Flask-JWT-Extended settings written in this file, judged where they are written whether or
 * not the file imports the library (a config class or `app.config[...]`): the secret, the access
 * token lifetime and the algorithm name.
 */
function configValues(resolver: PythonResolver, collector: FactCollector, algorithmSettings: AlgorithmValue[]) {
  const text = resolver.root.text;
  if (!text.includes('JWT_')) return;
  for (const d of text.includes('JWT_SECRET_KEY') ? configDefinitions(resolver, 'JWT_SECRET_KEY') : []) {
    const key = keyOf(d.node, d.resolver, [], true);
    if (key.materials.length > 0) collector.addSecret({ ...key, hmac: key.info.kind === 'hmac-secret' }, resolver.loc(d.node));
  }
  for (const d of text.includes('JWT_ACCESS_TOKEN_EXPIRES') ? configDefinitions(resolver, 'JWT_ACCESS_TOKEN_EXPIRES') : []) {
    const seconds = timedeltaSeconds(d.node, d.resolver);
    const written = lifetimeValueNode(d.node, d.resolver);
    if (typeof seconds === 'number') collector.lifetimes.push({ seconds, loc: written.resolver.loc(written.node) });
  }
  for (const d of text.includes('JWT_ALGORITHM') ? configDefinitions(resolver, 'JWT_ALGORITHM') : []) {
    const v = d.resolver.resolve(d.node);
    if (v.kind === 'string' && !algorithmSettings.some((a) => a.loc.line === resolver.loc(v.node).line)) algorithmSettings.push({ name: v.value, loc: resolver.loc(v.node) });
  }
}

export type { DisabledCheck };

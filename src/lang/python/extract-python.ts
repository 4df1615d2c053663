// The Python front end: one file's FileFacts, built with the same collector as the JS/TS
// front end (src/facts/extract-facts.ts) so secrets, lifetimes and call sites are the same
// records the rules judge in every language.
import type { FileBudget } from '../../facts/budget.js';
import { emptyFileFacts } from '../../facts/empty-facts.js';
import { FactCollector, isTestPath } from '../../facts/extract-facts.js';
import type { FrontEndResult, ImportedLibrary } from '../front-end.js';
import { parsePython } from './parse-python.js';
import { pyjwtBindings, pyjwtSite } from './pyjwt.js';
import { PythonResolver } from './resolve-python.js';

export function extractPythonFacts(file: string, text: string, budget?: FileBudget): FrontEndResult {
  const parsed = parsePython(text);
  if (!parsed.tree) return { facts: null, libraries: [], problem: { fatal: true, message: `cannot parse ${file}: ${parsed.error?.message ?? 'unknown error'}` } };
  try {
    const root = parsed.tree.rootNode;
    const facts = emptyFileFacts(file, 'server', isTestPath(file));
    budget?.check();
    const libraries: ImportedLibrary[] = [];
    const bindings = pyjwtBindings(root);
    if (bindings.modules.size > 0 || bindings.functions.size > 0) {
      libraries.push({ name: 'PyJWT', modelled: true });
      const resolver = new PythonResolver(file, text, root);
      const collector = new FactCollector();
      for (const call of root.descendantsOfType('call')) {
        if (!call) continue;
        budget?.tick();
        const found = pyjwtSite(call, resolver, bindings);
        if (!found) continue;
        collector.addSite(found.site, found.key);
        if (found.site.lifetime) collector.addLifetime(found.site.lifetime);
      }
      facts.callSites = collector.callSites;
      facts.secrets = collector.secretUses();
      facts.lifetimes = collector.lifetimes;
    }
    const e = parsed.error;
    return { facts, libraries, ...(e && { problem: { fatal: false, message: `${file} has a syntax error${e.line ? ` at line ${e.line}, column ${e.column}` : ''} (${e.message}; analysed what could be read)` } }) };
  } finally {
    parsed.tree.delete();
  }
}

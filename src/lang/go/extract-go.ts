// The Go front end: one file's FileFacts, built with the same collector as the JS/TS front end
// (src/facts/collector.ts). `_test.go` files and `testdata/` folders are test code.
import type { FileBudget } from '../../facts/budget.js';
import { emptyFileFacts } from '../../facts/empty-facts.js';
import { isTestPath } from '../../facts/collector.js';
import { collectSites } from '../collect-sites.js';
import type { FrontEndResult, ImportedLibrary, LanguageSources } from '../front-end.js';
import { golangJwtBindings, golangJwtSites, requestBindings } from './golang-jwt.js';
import { goJoseSites, joseBindings } from './go-jose.js';
import { jwxBindings, jwxSites } from './jwx.js';
import { middlewareBindings, middlewareSites } from './middleware.js';
import { goJwtModule, importSpecs, parseGo } from './parse-go.js';
import { goString, GoResolver } from './resolve-go.js';
import { LineIndex } from '../../parse/line-index.js';
import { mayHoldTokenLiteral, tokenLiteralsIn } from '../token-strings.js';

export function isGoTestPath(file: string): boolean {
  return file.endsWith('_test.go') || /(?:^|\/)testdata\//.test(file) || isTestPath(file);
}

export function extractGoFacts(file: string, text: string, budget?: FileBudget, sources?: LanguageSources): FrontEndResult {
  const parsed = parseGo(text);
  if (!parsed.tree) return { facts: null, libraries: [], problem: { fatal: true, message: `cannot parse ${file}: ${parsed.error?.message ?? 'unknown error'}` } };
  try {
    const root = parsed.tree.rootNode;
    const facts = emptyFileFacts(file, 'server', isGoTestPath(file));
    budget?.check();
    const libraries = new Map<string, ImportedLibrary>();
    for (const spec of importSpecs(root)) {
      const path = spec?.childForFieldName('path');
      const value = path ? goString(path) : null;
      const module = value !== null ? goJwtModule(value) : null;
      // jwx and go-jose are read through their jwt packages only (`jws`/`jwe` alone are not modelled).
      if (module && /lestrrat-go\/jwx|go-jose/.test(module.name)) module.modelled = /\/jwt$/.test(value!) || libraries.get(module.name)?.modelled === true;
      if (module && (!libraries.has(module.name) || module.modelled)) libraries.set(module.name, module);
    }
    if (mayHoldTokenLiteral(text)) facts.tokens = tokenLiteralsIn(file, root, ['interpreted_string_literal', 'raw_string_literal'], new LineIndex(text));
    const pkgs = golangJwtBindings(root);
    const jwx = jwxBindings(root);
    const golangJwt = pkgs.size > 0 || requestBindings(root).size > 0;
    const jose = joseBindings(root);
    const middleware = middlewareBindings(root);
    if (golangJwt || jwx.jwt.size > 0 || jose.jwt.size > 0 || middleware.size > 0) {
      const tick = () => budget?.tick();
      const r = new GoResolver(file, text, root, sources, tick);
      const found = [
        ...(golangJwt ? golangJwtSites({ r, pkgs, isTest: facts.isTest }, tick) : []),
        ...(jwx.jwt.size > 0 ? jwxSites({ r, pkgs: jwx.jwt, isTest: facts.isTest, validates: { aud: false, iss: false } }, jwx, tick) : []),
        ...(middleware.size > 0 ? middlewareSites({ r, pkgs: new Set(), isTest: facts.isTest, validates: { aud: false, iss: false } }, middleware, tick) : []),
        ...(jose.jwt.size > 0 ? goJoseSites({ r, pkgs: jose.jwt, isTest: facts.isTest, validates: { aud: false, iss: false } }, jose, tick) : []),
      ];
      collectSites(facts, found);
    }
    const e = parsed.error;
    return { facts, libraries: [...libraries.values()], ...(e && { problem: { fatal: false, message: `${file} has a syntax error${e.line ? ` at line ${e.line}, column ${e.column}` : ''} (${e.message}; analysed what could be read)` } }) };
  } finally {
    parsed.tree.delete();
  }
}

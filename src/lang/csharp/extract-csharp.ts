// The C# front end: one file's FileFacts, built with the same collector as the other front ends
// (src/facts/collector.ts). Test code: `*.Tests`/`*.Test` projects, `*Tests.cs`/`*Test.cs` files,
// `test/`/`tests/` folders.
import type { FileBudget } from '../../facts/budget.js';
import { emptyFileFacts } from '../../facts/empty-facts.js';
import { FactCollector, isTestPath } from '../../facts/collector.js';
import type { FrontEndResult, ImportedLibrary, LanguageSources } from '../front-end.js';
import { identityModelSites, symmetricKeys } from './identitymodel.js';
import { jwtDotnetSites } from './jwt-dotnet.js';
import { CSHARP_JWT_NAMESPACES, parseCsharp } from './parse-csharp.js';
import { CsharpResolver, dotted, fieldCache } from './resolve-csharp.js';
import { mayHoldTokenLiteral, tokenLiteralsIn } from '../token-strings.js';

const TEST = /(?:^|\/)[^/]*\.(?:Unit|Integration|Functional)?Tests?\/|(?:^|\/)[^/]*Tests?\.cs$/;

export function isCsharpTestPath(file: string): boolean {
  return TEST.test(file) || isTestPath(file);
}

const STRING_TYPES = ['string_literal', 'verbatim_string_literal', 'raw_string_literal', 'interpolated_string_expression'];

export function extractCsharpFacts(file: string, text: string, budget?: FileBudget, sources?: LanguageSources): FrontEndResult {
  const parsed = parseCsharp(text);
  if (!parsed.tree) return { facts: null, libraries: [], problem: { fatal: true, message: `cannot parse ${file}: ${parsed.error?.message ?? 'unknown error'}` } };
  try {
    const root = parsed.tree.rootNode;
    const facts = emptyFileFacts(file, 'server', isCsharpTestPath(file));
    budget?.check();
    const tick = () => budget?.tick();
    fieldCache.use(sources);
    const libraries = new Map<string, ImportedLibrary>();
    for (const u of root.descendantsOfType('using_directive')) {
      const name = u?.namedChildren.map((c) => (c ? dotted(c) : null)).find((n) => n !== null);
      if (!name) continue;
      for (const n of CSHARP_JWT_NAMESPACES) {
        if (name !== n.namespace && !name.startsWith(`${n.namespace}.`)) continue;
        if (!libraries.has(n.library)) libraries.set(n.library, { name: n.library, modelled: n.modelled });
      }
    }
    if (mayHoldTokenLiteral(text)) facts.tokens = tokenLiteralsIn(file, root, STRING_TYPES, new CsharpResolver(file, root, text).lines);
    const r = new CsharpResolver(file, root, text, tick);
    const collector = new FactCollector();
    for (const f of identityModelSites(root, r, facts.disabledChecks, tick, facts.isTest)) {
      collector.addSite(f.site, f.key);
      if (f.site.lifetime) collector.addLifetime(f.site.lifetime);
    }
    // jwt-dotnet (NuGet `JWT`): by its namespace, or by its builder/encoder/decoder types under a global using.
    const jwtDotnet = libraries.has('JWT');
    if (jwtDotnet || text.includes('JwtBuilder') || text.includes('JwtEncoder') || text.includes('JwtDecoder')) {
      for (const f of jwtDotnetSites(root, r, tick, facts.isTest, jwtDotnet, facts.disabledChecks)) {
        collector.addSite(f.site, f.key);
        if (f.site.lifetime) collector.addLifetime(f.site.lifetime);
      }
    }
    for (const k of symmetricKeys(root, r, tick)) collector.addSecret(k.key, k.loc);
    // A file with ImplicitUsings names no namespace: its calls say which library it reads.
    if (collector.callSites.some((s) => s.library === 'Microsoft.AspNetCore.Authentication.JwtBearer') && !libraries.has('Microsoft.AspNetCore.Authentication.JwtBearer')) libraries.set('Microsoft.AspNetCore.Authentication.JwtBearer', { name: 'Microsoft.AspNetCore.Authentication.JwtBearer', modelled: true });
    facts.callSites = collector.callSites;
    facts.secrets = collector.secretUses();
    facts.lifetimes = collector.lifetimes;
    const e = parsed.error;
    return { facts, libraries: [...libraries.values()], ...(e && { problem: { fatal: false, message: `${file} has a syntax error${e.line ? ` at line ${e.line}, column ${e.column}` : ''} (${e.message}; analysed what could be read)` } }) };
  } finally {
    parsed.tree.delete();
  }
}

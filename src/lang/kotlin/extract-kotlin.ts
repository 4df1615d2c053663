// The Kotlin front end: one file's FileFacts, built with the same collector as the other front
// ends (src/facts/collector.ts). Files under `src/test/` and `*Test.kt`/`*Tests.kt`/`*IT.kt`
// are test code (JUnit, Kotest), as in Java.
import type { FileBudget } from '../../facts/budget.js';
import { emptyFileFacts } from '../../facts/empty-facts.js';
import { isTestPath } from '../../facts/collector.js';
import { LineIndex } from '../../parse/line-index.js';
import { collectSites } from '../collect-sites.js';
import type { FrontEndResult, ImportedLibrary, LanguageSources } from '../front-end.js';
import { mayHoldTokenLiteral, tokenLiteralsIn } from '../token-strings.js';
import { JAVA_JWT } from '../java/java-jwt.js';
import { JJWT } from '../java/jjwt.js';
import { javaJwtLibrary } from '../java/parse-java.js';
import { SPRING_JWT } from '../java/spring-jwt.js';
import { kotlinSites } from './adapters.js';
import { parseKotlin } from './parse-kotlin.js';
import { KotlinResolver } from './resolve-kotlin.js';
import { STRING_TYPES } from './syntax.js';

export function isKotlinTestPath(file: string): boolean {
  return /(?:^|\/)src\/test\//.test(file) || /(?:Tests?|IT|TestCase|Spec)\.kt$/.test(file) || isTestPath(file);
}

export function extractKotlinFacts(file: string, text: string, budget?: FileBudget, sources?: LanguageSources): FrontEndResult {
  const parsed = parseKotlin(text);
  if (!parsed.tree) return { facts: null, libraries: [], problem: { fatal: true, message: `cannot parse ${file}: ${parsed.error?.message ?? 'unknown error'}` } };
  try {
    const root = parsed.tree.rootNode;
    const facts = emptyFileFacts(file, 'server', isKotlinTestPath(file));
    budget?.check();
    const libraries = new Map<string, ImportedLibrary>();
    for (const imp of root.namedChildren) {
      if (imp?.type !== 'import') continue;
      const name = imp.namedChildren.find((c) => c?.type === 'qualified_identifier');
      const lib = name ? javaJwtLibrary(name.text) : null;
      if (lib && !libraries.has(lib.name)) libraries.set(lib.name, { ...lib });
    }
    // A fully qualified use without an import (`io.jsonwebtoken.Jwts.builder()`).
    if (!libraries.has(JJWT) && text.includes('io.jsonwebtoken.Jwts')) libraries.set(JJWT, { name: JJWT, modelled: true });
    if (!libraries.has(JAVA_JWT) && text.includes('com.auth0.jwt.JWT')) libraries.set(JAVA_JWT, { name: JAVA_JWT, modelled: true });
    if (mayHoldTokenLiteral(text)) facts.tokens = tokenLiteralsIn(file, root, STRING_TYPES, new LineIndex(text));
    // Spring's resource-server package is read through `NimbusJwtDecoder` builders only.
    const spring = libraries.get(SPRING_JWT);
    if (spring) spring.modelled = text.includes('NimbusJwtDecoder.');
    const libs = { jjwt: libraries.has(JJWT), javaJwt: libraries.has(JAVA_JWT), spring: spring?.modelled === true };
    if (libs.jjwt || libs.javaJwt || libs.spring) {
      const tick = () => budget?.tick();
      const r = new KotlinResolver(file, text, root, sources, tick);
      collectSites(facts, kotlinSites(r, libs, facts.isTest, tick));
    }
    const e = parsed.error;
    return { facts, libraries: [...libraries.values()], ...(e && { problem: { fatal: false, message: `${file} has a syntax error${e.line ? ` at line ${e.line}, column ${e.column}` : ''} (${e.message}; analysed what could be read)` } }) };
  } finally {
    parsed.tree.delete();
  }
}

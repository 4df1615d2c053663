// The Java front end: one file's FileFacts, built with the same collector as the other front
// ends (src/facts/collector.ts). Files under `src/test/` and `*Test.java`/`*Tests.java`/`*IT.java`
// are test code (JUnit).
import type { FileBudget } from '../../facts/budget.js';
import { emptyFileFacts } from '../../facts/empty-facts.js';
import { isTestPath } from '../../facts/collector.js';
import { LineIndex } from '../../parse/line-index.js';
import { collectSites, type Found } from '../collect-sites.js';
import type { FrontEndResult, ImportedLibrary, LanguageSources } from '../front-end.js';
import { mayHoldTokenLiteral, tokenLiteralsIn } from '../token-strings.js';
import { javaJwtSites } from './java-jwt.js';
import { jjwtSites } from './jjwt.js';
import { NIMBUS, NIMBUS_READ, nimbusSites } from './nimbus.js';
import { SPRING_JWT, SPRING_READ, springJwtSites } from './spring-jwt.js';
import { javaJwtLibrary, parseJava } from './parse-java.js';
import { JavaResolver } from './resolve-java.js';

/** Spring types a file uses to consume what a configured decoder or encoder bean produces: nothing of them to read. */
const SPRING_CONSUMER_TYPES = new Set(['Jwt', 'JwtDecoder', 'JwtEncoder', 'JwtClaimNames', 'JwtClaimAccessor']);

export function isJavaTestPath(file: string): boolean {
  return /(?:^|\/)src\/test\//.test(file) || /(?:Tests?|IT|TestCase)\.java$/.test(file) || isTestPath(file);
}

export function extractJavaFacts(file: string, text: string, budget?: FileBudget, sources?: LanguageSources): FrontEndResult {
  const parsed = parseJava(text);
  if (!parsed.tree) return { facts: null, libraries: [], problem: { fatal: true, message: `cannot parse ${file}: ${parsed.error?.message ?? 'unknown error'}` } };
  try {
    const root = parsed.tree.rootNode;
    const facts = emptyFileFacts(file, 'server', isJavaTestPath(file));
    budget?.check();
    const libraries = new Map<string, ImportedLibrary>();
    const usesMore = new Set<string>();
    for (const decl of root.namedChildren) {
      if (decl?.type !== 'import_declaration') continue;
      const name = decl.namedChildren.find((c) => c?.type === 'scoped_identifier' || c?.type === 'identifier');
      const lib = name ? javaJwtLibrary(name.text) : null;
      if (lib && !libraries.has(lib.name)) libraries.set(lib.name, lib);
      // `import com.nimbusds.jose.JOSEException;` alone (a catch clause) uses nothing to read, nor do Spring's
      // verified `Jwt` and the decoder/encoder interfaces of beans configured elsewhere.
      const simple = name!.text.slice(name!.text.lastIndexOf('.') + 1);
      if (lib && !simple.endsWith('Exception') && !(lib.name === SPRING_JWT && SPRING_CONSUMER_TYPES.has(simple))) usesMore.add(lib.name);
    }
    // A fully qualified use without an import (`io.jsonwebtoken.Jwts.builder()`).
    if (!libraries.has('jjwt') && text.includes('io.jsonwebtoken.Jwts')) libraries.set('jjwt', { name: 'jjwt', modelled: true });
    if (!libraries.has('java-jwt') && text.includes('com.auth0.jwt.JWT')) libraries.set('java-jwt', { name: 'java-jwt', modelled: true });
    if (mayHoldTokenLiteral(text)) facts.tokens = tokenLiteralsIn(file, root, ['string_literal'], new LineIndex(text));
    // Spring's package is read through `NimbusJwtDecoder` builders and `NimbusJwtEncoder`/`encode` only, Nimbus
    // through its signers, verifiers, tokens and processors: a file using neither keeps the unmodelled note.
    // The code below the imports: an import alone reads nothing.
    const spring = libraries.get(SPRING_JWT);
    const nimbus = libraries.get(NIMBUS);
    const body = spring || nimbus ? root.namedChildren.filter((c) => c && c.type !== 'import_declaration' && c.type !== 'package_declaration').map((c) => c!.text).join('\n') : '';
    if (spring) spring.modelled = SPRING_READ.test(body) || !usesMore.has(SPRING_JWT);
    // Nimbus JWKs built for a Spring encoder or decoder are read with it.
    if (nimbus) nimbus.modelled = NIMBUS_READ.test(body) || spring?.modelled === true || !usesMore.has(NIMBUS);
    const jjwt = libraries.has('jjwt');
    const javaJwt = libraries.has('java-jwt');
    if (jjwt || javaJwt || spring?.modelled || nimbus?.modelled) {
      const tick = () => budget?.tick();
      const r = new JavaResolver(file, text, root, sources, tick);
      const found: Found[] = [...(jjwt ? jjwtSites(r, tick) : []), ...(javaJwt ? javaJwtSites(r, facts.isTest, tick) : []), ...(spring?.modelled ? springJwtSites(r, tick) : []), ...(nimbus?.modelled ? nimbusSites(r, facts.isTest, tick) : [])];
      collectSites(facts, found);
    }
    const e = parsed.error;
    return { facts, libraries: [...libraries.values()], ...(e && { problem: { fatal: false, message: `${file} has a syntax error${e.line ? ` at line ${e.line}, column ${e.column}` : ''} (${e.message}; analysed what could be read)` } }) };
  } finally {
    parsed.tree.delete();
  }
}

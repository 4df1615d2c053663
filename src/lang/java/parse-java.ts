// Java source through tree-sitter (tree-sitter-java 0.23 on the shared web-tree-sitter runtime,
// src/parse/tree-sitter.ts). One parse per file; the grammar is loaded once per process.
// Syntax errors never throw: the rest of the tree is read and the first error is located.
import { TreeSitterLanguage, type ParsedSource } from '../../parse/tree-sitter.js';
import { mayHoldTokenLiteral } from '../token-strings.js';

const JAVA = new TreeSitterLanguage('Java', 'tree-sitter-java.wasm', 'tree-sitter-java');

export function loadJavaParser(): Promise<void> {
  return JAVA.load();
}

/** Parses one Java file; the caller deletes the tree. Never throws. */
export function parseJava(text: string): ParsedSource {
  return JAVA.parse(text);
}

/** Known Java JWT libraries by package prefix, the name reported, and whether this front end reads them. */
export const JAVA_JWT_LIBRARIES: readonly { prefix: string; name: string; modelled: boolean }[] = [
  { prefix: 'io.jsonwebtoken', name: 'jjwt', modelled: true },
  { prefix: 'com.auth0.jwt', name: 'java-jwt', modelled: true },
  // Modelled per file: signers, verifiers, tokens, parses and processors are read (src/lang/java/nimbus.ts).
  { prefix: 'com.nimbusds.jose', name: 'nimbus-jose-jwt', modelled: false },
  { prefix: 'com.nimbusds.jwt', name: 'nimbus-jose-jwt', modelled: false },
  // Modelled per file: `NimbusJwtDecoder` builders, `NimbusJwtEncoder` and its `encode` calls are read (src/lang/java/spring-jwt.ts).
  { prefix: 'org.springframework.security.oauth2.jwt', name: 'spring-security-oauth2-jose', modelled: false },
];

/** The library an import names, if known. */
export function javaJwtLibrary(imported: string): { name: string; modelled: boolean } | null {
  for (const l of JAVA_JWT_LIBRARIES) if (imported === l.prefix || imported.startsWith(`${l.prefix}.`)) return { name: l.name, modelled: l.modelled };
  return null;
}

/** Text that may hold a JWT call: it names a known library's package, or holds a JWT literal (plain substring tests, linear). */
export function javaMayMatter(text: string): boolean {
  for (const l of JAVA_JWT_LIBRARIES) if (text.includes(l.prefix)) return true;
  return mayHoldTokenLiteral(text);
}

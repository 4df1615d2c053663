// Kotlin source through tree-sitter (@tree-sitter-grammars/tree-sitter-kotlin 1.1 on the shared
// web-tree-sitter runtime, src/parse/tree-sitter.ts). One parse per file; the grammar is loaded
// once per process. Syntax errors never throw: the rest of the tree is read and the first error
// is located. Kotlin calls the same JVM libraries as Java, so the library table is Java's.
import { TreeSitterLanguage, type ParsedSource } from '../../parse/tree-sitter.js';
import { javaMayMatter } from '../java/parse-java.js';

const KOTLIN = new TreeSitterLanguage('Kotlin', 'tree-sitter-kotlin.wasm', '@tree-sitter-grammars/tree-sitter-kotlin');

export function loadKotlinParser(): Promise<void> {
  return KOTLIN.load();
}

/** Parses one Kotlin file; the caller deletes the tree. Never throws. */
export function parseKotlin(text: string): ParsedSource {
  return KOTLIN.parse(text);
}

/** Text that may hold a JWT call or literal: the same package-name test as Java's. */
export const kotlinMayMatter = javaMayMatter;

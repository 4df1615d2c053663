// The Java front end behind the language seam (src/lang/front-end.ts).
import type { LanguageFrontEnd } from '../front-end.js';
import { extractJavaFacts } from './extract-java.js';
import { javaMayMatter, loadJavaParser } from './parse-java.js';

export const javaFrontEnd: LanguageFrontEnd = {
  language: 'Java',
  kind: 'java',
  mayMatter: javaMayMatter,
  load: loadJavaParser,
  extract: extractJavaFacts,
};

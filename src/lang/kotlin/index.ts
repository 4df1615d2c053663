// The Kotlin front end behind the language seam (src/lang/front-end.ts).
import type { LanguageFrontEnd } from '../front-end.js';
import { extractKotlinFacts } from './extract-kotlin.js';
import { kotlinMayMatter, loadKotlinParser } from './parse-kotlin.js';

export const kotlinFrontEnd: LanguageFrontEnd = {
  language: 'Kotlin',
  kind: 'kotlin',
  mayMatter: kotlinMayMatter,
  load: loadKotlinParser,
  extract: extractKotlinFacts,
};

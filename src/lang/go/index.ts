// The Go front end behind the language seam (src/lang/front-end.ts).
import type { LanguageFrontEnd } from '../front-end.js';
import { extractGoFacts } from './extract-go.js';
import { goMayMatter, loadGoParser } from './parse-go.js';

export const goFrontEnd: LanguageFrontEnd = {
  language: 'Go',
  kind: 'go',
  mayMatter: goMayMatter,
  load: loadGoParser,
  extract: extractGoFacts,
};

// The C#/.NET front end behind the language seam (src/lang/front-end.ts).
import type { LanguageFrontEnd } from '../front-end.js';
import { extractCsharpFacts } from './extract-csharp.js';
import { csharpMayMatter, loadCsharpParser } from './parse-csharp.js';

export const csharpFrontEnd: LanguageFrontEnd = {
  language: 'C#',
  kind: 'csharp',
  mayMatter: csharpMayMatter,
  load: loadCsharpParser,
  extract: extractCsharpFacts,
};

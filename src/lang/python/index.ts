// The Python front end behind the language seam (src/lang/front-end.ts).
import type { LanguageFrontEnd } from '../front-end.js';
import { extractPythonFacts } from './extract-python.js';
import { loadPythonParser, pythonMayMatter } from './parse-python.js';

export const pythonFrontEnd: LanguageFrontEnd = {
  language: 'Python',
  kind: 'python',
  mayMatter: pythonMayMatter,
  load: loadPythonParser,
  extract: extractPythonFacts,
};

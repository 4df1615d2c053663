// Facts of small in-memory projects, the way the engine extracts them: for adapter tests.
import { extractFacts } from '../../src/lang/javascript/extract-facts.js';
import { indexFile, type FileIndex } from '../../src/lang/javascript/file-index.js';
import type { AlgorithmSpec, FileFacts } from '../../src/facts/model.js';
import { createProject } from '../../src/lang/javascript/project.js';
import { parseJs } from '../../src/lang/javascript/parse-js.js';

/** The facts of one file (`which`, or the first) of a project made of these files (paths to TypeScript text). */
export function factsFromFiles(files: Record<string, string>, which?: string): FileFacts {
  const project = createProject(new Map(Object.entries(files)), (path, source) => indexFile(path, source, parseJs(source, 'ts').ast));
  return extractFacts(project.index(which ?? Object.keys(files)[0]!) as FileIndex, project);
}

/** An algorithm spec as its names (`['HS256']`), or its kind when it names none. */
export const algorithmNames = (spec: AlgorithmSpec | undefined) => (spec?.kind === 'explicit' ? spec.values.map((v) => v.name) : spec?.kind);

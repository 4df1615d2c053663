// The seam between each language's front end and the rest of the engine. A front end parses
// a file of its language once, resolves values with its own resolver, and emits FileFacts
// (call sites, secret uses, lifetimes, tokens) through the shared collector
// (src/facts/collector.ts), so rules and the estate never know which language a record came
// from. Three front ends live under src/lang/: javascript/ (Babel; the engine drives it
// directly, because it parses imported modules on demand, resolves across the module graph
// and judges the calls of project wrapper functions after every candidate is read), and
// python/ and go/ (tree-sitter), which implement LanguageFrontEnd below.
import type { FileKind } from '../discover/file-kind.js';
import type { FileBudget } from '../facts/budget.js';
import type { FileFacts } from '../facts/model.js';

/** A JWT library a file imports, as the language's package manager names it. */
export interface ImportedLibrary {
  /** `PyJWT`, `python-jose`, `github.com/golang-jwt/jwt/v5`. */
  name: string;
  /** False when jwtlint knows the library but does not read its calls (a note says so). */
  modelled: boolean;
}

export interface FrontEndResult {
  /** Null when nothing of the file could be read (`problem` says why). */
  facts: FileFacts | null;
  /** Why the file could not be read (fatal), or where its first syntax error is (the rest was read). */
  problem?: { fatal: boolean; message: string };
  /** The known JWT libraries the file imports, modelled or not. */
  libraries: ImportedLibrary[];
}

/** The scanned files of the front end's own kind, for reading a module another file imports (`from app.config import KEY`). */
export interface LanguageSources {
  /** Root-relative posix paths of every readable file of this kind, sorted. */
  readonly paths: readonly string[];
  /** The file's text, or undefined when it was not read (too large, not text). */
  text(path: string): string | undefined;
  /**
   * Any collected file's text, of any kind (Spring `application.yml`, `appsettings.json`):
   * for reading what the code looks up by key. Undefined when the file was not collected.
   */
  anyText?(path: string): string | undefined;
  /** Root-relative posix paths of every collected file, sorted. */
  readonly allPaths?: readonly string[];
}

export interface LanguageFrontEnd {
  /** `Python`, `Go`: in notes and the coverage report. */
  language: string;
  /** The discovered file kind this front end reads. */
  kind: FileKind;
  /** Cheap text test: can the file hold anything a rule judges? False files are not parsed. */
  mayMatter(text: string): boolean;
  /** Loads the parser, once per process; never rejects (a failure becomes each file's note). */
  load(): Promise<void>;
  /** One parse, one pass; polls `budget` so a hostile file is abandoned with a note. */
  extract(file: string, text: string, budget: FileBudget, sources: LanguageSources): FrontEndResult;
}

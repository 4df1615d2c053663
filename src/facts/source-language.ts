// The language a finding's file is written in, for rules that phrase a fix in the reader's
// own syntax (`audience="orders-api"` in Python, `jwt.WithAudience("orders-api")` in Go).
import { fileKindOf } from '../discover/file-kind.js';

export type SourceLanguage = 'javascript' | 'python' | 'go' | 'java' | 'csharp';

export function sourceLanguage(file: string): SourceLanguage {
  const kind = fileKindOf(file);
  // Kotlin calls the same JVM libraries with the same names: Java's wording fits it.
  if (kind === 'kotlin') return 'java';
  return kind === 'python' || kind === 'go' || kind === 'java' || kind === 'csharp' ? kind : 'javascript';
}

/** The text for this file's language, picked by `file`; a language without its own text gets the JavaScript one. */
export function inSourceLanguage(file: string, texts: { javascript: string } & Partial<Record<SourceLanguage, string>>): string {
  return texts[sourceLanguage(file)] ?? texts.javascript;
}

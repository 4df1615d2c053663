// The language a finding's file is written in, for rules that phrase a fix in the reader's
// own syntax (`audience="orders-api"` in Python, `jwt.WithAudience("orders-api")` in Go).
import { fileKindOf } from '../discover/file-kind.js';

export type SourceLanguage = 'javascript' | 'python' | 'go';

export function sourceLanguage(file: string): SourceLanguage {
  const kind = fileKindOf(file);
  return kind === 'python' ? 'python' : kind === 'go' ? 'go' : 'javascript';
}

/** The text for this file's language: `{ javascript, python, go }` picked by `file`. */
export function inSourceLanguage(file: string, texts: Record<SourceLanguage, string>): string {
  return texts[sourceLanguage(file)];
}

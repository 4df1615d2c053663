// Every language front end besides JS/TS, by the file kind it reads (src/lang/front-end.ts).
import type { FileKind } from '../discover/file-kind.js';
import type { LanguageFrontEnd } from './front-end.js';
import { csharpFrontEnd } from './csharp/index.js';
import { goFrontEnd } from './go/index.js';
import { javaFrontEnd } from './java/index.js';
import { kotlinFrontEnd } from './kotlin/index.js';
import { pythonFrontEnd } from './python/index.js';

export const FRONT_ENDS: readonly LanguageFrontEnd[] = [pythonFrontEnd, goFrontEnd, csharpFrontEnd, javaFrontEnd, kotlinFrontEnd];

export function frontEndFor(kind: FileKind): LanguageFrontEnd | undefined {
  return FRONT_ENDS.find((f) => f.kind === kind);
}

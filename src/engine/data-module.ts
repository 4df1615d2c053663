// Generated data modules: a JS/TS file that exports one JSON value and nothing else
// (`export const filesMap = [...]`, `module.exports = {...}`, `export default {...}`), as
// documentation sites, i18n and icon generators write them. Such a file holds no call, so
// none of its words make it a candidate: a JWT word in a path or a key name
// (`"/reference/DEFAULT_JWT_STORAGE_KEY/page.md"`) is data. Its values are still reached
// where they matter: code that imports the module has the resolver parse it on demand, and
// a token literal in it (`eyJ`) keeps it a candidate.
//
// The check is a linear prefix match, then the engine's own JSON parser on the rest: no
// backtracking, and the JSON parser is iterative (deep nesting cannot overflow the stack).

/** Ways a data module opens, each followed by the JSON value (after optional blanks). */
const OPENINGS = ['export default', 'module.exports =', 'export const ', 'export let ', 'export var '];

/**
 * Whether `code` (a JS/TS file's text, block comments already removed or absent) is one
 * export of a JSON object or array: leading blanks and line comments, an opening
 * (`export default`, `module.exports =`, or `export const|let|var name =`, the name without
 * a type annotation), the JSON text, then at most a `;` and blanks.
 */
export function isJsonDataModule(code: string): boolean {
  let i = skipBlanksAndLineComments(code, 0);
  const opening = OPENINGS.find((o) => code.startsWith(o, i));
  if (opening === undefined) return false;
  i += opening.length;
  if (opening.startsWith('export ') && opening.endsWith(' ')) {
    // `export const name =`: a plain identifier, then `=`.
    i = skipBlanks(code, i);
    const nameStart = i;
    while (i < code.length && isIdentifierChar(code.charCodeAt(i))) i++;
    if (i === nameStart) return false;
    i = skipBlanks(code, i);
    if (code.charCodeAt(i) !== 61 /* = */ || code.charCodeAt(i + 1) === 61 /* == */) return false;
    i++;
  }
  i = skipBlanks(code, i);
  const first = code.charCodeAt(i);
  if (first !== 123 /* { */ && first !== 91 /* [ */) return false;
  let end = code.length;
  while (end > i && isBlank(code.charCodeAt(end - 1))) end--;
  if (code.charCodeAt(end - 1) === 59 /* ; */) end--;
  const last = code.charCodeAt(end - 1);
  if (last !== 125 /* } */ && last !== 93 /* ] */) return false;
  try {
    JSON.parse(code.slice(i, end));
    return true;
  } catch {
    return false;
  }
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 0xfeff;
}

function skipBlanks(code: string, i: number): number {
  while (i < code.length && isBlank(code.charCodeAt(i))) i++;
  return i;
}

function skipBlanksAndLineComments(code: string, i: number): number {
  for (;;) {
    i = skipBlanks(code, i);
    if (!code.startsWith('//', i)) return i;
    const eol = code.indexOf('\n', i);
    if (eol === -1) return code.length;
    i = eol + 1;
  }
}

function isIdentifierChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 36;
}

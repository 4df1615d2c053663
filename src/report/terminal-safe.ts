// Text from the scanned repository (paths, source lines, names, parser messages) must never
// reach a terminal raw: an escape sequence in a file name or a comment could move the cursor,
// clear the screen, retitle the window, hide a finding or fake output, and bidi controls can
// reorder what a line appears to say ("Trojan Source"). Such characters are shown as escapes.
//
// Escaped: C0 controls except TAB (and except LF when `multiline`), DEL, C1 controls (U+0080
// to U+009F), the line and paragraph separators U+2028/U+2029 (code-frame and some terminals
// break lines there), and the bidi embedding, override, isolate and mark characters
// (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F, U+061C).
//
// Notation: `\xhh` (two lowercase hex digits) up to U+00FF, `\uhhhh` above, e.g. ESC -> `\x1b`,
// CR -> `\x0d`, U+202E -> `\u202e`. Every escaped character is in the Basic Multilingual Plane
// and becomes its own escape, so escaping a string equals escaping its pieces one after another.

// One character class, no quantifiers: linear and free of backtracking.
const SINGLE_LINE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;
const MULTI_LINE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;

export interface TerminalSafeOptions {
  /** Keep LF (`\n`) as a line break; CR and every other control is still escaped. */
  multiline?: boolean;
}

/** The visible escape for one character: `\x1b`, `\u202e`. */
export function escapeCharacter(char: string): string {
  const code = char.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * `text` with every terminal control and bidi control replaced by a visible escape; a
 * single line unless `multiline`. Returns `text` itself when there is nothing to escape.
 */
export function terminalSafe(text: string, options: TerminalSafeOptions = {}): string {
  const pattern = options.multiline ? MULTI_LINE : SINGLE_LINE;
  // `search` ignores and restores lastIndex, so the shared global regex stays stateless here.
  if (text.search(pattern) === -1) return text;
  return text.replace(pattern, escapeCharacter);
}

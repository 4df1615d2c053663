// ts-morph is loaded only by `jwtlint fix`, never by a scan (DESIGN.md, "ts-morph"): it is not
// bundled (scripts/bundle.mjs leaves it external) and no module imports it except as types.
// `import('ts-morph')` resolves from jwtlint's own location, never from the scanned
// repository: a repository cannot put its own ts-morph in the way.
//
// Fixers get the loaded module from `tsMorph()` (for `Node.isX` guards and `SyntaxKind`): a
// value import of 'ts-morph' in any module the CLI reaches would become a static import at
// the top of the bundle, loaded by every scan.
type TsMorph = typeof import('ts-morph');

/** The major version jwtlint fix is written and tested against (peerDependencies). */
export const TS_MORPH_MAJOR = 28;

let loaded: TsMorph | undefined;

export async function loadTsMorph(): Promise<{ ok: true; tsMorph: TsMorph } | { ok: false; problem: string }> {
  if (loaded) return { ok: true, tsMorph: loaded };
  try {
    loaded = (await import('ts-morph')) as TsMorph;
    return { ok: true, tsMorph: loaded };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      return {
        ok: false,
        problem: `jwtlint fix needs ts-morph ${TS_MORPH_MAJOR}, which is not installed with jwtlint so that scans stay small (it brings its own TypeScript, about 15 MB): install it next to jwtlint (npm install --save-dev ts-morph@${TS_MORPH_MAJOR}, or npm install -g ts-morph@${TS_MORPH_MAJOR} for a global jwtlint; with npx: npx -p jwtlint -p ts-morph@${TS_MORPH_MAJOR} jwtlint fix)`,
      };
    }
    throw error;
  }
}

/** The loaded ts-morph module; only after `loadTsMorph()` succeeded. */
export function tsMorph(): TsMorph {
  if (!loaded) throw new Error('ts-morph is not loaded: jwtlint fix loads it before running fixers');
  return loaded;
}

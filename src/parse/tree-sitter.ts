// Tree-sitter grammars (Terraform, Python, Go) on one web-tree-sitter runtime. The runtime and
// each grammar are WebAssembly read from beside the bundle (dist/bundle/, where
// scripts/bundle.mjs copies them), else from their packages in node_modules (source runs).
//
// WebAssembly rather than the native `tree-sitter` bindings (issue #17, measured 2026-12-07 on
// the 2-core machine, 0.57 MB generated files, three runs): native parses Python at 515-600
// ms/MB and Go at 563-805, WASM at 559-851 and 435-954 (the same within the noise of a busy
// machine); native starts in 13-45 ms, WASM in 50-95 ms, once per run and only when a file of
// the language is parsed. WASM wins on what matters here: no native code and no install
// script (npm here does not run them by default; the native packages need node-gyp-build),
// one artifact for every platform shipped inside the bundle (1.0 MB for the runtime and three
// grammars, against 18 MB of native packages), and a hostile file is parsed inside the WASM
// sandbox, not by C code in the Node process.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Language, Parser } from 'web-tree-sitter';

/** A parser for one grammar, or why it could not be had (the first line of the error). */
export type GrammarState = { parser: Parser } | { error: string };

const require = createRequire(import.meta.url);

/** The WASM file next to the bundle, else the installed copy `fromPackage` finds. */
function readWasm(file: string, fromPackage: () => string): Uint8Array {
  try {
    return readFileSync(new URL(`./${file}`, import.meta.url));
  } catch {
    return readFileSync(fromPackage());
  }
}

const loadedGrammars: string[] = [];

/** The grammars this process has loaded, in order (a scan without Python or Go files loads neither). */
export function grammarsLoaded(): readonly string[] {
  return loadedGrammars;
}

/** Starts the runtime (idempotent) and loads the grammar `file` of package `pkg`; never rejects. */
export async function loadGrammar(file: string, pkg: string): Promise<GrammarState> {
  try {
    await Parser.init({ wasmBinary: readWasm('web-tree-sitter.wasm', () => require.resolve('web-tree-sitter/web-tree-sitter.wasm')) } as Parameters<typeof Parser.init>[0]);
    const parser = new Parser();
    parser.setLanguage(await Language.load(readWasm(file, () => join(dirname(require.resolve(`${pkg}/package.json`)), file))));
    loadedGrammars.push(file);
    return { parser };
  } catch (error) {
    return { error: (error as Error).message.split('\n')[0]! };
  }
}

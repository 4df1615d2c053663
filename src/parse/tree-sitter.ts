// Tree-sitter grammars (Terraform, Python) on one web-tree-sitter runtime. The runtime and
// each grammar are WebAssembly read from beside the bundle (dist/bundle/, where
// scripts/bundle.mjs copies them), else from their packages in node_modules (source runs).
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

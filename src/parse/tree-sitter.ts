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
import { Language, Parser, type Node, type Tree } from 'web-tree-sitter';

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

/** One file's tree (the caller deletes it), or why there is none; the first syntax error when the tree has one (1-based). */
export interface ParsedSource {
  tree: Tree | null;
  error?: { message: string; line?: number; column?: number };
}

/** A source language on tree-sitter: its grammar loaded once per process, and a parse that never throws. */
export class TreeSitterLanguage {
  private state: GrammarState | undefined;
  private loading: Promise<void> | undefined;

  constructor(
    /** `Python`, `Go`: in problem messages. */
    readonly name: string,
    private readonly wasm: string,
    private readonly pkg: string,
  ) {}

  /** Starts tree-sitter and loads the grammar, once; never rejects (a failure becomes each file's note). */
  load(): Promise<void> {
    this.loading ??= loadGrammar(this.wasm, this.pkg).then((loaded) => {
      this.state = loaded;
    });
    return this.loading;
  }

  /** Parses one file. Syntax errors never throw: the well-formed parts are kept and the first error is located. */
  parse(text: string): ParsedSource {
    if (!this.state) void this.load();
    const state = this.state;
    if (!state || 'error' in state) return { tree: null, error: { message: `the ${this.name} parser ${state ? `failed to load: ${state.error}` : 'is not loaded'}` } };
    const tree = state.parser.parse(text);
    if (!tree) return { tree: null, error: { message: 'tree-sitter returned no tree' } };
    if (!tree.rootNode.hasError) return { tree };
    const bad = firstError(tree.rootNode);
    return { tree, error: { message: bad?.isMissing ? `missing ${bad.type}` : 'syntax error', ...(bad && { line: bad.startPosition.row + 1, column: bad.startPosition.column + 1 }) } };
  }
}

function firstError(root: Node): Node | null {
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.isMissing || n.isError) return n;
    if (!n.hasError) continue;
    for (let i = n.childCount - 1; i >= 0; i--) {
      const c = n.child(i);
      if (c) stack.push(c);
    }
  }
  return null;
}

// Python source through tree-sitter (tree-sitter-python 0.25, ABI 15, on the same
// web-tree-sitter 0.27 runtime as the Terraform reader in src/config-files/parse-hcl.ts).
// One parse per file; the grammar is loaded once per process (`loadPythonParser`, awaited by
// the engine before the first Python file). Syntax errors never throw: the well-formed parts
// of the tree are still read, and the first error is located for an `unparsable` note.
import { TreeSitterLanguage, type ParsedSource } from '../../parse/tree-sitter.js';
import { mayHoldTokenLiteral } from '../token-strings.js';

const PYTHON = new TreeSitterLanguage('Python', 'tree-sitter-python.wasm', 'tree-sitter-python');

/** Starts tree-sitter and loads the Python grammar, once per process; never rejects (a failure becomes each file's note). */
export function loadPythonParser(): Promise<void> {
  return PYTHON.load();
}

export type ParsedPython = ParsedSource;

/** Parses one Python file; the caller deletes the tree. Never throws. */
export function parsePython(text: string): ParsedPython {
  return PYTHON.parse(text);
}

/**
 * Text that may hold something a rule judges: an import of a known JWT library (PyJWT,
 * python-jose, Authlib, Flask-JWT-Extended, SimpleJWT, ...), or settings that configure one
 * without importing it (`SIMPLE_JWT =` / `JWT_AUTH =` in a Django settings module,
 * `JWT_SECRET_KEY` / `JWT_ACCESS_TOKEN_EXPIRES` / `JWT_ALGORITHM` in a Flask config class or
 * `app.config[...]`, `rest_framework_simplejwt` enabled in `REST_FRAMEWORK`). Linear tests only.
 */
export function pythonMayMatter(text: string): boolean {
  // A JWT written into the source (`hardcoded-token`) matters whatever the file imports.
  return IMPORT.test(text) || SETTINGS.test(text) || mayHoldTokenLiteral(text);
}

const IMPORT = /^[ \t]*(?:import[ \t]+(?:[\w.]+(?:[ \t]+as[ \t]+\w+)?[ \t]*,[ \t]*)*|from[ \t]+)(?:jwt|jose|authlib|flask_jwt_extended|flask_jwt|rest_framework_simplejwt|rest_framework_jwt|fastapi_jwt_auth|async_fastapi_jwt_auth|jwcrypto|josepy|joserfc|fastapi_users|ninja_jwt|graphql_jwt)\b/m;
const SETTINGS = /\b(?:SIMPLE_JWT|JWT_AUTH)[ \t]*=|\bJWT_(?:SECRET_KEY|ACCESS_TOKEN_EXPIRES|ALGORITHM)\b|rest_framework_(?:simple)?jwt\b/;

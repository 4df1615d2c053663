// C# source through tree-sitter (tree-sitter-c-sharp 0.23 on the shared web-tree-sitter runtime,
// src/parse/tree-sitter.ts). One parse per file; the grammar is loaded once per process.
// Syntax errors never throw: the rest of the tree is read and the first error is located.
import { TreeSitterLanguage, type ParsedSource } from '../../parse/tree-sitter.js';
import { mayHoldTokenLiteral } from '../token-strings.js';

const CSHARP = new TreeSitterLanguage('C#', 'tree-sitter-c_sharp.wasm', 'tree-sitter-c-sharp');

/** Starts tree-sitter and loads the C# grammar, once per process; never rejects. */
export function loadCsharpParser(): Promise<void> {
  return CSHARP.load();
}

/** Parses one C# file; the caller deletes the tree. Never throws. */
export function parseCsharp(text: string): ParsedSource {
  return CSHARP.parse(text);
}

/** Known .NET JWT namespaces (as `using` names them), the NuGet package each belongs to, and whether it is read. */
export const CSHARP_JWT_NAMESPACES: readonly { namespace: string; library: string; modelled: boolean }[] = [
  { namespace: 'System.IdentityModel.Tokens.Jwt', library: 'System.IdentityModel.Tokens.Jwt', modelled: true },
  { namespace: 'Microsoft.IdentityModel.Tokens', library: 'System.IdentityModel.Tokens.Jwt', modelled: true },
  { namespace: 'Microsoft.IdentityModel.JsonWebTokens', library: 'Microsoft.IdentityModel.JsonWebTokens', modelled: true },
  { namespace: 'Microsoft.AspNetCore.Authentication.JwtBearer', library: 'Microsoft.AspNetCore.Authentication.JwtBearer', modelled: true },
  { namespace: 'JWT', library: 'JWT', modelled: true },
];

/** Text that may hold a JWT call: a `using` of a known JWT namespace, or a JWT literal (plain substring tests, linear). */
export function csharpMayMatter(text: string): boolean {
  for (const n of CSHARP_JWT_NAMESPACES) {
    const at = text.indexOf(`using ${n.namespace}`);
    if (at < 0) continue;
    // `using JWT;` / `using JWT.Algorithms;`, not `using JWTHelpers;`.
    const next = text.charCodeAt(at + 6 + n.namespace.length);
    if (next === 59 /* ; */ || next === 46 /* . */ || next === 32 || next === 13 || next === 10) return true;
  }
  // `.AddJwtBearer(` with a global using (ImplicitUsings / GlobalUsings.cs).
  if (text.includes('.AddJwtBearer(') || text.includes('TokenValidationParameters')) return true;
  return mayHoldTokenLiteral(text);
}

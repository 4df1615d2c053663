import type { SourceLocation, TokenLiteral } from './model.js';

// A JWT in JWS compact form: three base64url segments, the first two JSON. The signature
// may be empty (an unsigned `alg: none` token is still a token). A header without `alg`
// (pagination cursors and other base64url JSON) is not a JWT.
const JWT_SHAPE = /eyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*/g;

function decodeSegment(segment: string): Record<string, unknown> | null {
  try {
    const json = Buffer.from(segment, 'base64url').toString('utf8');
    const value: unknown = JSON.parse(json);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** JWTs inside one string value; `at(offset)` maps an offset in the value to a location. */
export function findTokens(value: string, at: (offset: number, length: number) => SourceLocation): TokenLiteral[] {
  if (!value.includes('eyJ')) return [];
  const tokens: TokenLiteral[] = [];
  for (const match of value.matchAll(JWT_SHAPE)) {
    const text = match[0];
    const [headerPart, payloadPart, signature] = text.split('.');
    const header = decodeSegment(headerPart!);
    if (!header || typeof header.alg !== 'string') continue;
    tokens.push({
      loc: at(match.index ?? 0, text.length),
      text,
      header,
      payload: decodeSegment(payloadPart!),
      unsigned: signature === '' || String(header.alg).toLowerCase() === 'none',
    });
  }
  return tokens;
}

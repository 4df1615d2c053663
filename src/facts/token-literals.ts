import type { SourceLocation, TokenLiteral } from './model.js';

// A JWT in JWS compact form: three base64url segments, the first two JSON. The signature
// may be empty (an unsigned `alg: none` token is still a token). A header without `alg`
// (pagination cursors and other base64url JSON) is not a JWT.

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
  // One pass over runs of base64url-and-dot characters, then over their dot-separated
  // segments: linear however the text is shaped (a regex anchored at every `eyJ` is not).
  for (const run of value.matchAll(/[A-Za-z0-9_.-]+/g)) {
    const segments = run[0].split('.');
    const offsets: number[] = [];
    let next = run.index ?? 0;
    for (const segment of segments) {
      offsets.push(next);
      next += segment.length + 1;
    }
    for (let i = 0; i + 2 < segments.length; i++) {
      const first = segments[i]!;
      const offset = offsets[i]!;
      const start = first.indexOf('eyJ');
      if (start < 0 || first.length - start < 8 || !segments[i + 1]!.startsWith('eyJ')) continue;
      const headerPart = first.slice(start);
      const text = `${headerPart}.${segments[i + 1]}.${segments[i + 2]}`;
      const header = decodeSegment(headerPart);
      if (!header || typeof header.alg !== 'string') continue;
      tokens.push({
        loc: at(offset + start, text.length),
        text,
        header,
        payload: decodeSegment(segments[i + 1]!),
        unsigned: segments[i + 2] === '' || String(header.alg).toLowerCase() === 'none',
      });
      i += 2; // the payload and signature are not headers of further tokens
    }
  }
  return tokens;
}

// token-logged: which logged values are credentials (src/lang/javascript/sensitive-logs.ts), from code.
import { describe, expect, it } from 'vitest';
import { extractFacts } from '../../src/lang/javascript/extract-facts.js';
import { indexFile, type FileIndex } from '../../src/lang/javascript/file-index.js';
import { createProject } from '../../src/lang/javascript/project.js';
import { isTokenName, isTokenValueName } from '../../src/facts/sensitive-names.js';
import { parseJs } from '../../src/lang/javascript/parse-js.js';

/** `what` of each log call found in a small file, as `line:what`. */
function logs(text: string): string[] {
  const project = createProject(new Map([['a.ts', text]]), (path, source) => indexFile(path, source, parseJs(source, 'ts').ast));
  const facts = extractFacts(project.index('a.ts') as FileIndex, project);
  return facts.logs.map((l) => `${l.loc.line}:${l.what}`);
}

describe('isTokenValueName', () => {
  it.each(['token', 'accessToken', 'id_token', 'REFRESH_TOKEN', 'jwt', 'jwtToken', 'JWTToken', 'token_value', 'jwt_string', 'tokens', 'bearerToken'])('%s names a token', (name) => {
    expect(isTokenValueName(name)).toBe(true);
  });
  it.each(['token_endpoint', 'token_type', 'token_expires_at', 'jwt_expires_in', 'token_url', 'tokenType', 'tokenExpiresAt', 'tokensUsed', 'tokenizer', 'hasToken', 'isJwt', 'numTokens', 'decodedToken', 'jwt_secret', 'csrfToken', 'total_tokens'])(
    '%s does not',
    (name) => {
      expect(isTokenValueName(name)).toBe(false);
    },
  );
  it('is never wider than isTokenName', () => {
    for (const name of ['token_endpoint', 'tokenSet', 'tokenValue', 'access_token']) if (isTokenValueName(name)) expect(isTokenName(name)).toBe(true);
  });
});

describe('findSensitiveLogs', () => {
  it('reports tokens by origin whatever their name', () => {
    const found = logs(
      [
        "import jwt from 'jsonwebtoken';",
        'export function f(req, key) {',
        "  const out = jwt.sign({ sub: 'a' }, key, { algorithm: 'RS256' });",
        '  console.log(out);',
        '  const h = req.headers.authorization;',
        "  console.log(h.split(' ')[1]);",
        '  console.log(h);',
        '  const c = req.cookies.sid;',
        '  jwt.verify(c, key);',
        '  console.log(c);',
        '  console.log(key);',
        '}',
      ].join('\n'),
    );
    expect(found).toEqual(['4:token', '6:token', '7:authorization-header', '10:token', '11:secret']);
  });

  it('does not report metadata, derived values or claims', () => {
    const found = logs(
      [
        "import jwt from 'jsonwebtoken';",
        'export function f(token: string, md: { token_endpoint: string }, count: number) {',
        '  console.log(md.token_endpoint, { token_type: md.token_endpoint });',
        '  console.log(token.length, token ? "yes" : "no", !token);',
        '  console.log(jwt.decode(token));',
        '  console.log(token.slice(0, 6), token.split(".")[0]);',
        '  const claims = jwt.decode(token);',
        '  console.log(claims);',
        '  const refreshToken: number = count;',
        '  console.log(refreshToken);',
        "  const tokenInfo = { tokenType: 'Bearer', expiresIn: 3600 };",
        '  console.log(tokenInfo);',
        '}',
      ].join('\n'),
    );
    expect(found).toEqual([]);
  });

  it('keeps names whose let is assigned later and tokens kept through a fallback', () => {
    const found = logs(
      [
        'let token = null;',
        'export async function f(login) {',
        '  token = await login();',
        '  console.log(token);',
        "  console.log(token ?? 'none', JSON.stringify({ token }));",
        '}',
      ].join('\n'),
    );
    expect(found).toEqual(['4:token', '5:token']);
  });
});

import { emptyFileFacts } from '../../src/facts/empty-facts.js';
import type {
  FileFacts,
  JwtCallSite,
  SecretMaterial,
  SecretUse,
  SourceLocation,
  TokenLiteral,
} from '../../src/rule-api.js';
import type { RuleSettings } from '../../src/rule-api.js';

export const SETTINGS: RuleSettings = { maxExpirySeconds: 86_400, maxClockToleranceSeconds: 300 };

export function loc(line: number, column = 1, file = 'src/example.ts'): SourceLocation {
  return { file, line, column, endLine: line, endColumn: column + 1 };
}

export function fileFacts(partial: Partial<FileFacts> = {}): FileFacts {
  return { ...emptyFileFacts('src/example.ts', 'server', false), ...partial };
}

export function callSite(partial: Partial<JwtCallSite> = {}): JwtCallSite {
  return {
    library: 'jsonwebtoken',
    api: 'jwt.verify',
    operation: 'verify',
    signs: false,
    verifies: true,
    loc: loc(10),
    key: null,
    ...partial,
  };
}

export function material(text: string, partial: Partial<SecretMaterial> = {}): SecretMaterial {
  return { text, byteLength: Buffer.byteLength(text), form: 'string', loc: loc(3), route: 'constant', ...partial };
}

export function secretUse(text: string, partial: Partial<SecretMaterial> = {}, algorithms: string[] = []): SecretUse {
  return { material: material(text, partial), algorithms, hmac: true, usedAt: [loc(12)] };
}

export function token(partial: Partial<TokenLiteral> = {}): TokenLiteral {
  return {
    loc: loc(5),
    text: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln',
    header: { alg: 'HS256' },
    payload: { sub: '1', exp: 1_700_000_000 },
    unsigned: false,
    ...partial,
  };
}

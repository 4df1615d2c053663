import type { Fixer } from '../types.js';
import { fixClaim } from './claims.js';

/** Adds `issuer` with the `iss` the key's signers set (src/fix/fixers/claims.ts). */
export const missingIssuer: Fixer = { ruleId: 'missing-issuer', fix: (input) => fixClaim(input, 'iss') };

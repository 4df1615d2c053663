import type { Fixer } from '../types.js';
import { fixClaim } from './claims.js';

/** Adds `audience` with the `aud` the key's signers set (src/fix/fixers/claims.ts). */
export const missingAudience: Fixer = { ruleId: 'missing-audience', fix: (input) => fixClaim(input, 'aud') };

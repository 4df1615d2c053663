import type { Fixer } from '../types.js';
import { expiryNotEnforced } from './expiry-not-enforced.js';
import { hardcodedSecret } from './hardcoded-secret.js';

/** Every fixer, one per rule id. */
export const fixers: readonly Fixer[] = [
  expiryNotEnforced,
  hardcodedSecret,
];

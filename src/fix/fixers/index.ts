import type { Fixer } from '../types.js';
import { expiryNotEnforced } from './expiry-not-enforced.js';
import { hardcodedSecret } from './hardcoded-secret.js';
import { missingAudience } from './missing-audience.js';
import { missingIssuer } from './missing-issuer.js';
import { noExpiry } from './no-expiry.js';
import { unpinnedAlgorithm } from './unpinned-algorithm.js';

/** Every fixer, one per rule id. */
export const fixers: readonly Fixer[] = [
  expiryNotEnforced,
  hardcodedSecret,
  missingAudience,
  missingIssuer,
  noExpiry,
  unpinnedAlgorithm,
];

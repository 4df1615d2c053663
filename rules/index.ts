import type { RuleDefinition } from '../src/rule-api.js';
import algNone from './alg-none.js';
import decodeWithoutVerify from './decode-without-verify.js';
import expiryNotEnforced from './expiry-not-enforced.js';
import hardcodedSecret from './hardcoded-secret.js';
import hardcodedToken from './hardcoded-token.js';
import insecureKeyOptions from './insecure-key-options.js';
import longExpiry from './long-expiry.js';
import missingAudience from './missing-audience.js';
import missingIssuer from './missing-issuer.js';
import noExpiry from './no-expiry.js';
import sharedSecret from './shared-secret.js';
import symmetricAlgorithm from './symmetric-algorithm.js';
import tokenInWebStorage from './token-in-web-storage.js';
import tokenLogged from './token-logged.js';
import unpinnedAlgorithm from './unpinned-algorithm.js';
import vulnerableLibrary from './vulnerable-library.js';
import weakSecret from './weak-secret.js';

export const rules: RuleDefinition[] = [
  algNone,
  decodeWithoutVerify,
  expiryNotEnforced,
  hardcodedSecret,
  hardcodedToken,
  insecureKeyOptions,
  longExpiry,
  missingAudience,
  missingIssuer,
  noExpiry,
  sharedSecret,
  symmetricAlgorithm,
  tokenInWebStorage,
  tokenLogged,
  unpinnedAlgorithm,
  vulnerableLibrary,
  weakSecret,
];

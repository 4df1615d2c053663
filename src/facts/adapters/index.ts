import type { Adapter } from './adapter.js';
import { expressJwt } from './express-jwt.js';
import { jose } from './jose.js';
import { jsonwebtoken } from './jsonwebtoken.js';
import { passportJwt } from './passport-jwt.js';

/** Every library adapter. Adding a library is an adapter here plus fixtures; rules do not change. */
export const ADAPTERS: Adapter[] = [jsonwebtoken, jose, expressJwt, passportJwt];

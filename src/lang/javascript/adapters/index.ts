import type { Adapter } from './adapter.js';
import { betterAuth } from './better-auth.js';
import { expressJwt } from './express-jwt.js';
import { expressOauth2JwtBearer } from './express-oauth2-jwt-bearer.js';
import { fastJwt } from './fast-jwt.js';
import { fastifyJwt } from './fastify-jwt.js';
import { hapiAuthJwt2 } from './hapi-auth-jwt2.js';
import { hapiJwt } from './hapi-jwt.js';
import { hono } from './hono.js';
import { jose } from './jose.js';
import { joseLegacy } from './jose-legacy.js';
import { jsonwebtoken } from './jsonwebtoken.js';
import { jwtDecodeAdapter } from './jwt-decode.js';
import { jwtSimple } from './jwt-simple.js';
import { jws } from './jws.js';
import { jsrsasign } from './jsrsasign.js';
import { firebaseAdmin } from './firebase-admin.js';
import { googleAuthLibrary } from './google-auth-library.js';
import { koaJwt } from './koa-jwt.js';
import { nestjsJwt } from './nestjs-jwt.js';
import { nextAuth } from './next-auth.js';
import { oidcProvider } from './oidc-provider.js';
import { openidClient } from './openid-client.js';
import { passportJwt } from './passport-jwt.js';

/** Every library adapter. Adding a library is an adapter here plus fixtures; rules do not change. */
export const ADAPTERS: Adapter[] = [jsonwebtoken, jose, joseLegacy, expressJwt, passportJwt, nestjsJwt, fastifyJwt, koaJwt, hono, jwtSimple, jws, jwtDecodeAdapter, nextAuth, betterAuth, expressOauth2JwtBearer, hapiJwt, hapiAuthJwt2, fastJwt, jsrsasign, firebaseAdmin, googleAuthLibrary, oidcProvider, openidClient];

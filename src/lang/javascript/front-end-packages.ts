import { posix } from 'node:path';

// RULES.md (decode-without-verify): a unit whose package.json depends on a front-end
// framework and on no server framework is browser code. Used for files that show no evidence
// of their own (a `utils/claims.ts` of a React app); a file's own evidence always wins.

/** Front-end frameworks: a package depending on one builds a client app. */
const FRONT_END = new Set([
  'react', 'react-dom', 'react-native', 'preact', 'vue', 'svelte', 'solid-js', '@angular/core',
  'expo', '@ionic/react', '@ionic/vue', '@ionic/angular', 'ember-source', 'lit', '@builder.io/qwik',
]);

/**
 * Server frameworks and server-only libraries: with any of these the package (also) runs on
 * a server, whatever else it renders. Full-stack frameworks (Next.js, Nuxt, Remix, SvelteKit,
 * Astro) count as server: their files say which side they run on, or default to server.
 */
const SERVER = new Set([
  'next', 'nuxt', 'nuxt3', '@remix-run/node', '@remix-run/server-runtime', '@remix-run/serve', '@sveltejs/kit', 'astro', '@analogjs/platform',
  '@angular/ssr', '@nguniversal/express-engine', 'gatsby', 'electron',
  'express', 'koa', 'fastify', '@nestjs/core', '@hapi/hapi', 'hapi', 'hono', 'restify', 'polka', 'micro', 'h3', 'nitropack', 'elysia',
  '@apollo/server', 'apollo-server', 'apollo-server-express', 'graphql-yoga', 'meteor-node-stubs',
  'jsonwebtoken', 'passport', 'express-jwt', 'koa-jwt', 'firebase-admin', 'next-auth',
  '@prisma/client', 'mongoose', 'pg', 'mysql', 'mysql2', 'sequelize', 'typeorm', 'knex', 'ioredis', 'redis',
  'aws-lambda', '@aws-lambda-powertools/logger', 'serverless', 'serverless-http', 'wrangler',
]);

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'] as const;

export class FrontEndPackages {
  /** Folder ('' for the root) of each package.json -> whether the package is front-end only. */
  private readonly byDir = new Map<string, boolean>();

  constructor(manifests: ReadonlyMap<string, string>) {
    for (const [path, text] of manifests) {
      const dir = posix.dirname(path) === '.' ? '' : posix.dirname(path);
      this.byDir.set(dir, isFrontEndOnly(text));
    }
  }

  /** True when the nearest package.json above `file` describes a front-end-only package. */
  holds(file: string): boolean {
    if (this.byDir.size === 0) return false;
    let dir = posix.dirname(file);
    for (;;) {
      const key = dir === '.' || dir === '/' ? '' : dir;
      const verdict = this.byDir.get(key);
      if (verdict !== undefined) return verdict;
      if (key === '') return false;
      dir = posix.dirname(dir);
    }
  }
}

function isFrontEndOnly(text: string): boolean {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return false;
  }
  if (typeof json !== 'object' || json === null) return false;
  const names: string[] = [];
  for (const field of DEPENDENCY_FIELDS) {
    const deps = (json as Record<string, unknown>)[field];
    if (typeof deps === 'object' && deps !== null && !Array.isArray(deps)) names.push(...Object.keys(deps));
  }
  if (names.some((name) => SERVER.has(name) || name.startsWith('@nestjs/') || name.startsWith('@remix-run/'))) return false;
  return names.some((name) => FRONT_END.has(name));
}

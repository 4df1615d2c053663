import { appendFileSync } from 'node:fs';

const out = process.env.JWTLINT_PROBE_OUT;
const isTsMorph = (text) => text === 'ts-morph' || text.includes('/node_modules/ts-morph/') || text.includes('@ts-morph/');

export async function resolve(specifier, context, next) {
  if (out && isTsMorph(specifier)) appendFileSync(out, `resolve ${specifier}\n`);
  return next(specifier, context);
}

export async function load(url, context, next) {
  if (out && isTsMorph(url)) appendFileSync(out, `load ${url}\n`);
  return next(url, context);
}

import type * as t from '@babel/types';
import type { ClaimValues } from '../../facts/model.js';
import type { OptionLookup, Options } from './interpret.js';
import type { RValue, ValueResolver } from './resolve-value.js';
import type { FileIndex } from './file-index.js';

// The `aud`/`iss` a signer puts in its tokens, read only as far as they are certain: string
// literals written in the repository (directly, a constant, an import), never a value computed
// at run time or an environment fallback. `jwtlint fix` adds them to verifiers of the same key.

const LITERAL_ROUTES = new Set(['direct', 'constant', 'import']);

/** Claim values from a resolved value: a string literal, or an array of them. */
export function claimValuesOf(value: RValue | undefined, resolver: ValueResolver): ClaimValues {
  if (!value || value.kind === 'nullish') return { kind: 'absent' };
  if (value.kind === 'string') return LITERAL_ROUTES.has(value.route) ? { kind: 'literal', values: [value.value] } : { kind: 'unknown' };
  if (value.kind === 'array') {
    const values: string[] = [];
    for (const el of value.elements) {
      const v = resolver.resolveLazy(el);
      if (v.kind !== 'string' || !LITERAL_ROUTES.has(v.route)) return { kind: 'unknown' };
      values.push(v.value);
    }
    return values.length > 0 ? { kind: 'literal', values } : { kind: 'unknown' };
  }
  return { kind: 'unknown' };
}

function fromLookup(lookup: OptionLookup, resolver: ValueResolver): ClaimValues {
  if (lookup.state === 'absent') return { kind: 'absent' };
  if (lookup.state === 'unknown') return { kind: 'unknown' };
  return claimValuesOf(lookup.value, resolver);
}

/** A claim of a payload object: absent from a string payload or an object without it. */
export function payloadClaim(payload: RValue | null, claim: string, resolver: ValueResolver): ClaimValues {
  if (!payload) return { kind: 'absent' };
  if (payload.kind === 'string') return { kind: 'absent' };
  if (payload.kind !== 'object') return { kind: 'unknown' };
  const r = resolver.member(payload, claim);
  if (r.found === 'no') return { kind: 'absent' };
  if (r.found === 'unknown') return { kind: 'unknown' };
  return claimValuesOf(r.value, resolver);
}

/**
 * jsonwebtoken-style signing: an option (`audience`, `issuer`) or the payload's claim
 * (jsonwebtoken refuses both at once). Unknown when either cannot be read.
 */
export function signClaimsOf(
  payloadNode: t.Node | null | undefined,
  opts: Options,
  resolver: ValueResolver,
  index: FileIndex,
): { aud: ClaimValues; iss: ClaimValues } {
  const payload = payloadNode ? resolver.resolve(payloadNode, index) : null;
  const one = (option: string, claim: string): ClaimValues => {
    const fromOption = fromLookup(opts.get(option), resolver);
    return fromOption.kind === 'absent' ? payloadClaim(payload, claim, resolver) : fromOption;
  };
  return { aud: one('audience', 'aud'), iss: one('issuer', 'iss') };
}

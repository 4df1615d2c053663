import { fileKindOf } from '../discover/file-kind.js';
import type { ClaimValues, JwtCallSite, KeySigner } from './model.js';

// What a rule knows for `jwtlint fix` (issue #20): only what is certain, and otherwise why not.
// Read from the scan's facts and the estate; never holds key material.

/** Fix data a finding carries for the fixer of its rule (`Finding.fix`). */
export type FixData =
  /** unpinned-algorithm: the one algorithm the verifier can use, certain. */
  | {
      kind: 'pin-algorithms';
      library: string;
      api: string;
      algorithms: string[];
      /** Every signing call of the key in the scan signs with it (named, or its library's default). */
      from: 'estate-signer';
      /** The units that sign with the key (`(no unit)` for code outside every unit). */
      signers: string[];
    }
  /**
   * missing-audience / missing-issuer: the literal value(s) the key's signers put in the claim.
   * `certain` when every signing call of the key sets this one value; otherwise `doubt` says
   * what keeps it a suggestion.
   */
  | {
      kind: 'claim';
      library: string;
      api: string;
      claim: 'aud' | 'iss';
      values: string[];
      certain: boolean;
      doubt?: string;
      from: 'estate-signer';
      signers: string[];
    }
  /** no-expiry: a lifetime to propose (it changes behaviour: a suggestion only). */
  | { kind: 'expiry'; library: string; api: string; lifetime: string }
  /** Nothing a fixer can rely on, and why. */
  | { kind: 'none'; reason: string };

const HMAC_ALGORITHM = /^HS(256|384|512)$/;
const NO_UNIT = '(no unit)';

function signerNames(signing: readonly KeySigner[]): string[] {
  return [...new Set(signing.map((s) => s.unit ?? NO_UNIT))].sort();
}

function quoted(names: readonly string[]): string {
  return names.map((n) => `\`${n}\``).join(', ');
}

/** A call reported for a project function that wraps the library call: the fix belongs in the wrapper. */
function wrapped(site: JwtCallSite): FixData | null {
  return site.via && site.via.length > 0 ? { kind: 'none', reason: `\`${site.api}\` is a project function that wraps the library call: the change belongs in the wrapper, not at this call` } : null;
}

/** The signing calls of the site's HMAC key, or why there are none to rely on. */
function keySigners(site: JwtCallSite): KeySigner[] | FixData {
  const kind = site.key?.kind;
  if (kind === 'public-key' || kind === 'jwks' || kind === 'private-key') {
    return { kind: 'none', reason: 'the estate does not link a public key or key set to the code that signs with its private key' };
  }
  const signing = site.keySigners;
  if (!signing) return { kind: 'none', reason: 'the estate links no signer to this key (it is not an HMAC secret read from a variable or written as a literal)' };
  if (signing.length === 0) return { kind: 'none', reason: 'no call in the scan signs with this key: its issuer is elsewhere' };
  if (signing.every((s) => s.test)) return { kind: 'none', reason: 'only test code signs with this key in the scan: what the real issuer uses is not known' };
  const outside = site.keyHoldersOutsideScan ?? [];
  if (outside.length > 0) return { kind: 'none', reason: `${quoted(outside)} obtain${outside.length === 1 ? 's' : ''} this key in its deployment and ${outside.length === 1 ? 'its' : 'their'} code is not in the scan: ${outside.length === 1 ? 'it' : 'they'} may sign too` };
  return signing;
}

/**
 * unpinned-algorithm without an allowlist: the one algorithm every signer of the key uses.
 * `fixedDefault`: the library verifies with this one algorithm when none is given (hono,
 * jwt-simple): the pin is certain only when the signers use it too, or it would change what
 * verifies.
 */
export function pinFixData(site: JwtCallSite, fixedDefault?: string): FixData {
  const wrapper = wrapped(site);
  if (wrapper) return wrapper;
  const signing = keySigners(site);
  if (!Array.isArray(signing)) return signing;
  const unknown = signing.filter((s) => s.algorithm === null);
  if (unknown.length > 0) return { kind: 'none', reason: `the algorithm ${quoted(signerNames(unknown))} signs this key with is not known (computed, or a configure-once signer whose calls may override it)` };
  const algorithms = [...new Set(signing.map((s) => s.algorithm!))].sort();
  if (algorithms.length > 1) return { kind: 'none', reason: `the key's signers sign with ${algorithms.join(' and ')}: no one algorithm is certain` };
  const alg = algorithms[0]!;
  if (!HMAC_ALGORITHM.test(alg)) return { kind: 'none', reason: `the key's signers sign with ${alg}, which is not an HMAC algorithm for this secret` };
  if (fixedDefault !== undefined && alg !== fixedDefault) return { kind: 'none', reason: `${site.library} verifies with ${fixedDefault} when none is given and the key's signers use ${alg}: pinning either changes what verifies` };
  return { kind: 'pin-algorithms', library: site.library, api: site.api, algorithms: [alg], from: 'estate-signer', signers: signerNames(signing) };
}

function describe(values: ClaimValues): string {
  return values.kind === 'literal' ? values.values.map((v) => `'${v}'`).join(', ') : values.kind;
}

/** missing-audience / missing-issuer: the value the key's signers put in the claim. */
export function claimFixData(site: JwtCallSite, claim: 'aud' | 'iss'): FixData {
  const wrapper = wrapped(site);
  if (wrapper) return wrapper;
  const signing = keySigners(site);
  if (!Array.isArray(signing)) return signing;
  const literal = signing.filter((s) => s[claim].kind === 'literal');
  const readings = new Set(literal.map((s) => describe(s[claim])));
  if (literal.length === 0) {
    const absent = signing.every((s) => s[claim].kind === 'absent');
    return { kind: 'none', reason: absent ? `the key's signers (${quoted(signerNames(signing))}) set no \`${claim}\`` : `the \`${claim}\` this key's signers set is not a literal the scan can read` };
  }
  if (readings.size > 1) return { kind: 'none', reason: `the key's signers set different \`${claim}\` values (${[...readings].sort().join('; ')}): which one is this service's is not certain` };
  const values = (literal[0]![claim] as Extract<ClaimValues, { kind: 'literal' }>).values;
  const others = signing.filter((s) => s[claim].kind !== 'literal');
  const doubts: string[] = [];
  if (values.length > 1) doubts.push(`the signers set several values (${describe(literal[0]![claim])})`);
  const absent = others.filter((s) => s[claim].kind === 'absent');
  const unknown = others.filter((s) => s[claim].kind === 'unknown');
  if (absent.length > 0) doubts.push(`${quoted(signerNames(absent))} also sign${absent.length === 1 ? 's' : ''} with this key and set${absent.length === 1 ? 's' : ''} no \`${claim}\`: those tokens would be rejected`);
  if (unknown.length > 0) doubts.push(`the \`${claim}\` ${quoted(signerNames(unknown))} set${unknown.length === 1 ? 's' : ''} cannot be read`);
  return {
    kind: 'claim',
    library: site.library,
    api: site.api,
    claim,
    values: [...values],
    certain: doubts.length === 0,
    ...(doubts.length > 0 ? { doubt: doubts.join('; ') } : {}),
    from: 'estate-signer',
    signers: signerNames(signing),
  };
}

/** no-expiry: the short lifetime to propose. */
export function expiryFixData(site: JwtCallSite): FixData {
  return wrapped(site) ?? { kind: 'expiry', library: site.library, api: site.api, lifetime: '15m' };
}

const CODE_KINDS = new Set(['js', 'ts', 'jsx', 'tsx', 'python', 'go', 'java', 'kotlin', 'csharp']);

/**
 * The estate is only as complete as the code the scan read: when a source file could not be
 * read, parsed or analysed in time, a signer of any key may be in it, so nothing taken from
 * the key's signers is certain. A file parsed with recovered errors (a note) was analysed.
 */
export function withholdFixesOnUnreadCode<T extends { fix?: FixData }>(findings: T[], notifications: readonly { kind: string; level: string; file?: string }[]): T[] {
  const unread = new Set<string>();
  for (const n of notifications) {
    if (!n.file || !CODE_KINDS.has(fileKindOf(n.file))) continue;
    if (n.kind === 'timeout' || n.kind === 'unreadable' || n.kind === 'too-large' || (n.kind === 'unparsable' && n.level !== 'note')) unread.add(n.file);
  }
  if (unread.size === 0) return findings;
  const reason = `the scan could not read or analyse ${unread.size} source file${unread.size === 1 ? '' : 's'} (see the notes): a signer of this key may be there`;
  return findings.map((f) => (f.fix && (f.fix.kind === 'pin-algorithms' || f.fix.kind === 'claim') ? { ...f, fix: { kind: 'none', reason } } : f));
}

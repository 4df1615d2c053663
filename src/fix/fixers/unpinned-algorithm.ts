import type { Fixer, FixerInput, FixerOutcome } from '../types.js';
import { tsMorph } from '../ts-morph.js';
import { addOption, CHANGED_IN_THIS_RUN, callAt, changedInThisRun, literalOf, namesOption, optionsOf, quoteOf, verifyOptionsPlace } from './js-options.js';

/**
 * Adds `algorithms: ['HS256']` to a verifier without an allowlist, with the one algorithm
 * every call in the scan that signs with the same key uses (Finding.fix, src/facts/fix-data.ts):
 * tokens those signers issue verify as before, any other algorithm is refused. Nothing when
 * the signers are unknown, disagree or sign with a computed algorithm; a public key or key set
 * never (its type does not say RS, PS or ES, nor the hash).
 */
export const unpinnedAlgorithm: Fixer = {
  ruleId: 'unpinned-algorithm',
  fix({ finding, file, node }): FixerOutcome {
    const data = finding.fix;
    if (!data) return { kind: 'skipped', reason: 'the scan gave no algorithm for this verifier' };
    if (data.kind === 'none') return { kind: 'skipped', reason: data.reason };
    if (data.kind !== 'pin-algorithms') return { kind: 'skipped', reason: 'the scan gave no algorithm for this verifier' };
    if (data.library === 'hono') return hono({ finding, file, node }, data.algorithms);
    const place = verifyOptionsPlace(data.library, data.api);
    if (!place) return { kind: 'skipped', reason: `adding an allowlist to ${data.library} \`${data.api}\` is not automated: pin ${data.algorithms.join(', ')} by hand` };
    const call = callAt(node);
    if (!call) return { kind: 'skipped', reason: 'no call starts at the reported place' };
    if (changedInThisRun(call, finding)) return { kind: 'skipped', reason: CHANGED_IN_THIS_RUN };
    const target = optionsOf(call, place);
    if (target.kind === 'none') return { kind: 'skipped', reason: target.reason };
    if (target.kind === 'object' && namesOption(target.object, 'algorithms')) return { kind: 'skipped', reason: 'the options object already has an `algorithms` member (a value the scan could not read)' };
    const quote = quoteOf(file);
    const list = data.algorithms.map((a) => literalOf([a], quote));
    if (list.some((l) => l === undefined)) return { kind: 'skipped', reason: 'the algorithm name cannot be written as a plain string' };
    addOption(file, target, 'algorithms', `[${list.join(', ')}]`);
    return { kind: 'fixed', summary: `pinned \`algorithms: [${list.join(', ')}]\`, what ${signerText(data.signers)} sign${data.signers.length === 1 ? 's' : ''} this key with` };
  },
};

function signerText(signers: readonly string[]): string {
  return signers.map((s) => (s === '(no unit)' ? 'the code outside any unit' : `\`${s}\``)).join(', ');
}

/**
 * hono: `verify(token, key)` takes the algorithm as its third argument (a string, or `alg` in
 * an options object), the `jwt({ secret })` middleware as `alg`. One algorithm only: hono
 * verifies with one, HS256 when none is given (pinFixData checks the signers use it).
 */
function hono({ finding, file, node }: FixerInput, algorithms: readonly string[]): FixerOutcome {
  const { Node: N } = tsMorph();
  if (algorithms.length !== 1) return { kind: 'skipped', reason: 'hono verifies with one algorithm' };
  const alg = literalOf(algorithms, quoteOf(file));
  if (alg === undefined) return { kind: 'skipped', reason: 'the algorithm name cannot be written as a plain string' };
  const call = callAt(node);
  if (!call || !N.isCallExpression(call)) return { kind: 'skipped', reason: 'no call starts at the reported place' };
  if (changedInThisRun(call, finding)) return { kind: 'skipped', reason: CHANGED_IN_THIS_RUN };
  const api = finding.fix?.kind === 'pin-algorithms' ? finding.fix.api : '';
  const args = call.getArguments();
  if (api === 'verify' && args.length === 2 && !args.some((a) => N.isSpreadElement(a))) {
    call.addArgument(alg);
    return { kind: 'fixed', summary: `pinned ${alg} as \`verify\`'s third argument, what the key's signers use` };
  }
  const place = api === 'verify' ? { index: 2, mayCreate: false, audience: 'aud', issuer: 'iss' } : api === 'jwt' ? { index: 0, mayCreate: false, audience: 'aud', issuer: 'iss' } : undefined;
  if (!place) return { kind: 'skipped', reason: `adding an algorithm to hono \`${api}\` is not automated` };
  const target = optionsOf(call, place);
  if (target.kind === 'none') return { kind: 'skipped', reason: target.reason };
  if (target.kind === 'object' && namesOption(target.object, 'alg')) return { kind: 'skipped', reason: 'the options object already has an `alg` member (a value the scan could not read)' };
  addOption(file, target, 'alg', alg);
  return { kind: 'fixed', summary: `pinned \`alg: ${alg}\`, what the key's signers use` };
}

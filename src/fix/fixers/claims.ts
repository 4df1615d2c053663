import type { FixData } from '../../engine/types.js';
import type { FixerInput, FixerOutcome } from '../types.js';
import { addOption, CHANGED_IN_THIS_RUN, callAt, changedInThisRun, literalOf, namesOption, optionsOf, quoteOf, verifyOptionsPlace } from './js-options.js';

/**
 * missing-audience and missing-issuer: adds the `aud`/`iss` value the key's signers put in
 * their tokens (Finding.fix): a fix when every signer sets that one literal, a suggestion
 * when some signer sets none or cannot be read (its tokens would be refused), nothing when the
 * signers set none, disagree, or build the value at run time.
 */
export function fixClaim({ finding, file, node }: FixerInput, claim: 'aud' | 'iss'): FixerOutcome {
  const data: FixData | undefined = finding.fix;
  const word = claim === 'aud' ? 'audience' : 'issuer';
  if (!data) return { kind: 'skipped', reason: `the scan gave no ${word} for this verifier` };
  if (data.kind === 'none') return { kind: 'skipped', reason: data.reason };
  if (data.kind !== 'claim' || data.claim !== claim) return { kind: 'skipped', reason: `the scan gave no ${word} for this verifier` };
  const place = verifyOptionsPlace(data.library, data.api);
  if (!place) return { kind: 'skipped', reason: `adding the ${word} to ${data.library} \`${data.api}\` is not automated: check \`${claim}\` by hand` };
  const option = claim === 'aud' ? place.audience : place.issuer;
  const call = callAt(node);
  if (!call) return { kind: 'skipped', reason: 'no call starts at the reported place' };
  if (changedInThisRun(call, finding)) return { kind: 'skipped', reason: CHANGED_IN_THIS_RUN };
  const target = optionsOf(call, place);
  if (target.kind === 'none') return { kind: 'skipped', reason: target.reason };
  if (target.kind === 'object' && namesOption(target.object, option)) return { kind: 'skipped', reason: `the options object already has a \`${option}\` member (a value the scan could not read)` };
  const value = literalOf(data.values, quoteOf(file));
  if (value === undefined) return { kind: 'skipped', reason: `the ${word} holds characters jwtlint does not write into source: add it by hand` };
  const signers = data.signers.map((s) => (s === '(no unit)' ? 'the code outside any unit' : `\`${s}\``)).join(', ');
  const summary = `added \`${option}: ${value}\`, the \`${claim}\` ${signers} put${data.signers.length === 1 ? 's' : ''} in tokens of this key`;
  if (data.certain) {
    addOption(file, target, option, value);
    return { kind: 'fixed', summary };
  }
  return { kind: 'suggested', summary, reason: data.doubt ?? `not every signer of this key is known to set this \`${claim}\``, apply: () => addOption(file, target, option, value) };
}

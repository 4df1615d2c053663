import type { CallExpression, Node, SourceFile } from 'ts-morph';
import { tsMorph } from '../ts-morph.js';
import type { Fixer, FixerOutcome } from '../types.js';
import { addOption, CHANGED_IN_THIS_RUN, callAt, changedInThisRun, namesOption, optionsOf, quoteOf, stringLiteral, type OptionsPlace } from './js-options.js';

const WHY = 'tokens will expire: sessions longer than the lifetime need a refresh token, and the lifetime is yours to choose';

/** Sign calls whose options take `expiresIn` (jsonwebtoken and @nestjs/jwt, which hands them to it). */
function signOptionsPlace(library: string, api: string): (OptionsPlace & { payload: number }) | undefined {
  if (library === 'jsonwebtoken' && api === 'jwt.sign') return { index: 2, mayCreate: true, audience: 'audience', issuer: 'issuer', payload: 0 };
  if (library === '@nestjs/jwt' && (api === 'JwtService.sign' || api === 'JwtService.signAsync')) return { index: 1, mayCreate: false, audience: 'audience', issuer: 'issuer', payload: 0 };
  return undefined;
}

/**
 * A suggestion only (it changes behaviour): `expiresIn: '15m'` in jsonwebtoken's sign options
 * (the payload must be an object literal: jsonwebtoken refuses `expiresIn` with a string
 * payload), or `.setExpirationTime('15m')` before jose's `.sign(`.
 */
export const noExpiry: Fixer = {
  ruleId: 'no-expiry',
  fix({ finding, file, node }): FixerOutcome {
    const data = finding.fix;
    if (data?.kind === 'none') return { kind: 'skipped', reason: data.reason };
    if (data?.kind !== 'expiry') return { kind: 'skipped', reason: 'the scan gave no lifetime for this signer' };
    const lifetime = stringLiteral(data.lifetime, quoteOf(file))!;
    const call = callAt(node);
    if (!call) return { kind: 'skipped', reason: 'no call starts at the reported place' };
    if (changedInThisRun(call, finding)) return { kind: 'skipped', reason: CHANGED_IN_THIS_RUN };
    if (data.library === 'jose' && data.api === 'new SignJWT') return joseChain(file, call, lifetime);
    const place = signOptionsPlace(data.library, data.api);
    if (!place) return { kind: 'skipped', reason: `setting a lifetime for ${data.library} \`${data.api}\` is not automated: add an \`exp\` by hand` };
    const { Node: N } = tsMorph();
    if (!N.isCallExpression(call)) return { kind: 'skipped', reason: 'the reported place is not a call' };
    const payload = call.getArguments()[place.payload];
    if (!payload || !N.isObjectLiteralExpression(payload)) return { kind: 'skipped', reason: 'the payload is not an object literal written at the call (jsonwebtoken refuses `expiresIn` for a string payload, and one built elsewhere may set `exp`)' };
    if (namesOption(payload, 'exp')) return { kind: 'skipped', reason: 'the payload has an `exp` member whose value the scan could not read' };
    if (payload.getProperties().some((p) => N.isSpreadAssignment(p))) return { kind: 'skipped', reason: 'the payload spreads another object, which may set `exp`' };
    const target = optionsOf(call, place);
    if (target.kind === 'none') return { kind: 'skipped', reason: target.reason };
    if (target.kind === 'object' && namesOption(target.object, 'expiresIn')) return { kind: 'skipped', reason: 'the options object already has an `expiresIn` member (a value the scan could not read)' };
    return { kind: 'suggested', summary: `add \`expiresIn: ${lifetime}\``, reason: WHY, apply: () => addOption(file, target, 'expiresIn', lifetime) };
  },
};

/** `new SignJWT(p).setProtectedHeader(h).sign(key)` → `….setExpirationTime('15m').sign(key)`, on its own line when the chain is written one call per line. */
function joseChain(file: SourceFile, start: Node, lifetime: string): FixerOutcome {
  const { Node: N } = tsMorph();
  let sign: CallExpression | undefined;
  for (let current: Node = start; ; ) {
    const access = current.getParent();
    if (!access || !N.isPropertyAccessExpression(access) || access.getExpression() !== current) break;
    const call = access.getParent();
    if (!call || !N.isCallExpression(call) || call.getExpression() !== access) break;
    const name = access.getName();
    if (name === 'setExpirationTime') return { kind: 'skipped', reason: 'the chain already calls `setExpirationTime` with a value the scan could not read' };
    if (name === 'sign') {
      sign = call;
      break;
    }
    current = call;
  }
  if (!sign) return { kind: 'skipped', reason: 'the builder is not completed with `.sign(` in one chain: add `.setExpirationTime(…)` where it is' };
  const access = sign.getExpression();
  if (!N.isPropertyAccessExpression(access)) return { kind: 'skipped', reason: 'the chain is not written with `.sign(`' };
  const receiver = access.getExpression();
  const text = file.getFullText();
  const dot = text.indexOf('.', receiver.getEnd());
  const lineStart = text.lastIndexOf('\n', dot - 1) + 1;
  const indent = text.slice(lineStart, dot);
  const ownLine = dot > receiver.getEnd() && indent.trim() === '' && lineStart > receiver.getEnd();
  const call = `.setExpirationTime(${lifetime})`;
  return {
    kind: 'suggested',
    summary: `add \`${call}\``,
    reason: WHY,
    apply: () => (ownLine ? file.insertText(lineStart, `${indent}${call}${text.includes('\r\n') ? '\r\n' : '\n'}`) : file.insertText(receiver.getEnd(), call)),
  };
}

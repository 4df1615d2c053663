import type { KeyReach } from './model.js';

// How far one HMAC key reaches, in the terms a finding's severity is argued with. The estate
// supplies who holds the key (`KeyReach`); this names the situation, for rules to rate.

export type BlastRadius =
  /** Only this unit holds the key, and it both signs and verifies: its tokens stay its own. */
  | { kind: 'contained'; unit: string }
  /** Other units hold the key too: any of them can mint tokens the others accept. */
  | { kind: 'shared'; unit: string; others: string[]; signers: string[]; verifiers: string[] }
  /** Only this unit holds the key in the scan, and it only verifies: the issuer is elsewhere and holds it too. */
  | { kind: 'issuer-elsewhere'; unit: string }
  /** Only this unit holds the key in the scan, and it only signs: no verifier of it was seen. */
  | { kind: 'verifier-unseen'; unit: string };

export function blastRadius(reach: KeyReach | undefined): BlastRadius | null {
  if (!reach) return null;
  const others = reach.holders.filter((name) => name !== reach.unit);
  if (others.length > 0) return { kind: 'shared', unit: reach.unit, others, signers: reach.signers, verifiers: reach.verifiers };
  const signs = reach.signers.includes(reach.unit);
  const verifies = reach.verifiers.includes(reach.unit);
  if (signs && verifies) return { kind: 'contained', unit: reach.unit };
  if (verifies) return { kind: 'issuer-elsewhere', unit: reach.unit };
  return { kind: 'verifier-unseen', unit: reach.unit };
}

/** `` `a` ``, `` `a` and `b` ``, `` `a`, `b` and `c` ``; long lists end with "and N more". */
export function unitList(names: readonly string[], max = 4): string {
  const quoted = names.map((n) => `\`${n}\``);
  if (quoted.length > max) return `${quoted.slice(0, max - 1).join(', ')} and ${quoted.length - (max - 1)} more`;
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`;
}

/** One clause for a finding's severity reason: who holds the key. */
export function blastRadiusClause(radius: BlastRadius): string {
  switch (radius.kind) {
    case 'contained':
      return `only \`${radius.unit}\` holds this key, and it signs and verifies its own tokens`;
    case 'issuer-elsewhere':
      return `\`${radius.unit}\` only verifies with this key, so whoever issues its tokens (not in this scan) holds it too`;
    case 'verifier-unseen':
      return `only \`${radius.unit}\` holds this key in this scan, and no verifier of it was found`;
    case 'shared': {
      const all = [radius.unit, ...radius.others];
      return `${all.length} units hold this key (${unitList(all)}): any of them can mint tokens the others accept`;
    }
  }
}

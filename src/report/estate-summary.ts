import type { EstateFacts, KeyGroup, Unit } from '../facts/model.js';
import { terminalSafe } from './terminal-safe.js';

// The estate in words: which units sign, which only verify, and which keys they share.
// Built from RunResult.estate only; key values never reach it (keys are named by their
// variables and a run-local id).

function roleOf(unit: Unit): string {
  if (unit.signs && unit.verifies) return 'signs and verifies';
  if (unit.signs) return 'signs';
  if (unit.verifies) return 'verifies';
  return 'no JWT calls seen';
}

function unitLabel(unit: Unit): string {
  const where = unit.kind === 'package' ? `package ${unit.path}` : unit.kind === 'compose-service' ? `compose service in ${unit.path}` : unit.kind === 'k8s-workload' ? `workload in ${unit.path}` : unit.kind === 'terraform-resource' ? `Terraform resource in ${unit.path}` : unit.kind === 'manifest-service' ? `service declared in ${unit.path}` : unit.path;
  return `${unit.name} (${where})`;
}

function keyLine(key: KeyGroup, names: (ids: string[]) => string): string {
  const label = key.names.length > 0 ? key.names.join(', ') : 'a literal key';
  const parts: string[] = [];
  if (key.sharedAcrossUnits) {
    const verifyOnly = key.verifiers.filter((id) => !key.signers.includes(id));
    parts.push(`shared by ${names(key.unitIds)}`);
    if (key.signers.length > 0) parts.push(`signers: ${names(key.signers)}`);
    if (verifyOnly.length > 0) parts.push(`verify only: ${names(verifyOnly)}`);
  } else if (key.unitIds.length === 1) {
    parts.push(`held by ${names(key.unitIds)}`);
  }
  if (key.sharedAcrossEnvironments) parts.push(`same value in ${key.environments.join(', ')}`);
  return `${key.id} ${label}${parts.length > 0 ? ` — ${parts.join('; ')}` : ''}`;
}

/**
 * Plain-text estate summary lines (empty when the scan found no unit doing JWT work). Names,
 * paths and environments come from the scanned repository: each line is terminal-safe.
 */
export function estateSummaryLines(estate: EstateFacts): string[] {
  const active = estate.units.filter((u) => u.signs || u.verifies || estate.keys.some((k) => k.unitIds.includes(u.id)));
  if (active.length === 0) return [];
  const byId = new Map(estate.units.map((u) => [u.id, u]));
  const names = (ids: string[]) => ids.map((id) => byId.get(id)?.name ?? id).join(', ');
  const lines = [`Estate: ${active.length} unit${active.length === 1 ? '' : 's'} with JWT keys or calls`];
  for (const unit of active) lines.push(`  ${unitLabel(unit)}: ${roleOf(unit)}`);
  const keys = estate.keys.filter((k) => k.unitIds.length > 0 || k.sharedAcrossEnvironments);
  if (keys.length > 0) {
    lines.push('Keys:');
    for (const key of keys) lines.push(`  ${keyLine(key, names)}`);
  }
  return lines.map((line) => terminalSafe(line));
}

/** The estate as report data: units and keys with their places (root-relative, 1-based). */
export function estateJson(estate: EstateFacts) {
  return {
    units: estate.units.map(({ id, name, kind, path, signs, verifies, signsWithPrivateKey, verifiesWithPublicKey }) => ({
      id,
      name,
      kind,
      path,
      signs,
      verifies,
      signsWithPrivateKey: signsWithPrivateKey === true,
      verifiesWithPublicKey: verifiesWithPublicKey === true,
    })),
    /** Public keys and key sets the units verify against, by where they come from (no key material). */
    keySets: (estate.keySets ?? []).map(({ origin, unitIds }) => ({ origin, units: [...unitIds] })),
    keys: estate.keys.map((k) => ({
      id: k.id,
      names: k.names,
      units: k.unitIds,
      environments: k.environments,
      sharedAcrossUnits: k.sharedAcrossUnits,
      sharedAcrossEnvironments: k.sharedAcrossEnvironments,
      signers: k.signers,
      verifiers: k.verifiers,
      places: k.places.map((p) => ({ file: p.loc.file, line: p.loc.line, column: p.loc.column, how: p.how, unit: p.unitId, ...(p.environment ? { environment: p.environment } : {}) })),
    })),
  };
}

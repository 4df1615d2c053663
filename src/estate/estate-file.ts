import { createHmac } from 'node:crypto';
import path from 'node:path';
import type { EstateFacts } from '../facts/model.js';
import type { RepositoryArea } from '../own-files/area.js';
import { readOwnFile } from '../own-files/read.js';

// The estate file of `jwtlint scan --estate-out` (schema/estate.schema.json): one
// repository's units and keys, to be merged with other repositories' (`jwtlint estate merge`).
// Key values appear only as HMAC-SHA256 under the organisation's estate key
// (JWTLINT_ESTATE_KEY): comparable across runs and machines, useless without that key. No
// value, plain hash, prefix or key material is ever written, and without the estate key no
// fingerprint at all.

export const ESTATE_FILE_VERSION = 1;
export const ESTATE_KEY_VARIABLE = 'JWTLINT_ESTATE_KEY';
/** A shorter estate key would let someone holding estate files guess it, then the weak secrets behind them. */
export const MIN_ESTATE_KEY_LENGTH = 32;
/** An estate file larger than this is refused by the merge (a repository of 10,000 keys stays far below). */
export const MAX_ESTATE_FILE_BYTES = 16 * 1024 * 1024;

export type EstateKey = { ok: true; key: Buffer; keyId: string } | { ok: false; problem: string } | { ok: false; absent: true };

/** The estate key from the environment: absent, refused (too short) or usable. */
export function estateKeyFrom(env: NodeJS.ProcessEnv): EstateKey {
  const text = env[ESTATE_KEY_VARIABLE];
  if (text === undefined || text === '') return { ok: false, absent: true };
  if (text.length < MIN_ESTATE_KEY_LENGTH) {
    return { ok: false, problem: `${ESTATE_KEY_VARIABLE} must be at least ${MIN_ESTATE_KEY_LENGTH} characters (e.g. \`openssl rand -hex 32\`), the same for every repository of the estate` };
  }
  const key = Buffer.from(text, 'utf8');
  return { ok: true, key, keyId: estateKeyId(key) };
}

/** Names the estate key without revealing it: two files with one key id were fingerprinted under one key. */
export function estateKeyId(key: Buffer): string {
  return createHmac('sha256', key).update('jwtlint-estate-key-id').digest('hex').slice(0, 16);
}

export interface EstateFileUnit {
  id: string;
  name: string;
  kind: string;
  path: string;
  signs: boolean;
  verifies: boolean;
  /** Present (true) when the unit signs with a private key: the issuer pattern jwtlint recommends. */
  signsWithPrivateKey?: true;
  /** Present (true) when the unit verifies with a public key or key set (JWKS). */
  verifiesWithPublicKey?: true;
}

export interface EstateFilePlace {
  file: string;
  line: number;
  unit: string | null;
  how: 'code' | 'inject' | 'define';
  environment?: string;
  fingerprints?: string[];
}

export interface EstateFileKey {
  id: string;
  /** `value`: a value of the key is written in the repository; `variable-name`: only the names that carry it are known. */
  known: 'value' | 'variable-name';
  names: string[];
  environments: string[];
  fingerprints?: string[];
  units: { unit: string; signs: boolean; verifies: boolean }[];
  places: EstateFilePlace[];
}

export interface EstateFile {
  jwtlintEstate: 1;
  tool: { name: 'jwtlint'; version: string };
  /** `path`: the scanned folder inside the repository, when it is not the top level; file paths are relative to it. */
  repository: { name: string; path?: string; commit?: string };
  fingerprints: { algorithm: 'HMAC-SHA256'; keyId: string } | { algorithm: 'none'; reason: string };
  units: EstateFileUnit[];
  keys: EstateFileKey[];
}

export interface EstateFileInput {
  estate: EstateFacts;
  repository: { name: string; path?: string; commit?: string };
  version: string;
  /** The estate key's id, when JWTLINT_ESTATE_KEY was given (the estate then carries fingerprints). */
  keyId?: string;
}

/** The estate file document. Paths are the scan's root-relative ones; nothing absolute. */
export function estateFile({ estate, repository, version, keyId }: EstateFileInput): EstateFile {
  const units = estate.units.map(({ id, name, kind, path: unitPath, signs, verifies, signsWithPrivateKey, verifiesWithPublicKey }): EstateFileUnit => ({
    id,
    name,
    kind,
    path: unitPath,
    signs,
    verifies,
    ...(signsWithPrivateKey && { signsWithPrivateKey: true }),
    ...(verifiesWithPublicKey && { verifiesWithPublicKey: true }),
  }));
  return {
    jwtlintEstate: ESTATE_FILE_VERSION,
    tool: { name: 'jwtlint', version },
    repository: { name: repository.name, ...(repository.path ? { path: repository.path } : {}), ...(repository.commit ? { commit: repository.commit } : {}) },
    fingerprints: keyId
      ? { algorithm: 'HMAC-SHA256', keyId }
      : { algorithm: 'none', reason: `${ESTATE_KEY_VARIABLE} was not set: key values were not fingerprinted, and this estate shares only names and roles` },
    units,
    keys: estate.keys.map((key) => {
      const holders = [...new Set([...key.unitIds, ...key.signers, ...key.verifiers])].sort();
      return {
        id: key.id,
        known: key.holdsValue ? 'value' : 'variable-name',
        names: key.names,
        environments: key.environments,
        ...(keyId && key.fingerprints ? { fingerprints: key.fingerprints } : {}),
        units: holders.map((unit) => ({ unit, signs: key.signers.includes(unit), verifies: key.verifiers.includes(unit) })),
        places: key.places.map((p) => ({
          file: p.loc.file,
          line: p.loc.line,
          unit: p.unitId,
          how: p.how,
          ...(p.environment ? { environment: p.environment } : {}),
          ...(keyId && p.fingerprints ? { fingerprints: p.fingerprints } : {}),
        })),
      };
    }),
  };
}

/**
 * The commit checked out at `top` (a repository's top level), read from `.git/HEAD` and the
 * ref it names as files, without running git (no hook, filter or configured program can
 * run). Inside the scanned repository no link is followed. Undefined when `.git` is not a
 * plain folder (a worktree or submodule) or the answer is not a commit id.
 */
export function headCommit(top: string, area: RepositoryArea): string | undefined {
  const read = (name: string, max: number) => {
    const got = readOwnFile(path.join(top, '.git', name), area, max);
    return got.ok ? got.text : undefined;
  };
  const head = read('HEAD', 4096)?.trim();
  if (head === undefined) return undefined;
  if (isCommitId(head)) return head;
  if (!head.startsWith('ref: ')) return undefined;
  const ref = head.slice('ref: '.length);
  // A ref is a path below .git/refs/: never `..`, never absolute.
  if (!ref.startsWith('refs/') || ref.split('/').some((part) => part === '' || part === '.' || part === '..')) return undefined;
  const loose = read(ref, 4096)?.trim();
  if (loose !== undefined) return isCommitId(loose) ? loose : undefined;
  for (const line of (read('packed-refs', 8 * 1024 * 1024) ?? '').split('\n')) {
    const space = line.indexOf(' ');
    if (space > 0 && line.slice(space + 1).trim() === ref) {
      const id = line.slice(0, space);
      return isCommitId(id) ? id : undefined;
    }
  }
  return undefined;
}

function isCommitId(text: string): boolean {
  return (text.length === 40 || text.length === 64) && /^[0-9a-f]+$/.test(text);
}

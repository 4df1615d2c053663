import { ESTATE_FILE_VERSION, type EstateFile, type EstateFileUnit } from './estate-file.js';

// Reading an estate file for `jwtlint estate merge`. Estate files come from any
// repository's CI, so each is checked against schema/estate.schema.json (the same rules,
// written out here so that the bundle needs no schema compiler; test/estate/ checks that both
// agree) before anything reads it, plus what a schema cannot say: unit ids that keys name
// exist, and paths stay inside their repository (no absolute path, no `..`).

export type EstateParse = { ok: true; estate: EstateFile } | { ok: false; problem: string };

const FINGERPRINT = /^[0-9a-f]{64}$/;
const KEY_ID = /^[0-9a-f]{16}$/;
const COMMIT = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;
const MAX_TEXT = 1024;
const MAX_PATH = 4096;

class Invalid extends Error {}

function fail(where: string, what: string): never {
  throw new Invalid(`${where} ${what}`);
}

function object(value: unknown, where: string, required: readonly string[], optional: readonly string[] = []): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(where, 'must be an object');
  const record = value as Record<string, unknown>;
  for (const name of Object.keys(record)) if (!required.includes(name) && !optional.includes(name)) fail(where, `has an unknown field "${name.slice(0, 40)}"`);
  for (const name of required) if (!Object.hasOwn(record, name)) fail(where, `lacks "${name}"`);
  return record;
}

function array(value: unknown, where: string, max: number): unknown[] {
  if (!Array.isArray(value)) fail(where, 'must be an array');
  if (value.length > max) fail(where, `holds more than ${max} items`);
  return value;
}

function text(value: unknown, where: string, max = MAX_TEXT): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > max) fail(where, `must be a string of 1 to ${max} characters`);
  return value;
}

function bool(value: unknown, where: string): boolean {
  if (typeof value !== 'boolean') fail(where, 'must be true or false');
  return value;
}

function matching(value: unknown, pattern: RegExp, where: string, what: string): string {
  if (typeof value !== 'string' || !pattern.test(value)) fail(where, `must be ${what}`);
  return value;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], where: string): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) fail(where, `must be one of ${allowed.join(', ')}`);
  return value as T;
}

function fingerprints(value: unknown, where: string): string[] {
  return array(value, where, 1000).map((f, i) => matching(f, FINGERPRINT, `${where}[${i}]`, '64 lowercase hex digits'));
}

/** A repository-relative path: not absolute, no `..`, no backslash. */
function relativePath(value: unknown, where: string): string {
  const file = text(value, where, MAX_PATH);
  if (file.startsWith('/') || file.includes('\\') || file.split('/').some((part) => part === '..')) fail(where, 'must be a path relative to its repository');
  return file;
}

/** Parses and validates one estate file's text; every problem is a sentence, never an exception. */
export function parseEstateFile(content: string): EstateParse {
  let data: unknown;
  try {
    data = JSON.parse(content);
  } catch {
    return { ok: false, problem: 'is not JSON' };
  }
  try {
    return { ok: true, estate: validate(data) };
  } catch (error) {
    if (error instanceof Invalid) return { ok: false, problem: `is not a jwtlint estate file: ${error.message}` };
    // A document nested deeply enough to exhaust the stack is refused like any other.
    if (error instanceof RangeError) return { ok: false, problem: 'is not a jwtlint estate file: nested too deeply' };
    throw error;
  }
}

function validate(data: unknown): EstateFile {
  const top = object(data, 'the document', ['jwtlintEstate', 'tool', 'repository', 'fingerprints', 'units', 'keys']);
  if (top.jwtlintEstate !== ESTATE_FILE_VERSION) fail('"jwtlintEstate"', `must be ${ESTATE_FILE_VERSION} (this jwtlint reads estate files of version ${ESTATE_FILE_VERSION})`);
  const tool = object(top.tool, '"tool"', ['name', 'version']);
  if (tool.name !== 'jwtlint') fail('"tool.name"', 'must be "jwtlint"');
  const version = text(tool.version, '"tool.version"');
  const repo = object(top.repository, '"repository"', ['name'], ['path', 'commit']);
  const repository = { name: text(repo.name, '"repository.name"'), ...(repo.path !== undefined ? { path: relativePath(repo.path, '"repository.path"') } : {}), ...(repo.commit !== undefined ? { commit: matching(repo.commit, COMMIT, '"repository.commit"', 'a commit id') } : {}) };
  const printsField = object(top.fingerprints, '"fingerprints"', ['algorithm'], ['keyId', 'reason']);
  let prints: EstateFile['fingerprints'];
  if (printsField.algorithm === 'HMAC-SHA256') {
    object(printsField, '"fingerprints"', ['algorithm', 'keyId']);
    prints = { algorithm: 'HMAC-SHA256', keyId: matching(printsField.keyId, KEY_ID, '"fingerprints.keyId"', '16 lowercase hex digits') };
  } else if (printsField.algorithm === 'none') {
    object(printsField, '"fingerprints"', ['algorithm', 'reason']);
    prints = { algorithm: 'none', reason: text(printsField.reason, '"fingerprints.reason"') };
  } else {
    fail('"fingerprints.algorithm"', 'must be HMAC-SHA256 or none');
  }
  const unitIds = new Set<string>();
  const units = array(top.units, '"units"', 100_000).map((value, i) => {
    const where = `units[${i}]`;
    const u = object(value, where, ['id', 'name', 'kind', 'path', 'signs', 'verifies'], ['signsWithPrivateKey', 'verifiesWithPublicKey']);
    const unit: EstateFileUnit = { id: text(u.id, `${where}.id`), name: text(u.name, `${where}.name`), kind: text(u.kind, `${where}.kind`), path: typeof u.path === 'string' && u.path === '' ? '' : relativePath(u.path, `${where}.path`), signs: bool(u.signs, `${where}.signs`), verifies: bool(u.verifies, `${where}.verifies`) };
    for (const flag of ['signsWithPrivateKey', 'verifiesWithPublicKey'] as const) {
      if (!Object.hasOwn(u, flag)) continue;
      if (u[flag] !== true) fail(`${where}.${flag}`, 'must be true when present');
      unit[flag] = true;
    }
    if (unitIds.has(unit.id)) fail(where, 'repeats a unit id');
    unitIds.add(unit.id);
    return unit;
  });
  const unitRef = (value: unknown, where: string) => {
    const id = text(value, where);
    if (!unitIds.has(id)) fail(where, 'names no unit of the file');
    return id;
  };
  const keys = array(top.keys, '"keys"', 100_000).map((value, i) => {
    const where = `keys[${i}]`;
    const k = object(value, where, ['id', 'known', 'names', 'environments', 'units', 'places'], ['fingerprints']);
    return {
      id: text(k.id, `${where}.id`),
      known: oneOf(k.known, ['value', 'variable-name'] as const, `${where}.known`),
      names: array(k.names, `${where}.names`, 1000).map((n, j) => text(n, `${where}.names[${j}]`)),
      environments: array(k.environments, `${where}.environments`, 100).map((n, j) => text(n, `${where}.environments[${j}]`)),
      ...(k.fingerprints !== undefined ? { fingerprints: fingerprints(k.fingerprints, `${where}.fingerprints`) } : {}),
      units: array(k.units, `${where}.units`, 10_000).map((h, j) => {
        const at = `${where}.units[${j}]`;
        const holder = object(h, at, ['unit', 'signs', 'verifies']);
        return { unit: unitRef(holder.unit, `${at}.unit`), signs: bool(holder.signs, `${at}.signs`), verifies: bool(holder.verifies, `${at}.verifies`) };
      }),
      places: array(k.places, `${where}.places`, 10_000).map((p, j) => {
        const at = `${where}.places[${j}]`;
        const place = object(p, at, ['file', 'line', 'unit', 'how'], ['environment', 'fingerprints']);
        if (!Number.isSafeInteger(place.line) || (place.line as number) < 1 || (place.line as number) > 100_000_000) fail(`${at}.line`, 'must be a line number');
        return {
          file: relativePath(place.file, `${at}.file`),
          line: place.line as number,
          unit: place.unit === null ? null : unitRef(place.unit, `${at}.unit`),
          how: oneOf(place.how, ['code', 'inject', 'define'] as const, `${at}.how`),
          ...(place.environment !== undefined ? { environment: text(place.environment, `${at}.environment`) } : {}),
          ...(place.fingerprints !== undefined ? { fingerprints: fingerprints(place.fingerprints, `${at}.fingerprints`) } : {}),
        };
      }),
    };
  });
  return { jwtlintEstate: ESTATE_FILE_VERSION, tool: { name: 'jwtlint', version }, repository, fingerprints: prints, units, keys };
}

const BYTES_PER_UNIT: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1024,
  kb: 1024,
  kib: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1024 ** 3,
  gib: 1024 ** 3,
};

const SIZE = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/;

/**
 * Parses `2MB`, `512kB`, `1.5m`, `10MiB` or a bare number of bytes into whole bytes (units
 * are powers of 1024, any case). Returns undefined for anything else, zero included.
 */
export function parseSize(value: string): number | undefined {
  const match = SIZE.exec(value.trim().toLowerCase());
  if (!match) return undefined;
  const factor = BYTES_PER_UNIT[match[2]!];
  if (factor === undefined) return undefined;
  const bytes = Math.floor(Number(match[1]) * factor);
  return bytes > 0 && Number.isSafeInteger(bytes) ? bytes : undefined;
}

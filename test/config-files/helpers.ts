import type { ConfigEntry, ParsedConfig } from '../../src/config-files/index.js';

/** The entry at a dotted key path (sequence positions as numbers). */
export function entry(parsed: ParsedConfig, dotted: string, document?: number): ConfigEntry {
  const found = parsed.entries.filter((e) => e.path.join('.') === dotted && (document === undefined || e.document === document));
  if (found.length !== 1) throw new Error(`expected one entry at ${dotted}, found ${found.length}: ${parsed.entries.map((e) => e.path.join('.')).join(', ')}`);
  return found[0]!;
}

/** `line:column` of where a key and its value start. */
export function at(e: ConfigEntry): { key: string; value: string } {
  return { key: `${e.keyLoc.line}:${e.keyLoc.column}`, value: `${e.valueLoc.line}:${e.valueLoc.column}` };
}

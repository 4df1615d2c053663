import type { MaskedEvidence } from './types.js';

// Secrets and tokens never leave the engine in full: a short prefix, then asterisks.
export function maskedPreview(text: string): string {
  const firstLine = text.split(/\r?\n/)[0] ?? '';
  const source = firstLine.startsWith('-----BEGIN') ? firstLine : text;
  if (source.startsWith('-----BEGIN')) return `${source.slice(0, 16)}***`;
  const shown = text.length >= 24 ? 4 : text.length >= 10 ? 2 : text.length >= 4 ? 1 : 0;
  return `${text.slice(0, shown)}${'*'.repeat(Math.min(8, Math.max(3, text.length - shown)))}`;
}

export function maskEvidence(kind: MaskedEvidence['kind'], text: string): MaskedEvidence {
  return { kind, preview: maskedPreview(text), length: text.length };
}

/** Replaces every occurrence of each secret (or of its first line, for PEM blocks) in a line. */
export function redactLine(line: string, secrets: string[]): string {
  let out = line;
  for (const secret of secrets) {
    if (secret.length < 3) continue;
    const pieces = secret.split(/\r?\n/).filter((p) => p.length >= 3 && !p.startsWith('-----'));
    for (const piece of pieces.length > 0 ? pieces : [secret]) {
      if (out.includes(piece)) out = out.split(piece).join(maskedPreview(piece));
    }
  }
  return out;
}

import path from 'node:path';
import { estateKeyFrom, ESTATE_KEY_VARIABLE, MAX_ESTATE_FILE_BYTES } from '../estate/estate-file.js';
import { parseEstateFile } from '../estate/estate-read.js';
import { mergeEstates, type MergeSource } from '../estate/merge.js';
import { toolInfo } from '../engine/tool-info.js';
import { RepositoryArea } from '../own-files/area.js';
import { readOwnFile } from '../own-files/read.js';
import { writeOwnOutput } from '../own-files/write.js';
import { formatMergeHtml } from '../report/estate-merge-html.js';
import { formatMergeJson, formatMergeSarif, formatMergeText } from '../report/estate-merge.js';
import { terminalSafe } from '../report/terminal-safe.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, type CliIo, type ExitCode } from './io.js';

export const MERGE_FORMATS = ['text', 'json', 'sarif', 'html'] as const;

export interface MergeFlags {
  format: string;
  output?: string;
}

/**
 * `jwtlint estate merge FILE...`: every file is read (bounded, regular files only) and
 * validated first; a problem with any of them, a missing JWTLINT_ESTATE_KEY or files made
 * under another estate key is a usage error (exit 2) and nothing is compared.
 */
export function mergeCommand(files: string[], flags: MergeFlags, io: CliIo): ExitCode {
  const problems: string[] = [];
  const format = flags.format as (typeof MERGE_FORMATS)[number];
  if (!MERGE_FORMATS.includes(format)) problems.push(`--format must be one of ${MERGE_FORMATS.join(', ')} (got "${flags.format}").`);
  const key = estateKeyFrom(io.env);
  if (!key.ok) {
    problems.push('absent' in key
      ? `${ESTATE_KEY_VARIABLE} is not set: estate files are compared by fingerprints made under that key, so nothing was compared. Set it to the key the estate files were written with.`
      : `${key.problem}.`);
  }
  // No repository is scanned here: every path is the user's own.
  const area = new RepositoryArea([]);
  const sources: MergeSource[] = [];
  for (const file of files) {
    const read = readOwnFile(path.resolve(io.cwd, file), area, MAX_ESTATE_FILE_BYTES);
    if (!read.ok) {
      problems.push(`${file}: ${read.problem}.`);
      continue;
    }
    const parsed = parseEstateFile(read.text);
    if (!parsed.ok) problems.push(`${file} ${parsed.problem}.`);
    else sources.push({ source: file, estate: parsed.estate });
  }
  if (key.ok) {
    for (const { source, estate } of sources) {
      if (estate.fingerprints.algorithm === 'none') {
        problems.push(`${source} has no fingerprints (it was written without ${ESTATE_KEY_VARIABLE}); scan that repository again with the estate key.`);
      } else if (estate.fingerprints.keyId !== key.keyId) {
        problems.push(`${source} was fingerprinted under another estate key (key id ${estate.fingerprints.keyId}, not ${key.keyId}); fingerprints made under different keys cannot be compared.`);
      }
    }
  }
  if (problems.length > 0) {
    for (const problem of problems) io.stderr.write(`jwtlint: error: ${terminalSafe(problem)}\n`);
    io.stderr.write('Nothing was compared. Run "jwtlint estate merge --help" for usage.\n');
    return EXIT_USAGE;
  }
  if (!key.ok) return EXIT_USAGE; // unreachable: a missing key is a problem above

  const result = mergeEstates(sources, key.keyId);
  const tool = toolInfo();
  const report = format === 'json' ? formatMergeJson(result, tool) : format === 'sarif' ? formatMergeSarif(result, tool) : format === 'html' ? formatMergeHtml(result, tool) : formatMergeText(result);
  if (flags.output !== undefined) {
    const written = writeOwnOutput(path.resolve(io.cwd, flags.output), report, format, area);
    if (!written.ok) {
      io.stderr.write(`jwtlint: error: ${terminalSafe(written.refused ? `--output ${flags.output}: ${written.problem}.` : `cannot write ${flags.output}: ${written.problem}.`)}\n`);
      return EXIT_USAGE;
    }
  } else {
    io.stdout.write(report);
  }
  return result.findings.length > 0 ? EXIT_FINDINGS : EXIT_OK;
}

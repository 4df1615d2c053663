import { Command, CommanderError, Option } from 'commander';
import { rules as registry } from '../../rules/index.js';
import { FAIL_ON_VALUES } from '../config/load-config.js';
import { toolInfo } from '../engine/tool-info.js';
import { terminalSafe } from '../report/terminal-safe.js';
import { useColor } from './color.js';
import { EXIT_OK, EXIT_USAGE, type CliIo, type ExitCode } from './io.js';
import { explainRule, formatRulesJson, formatRulesTable, RULES_FORMATS } from './rules-command.js';
import { MERGE_FORMATS, mergeCommand, type MergeFlags } from './estate-command.js';
import { DEFAULT_FAIL_ON, DEFAULT_MAX_EXPIRY, FORMATS, scanCommand, type ScanFlags } from './scan-command.js';
import { FIX_FORMATS, fixCommand, type FixFlags } from './fix-command.js';

/** Parses `argv` (as in `process.argv`), runs the command and returns the exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<ExitCode> {
  let exitCode: ExitCode = EXIT_OK;
  const program = new Command('jwtlint')
    .description('Find shared-secret JWT anti-patterns in JavaScript and TypeScript repositories.')
    .version(toolInfo().version, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: (text, write) => write(`jwtlint: ${text}`),
    })
    .exitOverride()
    .showSuggestionAfterError(true)
    .showHelpAfterError('Run "jwtlint help" for usage.');

  program
    .command('scan')
    .description('scan files and folders for JWT anti-patterns')
    .argument('[paths...]', 'files or folders to scan (default: the current folder)')
    .option('-f, --format <format>', `report format: ${FORMATS.join(', ')}`, 'text')
    .option('-o, --output <file>', 'write the report to a file instead of standard output')
    .option('--exclude <pattern>', 'skip paths matching this .gitignore-style pattern, relative to the scan root (repeatable)', collect)
    .option('--include <pattern>', 'scan only files matching this .gitignore-style pattern, relative to the scan root (repeatable)', collect)
    .option('--fail-on <severity>', `exit 1 when a finding is at or above this severity: ${FAIL_ON_VALUES.join(', ')} (default: ${DEFAULT_FAIL_ON})`)
    .option('--fail-on-incomplete', 'also exit 1 when a file could not be analysed (unreadable, too large, unparsable, over its time budget)')
    .option('-c, --config <file>', 'configuration file, JSON or YAML (default: .jwtlintrc.json, .jwtlintrc.yaml, .jwtlintrc.yml or jwtlint.config.json in the scan root)')
    .option('--no-config', 'use no configuration file, not even one in the scan root')
    .option('--max-expiry <duration>', `longest acceptable token lifetime, e.g. 15m, 24h, 7d (default: ${DEFAULT_MAX_EXPIRY})`)
    .option('--baseline <file>', 'findings recorded in this baseline file are reported as baselined and never fail the run')
    .option('--write-baseline <file>', 'record the current findings in a baseline file (exits 0)')
    .option('--changed-since <ref>', 'report only findings in files changed since this git ref (the whole tree is still analysed)')
    .option('--sarif-category <name>', 'SARIF automationDetails category, one per analysis uploaded to code scanning (default: jwtlint)')
    .option('--show-suppressed', 'text format: also list suppressed and baselined findings')
    .option('--omit-suppressed', 'json and sarif: leave suppressed findings out (they are still counted)')
    .option('--include-baselined', 'sarif and codequality: keep findings the baseline holds (left out by default: GitHub would open an alert for each)')
    .option('--sarif-severity-variants', 'sarif: a rule descriptor per severity used and one for test code (<rule-id>/<severity>), so GitHub code scanning ranks each alert as the report does')
    .option('--file-timeout <duration>', 'abandon a file whose analysis takes longer (default 10s), with a warning')
    .option('--max-file-size <size>', 'skip files larger than this, with a note (default 2MB)')
    // Removed in 0.2 (read workers gained nothing on 2 cores): still accepted, with a warning.
    .addOption(new Option('--workers <n>').hideHelp())
    .option('--no-prefilter', 'parse every JS/TS file instead of only those that can matter (slower; same findings)')
    .option('--no-color', 'never use colours')
    .option('--no-progress', 'do not show the progress line on a terminal')
    .option('-q, --quiet', 'print findings only: no notifications, no summary')
    .option('--estate-out <file>', "write the repository's estate (units, keys, roles; key values only as HMAC fingerprints under JWTLINT_ESTATE_KEY) for jwtlint estate merge")
    .option('--estate-name <name>', 'the repository\'s name in the estate file (default: the name of its top-level folder)')
    .action(async (paths: string[], flags: ScanFlags) => {
      exitCode = await scanCommand(paths, flags, io);
    });

  program
    .command('fix')
    .description('fix what can be fixed safely in JavaScript and TypeScript source (needs ts-morph; a clean git tree unless --allow-dirty)')
    .argument('[paths...]', 'files or folders to scan and fix (default: the current folder)')
    .option('--rule <ids>', 'fix only the findings of these rules (comma-separated, repeatable)', collect)
    .option('--dry-run', 'print the edits as a unified diff and change nothing')
    .option('--apply-suggestions', 'also apply suggested fixes (they change behaviour, e.g. add a claim check)')
    .option('--allow-dirty', 'write even when the git tree has uncommitted changes, or there is no git repository')
    .option('-f, --format <format>', `output format: ${FIX_FORMATS.join(', ')} (json and sarif: the scan's report with each finding's fix)`, 'text')
    .option('--exclude <pattern>', 'skip paths matching this .gitignore-style pattern, relative to the scan root (repeatable)', collect)
    .option('--include <pattern>', 'scan only files matching this .gitignore-style pattern, relative to the scan root (repeatable)', collect)
    .option('-c, --config <file>', 'configuration file, JSON or YAML (default: the one in the scan root)')
    .option('--no-config', 'use no configuration file, not even one in the scan root')
    .option('-q, --quiet', 'print the outcome lines only, no summary')
    .action(async (paths: string[], flags: FixFlags) => {
      exitCode = await fixCommand(paths, flags, io);
    });

  const estate = program.command('estate').description('combine the estates of several repositories');
  estate
    .command('merge')
    .description('report keys whose values are equal across repositories, from estate files written by scan --estate-out (needs JWTLINT_ESTATE_KEY)')
    .argument('<files...>', 'estate files, one per repository')
    .option('-f, --format <format>', `report format: ${MERGE_FORMATS.join(', ')}`, 'text')
    .option('-o, --output <file>', 'write the report to a file instead of standard output')
    .action((files: string[], flags: MergeFlags) => {
      exitCode = mergeCommand(files, flags, io);
    });

  program
    .command('rules')
    .description('list the rules with their severity and standards')
    .option('-f, --format <format>', `output format: ${RULES_FORMATS.join(', ')}`, 'text')
    .option('--no-color', 'never use colours')
    .action((flags: { color: boolean; format: string }) => {
      if (flags.format === 'json') {
        io.stdout.write(formatRulesJson(registry));
      } else if (flags.format === 'text') {
        io.stdout.write(formatRulesTable(registry, useColor(flags.color, io.env, io.stdout)));
      } else {
        io.stderr.write(`jwtlint: error: --format must be one of ${RULES_FORMATS.join(', ')} (got "${terminalSafe(flags.format)}").\n`);
        exitCode = EXIT_USAGE;
      }
    });

  program
    .command('explain')
    .description("show a rule's documentation")
    .argument('<rule>', 'rule id, e.g. hardcoded-secret')
    .option('--no-color', 'never use colours')
    .action((ruleId: string, flags: { color: boolean }) => {
      const explained = explainRule(registry, ruleId, useColor(flags.color, io.env, io.stdout));
      if (explained.ok) {
        io.stdout.write(explained.text);
      } else {
        io.stderr.write(`jwtlint: error: ${explained.problem}\n`);
        exitCode = EXIT_USAGE;
      }
    });

  try {
    await program.parseAsync(argv);
  } catch (error) {
    // With exitOverride commander throws instead of exiting: help and --version end
    // with code 0, every parse error (unknown option or command, missing argument) is a
    // usage error and has already been printed.
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    throw error;
  }
  return exitCode;
}

/** Commander's way to repeat an option: each occurrence adds its value to the list. */
function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

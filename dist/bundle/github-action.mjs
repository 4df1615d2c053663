import { createRequire as jwtlintCreateRequire } from 'node:module'; const require = jwtlintCreateRequire(import.meta.url);

// dist/src/report/github-annotations.js
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { appendFileSync, lstatSync, readFileSync, writeSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
var SEVERITY_ORDER = ["critical", "high", "medium", "low"];
var FAIL_ON_INPUTS = [...SEVERITY_ORDER, "none"];
var MAX_ANNOTATIONS = 50;
var MAX_SUMMARY_ROWS = 100;
var MAX_MESSAGE = 1e3;
function escapeData(text) {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}
function escapeProperty(text) {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
function escapeMarkdown(text) {
  return text.replace(/[\r\n\t]+/g, " ").replace(/[!-/:-@[-`{-~]/g, (char) => `\\${char}`);
}
var isObject = (value) => typeof value === "object" && value !== null && !Array.isArray(value);
var asArray = (value) => Array.isArray(value) ? value : [];
var asNumber = (value) => typeof value === "number" && Number.isInteger(value) && value > 0 ? value : void 0;
var LEVEL_SEVERITY = { error: "high", warning: "medium", note: "low" };
function readSarif(log, workspace) {
  const digest = { findings: [], omittedBaselined: 0, omittedSuppressed: 0 };
  for (const run of asArray(isObject(log) ? log.runs : void 0)) {
    if (!isObject(run))
      continue;
    const omitted = isObject(run.properties) && isObject(run.properties.omitted) ? run.properties.omitted : {};
    digest.omittedBaselined += asNumber(omitted.baselined) ?? 0;
    digest.omittedSuppressed += asNumber(omitted.suppressed) ?? 0;
    const baseUris = isObject(run.originalUriBaseIds) ? run.originalUriBaseIds : {};
    for (const result of asArray(run.results)) {
      if (isObject(result))
        digest.findings.push(readResult(result, baseUris, workspace));
    }
  }
  return digest;
}
function readResult(result, baseUris, workspace) {
  const properties = isObject(result.properties) ? result.properties : {};
  const declared = properties.severity;
  const severity = SEVERITY_ORDER.includes(declared) ? declared : LEVEL_SEVERITY[String(result.level)] ?? "medium";
  const suppressions = asArray(result.suppressions).filter(isObject);
  const message = isObject(result.message) && typeof result.message.text === "string" ? result.message.text : "";
  const finding = {
    severity,
    ruleId: String(result.ruleId ?? "jwtlint").split("/")[0],
    // Related places are linked as [label](n) in SARIF messages: keep the label only.
    message: message.replace(/\[([^[\]]*)\]\(\d+\)/g, "$1"),
    inTestCode: asArray(properties.tags).includes("test"),
    baselined: result.baselineState === "unchanged" || suppressions.some((s) => s.kind === "external"),
    suppressed: suppressions.some((s) => s.kind === "inSource")
  };
  const location = asArray(result.locations)[0];
  const physical = isObject(location) && isObject(location.physicalLocation) ? location.physicalLocation : void 0;
  if (!physical)
    return finding;
  const artifact = isObject(physical.artifactLocation) ? physical.artifactLocation : {};
  const region = isObject(physical.region) ? physical.region : {};
  const file = workspacePath(artifact, baseUris, workspace);
  if (file === void 0)
    return finding;
  return { ...finding, file, line: asNumber(region.startLine), column: asNumber(region.startColumn), endLine: asNumber(region.endLine), endColumn: asNumber(region.endColumn) };
}
function workspacePath(artifact, baseUris, workspace) {
  if (typeof artifact.uri !== "string")
    return void 0;
  let relative;
  try {
    relative = artifact.uri.split("/").map(decodeURIComponent).join("/");
  } catch {
    return void 0;
  }
  const base = typeof artifact.uriBaseId === "string" ? baseUris[artifact.uriBaseId] : void 0;
  if (!workspace || !isObject(base) || typeof base.uri !== "string" || !base.uri.startsWith("file:"))
    return relative;
  let absolute;
  try {
    absolute = path.join(fileURLToPath(base.uri), relative);
  } catch {
    return relative;
  }
  const fromWorkspace = path.relative(workspace, absolute);
  if (fromWorkspace === "" || fromWorkspace.startsWith("..") || path.isAbsolute(fromWorkspace))
    return void 0;
  return fromWorkspace.split(path.sep).join("/");
}
var rank = (severity) => SEVERITY_ORDER.indexOf(severity);
function failsRun(finding, failOn) {
  return failOn !== "none" && !finding.baselined && !finding.suppressed && rank(finding.severity) <= rank(failOn);
}
function shown(findings, failOn) {
  return findings.map((finding, index) => ({ finding, index })).filter(({ finding }) => !finding.baselined && !finding.suppressed).sort((a, b) => Number(failsRun(b.finding, failOn)) - Number(failsRun(a.finding, failOn)) || rank(a.finding.severity) - rank(b.finding.severity) || a.index - b.index).map(({ finding }) => finding);
}
function formatAnnotations(findings, failOn, max = MAX_ANNOTATIONS) {
  const lines = [];
  for (const finding of shown(findings, failOn).slice(0, max)) {
    const command = failsRun(finding, failOn) ? "error" : finding.inTestCode ? "notice" : "warning";
    const properties = [];
    if (finding.file !== void 0) {
      properties.push(`file=${escapeProperty(finding.file)}`);
      if (finding.line !== void 0) {
        properties.push(`line=${finding.line}`);
        if (finding.endLine !== void 0)
          properties.push(`endLine=${finding.endLine}`);
        if (finding.column !== void 0 && (finding.endLine === void 0 || finding.endLine === finding.line)) {
          properties.push(`col=${finding.column}`);
          if (finding.endColumn !== void 0 && finding.endColumn > finding.column)
            properties.push(`endColumn=${finding.endColumn - 1}`);
        }
      }
    }
    properties.push(`title=${escapeProperty(`jwtlint ${finding.ruleId} (${finding.severity}${finding.inTestCode ? ", test code" : ""})`)}`);
    lines.push(`::${command} ${properties.join(",")}::${escapeData(cut(finding.message, MAX_MESSAGE))}
`);
  }
  return lines.join("");
}
function cut(text, max) {
  return text.length > max ? `${text.slice(0, max - 1)}\u2026` : text;
}
var EXIT_MEANING = {
  0: "no new finding at or above fail-on",
  1: "new findings at or above fail-on",
  2: "usage or configuration error, see the step log",
  3: "internal error, see the step log"
};
function formatSummary(digest, options) {
  const out = ["## jwtlint", ""];
  const exit = `exit code ${options.exitCode}: ${EXIT_MEANING[options.exitCode] ?? "unexpected"}`;
  if (!digest) {
    out.push(`No report: ${exit}.`, "");
    return `${out.join("\n")}
`;
  }
  const rows = shown(digest.findings, options.failOn);
  const failing = rows.filter((finding) => failsRun(finding, options.failOn)).length;
  const baselined = digest.omittedBaselined + digest.findings.filter((f) => f.baselined).length;
  const suppressed = digest.omittedSuppressed + digest.findings.filter((f) => f.suppressed && !f.baselined).length;
  const counts = SEVERITY_ORDER.map((severity) => [severity, rows.filter((f) => f.severity === severity).length]).filter(([, count]) => count > 0).map(([severity, count]) => `${count} ${severity}`);
  const extras = [baselined > 0 && `${baselined} baselined`, suppressed > 0 && `${suppressed} suppressed`].filter(Boolean);
  out.push(`**${rows.length} new ${rows.length === 1 ? "finding" : "findings"}**${counts.length > 0 ? ` (${counts.join(", ")})` : ""}${extras.length > 0 ? `; ${extras.join(", ")}` : ""}. ${options.failOn === "none" ? "fail-on is none" : `${failing} at or above fail-on ${options.failOn}`}; ${exit}.`, "");
  if (rows.length === 0)
    return `${out.join("\n")}
`;
  const max = options.maxRows ?? MAX_SUMMARY_ROWS;
  out.push("| severity | rule | location | message |", "|---|---|---|---|");
  for (const finding of rows.slice(0, max)) {
    const where = finding.file === void 0 ? "" : `${finding.file}${finding.line === void 0 ? "" : `:${finding.line}`}`;
    const severity = `${finding.severity}${failsRun(finding, options.failOn) ? " \u274C" : ""}${finding.inTestCode ? " (test code)" : ""}`;
    out.push(`| ${escapeMarkdown(severity)} | ${escapeMarkdown(finding.ruleId)} | ${escapeMarkdown(where)} | ${escapeMarkdown(cut(finding.message, 300))} |`);
  }
  if (rows.length > max)
    out.push("", `${rows.length - max} more not shown${options.sarifFile ? `: see ${escapeMarkdown(options.sarifFile)} or the code scanning alerts` : ""}.`);
  return `${out.join("\n")}
`;
}
function actionInputs(env) {
  const input = (name, fallback = "") => (env[`INPUT_${name}`] ?? "").trim() || fallback;
  return {
    path: input("PATH", "."),
    failOn: input("FAIL_ON", "high"),
    config: input("CONFIG"),
    baseline: input("BASELINE"),
    changedSince: input("CHANGED_SINCE"),
    category: input("CATEGORY", "jwtlint"),
    sarifFile: input("SARIF_FILE", "jwtlint.sarif"),
    annotations: input("ANNOTATIONS", "true")
  };
}
function scanArguments(inputs) {
  const args = ["scan", "--format=sarif", `--output=${inputs.sarifFile}`, `--fail-on=${inputs.failOn}`, `--sarif-category=${inputs.category}`, "--omit-suppressed", "--sarif-severity-variants"];
  if (inputs.config)
    args.push(`--config=${inputs.config}`);
  if (inputs.baseline)
    args.push(`--baseline=${inputs.baseline}`);
  if (inputs.changedSince)
    args.push(`--changed-since=${inputs.changedSince}`);
  args.push("--", inputs.path);
  return args;
}
function runGithubAction(env, io) {
  const inputs = actionInputs(env);
  const failOn = FAIL_ON_INPUTS.includes(inputs.failOn) ? inputs.failOn : void 0;
  const fence = randomBytes(16).toString("hex");
  io.stdout(`::stop-commands::${fence}
`);
  let exitCode;
  try {
    exitCode = io.runJwtlint(scanArguments(inputs));
  } finally {
    io.stdout(`::${fence}::
`);
  }
  const workspace = env.GITHUB_WORKSPACE || process.cwd();
  const sarifPath = path.resolve(workspace, inputs.sarifFile);
  let digest;
  const wroteReport = (exitCode === 0 || exitCode === 1) && isRegularFile(sarifPath);
  if (wroteReport) {
    try {
      digest = readSarif(JSON.parse(readFileSync(sarifPath, "utf8")), workspace);
    } catch (error) {
      io.stdout(`::warning title=jwtlint::${escapeData(`Could not read the SARIF report for annotations: ${error.message}`)}
`);
    }
  }
  setOutput(env, "exit-code", String(exitCode));
  if (wroteReport)
    setOutput(env, "sarif-file", inputs.sarifFile);
  if (digest && failOn && inputs.annotations !== "false")
    io.stdout(formatAnnotations(digest.findings, failOn));
  if (env.GITHUB_STEP_SUMMARY) {
    try {
      appendFileSync(env.GITHUB_STEP_SUMMARY, formatSummary(digest, { failOn: failOn ?? "none", exitCode, sarifFile: inputs.sarifFile }));
    } catch (error) {
      io.stdout(`::warning title=jwtlint::${escapeData(`Could not write the job summary: ${error.message}`)}
`);
    }
  }
  return exitCode;
}
function isRegularFile(file) {
  try {
    return lstatSync(file).isFile();
  } catch {
    return false;
  }
}
function setOutput(env, name, value) {
  if (!env.GITHUB_OUTPUT)
    return;
  const delimiter = `jwtlint_${randomBytes(12).toString("hex")}`;
  appendFileSync(env.GITHUB_OUTPUT, `${name}<<${delimiter}
${value}
${delimiter}
`);
}
function processIo(bin) {
  return {
    stdout: (text) => writeSync(1, text),
    runJwtlint: (args) => {
      const child = spawnSync(process.execPath, [bin, ...args], { stdio: "inherit" });
      if (child.error)
        throw child.error;
      return child.status ?? 3;
    }
  };
}
export {
  FAIL_ON_INPUTS,
  MAX_ANNOTATIONS,
  MAX_SUMMARY_ROWS,
  SEVERITY_ORDER,
  actionInputs,
  escapeData,
  escapeMarkdown,
  escapeProperty,
  failsRun,
  formatAnnotations,
  formatSummary,
  processIo,
  readSarif,
  runGithubAction,
  scanArguments
};

// Deployable units that deployment manifests declare (RULES.md "Units"): SAM/CloudFormation
// Lambda functions (their own `CodeUri`), render.yaml services and a serverless.yml service,
// each with the environment entries it is given. Terraform's are read by parse-hcl.ts.
import { posix } from 'node:path';
import type { TerraformUnit } from '../config-files/parse-hcl.js';
import type { ConfigEntry, ParsedConfig } from '../config-files/types.js';

const LAMBDA_TYPES = new Set(['AWS::Serverless::Function', 'AWS::Lambda::Function']);

/** The units a manifest declares, in the shape Terraform's are given (name, code paths, entries). */
export function deployedUnitsOf(path: string, parsed: ParsedConfig): TerraformUnit[] {
  if (parsed.format !== 'yaml' && parsed.format !== 'json') return [];
  const base = posix.basename(path).toLowerCase();
  if (base === 'render.yaml' || base === 'render.yml') return renderServices(parsed.entries);
  if (base === 'serverless.yml' || base === 'serverless.yaml') return serverlessService(parsed.entries);
  return lambdaFunctions(parsed.entries);
}

/** `Resources.<id>` of type AWS::Serverless::Function / AWS::Lambda::Function, with `Globals.Function` environment. */
function lambdaFunctions(entries: ConfigEntry[]): TerraformUnit[] {
  const byResource = new Map<string, ConfigEntry[]>();
  const globals: ConfigEntry[] = [];
  for (const e of entries) {
    if (e.path[0] === 'Resources' && e.path.length >= 3) {
      const list = byResource.get(e.path[1]!);
      if (list) list.push(e);
      else byResource.set(e.path[1]!, [e]);
    } else if (e.path[0] === 'Globals' && e.path[1] === 'Function' && isEnvironmentEntry(e.path.slice(2))) globals.push(e);
  }
  const units: TerraformUnit[] = [];
  for (const [id, own] of byResource) {
    const type = own.find((e) => e.path.length === 3 && e.path[2] === 'Type')?.value;
    if (!type || !LAMBDA_TYPES.has(type)) continue;
    const property = (name: string) => own.find((e) => e.path.length === 4 && e.path[2] === 'Properties' && e.path[3] === name && !e.computed)?.value;
    const codeUri = property('CodeUri');
    units.push({
      type,
      name: property('FunctionName') ?? id,
      images: [],
      codePaths: codeUri ? [codeUri] : [],
      entries: [...globals, ...own.filter((e) => e.path[2] === 'Properties' && isEnvironmentEntry(e.path.slice(3)))],
    });
  }
  return units;
}

/** `Environment.Variables.<NAME>`. */
function isEnvironmentEntry(rest: string[]): boolean {
  return rest.length === 3 && rest[0] === 'Environment' && rest[1] === 'Variables';
}

/** `services[i]` with `name`, `rootDir` and its `envVars`. */
function renderServices(entries: ConfigEntry[]): TerraformUnit[] {
  const byIndex = new Map<string, ConfigEntry[]>();
  for (const e of entries) {
    if (e.path[0] !== 'services' || e.path.length < 3) continue;
    const list = byIndex.get(e.path[1]!);
    if (list) list.push(e);
    else byIndex.set(e.path[1]!, [e]);
  }
  const units: TerraformUnit[] = [];
  for (const own of byIndex.values()) {
    const name = own.find((e) => e.path.length === 3 && e.path[2] === 'name')?.value;
    if (!name) continue;
    const rootDir = own.find((e) => e.path.length === 3 && e.path[2] === 'rootDir')?.value;
    units.push({ type: 'render-service', name, images: [], codePaths: rootDir ? [rootDir] : [], entries: own.filter((e) => e.path[2] === 'envVars' && e.envVar) });
  }
  return units;
}

/** The one service of a serverless.yml: `provider.environment` and each function's `environment`. */
function serverlessService(entries: ConfigEntry[]): TerraformUnit[] {
  const name = entries.find((e) => e.path.length === 1 && e.path[0] === 'service')?.value;
  if (!name) return [];
  const environment = entries.filter(
    (e) => (e.path.length === 3 && e.path[0] === 'provider' && e.path[1] === 'environment') || (e.path.length === 4 && e.path[0] === 'functions' && e.path[2] === 'environment'),
  );
  // The service deploys the folder it sits in.
  return [{ type: 'serverless-service', name, images: [], codePaths: ['.'], entries: environment }];
}

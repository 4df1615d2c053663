// Terraform / OpenTofu (`.tf`, `.tofu`, `.tfvars`) read through a real HCL parser into
// positioned config entries, so names and values are judged like every other format.
//
// Parser choice (issue #16, measured 2026-12-07 on Node 20, linux-x64):
// - web-tree-sitter 0.27 with the Terraform dialect of @tree-sitter-grammars/tree-sitter-hcl
//   1.2 (the tree-sitter-grammars organisation's grammar, 92 kB of WASM): a concrete syntax
//   tree with offsets (UTF-16 code units, like JS strings) for every node, linear GLR
//   parsing, error recovery (a broken file still yields its well-formed parts, and the
//   errors are located), no compiler. Both packages are devDependencies: the bundle holds
//   web-tree-sitter's JavaScript, and only the `.wasm` files are used (the grammar's native
//   prebuilds and its install script never reach users). Both WASM files ship next to
//   dist/bundle/main.mjs (scripts/bundle.mjs copies them; package.json `files`); run from
//   source they are read from node_modules.
//   Cost, measured on 162 .tf/.tfvars files (91 kB) of 8 public repositories: 40-60 ms to
//   load the grammar, then ~1 ms per kB once V8 has tiered the parser up; the first few
//   hundred kB of a run are slower (the whole 91 kB took 376 ms cold, 98 ms warm, parse
//   only). The prefilter (`hclMayMatter`) left 37 of those files to parse: 300 ms in all,
//   tree walk included. A 360 kB generated file: ~200 ms to parse, ~0.8 s with the walk.
// - @cdktf/hcl2json (Go compiled to WASM, 1.7 MB gzipped): HashiCorp's own parser, but
//   JSON output without any positions (values would have to be searched for in the text),
//   a Go runtime to start in every scan, and CDKTF was sunset by HashiCorp (a community
//   fork, @cdktn, carries it on).
// - No maintained pure-JS HCL2 parser with positions exists on npm.
// Tree-sitter's start-up is asynchronous: the engine awaits `loadHclParser()` once before it
// parses the first Terraform file; `parseHcl` itself is synchronous like the other parsers.
//
// What becomes an entry (RULES.md "Other languages and configuration formats"):
// - literal values only (strings without interpolation, heredocs, numbers, booleans); a
//   reference (`var.x`, `local.x`, `random_password.x.result`, `data.….secret_string`) or a
//   template with `${…}` is no literal and yields nothing;
// - `variable "jwt_secret" { default = "…" }` → key `jwt_secret`; `locals`, module inputs
//   and `.tfvars` assignments → key = the attribute's name;
// - environment maps (Lambda `environment { variables = {…} }`, App Service `app_settings`,
//   `environment_variables`, …) → one entry per variable, `envVar: true`;
// - `{ name = "JWT_SECRET", value = "…" }` objects and `env { name … value … }` blocks (ECS
//   `container_definitions = jsonencode([...])`, Cloud Run, Kubernetes provider, CodeBuild)
//   → key = the name, `envVar: true`, the value's location;
// - `aws_ssm_parameter` `value` and `aws_secretsmanager_secret_version` `secret_string`
//   → key = the parameter's or secret's name (`/app/jwt-secret`), or the resource labels;
// - other resource attributes → key = the attribute, path = the attribute path inside the
//   resource (never the resource type: `aws_…` would read as an AWS credential).
import type { Node } from 'web-tree-sitter';
import { LineIndex } from '../parse/line-index.js';
import { loadGrammar, type GrammarState } from '../parse/tree-sitter.js';
import { DiagnosticList, diagnosticAt, spanLoc } from './location.js';
import type { ConfigEntry, ConfigValueType, ParsedConfig } from './types.js';

/** A deployable unit Terraform declares (RULES.md "Units"), with the entries of its resource block. */
export interface TerraformUnit {
  /** `aws_lambda_function`, `aws_ecs_task_definition`, `google_cloud_run_service`, ... */
  type: string;
  /** `function_name`, `family` or `name` when literal, else the resource label. */
  name: string;
  /** Container images the unit runs (ECS, Cloud Run), to join it to the package they are built from. */
  images: string[];
  /**
   * Folders the code is deployed from, as written (`"${path.module}/../orders/dist.zip"`,
   * an `archive_file`'s `source_dir`): the text of `filename`, `source_dir`, `source_file`,
   * `image_uri` and `s3_key`, in the resource and in the `archive_file` data sources it names.
   */
  codePaths: string[];
  entries: ConfigEntry[];
}

const CODE_PATH_ATTRIBUTES = new Set(['filename', 'source_dir', 'source_file', 'image_uri', 's3_key', 'output_path']);

/** The raw text of the attributes that say where a unit's code comes from, including `data.archive_file.X` it refers to. */
function codePathsOf(items: BodyItem[], archives: Map<string, string[]>): string[] {
  const out: string[] = [];
  for (const item of items) {
    if (item.kind !== 'attribute' || !item.inner || !CODE_PATH_ATTRIBUTES.has(item.name)) continue;
    const text = item.inner.text;
    out.push(text);
    const archive = /^data\.archive_file\.([\w-]+)\./.exec(text)?.[1];
    if (archive) out.push(...(archives.get(archive) ?? []));
  }
  return out;
}

/** Resources that deploy code, with the attribute that names them. */
const UNIT_RESOURCES = new Map([
  ['aws_lambda_function', 'function_name'],
  ['aws_ecs_task_definition', 'family'],
  ['google_cloud_run_service', 'name'],
  ['google_cloud_run_v2_service', 'name'],
  ['google_cloudfunctions_function', 'name'],
  ['google_cloudfunctions2_function', 'name'],
  ['azurerm_linux_web_app', 'name'],
  ['azurerm_windows_web_app', 'name'],
  ['azurerm_app_service', 'name'],
  ['azurerm_linux_function_app', 'name'],
  ['azurerm_container_app', 'name'],
]);

const unitsByParse = new WeakMap<ParsedConfig, TerraformUnit[]>();

/** The Lambda functions, ECS task definitions, Cloud Run services and App Service apps a parsed Terraform file declares. */
export function terraformUnitsOf(parsed: ParsedConfig): TerraformUnit[] {
  return unitsByParse.get(parsed) ?? [];
}

let state: GrammarState | undefined;
let loading: Promise<void> | undefined;

/** Starts tree-sitter and loads the Terraform grammar, once per process; never rejects (a failure becomes each file's diagnostic). */
export function loadHclParser(): Promise<void> {
  loading ??= loadGrammar('tree-sitter-terraform.wasm', '@tree-sitter-grammars/tree-sitter-hcl').then((loaded) => {
    state = loaded;
  });
  return loading;
}

/** Text that can hold nothing a rule judges is not parsed: Terraform files without a key, token or signing word. */
export function hclMayMatter(text: string): boolean {
  return /secret|jwt|token|signing|nextauth|hs(?:256|384|512)|\.eyJ/i.test(text);
}

/** Attributes whose object value maps environment variable names to values. */
const ENV_MAPS = new Set([
  'variables', 'environment', 'environment_variables', 'env', 'env_vars', 'envs', 'app_settings', 'application_settings',
  'env_variables', 'environment_variable', 'container_env', 'secrets', 'secret_environment_variables', 'runtime_environment_variables',
]);
/** Blocks whose attributes are environment variables (`environment { JWT_SECRET = "…" }` in some providers). */
const ENV_BLOCKS = new Set(['environment', 'env', 'environment_variables', 'app_settings', 'variables']);
const MAX_DEPTH = 64;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

interface Context {
  file: string;
  text: string;
  lines: LineIndex;
  entries: ConfigEntry[];
  /** `aws_secretsmanager_secret` label → its `name`, to name a secret version's `secret_string`. */
  secretNames: Map<string, string>;
}

/** A literal's value, type and source range; null for references, templates with `${…}` and anything computed. */
interface Literal {
  value: string;
  type: ConfigValueType;
  from: number;
  to: number;
}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

function unescapeQuoted(raw: string): string {
  return raw.replace(/\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)|\$\$\{|%%\{/g, (match, escape: string | undefined) => {
    if (escape === undefined) return match.slice(1);
    if (escape.length > 1) return String.fromCodePoint(parseInt(escape.slice(1), 16));
    return ESCAPES[escape] ?? escape;
  });
}

/** Unwraps `expression` and parentheses down to the node that says what the value is. */
const WRAPPERS = new Set(['expression', 'template_expr', 'literal_value', 'collection_value']);

function core(node: Node): Node {
  let n = node;
  for (let i = 0; i < MAX_DEPTH && WRAPPERS.has(n.type); i++) {
    // An expression with a suffix (`var.x`, `a[0]`, `f(x).y`) has more than one child: it is no wrapper.
    const kids = n.namedChildren;
    if (kids.length !== 1 || !kids[0]) break;
    n = kids[0];
  }
  return n;
}

function stringParts(node: Node): Node[] | null {
  // Quoted strings: start, literal parts, end; any interpolation or directive makes the value computed.
  const parts: Node[] = [];
  for (const child of node.namedChildren) {
    if (!child) continue;
    if (child.type === 'template_literal') parts.push(child);
    else if (child.type !== 'quoted_template_start' && child.type !== 'quoted_template_end' && child.type !== 'heredoc_start' && child.type !== 'heredoc_identifier') return null;
  }
  return parts;
}

function heredocValue(node: Node, ctx: Context): string | null {
  const parts = stringParts(node);
  if (!parts) return null;
  if (parts.length === 0) return '';
  // The content from the start of its first line (tree-sitter leaves the first line's indent out).
  const first = parts[0]!;
  const lineStart = ctx.text.lastIndexOf('\n', first.startIndex - 1) + 1;
  const raw = ctx.text.slice(lineStart, parts[parts.length - 1]!.endIndex);
  const lines = raw.split('\n');
  const indented = node.child(0)?.text.includes('-') ?? false;
  if (!indented) return `${raw.slice(first.startIndex - lineStart)}\n`;
  let indent = Infinity;
  for (const line of lines) if (line.trim() !== '') indent = Math.min(indent, line.length - line.trimStart().length);
  return `${lines.map((line) => line.slice(Number.isFinite(indent) ? indent : 0)).join('\n')}\n`;
}

function literalOf(expression: Node, ctx: Context): Literal | null {
  const n = WRAPPERS.has(expression.type) ? core(expression) : expression;
  const range = { from: n.startIndex, to: n.endIndex };
  switch (n.type) {
    case 'string_lit':
    case 'quoted_template': {
      const parts = stringParts(n);
      if (!parts) return null;
      return { value: unescapeQuoted(parts.map((p) => p.text).join('')), type: 'string', ...range };
    }
    case 'heredoc_template': {
      const value = heredocValue(n, ctx);
      return value === null ? null : { value, type: 'string', ...range };
    }
    case 'numeric_lit':
      return { value: n.text, type: 'number', ...range };
    case 'bool_lit':
      return { value: n.text, type: 'boolean', ...range };
    case 'null_lit':
      return { value: '', type: 'null', ...range };
    default:
      return null;
  }
}

function add(ctx: Context, path: string[], key: string, keyNode: Node, literal: Literal, envVar: boolean): void {
  ctx.entries.push({
    path,
    key,
    value: literal.value,
    valueType: literal.type,
    valueLoc: spanLoc(ctx.file, ctx.lines, literal.from, literal.to),
    keyLoc: spanLoc(ctx.file, ctx.lines, keyNode.startIndex, keyNode.endIndex),
    valueRange: [literal.from, literal.to],
    envVar,
    document: 0,
  });
}

/** An object element's key: a bare identifier, a quoted string, or `(expression)` (skipped). */
function elementKey(element: Node, ctx: Context): { key: string; node: Node } | null {
  const keyExpression = element.childForFieldName('key') ?? element.namedChild(0);
  if (!keyExpression) return null;
  const n = core(keyExpression);
  if (n.type === 'variable_expr') return { key: n.text, node: n };
  if (keyExpression.namedChildCount === 1 && (n.type === 'string_lit' || n.type === 'quoted_template')) {
    const literal = literalOf(n, ctx);
    return literal ? { key: literal.value, node: n } : null;
  }
  return null;
}

function objectElements(object: Node, ctx: Context): { key: string; keyNode: Node; value: Node }[] {
  const out: { key: string; keyNode: Node; value: Node }[] = [];
  for (const element of object.namedChildren) {
    if (!element || element.type !== 'object_elem' || element.hasError) continue;
    const key = elementKey(element, ctx);
    const value = element.childForFieldName('val') ?? element.namedChild(1);
    if (key && value) out.push({ key: key.key, keyNode: key.node, value });
  }
  return out;
}

/**
 * `{ name = "JWT_SECRET", value = "…" }` (an object, or a block's attributes): the pair an
 * ECS, Cloud Run, Kubernetes or CodeBuild environment item is made of.
 */
function namedValue(pairs: { key: string; keyNode: Node; value: Node }[], ctx: Context): boolean {
  const name = pairs.find((p) => p.key === 'name');
  const value = pairs.find((p) => p.key === 'value');
  if (!name || !value) return false;
  const nameLiteral = literalOf(name.value, ctx);
  if (!nameLiteral || nameLiteral.type !== 'string' || !ENV_NAME.test(nameLiteral.value)) return false;
  const literal = literalOf(value.value, ctx);
  if (literal) add(ctx, [nameLiteral.value], nameLiteral.value, name.value, literal, true);
  else addVariableReference(ctx, [nameLiteral.value], nameLiteral.value, name.value, core(value.value));
  return true;
}

/** `var.jwt_secret` or `"${var.jwt_secret}"`, as a whole value. */
const VARIABLE_REFERENCE = /^(?:var\.([A-Za-z_][\w-]*)|"\$\{\s*var\.([A-Za-z_][\w-]*)\s*\}")$/;

/**
 * An environment entry that takes an input variable's value (`JWT_SECRET = var.jwt_secret`):
 * no literal, but the estate links it to the variable's default and `.tfvars` values
 * (`interpolation.name` is `var.<name>`).
 */
function addVariableReference(ctx: Context, path: string[], key: string, keyNode: Node, n: Node): boolean {
  if (n.endIndex - n.startIndex > 256) return false;
  const m = VARIABLE_REFERENCE.exec(n.text);
  const name = m?.[1] ?? m?.[2];
  if (!name) return false;
  ctx.entries.push({
    path,
    key,
    value: '',
    valueType: 'string',
    valueLoc: spanLoc(ctx.file, ctx.lines, n.startIndex, n.endIndex),
    keyLoc: spanLoc(ctx.file, ctx.lines, keyNode.startIndex, keyNode.endIndex),
    valueRange: [n.startIndex, n.endIndex],
    envVar: true,
    interpolation: { name: `var.${name}`, fallback: false },
    computed: true,
    document: 0,
  });
  return true;
}

/**
 * A value: a literal becomes an entry; objects, tuples and function calls (`jsonencode`,
 * `merge`, `tomap`) are walked for the literals inside them.
 */
function walkValue(ctx: Context, path: string[], key: string, keyNode: Node, expression: Node, envVar: boolean, depth: number): void {
  if (depth > MAX_DEPTH || expression.hasError) return;
  const n = core(expression);
  const literal = literalOf(n, ctx);
  if (literal) {
    add(ctx, path, key, keyNode, literal, envVar);
    return;
  }
  if (envVar && addVariableReference(ctx, path, key, keyNode, n)) return;
  if (n.type === 'object') {
    const elements = objectElements(n, ctx);
    if (namedValue(elements, ctx)) return;
    const envMap = envVar || ENV_MAPS.has(key.toLowerCase());
    for (const e of elements) walkValue(ctx, envMap ? [e.key] : [...path, e.key], e.key, e.keyNode, e.value, envMap && ENV_NAME.test(e.key), depth + 1);
  } else if (n.type === 'tuple') {
    let i = 0;
    for (const item of n.namedChildren) {
      if (!item || item.type !== 'expression') continue;
      walkValue(ctx, [...path, String(i++)], key, keyNode, item, envVar, depth + 1);
    }
  } else if (n.type === 'function_call') {
    const args = n.namedChildren.find((c) => c?.type === 'function_arguments');
    for (const arg of args?.namedChildren ?? []) if (arg?.type === 'expression') walkValue(ctx, path, key, keyNode, arg, envVar, depth + 1);
  }
}

interface BodyItem {
  kind: 'attribute' | 'block';
  node: Node;
  name: string;
  nameNode: Node;
  /** A block's labels, unquoted. */
  labels: string[];
  /** An attribute's value expression; a block's body. */
  inner: Node | null;
}

function bodyItems(body: Node | null | undefined): BodyItem[] {
  const items: BodyItem[] = [];
  for (const child of body?.namedChildren ?? []) {
    if (!child || (child.type !== 'attribute' && child.type !== 'block') || child.hasError) continue;
    const kids = child.namedChildren;
    const nameNode = kids[0];
    if (!nameNode || nameNode.type !== 'identifier') continue;
    if (child.type === 'attribute') {
      items.push({ kind: 'attribute', node: child, name: nameNode.text, nameNode, labels: [], inner: kids.find((c) => c?.type === 'expression') ?? null });
    } else {
      const labels: string[] = [];
      // Named children after the block type.
      for (const c of kids.slice(1)) {
        if (c?.type === 'string_lit') labels.push(unescapeQuoted(c.namedChildren.filter((p) => p?.type === 'template_literal').map((p) => p!.text).join('')));
        else if (c?.type === 'identifier') labels.push(c.text);
      }
      items.push({ kind: 'block', node: child, name: nameNode.text, nameNode, labels, inner: kids.find((c) => c?.type === 'body') ?? null });
    }
  }
  return items;
}

function attribute(items: BodyItem[], name: string): BodyItem | undefined {
  return items.find((i) => i.kind === 'attribute' && i.name === name);
}

/** Words that already say "key material" at the end of a secret's name. */
const MATERIAL_END = /(secret|key|token)s?$/i;

/** A Secrets Manager secret or SSM parameter's name, made to end in a material word (`jwt` → `jwt_secret`). */
function secretKeyName(name: string): string {
  return MATERIAL_END.test(name) ? name : `${name}_secret`;
}

function stringAttribute(items: BodyItem[], name: string, ctx: Context): string | undefined {
  const item = attribute(items, name);
  const literal = item?.inner ? literalOf(item.inner, ctx) : null;
  return literal?.type === 'string' ? literal.value : undefined;
}

/** Inside a resource or module: attributes by their path inside the block, environment blocks and `{name, value}` blocks. */
function walkBody(ctx: Context, items: BodyItem[], path: string[], envBlock: boolean, depth: number): void {
  if (depth > MAX_DEPTH) return;
  const pairs = items.filter((i) => i.kind === 'attribute' && i.inner).map((i) => ({ key: i.name, keyNode: i.nameNode, value: i.inner! }));
  if (namedValue(pairs, ctx)) return;
  for (const item of items) {
    if (item.kind === 'attribute' && item.inner) {
      const env = envBlock && ENV_NAME.test(item.name);
      walkValue(ctx, env ? [item.name] : [...path, item.name], item.name, item.nameNode, item.inner, env, depth + 1);
    } else if (item.kind === 'block') {
      walkBody(ctx, bodyItems(item.inner), [...path, item.name], ENV_BLOCKS.has(item.name.toLowerCase()), depth + 1);
    }
  }
}

function walkResource(ctx: Context, block: BodyItem): void {
  const [type = '', label = ''] = block.labels;
  const items = bodyItems(block.inner);
  if (type === 'aws_ssm_parameter' || type === 'aws_secretsmanager_secret_version') {
    const valueName = type === 'aws_ssm_parameter' ? ['value', 'insecure_value'] : ['secret_string'];
    let name: string | undefined;
    if (type === 'aws_ssm_parameter') name = stringAttribute(items, 'name', ctx);
    else {
      // `secret_id = aws_secretsmanager_secret.jwt.id`: the secret's own name, else its label.
      const ref = attribute(items, 'secret_id')?.inner?.text.match(/^aws_secretsmanager_secret\.([\w-]+)\./)?.[1];
      name = ref ? (ctx.secretNames.get(ref) ?? ref) : undefined;
    }
    const keyName = secretKeyName(name ?? label);
    for (const item of items) {
      if (item.kind !== 'attribute' || !item.inner) continue;
      if (valueName.includes(item.name)) walkValue(ctx, [keyName], keyName, item.nameNode, item.inner, false, 1);
    }
    return;
  }
  walkBody(ctx, items, [], false, 1);
}

/** Parses a Terraform / OpenTofu file (`.tf`, `.tofu`, `.tfvars`) into entries; syntax errors are diagnostics, never throws. */
export function parseHcl(file: string, text: string): ParsedConfig {
  const lines = new LineIndex(text);
  const result: ParsedConfig = { format: 'hcl', entries: [], documents: [], diagnostics: [], lines };
  if (!state) void loadHclParser();
  if (!state || 'error' in state) {
    result.diagnostics.push(`${file}: cannot read Terraform file: the HCL parser ${state ? `failed to load: ${state.error}` : 'is not loaded'}`);
    return result;
  }
  const tree = state.parser.parse(text);
  if (!tree) {
    result.diagnostics.push(`${file}: cannot read Terraform file`);
    return result;
  }
  try {
    const root = tree.rootNode;
    const ctx: Context = { file, text, lines, entries: result.entries, secretNames: new Map() };
    const units: TerraformUnit[] = [];
    const archives = new Map<string, string[]>();
    if (root.hasError) {
      const diagnostics = new DiagnosticList();
      for (const bad of firstErrors(root)) diagnostics.push(diagnosticAt(file, lines, bad.startIndex, bad.isMissing ? `HCL: missing ${bad.type}` : 'HCL: syntax error'));
      result.diagnostics.push(...diagnostics.finish(file));
    }
    // A file tree-sitter could not read as a whole comes back as an ERROR root whose children
    // are the blocks and attributes it did read: those are still judged.
    const items = bodyItems(root.isError ? root : root.namedChildren.find((c) => c?.type === 'body'));
    for (const item of items) {
      if (item.kind === 'block' && item.name === 'resource' && item.labels[0] === 'aws_secretsmanager_secret' && item.labels[1]) {
        const name = stringAttribute(bodyItems(item.inner), 'name', ctx);
        if (name) ctx.secretNames.set(item.labels[1], name);
      }
      if (item.kind === 'block' && item.name === 'data' && item.labels[0] === 'archive_file' && item.labels[1]) {
        archives.set(item.labels[1], codePathsOf(bodyItems(item.inner), new Map()));
      }
    }
    const isTfvars = file.endsWith('.tfvars');
    for (const item of items) {
      if (item.kind === 'attribute') {
        // `.tfvars` and top-level assignments: the variable's value.
        const first = ctx.entries.length;
        if (item.inner) walkValue(ctx, [item.name], item.name, item.nameNode, item.inner, false, 1);
        if (isTfvars) for (const e of ctx.entries.slice(first)) e.terraformVariable = item.name;
        continue;
      }
      const body = bodyItems(item.inner);
      switch (item.name) {
        case 'variable': {
          const name = item.labels[0];
          const value = attribute(body, 'default');
          const first = ctx.entries.length;
          if (name && value?.inner) walkValue(ctx, [name], name, value.nameNode, value.inner, false, 1);
          for (const e of ctx.entries.slice(first)) e.terraformVariable = name;
          break;
        }
        case 'locals':
          for (const local of body) if (local.kind === 'attribute' && local.inner) walkValue(ctx, [local.name], local.name, local.nameNode, local.inner, false, 1);
          break;
        case 'resource': {
          const first = ctx.entries.length;
          walkResource(ctx, item);
          const [type = '', label = ''] = item.labels;
          const nameAttribute = UNIT_RESOURCES.get(type);
          if (nameAttribute) {
            const images = ctx.entries.slice(first).filter((e) => e.key === 'image' && !e.envVar).map((e) => e.value);
            units.push({ type, name: stringAttribute(body, nameAttribute, ctx) ?? label, images, codePaths: codePathsOf(body, archives), entries: ctx.entries.slice(first) });
          }
          break;
        }
        case 'module':
          walkBody(ctx, body, [], false, 1);
          break;
        default:
          // `data` sources read, `output`s pass on, `provider`/`terraform` configure Terraform itself.
          break;
      }
    }
    result.documents.push({ index: 0, topLevelKeys: [...new Set(items.map((i) => i.name))], compose: false, ci: false });
    if (units.length > 0) unitsByParse.set(result, units);
    return result;
  } finally {
    tree.delete();
  }
}

const READ_ITEMS = new Set(['block', 'attribute', 'comment', 'body']);

/**
 * Where the first few syntax errors are: a MISSING token, or inside an ERROR node the first
 * child that is not a well-formed block or attribute (an ERROR root spans the whole file).
 */
function firstErrors(root: Node): Node[] {
  const found: Node[] = [];
  const stack: Node[] = [root];
  while (stack.length > 0 && found.length < 6) {
    const n = stack.pop()!;
    if (n.isMissing) {
      found.push(n);
      continue;
    }
    if (!n.hasError) continue;
    const children: Node[] = [];
    for (let i = 0; i < n.childCount; i++) {
      const c = n.child(i);
      if (c) children.push(c);
    }
    if (n.isError && !children.some((c) => c.hasError || c.isMissing)) {
      found.push(children.find((c) => !READ_ITEMS.has(c.type)) ?? n);
      continue;
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  return found;
}

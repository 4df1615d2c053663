// A format-neutral tree for YAML and JSON documents, and its flattening into ConfigEntry
// records. The flattening knows the shapes that carry settings in deployment files:
// compose `environment` maps and `KEY=value` lists, container `env` name/value lists,
// Kubernetes Secret `data` (base64), CI `env:`/`variables:` maps, and `${VAR:-literal}`.
import type { LineIndex } from '../parse/line-index.js';
import { analyseInterpolation } from './interpolation.js';
import { spanLoc } from './location.js';
import type { ConfigDocument, ConfigEntry, ConfigFormat, ConfigValueType } from './types.js';

export interface TreeScalar {
  type: 'scalar';
  value: string;
  valueType: ConfigValueType;
  /** [start, end) of the scalar as written, quotes and block indicators included. */
  range: [number, number];
  /** Offset of the first character of the value itself (after an opening quote). */
  contentStart: number;
}

export interface TreePair {
  key: TreeScalar;
  value: TreeNode | null;
  /** YAML merge key (`<<: *defaults`): the value's pairs belong to the enclosing map. */
  merge?: boolean;
}

export interface TreeMap {
  type: 'map';
  pairs: TreePair[];
}

export interface TreeSeq {
  type: 'seq';
  items: (TreeNode | null)[];
}

/** A YAML alias, kept as a node so that expansions can be counted (billion-laughs guard). */
export interface TreeAlias {
  type: 'alias';
  target: TreeNode | null;
}

export type TreeNode = TreeScalar | TreeMap | TreeSeq | TreeAlias;

/** Names of maps whose keys are environment variables. */
const ENV_CONTAINERS = new Set(['environment', 'env', 'variables', 'vars', 'env_variables', 'envvars', 'environmentvariables', 'envs', 'args', 'literals']);
/** Maps whose keys are environment variables only at the top of a Kubernetes Secret/ConfigMap. */
const KUBE_DATA = new Set(['data', 'stringData']);
const ENV_ITEM = /^([A-Za-z_][\w.-]*)=([\s\S]*)$/;
const ENV_NAME = /^[A-Za-z_][\w.-]*$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Bounds on alias expansion (the billion-laughs guard, like yaml's `maxAliasCount`): a
 * document that dereferences more aliases, or visits more nodes through them, is cut short
 * with a diagnostic. Nodes written out in the text are not limited: their number is bounded
 * by the file size.
 */
export const MAX_ALIAS_EXPANSIONS = 100;
const MAX_NODES_THROUGH_ALIASES = 10_000;

export function documentInfo(root: TreeNode | null, index: number): ConfigDocument {
  const map = root && root.type === 'alias' ? root.target : root;
  const topLevelKeys: string[] = [];
  let apiVersion: string | undefined;
  let kind: string | undefined;
  let compose = false;
  if (map && map.type === 'map') {
    for (const pair of map.pairs) {
      topLevelKeys.push(pair.key.value);
      const value = pair.value && pair.value.type === 'alias' ? pair.value.target : pair.value;
      if (pair.key.value === 'apiVersion' && value?.type === 'scalar') apiVersion = value.value;
      if (pair.key.value === 'kind' && value?.type === 'scalar') kind = value.value;
      if (pair.key.value === 'services' && value?.type === 'map') {
        compose = value.pairs.some((service) => {
          const body = service.value && service.value.type === 'alias' ? service.value.target : service.value;
          return body?.type === 'map' && body.pairs.some((p) => ['image', 'build', 'environment', 'env_file'].includes(p.key.value));
        });
      }
    }
  }
  const has = (k: string) => topLevelKeys.includes(k);
  return {
    index,
    topLevelKeys,
    ...(apiVersion !== undefined && kind !== undefined ? { kubernetesKind: kind } : {}),
    compose,
    ci: (has('jobs') && (has('on') || has('true'))) || has('stages') || (has('pipeline') && has('steps')),
  };
}

interface FlattenState {
  file: string;
  text: string;
  lines: LineIndex;
  format: ConfigFormat;
  document: ConfigDocument;
  entries: ConfigEntry[];
  diagnostics: string[];
  aliases: number;
  /** Nodes visited through aliases. */
  expanded: number;
  /** >0 while visiting the target of an alias. */
  aliasDepth: number;
  stopped: boolean;
}

export function flattenDocument(
  root: TreeNode | null,
  options: { file: string; text: string; lines: LineIndex; format: ConfigFormat; document: ConfigDocument },
): { entries: ConfigEntry[]; diagnostics: string[] } {
  const state: FlattenState = { ...options, entries: [], diagnostics: [], aliases: 0, expanded: 0, aliasDepth: 0, stopped: false };
  const node = deref(root, state);
  if (node?.type === 'map') visitMap(node, [], { envVar: false, base64: false }, state);
  else if (node?.type === 'seq') visitSeq(node, [], '', null, state);
  return { entries: state.entries, diagnostics: state.diagnostics };
}

function deref(node: TreeNode | null, state: FlattenState): TreeNode | null {
  let n = node;
  let hops = 0;
  while (n && n.type === 'alias') {
    if (++state.aliases > MAX_ALIAS_EXPANSIONS || ++hops > 20) {
      stop(state, `more than ${MAX_ALIAS_EXPANSIONS} YAML alias expansions; the rest of the document is skipped`);
      return null;
    }
    n = n.target;
  }
  return n;
}

function stop(state: FlattenState, message: string): void {
  if (!state.stopped) state.diagnostics.push(`${state.file}: ${message}`);
  state.stopped = true;
}

function tick(state: FlattenState): boolean {
  if (state.stopped) return false;
  if (state.aliasDepth > 0 && ++state.expanded > MAX_NODES_THROUGH_ALIASES) {
    stop(state, `YAML aliases expand to more than ${MAX_NODES_THROUGH_ALIASES} nodes; the rest of the document is skipped`);
    return false;
  }
  return true;
}

/** Runs `visit` with the node an alias points to, counting the nodes visited through it. */
function throughAlias(node: TreeNode | null, state: FlattenState, visit: (target: TreeNode | null) => void): void {
  if (!node || node.type !== 'alias') {
    visit(node);
    return;
  }
  const target = deref(node, state);
  state.aliasDepth++;
  try {
    visit(target);
  } finally {
    state.aliasDepth--;
  }
}

interface MapMode {
  /** The map's keys are environment variable names. */
  envVar: boolean;
  /** Kubernetes Secret `data`: values are base64. */
  base64: boolean;
}

function pairsOf(map: TreeMap, state: FlattenState, depth = 0): TreePair[] {
  const out: TreePair[] = [];
  for (const pair of map.pairs) {
    if (!pair.merge) {
      out.push(pair);
      continue;
    }
    const value = deref(pair.value, state);
    const sources = value?.type === 'seq' ? value.items.map((i) => deref(i, state)) : [value];
    for (const source of sources) if (source?.type === 'map' && depth < 8) out.push(...pairsOf(source, state, depth + 1));
  }
  // Own keys override merged ones: keep the last occurrence of each key.
  const seen = new Set<string>();
  return out.reverse().filter((p) => (seen.has(p.key.value) ? false : (seen.add(p.key.value), true))).reverse();
}

function visitMap(map: TreeMap, path: string[], mode: MapMode, state: FlattenState): void {
  const own = new Set(map.pairs);
  for (const pair of pairsOf(map, state)) {
    if (!tick(state)) return;
    const merged = !own.has(pair);
    if (merged) state.aliasDepth++;
    try {
      throughAlias(pair.value, state, (value) => visitPair(pair, value, path, mode, state));
    } finally {
      if (merged) state.aliasDepth--;
    }
  }
}

function visitPair(pair: TreePair, value: TreeNode | null, path: string[], mode: MapMode, state: FlattenState): void {
  const key = pair.key.value;
  const childPath = [...path, key];
  if (!value) return;
  if (value.type === 'scalar') {
    emit(state, { path: childPath, key, keyNode: pair.key, value, envVar: mode.envVar, base64: mode.base64 });
  } else if (value.type === 'map') {
    // GitLab-style `VAR: { value: x, description: y }` inside an env container.
    const inner = mode.envVar ? scalarChild(value, 'value', state) : null;
    if (inner) emit(state, { path: childPath, key, keyNode: pair.key, value: inner, envVar: true, base64: mode.base64 });
    else visitMap(value, childPath, childMode(key, path, state), state);
  } else if (value.type === 'seq') {
    visitSeq(value, childPath, key, pair.key, state);
  }
}

function childMode(key: string, parentPath: string[], state: FlattenState): MapMode {
  const kind = state.document.kubernetesKind;
  if (parentPath.length === 0 && KUBE_DATA.has(key) && (kind === 'Secret' || kind === 'ConfigMap')) {
    return { envVar: true, base64: kind === 'Secret' && key === 'data' };
  }
  // Azure Functions `local.settings.json`: `{ "Values": { "JWT_SECRET": ... } }`.
  if (parentPath.length === 0 && key === 'Values' && state.format === 'json') return { envVar: true, base64: false };
  return { envVar: ENV_CONTAINERS.has(key.toLowerCase()), base64: false };
}

function scalarChild(map: TreeMap, name: string, state: FlattenState): TreeScalar | null {
  const pair = map.pairs.find((p) => p.key.value === name);
  const value = pair ? deref(pair.value, state) : null;
  return value?.type === 'scalar' ? value : null;
}

function visitSeq(seq: TreeSeq, path: string[], key: string, keyNode: TreeScalar | null, state: FlattenState): void {
  const envList = ENV_CONTAINERS.has(key.toLowerCase());
  seq.items.forEach((raw, i) => {
    if (!tick(state)) return;
    throughAlias(raw, state, (item) => visitItem(item, i, path, key, keyNode, envList, state));
  });
}

function visitItem(item: TreeNode | null, i: number, path: string[], key: string, keyNode: TreeScalar | null, envList: boolean, state: FlattenState): void {
  if (!item) return;
  const itemPath = [...path, String(i)];
  if (item.type === 'scalar') {
    const split = envList && item.valueType === 'string' ? ENV_ITEM.exec(item.value) : null;
    if (split) emitListItem(state, path, item, split[1]!, split[2]!);
    else emit(state, { path: itemPath, key, keyNode: keyNode ?? item, value: item, envVar: false, base64: false, keyAtItem: true });
    return;
  }
  if (item.type === 'seq') {
    visitSeq(item, itemPath, key, keyNode, state);
    return;
  }
  if (item.type !== 'map') return;
  // `- name: X\n  value: y` (container env, pipeline variables, parameters).
  const name = scalarChild(item, 'name', state);
  const value = scalarChild(item, 'value', state);
  if (name && value && name.valueType === 'string' && ENV_NAME.test(name.value)) {
    emit(state, { path: [...path, name.value], key: name.value, keyNode: name, value, envVar: true, base64: false });
    const rest: TreeMap = { type: 'map', pairs: item.pairs.filter((p) => p.key.value !== 'name' && p.key.value !== 'value') };
    visitMap(rest, itemPath, { envVar: false, base64: false }, state);
    return;
  }
  visitMap(item, itemPath, { envVar: false, base64: false }, state);
}

interface Emit {
  path: string[];
  key: string;
  keyNode: TreeScalar;
  value: TreeScalar;
  envVar: boolean;
  base64: boolean;
  /** The key location is the sequence item itself (a list of values has no key of its own). */
  keyAtItem?: boolean;
}

function emit(state: FlattenState, e: Emit): void {
  const { file, lines } = state;
  const keyRange = e.keyAtItem ? e.value.range : e.keyNode.range;
  const entry: ConfigEntry = {
    path: e.path,
    key: e.key,
    value: e.value.value,
    valueType: e.value.valueType,
    valueLoc: spanLoc(file, lines, e.value.range[0], e.value.range[1]),
    keyLoc: spanLoc(file, lines, keyRange[0], keyRange[1]),
    valueRange: e.value.range,
    envVar: e.envVar,
    document: state.document.index,
  };
  if (e.base64 && entry.valueType === 'string') decodeBase64(entry);
  else if (entry.valueType === 'string') applyInterpolation(entry, e.value, state.text, lines);
  state.entries.push(entry);
}

function emitListItem(state: FlattenState, path: string[], item: TreeScalar, name: string, value: string): void {
  const { file, lines, text } = state;
  // Items are written `- A=b` or `- "A=b"`: the name starts at the content start.
  const nameStart = item.contentStart;
  const valueStart = text.startsWith(`${name}=`, nameStart) ? nameStart + name.length + 1 : item.range[0];
  const valueEnd = Math.max(valueStart, contentEnd(item));
  const entry: ConfigEntry = {
    path: [...path, name],
    key: name,
    value,
    valueType: 'string',
    valueLoc: spanLoc(file, lines, valueStart, valueEnd),
    keyLoc: spanLoc(file, lines, nameStart, nameStart + name.length),
    valueRange: [valueStart, valueEnd],
    envVar: true,
    document: state.document.index,
  };
  applyInterpolation(entry, { ...item, value, contentStart: valueStart, range: [valueStart, valueEnd] }, text, lines);
  state.entries.push(entry);
}

function contentEnd(item: TreeScalar): number {
  const quoted = item.contentStart > item.range[0];
  return quoted ? item.range[1] - 1 : item.range[1];
}

function decodeBase64(entry: ConfigEntry): void {
  const compact = entry.value.replace(/\s+/g, '');
  if (compact === '' || !BASE64.test(compact)) return;
  const bytes = Buffer.from(compact, 'base64');
  let text: string;
  let binary = false;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u0008\u000e-\u001f]/.test(text)) binary = true;
  } catch {
    binary = true;
    text = compact;
  }
  entry.value = binary ? compact : text;
  entry.decoded = { encoding: 'base64', byteLength: bytes.length, binary };
}

/**
 * `${NAME:-literal}` → the value becomes the literal, located where the literal starts.
 * `${NAME}` → the value stays as written and `interpolation` names NAME.
 */
export function applyInterpolation(entry: ConfigEntry, written: Pick<TreeScalar, 'value' | 'range' | 'contentStart'>, text: string, lines: LineIndex): void {
  const found = analyseInterpolation(entry.value);
  if (found.kind === 'reference') entry.interpolation = { name: found.name, fallback: false };
  if (found.kind !== 'fallback') return;
  const start = sourceOffset(text, written, found.offset, found.literal);
  const end = Math.min(start + found.literal.length, Math.max(start, written.range[1]));
  entry.value = found.literal;
  entry.interpolation = { name: found.name, fallback: true };
  entry.valueRange = [start, end];
  entry.valueLoc = spanLoc(entry.valueLoc.file, lines, start, end);
}

/** Source offset of `value[index]`, where `needle` starts; exact when the value is written without escapes. */
export function sourceOffset(text: string, written: Pick<TreeScalar, 'value' | 'range' | 'contentStart'>, index: number, needle: string): number {
  const { value, contentStart, range } = written;
  if (text.startsWith(value.slice(0, index), contentStart) && (needle === '' || text.startsWith(needle, contentStart + index))) return contentStart + index;
  if (needle !== '') {
    const at = text.slice(range[0], range[1]).indexOf(needle);
    if (at >= 0) return range[0] + at;
  }
  return Math.min(contentStart + index, range[1]);
}

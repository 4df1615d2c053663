import dagre from '@dagrejs/dagre';
import type { EstateFacts, KeyGroup, Unit } from '../facts/model.js';
import type { MergeResult } from '../estate/merge.js';

// The estate as a graph for the HTML reports: units, the keys they hold and the key sets they
// verify against, laid out by dagre (signers left of a key, verifiers right of it). Labels are
// the repository's own names and are escaped where they are written out (html-page.ts); node
// ids are made here from indexes, never from names.

export type NodeKind = 'unit' | 'key' | 'key-set' | 'repository';
/** `danger`: a key several units hold; `warning`: one value in several environments; `good`: the asymmetric pattern. */
export type Tone = 'danger' | 'warning' | 'good' | 'neutral';
export type EdgeKind = 'signs' | 'verifies' | 'signs-and-verifies' | 'holds' | 'verifies-public-key';

export interface GraphNode {
  id: string;
  kind: NodeKind;
  label: string;
  /** Second line: role, blast radius, environments. */
  detail: string;
  tone: Tone;
  /** Where a click on the node leads in the page (`#unit-3`, `#key-2`). */
  href?: string;
  /** Compound parent (a repository in the merged estate). */
  parent?: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface GraphEdge {
  from: string;
  to: string;
  kind: EdgeKind;
  tone: Tone;
  points: { x: number; y: number }[];
  /** Where the edge's label goes (dagre leaves room for it). */
  label: { x: number; y: number };
}

/** What an edge says, on the edge and in its tooltip. */
export const EDGE_WORDS: Record<EdgeKind, string> = {
  signs: 'signs',
  verifies: 'verifies',
  'signs-and-verifies': 'signs + verifies',
  holds: 'holds',
  'verifies-public-key': 'verifies (public key)',
};

export interface EstateGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  width: number;
  height: number;
  /** Nodes left out to keep the graph readable (the page lists them all in its tables). */
  omitted: number;
}

/** Above this many nodes the graph keeps the riskiest ones; tables in the page list everything. */
export const MAX_GRAPH_NODES = 300;

const CHAR_WIDTH = 7;
const MAX_LABEL_CHARS = 40;
const NODE_HEIGHT = 42;

type Draft = Omit<GraphNode, 'x' | 'y' | 'width' | 'height'> & { weight: number };
type DraftEdge = Omit<GraphEdge, 'points' | 'label'>;

export function shortLabel(text: string): string {
  return text.length > MAX_LABEL_CHARS ? `${text.slice(0, MAX_LABEL_CHARS - 1)}…` : text;
}

export function unitRole(unit: Pick<Unit, 'signs' | 'verifies' | 'signsWithPrivateKey' | 'verifiesWithPublicKey'>, holdsKey = true): string {
  const parts: string[] = [];
  if (unit.signs && unit.verifies) parts.push('signs and verifies (HMAC)');
  else if (unit.signs) parts.push('signs (HMAC)');
  else if (unit.verifies) parts.push('verifies (HMAC)');
  if (unit.signsWithPrivateKey) parts.push('signs with a private key');
  if (unit.verifiesWithPublicKey) parts.push('verifies with a public key');
  return parts.length > 0 ? parts.join(', ') : holdsKey ? 'holds a key' : 'no signing or verifying seen';
}

export function keyLabel(key: Pick<KeyGroup, 'names'>): string {
  return key.names.length > 0 ? key.names.join(', ') : 'a literal key';
}

/** Units that can mint tokens another unit accepts: every holder of a key held by several units. */
export function keyDetail(key: KeyGroup): string {
  const parts: string[] = [];
  if (key.sharedAcrossUnits) parts.push(`blast radius ${key.unitIds.length} units`);
  else if (key.unitIds.length === 1) parts.push('held by one unit');
  if (key.sharedAcrossEnvironments) parts.push(`same value in ${key.environments.join(', ')}`);
  return parts.join('; ');
}

/** The graph of one repository's estate (`scan --format html`). */
export function scanGraph(estate: EstateFacts, unitAnchor: (unitId: string) => string | undefined, keyAnchor: (keyId: string) => string): EstateGraph {
  const drafts: Draft[] = [];
  const edges: DraftEdge[] = [];
  const keys = estate.keys.filter((k) => k.unitIds.length > 0);
  const keySets = estate.keySets ?? [];
  const inGraph = new Set([...keys.flatMap((k) => k.unitIds), ...keySets.flatMap((s) => s.unitIds)]);
  const nodeOfUnit = new Map<string, string>();
  estate.units.forEach((unit, index) => {
    if (!inGraph.has(unit.id) && !unit.signs && !unit.verifies && !unit.signsWithPrivateKey && !unit.verifiesWithPublicKey) return;
    const id = `u${index}`;
    nodeOfUnit.set(unit.id, id);
    const href = unitAnchor(unit.id);
    const shares = keys.some((k) => k.sharedAcrossUnits && k.unitIds.includes(unit.id));
    const asymmetricOnly = (unit.signsWithPrivateKey || unit.verifiesWithPublicKey) && !unit.signs && !unit.verifies;
    drafts.push({
      id,
      kind: 'unit',
      label: unit.name,
      detail: unitRole(unit),
      tone: shares ? 'danger' : asymmetricOnly ? 'good' : 'neutral',
      ...(href !== undefined && { href }),
      weight: shares ? 3 : 1,
    });
  });
  keys.forEach((key, index) => {
    const id = `k${index}`;
    drafts.push({
      id,
      kind: 'key',
      label: `${key.id}: ${keyLabel(key)}`,
      detail: keyDetail(key),
      tone: key.sharedAcrossUnits ? 'danger' : key.sharedAcrossEnvironments ? 'warning' : 'neutral',
      href: keyAnchor(key.id),
      weight: key.sharedAcrossUnits ? 4 : 2,
    });
    for (const unitId of key.unitIds) {
      const unit = nodeOfUnit.get(unitId);
      if (unit === undefined) continue;
      const signs = key.signers.includes(unitId);
      const verifies = key.verifiers.includes(unitId);
      const tone: Tone = key.sharedAcrossUnits ? 'danger' : 'neutral';
      // Signers point at the key, the key at its verifiers: left to right, who mints for whom.
      if (signs) edges.push({ from: unit, to: id, kind: verifies ? 'signs-and-verifies' : 'signs', tone });
      else edges.push({ from: id, to: unit, kind: verifies ? 'verifies' : 'holds', tone });
    }
  });
  keySets.forEach((set, index) => {
    const id = `s${index}`;
    drafts.push({
      id,
      kind: 'key-set',
      label: `public keys: ${set.origin.replace(/^(env|config|url):/, '')}`,
      detail: `${set.unitIds.length} ${set.unitIds.length === 1 ? 'verifier' : 'verifiers'}, none can sign`,
      tone: 'good',
      weight: 1,
    });
    for (const unitId of set.unitIds) {
      const unit = nodeOfUnit.get(unitId);
      if (unit !== undefined) edges.push({ from: id, to: unit, kind: 'verifies-public-key', tone: 'good' });
    }
  });
  return layout(drafts, edges);
}

/** The graph of merged estates (`estate merge --format html`): repositories hold units; shared keys join them. */
export function mergeGraph(result: MergeResult, repositoryAnchor: (index: number) => string, keyAnchor: (keyId: string) => string): EstateGraph {
  const drafts: Draft[] = [];
  const edges: DraftEdge[] = [];
  const sharedRepositories = new Set(result.shared.flatMap((k) => k.repositories));
  const unitNodes = new Map<string, string>();
  result.repositories.forEach((repository, r) => {
    const repoId = `r${r}`;
    const active = repository.units.filter((u) => u.signs || u.verifies || u.signsWithPrivateKey || u.verifiesWithPublicKey);
    drafts.push({
      id: repoId,
      kind: 'repository',
      label: repository.name,
      detail: repository.commit ? `commit ${repository.commit.slice(0, 12)}` : '',
      tone: sharedRepositories.has(r) ? 'danger' : 'neutral',
      href: repositoryAnchor(r),
      weight: sharedRepositories.has(r) ? 3 : 1,
    });
    active.forEach((unit, u) => {
      const id = `r${r}u${u}`;
      unitNodes.set(`${r}\0${unit.id}`, id);
      drafts.push({
        id,
        kind: 'unit',
        label: unit.name,
        detail: unitRole(unit),
        // Asymmetric only: the pattern to copy (a unit that also holds a shared key turns red below).
        tone: (unit.signsWithPrivateKey || unit.verifiesWithPublicKey) && !unit.signs && !unit.verifies ? 'good' : 'neutral',
        parent: repoId,
        href: repositoryAnchor(r),
        weight: sharedRepositories.has(r) ? 3 : 1,
      });
    });
  });
  const draftById = new Map(drafts.map((d) => [d.id, d]));
  result.shared.forEach((key, index) => {
    const id = `k${index}`;
    const names = [...new Set(key.holders.flatMap((h) => h.key.names))].sort();
    drafts.push({
      id,
      kind: 'key',
      label: `${key.id}: ${names.length > 0 ? names.join(', ') : 'a literal key'}`,
      detail: `blast radius ${key.repositories.length} repositories${key.environments.length > 0 ? `; ${key.environments.join(', ')}` : ''}`,
      tone: 'danger',
      href: keyAnchor(key.id),
      weight: 4,
    });
    const linked = new Set<string>();
    for (const holder of key.holders) {
      for (const held of holder.key.units) {
        const unit = unitNodes.get(`${holder.repository}\0${held.unit}`);
        if (unit === undefined) continue;
        draftById.get(unit)!.tone = 'danger';
        if (linked.has(unit)) continue;
        linked.add(unit);
        if (held.signs) edges.push({ from: unit, to: id, kind: held.verifies ? 'signs-and-verifies' : 'signs', tone: 'danger' });
        else edges.push({ from: id, to: unit, kind: held.verifies ? 'verifies' : 'holds', tone: 'danger' });
      }
      // A key no unit of its repository is known to use still sits in that repository.
      if (!holder.key.units.some((held) => unitNodes.has(`${holder.repository}\0${held.unit}`)) && !linked.has(`r${holder.repository}`)) {
        linked.add(`r${holder.repository}`);
        edges.push({ from: id, to: `r${holder.repository}`, kind: 'holds', tone: 'danger' });
      }
    }
  });
  return layout(drafts, edges);
}

/**
 * Lays out at most MAX_GRAPH_NODES nodes, the heaviest (shared keys and their holders) first,
 * with dagre; edges to nodes left out are dropped. Node sizes follow their labels.
 */
function layout(drafts: Draft[], draftEdges: DraftEdge[]): EstateGraph {
  let kept = drafts;
  if (drafts.length > MAX_GRAPH_NODES) {
    const order = drafts.map((d, i) => ({ d, i })).sort((a, b) => b.d.weight - a.d.weight || a.i - b.i);
    const keep = new Set(order.slice(0, MAX_GRAPH_NODES).map(({ d }) => d.id));
    // A kept unit keeps its repository, so that the cluster it is drawn in exists.
    for (const d of drafts) if (keep.has(d.id) && d.parent !== undefined) keep.add(d.parent);
    kept = drafts.filter((d) => keep.has(d.id));
  }
  const ids = new Set(kept.map((d) => d.id));
  const parents = new Set(kept.flatMap((d) => (d.parent !== undefined ? [d.parent] : [])));
  const edges = draftEdges.filter((e) => ids.has(e.from) && ids.has(e.to));

  const g = new dagre.graphlib.Graph({ compound: true, multigraph: false });
  g.setGraph({ rankdir: 'LR', nodesep: 18, ranksep: 70, marginx: 12, marginy: 12 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const d of kept) {
    const text = Math.max(shortLabel(d.label).length, shortLabel(d.detail).length);
    g.setNode(d.id, parents.has(d.id) ? {} : { width: Math.max(90, text * CHAR_WIDTH + 24), height: NODE_HEIGHT });
  }
  for (const d of kept) if (d.parent !== undefined && ids.has(d.parent)) g.setParent(d.id, d.parent);
  // Each edge's label gets room of its own, so that short edges do not run it into a node.
  for (const e of edges) g.setEdge(e.from, e.to, { width: EDGE_WORDS[e.kind].length * 6, height: 12, labelpos: 'c' });
  dagre.layout(g);

  const nodes: GraphNode[] = kept.map(({ weight: _weight, ...d }) => {
    const box = g.node(d.id) as { x: number; y: number; width: number; height: number };
    return { ...d, x: box.x, y: box.y, width: box.width, height: box.height };
  });
  const laidEdges: GraphEdge[] = edges.map((e) => {
    const laid = g.edge(e.from, e.to) as { points?: { x: number; y: number }[]; x?: number; y?: number };
    const points = (laid?.points ?? []).map(({ x, y }) => ({ x, y }));
    const middle = points[Math.floor(points.length / 2)] ?? { x: 0, y: 0 };
    return { ...e, points, label: { x: laid?.x ?? middle.x, y: laid?.y ?? middle.y } };
  });
  const size = g.graph() as { width?: number; height?: number };
  return { nodes, edges: laidEdges, width: Math.ceil(size.width ?? 0), height: Math.ceil(size.height ?? 0), omitted: drafts.length - kept.length };
}

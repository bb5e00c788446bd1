/**
 * The process tree's shape and positions: processes nested under their current parent (an
 * orphan under its adopter), filtered, with crowds of same-state leaf siblings folded into one
 * group node, then laid out by d3-hierarchy's tidy tree (roots on the left, children to the
 * right). Pure functions: the component only draws what this returns.
 */
import { hierarchy, tree } from 'd3-hierarchy';
import { formerParent, type ProcView, type ViewState } from './process-model.svelte';

/** One node of the tree before layout. */
export interface TreeItem {
  /** Stable across updates: `p<pid>`, `e<pid>` (Electron), `<parent>/g<state>`, `electron`. */
  id: string;
  kind: 'proc' | 'group' | 'section';
  proc: ProcView | null;
  /** For a group: the state its members share, and the members. */
  group: { state: ViewState; members: readonly ProcView[] } | null;
  /** For a group or section: whether its members are shown as its children. */
  expanded: boolean;
  /** Shown only because something under it matched the filter. */
  context: boolean;
  children: TreeItem[];
}

/** What {@link buildForest} needs besides the processes. */
export interface ForestOptions {
  /** Keeps processes it returns true for (and their ancestors, as context). */
  filter?: ((p: ProcView) => boolean) | null;
  /** Ids of group nodes the user opened. */
  expanded?: ReadonlySet<string>;
  /** Ids of sections the user closed. */
  collapsed?: ReadonlySet<string>;
  /** Fold leaf siblings sharing a state once there are more than this many. Default 12. */
  groupAt?: number;
}

const item = (id: string, over: Partial<TreeItem>): TreeItem => ({
  id,
  kind: 'proc',
  proc: null,
  group: null,
  expanded: true,
  context: false,
  children: [],
  ...over,
});

/** Nests `procs` by current parent; processes whose parent is not among them are roots. */
function nest(procs: readonly ProcView[], prefix: string, opts: ForestOptions): TreeItem[] {
  const byPid = new Map(procs.map((p) => [p.pid, p]));
  const kids = new Map<number, ProcView[]>();
  const roots: ProcView[] = [];
  for (const p of procs) {
    const parent = p.ppid !== p.pid ? byPid.get(p.ppid) : undefined;
    if (!parent) roots.push(p);
    else {
      // Pushed, not copied: 500 children of one parent would otherwise copy ~125k entries.
      const list = kids.get(parent.pid);
      if (list) list.push(p);
      else kids.set(parent.pid, [p]);
    }
  }
  const seen = new Set<number>();
  const build = (p: ProcView): TreeItem | null => {
    // A reused pid could make a loop of parents: draw each process once.
    if (seen.has(p.pid)) return null;
    seen.add(p.pid);
    const children = (kids.get(p.pid) ?? []).map(build).filter((c): c is TreeItem => c !== null);
    const matches = !opts.filter || opts.filter(p);
    if (!matches && children.length === 0) return null;
    return item(`${prefix}${p.pid}`, { proc: p, context: !matches, children });
  };
  return roots
    .map(build)
    .filter((c): c is TreeItem => c !== null)
    .filter((c) => c.proc?.kind !== 'adopter' || c.children.length > 0); // an adopter only with its orphans
}

/** Folds each crowd of same-state leaf siblings into one group node, recursively. */
function fold(items: TreeItem[], parentId: string, opts: ForestOptions): TreeItem[] {
  const at = opts.groupAt ?? 12;
  const leaves = new Map<ViewState, TreeItem[]>();
  for (const it of items)
    if (it.kind === 'proc' && it.children.length === 0 && it.proc) {
      const list = leaves.get(it.proc.state);
      if (list) list.push(it);
      else leaves.set(it.proc.state, [it]);
    }
  const out: TreeItem[] = [];
  const placed = new Set<ViewState>();
  for (const it of items) {
    if (it.kind === 'proc' && it.children.length > 0) it.children = fold(it.children, it.id, opts);
    const state = it.proc?.state;
    const crowd = it.children.length === 0 && state !== undefined ? leaves.get(state) : undefined;
    if (!crowd || crowd.length <= at || state === undefined) {
      out.push(it);
      continue;
    }
    // The group takes the place of its first member.
    if (placed.has(state)) continue;
    placed.add(state);
    const id = `${parentId}/g${state}`;
    const expanded = opts.expanded?.has(id) ?? false;
    out.push(
      item(id, {
        kind: 'group',
        group: { state, members: crowd.map((c) => c.proc!) },
        expanded,
        children: expanded ? crowd : [],
      }),
    );
  }
  return out;
}

/**
 * The forest to draw: the lab's processes (orphans under their adopter), then the app's own
 * Electron processes as one section.
 */
export function buildForest(
  lab: readonly ProcView[],
  electron: readonly ProcView[],
  opts: ForestOptions = {},
): TreeItem[] {
  const forest = fold(nest(lab, 'p', opts), '', opts);
  const app = nest(electron, 'e', opts);
  if (app.length > 0) {
    const expanded = !(opts.collapsed?.has('electron') ?? false);
    forest.push(item('electron', { kind: 'section', expanded, children: expanded ? fold(app, 'electron', opts) : [] }));
  }
  return forest;
}

/** Whether `p` matches what the user typed: part of its name, the start of its pid, its state. */
export function matchesFilter(p: ProcView, query: string, stateWord: (s: ViewState) => string): boolean {
  const q = query.trim().toLowerCase();
  if (q === '') return true;
  if (p.name.toLowerCase().includes(q)) return true;
  if (String(p.pid).startsWith(q)) return true;
  if (p.state.toLowerCase() === q) return true;
  return stateWord(p.state).toLowerCase().includes(q);
}

/** One node placed on the page (top-left corner, px). */
export interface LaidNode {
  item: TreeItem;
  x: number;
  y: number;
  /** 1 for a root (`aria-level`). */
  level: number;
  parentId: string | null;
  /** Position among its siblings, from 1 (`aria-posinset`), and their number (`aria-setsize`). */
  posinset: number;
  setsize: number;
}

/** A line between two nodes, as an SVG path. */
export interface TreeLink {
  id: string;
  path: string;
}

/** Everything the tree draws. `nodes` are in reading (pre-)order: the keyboard's order. */
export interface TreeLayout {
  nodes: LaidNode[];
  links: TreeLink[];
  /** Dashed lines from an orphan back to its old parent, when both are drawn. */
  traces: TreeLink[];
  width: number;
  height: number;
}

/** Node box size and the gaps between boxes, px. */
export interface NodeSize {
  width: number;
  height: number;
  rowGap: number;
  colGap: number;
}

/** Positions the forest with d3-hierarchy's tidy tree. */
export function layoutForest(forest: TreeItem[], size: NodeSize): TreeLayout {
  const root = hierarchy<TreeItem>(item('root', { children: forest }), (d) => d.children);
  const laid = tree<TreeItem>()
    .nodeSize([size.height + size.rowGap, size.width + size.colGap])
    .separation(() => 1)(root);
  let minX = Infinity;
  let maxX = -Infinity;
  let maxDepth = 0;
  laid.each((n) => {
    if (n.depth === 0) return;
    minX = Math.min(minX, n.x);
    maxX = Math.max(maxX, n.x);
    maxDepth = Math.max(maxDepth, n.depth);
  });
  if (!Number.isFinite(minX)) return { nodes: [], links: [], traces: [], width: 0, height: 0 };

  const nodes: LaidNode[] = [];
  const byId = new Map<string, LaidNode>();
  laid.eachBefore((n) => {
    if (n.depth === 0) return;
    const siblings = n.parent?.children ?? [n];
    const node: LaidNode = {
      item: n.data,
      x: (n.depth - 1) * (size.width + size.colGap),
      y: n.x - minX,
      level: n.depth,
      parentId: n.depth > 1 ? (n.parent?.data.id ?? null) : null,
      posinset: siblings.indexOf(n) + 1,
      setsize: siblings.length,
    };
    nodes.push(node);
    byId.set(node.item.id, node);
  });

  const mid = size.height / 2;
  const links: TreeLink[] = [];
  for (const n of nodes) {
    const parent = n.parentId === null ? undefined : byId.get(n.parentId);
    if (!parent) continue;
    const x1 = parent.x + size.width;
    const xm = x1 + size.colGap / 2;
    links.push({ id: n.item.id, path: `M${x1},${parent.y + mid}H${xm}V${n.y + mid}H${n.x}` });
  }

  const byPid = new Map(nodes.filter((n) => n.item.proc).map((n) => [n.item.proc!.pid, n]));
  const traces: TreeLink[] = [];
  for (const n of nodes) {
    const p = n.item.proc;
    const old = p && p.kind === 'lab' ? formerParent(p) : null;
    const from = old === null ? undefined : byPid.get(old);
    if (!from || from === n) continue;
    // From the old parent's right edge, bending round to the orphan's left edge.
    const x1 = from.x + size.width;
    const y1 = from.y + mid;
    const x2 = n.x;
    const y2 = n.y + mid;
    const bend = Math.max(40, Math.abs(x2 - x1) / 2);
    traces.push({ id: n.item.id, path: `M${x1},${y1}C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}` });
  }

  return {
    nodes,
    links,
    traces,
    width: maxDepth * (size.width + size.colGap) - size.colGap,
    height: maxX - minX + size.height,
  };
}

const sameMembers = (a: readonly ProcView[], b: readonly ProcView[]): boolean =>
  a.length === b.length && a.every((p, i) => p === b[i]);

/** Whether two tree items draw the same (same process record, group, flags and child count). */
function sameItem(x: TreeItem, y: TreeItem): boolean {
  return (
    x.id === y.id &&
    x.kind === y.kind &&
    x.proc === y.proc &&
    x.expanded === y.expanded &&
    x.context === y.context &&
    x.children.length === y.children.length &&
    (x.group === y.group ||
      (x.group !== null &&
        y.group !== null &&
        x.group.state === y.group.state &&
        sameMembers(x.group.members, y.group.members)))
  );
}

/** Whether two placed nodes are at the same place in the tree. */
const samePlace = (a: LaidNode, b: LaidNode): boolean =>
  a.x === b.x &&
  a.y === b.y &&
  a.level === b.level &&
  a.parentId === b.parentId &&
  a.posinset === b.posinset &&
  a.setsize === b.setsize;

/**
 * `next` with every item, node and line that draws the same as in `prev` replaced by `prev`'s
 * own object. A process record is immutable and replaced only when its story changes, so after
 * one frame's events most items are the very objects drawn before: a keyed `{#each}` then
 * re-renders only the nodes whose process or group changed, and a node that only moved (a new
 * sibling above it) updates its position alone.
 */
export function keepUnchanged(prev: TreeLayout | null, next: TreeLayout): TreeLayout {
  if (prev === null) return next;
  const nodes = new Map(prev.nodes.map((n) => [n.item.id, n]));
  const links = new Map(prev.links.map((l) => [l.id, l]));
  const traces = new Map(prev.traces.map((l) => [l.id, l]));
  const same = (old: TreeLink | undefined, l: TreeLink): TreeLink => (old && old.path === l.path ? old : l);
  return {
    ...next,
    nodes: next.nodes.map((n) => {
      const old = nodes.get(n.item.id);
      if (!old || !sameItem(old.item, n.item)) return n;
      return samePlace(old, n) ? old : { ...n, item: old.item };
    }),
    links: next.links.map((l) => same(links.get(l.id), l)),
    traces: next.traces.map((l) => same(traces.get(l.id), l)),
  };
}

/** Trees with more nodes than this draw only the nodes near the scrolled view ({@link nearView}). */
export const WINDOW_AT = 150;

/**
 * The nodes to put in the page: all of a small tree; of a large one (the zombie pile-up's
 * 500), those within `margin` px of the scrolled view `[top, top + height)` (layout px, the
 * canvas's own), plus the ones in `keep` (the node in the Tab order, the focused one). The
 * others cost nothing per frame: a state change of 500 zombies re-renders the ~20 in sight.
 * With no view measured yet (height 0: no layout, as in jsdom) every node is drawn.
 */
export function nearView(
  nodes: readonly LaidNode[],
  view: { top: number; height: number },
  nodeHeight: number,
  opts: { margin?: number; keep?: ReadonlySet<string>; windowAt?: number } = {},
): readonly LaidNode[] {
  if (nodes.length <= (opts.windowAt ?? WINDOW_AT) || view.height <= 0) return nodes;
  const margin = opts.margin ?? 800;
  const lo = view.top - margin;
  const hi = view.top + view.height + margin;
  return nodes.filter((n) => (n.y + nodeHeight >= lo && n.y <= hi) || opts.keep?.has(n.item.id) === true);
}

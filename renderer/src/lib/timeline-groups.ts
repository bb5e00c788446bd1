/**
 * Large groups on the timeline: siblings beyond a dozen (the zombie pile-up's hundreds of
 * children, repeated races) are drawn as one lane, as the tree folds them into one node: how
 * many of them were alive, and how many were zombies (Z), over time. Counts are step functions
 * of the members' own state spans, so they are what the OS was sampled to say, not a model.
 */
import type { ProcView } from './process-model.svelte';

/** Siblings beyond this many (leaves, same first parent) share one lane: the tree's own limit. */
export const GROUP_AT = 12;

/** One row of the timeline: a process's own lane, or a group's. */
export type TimelineRow =
  { kind: 'proc'; id: string; p: ProcView } | { kind: 'group'; id: string; parent: number; members: ProcView[] };

/** The rows in lane order: each crowd of leaf siblings takes the place of its first member. */
export function timelineRows(lanes: readonly ProcView[], at = GROUP_AT): TimelineRow[] {
  const parents = new Set(lanes.map((p) => p.ppids[0] ?? p.ppid));
  const crowds = new Map<number, ProcView[]>();
  for (const p of lanes) {
    if (parents.has(p.pid)) continue; // has children of its own: keeps its lane
    const parent = p.ppids[0] ?? p.ppid;
    crowds.set(parent, [...(crowds.get(parent) ?? []), p]);
  }
  const rows: TimelineRow[] = [];
  const placed = new Set<number>();
  for (const p of lanes) {
    const parent = p.ppids[0] ?? p.ppid;
    const crowd = parents.has(p.pid) ? undefined : crowds.get(parent);
    if (!crowd || crowd.length <= at) rows.push({ kind: 'proc', id: `p${p.pid}`, p });
    else if (!placed.has(parent)) {
      placed.add(parent);
      rows.push({ kind: 'group', id: `g${parent}`, parent, members: crowd });
    }
  }
  return rows;
}

/** How many members were alive, and how many in Z, from `t` on (until the next point). */
export interface GroupPoint {
  t: number;
  alive: number;
  z: number;
}

/** The group's counts over time, one point per change; `end` closes what is still open. */
export function groupCounts(members: readonly ProcView[], end: number): GroupPoint[] {
  const deltas = new Map<number, { alive: number; z: number }>();
  const add = (t: number, alive: number, z: number): void => {
    const d = deltas.get(t) ?? { alive: 0, z: 0 };
    d.alive += alive;
    d.z += z;
    deltas.set(t, d);
  };
  for (const p of members) {
    add(p.startMs, 1, 0);
    add(p.goneMs ?? end, -1, 0);
    for (const s of p.spans) {
      if (s.state !== 'Z') continue;
      add(s.from, 0, 1);
      add(s.to ?? p.goneMs ?? end, 0, -1);
    }
  }
  let alive = 0;
  let z = 0;
  return [...deltas.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([t, d]) => {
      alive += d.alive;
      z += d.z;
      return { t, alive, z };
    });
}

/** The most at once, and when that was first reached. */
export function peak(points: readonly GroupPoint[], key: 'alive' | 'z'): { count: number; t: number | null } {
  let best = { count: 0, t: null as number | null };
  for (const p of points) if (p[key] > best.count) best = { count: p[key], t: p.t };
  return best;
}

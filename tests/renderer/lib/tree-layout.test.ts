/**
 * The tree redraws only what changed: after each recorded batch of a real run, every node whose
 * process record did not change keeps the very item object drawn before (so its keyed
 * `{#each}` entry does not re-render), and a node that only moved keeps its item too.
 */
import { describe, expect, it } from 'vitest';
import { ProcessModel } from '../../../renderer/src/lib/process-model.svelte';
import {
  buildForest,
  keepUnchanged,
  layoutForest,
  nearView,
  type TreeLayout,
} from '../../../renderer/src/lib/tree-layout';
import { fixture, replayUntil } from '../fixtures';

const SIZE = { width: 228, height: 72, rowGap: 10, colGap: 36 };

describe('keepUnchanged', () => {
  for (const name of ['zombie', 'orphan', 'zombie-pile-up']) {
    it(`${name}: unchanged processes keep their drawn item, changed ones get a new one`, () => {
      const model = new ProcessModel({ keepExitedMs: Infinity });
      let prev: TreeLayout | null = null;
      let kept = 0;
      let redrawn = 0;
      for (const batch of fixture(name).batches) {
        model.apply(batch);
        const next = keepUnchanged(prev, layoutForest(buildForest(model.visible, [], { groupAt: 12 }), SIZE));
        const before = new Map(prev?.nodes.map((n) => [n.item.id, n]));
        for (const n of next.nodes) {
          const old = before.get(n.item.id);
          if (!old) continue;
          const sameRecord =
            old.item.proc === n.item.proc &&
            old.item.kind === n.item.kind &&
            old.item.children.length === n.item.children.length &&
            old.item.group === null &&
            n.item.group === null;
          if (sameRecord) {
            expect(n.item).toBe(old.item);
            kept++;
          } else if (old.item.proc !== n.item.proc) {
            expect(n.item).not.toBe(old.item);
            redrawn++;
          }
        }
        // Same places and same drawing: the very same node object.
        for (const n of next.nodes) {
          const old = before.get(n.item.id);
          if (old && old.item === n.item && old.x === n.x && old.y === n.y && old.posinset === n.posinset)
            expect(n).toBe(old);
        }
        prev = next;
      }
      expect(kept).toBeGreaterThan(0);
      expect(redrawn).toBeGreaterThan(0);
    });
  }

  it('a node whose place changed is drawn at the new place', () => {
    const model = new ProcessModel({ keepExitedMs: Infinity });
    const f = fixture('zombie');
    model.apply(f.batches[0]!);
    let prev = keepUnchanged(null, layoutForest(buildForest(model.visible, []), SIZE));
    for (const b of f.batches.slice(1)) {
      model.apply(b);
      const fresh = layoutForest(buildForest(model.visible, []), SIZE);
      const next = keepUnchanged(prev, fresh);
      expect(next.nodes.map((n) => [n.item.id, n.x, n.y, n.level, n.posinset, n.setsize])).toEqual(
        fresh.nodes.map((n) => [n.item.id, n.x, n.y, n.level, n.posinset, n.setsize]),
      );
      expect(next.links).toEqual(fresh.links);
      prev = next;
    }
  });
});

describe('nearView', () => {
  // The real pile-up: 320 zombies under main, the group opened so every one is a node.
  const model = replayUntil('zombie-pile-up', (m) => m.all.filter((p) => p.state === 'Z').length >= 320);
  const main = model.all.find((p) => p.role === 'main')!;
  const layout = layoutForest(
    buildForest(model.visible, [], { expanded: new Set([`p${main.pid}/gZ`]), groupAt: 12 }),
    SIZE,
  );

  it('draws every node of a small tree, or when no view is measured (no layout)', () => {
    const small = layout.nodes.slice(0, 40);
    expect(nearView(small, { top: 5000, height: 600 }, SIZE.height)).toBe(small);
    expect(nearView(layout.nodes, { top: 0, height: 0 }, SIZE.height)).toBe(layout.nodes);
  });

  it('of a large tree, the nodes near the view, plus the ones kept (focus, Tab stop)', () => {
    expect(layout.nodes.length).toBeGreaterThan(300);
    const view = { top: 8000, height: 700 };
    const last = layout.nodes.at(-1)!;
    const shown = nearView(layout.nodes, view, SIZE.height, { margin: 400, keep: new Set([last.item.id]) });
    expect(shown.length).toBeLessThan(40);
    // Every node that overlaps the view (and its margin) is there, in reading order.
    const overlaps = layout.nodes.filter((n) => n.y + SIZE.height >= 7600 && n.y <= 9100);
    expect(overlaps.length).toBeGreaterThan(5);
    for (const n of overlaps) expect(shown).toContain(n);
    expect(shown).toContain(last);
    expect(shown.map((n) => layout.nodes.indexOf(n))).toEqual(
      [...shown.map((n) => layout.nodes.indexOf(n))].sort((a, b) => a - b),
    );
  });
});

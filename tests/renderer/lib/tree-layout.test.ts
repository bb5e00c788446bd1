/**
 * The tree redraws only what changed: after each recorded batch of a real run, every node whose
 * process record did not change keeps the very item object drawn before (so its keyed
 * `{#each}` entry does not re-render), and a node that only moved keeps its item too.
 */
import { describe, expect, it } from 'vitest';
import { ProcessModel } from '../../../renderer/src/lib/process-model.svelte';
import { buildForest, keepUnchanged, layoutForest, type TreeLayout } from '../../../renderer/src/lib/tree-layout';
import { fixture } from '../fixtures';

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

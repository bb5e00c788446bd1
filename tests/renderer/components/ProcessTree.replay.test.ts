/**
 * A replayed run shows only what was measured: a saved report holds no usage ticks, so at any
 * instant of its replay the tree has no CPU or memory figure for a process, and it says "—"
 * rather than "CPU 0 % · 0 B". The live run, which was sampled, shows its figures.
 */
import { render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import ProcessTree from '../../../renderer/src/components/ProcessTree.svelte';
import { setLanguage } from '../../../renderer/src/lib/i18n.svelte';
import { Replay } from '../../../renderer/src/lib/replay.svelte';
import { fixture, replayUntil } from '../fixtures';

afterEach(() => setLanguage('zh'));

const liveNodes = (): HTMLElement[] =>
  screen.queryAllByRole('treeitem').filter((e) => e.dataset.pid && e.dataset.state !== 'exited');

describe('ProcessTree in a replay', () => {
  for (const name of ['join', 'zombie']) {
    it(`${name}: a process with no measured usage shows "—", not 0 %`, () => {
      setLanguage('en');
      const report = fixture(name).report;
      // An instant with processes still running: half-way through.
      const replay = new Replay(report, report.wallMs / 2);
      render(ProcessTree, { model: replay.model, ended: true });
      const nodes = liveNodes();
      expect(nodes.length).toBeGreaterThan(0);
      for (const n of nodes) {
        if (n.dataset.state === 'Z') continue; // a zombie's line says nothing of usage either way
        expect(n.textContent).toContain('CPU avg — · —');
        expect(n.textContent).not.toMatch(/CPU avg 0%|· 0 B/);
        expect(n.getAttribute('aria-label')).not.toMatch(/\b0%|\b0 B/);
      }
      replay.dispose();
    });
  }

  it('the live run, which was sampled, shows its measured figures', () => {
    setLanguage('en');
    const model = replayUntil('join', (m) => m.usage.size > 0 && m.all.some((p) => p.state !== 'exited'));
    render(ProcessTree, { model });
    const sampled = liveNodes().filter((n) => model.usage.has(Number(n.dataset.pid)));
    expect(sampled.length).toBeGreaterThan(0);
    for (const n of sampled) expect(n.textContent).toMatch(/CPU avg \d+(\.\d)?% · \d+(\.\d)? (B|KiB|MiB|GiB)/);
  });
});

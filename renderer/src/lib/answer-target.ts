/**
 * Where the timeline answers each experiment's question, so that a wrong guess can point at it:
 * the lane or marker that shows what the OS did (the zombies' Z spans, the delivered SIGTERM,
 * the orphan's adoption, main's code ending before the daemon, join's concurrent bracket). The
 * targets are the timeline's own test ids and data attributes, the first found wins.
 */

/** For each experiment: what to look at (a `predict.where.<id>` text) and where it is drawn. */
const TARGETS: Record<string, { selectors: string[]; lane?: boolean }> = {
  zombie: { selectors: ['rect[data-state="Z"]', '[data-testid="lane-group"]'], lane: true },
  lifecycle: {
    selectors: ['[data-marker="signal-received"]', '[data-testid="mark"][data-label="terminated"]'],
    lane: true,
  },
  orphan: { selectors: ['[data-marker="reparent"]'], lane: true },
  daemon: { selectors: ['[data-testid="mark"][data-label="main-code-finished"]'] },
  join: { selectors: ['[data-testid="join-startAllJoinAll"]'] },
  parallel: { selectors: ['[data-testid="mark"][data-label="parallel-start"]'] },
  spawn: { selectors: ['[data-testid="mark"][data-label="children-running"]'] },
};

/** Whether the timeline has something to show for `experiment`'s question. */
export function hasAnswerTarget(experiment: string): boolean {
  return experiment in TARGETS;
}

/** The class that marks the element pointed at (viz.css draws it). */
export const HIGHLIGHT = 'answer-highlight';

/**
 * Scrolls the timeline to the element that answers `experiment`'s question, highlights it (the
 * previous highlight goes) and moves the focus to the timeline. Returns the element, or null.
 */
export function pointAtAnswer(experiment: string, root: ParentNode = document): Element | null {
  const target = TARGETS[experiment];
  const svg = root.querySelector('[data-testid="timeline-svg"]');
  if (!target || !svg) return null;
  let el: Element | null = null;
  for (const s of target.selectors) if ((el = svg.querySelector(s))) break;
  if (!el) return null;
  const shown = (target.lane && el.closest('[data-testid="lane"]')) || el.closest('[data-testid]') || el;
  for (const old of svg.querySelectorAll(`.${HIGHLIGHT}`)) old.classList.remove(HIGHLIGHT);
  shown.classList.add(HIGHLIGHT);
  (el as SVGElement).scrollIntoView?.({ block: 'nearest', inline: 'nearest' });
  svg.closest<HTMLElement>('[role="application"]')?.focus({ preventScroll: true });
  return shown;
}

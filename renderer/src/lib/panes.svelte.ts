/**
 * The sizes of the resizable panes (left list, right panel, timeline, details), in pixels, kept
 * in `localStorage` so the bench looks the same next time. Each size is clamped so that every
 * pane stays usable down to a 1024×700 window.
 */

/** One pane's size and its bounds. */
export interface PaneSpec {
  /** Size when the window's size is not known (the constructor sizes from the window). */
  initial: number;
  min: number;
  max: number;
}

/** The panes and their bounds (px). */
export const PANES = {
  /** Width of the experiment list. */
  left: { initial: 210, min: 150, max: 380 },
  /** Width of the experiment panel and details. */
  right: { initial: 420, min: 300, max: 760 },
  /** Height of the timeline under the tree. */
  timeline: { initial: 300, min: 100, max: 600 },
  /** Height of the process details under the experiment panel. */
  details: { initial: 260, min: 120, max: 600 },
} as const satisfies Record<string, PaneSpec>;

/** A pane's name. */
export type PaneName = keyof typeof PANES;

const KEY = 'process-lab.panes.v1';

/** Clamps `v` into the pane's bounds. */
export function clampPane(name: PaneName, v: number): number {
  const { min, max } = PANES[name];
  return Math.round(Math.min(max, Math.max(min, v)));
}

/** The pane sizes as a rune. */
export class PaneSizes {
  left = $state<number>(PANES.left.initial);
  right = $state<number>(PANES.right.initial);
  timeline = $state<number>(PANES.timeline.initial);
  details = $state<number>(PANES.details.initial);
  #storage: Storage | null;

  /**
   * @param storage where the sizes are kept.
   * @param viewport the window's size: a first start sizes the panes from it (a 1024×700 window
   *   and a projector's 1920×1080 both start usable), a saved size wins over it.
   */
  constructor(
    storage: Storage | null = typeof localStorage === 'undefined' ? null : localStorage,
    viewport: { width: number; height: number } = typeof window === 'undefined'
      ? { width: 1280, height: 800 }
      : { width: window.innerWidth, height: window.innerHeight },
  ) {
    this.#storage = storage;
    const bench = Math.max(0, viewport.height - 50);
    this.left = clampPane('left', viewport.width < 1200 ? 190 : 220);
    this.right = clampPane('right', Math.min(520, Math.max(340, viewport.width * 0.3)));
    this.timeline = clampPane('timeline', Math.min(360, Math.max(160, bench * 0.4)));
    this.details = clampPane('details', Math.min(320, Math.max(160, bench * 0.35)));
    let saved: Record<string, unknown> = {};
    try {
      const v: unknown = JSON.parse(storage?.getItem(KEY) ?? '{}');
      if (v && typeof v === 'object') saved = v as Record<string, unknown>;
    } catch {
      // A broken entry means the initial sizes.
    }
    for (const name of Object.keys(PANES) as PaneName[]) {
      const v = saved[name];
      if (typeof v === 'number' && Number.isFinite(v)) this[name] = clampPane(name, v);
    }
  }

  /** Sets one size (clamped) and saves all of them. */
  set(name: PaneName, v: number): void {
    this[name] = clampPane(name, v);
    try {
      this.#storage?.setItem(
        KEY,
        JSON.stringify({ left: this.left, right: this.right, timeline: this.timeline, details: this.details }),
      );
    } catch {
      // Storage unavailable: the sizes hold for this session.
    }
  }
}

/**
 * The timeline's time axis: run-relative milliseconds to pixels, with the zoom (d3-zoom's
 * `{k, x}`, applied to the time axis only: lanes never stretch vertically) and readable ticks.
 */

/** d3-zoom's transform, x part only: a pixel `p` is drawn at `k·p + x`. */
export interface ZoomX {
  k: number;
  x: number;
}

/** The identity: the whole run fits the plot. */
export const NO_ZOOM: ZoomX = Object.freeze({ k: 1, x: 0 });

/** Maps time to pixels. */
export interface TimeScale {
  (t: number): number;
  /** Pixel → time. */
  invert(px: number): number;
  /** The times at the plot's two edges (what is visible now). */
  visible: readonly [number, number];
}

/**
 * Times `[t0, t1]` onto pixels `[x0, x1]` (the plot, in SVG coordinates), then through the
 * zoom. `x0..x1` is also d3-zoom's extent, so zooming keeps the pointer's time under the pointer.
 */
export function timeScale(t0: number, t1: number, x0: number, x1: number, zoom: ZoomX = NO_ZOOM): TimeScale {
  const span = t1 - t0 || 1;
  const base = (t: number): number => x0 + ((t - t0) / span) * (x1 - x0);
  const unbase = (px: number): number => t0 + ((px - x0) / (x1 - x0 || 1)) * span;
  const f = ((t: number) => zoom.k * base(t) + zoom.x) as TimeScale;
  f.invert = (px: number) => unbase((px - zoom.x) / zoom.k);
  f.visible = [f.invert(x0), f.invert(x1)];
  return f;
}

/** About `count` round tick times (1, 2 or 5 × 10ⁿ ms apart) within `[t0, t1]`. */
export function niceTicks(t0: number, t1: number, count = 8): number[] {
  const span = t1 - t0;
  if (!(span > 0) || count < 1) return [];
  const raw = span / count;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * pow).find((s) => s >= raw) ?? 10 * pow;
  const ticks: number[] = [];
  for (let v = Math.ceil(t0 / step) * step; v <= t1 + step * 1e-9; v += step) ticks.push(Math.round(v * 1e6) / 1e6);
  return ticks;
}

/**
 * The timeline's zoom and pan of its time axis only (lanes keep their height), with d3-zoom:
 * wheel and drag on the SVG, plus the steps the toolbar and the keys ask for. Never out past the
 * whole run, never panned past its start or end.
 */
import { select } from 'd3-selection';
import { zoom as d3zoom, zoomIdentity, type ZoomBehavior } from 'd3-zoom';
import type { ZoomX } from './timeline-scale';

/** What the zoom reads when it acts (read then, so one behaviour serves a growing timeline). */
export interface ZoomArea {
  /** The plot's left and right edges, px. */
  plot: () => readonly [number, number];
  /** The SVG's height, px. */
  height: () => number;
}

/** One SVG's zoom: its steps, and `detach()` when the SVG goes. */
export interface TimeAxisZoom {
  scaleBy(k: number): void;
  /** Pans by `px` screen pixels (positive: towards the start). */
  panBy(px: number, currentK: number): void;
  reset(): void;
  detach(): void;
}

/** Attaches the zoom to `svg`; each change is given to `onZoom`. */
export function attachTimeAxisZoom(svg: SVGSVGElement, area: ZoomArea, onZoom: (z: ZoomX) => void): TimeAxisZoom {
  const sel = select(svg);
  const behavior: ZoomBehavior<SVGSVGElement, unknown> = d3zoom<SVGSVGElement, unknown>()
    .scaleExtent([1, 500])
    .extent(() => {
      const [p0, p1] = area.plot();
      return [
        [p0, 0],
        [p1, area.height()],
      ];
    })
    .translateExtent([
      [-Infinity, -Infinity],
      [Infinity, Infinity],
    ])
    .constrain((tr) => {
      // Keep the plot covered: no panning past the run's start or end.
      const [p0, p1] = area.plot();
      const lo = p1 - tr.k * p1;
      const hi = p0 - tr.k * p0;
      const xx = Math.min(hi, Math.max(lo, tr.x));
      return xx === tr.x ? tr : zoomIdentity.translate(xx, 0).scale(tr.k);
    })
    .on('zoom', (e: { transform: { k: number; x: number } }) => onZoom({ k: e.transform.k, x: e.transform.x }));
  sel.call(behavior);
  return {
    scaleBy(k) {
      const [p0, p1] = area.plot();
      behavior.scaleBy(sel, k, [(p0 + p1) / 2, 0]);
    },
    panBy(px, currentK) {
      behavior.translateBy(sel, px / currentK, 0);
    },
    reset() {
      behavior.transform(sel, zoomIdentity);
    },
    detach() {
      sel.on('.zoom', null);
    },
  };
}

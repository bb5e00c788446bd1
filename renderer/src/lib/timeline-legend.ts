/**
 * The timeline's legend, one list for the screen (TimelineLegend.svelte) and the exported
 * picture (svg-export.ts): each item's words (a locale key) and its icon, drawn with the very
 * styles the lanes use. The icons are fixed markup written here, never built from data.
 */

/** One legend item: its `timeline.legend.<id>` words and a 22×14 SVG icon. */
export interface LegendItem {
  id: string;
  icon: string;
}

const bar = (state: string): string => `<rect x="1" y="2" width="20" height="10" style="fill: var(--state-${state})"/>`;

export const LEGEND: readonly LegendItem[] = [
  { id: 'R', icon: bar('r') },
  { id: 'S', icon: bar('s') },
  { id: 'D', icon: bar('d') },
  { id: 'Z', icon: bar('z') },
  { id: 'T', icon: bar('t') },
  {
    // A lane's measured CPU share: filled from the bottom, here two-thirds of one core.
    id: 'cpu',
    icon: `<rect x="1" y="2" width="20" height="10" style="fill: var(--state-r)"/><rect x="1" y="5.33" width="20" height="6.67" style="fill: var(--viz-cpu); fill-opacity: 0.5"/>`,
  },
  {
    id: 'starting',
    icon: `<rect x="1" y="5" width="20" height="4" style="fill: var(--state-r)"/>`,
  },
  {
    id: 'overhead',
    icon: `<rect x="1" y="2" width="20" height="10" style="fill: url(#legend-overhead)"/>`,
  },
  { id: 'unsampled', icon: `<line x1="1" x2="21" y1="7" y2="7" style="stroke: var(--viz-link); stroke-width: 1"/>` },
  { id: 'start', icon: `<path d="M11,1v12" style="stroke: var(--viz-fg); stroke-width: 2"/>` },
  { id: 'signal', icon: `<path d="M11,11l-4,-7h8z" style="fill: var(--viz-signal)"/>` },
  {
    id: 'received',
    icon: `<circle cx="11" cy="7" r="3" style="fill: var(--viz-bg); stroke: var(--viz-signal); stroke-width: 1.5"/>`,
  },
  { id: 'exit', icon: `<path d="M8,4l6,6m0,-6l-6,6" style="stroke: var(--viz-fg); stroke-width: 1.5"/>` },
  { id: 'reap', icon: `<path d="M11,3l4,4l-4,4l-4,-4z" style="fill: var(--viz-fg)"/>` },
  {
    id: 'reparent',
    icon: `<path d="M11,0v14" style="stroke: var(--viz-trace); stroke-width: 2; stroke-dasharray: 3 2"/>`,
  },
  {
    id: 'mark',
    icon: `<path d="M11,0v14" style="stroke: var(--viz-mark); stroke-width: 1; stroke-dasharray: 3 3"/>`,
  },
];

/** The hatch the start overhead is filled with (the lanes' own `timeline-overhead`, renamed). */
export const LEGEND_DEFS = `<pattern id="legend-overhead" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" style="fill: var(--viz-surface)"/><line x1="0" y1="0" x2="0" y2="6" style="stroke: var(--viz-overhead); stroke-width: 3"/></pattern>`;

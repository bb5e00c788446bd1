/**
 * Turns a drawn SVG into a standalone SVG string (the colours' CSS custom properties resolved to
 * their current values, so it looks the same outside the app, in light or dark), with a caption
 * above it (title, experiment, options, machine) and the legend below, so that a picture shown
 * away from the app still says what it is. The PNG is drawn from that string by `svgTextToPng`
 * in `export.ts`.
 */
import { textWidth } from './label-rows';

/** What an exported picture says about itself. */
export interface Caption {
  title: string;
  /** Lines under the title: the experiment and its options, the machine, when. */
  lines: string[];
  /** The legend, each item's fixed icon markup (timeline-legend.ts) and its words. */
  legend: Array<{ icon: string; label: string }>;
  /** Definitions the icons use (the hatch). */
  defs: string;
}

const NS = 'http://www.w3.org/2000/svg';
const TITLE_H = 22;
const LINE_H = 15;
const LEGEND_ROW = 18;

/** Serializes `svg` with every `var(--name)` replaced by its computed value on `svg`. */
export function standaloneSvg(svg: SVGSVGElement, caption?: Caption): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const width = Number(svg.getAttribute('width') ?? svg.clientWidth);
  const height = Number(svg.getAttribute('height') ?? svg.clientHeight);
  if (caption) captionOnto(clone, width, height, caption);
  else {
    clone.setAttribute('width', String(width));
    clone.setAttribute('height', String(height));
  }
  const style = getComputedStyle(svg);
  const serialized = new XMLSerializer().serializeToString(clone);
  // The serializer writes the SVG namespace itself where it knows it; a second would not parse.
  const text = /^<svg[^>]*\sxmlns="/.test(serialized) ? serialized : serialized.replace(/^<svg/, `<svg xmlns="${NS}"`);
  // Fallbacks inside var() are kept as the value when the property is not set.
  return text.replace(/var\((--[\w-]+)(?:,\s*([^)]+))?\)/g, (_m, name: string, fallback?: string) => {
    const v = style.getPropertyValue(name).trim();
    return v || fallback?.trim() || 'currentColor';
  });
}

/** Moves the drawing down under the caption, and adds the legend under it. */
function captionOnto(clone: SVGSVGElement, width: number, height: number, c: Caption): void {
  const doc = clone.ownerDocument;
  const el = (name: string, attrs: Record<string, string | number>, text?: string): SVGElement => {
    const e = doc.createElementNS(NS, name);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
    if (text !== undefined) e.textContent = text;
    return e;
  };
  // The replay's playhead is the screen's, not the run's.
  clone.querySelector('[data-testid="playhead"]')?.remove();
  const lines = c.lines.flatMap((l) => wrap(l, width - 16, 12));
  const top = 8 + TITLE_H + lines.length * LINE_H + 6;
  // The legend flows in rows as wide as the picture.
  const placed: Array<{ x: number; row: number; item: Caption['legend'][number] }> = [];
  let x = 8;
  let row = 0;
  for (const item of c.legend) {
    const w = 26 + textWidth(item.label, 11) + 14;
    if (x + w > width - 8 && x > 8) {
      row++;
      x = 8;
    }
    placed.push({ x, row, item });
    x += w;
  }
  const legendH = (row + 1) * LEGEND_ROW + 10;
  const drawing = el('g', { transform: `translate(0,${top})` });
  while (clone.firstChild) drawing.append(clone.firstChild);
  const total = top + height + legendH;
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(total));
  clone.setAttribute('viewBox', `0 0 ${width} ${total}`);
  clone.append(el('rect', { width, height: total, style: 'fill: var(--viz-bg)' }));
  const defs = el('defs', {});
  defs.innerHTML = c.defs;
  clone.append(defs);
  const head = el('g', { 'data-part': 'caption' });
  head.append(
    el('text', { x: 8, y: 8 + 16, style: 'fill: var(--viz-fg); font-size: 16px; font-weight: 600' }, c.title),
  );
  lines.forEach((line, i) =>
    head.append(
      el(
        'text',
        { x: 8, y: 8 + TITLE_H + (i + 1) * LINE_H - 3, style: 'fill: var(--viz-muted); font-size: 12px' },
        line,
      ),
    ),
  );
  clone.append(head, drawing);
  const legend = el('g', { 'data-part': 'legend', transform: `translate(0,${top + height + 6})` });
  for (const p of placed) {
    const icon = el('g', { transform: `translate(${p.x},${p.row * LEGEND_ROW})` });
    icon.innerHTML = p.item.icon;
    legend.append(
      icon,
      el(
        'text',
        { x: p.x + 26, y: p.row * LEGEND_ROW + 11, style: 'fill: var(--viz-fg); font-size: 11px' },
        p.item.label,
      ),
    );
  }
  clone.append(legend);
}

/** `text` in lines at most `width` px wide at `px`, broken after its commas. */
function wrap(text: string, width: number, px: number): string[] {
  const parts = text.split(/(?<=[,，、])\s*/);
  const out: string[] = [];
  let line = '';
  for (const part of parts) {
    const next = line ? `${line} ${part}` : part;
    if (line && textWidth(next, px) > width) {
      out.push(line);
      line = part;
    } else line = next;
  }
  if (line) out.push(line);
  return out;
}

/**
 * Turns a drawn SVG into a standalone SVG string (the colours' CSS custom properties resolved to
 * their current values, so it looks the same outside the app, in light or dark). The PNG is drawn
 * from that string by `svgTextToPng` in `export.ts`.
 */

/** Serializes `svg` with every `var(--name)` replaced by its computed value on `svg`. */
export function standaloneSvg(svg: SVGSVGElement): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(svg.getAttribute('width') ?? svg.clientWidth));
  clone.setAttribute('height', String(svg.getAttribute('height') ?? svg.clientHeight));
  const style = getComputedStyle(svg);
  const text = new XMLSerializer().serializeToString(clone);
  // Fallbacks inside var() are kept as the value when the property is not set.
  return text.replace(/var\((--[\w-]+)(?:,\s*([^)]+))?\)/g, (_m, name: string, fallback?: string) => {
    const v = style.getPropertyValue(name).trim();
    return v || fallback?.trim() || 'currentColor';
  });
}

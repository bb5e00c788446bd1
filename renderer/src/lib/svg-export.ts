/**
 * Turns a drawn SVG into a file: a standalone SVG string (the colours' CSS custom properties
 * resolved to their current values, so it looks the same outside the app, in light or dark), or
 * a PNG drawn from it on a canvas.
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

/** Draws an SVG string onto a canvas `scale` times its size and encodes it as PNG. */
export async function svgToPng(svgText: string, width: number, height: number, scale = 2): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svgText], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.decoding = 'async';
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.ceil(width * scale);
    canvas.height = Math.ceil(height * scale);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2D canvas');
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0, width, height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

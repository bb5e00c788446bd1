/**
 * Saving what a run showed: its report as JSON (exactly what the CLI prints with `--json`), and
 * the timeline as an image. A download is a Blob and a temporary object URL on an `<a download>`:
 * nothing leaves the machine, and the page needs no permission for it.
 */
import type { RunReport } from '../../../contract/report';

/** Offers `blob` to the user as a file named `filename`. */
export function downloadBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  // The click has started the download; the URL is not needed after this turn.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** `process-lab-zombie-<runId>`: the base of every file exported from one run. */
export function exportBaseName(report: Pick<RunReport, 'experiment' | 'runId'>): string {
  const safe = (s: string): string => s.replace(/[^A-Za-z0-9_-]+/g, '-');
  return `process-lab-${safe(report.experiment)}-${safe(report.runId)}`;
}

/** The report as pretty JSON, in a Blob. */
export function reportBlob(report: RunReport): Blob {
  return new Blob([`${JSON.stringify(report, null, 2)}\n`], { type: 'application/json' });
}

/** Downloads the run's report as `<base>.json`. */
export function downloadReport(report: RunReport): void {
  downloadBlob(reportBlob(report), `${exportBaseName(report)}.json`);
}

/**
 * Draws a standalone SVG document onto a canvas `scale` times its size and encodes it as PNG.
 * The image is loaded from a `data:` URL because the page's Content-Security-Policy allows
 * images from `'self'` and `data:` only (a `blob:` image would be refused).
 */
export async function svgTextToPng(svgText: string, scale = 2): Promise<Blob> {
  const root = new DOMParser().parseFromString(svgText, 'image/svg+xml').documentElement;
  const width = Number.parseFloat(root.getAttribute('width') ?? '');
  const height = Number.parseFloat(root.getAttribute('height') ?? '');
  if (!(width > 0 && height > 0)) throw new Error('the SVG has no size');
  const img = new Image();
  img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svgText)}`;
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = Math.ceil(width * scale);
  canvas.height = Math.ceil(height * scale);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas');
  ctx.scale(scale, scale);
  ctx.drawImage(img, 0, 0, width, height);
  return new Promise<Blob>((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'),
  );
}

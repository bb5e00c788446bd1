/**
 * `npm run icons`: draws the app and tray icons and writes every file the installers and the
 * tray need into `resources/` — with node:zlib only (no ImageMagick, no canvas), so anyone can
 * regenerate them. The outputs are committed: CI and `npm run dist` never run this.
 *
 * The picture is the lecture's subject: a parent process and its two children, one of them a
 * ring (a child that has exited — the zombie of row 10 — waiting for its parent's wait()).
 *
 *   resources/icon.png            1024 px, the master (electron-builder's fallback)
 *   resources/icon.icns           macOS (PNG entries, 16 … 1024 px)
 *   resources/icon.ico            Windows / NSIS (BMP entries ≤ 128 px, PNG at 256 px)
 *   resources/icons/NxN.png       Linux (AppImage, deb): 16 … 512 px; the window uses 256
 *   resources/tray/tray.png       Linux/Windows tray, 32 px (+ @2x)
 *   resources/tray/trayTemplate.png  macOS menu bar template, 16 px (+ @2x), black + alpha
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { deflateSync } from 'node:zlib';

type Rgba = [number, number, number, number];
/** Coverage (0…1) and colour of one layer at a point of the unit square. */
type Layer = (x: number, y: number, aa: number) => { a: number; c: Rgba };

// ---- signed distances (unit square, y down) -----------------------------------------------------

const circle = (cx: number, cy: number, r: number) => (x: number, y: number) => Math.hypot(x - cx, y - cy) - r;
const ring = (cx: number, cy: number, r: number, w: number) => (x: number, y: number) =>
  Math.abs(Math.hypot(x - cx, y - cy) - r) - w / 2;
function segment(ax: number, ay: number, bx: number, by: number, w: number) {
  return (x: number, y: number): number => {
    const [px, py, dx, dy] = [x - ax, y - ay, bx - ax, by - ay];
    const h = Math.max(0, Math.min(1, (px * dx + py * dy) / (dx * dx + dy * dy)));
    return Math.hypot(px - dx * h, py - dy * h) - w / 2;
  };
}
function roundedRect(inset: number, radius: number) {
  return (x: number, y: number): number => {
    const half = 0.5 - inset - radius;
    const qx = Math.abs(x - 0.5) - half;
    const qy = Math.abs(y - 0.5) - half;
    return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius;
  };
}
const union =
  (...fs: ((x: number, y: number) => number)[]) =>
  (x: number, y: number): number =>
    Math.min(...fs.map((f) => f(x, y)));

/** Coverage of a shape from its distance, smoothed over about one pixel. */
const cover = (d: number, aa: number): number => Math.max(0, Math.min(1, 0.5 - d / aa));

// ---- the pictures -----------------------------------------------------------------------------

/** The tree: parent on top, two children, the right one a ring. `s` scales the strokes. */
function tree(s: number) {
  const parent: [number, number] = [0.5, 0.3];
  const left: [number, number] = [0.29, 0.7];
  const right: [number, number] = [0.71, 0.7];
  return union(
    circle(...parent, 0.105),
    circle(...left, 0.085),
    ring(...right, 0.07, 0.04 * s),
    segment(...parent, ...left, 0.035 * s),
    segment(...parent, right[0] - 0.04, right[1] - 0.06, 0.035 * s),
  );
}

const appIcon: Layer[] = [
  (x, y, aa) => {
    // Teal, lighter at the top: readable on light and dark docks and taskbars.
    const k = y;
    const c: Rgba = [
      Math.round(20 + (15 - 20) * k),
      Math.round(184 + (118 - 184) * k),
      Math.round(166 + (110 - 166) * k),
      255,
    ];
    return { a: cover(roundedRect(0.06, 0.19)(x, y), aa), c };
  },
  (x, y, aa) => ({ a: cover(tree(1)(x, y), aa), c: [255, 255, 255, 255] }),
];

/** The tray glyph fills its square (a menu bar icon has no background) and has bolder strokes. */
function trayGlyph(colour: Rgba): Layer[] {
  const g = union(
    circle(0.5, 0.2, 0.17),
    circle(0.18, 0.78, 0.15),
    circle(0.82, 0.78, 0.15),
    segment(0.5, 0.2, 0.18, 0.78, 0.11),
    segment(0.5, 0.2, 0.82, 0.78, 0.11),
  );
  return [(x, y, aa) => ({ a: cover(g(x, y), aa), c: colour })];
}

/** Renders layers at `size` px with 4×4 supersampling; returns straight (non-premultiplied) RGBA. */
function render(layers: Layer[], size: number): Buffer {
  const out = Buffer.alloc(size * size * 4);
  const n = 4;
  const aa = 1 / size;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let [r, g, b, a] = [0, 0, 0, 0];
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const x = (px + (sx + 0.5) / n) / size;
          const y = (py + (sy + 0.5) / n) / size;
          // "over" compositing, premultiplied.
          let [cr, cg, cb, ca] = [0, 0, 0, 0];
          for (const layer of layers) {
            const { a: cov, c } = layer(x, y, aa);
            const la = (cov * c[3]) / 255;
            cr = c[0] * la + cr * (1 - la);
            cg = c[1] * la + cg * (1 - la);
            cb = c[2] * la + cb * (1 - la);
            ca = la + ca * (1 - la);
          }
          r += cr;
          g += cg;
          b += cb;
          a += ca;
        }
      }
      const k = n * n;
      const i = (py * size + px) * 4;
      const alpha = a / k;
      out[i] = alpha > 0 ? Math.round(r / k / alpha) : 0;
      out[i + 1] = alpha > 0 ? Math.round(g / k / alpha) : 0;
      out[i + 2] = alpha > 0 ? Math.round(b / k / alpha) : 0;
      out[i + 3] = Math.round(alpha * 255);
    }
  }
  return out;
}

// ---- file formats --------------------------------------------------------------------------------

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A PNG (8-bit RGBA, no filter) from straight RGBA pixels. */
function png(rgba: Buffer, size: number): Buffer {
  const chunk = (type: string, data: Buffer): Buffer => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // bit depth 8, colour type 6 (RGBA)
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A 32-bit BMP image as an ICO entry holds it (bottom-up BGRA, doubled height, AND mask). */
function icoBitmap(rgba: Buffer, size: number): Buffer {
  const header = Buffer.alloc(40);
  header.writeUInt32LE(40, 0);
  header.writeInt32LE(size, 4);
  header.writeInt32LE(size * 2, 8); // XOR image + AND mask
  header.writeUInt16LE(1, 12);
  header.writeUInt16LE(32, 14);
  const pixels = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const s = (y * size + x) * 4;
      const d = ((size - 1 - y) * size + x) * 4;
      pixels[d] = rgba[s + 2]!;
      pixels[d + 1] = rgba[s + 1]!;
      pixels[d + 2] = rgba[s]!;
      pixels[d + 3] = rgba[s + 3]!;
    }
  }
  const maskRow = Math.ceil(size / 32) * 4;
  return Buffer.concat([header, pixels, Buffer.alloc(maskRow * size)]); // mask all 0: alpha decides
}

/** An ICO holding the given images (BMP below 256 px for old readers such as NSIS, PNG at 256). */
function ico(images: { size: number; rgba: Buffer }[]): Buffer {
  const dir = Buffer.alloc(6);
  dir.writeUInt16LE(1, 2);
  dir.writeUInt16LE(images.length, 4);
  const datas = images.map(({ size, rgba }) => (size >= 256 ? png(rgba, size) : icoBitmap(rgba, size)));
  let offset = 6 + 16 * images.length;
  const entries = images.map(({ size }, i) => {
    const e = Buffer.alloc(16);
    e[0] = size >= 256 ? 0 : size;
    e[1] = size >= 256 ? 0 : size;
    e.writeUInt16LE(1, 4);
    e.writeUInt16LE(32, 6);
    e.writeUInt32LE(datas[i]!.length, 8);
    e.writeUInt32LE(offset, 12);
    offset += datas[i]!.length;
    return e;
  });
  return Buffer.concat([dir, ...entries, ...datas]);
}

/** An ICNS holding PNG entries (the OSType says which size and density each is). */
function icns(entries: { type: string; png: Buffer }[]): Buffer {
  const parts = entries.map(({ type, png: data }) => {
    const h = Buffer.alloc(8);
    h.write(type, 0, 'ascii');
    h.writeUInt32BE(data.length + 8, 4);
    return Buffer.concat([h, data]);
  });
  const total = 8 + parts.reduce((n, p) => n + p.length, 0);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(total, 4);
  return Buffer.concat([head, ...parts]);
}

// ---- write everything ---------------------------------------------------------------------------

const out = resolve(import.meta.dirname, '../resources');
mkdirSync(join(out, 'icons'), { recursive: true });
mkdirSync(join(out, 'tray'), { recursive: true });

const cache = new Map<number, Buffer>();
const app = (size: number): Buffer => {
  let b = cache.get(size);
  if (!b) cache.set(size, (b = render(appIcon, size)));
  return b;
};
const write = (rel: string, data: Buffer): void => {
  writeFileSync(join(out, rel), data);
  console.log(`resources/${rel}  ${data.length} bytes`);
};

write('icon.png', png(app(1024), 1024));
for (const s of [16, 24, 32, 48, 64, 128, 256, 512]) write(`icons/${s}x${s}.png`, png(app(s), s));
write('icon.ico', ico([16, 24, 32, 48, 64, 128, 256].map((size) => ({ size, rgba: app(size) }))));
write(
  'icon.icns',
  icns(
    (
      [
        ['icp4', 16],
        ['icp5', 32],
        ['icp6', 64],
        ['ic07', 128],
        ['ic08', 256],
        ['ic09', 512],
        ['ic10', 1024],
        ['ic11', 32],
        ['ic12', 64],
        ['ic13', 256],
        ['ic14', 512],
      ] as const
    ).map(([type, size]) => ({ type, png: png(app(size), size) })),
  ),
);
const trayColour: Rgba = [20, 160, 145, 255];
write('tray/tray.png', png(render(trayGlyph(trayColour), 32), 32));
write('tray/tray@2x.png', png(render(trayGlyph(trayColour), 64), 64));
// macOS template images: black with alpha only; the menu bar paints them for light or dark.
write('tray/trayTemplate.png', png(render(trayGlyph([0, 0, 0, 255]), 16), 16));
write('tray/trayTemplate@2x.png', png(render(trayGlyph([0, 0, 0, 255]), 32), 32));

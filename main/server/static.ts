/**
 * The browser server's file server: the built renderer (`out/renderer/`), read-only, and nothing outside
 * it. A path is decoded once, resolved under the root, and refused if it leaves it (`..`, an
 * encoded `%2e%2e`, a NUL byte, a symlink pointing out); only GET and HEAD exist.
 */
import { createReadStream, realpathSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** The file under `root` that `pathname` names (`/` → `index.html`), or null if none may be served. */
export function resolveAsset(root: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null; // Malformed %-escape.
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const wanted = decoded === '/' ? '/index.html' : decoded;
  const file = resolve(root, `.${wanted}`);
  const inside = (p: string, base: string): boolean => {
    const rel = relative(base, p);
    return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
  };
  if (!inside(file, root)) return null;
  try {
    if (!statSync(file).isFile()) return null;
    // A symlink inside the root may still point outside it.
    if (!inside(realpathSync(file), realpathSync(root))) return null;
  } catch {
    return null;
  }
  return file;
}

/** Sends `file` with its content type (and only headers for HEAD). */
export function sendFile(res: ServerResponse, file: string, head: boolean): void {
  res.statusCode = 200;
  res.setHeader('Content-Type', TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream');
  res.setHeader('Content-Length', statSync(file).size);
  if (head) {
    res.end();
    return;
  }
  createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res);
}

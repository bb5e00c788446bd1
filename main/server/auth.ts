/**
 * Who may talk to the browser server: whoever holds its token. The token is 32 random bytes,
 * made at start and printed once; every HTTP request and the WebSocket upgrade must carry it,
 * either as `?token=` or as the cookie the server sets after the first request that had it.
 *
 * Why a cookie too: the page's own assets (`/assets/index-….js`) are requested by the browser
 * without our query string. The cookie is `HttpOnly` (the page's scripts cannot read it),
 * `SameSite=Strict` (no other site's page can make the browser send it) and named after the port
 * (two servers on one machine do not overwrite each other's).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** A fresh token: 32 random bytes, URL-safe. */
export function makeToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The cookie's name for the server on `port`. */
export function cookieName(port: number): string {
  return `process_lab_${port}`;
}

/** The `Set-Cookie` value that lets the page's assets and socket through. */
export function tokenCookie(port: number, token: string): string {
  return `${cookieName(port)}=${token}; Path=/; HttpOnly; SameSite=Strict`;
}

/** Compares in constant time, so the answer's timing says nothing about how much was right. */
export function sameToken(given: string | null | undefined, token: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieValue(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/** How a request proved itself: by the query token, by the cookie, or not at all. */
export type TokenProof = 'query' | 'cookie' | null;

/** Checks a request's token (query first, then cookie). */
export function tokenProof(req: IncomingMessage, url: URL, port: number, token: string): TokenProof {
  if (sameToken(url.searchParams.get('token'), token)) return 'query';
  if (sameToken(cookieValue(req.headers.cookie, cookieName(port)), token)) return 'cookie';
  return null;
}

/**
 * The Host header must name the address we listen on. A page on `evil.example` that re-points
 * its DNS name to 127.0.0.1 (DNS rebinding) sends `Host: evil.example`, and is refused even
 * before its missing token is.
 */
export function hostIsOurs(req: IncomingMessage, port: number): boolean {
  return req.headers.host === `127.0.0.1:${port}`;
}

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** The cookie that carries the token for a page's own assets and fetches after a `?token=` load. */
export const tokenCookieName = 'engage_token';

/** A fresh per-launch token: 32 random bytes, base64url (43 characters). */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Tokens must be safe in a URL and in a cookie, and long enough not to be guessed. */
export function checkToken(token: string): string {
  if (!/^[A-Za-z0-9._~-]{16,}$/.test(token))
    throw new Error('the server token must be at least 16 characters from A-Z a-z 0-9 . _ ~ -');
  return token;
}

/** Compares in constant time (hashing first, so that the lengths do not leak either). */
export function tokenMatches(candidate: string, token: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(candidate), digest(token));
}

/** Where a request's token may come from: `Authorization: Bearer`, `?token=`, or the cookie. */
export interface PresentedTokens {
  readonly header: string | undefined;
  readonly query: readonly string[];
  readonly cookie: readonly string[];
}

export function presentedTokens(headers: IncomingHttpHeaders, url: string): PresentedTokens {
  const auth = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(headers.authorization ?? '');
  const query = new URLSearchParams(url.includes('?') ? url.slice(url.indexOf('?') + 1) : '').getAll('token');
  return { header: auth?.[1], query, cookie: cookieValues(headers.cookie, tokenCookieName) };
}

/**
 * Which way a request proved it holds the token (`query` means the cookie should now be set), or
 * null when it did not. Every presented token must match: a wrong one is never outvoted by a right one.
 */
export function authenticate(
  presented: PresentedTokens,
  token: string,
): 'header' | 'query' | 'cookie' | null {
  const all = [...(presented.header === undefined ? [] : [presented.header]), ...presented.query];
  if (all.length > 0) {
    if (!all.every((t) => tokenMatches(t, token))) return null;
    return presented.header !== undefined ? 'header' : 'query';
  }
  // Cookies are per host, not per port: another local server may have set one; any match will do.
  return presented.cookie.some((t) => tokenMatches(t, token)) ? 'cookie' : null;
}

/** The `Set-Cookie` value that lets the page's own requests carry the token. */
export function tokenCookie(token: string): string {
  return `${tokenCookieName}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}

/** The Host headers this server answers to (a DNS-rebinding defence): 127.0.0.1:PORT, localhost:PORT. */
export function hostAllowed(host: string | undefined, port: number): boolean {
  if (host === undefined) return false;
  const h = host.toLowerCase();
  return h === `127.0.0.1:${port}` || h === `localhost:${port}`;
}

/** An Origin, when a client sends one, must be this server's own. */
export function originAllowed(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return true;
  const o = origin.toLowerCase();
  return o === `http://127.0.0.1:${port}` || o === `http://localhost:${port}`;
}

/** Headers on every response; the CSP admits only this origin and its own WebSocket. */
export function securityHeaders(port: number): Record<string, string> {
  return {
    'content-security-policy': [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data: blob:",
      `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`,
      "object-src 'none'",
      "frame-ancestors 'none'",
    ].join('; '),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  };
}

function cookieValues(header: string | undefined, name: string): string[] {
  if (!header) return [];
  return header.split(';').flatMap((part) => {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) return [];
    return [part.slice(eq + 1).trim()];
  });
}

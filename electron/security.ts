/** The page's Content-Security-Policy: only the app's own scripts; no remote anything. */
export const contentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Only the app's own page may talk to the engine: its frame URL must be the renderer's file URL. */
export function isTrustedSender(frameUrl: string | undefined, rendererUrl: string): boolean {
  if (!frameUrl) return false;
  try {
    const frame = new URL(frameUrl);
    const app = new URL(rendererUrl);
    return frame.protocol === app.protocol && frame.pathname === app.pathname && frame.host === app.host;
  } catch {
    return false;
  }
}

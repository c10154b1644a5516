/**
 * The one CSP of the kiosk's pages in both shells (the browser host and `main/shells/electron/csp.ts`;
 * a module of its own, so the Electron shell loads nothing else of the host): only our own
 * scripts, styles, images and fonts; `connectSrc` is the only place the page may talk to.
 */
export function pageContentSecurityPolicy(connectSrc: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "media-src 'self' blob:",
    `connect-src ${connectSrc}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

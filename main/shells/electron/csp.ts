import { pageContentSecurityPolicy } from '../host/page-csp.js';

/** The CSP of the Electron shell's pages: our own scheme only, no network at all. */
export function contentSecurityPolicy(): string {
  return pageContentSecurityPolicy("'none'");
}

/**
 * A value made at its first use, then kept: for a heavy module (a native library, an encoder) that
 * the kiosk's start-up should not load before its attract screen is up (#18.7). Wrap the loader:
 * `const loadSharp = once(() => import('sharp').then((m) => m.default));` — every later call gets
 * the same value (for an async loader, the same promise), and the loader runs once.
 */
export function once<T>(make: () => T): () => T {
  let made = false;
  let value: T;
  return () => {
    if (!made) {
      value = make();
      made = true;
    }
    return value;
  };
}

/**
 * The UI's half of the supervisor's frozen-UI check: every `ui.ping` pushed by the core is
 * answered with `ui.pong` from this page's main thread. A renderer whose main thread is stuck
 * cannot run this handler, so the core sees no answer and reloads the UI. `rendered` says
 * whether React has put anything on screen (a blank page after a render crash counts as dead).
 */
import { useEffect } from 'react';
import type { KioskClient } from './client';

export function answerUiPings(client: KioskClient, root: HTMLElement): () => void {
  return client.on('ui.ping', ({ nonce }) => {
    void client.call('ui.pong', { nonce, rendered: root.childElementCount > 0 });
  });
}

/** Mounts the answer for the lifetime of the component that calls it. */
export function useUiLiveness(client: KioskClient, root: HTMLElement): void {
  useEffect(() => answerUiPings(client, root), [client, root]);
}

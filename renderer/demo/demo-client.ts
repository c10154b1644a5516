/**
 * The demo panel's client of `/demo-api`: one WebSocket (the token travels in the HttpOnly
 * cookie the page was served with), reconnecting with back-off. Types only from the contract.
 */
import type { DemoMethodArgs, DemoMethodName, DemoMethodResult, DemoState } from '../../main/shells/demo/demo-contract';
import { webSocketBridge } from '../src/api/client';

export type DemoResponse<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };
export type Connection = 'connecting' | 'open' | 'closed';

export interface DemoClient {
  call<M extends DemoMethodName>(method: M, args: DemoMethodArgs<M>): Promise<DemoResponse<DemoMethodResult<M>>>;
  onState(listener: (s: DemoState) => void): () => void;
  onConnection(listener: (c: Connection) => void): () => void;
}

/** Same transport as the kiosk page (one WebSocket, reconnecting with back-off), on `/demo-api`. */
export function createDemoClient(): DemoClient {
  const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
  let connection: Connection = 'connecting';
  const connListeners = new Set<(c: Connection) => void>();
  const bridge = webSocketBridge(`${proto}//${location.host}/demo-api`, (c) => {
    connection = c;
    for (const l of connListeners) l(c);
  });
  return {
    call: (method, args) => bridge.call(method, args) as Promise<DemoResponse<never>>,
    onState: (listener) => bridge.on('demo.changed', listener as (p: unknown) => void),
    onConnection(listener) {
      connListeners.add(listener);
      listener(connection);
      return () => connListeners.delete(listener);
    },
  };
}

/**
 * The demo panel's client of `/demo-api`: one WebSocket (the token travels in the HttpOnly
 * cookie the page was served with), reconnecting with back-off. Types only from the contract.
 */
import type {
  DemoMethodArgs,
  DemoMethodName,
  DemoMethodResult,
  DemoState,
  DemoWireEvent,
  DemoWireResponse,
} from '../../main/demo/demo-contract';

export type DemoResponse<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };
export type Connection = 'connecting' | 'open' | 'closed';

export interface DemoClient {
  call<M extends DemoMethodName>(method: M, args: DemoMethodArgs<M>): Promise<DemoResponse<DemoMethodResult<M>>>;
  onState(listener: (s: DemoState) => void): () => void;
  onConnection(listener: (c: Connection) => void): () => void;
}

export function createDemoClient(): DemoClient {
  const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const url = `${proto}//${location.host}/demo-api`;
  let ws: WebSocket | null = null;
  let nextId = 1;
  let attempt = 0;
  let connection: Connection = 'connecting';
  const pending = new Map<number, (r: DemoResponse<unknown>) => void>();
  const stateListeners = new Set<(s: DemoState) => void>();
  const connListeners = new Set<(c: Connection) => void>();
  const queue: string[] = [];

  const setConnection = (c: Connection): void => {
    connection = c;
    for (const l of connListeners) l(c);
  };

  const connect = (): void => {
    setConnection('connecting');
    const sock = new WebSocket(url);
    ws = sock;
    sock.onopen = () => {
      attempt = 0;
      setConnection('open');
      for (const m of queue.splice(0)) sock.send(m);
    };
    sock.onmessage = (ev: MessageEvent<string>) => {
      const msg = JSON.parse(ev.data) as DemoWireResponse | DemoWireEvent;
      if ('id' in msg) {
        const done = pending.get(msg.id);
        pending.delete(msg.id);
        done?.(msg.ok ? { ok: true, value: msg.value } : { ok: false, error: msg.error });
      } else {
        for (const l of stateListeners) l(msg.payload);
      }
    };
    sock.onclose = () => {
      ws = null;
      setConnection('closed');
      for (const [, done] of pending)
        done({ ok: false, error: { code: 'disconnected', message: 'The kiosk is not answering.' } });
      pending.clear();
      attempt += 1;
      window.setTimeout(connect, Math.min(5000, 250 * 2 ** Math.min(attempt, 5)));
    };
  };
  connect();

  return {
    call(method, args) {
      const id = nextId++;
      const text = JSON.stringify({ id, method, args });
      return new Promise((resolve) => {
        pending.set(id, resolve as (r: DemoResponse<unknown>) => void);
        if (ws?.readyState === WebSocket.OPEN) ws.send(text);
        else queue.push(text);
      });
    },
    onState(listener) {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
    onConnection(listener) {
      connListeners.add(listener);
      listener(connection);
      return () => connListeners.delete(listener);
    },
  };
}

/**
 * The UI's typed client of the kiosk API. It imports only types from the contract; the
 * transport is the Electron preload's `window.yimen`, or the browser host's WebSocket.
 */
import type {
  ApiResponse,
  EventName,
  EventPayload,
  KioskBridge,
  MethodArgs,
  MethodName,
  MethodResult,
  WireEvent,
  WireResponse,
} from '../../../main/base/api/contract';

export type ConnectionState = 'connecting' | 'open' | 'closed';

export interface KioskClient {
  call<M extends MethodName>(
    method: M,
    ...args: Record<string, never> extends MethodArgs<M> ? [args?: MethodArgs<M>] : [args: MethodArgs<M>]
  ): Promise<ApiResponse<MethodResult<M>>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  onConnection(listener: (state: ConnectionState) => void): () => void;
}

declare global {
  interface Window {
    yimen?: KioskBridge;
  }
}

/** The browser host's transport: one WebSocket, reconnecting with back-off. */
export function webSocketBridge(url: string, onState: (s: ConnectionState) => void): KioskBridge {
  let ws: WebSocket | null = null;
  let nextId = 1;
  let attempt = 0;
  const pending = new Map<number, (res: ApiResponse<unknown>) => void>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const queue: string[] = [];

  const connect = (): void => {
    onState('connecting');
    const sock = new WebSocket(url);
    ws = sock;
    sock.onopen = () => {
      attempt = 0;
      onState('open');
      for (const m of queue.splice(0)) sock.send(m);
    };
    sock.onmessage = (ev: MessageEvent<string>) => {
      const msg = JSON.parse(ev.data) as WireResponse | WireEvent;
      if ('id' in msg) {
        const done = pending.get(msg.id);
        pending.delete(msg.id);
        done?.(msg.ok ? { ok: true, value: msg.value } : { ok: false, error: msg.error });
      } else {
        for (const l of listeners.get(msg.event) ?? []) l(msg.payload);
      }
    };
    sock.onclose = () => {
      ws = null;
      onState('closed');
      for (const [, done] of pending)
        done({ ok: false, error: { code: 'disconnected', message: 'The kiosk service is restarting.' } });
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
        pending.set(id, resolve);
        if (ws?.readyState === WebSocket.OPEN) ws.send(text);
        else queue.push(text);
      });
    },
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) {
        set = new Set();
        listeners.set(event, set);
      }
      set.add(listener);
      return () => set.delete(listener);
    },
  };
}

export function createClient(): KioskClient {
  const stateListeners = new Set<(s: ConnectionState) => void>();
  let state: ConnectionState = window.yimen ? 'open' : 'connecting';
  const setState = (s: ConnectionState): void => {
    state = s;
    for (const l of stateListeners) l(s);
  };
  let bridge: KioskBridge;
  if (window.yimen) {
    bridge = window.yimen;
  } else {
    // The browser host's HttpOnly session cookie authenticates the socket; no token in the URL.
    const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
    bridge = webSocketBridge(`${proto}//${location.host}/api`, setState);
  }
  return {
    call: (method, ...args) => bridge.call(method, args[0] ?? {}) as Promise<ApiResponse<never>>,
    on: (event, listener) => bridge.on(event, listener as (p: unknown) => void),
    onConnection: (listener) => {
      stateListeners.add(listener);
      // A listener added after the socket opened still learns the current state.
      listener(state);
      return () => stateListeners.delete(listener);
    },
  };
}

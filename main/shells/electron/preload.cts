/**
 * Electron preload (sandboxed, CommonJS). Exposes exactly one object, `window.yimen`, with
 * `call` and `on`, for the method and event names main allow-listed — never `ipcRenderer`.
 */
import type { IpcRendererEvent } from 'electron';
// A sandboxed preload is CommonJS: `import … = require` is how TypeScript spells that.
// eslint-disable-next-line @typescript-eslint/no-require-imports
import electron = require('electron');

const { contextBridge, ipcRenderer } = electron;

const METHODS_SWITCH = '--yimen-methods=';
const arg = process.argv.find((a) => a.startsWith(METHODS_SWITCH)) ?? '';
const allowed = new Set(arg.slice(METHODS_SWITCH.length).split(',').filter(Boolean));

contextBridge.exposeInMainWorld('yimen', {
  call(method: unknown, args: unknown): Promise<unknown> {
    if (typeof method !== 'string' || !allowed.has(method)) {
      return Promise.resolve({ ok: false, error: { code: 'unknown-method', message: 'Not allowed.' } });
    }
    return ipcRenderer.invoke('yimen:call', method, args) as Promise<unknown>;
  },
  on(event: unknown, listener: unknown): () => void {
    if (typeof event !== 'string' || typeof listener !== 'function') return () => undefined;
    const fn = listener as (payload: unknown) => void;
    const wrapped = (_e: IpcRendererEvent, name: unknown, payload: unknown): void => {
      if (name === event) fn(payload);
    };
    ipcRenderer.on('yimen:event', wrapped);
    return () => {
      ipcRenderer.removeListener('yimen:event', wrapped);
    };
  },
});

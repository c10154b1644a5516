import { describe, expect, it } from 'vitest';
import { ListenerSet } from '../../../common/listeners.js';

/** The next process warning named `name` (emitWarning reports on the next tick). */
function nextWarning(name: string): Promise<Error> {
  return new Promise((resolve) => {
    const on = (w: Error): void => {
      if (w.name !== name) return;
      process.off('warning', on);
      resolve(w);
    };
    process.on('warning', on);
  });
}

describe('ListenerSet', () => {
  it('calls each listener in order and stops calling one once it is removed', () => {
    const set = new ListenerSet<number>('TestListenerWarning');
    const seen: string[] = [];
    const offA = set.add((n) => seen.push(`a${n}`));
    set.add((n) => seen.push(`b${n}`));
    set.emit(1);
    offA();
    set.emit(2);
    expect(seen).toEqual(['a1', 'b1', 'b2']);
    expect(set.size).toBe(1);
    set.clear();
    set.emit(3);
    expect(seen).toEqual(['a1', 'b1', 'b2']);
    expect(set.size).toBe(0);
  });

  it('a listener that throws is reported as a named warning and the others still hear the event', async () => {
    const set = new ListenerSet<string>('TestListenerWarning');
    const seen: string[] = [];
    set.add(() => {
      throw new Error('listener bug');
    });
    set.add((v) => seen.push(v));
    const warning = nextWarning('TestListenerWarning');
    expect(() => set.emit('x')).not.toThrow();
    expect(seen).toEqual(['x']);
    expect((await warning).message).toBe('listener bug');
  });

  it('a listener added or removed during an emit takes effect from the next emit', () => {
    const set = new ListenerSet<number>('TestListenerWarning');
    const seen: string[] = [];
    let offB: () => void = () => undefined;
    set.add((n) => {
      seen.push(`a${n}`);
      offB();
      set.add((m) => seen.push(`c${m}`));
    });
    offB = set.add((n) => seen.push(`b${n}`));
    set.emit(1);
    expect(seen).toEqual(['a1', 'b1']);
  });
});

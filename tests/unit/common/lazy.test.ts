import { describe, expect, it } from 'vitest';
import { once } from '../../../common/lazy.js';

describe('once', () => {
  it('makes the value at the first call, not before, and keeps it', () => {
    let made = 0;
    const get = once(() => ({ n: ++made }));
    expect(made).toBe(0);
    const first = get();
    expect(get()).toBe(first);
    expect(made).toBe(1);
  });

  it('keeps an async loader to one promise, even for calls made before it settles', async () => {
    let loads = 0;
    const load = once(async () => {
      loads++;
      await Promise.resolve();
      return 'module';
    });
    const [a, b] = [load(), load()];
    expect(a).toBe(b);
    expect(await a).toBe('module');
    expect(await load()).toBe('module');
    expect(loads).toBe(1);
  });

  it('runs the loader again after it threw (nothing was made)', () => {
    let calls = 0;
    const get = once(() => {
      calls++;
      if (calls === 1) throw new Error('not yet');
      return calls;
    });
    expect(() => get()).toThrow('not yet');
    expect(get()).toBe(2);
    expect(get()).toBe(2);
  });
});

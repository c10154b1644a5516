import { describe, expect, it } from 'vitest';
import { ChipPhotos } from '../../../../../main/features/journeys/chip-photos.js';

describe('ChipPhotos: the decoded photo of this session’s card', () => {
  it('hands out a copy only for the ID number it was read with', () => {
    const c = new ChipPhotos();
    c.put('440604198506151233', new Uint8Array([1, 2, 3]));
    expect(c.take('810000199003071237')).toBeNull();
    const copy = c.take('440604198506151233');
    expect(Array.from(copy ?? [])).toEqual([1, 2, 3]);
    copy?.fill(0); // the caller zeroes its copy; the slot keeps its own
    expect(Array.from(c.take('440604198506151233') ?? [])).toEqual([1, 2, 3]);
  });

  it('zeroes and forgets the photo when cleared, or when a card without a decoded photo is read', () => {
    const c = new ChipPhotos();
    const kept: Uint8Array[] = [];
    const put = (id: string, bytes: Uint8Array | null): void => {
      c.put(id, bytes);
      const s = (c as unknown as { slot: { jpeg: Uint8Array } | null }).slot;
      if (s) kept.push(s.jpeg);
    };
    put('A', new Uint8Array([9, 9]));
    put('B', null);
    expect(c.take('A')).toBeNull();
    expect(Array.from(kept[0] ?? [])).toEqual([0, 0]);
    put('A', new Uint8Array([7]));
    c.clear();
    expect(c.take('A')).toBeNull();
    expect(Array.from(kept[1] ?? [])).toEqual([0]);
  });
});

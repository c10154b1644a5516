import { describe, expect, it } from 'vitest';
import {
  asResponse,
  decodeFrame,
  encodeCommand,
  encodeRequest,
  encodeResponse,
  SamFrameReader,
  type CommandKey,
} from '../../../../drivers/idcard/idcard-codec.js';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

describe('SAM_V request frames (protocols.md §1.4)', () => {
  const vectors: [CommandKey, string][] = [
    ['reset', 'AA AA AA 96 69 00 03 10 FF EC'],
    ['status', 'AA AA AA 96 69 00 03 11 FF ED'],
    ['samId', 'AA AA AA 96 69 00 03 12 FF EE'],
    ['find', 'AA AA AA 96 69 00 03 20 01 22'],
    ['select', 'AA AA AA 96 69 00 03 20 02 21'],
    ['read', 'AA AA AA 96 69 00 03 30 01 32'],
    ['readAddress', 'AA AA AA 96 69 00 03 30 03 30'],
    ['readFingerprint', 'AA AA AA 96 69 00 03 30 10 23'],
  ];
  it.each(vectors)('%s encodes to %s', (key, frame) => {
    expect(encodeCommand(key).equals(hex(frame))).toBe(true);
  });

  it('encodes the UART-speed and RF-frame-size commands', () => {
    expect(encodeRequest(0x60, 0x00).equals(hex('AA AA AA 96 69 00 03 60 00 63'))).toBe(true);
    expect(encodeRequest(0x61, 0xff, Buffer.from([0x50])).equals(hex('AA AA AA 96 69 00 04 61 FF 50 CA'))).toBe(true);
  });
});

describe('SAM_V response frames (protocols.md §1.5)', () => {
  const vectors: [string, number, string, number][] = [
    ['status OK', 0x90, 'AA AA AA 96 69 00 04 00 00 90 94', 0],
    ['find OK', 0x9f, 'AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97', 4],
    ['no card', 0x80, 'AA AA AA 96 69 00 04 00 00 80 84', 0],
    ['select OK', 0x90, 'AA AA AA 96 69 00 0C 00 00 90 00 00 00 00 00 00 00 00 9C', 8],
    ['select failed', 0x81, 'AA AA AA 96 69 00 04 00 00 81 85', 0],
    ['read failed', 0x41, 'AA AA AA 96 69 00 04 00 00 41 45', 0],
  ];
  it.each(vectors)('%s decodes and re-encodes', (_name, sw3, frame, dataLen) => {
    const f = decodeFrame(hex(frame));
    expect(f).not.toBeNull();
    const r = f ? asResponse(f) : null;
    expect(r?.sw3).toBe(sw3);
    expect(r?.data.length).toBe(dataLen);
    expect(encodeResponse(sw3, Buffer.alloc(dataLen)).equals(hex(frame))).toBe(true);
  });

  it('builds a 1295-byte read reply with the documented header', () => {
    const data = Buffer.concat([hex('01 00 04 00'), Buffer.alloc(256 + 1024, 0x20)]);
    const f = encodeResponse(0x90, data);
    expect(f.length).toBe(1295);
    expect(f.subarray(0, 14).equals(hex('AA AA AA 96 69 05 08 00 00 90 01 00 04 00'))).toBe(true);
  });

  it('rejects a frame with a bad checksum (find with CHK 0x21, seen in public code)', () => {
    expect(decodeFrame(hex('AA AA AA 96 69 00 03 20 01 21'))).toBeNull();
  });

  it('rejects trailing bytes and truncation', () => {
    expect(decodeFrame(hex('AA AA AA 96 69 00 04 00 00 90 94 00'))).toBeNull();
    expect(decodeFrame(hex('AA AA AA 96 69 00 04 00 00 90'))).toBeNull();
    expect(decodeFrame(hex(''))).toBeNull();
  });
});

describe('SamFrameReader', () => {
  const ok = hex('AA AA AA 96 69 00 04 00 00 90 94');

  it('resynchronises on 96 69 after a single AA (AA 00 AA AA 96 69 …)', () => {
    const r = new SamFrameReader();
    const frames = r.push(hex('AA 00 AA AA 96 69 00 04 00 00 90 94'));
    expect(frames).toHaveLength(1);
    expect(frames[0]?.raw.equals(ok)).toBe(true);
  });

  it('does not take 96 69 without a preceding AA for a preamble', () => {
    const r = new SamFrameReader();
    expect(r.push(hex('00 96 69 00 04 00 00 90 94'))).toHaveLength(0);
  });

  it('reassembles a frame fed one byte at a time, and reports pending bytes', () => {
    const r = new SamFrameReader();
    const out = [];
    for (let i = 0; i < ok.length; i++) {
      out.push(...r.push(ok.subarray(i, i + 1)));
      if (i >= 4 && i < ok.length - 1) expect(r.pending).toBeGreaterThan(0);
    }
    expect(out).toHaveLength(1);
    expect(r.pending).toBe(0);
  });

  it('finds frames with garbage between them', () => {
    const r = new SamFrameReader();
    const frames = r.push(Buffer.concat([hex('01 02 AA'), ok, hex('FF 96 69 AA'), ok, hex('00')]));
    expect(frames).toHaveLength(2);
  });

  it('is not swallowed by a fake header with a huge length followed by the real frame', () => {
    const r = new SamFrameReader();
    const frames = r.push(Buffer.concat([hex('AA 96 69 0F 00 01 02'), ok]));
    expect(frames).toHaveLength(1);
    expect(frames[0]?.raw.equals(ok)).toBe(true);
  });

  it('drops an out-of-range length and a bad checksum, then finds the next frame', () => {
    const r = new SamFrameReader();
    const frames = r.push(Buffer.concat([hex('AA AA AA 96 69 00 01 00'), hex('AA AA AA 96 69 00 04 00 00 90 95'), ok]));
    expect(frames).toHaveLength(1);
  });

  it('reset forgets a partial frame', () => {
    const r = new SamFrameReader();
    r.push(ok.subarray(0, 8));
    expect(r.pending).toBeGreaterThan(0);
    r.reset();
    expect(r.pending).toBe(0);
    expect(r.push(ok.subarray(8))).toHaveLength(0);
  });
});

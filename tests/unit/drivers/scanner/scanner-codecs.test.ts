import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeHidPosReport, encodeHidPosReport, HidPosAssembler } from '../../../../drivers/scanner/hid-pos.js';
import { WedgeDecoder, type WedgeEvent } from '../../../../drivers/scanner/keyboard-wedge.js';
import { decodeScanBytes, ScanDeduplicator, stripAim, symbologyFromAim } from '../../../../drivers/scanner/scan.js';
import { LineFramer } from '../../../../drivers/scanner/serial-scanner-driver.js';

describe('HID-POS report decoding', () => {
  it('decodes a Honeywell report (report id 2, length, AIM, data, code id)', () => {
    // 02 | 05 | ] Q 1 | "HELLO" | … | [61] 0x73 (QR) | [63] 0
    const report = new Uint8Array(64);
    report.set([0x02, 0x05, 0x5d, 0x51, 0x31, 0x48, 0x45, 0x4c, 0x4c, 0x4f]);
    report[61] = 0x73;
    const r = decodeHidPosReport(report);
    expect(r).toEqual({ data: Uint8Array.from(Buffer.from('HELLO')), aim: ']Q1', codeId: 0x73, more: false });
    expect(new HidPosAssembler().push(report)).toEqual({ text: 'HELLO', symbology: 'QR' });
  });

  it('decodes the REVINF vector (02 38 5D 58 30 …): ]X0 and the data after it', () => {
    const head = [2, 56, 93, 88, 48, ...Buffer.from('Product Name: Voyager')];
    const report = new Uint8Array(64);
    report.set(head);
    const r = decodeHidPosReport(report);
    expect(r?.aim).toBe(']X0');
    expect(
      Buffer.from(r?.data ?? [])
        .toString('latin1')
        .startsWith('Product Name: Voyager'),
    ).toBe(true);
    expect(r?.data.length).toBe(56);
  });

  it('ignores other report ids and short reports', () => {
    expect(decodeHidPosReport(Uint8Array.from([0x01, 0x05, 0, 0, 0, 65]))).toBeNull();
    expect(decodeHidPosReport(Uint8Array.from([0x02, 0x01]))).toBeNull();
    expect(decodeHidPosReport(Uint8Array.from([]))).toBeNull();
  });

  it('joins a long code split over several reports', () => {
    const text = '一门式政务服务'.repeat(6); // 126 UTF-8 bytes: three reports
    const bytes = Buffer.from(text, 'utf8');
    const a = new HidPosAssembler();
    const parts: Uint8Array[] = [];
    for (let i = 0; i < bytes.length; i += 56) parts.push(bytes.subarray(i, i + 56));
    const results = parts.map((p, i) => a.push(encodeHidPosReport(p, { aim: ']Q1', more: i < parts.length - 1 })));
    expect(results.slice(0, -1)).toEqual([null, null]);
    expect(results[results.length - 1]).toEqual({ text, symbology: 'QR' });
  });

  it('falls back to the vendor code id without AIM', () => {
    expect(new HidPosAssembler().push(encodeHidPosReport(Buffer.from('6901234567892'), { codeId: 0x64 }))).toEqual({
      text: '6901234567892',
      symbology: 'EAN13',
    });
  });

  it('property: never throws on random reports, data never exceeds the report', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 70 }), { maxLength: 10 }), (reports) => {
        const a = new HidPosAssembler();
        for (const r of reports) {
          const d = decodeHidPosReport(r);
          if (d) expect(d.data.length).toBeLessThanOrEqual(Math.max(0, r.length - 5));
          a.push(r);
        }
      }),
    );
  });

  it('property: encode/decode round-trip', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 56 }), fc.boolean(), (data, more) => {
        const d = decodeHidPosReport(encodeHidPosReport(data, { aim: ']C0', more }));
        expect(d && [...d.data]).toEqual([...data]);
        expect(d?.more).toBe(more);
        expect(d?.aim).toBe(']C0');
      }),
    );
  });
});

describe('scan helpers', () => {
  it('maps AIM identifiers', () => {
    expect(symbologyFromAim(']Q1')).toBe('QR');
    expect(symbologyFromAim(']E0')).toBe('EAN13');
    expect(symbologyFromAim(']E4')).toBe('EAN8');
    expect(symbologyFromAim(']C0')).toBe('CODE128');
    expect(symbologyFromAim('Q1')).toBeUndefined();
    expect(stripAim(']Q1abc')).toEqual({ text: 'abc', symbology: 'QR' });
    expect(stripAim(']??abc')).toEqual({ text: ']??abc' });
  });

  it('decodes UTF-8 and falls back to GB18030', () => {
    expect(decodeScanBytes(Buffer.from('取件码 123', 'utf8'))).toBe('取件码 123');
    expect(decodeScanBytes(iconv.encode('取件码 123', 'GB18030'))).toBe('取件码 123');
  });

  it('de-duplicates within the window, and a held code keeps extending it', () => {
    const d = new ScanDeduplicator(1000);
    expect(d.accept('A', 0)).toBe(true);
    expect(d.accept('A', 500)).toBe(false);
    expect(d.accept('A', 1400)).toBe(false); // 900 ms after the last sighting
    expect(d.accept('B', 1400)).toBe(true);
    expect(d.accept('A', 2401)).toBe(true);
  });

  it('frames lines at CR, LF and CR LF', () => {
    const f = new LineFramer(10);
    const lines = f.push(Buffer.from('abc\r\ndef\nghi\r\r\njkl'));
    expect(lines.map((l) => Buffer.from(l).toString())).toEqual(['abc', 'def', 'ghi']);
    expect(Buffer.from(f.flush() ?? []).toString()).toBe('jkl');
    f.push(Buffer.from('x'.repeat(15)));
    expect(f.overflowed).toBe(5);
  });

  it('property: the framer never throws and never yields empty lines or line ends', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 50 }), { maxLength: 10 }), (chunks) => {
        const f = new LineFramer(64);
        for (const c of chunks) {
          for (const l of f.push(c)) {
            expect(l.length).toBeGreaterThan(0);
            expect(l.includes(0x0a) || l.includes(0x0d)).toBe(false);
          }
        }
      }),
    );
  });
});

describe('WedgeDecoder (injected clock)', () => {
  function type(d: WedgeDecoder, text: string, start: number, gap: number, enter = true): WedgeEvent[] {
    const out: WedgeEvent[] = [];
    let t = start;
    for (const ch of text) {
      out.push(...d.key(ch, t));
      t += gap;
    }
    if (enter) out.push(...d.key('Enter', t));
    return out;
  }

  it('takes fast keys ended by Enter as a scan', () => {
    expect(type(new WedgeDecoder(), '6901234567892', 0, 8)).toEqual([{ type: 'scan', scan: { text: '6901234567892' } }]);
  });

  it('takes slow typing as typing, Enter included', () => {
    expect(type(new WedgeDecoder(), 'hello', 0, 120)).toEqual([
      { type: 'typed', text: 'h' },
      { type: 'typed', text: 'e' },
      { type: 'typed', text: 'l' },
      { type: 'typed', text: 'l' },
      { type: 'typed', text: 'o' },
      { type: 'typed', text: '\n' },
    ]);
  });

  it('ignores too-short bursts (4 characters or fewer)', () => {
    expect(type(new WedgeDecoder(), '1234', 0, 5)).toEqual([
      { type: 'typed', text: '1234' },
      { type: 'typed', text: '\n' },
    ]);
  });

  it('a single slow gap in the middle splits it', () => {
    const d = new WedgeDecoder();
    const out = [...type(d, 'ABCDE', 0, 5, false), ...type(d, 'FGHIJ', 200, 5)];
    expect(out).toEqual([
      { type: 'typed', text: 'ABCDE' },
      { type: 'scan', scan: { text: 'FGHIJ' } },
    ]);
  });

  it('decodes an AIM prefix', () => {
    expect(type(new WedgeDecoder(), ']Q1https://x.cn/a', 0, 3)).toEqual([
      { type: 'scan', scan: { text: 'https://x.cn/a', symbology: 'QR' } },
    ]);
  });

  it('without a terminator, ends a scan after silence', () => {
    const d = new WedgeDecoder({ terminator: null, silenceMs: 100 });
    expect(type(d, 'ABCDEFG', 0, 10, false)).toEqual([]);
    expect(d.deadline).toBe(160);
    expect(d.idle(150)).toEqual([]);
    expect(d.idle(160)).toEqual([{ type: 'scan', scan: { text: 'ABCDEFG' } }]);
    expect(d.deadline).toBeNull();
  });

  it('with a terminator, a burst that never gets one is typing', () => {
    const d = new WedgeDecoder({ silenceMs: 100 });
    type(d, 'ABCDEFG', 0, 10, false);
    expect(d.idle(500)).toEqual([{ type: 'typed', text: 'ABCDEFG' }]);
  });

  it('property: every key comes out exactly once, as scan or typed', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ ch: fc.constantFrom('a', 'b', '1', '2', 'Enter'), gap: fc.integer({ min: 0, max: 300 }) }), {
          maxLength: 60,
        }),
        (keys) => {
          const d = new WedgeDecoder({ aim: false });
          const out: WedgeEvent[] = [];
          let t = 0;
          for (const k of keys) {
            t += k.gap;
            out.push(...d.key(k.ch, t));
          }
          out.push(...d.idle(t + 10_000));
          const chars = keys
            .filter((k) => k.ch !== 'Enter')
            .map((k) => k.ch)
            .join('');
          const got = out.map((e) => (e.type === 'scan' ? e.scan.text : e.text.replace(/\n/g, ''))).join('');
          expect(got).toBe(chars);
        },
      ),
    );
  });
});

import { mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Locale } from '../../../../../main/base/api/contract.js';
import {
  ESPEAK_VERSION_UNKNOWN,
  EspeakSpeech,
  probeEspeak,
  probeEspeakAsync,
} from '../../../../../main/features/speech/espeak-speech.js';
import { createSpeech } from '../../../../../main/features/speech/create-speech.js';
import { phraseText } from '../../../../../main/features/speech/phrases.js';

/** Parses a RIFF/WAVE file: format fields and the peak absolute 16-bit sample. */
function readWav(buf: Buffer): { channels: number; rate: number; bits: number; samples: number; peak: number } {
  expect(buf.toString('ascii', 0, 4)).toBe('RIFF');
  expect(buf.toString('ascii', 8, 12)).toBe('WAVE');
  let off = 12;
  let fmt: { channels: number; rate: number; bits: number } | null = null;
  while (off + 8 <= buf.length) {
    const id = buf.toString('ascii', off, off + 4);
    let size = buf.readUInt32LE(off + 4);
    const body = off + 8;
    if (id === 'fmt ') {
      fmt = { channels: buf.readUInt16LE(body + 2), rate: buf.readUInt32LE(body + 4), bits: buf.readUInt16LE(body + 14) };
    } else if (id === 'data') {
      if (!fmt) throw new Error('data before fmt');
      // espeak-ng streaming to a file may leave the size field at its maximum: use what is there.
      size = Math.min(size, buf.length - body);
      let peak = 0;
      for (let i = body; i + 1 < body + size; i += 2) peak = Math.max(peak, Math.abs(buf.readInt16LE(i)));
      return { ...fmt, samples: size / 2, peak };
    }
    off = body + size + (size % 2);
  }
  throw new Error('no data chunk');
}

const dir = mkdtempSync(join(tmpdir(), 'yimen-speech-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// The same answer createSpeech and every KioskCore of this process get (probed once per process).
const installed = probeEspeak() !== null;

describe('espeak-ng speech port', () => {
  it(
    installed ? 'writes audible WAV files in Mandarin, Cantonese and English' : 'falls back to NullSpeech without espeak-ng',
    async () => {
      const port = createSpeech({ wavDir: dir });
      if (!installed) {
        expect(port.health()).toEqual({ engine: 'none', available: false, code: 'espeak-ng-not-found' });
        await expect(port.speak({ text: 'x', locale: 'en', volume: 50 })).resolves.toMatchObject({
          ok: false,
          error: { code: 'speech-unavailable' },
        });
        return;
      }
      expect(port.engine).toBe('espeak-ng');
      for (const locale of ['zh-CN', 'zh-HK', 'en'] as Locale[]) {
        const out = await port.speak({ text: phraseText('identify', locale), locale, volume: 50 });
        expect(out.ok, JSON.stringify(out)).toBe(true);
        if (!out.ok || out.value.file === null) throw new Error('no file');
        const wav = readWav(readFileSync(out.value.file));
        expect(wav).toMatchObject({ channels: 1, bits: 16 });
        expect(wav.samples / wav.rate).toBeGreaterThan(1); // a sentence, not a click
        expect(wav.peak).toBeGreaterThan(1000); // not silence
      }
    },
  );

  it(
    installed ? 'volume scales the samples, and a new utterance interrupts the one playing' : 'espeak-ng is absent',
    async () => {
      if (!installed) {
        expect(probeEspeak()).toBeNull();
        return;
      }
      const port = new EspeakSpeech({ wavDir: dir });
      const quiet = await port.speak({ text: 'Please insert your card', locale: 'en', volume: 10 });
      const loud = await port.speak({ text: 'Please insert your card', locale: 'en', volume: 100 });
      if (!quiet.ok || !loud.ok || !quiet.value.file || !loud.value.file) throw new Error('speech failed');
      expect(readWav(readFileSync(loud.value.file)).peak).toBeGreaterThan(readWav(readFileSync(quiet.value.file)).peak * 3);
      const first = port.speak({ text: phraseText('attract', 'zh-CN').repeat(20), locale: 'zh-CN', volume: 50 });
      const second = port.speak({ text: '好', locale: 'zh-CN', volume: 50 });
      await expect(first).resolves.toMatchObject({ ok: false, error: { code: 'speech-interrupted' } });
      await expect(second).resolves.toMatchObject({ ok: true });
      expect(port.speaking()).toBe(false);
    },
  );

  it('a slow --version (a loaded machine) does not turn speech off, and the answer holds for the process', () => {
    const slow = join(dir, 'slow-espeak-ng');
    writeFileSync(slow, '#!/bin/sh\nexec sleep 30\n', { mode: 0o755 });
    expect(probeEspeak(slow, 100)).toBe(ESPEAK_VERSION_UNKNOWN);
    expect(createSpeech({ binary: slow, wavDir: dir }).engine).toBe('espeak-ng');
    // Gone now, but this process already has its answer: no second probe that could disagree.
    unlinkSync(slow);
    expect(probeEspeak(slow)).toBe(ESPEAK_VERSION_UNKNOWN);
    expect(createSpeech({ binary: slow, wavDir: dir }).engine).toBe('espeak-ng');
    expect(probeEspeak(join(dir, 'no-such-espeak-ng'))).toBeNull();
  });

  it('the start-up probe does not block: a slow engine counts as present, a missing one as absent', async () => {
    const slow = join(dir, 'slow-async-espeak-ng');
    writeFileSync(slow, '#!/bin/sh\nexec sleep 30\n', { mode: 0o755 });
    await expect(probeEspeakAsync(slow, 100)).resolves.toBe(ESPEAK_VERSION_UNKNOWN);
    await expect(probeEspeakAsync(join(dir, 'no-such-async-espeak-ng'))).resolves.toBeNull();
    // The process's one answer: the synchronous probe agrees.
    expect(probeEspeak(join(dir, 'no-such-async-espeak-ng'))).toBeNull();
    if (installed) await expect(probeEspeakAsync()).resolves.toBe(probeEspeak());
  });

  it('a missing binary is a typed failure, never a crash', async () => {
    const port = new EspeakSpeech({ binary: '/nonexistent/espeak-ng', wavDir: dir });
    await expect(port.speak({ text: 'x', locale: 'en', volume: 50 })).resolves.toMatchObject({
      ok: false,
      error: { code: 'speech-failed' },
    });
    expect(port.health().code).toMatch(/ENOENT/);
  });
});

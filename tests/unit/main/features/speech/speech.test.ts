import { describe, expect, it } from 'vitest';
import { LOCALES, type SessionView } from '../../../../../main/base/api/contract.js';
import { silentLogger } from '../../../../../main/base/log/logger.js';
import { PHRASE_KEYS, PHRASES, phraseForView, phraseText, placeText } from '../../../../../main/features/speech/phrases.js';
import { amplitudeOf, ESPEAK_VOICES } from '../../../../../main/features/speech/espeak-speech.js';
import { createSpeech, ProbingSpeech, speechReady } from '../../../../../main/features/speech/create-speech.js';
import {
  NullSpeech,
  type SpeechOutcome,
  type SpeechPort,
  type SpeechRequest,
} from '../../../../../main/features/speech/speech-port.js';
import { SpeechService } from '../../../../../main/features/speech/speech-service.js';
import { testCore } from '../../../../helpers/core.js';

/** A port that records what it was asked to say. */
class RecordingSpeech implements SpeechPort {
  readonly engine = 'recording';
  said: SpeechRequest[] = [];
  stops = 0;
  speak(req: SpeechRequest): Promise<SpeechOutcome> {
    this.said.push(req);
    return Promise.resolve({ ok: true, value: { engine: this.engine, voice: req.locale, file: null } });
  }
  stop(): void {
    this.stops += 1;
  }
  speaking(): boolean {
    return false;
  }
  health() {
    return { engine: this.engine, available: true, code: null };
  }
}

const base: SessionView = {
  phase: 'home',
  step: 'home',
  sessionId: 's1',
  locale: 'zh-CN',
  elderMode: false,
  highContrast: false,
  warning: null,
  idleMs: 60_000,
  outOfService: null,
  busy: false,
  purpose: null,
  matterId: null,
  identity: null,
  assistStaff: null,
  resendsLeft: 3,
  notice: null,
  form: null,
  result: null,
  pickups: [],
  door: null,
  collected: 0,
  myData: [],
  progress: null,
  face: null,
  scan: null,
  licences: null,
  consent: null,
};

describe('phrases', () => {
  it('every phrase exists in every locale, non-empty, with the same placeholders', () => {
    for (const key of PHRASE_KEYS) {
      const holes = (s: string): string[] => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();
      const zh = holes(PHRASES[key]['zh-CN']);
      for (const l of LOCALES) {
        expect(PHRASES[key][l].trim(), `${key} ${l}`).not.toBe('');
        expect(holes(PHRASES[key][l]), `${key} ${l}`).toEqual(zh);
      }
    }
  });

  it('fills placeholders and drops missing ones', () => {
    expect(phraseText('collect.open', 'en', { door: 'B-05' })).toBe('Door B-05 is open. Take your documents and close the door.');
    expect(phraseText('collect.open', 'zh-CN', {})).not.toContain('{');
  });

  it('maps session views to the screen phrase', () => {
    expect(phraseForView({ ...base, phase: 'attract', step: null, sessionId: null })?.key).toBe('attract');
    expect(phraseForView({ ...base, phase: 'serving', step: 'apply.form' })?.key).toBe('apply.form');
    expect(
      phraseForView({ ...base, phase: 'serving', step: 'collect.open', door: { label: 'A-07', state: 'open', wall: null } }),
    ).toEqual({
      key: 'collect.open',
      params: { door: 'A-07' },
    });
    // With the door's place in the wall, it is said too (the screen's words, for a citizen who cannot see the picture).
    const wall = { label: 'B-05', column: 4, row: 5, doors: [] };
    const spoken = phraseForView({
      ...base,
      phase: 'serving',
      step: 'collect.open',
      door: { label: 'B-05', state: 'open', wall },
    });
    expect(spoken?.params).toEqual({ door: 'B-05', place: '，在左起第 4 列，从上数第 5 格' });
    expect(phraseText('collect.open', 'zh-CN', spoken?.params)).toBe(
      'B-05 号柜门已打开，在左起第 4 列，从上数第 5 格。请取出材料并关好柜门。',
    );
    expect(phraseText('deposit.open', 'en', { door: 'B-05', place: placeText('en', wall) })).toBe(
      'Door B-05 is open, column 4 from the left, door 5 from the top. Put in your documents and close the door.',
    );
    expect(phraseForView({ ...base, warning: { remainingMs: 19_200 } })).toEqual({ key: 'warning', params: { seconds: 20 } });
    expect(phraseForView({ ...base, outOfService: { code: 'x', message: 'y' } })?.key).toBe('outOfService');
    expect(phraseForView({ ...base, phase: 'serving', step: 'nothing.known' })).toBeNull();
  });

  it('espeak voices: Mandarin, Cantonese, English; volume maps to amplitude 0–200', () => {
    expect(ESPEAK_VOICES).toEqual({ 'zh-CN': 'cmn', 'zh-HK': 'yue', en: 'en' });
    expect([amplitudeOf(-5), amplitudeOf(50), amplitudeOf(100), amplitudeOf(500)]).toEqual([0, 100, 200, 200]);
  });
});

describe('speech service', () => {
  it('speaks in the session locale at the session volume, interrupting nothing itself', () => {
    const port = new RecordingSpeech();
    let view = base;
    const s = new SpeechService({ port, log: silentLogger(), view: () => view });
    s.onSession(view);
    s.setVolume(80);
    expect(s.say('home').ok).toBe(true);
    view = { ...base, locale: 'zh-HK' };
    s.say('identify');
    expect(port.said.map((r) => [r.locale, r.volume])).toEqual([
      ['zh-CN', 80],
      ['zh-HK', 80],
    ]);
    expect(port.said[1]?.text).toContain('身份證');
  });

  it('auto mode speaks each new screen once, and a new session starts silent with default volume', () => {
    const port = new RecordingSpeech();
    let view = base;
    const s = new SpeechService({ port, log: silentLogger(), view: () => view });
    s.onSession(view);
    s.onSession(view); // no auto yet: silent
    expect(port.said).toHaveLength(0);
    s.setVolume(10);
    expect(s.setAuto(true).auto).toBe(true); // speaks the current screen at once
    view = { ...base, phase: 'identifying', step: 'identify' };
    s.onSession(view);
    s.onSession({ ...view }); // same screen again (e.g. a keystroke): not repeated
    view = { ...base, phase: 'serving', step: 'apply.form' };
    s.onSession(view);
    expect(port.said.map((r) => r.text)).toEqual([
      PHRASES.home['zh-CN'],
      PHRASES.identify['zh-CN'],
      PHRASES['apply.form']['zh-CN'],
    ]);
    view = { ...base, phase: 'attract', step: null, sessionId: null };
    s.onSession(view);
    expect(s.state()).toMatchObject({ auto: false, volume: 50 });
    expect(port.stops).toBeGreaterThan(0);
    s.onSession({ ...base, sessionId: 's2' });
    expect(port.said).toHaveLength(3);
  });

  it('without an engine: typed failure and health, never a throw', async () => {
    const s = new SpeechService({ port: new NullSpeech('espeak-ng-not-found'), log: silentLogger(), view: () => base });
    expect(s.say('home')).toEqual({ ok: false, error: { code: 'speech-unavailable', message: expect.any(String) as string } });
    expect(s.state()).toMatchObject({ available: false, engine: 'none', code: 'espeak-ng-not-found' });
    s.setAuto(true);
    s.onSession({ ...base, step: 'identify' });
    await expect(new NullSpeech().speak()).resolves.toMatchObject({ ok: false });
    expect(createSpeech({ engine: 'off' }).health()).toEqual({ engine: 'none', available: false, code: 'off' });
    // Not probed before in this process: the port answers at once and asks the engine without
    // blocking; an utterance waits for the answer, and a missing engine fails it as a value.
    const probing = createSpeech({ binary: '/nonexistent/espeak-ng' });
    expect(probing).toBeInstanceOf(ProbingSpeech);
    expect(probing.health()).toEqual({ engine: 'espeak-ng', available: true, code: null });
    await expect(probing.speak({ text: 'x', locale: 'en', volume: 50 })).resolves.toMatchObject({
      ok: false,
      error: { code: 'speech-unavailable' },
    });
    expect(probing.health().code).toBe('espeak-ng-not-found');
    expect(probing.engine).toBe('none');
    // Asked again, the process's answer is known: the plain port at once.
    const known = createSpeech({ binary: '/nonexistent/espeak-ng' });
    await speechReady(known);
    expect(known).toBeInstanceOf(NullSpeech);
  });
});

describe('speech API through the core', () => {
  it('validates keys and params, and reports the engine', async () => {
    const { core } = testCore();
    const ctx = { shell: 'browser' as const };
    try {
      await expect(core.dispatch('speech.say', { key: 'no.such' }, ctx)).resolves.toMatchObject({
        ok: false,
        error: { code: 'unknown-phrase' },
      });
      await expect(core.dispatch('speech.say', { key: 'home', text: 'free text' }, ctx)).resolves.toMatchObject({
        ok: false,
        error: { code: 'invalid-arguments' },
      });
      await expect(core.dispatch('speech.say', { key: 'collect.open', params: { door: '<x>' } }, ctx)).resolves.toMatchObject({
        ok: false,
        error: { code: 'invalid-arguments' },
      });
      await expect(core.dispatch('speech.setVolume', { volume: 101 }, ctx)).resolves.toMatchObject({ ok: false });
      const v = await core.dispatch('speech.setVolume', { volume: 70 }, ctx);
      expect(v).toMatchObject({ ok: true, value: { volume: 70, auto: false } });
      const st = await core.dispatch('speech.status', {}, ctx);
      expect(st.ok && typeof (st.value as { available: boolean }).available).toBe('boolean');
    } finally {
      core.close();
    }
  });

  it('auto-speech follows the session through the core with an injected port', async () => {
    const port = new RecordingSpeech();
    const { KioskCore } = await import('../../../../../main/core/kiosk-core.js');
    const { testConfig } = await import('../../../../helpers/core.js');
    const core = new KioskCore({
      config: testConfig(),
      dataDir: '/nonexistent',
      logger: silentLogger(),
      shell: 'browser',
      startDevices: false,
      speech: port,
    });
    const ctx = { shell: 'browser' as const };
    try {
      await core.dispatch('session.setLocale', { locale: 'en' }, ctx);
      await core.dispatch('speech.setAuto', { on: true }, ctx);
      await core.dispatch('session.start', {}, ctx);
      expect(port.said.map((r) => [r.locale, r.text])).toEqual([
        ['en', PHRASES.attract.en],
        ['en', PHRASES.home.en],
      ]);
      await core.dispatch('speech.say', { key: 'home' }, ctx);
      expect(port.said).toHaveLength(3);
      await core.dispatch('session.end', {}, ctx);
      await expect(core.dispatch('speech.status', {}, ctx)).resolves.toMatchObject({ ok: true, value: { auto: false } });
    } finally {
      core.close();
    }
  });
});

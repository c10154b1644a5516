/**
 * Speech through `espeak-ng`, the engine every Debian/Ubuntu/Windows kiosk can have offline,
 * with Mandarin (`cmn`), Cantonese (`yue`) and English voices. Text goes in on stdin (never on
 * the command line), so nothing in it can become an option. Plays to the default audio device,
 * or writes one WAV per utterance into `wavDir` (headless terminals, tests, audits of what was said).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { err, ok } from '../../../common/result.js';
import type { Locale } from '../../base/api/contract.js';
import type { SpeechHealth, SpeechOutcome, SpeechPort, SpeechRequest } from './speech-port.js';

export const ESPEAK_VOICES: Record<Locale, string> = { 'zh-CN': 'cmn', 'zh-HK': 'yue', en: 'en' };

export interface EspeakOptions {
  binary?: string;
  /** Write WAV files here instead of playing them. */
  wavDir?: string | null;
  /** Words per minute (espeak default 175; slower suits elderly listeners). */
  rate?: number;
  /** Kill an utterance that runs longer than this (a stuck engine must not pile up). */
  maxMs?: number;
}

/** espeak-ng amplitude 0–200 (100 normal) from the kiosk's 0–100 volume (50 normal). */
export function amplitudeOf(volume: number): number {
  return Math.round(Math.min(100, Math.max(0, volume)) * 2);
}

/** What `probeEspeak` returns for an engine that started but did not answer within the probe's time. */
export const ESPEAK_VERSION_UNKNOWN = 'espeak-ng (version unknown: --version was slow)';

const probed = new Map<string, string | null>();

/**
 * Is `espeak-ng` installed and working? Returns its version line, or null.
 *
 * Probed once per binary and process (a synchronous spawn blocks the event loop, and every kiosk
 * core asks): everyone in the process gets the same answer. Only a sure sign of absence (cannot be
 * run, or exits with an error) means no engine; an engine that started but was slow to answer
 * (a loaded machine) counts as present, and its utterances report their own failures.
 */
export function probeEspeak(binary = 'espeak-ng', timeoutMs = 3000): string | null {
  const known = probed.get(binary);
  if (known !== undefined) return known;
  const r = spawnSync(binary, ['--version'], { encoding: 'utf8', timeout: timeoutMs });
  let version: string | null;
  if (r.error && 'code' in r.error && r.error.code === 'ETIMEDOUT') version = ESPEAK_VERSION_UNKNOWN;
  else if (r.error || r.status !== 0) version = null;
  else version = r.stdout.trim().split('\n')[0] ?? null;
  probed.set(binary, version);
  return version;
}

/** What this process already knows about `binary` (probed before), or undefined. */
export function probedEspeak(binary = 'espeak-ng'): string | null | undefined {
  return probed.get(binary);
}

/**
 * `probeEspeak` without blocking the event loop (the kiosk's start-up: the host is serving the
 * first page meanwhile). Same rules, same per-process answer.
 */
export function probeEspeakAsync(binary = 'espeak-ng', timeoutMs = 3000): Promise<string | null> {
  const known = probed.get(binary);
  if (known !== undefined) return Promise.resolve(known);
  return new Promise((resolve) => {
    let out = '';
    let settled = false;
    const finish = (version: string | null): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      // A synchronous probe that answered meanwhile wins: one answer per process.
      const answer = probed.has(binary) ? (probed.get(binary) ?? null) : version;
      probed.set(binary, answer);
      resolve(answer);
    };
    const child = spawn(binary, ['--version'], { stdio: ['ignore', 'pipe', 'ignore'] });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish(ESPEAK_VERSION_UNKNOWN);
    }, timeoutMs);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => {
      if (out.length < 4000) out += d;
    });
    child.on('error', () => finish(null));
    child.on('close', (code) => finish(code === 0 ? (out.trim().split('\n')[0] ?? null) : null));
  });
}

export class EspeakSpeech implements SpeechPort {
  readonly engine = 'espeak-ng';
  private readonly binary: string;
  private readonly wavDir: string | null;
  private readonly rate: number;
  private readonly maxMs: number;
  private child: ChildProcess | null = null;
  private seq = 0;
  private lastError: string | null = null;

  constructor(opts: EspeakOptions = {}) {
    this.binary = opts.binary ?? 'espeak-ng';
    this.wavDir = opts.wavDir ?? null;
    this.rate = opts.rate ?? 150;
    this.maxMs = opts.maxMs ?? 60_000;
    if (this.wavDir) mkdirSync(this.wavDir, { recursive: true });
  }

  speaking(): boolean {
    return this.child !== null;
  }

  health(): SpeechHealth {
    return { engine: this.engine, available: true, code: this.lastError };
  }

  stop(): void {
    const c = this.child;
    this.child = null;
    if (c && c.exitCode === null) c.kill('SIGTERM');
  }

  speak(req: SpeechRequest): Promise<SpeechOutcome> {
    this.stop();
    const voice = ESPEAK_VOICES[req.locale];
    const file = this.wavDir ? join(this.wavDir, `speech-${process.pid}-${Date.now()}-${++this.seq}.wav`) : null;
    const args = ['-v', voice, '-a', String(amplitudeOf(req.volume)), '-s', String(this.rate), '-b', '1'];
    if (file) args.push('-w', file);
    args.push('--stdin');
    return new Promise((resolve) => {
      let settled = false;
      let stderr = '';
      const done = (o: SpeechOutcome): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (this.child === child) this.child = null;
        this.lastError = o.ok ? null : o.error.code === 'speech-interrupted' ? this.lastError : o.error.message;
        resolve(o);
      };
      const child = spawn(this.binary, args, { stdio: ['pipe', 'ignore', 'pipe'] });
      this.child = child;
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        done(err('speech-failed', `espeak-ng ran over ${this.maxMs} ms`));
      }, this.maxMs);
      child.stderr?.setEncoding('utf8');
      child.stderr?.on('data', (d: string) => {
        if (stderr.length < 4000) stderr += d;
      });
      child.on('error', (e) => done(err('speech-failed', e.message)));
      child.stdin?.on('error', () => undefined); // the engine may exit before reading all the text
      child.on('close', (code, signal) => {
        if (signal !== null && this.child !== child) return done(err('speech-interrupted', 'stopped'));
        // espeak-ng exits 0 even when it cannot open the audio device; it says so on stderr.
        const audioError = /^error:|Unknown PCM|cannot open/im.test(stderr);
        if (code !== 0 || signal !== null || audioError)
          return done(err('speech-failed', `espeak-ng ${signal ?? `exit ${String(code)}`}: ${lastLine(stderr)}`));
        done(ok({ engine: this.engine, voice, file }));
      });
      child.stdin?.end(req.text, 'utf8');
    });
  }
}

function lastLine(s: string): string {
  const lines = s.trim().split('\n');
  return (lines[lines.length - 1] ?? '').slice(0, 200);
}

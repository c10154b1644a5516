/**
 * A connected pair of pseudo-terminals made by socat, for integration tests that run a driver
 * over the real `serialport` binding against an emulator on the other end.
 *
 *   const pty = await openPtyPair();          // pty.a (driver side), pty.b (device side)
 *   …
 *   await pty.close();                         // in afterEach/afterAll
 *
 * With `{ links: true }` the two ends also get stable symlinks (`pty.a`/`pty.b` are then the link
 * paths), so a test can `unplug()` (kill socat: both ends vanish, like pulling a USB adapter) and
 * `replug()` (start socat again with the same links) and the driver reopens the same path.
 * If socat exits on its own (it does not when one side merely closes its end: the pty stays and
 * the other side hears silence), `replug()` starts a new one.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PtyPair {
  /** Path the code under test opens (a `/dev/pts/N`, or a symlink with `links`). */
  readonly a: string;
  /** Path the fake device opens. */
  readonly b: string;
  /** The `/dev/pts/N` paths of the current socat process. */
  readonly devices: readonly [string, string];
  /** Kill socat (both ends disappear). Only with `links`: `replug()` brings them back. */
  unplug(): Promise<void>;
  replug(): Promise<void>;
  close(): Promise<void>;
}

export interface PtyOptions {
  links?: boolean;
  /** How long to wait for socat to report both ptys. */
  startTimeoutMs?: number;
}

interface Started {
  proc: ChildProcess;
  devices: [string, string];
}

function startSocat(linkA: string | null, linkB: string | null, timeoutMs: number): Promise<Started> {
  const end = (link: string | null): string => `pty,raw,echo=0${link ? `,link=${link}` : ''}`;
  const proc = spawn('socat', ['-d', '-d', end(linkA), end(linkB)], { stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolve, reject) => {
    let stderr = '';
    const found: string[] = [];
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`socat did not report two ptys within ${timeoutMs} ms: ${stderr}`));
    }, timeoutMs);
    proc.on('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`cannot run socat (apt-get install socat): ${e.message}`));
    });
    proc.on('exit', (code) => {
      if (found.length < 2) {
        clearTimeout(timer);
        reject(new Error(`socat exited (${code}) before reporting two ptys: ${stderr}`));
      }
    });
    proc.stderr?.setEncoding('utf8');
    proc.stderr?.on('data', (text: string) => {
      if (found.length >= 2) return;
      stderr += text;
      for (const m of text.matchAll(/PTY is (\/dev\/pts\/\d+)/g)) if (m[1]) found.push(m[1]);
      if (found.length >= 2 && (!linkA || !linkB || (existsSync(linkA) && existsSync(linkB)))) {
        clearTimeout(timer);
        resolve({ proc, devices: [found[0] ?? '', found[1] ?? ''] });
      } else if (found.length >= 2) {
        // The links appear right after the ptys: wait for them.
        const poll = setInterval(() => {
          if (linkA && linkB && existsSync(linkA) && existsSync(linkB)) {
            clearInterval(poll);
            clearTimeout(timer);
            resolve({ proc, devices: [found[0] ?? '', found[1] ?? ''] });
          }
        }, 5);
      }
    });
  });
}

function kill(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    proc.once('exit', () => resolve());
    proc.kill('SIGTERM');
  });
}

export async function openPtyPair(opts: PtyOptions = {}): Promise<PtyPair> {
  const timeoutMs = opts.startTimeoutMs ?? 5000;
  const dir = opts.links ? mkdtempSync(join(tmpdir(), 'yimen-pty-')) : null;
  const linkA = dir ? join(dir, 'host') : null;
  const linkB = dir ? join(dir, 'device') : null;
  let current: Started | null = null;
  // socat exiting on its own is an unplug too.
  const track = (s: Started): Started => {
    s.proc.once('exit', () => {
      if (current === s) current = null;
    });
    return s;
  };
  current = track(await startSocat(linkA, linkB, timeoutMs));
  const first = current.devices;
  return {
    a: linkA ?? first[0],
    b: linkB ?? first[1],
    get devices() {
      return current?.devices ?? first;
    },
    async unplug() {
      if (current) await kill(current.proc);
      current = null;
    },
    async replug() {
      if (!linkA || !linkB) throw new Error('replug needs openPtyPair({ links: true })');
      if (current) return;
      current = track(await startSocat(linkA, linkB, timeoutMs));
    },
    async close() {
      if (current) await kill(current.proc);
      current = null;
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

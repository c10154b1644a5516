/**
 * The real `systemd-notify` against a unix datagram socket that `socat` listens on: what systemd
 * would receive. `systemd-notify` (systemd ≥ 246) then waits for the receiver to drop the
 * barrier descriptor it sends, which happens when socat exits.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startWatchdog, systemdNotifySender } from '../../../main/features/supervision/watchdog.js';

const haveTools = spawnSync('systemd-notify', ['--version']).status === 0 && spawnSync('socat', ['-V']).status === 0;

let listener: ChildProcess | null = null;
let dir: string | null = null;

afterEach(() => {
  listener?.kill('SIGKILL');
  listener = null;
  if (dir !== null) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

/**
 * Starts socat on a fresh datagram socket; resolves once it is bound. `receivedAll` resolves with
 * everything socat printed once it has exited and its output is closed.
 */
async function listen(): Promise<{
  socket: string;
  receivedText: (text: string) => Promise<void>;
  receivedAll: Promise<string>;
}> {
  dir = mkdtempSync(join(tmpdir(), 'yimen-notify-'));
  const socket = join(dir, 'notify');
  let out = '';
  let errText = '';
  const proc = spawn('socat', ['-d', '-d', '-u', `UNIX-RECV:${socket}`, 'STDOUT']);
  listener = proc;
  proc.stdout.setEncoding('latin1').on('data', (d: string) => (out += d));
  const receivedAll = new Promise<string>((resolve) => proc.on('close', () => resolve(out)));
  await new Promise<void>((resolve, reject) => {
    proc.stderr.setEncoding('utf8').on('data', (d: string) => {
      errText += d;
      if (/starting data transfer loop|listening|reading/i.test(errText)) resolve();
    });
    proc.on('exit', () => reject(new Error(`socat exited: ${errText}`)));
  });
  /** Resolves once socat has printed `text`. */
  const receivedText = (text: string): Promise<void> =>
    new Promise((resolve) => {
      const check = (): void => {
        if (!out.includes(text)) return;
        proc.stdout.off('data', check);
        resolve();
      };
      proc.stdout.on('data', check);
      check();
    });
  return { socket, receivedText, receivedAll };
}

describe('systemd-notify sender (real binary)', () => {
  it('delivers READY=1, WATCHDOG=1 and STATUS as one datagram', async () => {
    if (!haveTools) {
      // No systemd-notify/socat on this machine: the sender must still fail as a typed value.
      const r = await systemdNotifySender({ env: { NOTIFY_SOCKET: '/nonexistent' } }).send(['READY=1']);
      expect(r).toMatchObject({ ok: false });
      return;
    }
    const { socket, receivedText, receivedAll } = await listen();
    const feederP = startWatchdog({
      env: { ...process.env, NOTIFY_SOCKET: socket, WATCHDOG_USEC: '60000000', WATCHDOG_PID: '' },
      status: 'kiosk up',
    });
    await receivedText('WATCHDOG=1');
    listener?.kill('SIGTERM'); // releases the barrier systemd-notify waits on
    const feeder = await feederP;
    expect(await receivedAll).toContain('READY=1\nWATCHDOG=1\nSTATUS=kiosk up');
    expect(feeder?.snapshot()).toMatchObject({ sent: 1, failed: 0 });
    await feeder?.stop(); // nobody listens any more: a typed failure, no throw
    expect(feeder?.snapshot()).toMatchObject({ failed: 1, lastError: { code: 'notify-failed' } });
    expect(feeder?.snapshot().lastError?.message).not.toContain('STOPPING'); // no command line in errors
  });

  it('reports a missing binary as notify-missing', async () => {
    const sender = systemdNotifySender({ env: { NOTIFY_SOCKET: '/nonexistent' }, command: '/nonexistent/systemd-notify' });
    expect(await sender.send(['READY=1'])).toMatchObject({ ok: false, error: { code: 'notify-missing' } });
  });
});

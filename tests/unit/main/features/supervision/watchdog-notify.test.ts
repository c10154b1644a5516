/**
 * The real `systemd-notify` against a unix datagram socket: what systemd would receive.
 * `systemd-notify` (systemd ≥ 246) sends the message, then a `BARRIER=1` datagram carrying a
 * descriptor, and waits (at most 5 s) until the receiver has dropped it, as systemd does when it
 * has read the message. Node has no unix datagram sockets, so the receiver is a few lines of perl
 * (perl-base is essential on Debian): it reads without taking passed descriptors, so the kernel
 * drops them on receipt, prints each datagram and exits after the barrier. Nothing in the
 * exchange waits for this test process to be scheduled.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startWatchdog, systemdNotifySender } from '../../../../../main/features/supervision/watchdog.js';

const RECEIVER = `
use strict; use IO::Socket::UNIX; use Socket;
my $s = IO::Socket::UNIX->new(Type => SOCK_DGRAM, Local => $ARGV[0]) or die "bind: $!";
$| = 1; print STDERR "bound\n";
while (1) { my $m; defined($s->recv($m, 65536)) or die "recv: $!"; print "$m\n"; last if $m =~ /BARRIER=1/; }
`;

const haveTools =
  spawnSync('systemd-notify', ['--version']).status === 0 && spawnSync('perl', ['-MIO::Socket::UNIX', '-e', '1']).status === 0;

let listener: ChildProcess | null = null;
let dir: string | null = null;

afterEach(() => {
  listener?.kill('SIGKILL');
  listener = null;
  if (dir !== null) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

/** Starts the receiver on a fresh datagram socket; resolves once it is bound, with all it prints by the time it exits. */
async function listen(): Promise<{ socket: string; receivedAll: Promise<string> }> {
  dir = mkdtempSync(join(tmpdir(), 'yimen-notify-'));
  const socket = join(dir, 'notify');
  let out = '';
  let errText = '';
  const proc = spawn('perl', ['-e', RECEIVER, socket]);
  listener = proc;
  proc.stdout.setEncoding('latin1').on('data', (d: string) => (out += d));
  const receivedAll = new Promise<string>((resolve) => proc.on('close', () => resolve(out)));
  await new Promise<void>((resolve, reject) => {
    proc.stderr.setEncoding('utf8').on('data', (d: string) => {
      errText += d;
      if (errText.includes('bound')) resolve();
    });
    proc.on('exit', () => reject(new Error(`the receiver exited: ${errText}`)));
  });
  return { socket, receivedAll };
}

describe('systemd-notify sender (real binary)', () => {
  it('delivers READY=1, WATCHDOG=1 and STATUS as one datagram', async () => {
    if (!haveTools) {
      // No systemd-notify/perl on this machine: the sender must still fail as a typed value.
      const r = await systemdNotifySender({ env: { NOTIFY_SOCKET: '/nonexistent' } }).send(['READY=1']);
      expect(r).toMatchObject({ ok: false });
      return;
    }
    const { socket, receivedAll } = await listen();
    const feeder = await startWatchdog({
      env: { ...process.env, NOTIFY_SOCKET: socket, WATCHDOG_USEC: '60000000', WATCHDOG_PID: '' },
      status: 'kiosk up',
    });
    expect(await receivedAll).toContain('READY=1\nWATCHDOG=1\nSTATUS=kiosk up');
    expect(feeder?.snapshot(), JSON.stringify(feeder?.snapshot())).toMatchObject({ sent: 1, failed: 0 });
    await feeder?.stop(); // nobody listens any more: a typed failure, no throw
    expect(feeder?.snapshot()).toMatchObject({ failed: 1, lastError: { code: 'notify-failed' } });
    expect(feeder?.snapshot().lastError?.message).not.toContain('STOPPING'); // no command line in errors
  });

  it('reports a missing binary as notify-missing', async () => {
    const sender = systemdNotifySender({ env: { NOTIFY_SOCKET: '/nonexistent' }, command: '/nonexistent/systemd-notify' });
    expect(await sender.send(['READY=1'])).toMatchObject({ ok: false, error: { code: 'notify-missing' } });
  });
});

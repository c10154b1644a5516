/**
 * Locker bus benchmarks.
 *
 * 1. Command → `door-opened` event latency, driver ⇄ emulator over a socat pty pair with the real
 *    serialport binding (4 boards × 24 locks, polling on at the default 1 s), p50/p95. Real boards
 *    add their own ~500 ms before answering an unlock; this measures what the software adds.
 * 2. The same over an in-memory pair paced at 9600 baud 8N1 (960 B/s): the bus-time floor of a
 *    real 8A cabinet (5-byte command + 5-byte reply ≈ 10.4 ms of wire time).
 * 3. Idle polling cost: the driver polls 4 boards × 24 locks (query-all each, every 1000 ms) for
 *    20 s while the boards are emulated in another process (`yimen emulate locker`), so only the
 *    driver's CPU is counted: process.cpuUsage() as % of one core. Target ≤ 1 %.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LockerDriver, type LockerEvent } from '../drivers/locker/locker-driver.js';
import { LockerEmulator } from '../drivers/locker/locker-emulator.js';
import { CABINET_8A } from '../drivers/locker/locker-scenarios.js';
import type { Transport } from '../drivers/transport/transport.js';
import { createMemoryPair, uartBytesPerSecond } from '../drivers/transport/memory-transport.js';
import { SerialTransport } from '../drivers/transport/serial-transport.js';
import { openPtyPair } from '../tests/helpers/pty.js';
import { percentile, round, type BenchReport } from './bench-kit.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const boards = CABINET_8A.map((b) => ({ address: b.address, locks: b.locks, polarity: 'locked-shorted' as const }));
const IDLE_SECONDS = 20;

function driverOn(transport: Transport, pollIntervalMs: number): LockerDriver {
  return new LockerDriver(transport, { protocol: '8a', boards, pollIntervalMs, leftOpenAfterMs: 600_000 });
}

/** Open `runs` locks one after another; time from the call to the door-opened event. */
async function openLatency(driver: LockerDriver, emulator: LockerEmulator, runs: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < runs + 5; i++) {
    const board = 1 + (i % 4);
    const lock = 1 + (i % 24);
    emulator.setDoor(board, lock, 'closed');
    // Let the driver see it closed first, so the next opening is a change.
    const seen = await driver.queryLock(board, lock);
    if (!seen.ok) throw new Error(`query ${board}/${lock}: ${seen.error.message}`);
    const event = new Promise<number>((resolve) => {
      const off = driver.onEvent((e: LockerEvent) => {
        if (e.type === 'door-opened' && e.board === board && e.lock === lock) {
          off();
          resolve(performance.now());
        }
      });
    });
    const t0 = performance.now();
    const r = await driver.open(board, lock);
    if (!r.ok || r.value.opened !== true) throw new Error(`open ${board}/${lock} failed: ${JSON.stringify(r)}`);
    const t1 = await event;
    if (i >= 5) samples.push(t1 - t0);
  }
  return samples;
}

async function ptyLatency(runs: number): Promise<number[]> {
  const pty = await openPtyPair();
  const emulatorPort = new SerialTransport({ path: pty.b, livenessMs: 0 });
  await emulatorPort.open();
  const emulator = new LockerEmulator({ protocol: '8a', boards: CABINET_8A });
  emulator.attach(emulatorPort);
  const driver = driverOn(new SerialTransport({ path: pty.a, livenessMs: 0 }), 1000);
  await driver.start();
  try {
    return await openLatency(driver, emulator, runs);
  } finally {
    await driver.stop();
    emulator.dispose();
    await emulatorPort.close();
    await pty.close();
  }
}

async function wireLatency(runs: number): Promise<number[]> {
  const pair = createMemoryPair({ bytesPerSecond: uartBytesPerSecond(9600) });
  await pair.b.open();
  const emulator = new LockerEmulator({ protocol: '8a', boards: CABINET_8A });
  emulator.attach(pair.b);
  const driver = driverOn(pair.a, 1000);
  await driver.start();
  try {
    return await openLatency(driver, emulator, runs);
  } finally {
    await driver.stop();
    emulator.dispose();
    await pair.b.close();
  }
}

async function idleCpu(): Promise<{
  percent: number;
  polls: number;
  timeouts: number;
  seconds: number;
  emulatorInProcess: boolean;
}> {
  const pty = await openPtyPair();
  const bin = join(root, 'bin', 'yimen.js');
  const built = existsSync(join(root, 'dist', 'main', 'shells', 'cli', 'locker.js'));
  let stopEmulator: () => Promise<void>;
  if (built) {
    const child = spawn(process.execPath, [bin, 'emulate', 'locker', '--port', pty.b], { stdio: ['pipe', 'pipe', 'ignore'] });
    await new Promise<void>((resolve, reject) => {
      child.stdout.once('data', () => resolve());
      child.once('exit', (code) => reject(new Error(`emulator exited (${code})`)));
    });
    stopEmulator = () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
  } else {
    // Without dist/ (no `npm run build:main`), the boards run in this process and are counted too.
    const port = new SerialTransport({ path: pty.b, livenessMs: 0 });
    await port.open();
    const emulator = new LockerEmulator({ protocol: '8a', boards: CABINET_8A });
    const detach = emulator.attach(port);
    stopEmulator = async () => {
      detach();
      await port.close();
    };
  }
  const driver = driverOn(new SerialTransport({ path: pty.a }), 1000);
  await driver.start();
  try {
    await new Promise((r) => setTimeout(r, 2000)); // first polls, JIT warm-up
    const before = driver.busStats;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, IDLE_SECONDS * 1000));
    const cpu = process.cpuUsage(cpu0);
    const elapsedMs = performance.now() - t0;
    const after = driver.busStats;
    return {
      percent: ((cpu.user + cpu.system) / 1000 / elapsedMs) * 100,
      polls: after.requests - before.requests,
      timeouts: after.timeouts - before.timeouts,
      seconds: elapsedMs / 1000,
      emulatorInProcess: !built,
    };
  } finally {
    await driver.stop();
    await stopEmulator();
    await pty.close();
  }
}

export async function bench(): Promise<BenchReport> {
  const load = loadavg()[0] ?? 0;
  const pty = await ptyLatency(100);
  const wire = await wireLatency(60);
  const idle = await idleCpu();
  return {
    name: 'locker',
    description:
      'Command → door-opened event latency (socat pty + real serialport binding; and an in-memory pair paced at 9600 baud), ' +
      `and the driver's CPU while polling 4 boards × 24 locks every second for ${IDLE_SECONDS} s against a separate emulator process. ` +
      `1-min load average at start: ${round(load)} on ${process.platform}.`,
    rows: [
      { metric: 'open → door-opened p50 (pty)', value: round(percentile(pty, 50)), unit: 'ms' },
      { metric: 'open → door-opened p95 (pty)', value: round(percentile(pty, 95)), unit: 'ms' },
      { metric: 'open → door-opened p50 (9600 baud wire)', value: round(percentile(wire, 50)), unit: 'ms' },
      { metric: 'open → door-opened p95 (9600 baud wire)', value: round(percentile(wire, 95)), unit: 'ms' },
      {
        metric: `idle polling CPU, 4×24 locks @1 s${idle.emulatorInProcess ? ' (incl. emulator)' : ''}`,
        value: round(idle.percent, 3),
        unit: '% of one core',
        target: '≤ 1 %',
        met: idle.percent <= 1,
      },
      { metric: 'idle polls (query-all) answered', value: idle.polls - idle.timeouts, unit: `of ${idle.polls}` },
    ],
    raw: { pty, wire, idle },
  };
}

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll } from 'vitest';
import { openPtyPair, type PtyPair } from './pty.js';

/** The repository root, and the built `yimen` command the CLI tests run as a technician would. */
export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const bin = join(root, 'bin', 'yimen.js');

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function yimen(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [bin, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A long-running `yimen` process (an emulator) whose output the test waits on. */
export interface Running {
  readonly proc: ChildProcessWithoutNullStreams;
  /** Everything written to stdout / stderr so far. */
  readonly out: string;
  readonly err: string;
  /** Resolves with the text once `stream` contains `text` (from its start); rejects if the process exits first. */
  waitFor(stream: 'out' | 'err', text: string): Promise<string>;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

export function startYimen(args: string[], env?: NodeJS.ProcessEnv): Running {
  const proc = spawn(process.execPath, [bin, ...args], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'pipe'],
    ...(env ? { env: { ...process.env, ...env } } : {}),
  });
  const text = { out: '', err: '' };
  const waiters = new Set<() => void>();
  let exitCode: number | null | undefined;
  const wake = (): void => {
    for (const w of [...waiters]) w();
  };
  proc.stdout.on('data', (d: Buffer) => {
    text.out += d.toString();
    wake();
  });
  proc.stderr.on('data', (d: Buffer) => {
    text.err += d.toString();
    wake();
  });
  const exited = new Promise<number | null>((resolve) =>
    proc.on('close', (code) => {
      exitCode = code;
      wake();
      resolve(code);
    }),
  );
  return {
    proc,
    get out() {
      return text.out;
    },
    get err() {
      return text.err;
    },
    waitFor(stream, wanted) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          if (text[stream].includes(wanted)) {
            waiters.delete(check);
            resolve(text[stream]);
          } else if (exitCode !== undefined) {
            waiters.delete(check);
            reject(new Error(`yimen ${args.join(' ')} exited (${exitCode}) before writing "${wanted}": ${text.err}`));
          }
        };
        waiters.add(check);
        check();
      });
    },
    stop() {
      if (exitCode === undefined) proc.kill('SIGTERM');
      return exited;
    },
  };
}

/** An emulator a CLI test runs in its own process, on the device end of a pty pair. */
export interface Emulator {
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** What one CLI test file against an emulator starts; all of it is stopped after each test. */
export interface EmulatorBench<E extends Emulator> {
  /** The emulator the running test started, if any. */
  readonly emu: E | null;
  /** Opens a pty pair and starts `make(devicePath)` on its device end; resolves with the end the CLI opens. */
  startEmulator(make: (devicePath: string) => E): Promise<string>;
  /** Opens a pty pair (e.g. for `yimen emulate …` on one end). */
  openPty(): Promise<PtyPair>;
  /** `startYimen`, for a `yimen` process that runs until the test stops it (or until after the test). */
  startYimen(args: string[]): Running;
}

/**
 * For a CLI test file that runs `yimen <command> …` against emulators over socat pty pairs: checks
 * before all tests that `npm run build:main` built the command into dist/, and after each test
 * stops the `yimen` process, the emulator and the pty pair the test started.
 */
export function useEmulatorBench<E extends Emulator>(command: string): EmulatorBench<E> {
  let pty: PtyPair | null = null;
  let emu: E | null = null;
  let running: Running | null = null;
  beforeAll(() => {
    if (!existsSync(join(root, 'dist', 'main', 'shells', 'cli', `${command}.js`)))
      throw new Error(`dist/ is missing the ${command} command: run \`npm run build:main\` first`);
  });
  afterEach(async () => {
    await running?.stop();
    running = null;
    await emu?.stop();
    emu = null;
    await pty?.close();
    pty = null;
  });
  const openPty = async (): Promise<PtyPair> => (pty = await openPtyPair());
  return {
    get emu() {
      return emu;
    },
    async startEmulator(make) {
      const pair = await openPty();
      emu = make(pair.b);
      await emu.start();
      return pair.a;
    },
    openPty,
    startYimen(args) {
      running = startYimen(args);
      return running;
    },
  };
}

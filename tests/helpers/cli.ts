import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

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

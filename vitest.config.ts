import { defineConfig } from 'vitest/config';

// Test workers (forked from here) get a larger libuv pool: a serial port whose pty vanished keeps a
// pool thread busy in the native binding, and the drivers' liveness checks (fs.realpath) must still run.
process.env.UV_THREADPOOL_SIZE ??= '16';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Native modules (better-sqlite3, serialport) are safest in child processes.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default'],
    setupFiles: ['tests/setup.ts'],
  },
});

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
    // Timeouts here are hang detectors, not speed checks (benchmarks measure speed). Beside a CPU
    // hog on 2 cores (npm run test:stress) an e2e journey took up to 3× its time on an idle
    // machine, so each bound is about 3× the slowest test's idle time: 180 s for a journey, more
    // for the few files that walk every screen in every mode (they set their own).
    testTimeout: 180_000,
    hookTimeout: 120_000,
    reporters: ['default'],
    setupFiles: ['tests/setup.ts'],
  },
});

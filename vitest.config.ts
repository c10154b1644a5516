import { defineConfig } from 'vitest/config';
import { COVERAGE_FLOORS } from './tools/coverage-tiers.js';

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
    // Coverage of the code the tests run in their own processes (a CLI or a kill-test child is
    // not counted), with a floor per tier (tools/coverage-tiers.ts; `npm test` prints the table).
    coverage: {
      provider: 'v8',
      include: ['common/**/*.ts', 'config/**/*.ts', 'drivers/**/*.ts', 'main/**/*.ts', 'backoffice/**/*.ts'],
      // The Electron shell is type-checked, not launched, on machines without the Electron binary.
      exclude: ['main/shells/electron/**'],
      reporter: ['text-summary', 'json-summary', 'json'],
      reportsDirectory: 'test-output/coverage',
      thresholds: COVERAGE_FLOORS,
    },
  },
});

/**
 * Nothing about a face reaches the disk or the log: the checker and its engine run in a child
 * process that Node's permission model forbids every file-system write (a probe write proves the
 * ban is on; child processes are allowed only for tsx's esbuild, which compiles the test's
 * TypeScript), and every log call the checker made is inspected for pixels and templates.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { MAX_LOG_CHARS } from '../../../../../main/features/identity/face/protocol.js';
import { referenceJpeg } from './face-frames.js';

const run = promisify(execFile);

it('runs face checks with every file-system write forbidden, and logs no image bytes or templates', async () => {
  const child = fileURLToPath(new URL('./privacy-child.ts', import.meta.url));
  const { stdout } = await run(
    process.execPath,
    [
      '--experimental-permission',
      '--allow-fs-read=*',
      '--allow-worker',
      '--allow-child-process',
      '--no-warnings',
      '--import',
      'tsx',
      child,
    ],
    {
      cwd: fileURLToPath(new URL('../../../../../', import.meta.url)),
      // tsx would write its transform cache: that is off, so that no write at all is needed.
      env: { ...process.env, TSX_DISABLE_CACHE: '1' },
      maxBuffer: 8 * 1024 * 1024,
    },
  );
  const report = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as {
    writeDenied: boolean;
    codes: string[];
    lines: string[];
  };
  expect(report.writeDenied).toBe(true);
  expect(report.codes).toEqual(['match', 'no-match', 'match', 'no-face']);
  expect(report.lines.length).toBeGreaterThan(0);
  const refHead = referenceJpeg('a3').subarray(200, 232);
  for (const line of report.lines) {
    expect(line.length).toBeLessThan(MAX_LOG_CHARS * 2);
    // A template is a long run of numbers; pixels would show as base64 or hex of the image.
    expect(line).not.toMatch(/(-?\d+(\.\d+)?\s*,\s*){15}/);
    expect(line).not.toContain(refHead.toString('base64'));
    expect(line).not.toContain(refHead.toString('hex'));
  }
});

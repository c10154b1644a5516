/**
 * The emulated document camera (drivers/camera/camera-emulator.ts, `doc-*` scenarios): it plays
 * the photographed sample pages at 5 MP through the real MJPEG splitter, each page held still for
 * `holdFrames` frames.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CameraEmulator, isDocScenario } from '../../../../drivers/camera/camera-emulator.js';
import type { CameraFrame } from '../../../../drivers/camera/camera.js';

const FRAMES = join(import.meta.dirname, '..', '..', '..', 'fixtures', 'camera');

describe('emulated document camera', () => {
  it('has the pages, the blank sheet and the dark stage, each a 5 MP frame', () => {
    const emu = new CameraEmulator({ framesDir: FRAMES });
    expect(emu.frames('doc-pages')).toHaveLength(2);
    expect(emu.frames('doc-blank')).toHaveLength(1);
    expect(emu.frames('doc-dark')).toHaveLength(1);
    expect(isDocScenario('doc-pages')).toBe(true);
    expect(isDocScenario('real-face')).toBe(false);
  });

  it('delivers each page holdFrames times in a row, then the next, as 2592×1944 frames', async () => {
    const emu = new CameraEmulator({ scenario: 'doc-pages', framesDir: FRAMES, fps: 30, holdFrames: 3 });
    const opened = await emu.open();
    if (!opened.ok) throw new Error(opened.error.message);
    const session = opened.value;
    const frames: CameraFrame[] = [];
    const done = new Promise<void>((resolve) => {
      session.onFrame((f) => {
        frames.push(f);
        if (frames.length === 6) resolve();
      });
    });
    await done;
    await session.close();
    const [a, b] = emu.frames('doc-pages');
    const which = frames.map((f) =>
      Buffer.from(f.bytes).equals(Buffer.from(a ?? [])) ? 'a' : Buffer.from(f.bytes).equals(Buffer.from(b ?? [])) ? 'b' : '?',
    );
    // The first frame came before the listener (open() delivers one at once): two more of a, three of b.
    expect(which).toEqual(['a', 'a', 'b', 'b', 'b', 'a']);
    for (const f of frames) expect([f.width, f.height]).toEqual([2592, 1944]);
  });
});

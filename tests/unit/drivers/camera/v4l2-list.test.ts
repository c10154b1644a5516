import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listVideoDevices } from '../../../../drivers/camera/v4l2-list.js';

let dir: string | null = null;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

/** A fake /sys/class/video4linux: `videoN` folders with `name` and `index` files. */
function fakeSysfs(nodes: Record<string, { name?: string; index?: string }>): string {
  dir = mkdtempSync(join(tmpdir(), 'yimen-v4l-'));
  for (const [node, files] of Object.entries(nodes)) {
    mkdirSync(join(dir, node));
    if (files.name !== undefined) writeFileSync(join(dir, node, 'name'), files.name);
    if (files.index !== undefined) writeFileSync(join(dir, node, 'index'), files.index);
  }
  return dir;
}

describe('listVideoDevices', () => {
  it('lists videoN nodes in numeric order with their name and index', () => {
    const sysfs = fakeSysfs({
      video10: { name: 'IR Camera\n', index: '0\n' },
      video0: { name: 'HD Pro Webcam C920\n', index: '0\n' },
      video1: { name: 'HD Pro Webcam C920\n', index: '1\n' },
      'v4l-subdev0': { name: 'not a video node' },
      video2: {},
    });
    expect(listVideoDevices({ sysfs, dev: '/dev' })).toEqual([
      { path: '/dev/video0', name: 'HD Pro Webcam C920', index: 0 },
      { path: '/dev/video1', name: 'HD Pro Webcam C920', index: 1 },
      { path: '/dev/video2', name: '', index: null },
      { path: '/dev/video10', name: 'IR Camera', index: 0 },
    ]);
  });

  it('is empty when the class does not exist (no camera driver loaded)', () => {
    expect(listVideoDevices({ sysfs: '/nonexistent/video4linux' })).toEqual([]);
  });
});

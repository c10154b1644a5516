/**
 * The video devices the kernel knows, from sysfs: `/sys/class/video4linux/videoN/name` (the
 * camera's USB product name) and `index` (0 is a UVC camera's capture node; a second node with
 * index 1 carries metadata only). Nothing is opened, so listing never disturbs a capture.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface VideoDevice {
  /** `/dev/video0` */
  path: string;
  /** `HD Pro Webcam C920`, or '' when sysfs gives none. */
  name: string;
  /** The node's index on its device (0: the capture node of a UVC camera), or null when unknown. */
  index: number | null;
}

export interface ListOptions {
  /** Default `/sys/class/video4linux`. */
  sysfs?: string;
  /** Where the nodes are, default `/dev`. */
  dev?: string;
}

function readText(file: string): string | null {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return null;
  }
}

/** Every `videoN` in sysfs, by N; an empty list when there is no video4linux class (no camera, or no sysfs). */
export function listVideoDevices(opts: ListOptions = {}): VideoDevice[] {
  const sysfs = opts.sysfs ?? '/sys/class/video4linux';
  const dev = opts.dev ?? '/dev';
  let entries: string[];
  try {
    entries = readdirSync(sysfs);
  } catch {
    return [];
  }
  return entries
    .map((e) => /^video(\d+)$/.exec(e))
    .filter((m): m is RegExpExecArray => m !== null)
    .sort((a, b) => Number(a[1]) - Number(b[1]))
    .map((m) => {
      const dir = join(sysfs, m[0]);
      const index = readText(join(dir, 'index'));
      return {
        path: join(dev, m[0]),
        name: readText(join(dir, 'name')) ?? '',
        index: index !== null && /^\d+$/.test(index) ? Number(index) : null,
      };
    });
}

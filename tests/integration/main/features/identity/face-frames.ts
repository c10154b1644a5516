/**
 * Camera-like frames made from the face fixtures (tests/fixtures/faces, see tests/fixtures/README.md):
 * a crop set in a 640×480 frame, as the kiosk camera would deliver it.
 */
import type { FaceFrame } from '../../../../../main/features/identity/face/face-check.js';
import {
  decodeJpeg,
  mirror,
  place,
  readFixture,
  rephotograph,
  tone,
  type Rgb,
} from '../../../../../tools/build-face-fixtures.js';

export type Variant = 'plain' | 'jitter' | 'rephotographed';

export function fixture(name: string): Rgb {
  return decodeJpeg(readFixture(`${name}.jpg`));
}

/** `jitter`: mirrored, 15 % brighter and lifted (the same photo, so an optimistic "same person"). */
export function liveFrame(name: string, variant: Variant = 'plain', side = 300): FaceFrame {
  let img = fixture(name);
  if (variant === 'jitter') img = tone(mirror(img), 1.15, 12);
  if (variant === 'rephotographed') img = rephotograph(img);
  const f = place(img, 640, 480, side);
  return { data: f.data, width: f.width, height: f.height, format: 'rgb' };
}

export function blankFrame(): FaceFrame {
  return { data: new Uint8Array(640 * 480 * 3).fill(120), width: 640, height: 480, format: 'rgb' };
}

/** The reference photo: the fixture's own JPEG bytes. */
export function referenceJpeg(name: string): Buffer {
  return readFixture(`${name}.jpg`);
}

/** Identities with their photos (manifest.json): a has three different photos, b–e one each. */
export const PHOTOS: readonly (readonly [string, string])[] = [
  ['a1', 'a'],
  ['a2', 'a'],
  ['a3', 'a'],
  ['b', 'b'],
  ['c', 'c'],
  ['d', 'd'],
  ['e', 'e'],
];

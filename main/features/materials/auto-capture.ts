/**
 * Auto-capture on the scan step (#16, config `materials.autoCaptureMs`): the document camera's
 * preview frames, already streaming for the citizen, are watched for a page lying still
 * (`drivers/camera/document/still-page.ts`); when one does, `onStill` asks the session to take it
 * (`SCAN_AUTO`). The session machine in main decides, as for a tap. Frames are looked at and
 * dropped: only a 32×24 grey signature of the last frame and of the last page taken is kept.
 */
import type { CaptureSession } from '../../../drivers/camera/camera.js';
import { StillPage, jpegSignature } from '../../../drivers/camera/document/still-page.js';

export interface StillWatch {
  /** The page lying there was just taken (by a tap or on its own): the next needs a new page. */
  tookCurrent(): void;
  stop(): void;
}

export function watchStill(
  session: CaptureSession,
  stillMs: number,
  onStill: () => void,
  now: () => number = Date.now,
): StillWatch {
  const still = new StillPage({ stillMs });
  const off = session.onPreview((f) => {
    let sig: Uint8Array;
    try {
      sig = jpegSignature(f.bytes);
    } catch {
      return; // a frame that does not decode is skipped, as the preview would be
    }
    if (still.feed(sig, now())) onStill();
  });
  return { tookCurrent: () => still.tookCurrent(), stop: off };
}

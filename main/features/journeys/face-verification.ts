/**
 * The face check in a citizen journey (人证核验, docs/identity.md): the person at the camera is the
 * person the ID card names. One attempt:
 *
 * 1. takes the reference photo — the card chip's, decoded by the reader's WLT decoder (mode b), or
 *    the back office's register photo of the card's name and number (mode a), as
 *    `identity.faceCheck.reference` says; held in memory for this attempt only — then opens the
 *    face camera in main;
 * 2. streams a small preview to the renderer (`camera.preview`) so the citizen can place themselves;
 * 3. takes `frames` consecutive frames and checks each against the reference (local engine, with
 *    anti-spoof and liveness): the attempt matches only if every frame shows one live face that
 *    matches. Frames without a face (or with two) are waited through until `positionMs` runs out;
 * 4. audits the outcome (code and band only) under the card's person, closes the camera, drops
 *    the frames and the photo.
 *
 * Expected failures are `JourneyError`s whose code the citizen screen explains, each with the
 * staff-assisted path as the way forward: the camera missing or pulled out, the register not
 * answering (no check possible is never a pass), no reference photo, the engine not available.
 */
import type { CameraDriver } from '../../../drivers/camera/camera-driver.js';
import type { CameraFrame, CaptureSession } from '../../../drivers/camera/camera.js';
import { decodeJpeg } from '../../../drivers/camera/jpeg-tools.js';
import type { FaceJourneyConfig } from '../../../config/identity-schema.js';
import type { EventPayload } from '../../base/api/contract.js';
import type { Logger } from '../../base/log/logger.js';
import type { DataPort } from '../../data/data-port.js';
import { PREVIEW, previewFeed } from '../../devices/camera-device.js';
import type { FaceCheckBand, FaceCheckOutcome, FaceFrame } from '../identity/face/face-check.js';
import type { FaceCheckErrorCode } from '../identity/face/face-checker.js';
import type { Result } from '../../../common/result.js';
import type { FaceVerdict, Identity } from '../session/journey-types.js';
import type { CitizenAudit } from './citizen-audit.js';
import type { ChipPhotos } from './chip-photos.js';
import { JourneyError } from './journey-kit.js';

/** The attempt could not run (each a notice; the staff-assisted path is always offered). */
export type FaceUnavailableCode =
  | 'face-camera-unavailable'
  | 'face-camera-unplugged'
  | 'face-reference-unavailable'
  | 'face-reference-missing'
  | 'face-engine-unavailable';

export interface FaceEngine {
  warmUp(): Promise<Result<unknown, FaceCheckErrorCode>>;
  check(frame: FaceFrame, referenceJpeg: Uint8Array): Promise<Result<FaceCheckOutcome, FaceCheckErrorCode>>;
}

export interface FaceVerificationOptions {
  terminalId: string;
  config: FaceJourneyConfig;
  engine: FaceEngine;
  /** The face camera (role `face`), or null when none is configured or built. */
  camera: () => { id: string; driver: CameraDriver } | null;
  client: Pick<DataPort['client'], 'call'>;
  /** The decoded photo of the card read in this session (mode b), when the reader has a decoder. */
  chipPhotos: Pick<ChipPhotos, 'take'>;
  preview: (payload: EventPayload<'camera.preview'>) => void;
  audit: CitizenAudit;
  log: Pick<Logger, 'info' | 'warn'>;
}

const REGISTER_REFUSALS = new Set(['identity-not-in-register', 'identity-name-mismatch', 'identity-inactive']);

export class FaceVerification {
  constructor(private readonly o: FaceVerificationOptions) {}

  /** Loads the models ahead of the first check (when the consent screen shows). Never fails. */
  warmUp(): Promise<void> {
    return this.o.engine.warmUp().then(
      () => undefined,
      () => undefined,
    );
  }

  /** One attempt for `identity` (see the file comment). `signal` aborts it when the citizen leaves. */
  async check(input: { identity: Identity; sessionId: string }, signal?: AbortSignal): Promise<FaceVerdict> {
    const { identity, sessionId } = input;
    const audit = (type: string, detail: Record<string, string>): void =>
      this.o.audit(type, { sessionId, ...detail }, identity.idNumber);
    try {
      const { verdict, reference } = await this.attempt(identity, signal);
      audit('identify.face', { outcome: verdict.code, band: verdict.band, reference });
      this.o.log.info({ outcome: verdict.code, band: verdict.band, reference }, 'face check');
      return verdict;
    } catch (e) {
      if (e instanceof JourneyError && e.code !== 'face-aborted') {
        audit('identify.face-unavailable', { reason: e.code });
        this.o.log.warn({ reason: e.code, detail: e.message }, 'face check could not run');
      }
      throw e;
    }
  }

  private async attempt(
    identity: Identity,
    signal: AbortSignal | undefined,
  ): Promise<{ verdict: FaceVerdict; reference: 'chip' | 'register' }> {
    const cam = this.o.camera();
    if (cam === null) throw new JourneyError('face-camera-unavailable', 'no face camera is configured');
    // The register's photo first (one short request), then the camera: no capture without a reference.
    const { photo: reference, source } = await this.referencePhoto(identity);
    if (signal?.aborted) {
      reference.fill(0);
      throw new JourneyError('face-aborted', 'the citizen left');
    }
    const opened = await cam.driver.open({ preview: PREVIEW });
    if (!opened.ok) {
      reference.fill(0);
      throw new JourneyError('face-camera-unavailable', `camera: ${opened.error.code}`);
    }
    const session = opened.value;
    const stopPreview = previewFeed(cam.id, session, this.o.preview);
    const onAbort = (): void => void session.close();
    signal?.addEventListener('abort', onAbort);
    try {
      return { verdict: await this.burstUntilDecided(session, reference, signal), reference: source };
    } finally {
      signal?.removeEventListener('abort', onAbort);
      reference.fill(0);
      stopPreview();
      await session.close();
      this.o.preview({ device: cam.id, frame: null });
    }
  }

  /** The reference for this attempt: the chip's photo or the register's, as `reference` says. */
  private async referencePhoto(identity: Identity): Promise<{ photo: Uint8Array; source: 'chip' | 'register' }> {
    const mode = this.o.config.reference;
    if (mode !== 'register') {
      // Only a card read in this session, for this very card (a staff-typed identity has no chip photo).
      const chip = identity.method === 'idcard' ? this.o.chipPhotos.take(identity.idNumber) : null;
      if (chip !== null) return { photo: chip, source: 'chip' };
      if (mode === 'chip') throw new JourneyError('face-reference-missing', 'no decoded chip photo for this card');
    }
    return { photo: await this.registerPhoto(identity), source: 'register' };
  }

  private async registerPhoto(identity: Identity): Promise<Uint8Array> {
    const r = await this.o.client.call('getIdentityPhoto', {
      body: { terminalId: this.o.terminalId, name: identity.name, idNumber: identity.idNumber },
    });
    if (r.ok) return new Uint8Array(Buffer.from(r.value.photo, 'base64'));
    const remote = r.error.code === 'bo-rejected' ? (r.error.remoteCode ?? '') : '';
    // No photo, or the register does not hold this card's person as active: no check is possible here.
    if (remote === 'identity-photo-missing' || REGISTER_REFUSALS.has(remote))
      throw new JourneyError('face-reference-missing', `reference photo: ${remote}`);
    throw new JourneyError('face-reference-unavailable', `reference photo: ${r.error.code}`);
  }

  /** Bursts of `frames` frames until one decides, or `positionMs` passes with no single face. */
  private async burstUntilDecided(
    session: CaptureSession,
    reference: Uint8Array,
    signal: AbortSignal | undefined,
  ): Promise<FaceVerdict> {
    const deadline = Date.now() + this.o.config.positionMs;
    for (;;) {
      const verdict = await this.judge(await this.burst(session, signal), reference);
      const notInPlace = verdict.code === 'no-face' || verdict.code === 'several-faces';
      if (!notInPlace || Date.now() >= deadline) return verdict;
    }
  }

  private async burst(session: CaptureSession, signal: AbortSignal | undefined): Promise<CameraFrame[]> {
    const frames: CameraFrame[] = [];
    // Consecutive frames, collected before any is checked (a check takes longer than a frame).
    const off = session.onFrame((f) => {
      if (frames.length < this.o.config.frames) frames.push(f);
    });
    try {
      while (frames.length < this.o.config.frames) {
        if (signal?.aborted) throw new JourneyError('face-aborted', 'the citizen left');
        const r = await session.nextFrame(3000);
        if (!r.ok) {
          if (signal?.aborted) throw new JourneyError('face-aborted', 'the citizen left');
          throw new JourneyError(
            r.error.code === 'camera-unplugged' ? 'face-camera-unplugged' : 'face-camera-unavailable',
            r.error.message,
          );
        }
      }
    } finally {
      off();
    }
    return frames;
  }

  /** Every frame must show one live face that matches; the first that does not decides. */
  private async judge(frames: readonly CameraFrame[], reference: Uint8Array): Promise<FaceVerdict> {
    let band: FaceCheckBand = 'high';
    for (const f of frames) {
      const img = decodeJpeg(f.bytes);
      const r = await this.o.engine.check({ data: img.data, width: img.width, height: img.height, format: 'rgba' }, reference);
      img.data.fill(0);
      if (!r.ok) throw new JourneyError('face-engine-unavailable', `face engine: ${r.error.code}`);
      const { code } = r.value;
      if (code === 'reference-unusable')
        throw new JourneyError('face-reference-missing', 'the reference photo shows no usable face');
      if (code !== 'match') return { code, band: 'low' };
      if (r.value.band === 'medium') band = 'medium';
    }
    return { code: 'match', band };
  }
}

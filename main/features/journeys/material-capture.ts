/**
 * Materials provided at the kiosk (#16): the document camera opened in main for the scan step (its
 * preview to the renderer), each tap turning the page on the stage into a corrected page
 * (main/features/materials/material-scan.ts), and at submission one PDF per scanned material, pages in
 * the order the citizen left them. The pages stay here, in memory, for the session only: the
 * session machine holds their ids and small thumbnails, never the pages; everything is zeroed when
 * the session ends. E-licences are listed by the back office (only a reference travels).
 *
 * Expected failures are `JourneyError`s the citizen screen explains, each with a way on: retake
 * the page, pick another way (e-licence, deposit), or call staff.
 */
import { randomUUID } from 'node:crypto';
import type Sharp from 'sharp';
import { once } from '../../../common/lazy.js';
import type { CameraDriver } from '../../../drivers/camera/camera-driver.js';
import type { CaptureSession } from '../../../drivers/camera/camera.js';
import type { EventPayload } from '../../base/api/contract.js';
import type { Logger } from '../../base/log/logger.js';
import type { DataPort } from '../../data/data-port.js';
import { PREVIEW, previewFeed } from '../../devices/camera-device.js';
import { capturePage, materialPdf, type MaterialScanOptions, type ScannedPage } from '../materials/material-scan.js';
import type { Identity, Licence, MaterialChoice, ScannedPageRef } from '../session/journey-types.js';
import { watchStill, type StillWatch } from '../materials/auto-capture.js';
import { JourneyError } from './journey-kit.js';

/** sharp (libvips) is loaded at the first image, not with the kiosk's start-up (#18.7). */
const loadSharp = once(async (): Promise<typeof Sharp> => (await import('sharp')).default);

export interface MaterialCaptureOptions {
  terminalId: string;
  scan: MaterialScanOptions;
  /** The document camera (role `doc`), or null when none is configured. */
  camera: () => { id: string; driver: CameraDriver } | null;
  preview: (payload: EventPayload<'camera.preview'>) => void;
  client: Pick<DataPort['client'], 'call'>;
  log: Pick<Logger, 'info' | 'warn'>;
  /** Auto-capture (config `materials.autoCaptureMs`): a page lying still this long is taken. 0: on tap only. */
  autoCaptureMs?: number;
}

/** Thumbnail width on the citizen's screens (form and review). */
const THUMB_WIDTH = 200;

const PAGE_ERRORS: Readonly<Record<string, string>> = {
  'page-blank': 'scan-page-blank',
  'page-too-dark': 'scan-page-too-dark',
  'page-not-found': 'scan-page-not-found',
  'bad-image': 'scan-page-not-found',
  'camera-unplugged': 'scan-camera-unplugged',
  'no-frame': 'scan-camera-unplugged',
};

export class MaterialCapture {
  private session: CaptureSession | null = null;
  private still: StillWatch | null = null;
  private readonly stillListeners = new Set<() => void>();
  private readonly pages = new Map<string, { sessionId: string; materialId: string; page: ScannedPage }>();

  constructor(private readonly o: MaterialCaptureOptions) {}

  /** The scan step: the camera stays open (preview streaming) until `signal` aborts. */
  async open(sessionId: string, signal?: AbortSignal): Promise<void> {
    const cam = this.o.camera();
    if (cam === null) throw new JourneyError('scan-camera-unavailable', 'no document camera is configured');
    if (signal?.aborted) return;
    const opened = await cam.driver.open({ preview: PREVIEW });
    if (!opened.ok) throw new JourneyError('scan-camera-unavailable', `document camera: ${opened.error.code}`);
    const session = opened.value;
    this.session = session;
    const stopPreview = previewFeed(cam.id, session, this.o.preview);
    const still = (this.o.autoCaptureMs ?? 0) > 0 ? watchStill(session, this.o.autoCaptureMs ?? 0, () => this.pageStill()) : null;
    this.still = still;
    this.o.log.info({ sessionId }, 'document camera open');
    try {
      await new Promise<void>((resolve) => {
        if (signal?.aborted) resolve();
        signal?.addEventListener('abort', () => resolve(), { once: true });
      });
    } finally {
      if (this.session === session) this.session = null;
      if (this.still === still) this.still = null;
      still?.stop();
      stopPreview();
      await session.close();
      this.o.preview({ device: cam.id, frame: null });
    }
  }

  /** Takes the page on the stage for `materialId`. */
  async page(sessionId: string, materialId: string): Promise<ScannedPageRef> {
    const session = this.session;
    if (session === null) throw new JourneyError('scan-camera-unavailable', 'the document camera is not open');
    const mine = [...this.pages.values()].filter((p) => p.sessionId === sessionId && p.materialId === materialId);
    if (mine.length >= this.o.scan.maxPages)
      throw new JourneyError('scan-too-many-pages', `at most ${this.o.scan.maxPages} pages`);
    // The page lying there now counts as taken: auto-capture waits for the next one.
    this.still?.tookCurrent();
    const r = await capturePage(session, this.o.scan);
    if (!r.ok) throw new JourneyError(PAGE_ERRORS[r.error.code] ?? 'scan-failed', r.error.message);
    const { jpeg, width, height, dpi, preview } = r.value;
    const pageId = randomUUID();
    this.pages.set(pageId, { sessionId, materialId, page: { jpeg, width, height, dpi } });
    const sharp = await loadSharp();
    const thumb = await sharp(preview.jpeg).resize({ width: THUMB_WIDTH }).jpeg({ quality: 70 }).toBuffer();
    preview.jpeg.fill(0);
    return { pageId, thumb: `data:image/jpeg;base64,${thumb.toString('base64')}` };
  }

  /**
   * One PDF per scanned material, its pages in the citizen's order. The pages stay until the session
   * ends: a submission refused (the store full) can be tried again without photographing them again.
   */
  async pdfs(sessionId: string, materials: Record<string, MaterialChoice>): Promise<{ materialId: string; pdf: Uint8Array }[]> {
    const out: { materialId: string; pdf: Uint8Array }[] = [];
    for (const [materialId, choice] of Object.entries(materials)) {
      if (choice.how !== 'scan') continue;
      const pages = choice.pages.map((ref) => {
        const p = this.pages.get(ref.pageId);
        if (p === undefined || p.sessionId !== sessionId || p.materialId !== materialId)
          throw new JourneyError('scan-page-lost', `page ${ref.pageId} is not held for this material`);
        return p.page;
      });
      const pdf = await materialPdf(pages, { ...this.o.scan, title: materialId });
      if (!pdf.ok) throw new JourneyError(`scan-${pdf.error.code}`, pdf.error.message);
      out.push({ materialId, pdf: pdf.value.pdf });
    }
    return out;
  }

  /** The person's e-licences of these types, from the back office. */
  async licences(identity: Identity, types: string[]): Promise<Licence[]> {
    if (types.length === 0) return [];
    const r = await this.o.client.call('queryLicences', {
      body: { terminalId: this.o.terminalId, name: identity.name, idNumber: identity.idNumber, types },
    });
    if (!r.ok) throw new JourneyError('licences-unavailable', `e-licences: ${r.error.code}`);
    return r.value.licences.map((l) => ({
      reference: l.reference,
      type: l.type,
      title: l.title,
      issuer: l.issuer,
      issuedOn: l.issuedOn,
    }));
  }

  /** Drops (and zeroes) every page not of `sessionId` — all of them when it is null (the session ended). */
  /** A page lay still on the stage (auto-capture): the session takes it, as after a tap. */
  onPageStill(listener: () => void): () => void {
    this.stillListeners.add(listener);
    return () => this.stillListeners.delete(listener);
  }

  private pageStill(): void {
    for (const l of this.stillListeners) l();
  }

  clear(sessionId: string | null = null): void {
    for (const [id, p] of this.pages) {
      if (sessionId !== null && p.sessionId === sessionId) continue;
      p.page.jpeg.fill(0);
      this.pages.delete(id);
    }
  }
}

/**
 * The citizen journeys' work on real (or emulated) devices, the store and the back office: the
 * `JourneyServices` the session machine invokes, and the device events it listens to. This is
 * the composition only; each job is its own module with the ports it uses:
 *
 *   submission.ts          outbox → receipt (durable enqueue before any receipt)
 *   document-printing.ts   the A4 document of an on-the-spot matter
 *   backoffice-lookups.ts  QR check, pickups waiting here, pickup code sent again
 *   pickup.ts · deposit.ts the locker and its compartments, slips
 *   feedback.ts            report, rating, my data
 *   staff-assist.ts        staff called, staff credential, staff-vouched identity
 *   device-events.ts       cards, scans, doors → session events
 *
 * Every failure is a typed error `{ code }` (`JourneyError`) the machine turns into a translated notice.
 */
import type { KioskConfig } from '../../../config/schema.js';
import type { DeviceManager } from '../../devices/manager.js';
import type { Logger } from '../../base/log/logger.js';
import type { DataPort } from '../../data/data-port.js';
import type { JourneyServices } from '../session/machine.js';
import type {
  AssistCredential,
  AssistEntry,
  AssistStaff,
  DocumentOutcome,
  FaceVerdict,
  Identity,
  Licence,
  MyDataEntry,
  OpenOutcome,
  PickupItem,
  ProgressAsk,
  ProgressResult,
  ReportInput,
  ScannedPageRef,
  DocumentInput,
  IssueInput,
  IssuedDocument,
  SubmitInput,
  SubmitOutcome,
} from '../session/journey-types.js';
import type { SessionService } from '../session/service.js';
import { layout } from '../maintenance/compartments.js';
import { BackofficeLookups } from './backoffice-lookups.js';
import { citizenAudit, urgentAlert } from './citizen-audit.js';
import { Compartments } from './compartments.js';
import { Deposit } from './deposit.js';
import { connectDeviceEvents } from './device-events.js';
import {
  authorityKeyOf,
  issueDocument,
  printDocument,
  type DocumentIssuingOptions,
  type DocumentPrintingOptions,
} from './document-printing.js';
import { JourneyError, newApplicationNo } from './journey-kit.js';
import { ChipPhotos } from './chip-photos.js';
import { MaterialCapture } from './material-capture.js';
import { MATERIAL_SCAN_DEFAULTS } from '../materials/material-scan.js';
import { FaceVerification } from './face-verification.js';
import { Feedback } from './feedback.js';
import { FaceChecker } from '../identity/face/face-checker.js';
import type { EventPayload } from '../../base/api/contract.js';
import { Pickup } from './pickup.js';
import { ProgressLookup } from './progress.js';
import { receiptPrinting } from './receipt-printing.js';
import { auditReveals } from './reveal-audit.js';
import { StaffAssist, type StaffVerifier } from './staff-assist.js';
import { submitApplication, type SubmissionOptions } from './submission.js';
import { watchTransmission } from './transmission.js';

export type { StaffVerifier } from './staff-assist.js';

/**
 * What the journeys use of the store, the audit chain and the back office: main/data's
 * `DataServices`, or its `UnavailableData` (every use throws `store-unavailable`).
 */
export type JourneyData = Pick<
  DataPort,
  'outbox' | 'client' | 'audit' | 'subjectOf' | 'attachmentsToday' | 'outboxState' | 'syncStatus' | 'onSyncStatus'
>;

export interface JourneyRuntimeOptions {
  config: KioskConfig;
  devices: Pick<DeviceManager, 'driver'>;
  data: JourneyData;
  /** Staff-assisted identification: the maintenance service's credential check. */
  verifyStaff: StaffVerifier;
  log: Logger;
  now?: () => Date;
  /** Sends a camera's preview to the renderer (`camera.preview`), while the face check captures. */
  preview?: (payload: EventPayload<'camera.preview'>) => void;
}

/** The configured face camera (a `camera` device whose role is `face`, the default role). */
export function faceCameraId(config: KioskConfig): string | null {
  return cameraWithRole(config, 'face');
}

/** The first enabled `camera` device with this role (`face` when its options name none). */
function cameraWithRole(config: KioskConfig, role: 'face' | 'doc'): string | null {
  const d = config.devices.find(
    (x) => x.kind === 'camera' && x.enabled !== false && ((x.options as { role?: unknown } | undefined)?.role ?? 'face') === role,
  );
  return d?.id ?? null;
}

export class JourneyRuntime implements JourneyServices {
  readonly compartments: Compartments;
  private readonly submission: SubmissionOptions;
  private readonly documents: DocumentPrintingOptions;
  private readonly issuing: DocumentIssuingOptions;
  private readonly newApplicationNo: () => string;
  private readonly lookups: BackofficeLookups;
  private readonly progress: ProgressLookup;
  private readonly pickup: Pickup;
  private readonly deposit: Deposit;
  private readonly feedback: Feedback;
  private readonly assist: StaffAssist;
  private readonly faceChecker: FaceChecker;
  private readonly face: FaceVerification;
  /** The document camera and the pages scanned in this session (#16); zeroed when the session ends. */
  private readonly materials: MaterialCapture;
  /** The decoded photo of this session's card (face check mode b); zeroed when the session ends. */
  private readonly chipPhotos = new ChipPhotos();
  private readonly connectSession: (session: SessionService) => () => void;

  constructor(o: JourneyRuntimeOptions) {
    const { config, devices, data, log } = o;
    const now = o.now ?? (() => new Date());
    const terminalId = config.terminal.id;
    const compartments = new Compartments(layout(config.devices, config.staff));
    this.compartments = compartments;
    const audit = citizenAudit(data, log);
    const urgent = urgentAlert(data.outbox, log, now);
    const printReceipt = receiptPrinting({ printer: () => devices.driver('receipt-printer'), audit });
    this.submission = { config, outbox: data.outbox, sync: data, printReceipt, now };
    this.documents = { config, printer: () => devices.driver('a4-printer'), audit };
    let authorityKey: DocumentIssuingOptions['authorityKey'] = null;
    try {
      authorityKey = authorityKeyOf(config.backoffice.documentPublicKey);
    } catch (err) {
      log.error({ err }, 'backoffice.documentPublicKey cannot be read: issued documents are not checked against it');
    }
    this.issuing = { config, client: data.client, authorityKey, audit, urgent, now };
    this.newApplicationNo = () => newApplicationNo(terminalId, now());
    this.lookups = new BackofficeLookups({ terminalId, client: data.client, compartments, audit, log });
    this.progress = new ProgressLookup({ terminalId, client: data.client, catalog: config.catalog, compartments, audit });
    this.pickup = new Pickup({
      locker: () => devices.driver('locker'),
      compartments,
      outbox: data.outbox,
      printReceipt,
      audit,
      urgent,
      now,
    });
    this.deposit = new Deposit({
      terminalId,
      devices: config.devices,
      locker: () => devices.driver('locker'),
      compartments,
      outbox: data.outbox,
      printReceipt,
      audit,
      now,
    });
    this.feedback = new Feedback({
      terminalId,
      hallId: config.terminal.hallId,
      outbox: data.outbox,
      audit: data.audit,
      subjectOf: (id) => data.subjectOf(id),
      attachmentsToday: (id) => data.attachmentsToday(id),
      now,
    });
    this.assist = new StaffAssist({
      terminalId,
      verifyStaff: o.verifyStaff,
      audit,
      urgent,
      data,
      client: data.client,
      log,
      now,
    });
    // The face engine loads on first use (the face-check consent screen) and stays loaded.
    this.faceChecker = new FaceChecker({ config: config.identity.face, log });
    const faceCamera = faceCameraId(config);
    this.face = new FaceVerification({
      terminalId,
      config: config.identity.faceCheck,
      engine: this.faceChecker,
      camera: () => {
        const driver = faceCamera === null ? null : devices.driver('camera', faceCamera);
        return driver === null || faceCamera === null ? null : { id: faceCamera, driver };
      },
      client: data.client,
      chipPhotos: this.chipPhotos,
      preview: o.preview ?? (() => undefined),
      audit,
      log,
    });
    const docCamera = cameraWithRole(config, 'doc');
    this.materials = new MaterialCapture({
      terminalId,
      scan: {
        ...MATERIAL_SCAN_DEFAULTS,
        dpi: config.materials.dpi,
        quality: config.materials.quality,
        // The material's PDF must also fit the upload's cap for one file.
        maxPdfBytes: Math.min(config.materials.maxPdfMB, config.attachments.maxFileMB) * 1024 * 1024,
        maxPages: config.materials.maxPages,
      },
      autoCaptureMs: config.materials.autoCaptureMs,
      camera: () => {
        const driver = docCamera === null ? null : devices.driver('camera', docCamera);
        return driver === null || docCamera === null ? null : { id: docCamera, driver };
      },
      preview: o.preview ?? (() => undefined),
      client: data.client,
      log,
    });
    this.connectSession = (session) => {
      const offDevices = connectDeviceEvents(
        { idcard: devices.driver('idcard'), scanner: devices.driver('scanner'), locker: devices.driver('locker') },
        session,
        { compartments, audit, urgent, chipPhotos: this.chipPhotos },
      );
      let sessionId: string | null = null;
      const offChip = session.onChange((v) => {
        if (v.sessionId === sessionId) return;
        sessionId = v.sessionId;
        this.chipPhotos.clear();
        this.materials.clear(v.sessionId);
      });
      const offTransmission = watchTransmission(data, session);
      const offReveals = auditReveals(session, audit);
      const offStill = this.materials.onPageStill(() => session.send({ type: 'SCAN_AUTO' }));
      return () => {
        offStill();
        offChip();
        offDevices();
        offTransmission();
        offReveals();
      };
    };
  }

  /** Feeds device events to the session (cards, scans, locker doors) and the submitted application's delivery. */
  connect(session: SessionService): () => void {
    return this.connectSession(session);
  }

  // ---- JourneyServices --------------------------------------------------------------------

  verifyQr(input: { text: string }): Promise<Identity> {
    return this.lookups.verifyQr(input);
  }

  async submit(input: SubmitInput): Promise<SubmitOutcome> {
    // One PDF per scanned material, made before anything is stored: a page that cannot be turned
    // into its PDF is said now, on review, with nothing submitted.
    const attachments = input.materials ? await this.materials.pdfs(input.sessionId, input.materials) : [];
    return submitApplication(this.submission, input, attachments);
  }

  scanOpen(input: { sessionId: string }, signal?: AbortSignal): Promise<void> {
    return this.materials.open(input.sessionId, signal);
  }

  scanPage(input: { sessionId: string; materialId: string }): Promise<ScannedPageRef> {
    return this.materials.page(input.sessionId, input.materialId);
  }

  listLicences(input: { identity: Identity; materialId: string; types: string[] }): Promise<Licence[]> {
    return this.materials.licences(input.identity, input.types);
  }

  async issueDocument(input: IssueInput): Promise<{ applicationNo: string; document: IssuedDocument }> {
    const applicationNo = this.newApplicationNo();
    const r = await issueDocument(this.issuing, input, applicationNo);
    if (!r.ok) throw new JourneyError(`doc-${r.error.code}`, r.error.message);
    return { applicationNo, document: r.value };
  }

  printDocument(input: DocumentInput): Promise<DocumentOutcome> {
    return printDocument(this.documents, input);
  }

  lookupPickups(input: { identity: Identity | null; pickupCode: string | null }): Promise<PickupItem[]> {
    return this.lookups.lookupPickups(input);
  }

  openCompartment(input: { pickup: PickupItem; sessionId: string }): Promise<OpenOutcome> {
    return this.pickup.openCompartment(input);
  }

  completePickup(input: { pickup: PickupItem; sessionId: string; identity: Identity | null }): Promise<{ slipPrinted: boolean }> {
    return this.pickup.completePickup(input);
  }

  openForDeposit(input: { identity: Identity; sessionId: string }): Promise<{ door: string; opened: boolean | null }> {
    return this.deposit.openForDeposit(input);
  }

  recordDeposit(input: Parameters<Deposit['recordDeposit']>[0]): Promise<{ receiptNo: string }> {
    return this.deposit.recordDeposit(input);
  }

  sendReport(input: ReportInput & { sessionId: string }): Promise<{ reportNo: string }> {
    return this.feedback.sendReport(input);
  }

  sendRating(input: { score: number; matterId: string | null }): Promise<void> {
    return this.feedback.sendRating(input);
  }

  myData(input: { identity: Identity }): Promise<MyDataEntry[]> {
    return this.feedback.myData(input);
  }

  callStaff(input: { sessionId: string }): Promise<void> {
    return this.assist.callStaff(input);
  }

  verifyStaff(input: { credential: AssistCredential }): Promise<AssistStaff> {
    return this.assist.verifyStaff(input);
  }

  assistIdentify(input: { staff: AssistStaff; entry: AssistEntry; sessionId: string }): Promise<Identity> {
    return this.assist.assistIdentify(input);
  }

  faceWarmUp(): Promise<void> {
    return this.face.warmUp();
  }

  faceCheck(input: { identity: Identity; sessionId: string }, signal?: AbortSignal): Promise<FaceVerdict> {
    return this.face.check(input, signal);
  }

  /** Frees the face engine (its thread and models). */
  close(): Promise<void> {
    return this.faceChecker.close();
  }

  resendPickupCode(input: { phone: string }): Promise<{ maskedPhone: string }> {
    return this.lookups.resendPickupCode(input);
  }

  lookupProgress(input: { identity: Identity | null; ask: ProgressAsk | null }): Promise<ProgressResult> {
    return this.progress.lookup(input);
  }
}

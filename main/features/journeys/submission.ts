/**
 * An application: durable enqueue in the outbox first (so nothing is lost), then the receipt.
 * Delivery to the back office happens in the outbox worker, exactly once by idempotency key; a
 * receipt printer that fails leaves the application enqueued and says why in `receiptError`. The
 * receipt is in the session's language (the hall name and the matter's name included).
 */
import { textFor, type CatalogMatter } from '../../../config/catalog-schema.js';
import type { Locale } from '../../base/api/contract.js';
import type { KioskConfig } from '../../../config/schema.js';
import type { DataPort } from '../../data/data-port.js';
import { maskId, maskName } from '../../data/privacy/mask.js';
import type { MaterialChoice, SubmitInput, SubmitOutcome } from '../session/journey-types.js';
import { findMatter } from '../session/machine.js';
import { JourneyError, idTypeOf, newApplicationNo } from './journey-kit.js';
import { newReceiptToken, progressUrl, receiptTokenDigest } from './progress-link.js';
import type { PrintReceipt } from './receipt-printing.js';
import { receiptText, receiptTime, wrapForReceipt, type ReceiptTextKey } from './receipt-texts.js';
import { submissionKey, transmissionOf, type TransmissionData } from './transmission.js';

export interface SubmissionOptions {
  config: Pick<KioskConfig, 'catalog' | 'terminal' | 'privacy' | 'backoffice' | 'locale'>;
  outbox: Pick<DataPort['outbox'], 'submitApplication'>;
  /** Where the row stands once the receipt is out (the worker may have delivered it meanwhile). */
  sync: Pick<TransmissionData, 'outboxState' | 'syncStatus'>;
  printReceipt: PrintReceipt;
  now: () => Date;
}

/** Enqueues an application and prints its receipt (a store that is not open throws `store-unavailable`). */
export function submitApplication(
  o: SubmissionOptions,
  input: SubmitInput & { locale?: Locale },
  /** One PDF per scanned material (stored sealed and uploaded before the application, exactly once). */
  attachments: { materialId: string; pdf: Uint8Array }[] = [],
): Promise<SubmitOutcome> {
  const { config } = o;
  const locale = input.locale ?? config.locale.default;
  const matter = findMatter(config.catalog, input.matterId);
  if (!matter) return Promise.reject(new JourneyError('unknown-matter', input.matterId));
  const now = o.now();
  const applicationNo = input.applicationNo ?? newApplicationNo(config.terminal.id, now);
  // The receipt QR's token exists only on the paper: the back office gets its digest (docs/progress-lookup.md).
  const token = newReceiptToken();
  const form: Record<string, string> = {};
  for (const f of matter.form) if (input.values[f.id] !== undefined && !f.locked) form[f.id] = input.values[f.id] ?? '';
  const res = o.outbox.submitApplication(
    {
      matterCode: matter.id,
      applicant: {
        idType: idTypeOf(input.identity),
        idNumber: input.identity.idNumber,
        name: input.identity.name,
        ...(input.identity.address ? { address: input.values.address ?? input.identity.address } : {}),
        ...(input.values.phone ? { phone: input.values.phone } : {}),
      },
      form: {
        ...form,
        localApplicationNo: applicationNo,
        // Who vouched for the applicant when no card or digital identity was used.
        ...(input.identity.method === 'staff'
          ? { identifiedBy: input.identity.assistedBy ?? '', identityDocument: input.identity.document ?? '' }
          : {}),
      },
      materials: matter.materials.map((m) => materialEntry(m, input.materials?.[m.id])),
      delivery: input.delivery === 'on-the-spot' ? 'window' : input.delivery,
      submittedAt: now.toISOString(),
      receipt: { applicationNo, tokenSha256: receiptTokenDigest(token) },
    },
    { key: submissionKey(applicationNo), actor: input.sessionId, attachments },
  );
  if (!res.ok)
    return Promise.reject(
      new JourneyError(res.error.code === 'attachments-full' ? 'attachments-full' : 'submit-failed', res.error.message),
    );
  // The paper cannot change later: it says "will be sent once the network is back" only when the
  // back office is known to be unreachable, else just "accepted" (the screen follows it live).
  const offline = !res.value.backofficeOnline && o.sync.syncStatus()?.online === false;
  return o
    .printReceipt((b) => {
      // In the citizen's language, like the screens.
      const t = (key: ReceiptTextKey, params: Record<string, string | number> = {}): string => receiptText(key, locale, params);
      // English words are not cut at the edge of the roll.
      const line = (text: string): void => void wrapForReceipt(text).forEach((l) => b.line(l));
      b.setAlign('center').style({ bold: true });
      line(textFor(config.terminal.hallName, locale));
      b.line(t('applicationTitle'), { bold: true, width: 2, height: 2 });
      // The body at the printer's normal size (48 columns on 80 mm): the title's size stays selected otherwise.
      b.style({ bold: false, width: 1, height: 1 });
      b.setAlign('left').feed(1);
      line(t('matter', { matter: textFor(matter.names, locale) || matter.id }));
      line(t('applicationNo', { no: applicationNo }));
      line(
        t('applicant', {
          applicant: `${maskName(input.identity.name)}  ${maskId(input.identity.idNumber, config.privacy.mask)}`,
        }),
      );
      line(t('time', { time: receiptTime(now, locale) }));
      line(t(offline ? 'acceptedOffline' : 'accepted'));
      line(
        !matter.instant
          ? t('timeLimit', { days: matter.timeLimitDays ?? 0 })
          : input.delivery === 'on-the-spot'
            ? t('onTheSpot')
            : t('notIssued'),
      );
      const link = progressUrl(config.backoffice.publicUrl ?? config.backoffice.url, { applicationNo, token });
      b.setAlign('center').qr(link);
      line(t('scanForProgress'));
    })
    .then((printed) => ({
      applicationNo,
      transmission: transmissionOf(o.sync, applicationNo, o.sync.syncStatus()?.online ?? null),
      receiptPrinted: printed.ok,
      receiptError: printed.ok ? null : printed.error.code,
    }));
}

/**
 * A material as the back office gets it: how the standard obtains it, or how the citizen provided it
 * here — scanned (the PDF travels as an attachment, linked by the outbox), an e-licence (only its
 * reference: the back office holds it), declared (告知承诺), or its original to be put in a locker
 * compartment once the application is in (the deposit is recorded against the application number).
 */
function materialEntry(
  m: CatalogMatter['materials'][number],
  choice: MaterialChoice | undefined,
): { kind: string; description: string; pages?: number; licenceRef?: string } {
  if (choice === undefined) return { kind: m.id, description: m.trust };
  if (choice.how === 'scan') return { kind: m.id, description: 'scanned', pages: choice.pages.length };
  if (choice.how === 'licence') return { kind: m.id, description: 'e-licence', licenceRef: choice.licence.reference };
  if (choice.how === 'deposit') return { kind: m.id, description: 'original-deposited' };
  return { kind: m.id, description: 'declared' };
}

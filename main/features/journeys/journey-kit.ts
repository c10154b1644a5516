/**
 * What every journey module shares: the typed error the session machine turns into a notice,
 * local numbers (application, receipt, report), and the applicant's identity as the back office
 * names it.
 */
import { randomBytes } from 'node:crypto';
import type { IdCardRead } from '../../../drivers/idcard/idcard-driver.js';
import type { Identity } from '../session/journey-types.js';

/** A journey's expected failure: the machine shows `code` as a translated notice. */
export class JourneyError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export type IdType = 'resident' | 'hk-macau' | 'taiwan' | 'foreign-permanent';

export function idTypeOf(identity: Identity): IdType {
  if (identity.cardType === 'hkmotw') return identity.idNumber.startsWith('83') ? 'taiwan' : 'hk-macau';
  if (identity.cardType === 'foreign2017' || identity.cardType === 'foreign2023') return 'foreign-permanent';
  return 'resident';
}

export function identityFromCard(card: IdCardRead): Identity {
  const t = card.text;
  return {
    method: 'idcard',
    cardType: t.cardType,
    name: t.name,
    idNumber: t.idNumber,
    ...(t.address ? { address: t.address } : {}),
    birthDate: t.birthDate,
    sex: t.sex,
  };
}

/** A local application number: terminal, date, random part (unique without the back office). */
export function newApplicationNo(terminalId: string, now: Date): string {
  const d = now.toISOString().slice(2, 10).replace(/-/g, '');
  return `${terminalId
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(-6)
    .toUpperCase()}-${d}-${randomBytes(4).toString('hex').toUpperCase()}`;
}

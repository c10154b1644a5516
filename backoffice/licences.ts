/**
 * E-licences (电子证照): the licences the hall's licence library holds for a person, which a
 * kiosk can attach to an application instead of a scanned paper (`POST /v1/licences/query`).
 * The reference back office keeps demo licences for the demo register's persons in a table; a
 * province's licence library (电子证照库) plays this role for real. Only licences of a person the
 * register holds under that name, still active, are answered (the verdicts of `confirmIdentity`,
 * checked by the caller), and only of the types asked for.
 */
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';

export const LICENCE_SCHEMA = `
  CREATE TABLE IF NOT EXISTS licences (
    reference TEXT PRIMARY KEY, id_number TEXT NOT NULL, type TEXT NOT NULL, title TEXT NOT NULL,
    issuer TEXT NOT NULL, issued_on TEXT NOT NULL, holder_name TEXT NOT NULL
  );
  CREATE INDEX IF NOT EXISTS licences_person ON licences (id_number, type);
`;

/** A licence type code: lower-case letters, digits and dashes (docs/backoffice-openapi.yaml lists the demo ones). */
export const LICENCE_TYPE = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** The demo library's types and their titles (a province's library has its own codes). */
export const LICENCE_TYPES: Readonly<Record<string, string>> = {
  'marriage-certificate': '结婚证',
  'real-estate-title': '不动产权证书',
  'education-diploma': '学历证书',
  'household-register': '居民户口簿',
  'retirement-certificate': '退休证',
  'driving-licence': '机动车驾驶证',
  'business-licence': '营业执照',
};

export interface Licence {
  reference: string;
  type: string;
  title: string;
  issuer: string;
  issuedOn: string;
  holderName: string;
}

interface DemoLicence {
  idNumber: string;
  holderName: string;
  type: string;
  issuer: string;
  issuedOn: string;
}

/** Licences of the demo register's persons (backoffice/documents.ts, DEMO_REGISTER); made up. */
const DEMO_LICENCES: readonly DemoLicence[] = [
  {
    idNumber: '440604198506151233',
    holderName: '李示范',
    type: 'marriage-certificate',
    issuer: '佛山市禅城区民政局婚姻登记处',
    issuedOn: '2012-10-08',
  },
  {
    idNumber: '440604198506151233',
    holderName: '李示范',
    type: 'real-estate-title',
    issuer: '佛山市自然资源局',
    issuedOn: '2016-04-21',
  },
  {
    idNumber: '440604198506151233',
    holderName: '李示范',
    type: 'education-diploma',
    issuer: '华南示范大学',
    issuedOn: '2007-06-30',
  },
  {
    idNumber: '440604194803022421',
    holderName: '陈样本',
    type: 'household-register',
    issuer: '佛山市公安局禅城分局样本派出所',
    issuedOn: '2019-03-15',
  },
  {
    idNumber: '440604194803022421',
    holderName: '陈样本',
    type: 'retirement-certificate',
    issuer: '佛山市禅城区人力资源和社会保障局',
    issuedOn: '2003-03-02',
  },
  {
    idNumber: '440604197001013455',
    holderName: '王样例',
    type: 'driving-licence',
    issuer: '佛山市公安局交通警察支队',
    issuedOn: '2018-08-01',
  },
  {
    idNumber: '440604197001013455',
    holderName: '王样例',
    type: 'business-licence',
    issuer: '佛山市禅城区市场监督管理局',
    issuedOn: '2015-11-11',
  },
  // The deceased person's title stays in the library; the register's verdict keeps it from being answered.
  {
    idNumber: '44060419390415201X',
    holderName: '周往昔',
    type: 'real-estate-title',
    issuer: '佛山市自然资源局',
    issuedOn: '1998-05-20',
  },
];

/** An opaque, stable reference (the same demo licence gets the same one in every database). */
function referenceOf(l: DemoLicence): string {
  return `LIC-${createHash('sha256').update(`${l.idNumber}|${l.type}|${l.issuedOn}`).digest('hex').slice(0, 20).toUpperCase()}`;
}

/** Creates the table and adds the demo licences not held yet. */
export function seedLicences(db: Database.Database): void {
  db.exec(LICENCE_SCHEMA);
  const put = db.prepare(`INSERT OR IGNORE INTO licences VALUES (?, ?, ?, ?, ?, ?, ?)`);
  for (const l of DEMO_LICENCES)
    put.run(referenceOf(l), l.idNumber, l.type, LICENCE_TYPES[l.type] ?? l.type, l.issuer, l.issuedOn, l.holderName);
}

/** The person's licences of the given types, oldest first. */
export function findLicences(db: Database.Database, idNumber: string, types: readonly string[]): Licence[] {
  if (types.length === 0) return [];
  const rows = db
    .prepare(
      `SELECT reference, type, title, issuer, issued_on, holder_name FROM licences
       WHERE id_number = ? AND type IN (${types.map(() => '?').join(', ')}) ORDER BY issued_on, reference`,
    )
    .all(idNumber, ...types) as Array<{
    reference: string;
    type: string;
    title: string;
    issuer: string;
    issued_on: string;
    holder_name: string;
  }>;
  return rows.map((r) => ({
    reference: r.reference,
    type: r.type,
    title: r.title,
    issuer: r.issuer,
    issuedOn: r.issued_on,
    holderName: r.holder_name,
  }));
}

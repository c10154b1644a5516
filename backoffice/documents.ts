/**
 * The issuing authority's side of on-the-spot documents: the hall's seal key, the demo population
 * register, the signed payload the kiosk prints as a QR, and the public verification page.
 *
 * Signed payload (`docs/documents.md`): `<base64url(JSON)>.<base64url(Ed25519 signature)>`, the
 * signature over the ASCII of the first part. The JSON is
 * `{ v: 1, kid, id, m, no, iss, at, f }`: key id (first 16 hex of SHA-256 of the public key's
 * SPKI DER), document id, matter id, application number, issuer, issue time, and the fields the
 * document states (`f`, e.g. name, idNumber, address, householdHead, relation). The kiosk prints
 * exactly `f`; the QR carries `<public base URL>v/<payload>`.
 *
 * The seal key never leaves the back office: a province replaces this file with its own signing
 * service (an HSM) behind the same contract; the kiosks need only the public key.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';

export interface SealKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  keyId: string;
  /** When the key stops being used to issue (ms since the epoch). */
  notAfter: number;
}

const KEY_LIFETIME_MS = 2 * 365 * 86_400_000;

export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);
}

export function publicKeyPem(key: SealKey): string {
  return key.publicKey.export({ type: 'spki', format: 'pem' }).toString();
}

/** A fresh key (tests, a back office without a data dir). */
export function newSealKey(now: number, lifetimeMs = KEY_LIFETIME_MS): SealKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKey, publicKey, keyId: keyIdOf(publicKey), notAfter: now + lifetimeMs };
}

function writeAtomic(file: string, text: string, mode: number): void {
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, text, { mode });
  renameSync(tmp, file);
}

/**
 * The seal key in `<dataDir>/seal/`: `seal-ed25519.pem` (private, 0600), `seal-ed25519.pub.pem`
 * and `seal-key.json` ({ keyId, notAfter }); generated on first start.
 */
export function loadOrCreateSealKey(dataDir: string, now: number): SealKey {
  const dir = join(dataDir, 'seal');
  const privFile = join(dir, 'seal-ed25519.pem');
  const metaFile = join(dir, 'seal-key.json');
  if (existsSync(privFile)) {
    const privateKey = createPrivateKey(readFileSync(privFile, 'utf8'));
    const publicKey = createPublicKey(privateKey);
    let notAfter = now + KEY_LIFETIME_MS;
    if (existsSync(metaFile)) {
      const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as { notAfter?: unknown };
      if (typeof meta.notAfter === 'string') notAfter = Date.parse(meta.notAfter);
    }
    return { privateKey, publicKey, keyId: keyIdOf(publicKey), notAfter };
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const key = newSealKey(now);
  writeAtomic(privFile, key.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), 0o600);
  writeAtomic(join(dir, 'seal-ed25519.pub.pem'), publicKeyPem(key), 0o644);
  writeAtomic(metaFile, `${JSON.stringify({ keyId: key.keyId, notAfter: new Date(key.notAfter).toISOString() })}\n`, 0o644);
  return key;
}

// ---- the signed payload -------------------------------------------------------------------------

export interface DocumentClaims {
  v: 1;
  kid: string;
  id: string;
  m: string;
  no: string;
  iss: string;
  at: string;
  f: Record<string, string>;
}

export function signClaims(claims: DocumentClaims, key: SealKey): string {
  const body = Buffer.from(JSON.stringify(claims), 'utf8').toString('base64url');
  return `${body}.${sign(null, Buffer.from(body, 'ascii'), key.privateKey).toString('base64url')}`;
}

export type PageVerdict =
  | { valid: true; claims: DocumentClaims }
  | { valid: false; reason: 'malformed' | 'wrong-key' | 'tampered'; claims: DocumentClaims | null };

const B64 = /^[A-Za-z0-9_-]+$/;

function claimsOf(text: string): DocumentClaims | null {
  try {
    const c = JSON.parse(text) as Partial<DocumentClaims>;
    const f = c.f;
    if (
      c.v !== 1 ||
      typeof c.kid !== 'string' ||
      typeof c.id !== 'string' ||
      typeof c.m !== 'string' ||
      typeof c.no !== 'string' ||
      typeof c.iss !== 'string' ||
      typeof c.at !== 'string' ||
      typeof f !== 'object' ||
      f === null ||
      !Object.values(f).every((x) => typeof x === 'string')
    )
      return null;
    return c as DocumentClaims;
  } catch {
    return null;
  }
}

/** Checks a payload against the seal key: malformed (cut short, not ours), another key, or altered. */
export function verifyPayload(payload: string, key: Pick<SealKey, 'publicKey' | 'keyId'>): PageVerdict {
  const parts = payload.split('.');
  const [body, sig] = parts;
  if (parts.length !== 2 || body === undefined || sig === undefined || !B64.test(body) || !/^[A-Za-z0-9_-]{86}$/.test(sig))
    return { valid: false, reason: 'malformed', claims: null };
  const claims = claimsOf(Buffer.from(body, 'base64url').toString('utf8'));
  if (!claims) return { valid: false, reason: 'malformed', claims: null };
  if (claims.kid !== key.keyId) return { valid: false, reason: 'wrong-key', claims };
  const good = verify(null, Buffer.from(body, 'ascii'), key.publicKey, Buffer.from(sig, 'base64url'));
  return good ? { valid: true, claims } : { valid: false, reason: 'tampered', claims };
}

// ---- the population register --------------------------------------------------------------------

/**
 * The physical documents a member of staff may inspect when a citizen has no readable ID card
 * (`confirmIdentity`): a resident ID card whose chip does not read, a temporary ID card, the
 * household register booklet, a passport, a Mainland travel permit for Hong Kong and Macao
 * residents, or a police station's identity certificate.
 */
export const ASSIST_DOCUMENT_TYPES = [
  'resident-id',
  'temporary-id',
  'household-register',
  'passport',
  'hkmo-permit',
  'police-certificate',
] as const;
export type AssistDocumentType = (typeof ASSIST_DOCUMENT_TYPES)[number];

/** A register entry's standing: only an `active` person can be identified or have a document issued. */
export const PERSON_STATUSES = ['active', 'deceased', 'cancelled'] as const;
export type PersonStatus = (typeof PERSON_STATUSES)[number];

export interface RegisterPerson {
  idNumber: string;
  name: string;
  sex: string;
  birthDate: string;
  householdNo: string;
  householdHead: string;
  relation: string;
  address: string;
  authority: string;
  /** `active` when absent. */
  status?: PersonStatus;
}

/**
 * The demo register: the resident card holders of the ID-card emulator's sample cards
 * (`drivers/idcard/samples.ts`) and their households. The Hong Kong permit holder and the
 * foreign permanent residents are not in a mainland household register, on purpose.
 * The registered addresses are what the register says, which need not be the card's.
 * Two entries that are no longer active, for the refusals: 周往昔 (deceased) and 吴迁出
 * (registration cancelled, moved away); no sample card belongs to either.
 */
export const DEMO_REGISTER: readonly RegisterPerson[] = [
  {
    idNumber: '440604198506151233',
    name: '李示范',
    sex: '男',
    birthDate: '1985-06-15',
    householdNo: '440604-000123',
    householdHead: '李示范',
    relation: '户主',
    address: '广东省佛山市禅城区示例大道100号3座502房',
    authority: '佛山市公安局禅城分局示例派出所',
  },
  {
    idNumber: '440604194803022421',
    name: '陈样本',
    sex: '女',
    birthDate: '1948-03-02',
    householdNo: '440604-000088',
    householdHead: '陈样本',
    relation: '户主',
    address: '广东省佛山市禅城区样本街道二巷8号',
    authority: '佛山市公安局禅城分局样本派出所',
  },
  {
    idNumber: '440604197001013455',
    name: '王样例',
    sex: '男',
    birthDate: '1970-01-01',
    householdNo: '440604-000042',
    householdHead: '王样例',
    relation: '户主',
    address: '广东省佛山市禅城区过期路3号',
    authority: '佛山市公安局禅城分局示例派出所',
  },
  {
    idNumber: '44060419390415201X',
    name: '周往昔',
    sex: '男',
    birthDate: '1939-04-15',
    householdNo: '440604-000017',
    householdHead: '周往昔',
    relation: '户主',
    address: '广东省佛山市禅城区旧街5号',
    authority: '佛山市公安局禅城分局示例派出所',
    status: 'deceased',
  },
  {
    idNumber: '440604195209093010',
    name: '吴迁出',
    sex: '男',
    birthDate: '1952-09-09',
    householdNo: '440604-000031',
    householdHead: '吴迁出',
    relation: '户主',
    address: '广东省佛山市禅城区迁居路12号',
    authority: '佛山市公安局禅城分局样本派出所',
    status: 'cancelled',
  },
];

const PERSON_COLUMNS = `id_number, name, sex, birth_date, household_no, household_head, relation, address, authority, status`;

export function upsertPerson(db: Database.Database, p: RegisterPerson): void {
  db.prepare(
    `INSERT INTO persons (${PERSON_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id_number) DO UPDATE SET name = excluded.name, sex = excluded.sex, birth_date = excluded.birth_date,
       household_no = excluded.household_no, household_head = excluded.household_head, relation = excluded.relation,
       address = excluded.address, authority = excluded.authority, status = excluded.status`,
  ).run(
    p.idNumber,
    p.name,
    p.sex,
    p.birthDate,
    p.householdNo,
    p.householdHead,
    p.relation,
    p.address,
    p.authority,
    p.status ?? 'active',
  );
}

/**
 * Seeds every demo person the register does not hold yet: a new database gets them all, an
 * existing one the entries added since (an entry already there, perhaps edited, is left alone).
 */
export function seedRegister(db: Database.Database): void {
  const has = db.prepare(`SELECT 1 FROM persons WHERE id_number = ?`);
  for (const p of DEMO_REGISTER) if (has.get(p.idNumber) === undefined) upsertPerson(db, p);
}

export function findPerson(db: Database.Database, idNumber: string): RegisterPerson | null {
  const r = db.prepare(`SELECT ${PERSON_COLUMNS} FROM persons WHERE id_number = ?`).get(idNumber) as
    | {
        id_number: string;
        name: string;
        sex: string;
        birth_date: string;
        household_no: string;
        household_head: string;
        relation: string;
        address: string;
        authority: string;
        status: string;
      }
    | undefined;
  return r
    ? {
        idNumber: r.id_number,
        name: r.name,
        sex: r.sex,
        birthDate: r.birth_date,
        householdNo: r.household_no,
        householdHead: r.household_head,
        relation: r.relation,
        address: r.address,
        authority: r.authority,
        status: (PERSON_STATUSES as readonly string[]).includes(r.status) ? (r.status as PersonStatus) : 'active',
      }
    : null;
}

/** Who issues each demo matter's document (a province's back office knows its own). */
export const ISSUERS: Readonly<Record<string, string>> = {
  'household-certificate': '演示区公安分局户政科',
  'social-insurance-record': '演示区社会保险基金管理局',
  'provident-fund-certificate': '演示市住房公积金管理中心',
  'enterprise-credit-report': '演示区市场监督管理局',
};

// ---- the public verification page ---------------------------------------------------------------

/** 李示范 → 李*范, 李四 → 李*, a single character stays. */
export function maskName(name: string): string {
  const c = [...name];
  if (c.length <= 1) return name;
  if (c.length === 2) return `${c[0] ?? ''}*`;
  return `${c[0] ?? ''}${'*'.repeat(c.length - 2)}${c[c.length - 1] ?? ''}`;
}

/** 440604198506151233 → 4****************3. */
export function maskIdNumber(id: string): string {
  return id.length <= 2 ? '*'.repeat(id.length) : `${id.slice(0, 1)}${'*'.repeat(id.length - 2)}${id.slice(-1)}`;
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const REASONS: Record<'malformed' | 'wrong-key' | 'tampered', [string, string]> = {
  malformed: ['二维码内容不完整或不是本机关出具的证明。', 'The code is incomplete or not a document of this authority.'],
  'wrong-key': ['签章密钥不是本机关的，证明无效。', 'It was not sealed with this authority’s key.'],
  tampered: ['证明内容已被改动，与签章不符。', 'The content was altered after it was sealed.'],
};

/** The page a phone opens from the QR: valid or not, and the document's key facts, masked. */
export function verificationPage(v: PageVerdict, authority: string): string {
  const facts: Array<[string, string]> = [];
  if (v.valid) {
    const f = v.claims.f;
    facts.push(['证明编号 Document', v.claims.id]);
    facts.push(['申请编号 Application', v.claims.no]);
    facts.push(['出具单位 Issued by', v.claims.iss]);
    facts.push(['出具时间 Issued at', v.claims.at.slice(0, 10)]);
    if (f.name !== undefined) facts.push(['姓名 Name', maskName(f.name)]);
    if (f.idNumber !== undefined) facts.push(['公民身份号码 ID number', maskIdNumber(f.idNumber)]);
  }
  const head = v.valid
    ? `<h1 class="ok" data-verdict="valid">✔ 有效 · Valid</h1><p>此证明由${esc(authority)}出具，内容与签章一致。<br>This document was issued by ${esc(authority)} and has not been altered.</p>`
    : `<h1 class="bad" data-verdict="invalid" data-reason="${v.reason}">✘ 无效 · Invalid</h1><p>${esc(REASONS[v.reason][0])}<br>${esc(REASONS[v.reason][1])}</p>`;
  const rows = facts.map(([k, x]) => `<tr><th>${esc(k)}</th><td>${esc(x)}</td></tr>`).join('');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>证明核验 · Document check</title>
<style>body{font-family:sans-serif;margin:1.5rem;max-width:40rem}.ok{color:#0a6b2d}.bad{color:#a40e0e}th{text-align:left;padding-right:1rem;font-weight:normal;color:#444}td{font-weight:bold}</style>
</head><body>${head}${rows ? `<table>${rows}</table>` : ''}<p><small>个人信息已部分隐藏。Personal details are partly hidden.</small></p></body></html>`;
}

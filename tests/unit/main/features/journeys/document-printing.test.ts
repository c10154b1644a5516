import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { err, ok, type Result } from '../../../../../common/result.js';
import type { A4Document } from '../../../../../drivers/printer/a4/a4-document.js';
import type { A4PrintErrorCode, A4PrintReport } from '../../../../../drivers/printer/a4/a4-printer-driver.js';
import {
  issueDocument,
  printDocument,
  type A4PrinterPort,
  type DocumentIssuingOptions,
} from '../../../../../main/features/journeys/document-printing.js';
import {
  keyIdOf,
  sealClaims,
  verifyPayload,
  type DocumentClaims,
} from '../../../../../main/data/documents/authority-document.js';
import type { Locale } from '../../../../../main/base/api/contract.js';
import type { IssueInput, IssuedDocument } from '../../../../../main/features/session/journey-types.js';
import { FakeClient, NOW, testConfig, ZHANG, type Answers } from './fakes.js';

const config = testConfig({
  backoffice: { url: 'http://127.0.0.1:8620/', publicUrl: 'https://bo.example.gov.cn/', timeoutMs: 1000 },
});
const REGISTERED = '北京市朝阳区登记路8号2单元301';

class FakeA4 implements A4PrinterPort {
  readonly docs: A4Document[] = [];
  refuse: A4PrintErrorCode | null = null;

  print(doc: A4Document): Promise<Result<A4PrintReport, A4PrintErrorCode>> {
    this.docs.push(doc);
    if (this.refuse) return Promise.resolve(err(this.refuse, 'refused'));
    return Promise.resolve(ok({ jobId: 'job-1', bytes: 1, state: 'completed' }));
  }
}

const seal = generateKeyPairSync('ed25519');
const other = generateKeyPairSync('ed25519');

function claims(over: Partial<DocumentClaims> = {}, key: KeyObject = seal.publicKey): DocumentClaims {
  return {
    v: 1,
    kid: keyIdOf(key),
    id: 'DOC00000001',
    m: 'household-certificate',
    no: 'NO-1',
    iss: '演示区公安分局户政科',
    at: NOW.toISOString(),
    f: { name: ZHANG.name, idNumber: ZHANG.idNumber, address: REGISTERED, householdHead: ZHANG.name, relation: '户主' },
    ...over,
  };
}

type IssueAnswer = NonNullable<Answers['issueDocument']>;
function answer(
  c: DocumentClaims,
  opts: { key?: KeyObject; fields?: Record<string, string>; notAfter?: string } = {},
): IssueAnswer {
  return () =>
    ok({
      documentId: c.id,
      matterId: c.m,
      applicationNo: c.no,
      issuer: c.iss,
      issuedAt: c.at,
      fields: opts.fields ?? c.f,
      payload: sealClaims(c, opts.key ?? seal.privateKey),
      keyId: c.kid,
      keyNotAfter: opts.notAfter ?? '2028-01-01T00:00:00.000Z',
    });
}

const input: IssueInput = {
  matterId: 'household-certificate',
  values: { name: ZHANG.name, idNumber: ZHANG.idNumber, purpose: 'school' },
  identity: ZHANG,
  delivery: 'on-the-spot',
  sessionId: 's',
  locale: 'zh-CN',
};

function issuing(answers: Answers, authorityKey: KeyObject | null = null) {
  const client = new FakeClient(answers);
  const audited: string[] = [];
  const alerts: string[] = [];
  const o: DocumentIssuingOptions = {
    config,
    client,
    authorityKey,
    audit: (type, detail) => void audited.push(`${type}:${String(detail.code ?? detail.documentId)}`),
    urgent: (kind) => (alerts.push(kind), true),
    now: () => NOW,
  };
  return { o, client, audited, alerts };
}

describe('issuing: the back office states the facts', () => {
  it('asks with the name and ID number, sends the request details, and keeps what was sealed', async () => {
    const { o, client, audited, alerts } = issuing({ issueDocument: answer(claims()) }, seal.publicKey);
    const r = await issueDocument(o, input, 'NO-1');
    expect(r.ok && r.value.fields.address).toBe(REGISTERED);
    expect(client.calls[0]?.input).toMatchObject({
      body: {
        matterId: 'household-certificate',
        name: ZHANG.name,
        idNumber: ZHANG.idNumber,
        applicationNo: 'NO-1',
        params: { purpose: 'school' },
      },
    });
    expect(audited).toEqual(['document.issued:DOC00000001']);
    expect(alerts).toEqual([]);
  });

  it('not in the register, a name that differs, a deceased or cancelled person: told apart, audited, no staff alert', async () => {
    for (const code of ['not-in-register', 'name-mismatch', 'person-inactive'] as const) {
      const refuse: IssueAnswer = () =>
        err({ code: code === 'not-in-register' ? 'bo-not-found' : 'bo-rejected', message: code, remoteCode: code });
      const { o, audited, alerts } = issuing({ issueDocument: refuse });
      const r = await issueDocument(o, input, 'NO-1');
      expect(r.ok ? null : r.error.code).toBe(code);
      expect(audited).toEqual([`document.refused:${code}`]);
      expect(alerts).toEqual([]);
    }
  });

  it('faults alert staff: unreachable, a broken answer, fields that differ from the seal, another key, an expired key', async () => {
    const cases: Array<[IssueAnswer | undefined, KeyObject | null, string]> = [
      [undefined, null, 'unavailable'],
      [() => err({ code: 'bo-bad-response', message: 'answer breaks the contract' }), null, 'malformed'],
      [answer(claims(), { fields: { ...claims().f, address: ZHANG.address ?? '' } }), null, 'malformed'],
      [answer(claims({ f: { ...claims().f, idNumber: '110105194912310021' } })), null, 'malformed'],
      [answer(claims({}, other.publicKey), { key: other.privateKey }), seal.publicKey, 'malformed'],
      [answer(claims(), { notAfter: 'not a date' }), null, 'malformed'],
      [answer(claims({ at: 'yesterday…' })), null, 'malformed'],
      [answer(claims(), { notAfter: '2026-01-01T00:00:00.000Z' }), null, 'expired-key'],
    ];
    for (const [a, key, code] of cases) {
      const { o, alerts, audited } = issuing(a ? { issueDocument: a } : {}, key);
      const r = await issueDocument(o, input, 'NO-1');
      expect(r.ok ? null : r.error.code).toBe(code);
      expect(alerts).toEqual([`document-${code}`]);
      expect(audited).toEqual([`document.refused:${code}`]);
    }
  });
});

function issued(over: Partial<DocumentClaims> = {}): IssuedDocument {
  const c = claims(over);
  return {
    documentId: c.id,
    applicationNo: c.no,
    issuer: c.iss,
    issuedAt: c.at,
    fields: c.f,
    payload: sealClaims(c, seal.privateKey),
  };
}

function run(a4: FakeA4 | null, matterId = 'household-certificate', locale: Locale = 'zh-CN') {
  const audited: string[] = [];
  const doc = issued({ m: matterId });
  return {
    doc,
    audited,
    out: printDocument(
      { config, printer: () => a4, audit: (type, detail) => void audited.push(`${type}:${String(detail.ok)}`) },
      { ...input, matterId, applicationNo: 'NO-1', locale, issued: doc },
    ),
  };
}

describe('printing what was issued', () => {
  it("prints the register's facts, never the card's address, with a QR that opens the verification page", async () => {
    const a4 = new FakeA4();
    const { out, audited, doc } = run(a4);
    expect(await out).toEqual({ printed: true, error: null });
    const printed = a4.docs[0];
    expect(printed?.paragraphs?.[0]).toContain(REGISTERED);
    expect(JSON.stringify(printed)).not.toContain(ZHANG.address);
    expect(printed?.paragraphs?.[1]).toContain('演示区公安分局户政科');
    expect(printed?.table).toEqual([{ key: '申请编号', value: 'NO-1' }]);
    expect(printed?.qr).toEqual({ data: `https://bo.example.gov.cn/v/${doc.payload}`, caption: '扫码核验' });
    const payload = (JSON.parse(printed?.subject ?? '{}') as { payload?: string }).payload ?? '';
    expect(verifyPayload(payload, seal.publicKey).ok).toBe(true);
    expect(audited).toEqual(['print:true']);
  });

  it("prints in the citizen's language: formal traditional labels for zh-HK", async () => {
    const a4 = new FakeA4();
    expect(await run(a4, 'household-certificate', 'zh-HK').out).toEqual({ printed: true, error: null });
    const doc = a4.docs[0];
    expect(doc?.locale).toBe('zh-HK');
    expect(doc?.table).toEqual([{ key: '申請編號', value: 'NO-1' }]);
    expect(doc?.qr?.caption).toBe('掃描核實');
  });

  it('answers no-template, a4-offline and the printer refusal as values', async () => {
    expect(await run(new FakeA4(), 'household-move-in').out).toEqual({ printed: false, error: 'no-template' });
    expect(await run(null).out).toEqual({ printed: false, error: 'a4-offline' });
    const a4 = new FakeA4();
    a4.refuse = 'paper-out';
    const { out, audited } = run(a4);
    expect(await out).toEqual({ printed: false, error: 'paper-out' });
    expect(audited).toEqual(['print:false']);
  });
});

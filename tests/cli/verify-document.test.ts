/**
 * `yimen verify-document` as anyone holding the paper runs it: the built CLI (`node bin/yimen.js`;
 * run `npm run build:main` first) against documents issued by the reference back office, checked
 * offline with the authority's public key. Every outcome has its own exit code and message.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackoffice, type RunningBackoffice } from '../../backoffice/server.js';
import { BackofficeClient } from '../../main/data/backoffice-client/client.js';
import { root, yimen, type Run } from '../helpers/cli.js';

let bo: RunningBackoffice;
let dir: string;
let payload: string;
let keyFile: string;
let otherKeyFile: string;

function json(r: Run): Record<string, unknown> {
  const lines = r.stdout.trim().split('\n');
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0] ?? '') as Record<string, unknown>;
}

beforeAll(async () => {
  if (!existsSync(join(root, 'dist', 'main', 'data', 'documents', 'authority-document.js')))
    throw new Error('dist/ is missing the document codec: run `npm run build:main` first');
  dir = mkdtempSync(join(tmpdir(), 'yimen-verify-'));
  bo = await startBackoffice({ dataDir: join(dir, 'bo') });
  const client = new BackofficeClient({ baseUrl: bo.url, timeoutMs: 5000 });
  const r = await client.call('issueDocument', {
    body: {
      terminalId: 't-1',
      matterId: 'household-certificate',
      idNumber: '440604198506151233',
      name: '李示范',
      applicationNo: 'T1-261205-00000001',
      locale: 'zh-CN',
    },
  });
  if (!r.ok) throw new Error(r.error.message);
  payload = r.value.payload;
  keyFile = join(dir, 'authority.pub.pem');
  writeFileSync(keyFile, bo.seal.publicKeyPem);
  const other = await startBackoffice({ dataDir: null });
  otherKeyFile = join(dir, 'other.pub.pem');
  writeFileSync(otherKeyFile, other.seal.publicKeyPem);
  await other.close();
});

afterAll(async () => {
  await bo?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function pdfWith(subject: string): Promise<string> {
  const pdf = await PDFDocument.create();
  pdf.addPage();
  pdf.setSubject(subject);
  const file = join(dir, `doc-${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, await pdf.save());
  return file;
}

describe('yimen verify-document', () => {
  it('accepts the PDF, the QR URL and the bare payload with the authority key, showing masked facts', async () => {
    const url = `${bo.url}v/${payload}`;
    const file = await pdfWith(JSON.stringify({ payload, url }));
    for (const input of [file, url, payload]) {
      const r = await yimen(['verify-document', input, '--public-key', keyFile]);
      expect(r.code, r.stderr).toBe(0);
      expect(json(r)).toMatchObject({
        valid: true,
        applicationNo: 'T1-261205-00000001',
        matter: 'household-certificate',
        issuer: '演示区公安分局户政科',
        maskedName: '李**',
      });
      expect(r.stdout).not.toContain('440604198506151233');
    }
  });

  it('takes the key from the terminal config (what the fleet config distributes)', async () => {
    const config = join(dir, 'site.json');
    writeFileSync(
      config,
      JSON.stringify({
        dataDir: join(dir, 'kiosk'),
        backoffice: { url: bo.url, timeoutMs: 2000, documentPublicKey: bo.seal.publicKeyPem },
      }),
    );
    const r = await yimen(['verify-document', payload, '--config', config]);
    expect(r.code, r.stderr).toBe(0);
    expect(json(r)).toMatchObject({ valid: true, keySource: 'config backoffice.documentPublicKey' });
  });

  it('without a key says "no public key to verify with" and exits 5, never bad-signature', async () => {
    const config = join(dir, 'no-key.json');
    writeFileSync(config, JSON.stringify({ dataDir: join(dir, 'kiosk'), backoffice: { url: bo.url, timeoutMs: 2000 } }));
    const r = await yimen(['verify-document', payload, '--config', config]);
    expect(r.code).toBe(5);
    expect(r.stderr).toContain('no public key to verify with');
    expect(json(r)).toMatchObject({ valid: null, code: 'no-public-key', keyId: bo.seal.keyId });
    expect(r.stdout + r.stderr).not.toMatch(/bad-signature|tampered|wrong-key/);
  });

  it('tells a tampered field (8), another key (7) and a truncated payload (6) apart', async () => {
    const [body, sig] = payload.split('.') as [string, string];
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { f: Record<string, string> };
    claims.f.address = '广东省佛山市禅城区别处1号';
    const forged = `${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${sig}`;
    const cases: Array<[string[], number, string]> = [
      [[forged, '--public-key', keyFile], 8, 'tampered'],
      [[await pdfWith(JSON.stringify({ payload: forged })), '--public-key', keyFile], 8, 'tampered'],
      [[payload, '--public-key', otherKeyFile], 7, 'wrong-key'],
      [[payload.slice(0, payload.length - 20), '--public-key', keyFile], 6, 'malformed'],
      [[`${bo.url}v/${payload.slice(0, 100)}`, '--public-key', keyFile], 6, 'malformed'],
      [[await pdfWith('not ours'), '--public-key', keyFile], 6, 'malformed'],
    ];
    for (const [args, code, what] of cases) {
      const r = await yimen(['verify-document', ...args]);
      expect([r.code, json(r).code], args[0]).toEqual([code, what]);
      expect(json(r).valid).toBe(false);
    }
  });

  it('`yimen backoffice public-key` prints the seal key the back office signs with', async () => {
    const out = join(dir, 'printed.pub.pem');
    const r = await yimen(['backoffice', 'public-key', '--data', join(dir, 'bo'), '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(json(r)).toMatchObject({ keyId: bo.seal.keyId, algorithm: 'Ed25519', publicKey: bo.seal.publicKeyPem });
    const v = await yimen(['verify-document', payload, '--public-key', out]);
    expect(v.code).toBe(0);
  });

  it('a missing argument is a usage error (1)', async () => {
    expect((await yimen(['verify-document'])).code).toBe(1);
  });
});

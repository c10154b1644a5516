/**
 * The reference back office as the issuing authority: the population register, `issueDocument`
 * through the typed client, the seal key in its data dir, and the public verification page.
 */
import { createPublicKey } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { newSealKey } from '../../../backoffice/documents.js';
import { startBackoffice, type RunningBackoffice } from '../../../backoffice/server.js';
import { BackofficeClient } from '../../../main/data/backoffice-client/client.js';
import { keyIdOf, verifyPayload } from '../../../main/data/documents/authority-document.js';

const LI = { idNumber: '440604198506151233', name: '李示范' };
let bo: RunningBackoffice | undefined;
let dirs: string[] = [];

afterEach(async () => {
  await bo?.close();
  bo = undefined;
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});

async function start(opts: Parameters<typeof startBackoffice>[0] = { dataDir: null }): Promise<BackofficeClient> {
  bo = await startBackoffice(opts);
  return new BackofficeClient({ baseUrl: bo.url, timeoutMs: 2000 });
}

const ask = (over: Record<string, unknown> = {}) => ({
  body: {
    terminalId: 't-1',
    matterId: 'household-certificate',
    ...LI,
    applicationNo: 'T1-261205-0001',
    locale: 'zh-CN' as const,
    params: { purpose: '入学', name: '冒名' },
    ...over,
  },
});

async function page(path: string): Promise<string> {
  const res = await fetch(new URL(path, bo?.url));
  expect(res.headers.get('content-type')).toContain('text/html');
  return res.text();
}

describe('issueDocument', () => {
  it("states the register's facts (not the card's address), sealed with the authority's key", async () => {
    const client = await start();
    const r = await client.call('issueDocument', ask());
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.fields).toEqual({
      purpose: '入学',
      name: '李示范',
      idNumber: LI.idNumber,
      address: '广东省佛山市禅城区示例大道100号3座502房',
      householdHead: '李示范',
      relation: '户主',
    });
    expect(r.value.issuer).toBe('演示区公安分局户政科');
    const key = await client.call('getDocumentPublicKey', { body: undefined });
    if (!key.ok) throw new Error(key.error.message);
    const publicKey = createPublicKey(key.value.publicKey);
    expect(key.value.keyId).toBe(keyIdOf(publicKey));
    const v = verifyPayload(r.value.payload, publicKey);
    expect(v.ok && v.value.f).toEqual(r.value.fields);
    expect(v.ok && v.value.no).toBe('T1-261205-0001');
  });

  it('a matter outside the household states no household facts', async () => {
    const client = await start();
    const r = await client.call('issueDocument', ask({ matterId: 'social-insurance-record', params: { months: '12' } }));
    expect(r.ok && r.value.fields).toEqual({ months: '12', name: '李示范', idNumber: LI.idNumber });
  });

  it('refuses a person not in the register and a name that differs from it, with typed codes', async () => {
    const client = await start();
    const hk = await client.call('issueDocument', ask({ idNumber: '810000199003071237', name: '黄示例' }));
    expect(hk.ok ? null : [hk.error.code, hk.error.remoteCode]).toEqual(['bo-not-found', 'not-in-register']);
    const typed = await client.call('issueDocument', ask({ name: '李四' }));
    expect(typed.ok ? null : [typed.error.code, typed.error.remoteCode]).toEqual(['bo-rejected', 'name-mismatch']);
  });

  it('/admin/persons adds a person the register then confirms', async () => {
    const client = await start();
    const before = await client.call('issueDocument', ask({ idNumber: '11010519491231002X', name: '张三丰' }));
    expect(before.ok ? null : before.error.remoteCode).toBe('not-in-register');
    const res = await fetch(new URL('admin/persons', bo?.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ idNumber: '11010519491231002x', name: '张三丰', address: '北京市朝阳区登记路1号' }),
    });
    expect(res.status).toBe(201);
    const after = await client.call('issueDocument', ask({ idNumber: '11010519491231002X', name: '张三丰' }));
    expect(after.ok && after.value.fields.address).toBe('北京市朝阳区登记路1号');
  });

  it('an expired seal key issues nothing: unavailable', async () => {
    const client = await start({ dataDir: null, sealKey: newSealKey(Date.now() - 10_000, 5_000) });
    const r = await client.call('issueDocument', ask());
    expect(r.ok ? null : [r.error.code, r.error.remoteCode]).toEqual(['bo-server-error', 'unavailable']);
  });

  it('keeps its seal key in the data dir, private file 0600, the same across restarts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'yimen-bo-seal-'));
    dirs.push(dir);
    await start({ dataDir: dir });
    const first = bo?.seal.keyId;
    await bo?.close();
    bo = undefined;
    expect(statSync(join(dir, 'seal', 'seal-ed25519.pem')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, 'seal', 'seal-ed25519.pub.pem'), 'utf8')).toContain('BEGIN PUBLIC KEY');
    await start({ dataDir: dir });
    expect((bo as RunningBackoffice | undefined)?.seal.keyId).toBe(first);
    expect(existsSync(join(dir, 'seal', 'seal-key.json'))).toBe(true);
  });
});

describe('the verification page', () => {
  it('says valid and shows the key facts masked; altered, foreign and cut-short payloads are invalid, each told apart', async () => {
    const client = await start();
    const r = await client.call('issueDocument', ask());
    if (!r.ok) throw new Error(r.error.message);
    const good = await page(`v/${r.value.payload}`);
    expect(good).toContain('data-verdict="valid"');
    expect(good).toContain('有效');
    expect(good).toContain('李*范');
    expect(good).toContain('4****************3');
    expect(good).not.toContain(LI.idNumber);
    expect(good).not.toContain('示例大道');

    const [body, sig] = r.value.payload.split('.') as [string, string];
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { f: Record<string, string> };
    claims.f.address = '别处';
    const altered = await page(`v/${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${sig}`);
    expect(altered).toContain('data-reason="tampered"');
    expect(await page(`v/${r.value.payload.slice(0, -10)}`)).toContain('data-reason="malformed"');
    const other = await startBackoffice({ dataDir: null });
    try {
      const o = await new BackofficeClient({ baseUrl: other.url, timeoutMs: 2000 }).call('issueDocument', ask());
      if (!o.ok) throw new Error(o.error.message);
      expect(await page(`v/${o.value.payload}`)).toContain('data-reason="wrong-key"');
    } finally {
      await other.close();
    }
  });
});

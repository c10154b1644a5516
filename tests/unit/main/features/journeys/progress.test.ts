import { describe, expect, it } from 'vitest';
import { err, ok } from '../../../../../common/result.js';
import type { ApplicationProgress } from '../../../../../main/data/backoffice-client/schemas.js';
import { Compartments } from '../../../../../main/features/journeys/compartments.js';
import { ProgressLookup } from '../../../../../main/features/journeys/progress.js';
import { layout } from '../../../../../main/features/maintenance/compartments.js';
import { testConfig, ZHANG } from './fakes.js';

const config = testConfig();
const NO = 'MO0001-261205-9F2C11AB';
const TOKEN = 'q3T0k8xW2v9bJc1mNn4LZA';

function app(over: Partial<ApplicationProgress> = {}): ApplicationProgress {
  return {
    applicationNo: NO,
    applicationId: 'A00000001',
    matterCode: 'senior-card',
    state: 'ready-for-pickup',
    submittedAt: '2026-12-01T02:00:00.000Z',
    updatedAt: '2026-12-03T02:00:00.000Z',
    history: [
      { state: 'received', at: '2026-12-01T02:00:00.000Z' },
      { state: 'ready-for-pickup', at: '2026-12-03T02:00:00.000Z' },
    ],
    collection: { method: 'locker', lockerId: 'locker', place: '1-02', holdUntil: '2026-12-10T02:00:00.000Z' },
    maskedName: '张**',
    ...over,
  };
}

function setUp(answer: (name: string, body: Record<string, unknown>) => unknown) {
  const calls: Array<{ name: string; body: Record<string, unknown> }> = [];
  const audits: string[] = [];
  const lookup = new ProgressLookup({
    terminalId: 'demo-0001',
    catalog: config.catalog,
    compartments: new Compartments(layout(config.devices, config.staff)),
    audit: (type, detail) => void audits.push(`${type}:${String(detail.by)}`),
    client: {
      call: ((name: string, input: { body: Record<string, unknown> }) => {
        calls.push({ name, body: input.body });
        return Promise.resolve(answer(name, input.body));
      }) as never,
    },
  });
  return { lookup, calls, audits };
}

describe('progress lookup', () => {
  it('by receipt link: number and token to the back office; status, the masked name, the catalog name, the door here', async () => {
    const { lookup, calls, audits } = setUp(() => ok({ receiptVerified: true, application: app() }));
    const r = await lookup.lookup({
      identity: null,
      ask: { text: `https://bo.example.gov.cn/s/${NO}.${TOKEN}`, source: 'scan' },
    });
    expect(calls).toEqual([
      { name: 'lookupApplicationProgress', body: { terminalId: 'demo-0001', applicationNo: NO, receiptToken: TOKEN } },
    ]);
    expect(r.by).toBe('receipt');
    expect(r.items[0]).toMatchObject({
      applicationNo: NO,
      maskedName: '张**',
      collection: { method: 'locker', place: 'A-02', here: true },
    });
    expect(r.items[0]?.matterNames['zh-CN']).toBeTruthy();
    expect(audits).toEqual(['progress.lookup:receipt']);
  });

  it('by a typed number: no token sent, and no name shown even if the back office sent one', async () => {
    const { lookup, calls } = setUp(() => ok({ receiptVerified: false, application: app() }));
    const r = await lookup.lookup({ identity: null, ask: { text: 'mo000126120 59f2c11ab', source: 'typed' } });
    expect(calls[0]?.body).toEqual({ terminalId: 'demo-0001', applicationNo: NO });
    expect(r).toMatchObject({ by: 'number', items: [{ maskedName: null }] });
  });

  it('by card: the person’s applications by ID number; a locker of another terminal is not “here”', async () => {
    const { lookup, calls } = setUp(() =>
      ok({
        applications: [
          app({ collection: { method: 'locker', lockerId: 'elsewhere', place: 'Z-99', holdUntil: null } }),
          app({ applicationNo: 'A00000002', state: 'in-review', collection: null }),
        ],
      }),
    );
    const r = await lookup.lookup({ identity: ZHANG, ask: null });
    expect(calls[0]).toEqual({ name: 'listApplicationsByPerson', body: { terminalId: 'demo-0001', idNumber: ZHANG.idNumber } });
    expect(r.by).toBe('card');
    expect(r.items.map((i) => [i.applicationNo, i.collection?.here ?? null, i.collection?.place ?? null])).toEqual([
      [NO, false, 'Z-99'],
      ['A00000002', null, null],
    ]);
  });

  it('expected failures are codes: not a receipt, not a number, not found, wrong token, back office down', async () => {
    const code = async (answer: unknown, text: string, source: 'scan' | 'typed' = 'scan'): Promise<string> => {
      const { lookup } = setUp(() => answer);
      return lookup.lookup({ identity: null, ask: { text, source } }).then(
        () => 'resolved',
        (e: unknown) => (e as { code: string }).code,
      );
    };
    const link = `http://127.0.0.1:8620/s/${NO}.${TOKEN}`;
    expect(await code(ok({}), 'yimen-id:abc')).toBe('progress-qr-unknown');
    expect(await code(ok({}), 'ABC', 'typed')).toBe('progress-number-invalid');
    expect(await code(err('bo-not-found', 'no'), NO, 'typed')).toBe('progress-not-found');
    expect(await code(err('bo-rejected', 'no', { status: 422, remoteCode: 'token-mismatch' }), link)).toBe(
      'progress-token-invalid',
    );
    expect(await code(err('bo-unreachable', 'down'), link)).toBe('backoffice-unreachable');
    expect(await code(err('bo-timeout', 'slow'), link)).toBe('backoffice-unreachable');
  });
});

import { describe, expect, it } from 'vitest';
import { SimulatedClock } from 'xstate';
import { cardHash, hashPin, totpCode } from '../../../../../main/features/maintenance/credentials.js';
import { StaffAuthenticator } from '../../../../../main/features/maintenance/staff-authenticator.js';

const KEY = Buffer.alloc(32, 7);
const CHEAP = { N: 1024, r: 8, p: 1 };
const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

async function setUp() {
  const clock = new SimulatedClock();
  clock.set(1_800_000_000_000);
  const audited: string[] = [];
  const auth = new StaffAuthenticator({
    staff: {
      members: [
        {
          staffId: 'S-1',
          name: '王工作',
          cardHash: cardHash('CARD-1', KEY),
          pinHash: await hashPin('246810', CHEAP),
          demo: false,
        },
        { staffId: 'S-2', name: '李夜班', cardHash: null, totpSecret: SECRET, demo: false },
      ],
      maxAttempts: 2,
      lockoutBaseSeconds: 30,
      lockoutMaxSeconds: 300,
      totpWindow: 1,
    },
    cardKey: KEY,
    allowDemo: () => false,
    clock,
    audit: (type, actor, detail) => void audited.push(`${type} ${actor} ${String(detail.outcome)}`),
    log: { warn: () => {} },
  });
  return { clock, auth, audited };
}

describe('staff authenticator', () => {
  it('finds the member a card and PIN prove; the caller audits the success', async () => {
    const { auth, audited } = await setUp();
    const r = await auth.authenticate({ kind: 'card', card: 'card-1', pin: '246810' }, 'maintenance-login', 'maintenance login');
    expect(r.ok && r.value.staffId).toBe('S-1');
    expect(audited).toEqual([]);
  });

  it('counts wrong tries, locks, and refuses even the right credential while locked', async () => {
    const { auth, audited, clock } = await setUp();
    const wrong = { kind: 'card' as const, card: 'CARD-1', pin: '000000' };
    const first = await auth.authenticate(wrong, 'assist-login', 'staff-assist login');
    expect(first).toMatchObject({ ok: false, error: { code: 'wrong', lockedForMs: null } });
    expect(auth.lockState(clock.now())).toEqual({ lockedForMs: null, remaining: 1 });
    const second = await auth.authenticate(wrong, 'assist-login', 'staff-assist login');
    expect(second).toMatchObject({ ok: false, error: { code: 'wrong', lockedForMs: 30_000 } });
    const locked = await auth.authenticate({ kind: 'card', card: 'CARD-1', pin: '246810' }, 'assist-login', 'x');
    expect(locked).toMatchObject({ ok: false, error: { code: 'locked' } });
    // After a lock, one wrong try locks again (for longer).
    expect(auth.lockState(clock.now())).toEqual({ lockedForMs: 30_000, remaining: 1 });
    expect(audited).toEqual([
      'assist-login staff:unknown wrong',
      'assist-login staff:unknown wrong',
      'assist-login staff:unknown locked',
    ]);
    clock.increment(30_000);
    expect((await auth.authenticate({ kind: 'card', card: 'CARD-1', pin: '246810' }, 'assist-login', 'x')).ok).toBe(true);
    expect(auth.lockState(clock.now())).toEqual({ lockedForMs: null, remaining: 2 });
  });

  it('takes a TOTP code once, and audits a wrong one under the claimed id (cleaned)', async () => {
    const { auth, audited, clock } = await setUp();
    const code = totpCode(SECRET, clock.now());
    expect((await auth.authenticate({ kind: 'totp', staffId: 'S-2', code }, 'maintenance-login', 'x')).ok).toBe(true);
    expect((await auth.authenticate({ kind: 'totp', staffId: 'S-2', code }, 'maintenance-login', 'x')).ok).toBe(false);
    await auth.authenticate({ kind: 'totp', staffId: 'S-9 <x>', code: '000000' }, 'maintenance-login', 'x');
    expect(audited).toEqual(['maintenance-login staff:?S-2 wrong', 'maintenance-login staff:?S-9x wrong']);
  });

  it('counts a second try while one is being checked as locked', async () => {
    const { auth } = await setUp();
    const first = auth.authenticate({ kind: 'card', card: 'CARD-1', pin: '246810' }, 'maintenance-login', 'x');
    const second = await auth.authenticate({ kind: 'card', card: 'CARD-1', pin: '246810' }, 'maintenance-login', 'x');
    expect(second).toMatchObject({ ok: false, error: { code: 'locked' } });
    expect((await first).ok).toBe(true);
  });
});

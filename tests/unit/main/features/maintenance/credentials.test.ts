import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  cardHash,
  checkCredential,
  DEMO_CARD_KEY,
  hashPin,
  newTotpSecret,
  staffCardKey,
  totpCode,
  totpStep,
  verifyPin,
} from '../../../../../main/features/maintenance/credentials.js';
import { StaffConfig, StaffMember } from '../../../../../config/staff-schema.js';
import { defaults } from '../../../../../config/defaults.js';

const FAST = { N: 1024, r: 8, p: 1 };
const KEY = staffCardKey(Buffer.alloc(32, 7));
const T0 = 1_800_000_000_000;

async function member(over: Partial<StaffMember> = {}): Promise<StaffMember> {
  return StaffMember.parse({
    staffId: 'wang',
    name: '王',
    cardHash: cardHash('440604199001011234', KEY),
    pinHash: await hashPin('135790', FAST),
    totpSecret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
    ...over,
  });
}

function opts(members: StaffMember[], extra: Partial<Parameters<typeof checkCredential>[1]> = {}) {
  return { members, cardKey: KEY, allowDemo: false, totpWindow: 1, now: T0, usedSteps: new Map<string, number>(), ...extra };
}

describe('staff credentials', () => {
  it('card hashes are keyed: another terminal key gives another hash; spaces and case do not matter', () => {
    const a = cardHash('STAFF-0001', KEY);
    expect(a).toMatch(/^v1:[0-9a-f]{64}$/);
    expect(cardHash(' staff-0001 ', KEY)).toBe(a);
    expect(cardHash('STAFF-0001', staffCardKey(Buffer.alloc(32, 8)))).not.toBe(a);
  });

  it('PIN hashes are salted and verify only the right PIN', async () => {
    const h1 = await hashPin('2468', FAST);
    const h2 = await hashPin('2468', FAST);
    expect(h1).not.toBe(h2);
    await expect(verifyPin('2468', h1)).resolves.toBe(true);
    await expect(verifyPin('2469', h1)).resolves.toBe(false);
    await expect(verifyPin('2468', 'scrypt$1$1$1$x$y')).resolves.toBe(false);
    await expect(verifyPin('2468', 'plain')).resolves.toBe(false);
  });

  it('card + PIN finds the member; a wrong PIN or an unknown card finds nobody', async () => {
    const m = await member();
    await expect(checkCredential({ kind: 'card', card: '440604199001011234', pin: '135790' }, opts([m]))).resolves.toMatchObject({
      staffId: 'wang',
    });
    await expect(checkCredential({ kind: 'card', card: '440604199001011234', pin: '000000' }, opts([m]))).resolves.toBeNull();
    await expect(checkCredential({ kind: 'card', card: '440604199001019999', pin: '135790' }, opts([m]))).resolves.toBeNull();
  });

  it('demo members count only when allowed (all devices emulated)', async () => {
    const demo = StaffConfig.parse(defaults.staff).members[0];
    if (!demo) throw new Error('no demo member');
    const c = { kind: 'card' as const, card: 'STAFF-0001', pin: '246810' };
    await expect(checkCredential(c, opts([demo]))).resolves.toBeNull();
    await expect(checkCredential(c, opts([demo], { allowDemo: true }))).resolves.toMatchObject({ staffId: 'demo-night' });
    expect(demo.cardHash).toBe(cardHash('STAFF-0001', DEMO_CARD_KEY, 'demo'));
  });

  it('TOTP: codes of the window are good, older or newer ones are not, and a code is good once', async () => {
    const m = await member();
    const secret = m.totpSecret ?? '';
    for (const [offset, good] of [
      [0, true],
      [-30_000, true],
      [30_000, true],
      [-60_000, false],
      [90_000, false],
    ] as const) {
      const code = totpCode(secret, T0 + offset);
      const got = await checkCredential({ kind: 'totp', staffId: 'wang', code }, opts([m]));
      expect(got !== null, `offset ${offset}`).toBe(good);
    }
    const used = new Map<string, number>();
    const code = totpCode(secret, T0);
    await expect(
      checkCredential({ kind: 'totp', staffId: 'wang', code }, opts([m], { usedSteps: used })),
    ).resolves.not.toBeNull();
    await expect(checkCredential({ kind: 'totp', staffId: 'wang', code }, opts([m], { usedSteps: used }))).resolves.toBeNull();
    // Window 0: only the current step.
    expect(totpStep(secret, totpCode(secret, T0 - 30_000), T0, 0)).toBeNull();
    expect(totpStep(secret, totpCode(secret, T0), T0, 0)).toBe(Math.floor(T0 / 30_000));
  });

  it('TOTP matches the RFC 6238 SHA-1 test vector (secret "12345678901234567890", T=59 s)', () => {
    // Base32 of the ASCII secret; the RFC's 8-digit value is 94287082, so 6 digits are 287082.
    expect(totpCode('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', 59_000)).toBe('287082');
  });

  it('a TOTP code for another staff id, or a malformed code, finds nobody', async () => {
    const m = await member();
    const code = totpCode(m.totpSecret ?? '', T0);
    await expect(checkCredential({ kind: 'totp', staffId: 'li', code }, opts([m]))).resolves.toBeNull();
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), (s) => totpStep(m.totpSecret ?? '', s, T0, 1) === null || /^\d{6}$/.test(s)),
    );
    expect(newTotpSecret()).toMatch(/^[A-Z2-7]{32}$/);
  });

  it('the config refuses plain values where hashes belong', () => {
    expect(StaffMember.safeParse({ staffId: 'x', name: 'x', cardHash: '440604199001011234', pinHash: '1234' }).success).toBe(
      false,
    );
    expect(StaffMember.safeParse({ staffId: 'x', name: 'x', cardHash: cardHash('a', DEMO_CARD_KEY, 'demo') }).success).toBe(
      false,
    );
  });
});

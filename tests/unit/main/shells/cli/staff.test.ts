import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { staffCommand } from '../../../../../main/shells/cli/staff.js';
import { cardHash, staffCardKey, totpCode, totpStep } from '../../../../../main/features/maintenance/credentials.js';
import { KeyFileSource } from '../../../../../main/data/privacy/key-source.js';
import { defaults } from '../../../../../config/defaults.js';

async function run(argv: string[]): Promise<{ code: number; out: Record<string, string> }> {
  const lines: string[] = [];
  const code = await staffCommand.run(argv, { out: (t) => lines.push(t), err: () => undefined });
  return { code, out: JSON.parse(lines[0] ?? '{}') as Record<string, string> };
}

describe('yimen staff', () => {
  it('hash --demo prints the demo member hash of the defaults', async () => {
    const r = await run(['hash', '--id', 'STAFF-0001', '--demo']);
    expect(r.code).toBe(0);
    expect(r.out.cardHash).toBe(defaults.staff?.members?.[0]?.cardHash);
  });

  it('hash uses the terminal key of the data dir, the same key the kiosk checks with', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'yimen-staff-'));
    try {
      const r = await run(['hash', '--id', 'badge-77', '--data', dir]);
      const keys = new KeyFileSource(dir).loadOrCreate();
      if (!keys.ok) throw new Error(keys.error.message);
      expect(r.out.cardHash).toBe(cardHash('BADGE-77', staffCardKey(keys.value.dataKey)));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('totp prints a fresh secret whose codes validate', async () => {
    const r = await run(['totp', '--staff', 'wang']);
    const secret = r.out.totpSecret ?? '';
    expect(r.out.uri).toContain(`secret=${secret}`);
    const now = 1_800_000_000_000;
    expect(totpStep(secret, totpCode(secret, now), now, 0)).not.toBeNull();
  });

  it('refuses a missing or too short id', async () => {
    await expect(run(['hash', '--id', 'x'])).rejects.toThrow(/--id/);
  });
});

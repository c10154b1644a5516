/** Shared test fixtures for the store, sync and audit tests. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../../../../config/load.js';
import type { KioskConfig, KioskConfigInput } from '../../../../../config/schema.js';
import { silentLogger } from '../../../../../main/base/log/logger.js';
import { openDataServices, type DataServices } from '../../../../../main/data/data-services.js';

/** A valid resident ID number (checksum right) and a person nobody has. */
export const PERSON = {
  idType: 'resident' as const,
  idNumber: '44060419900307271X',
  name: '欧阳明华',
  address: '广东省佛山市禅城区祖庙路18号之三',
  phone: '13800138000',
};

export function tempDir(prefix = 'yimen-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function testConfig(over: Partial<KioskConfigInput> & Record<string, unknown> = {}): KioskConfig {
  const r = parseConfig(
    {
      sync: { pollSeconds: 1, backoffBaseMs: 50, backoffMaxMs: 1000, batchSize: 50, parallel: 4, auditShipSeconds: 1 },
      ...over,
    },
    'test',
  );
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

export function openServices(dataDir: string, config: KioskConfig, now?: () => number): DataServices {
  const r = openDataServices({ dataDir, config, log: silentLogger(), ...(now ? { now } : {}) });
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

export function application(n: number, person = PERSON) {
  return {
    matterCode: 'hk-macau-endorsement',
    applicant: person,
    form: { purpose: 'tourism', copies: n },
    submittedAt: new Date(1_700_000_000_000 + n * 1000).toISOString(),
  };
}

import { afterEach, describe, expect, it } from 'vitest';
import { launchBackoffice } from '../../main/shells/cli/backoffice.js';
import type { RunningBackoffice } from '../../backoffice/server.js';
import type { CliIO } from '../../main/shells/cli/cli-kit.js';
import { tempDir } from '../integration/main/data/store/fixtures.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function capture(): CliIO & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t) };
}

describe('yimen backoffice', () => {
  it('starts on the given port and data dir, prints where, logs the SMS it sends with a masked phone', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const io = capture();
    const bo: RunningBackoffice = await launchBackoffice(['--port', '0', '--data', t.dir], io);
    cleanups.push(() => bo.close());
    const printed = JSON.parse(io.stdout.join('')) as { url: string; dataDir: string; fleet: string };
    expect(printed).toMatchObject({ url: bo.url, dataDir: t.dir, fleet: `${bo.url}fleet` });
    const res = await fetch(`${bo.url}admin/pickups`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ idNumber: '44060419900307271X', name: '张三', phone: '13800138000', matterName: '身份证' }),
    });
    expect(res.status).toBe(201);
    const line = io.stderr.find((l) => l.includes('sms sent'));
    expect(line).toBeDefined();
    expect(line).toContain('*******8000');
    expect(line).not.toContain('13800138000');
    expect((await fetch(`${bo.url}fleet`)).headers.get('content-type')).toContain('text/html');
  });

  it('rejects a bad port', async () => {
    await expect(launchBackoffice(['--port', 'abc'], capture())).rejects.toThrow(/--port/);
  });
});

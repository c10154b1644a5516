/**
 * `yimen idcard …` and `yimen emulate idcard …` as a technician runs them: the built CLI
 * (`node bin/yimen.js`, run `npm run build:main` first) against the emulator over a socat pty pair.
 */
import { describe, expect, it } from 'vitest';
import { IdCardEmulator, type ScenarioName } from '../../drivers/idcard/idcard-emulator.js';
import { IdCardDriver } from '../../drivers/idcard/idcard-driver.js';
import { SerialTransport } from '../../drivers/transport/serial-transport.js';
import { useEmulatorBench, yimen } from '../helpers/cli.js';

const bench = useEmulatorBench<IdCardEmulator>('idcard');

function withEmulator(scenario: ScenarioName, card?: string): Promise<string> {
  return bench.startEmulator(
    (path) =>
      new IdCardEmulator(new SerialTransport({ path, livenessMs: 0 }), {
        scenario,
        bytesPerSecond: 11520,
        ...(card ? { card } : {}),
      }),
  );
}

describe('yimen idcard read', () => {
  it('prints the card as JSON and exits 0; a second read without removing the card exits 2', async () => {
    const port = await withEmulator('normal', 'resident');
    const r = await yimen(['idcard', 'read', '--port', port]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      cardType: 'resident',
      name: '李示范',
      sex: 'male',
      nation: '汉',
      nationCode: '01',
      birthDate: '1985-06-15',
      address: '广东省佛山市禅城区示例大道100号',
      idNumber: '440604198506151233',
      issuer: '佛山市公安局禅城分局',
      validFrom: '2015-08-01',
      validTo: '2035-08-01',
      idNumberValid: true,
      expired: false,
      photoBytes: 1024,
    });
    const again = await yimen(['idcard', 'read', '--port', port]);
    expect(again.code).toBe(2);
    expect(JSON.parse(again.stdout)).toMatchObject({ error: { code: 'no-card' } });
    expect(again.stderr).toContain('no-card');
  });

  it('reads a J permit with --fingerprint and reports a bad ID checksum and expiry', async () => {
    const port = await withEmulator('normal', 'hkmotw');
    const r = await yimen(['idcard', 'read', '--port', port, '--fingerprint', '--baud', '115200']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(j).toMatchObject({ cardType: 'hkmotw', passNumber: 'H01234567', fingerprintBytes: 1024 });
    expect(j.nation).toBeUndefined();
    bench.emu?.placeCard('bad-checksum');
    const bad = await yimen(['idcard', 'read', '--port', port]);
    expect(JSON.parse(bad.stdout)).toMatchObject({ idNumberValid: false, idNumberProblems: ['check-digit'] });
    expect(bad.stderr).toContain('check-digit');
    bench.emu?.placeCard('expired');
    const old = await yimen(['idcard', 'read', '--port', port]);
    expect(JSON.parse(old.stdout)).toMatchObject({ expired: true, validTo: '2020-01-01' });
  });

  it('exits 3 when the reader is silent or talks garbage', async () => {
    const port = await withEmulator('no-answer', 'resident');
    const silent = await yimen(['idcard', 'read', '--port', port, '--timeout', '300']);
    expect(silent.code).toBe(3);
    expect(JSON.parse(silent.stdout)).toMatchObject({ error: { code: 'no-answer' } });
    bench.emu?.setScenario('garbage');
    const garbage = await yimen(['idcard', 'read', '--port', port, '--timeout', '300']);
    expect(garbage.code).toBe(3);
  });

  it('a card taken away mid-read is card-pulled, exit 5, with what to do on stderr; placed again, it reads', async () => {
    const port = await withEmulator('pull-mid-read', 'resident');
    const pulled = await yimen(['idcard', 'read', '--port', port]);
    expect(pulled.code).toBe(5);
    expect(JSON.parse(pulled.stdout)).toMatchObject({ error: { code: 'card-pulled' } });
    expect(pulled.stderr).toContain('taken away before the read ended');
    // The reader is empty now: no card, not a fault.
    expect(bench.emu?.state().card).toBeNull();
    bench.emu?.setScenario('normal');
    bench.emu?.placeCard('resident');
    const again = await yimen(['idcard', 'read', '--port', port]);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ name: '李示范' });
  });

  it('exits 4 when the port does not exist, 1 on usage errors', async () => {
    const missing = await yimen(['idcard', 'read', '--port', '/dev/yimen-no-such-port']);
    expect(missing.code).toBe(4);
    expect(JSON.parse(missing.stdout)).toMatchObject({ error: { code: 'port-unavailable' } });
    expect((await yimen(['idcard', 'read'])).code).toBe(1);
    expect((await yimen(['idcard', 'frobnicate', '--port', 'x'])).code).toBe(1);
    expect((await yimen(['idcard', 'read', '--port', 'x', '--baud', 'fast'])).code).toBe(1);
  });
});

describe('yimen idcard samid', () => {
  it('prints the SAM id', async () => {
    const port = await withEmulator('normal');
    const r = await yimen(['idcard', 'samid', '--port', port]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ samId: '05.01-20101014-0012345678-1234567890' });
  });
});

describe('yimen emulate idcard', () => {
  it('serves a card on a port until SIGTERM', async () => {
    const pty = await bench.openPty();
    const emulator = bench.startYimen(['emulate', 'idcard', '--port', pty.b, '--card', 'foreign2017']);
    const ready = await emulator.waitFor('out', '\n');
    expect(JSON.parse(ready)).toEqual({ emulating: 'idcard', port: pty.b, scenario: 'normal', card: 'foreign2017' });
    const driver = new IdCardDriver(new SerialTransport({ path: pty.a }), { pollMs: 0 });
    await driver.transport.open();
    const r = await driver.readCard();
    expect(r.ok && r.value.text.cardType).toBe('foreign2017');
    // The stdin control: a new card, then read it.
    emulator.proc.stdin.write('place foreign2023\n');
    await emulator.waitFor('err', 'ok {');
    const r2 = await driver.readCard();
    expect(r2.ok && r2.value.text.cardType).toBe('foreign2023');
    await driver.transport.close();
    expect(await emulator.stop()).toBe(0);
  });

  it('rejects an unknown device or scenario with exit 1', async () => {
    expect((await yimen(['emulate', 'toaster', '--port', 'x'])).code).toBe(1);
    expect((await yimen(['emulate', 'idcard', '--port', 'x', '--scenario', 'nope'])).code).toBe(1);
  });
});

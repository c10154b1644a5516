/**
 * `yimen start` binds and hands out its launch address before the core has booted (#18.7): a stop
 * at any moment of the start-up must still end the process — before the core is up, or while the
 * first UI's socket is being let through and the demo side is still starting.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startYimen, type Running } from '../helpers/cli.js';
import { wsAttempt } from '../helpers/host.js';

const cleanups: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function headlessKiosk(): Running {
  const dir = mkdtempSync(join(tmpdir(), 'yimen-start-cold-'));
  const dataDir = join(dir, 'data');
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const k = startYimen(['start', '--headless', '--port', '0'], { YIMEN_DATA_DIR: dataDir });
  cleanups.push(async () => {
    if (k.proc.exitCode === null && k.proc.signalCode === null) await k.stop();
  });
  return k;
}

async function launchAddress(k: Running): Promise<URL> {
  const line = await k.waitFor('err', ' in a browser on this machine.');
  const m = /open (http:\/\/\S+) in a browser/.exec(line);
  if (!m?.[1]) throw new Error(`no launch address in:\n${line}`);
  return new URL(m[1]);
}

describe('yimen start: stopping during the cold start', () => {
  it('SIGTERM as soon as the launch address is out (the core still booting) ends the process', async () => {
    const k = headlessKiosk();
    await launchAddress(k);
    expect(await k.stop()).toBe(0);
  });

  it('SIGTERM the moment the first UI socket opens (the demo side still starting) ends the process', async () => {
    const k = headlessKiosk();
    const url = await launchAddress(k);
    const page = await fetch(url);
    expect(page.status).toBe(200);
    const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    // Held until the core is attached, then opened.
    expect(await wsAttempt(`ws://${url.host}/api`, { Origin: url.origin, Cookie: cookie })).toEqual({ opened: true });
    expect(await k.stop()).toBe(0);
  });
});

/**
 * The done screen tells the truth about where the application is: "sending" while it waits for
 * the back office's answer, then "submitted" with the back office's reference the moment it is
 * acknowledged (no tap needed); "saved on this terminal, sent when the network is back" only when
 * the back office is really unreachable.
 *
 * The kiosk reaches the back office through a small pass-through in this test that can hold the
 * answer to `POST /v1/applications`, so the "sending" state is seen for certain, not by luck of timing.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackoffice, type RunningBackoffice } from '../../backoffice/server.js';
import { defaults } from '../../config/defaults.js';
import { boot, type Booted } from '../../main/core/boot.js';
import { startBrowserHost, type BrowserHost } from '../../main/shells/host/browser-host.js';
import { launchBrowser, screenshot, submitted } from '../helpers/browser.js';
import { RENDERER_DIR } from '../helpers/host.js';

type Strings = Record<string, Record<string, string>>;
const hallName = (defaults.terminal as { hallName: Record<string, string> }).hallName;
const strings = (locale: string): Strings =>
  JSON.parse(readFileSync(`renderer/src/i18n/locales/${locale}.json`, 'utf8')) as Strings;

/** Forwards everything to the back office; while `hold` is on, submissions wait for `release()`. */
class Passage {
  hold = false;
  private held: (() => void)[] = [];
  private heldListeners: (() => void)[] = [];
  /** The back office's answers to submissions, as they went back to the kiosk. */
  readonly answers: string[] = [];
  readonly server: Server;

  constructor(private readonly target: () => string) {
    this.server = createServer((req, res) => void this.forward(req, res));
  }

  async listen(): Promise<string> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
  }

  /** Resolves once a submission is being held. */
  heldOne(): Promise<void> {
    if (this.held.length > 0) return Promise.resolve();
    return new Promise((r) => this.heldListeners.push(r));
  }

  release(): void {
    this.hold = false;
    for (const go of this.held.splice(0)) go();
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  private async forward(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const isSubmission = req.method === 'POST' && (req.url ?? '').startsWith('/v1/applications');
    if (isSubmission && this.hold) {
      await new Promise<void>((go) => {
        this.held.push(go);
        for (const l of this.heldListeners.splice(0)) l();
      });
    }
    const up = request(new URL(req.url ?? '/', this.target()), { method: req.method, headers: req.headers }, (answer) => {
      const body: Buffer[] = [];
      answer.on('data', (c: Buffer) => body.push(c));
      answer.on('end', () => {
        if (isSubmission) this.answers.push(Buffer.concat(body).toString('utf8'));
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        res.end(Buffer.concat(body));
      });
    });
    up.on('error', () => res.destroy());
    up.end(Buffer.concat(chunks));
  }
}

let bo: RunningBackoffice;
let boClosed = false;
let passage: Passage;
let passageClosed = false;
let kiosk: Booted;
let host: BrowserHost;
let browser: Browser;

beforeAll(async () => {
  bo = await startBackoffice({ dataDir: null, port: 0 });
  passage = new Passage(() => bo.url);
  const url = await passage.listen();
  const dataDir = mkdtempSync(join(tmpdir(), 'yimen-done-'));
  const cfg = join(dataDir, 'config.json');
  writeFileSync(cfg, JSON.stringify({ dataDir, backoffice: { url, timeoutMs: 10_000 } }));
  const b = boot({ configFile: cfg, shell: 'browser', console: false });
  if (!b.ok) throw new Error(b.error.message);
  kiosk = b.value;
  host = await startBrowserHost({ core: kiosk.core, rendererDir: RENDERER_DIR, port: 0 });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await host?.close();
  await kiosk?.close();
  if (!passageClosed) await passage?.close();
  if (!boClosed) await bo?.close();
});

/** From the attract screen to the done screen of 老年人优待证 (locker delivery), in `locale`. */
async function submitOne(locale: 'zh-CN' | 'zh-HK' | 'en'): Promise<Page> {
  const t = strings(locale);
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(host.launchUrl());
  await page.getByRole('button', { name: strings('zh-CN').attract?.touch }).waitFor();
  await page.getByRole('button', { name: strings('zh-CN').lang?.[locale] ?? locale, exact: true }).click();
  await page.getByRole('button', { name: t.attract?.touch }).click();
  await page.locator('[data-matter="senior-card"]').click();
  // The matter's page (conditions, materials, fee…) comes first; 办理 goes on to identification.
  await page.locator('[data-action="start-matter"]').click();
  await page.getByRole('heading', { name: t.identify?.title }).waitFor();
  kiosk.core.devices.emulator('idcard')?.placeCard('resident');
  await page.locator('.apply-form').waitFor();
  await page.locator('[data-field="phone"] .input').click();
  for (const d of '13800138000') await page.locator('.keyboard .key', { hasText: new RegExp(`^${d}$`) }).click();
  await page.getByRole('radio', { name: t.delivery?.locker }).click();
  await page.getByRole('button', { name: t.common?.next }).click();
  await page.getByRole('button', { name: t.apply?.confirm }).click();
  await page.getByRole('checkbox', { name: t.consent?.sensitiveAgree }).click();
  await page.getByRole('button', { name: t.consent?.agree }).click();
  await submitted(page);
  return page;
}

async function finish(page: Page): Promise<void> {
  kiosk.core.devices.emulator('idcard')?.removeCard();
  await page.close();
  await kiosk.core.dispatch('session.end', {}, { shell: 'browser' });
}

describe('the done screen says where the application is', () => {
  it('online: "sending" while the back office has not answered, then "submitted" with its reference, live', async () => {
    const t = strings('zh-CN');
    passage.hold = true;
    const page = await submitOne('zh-CN');
    await passage.heldOne();
    const status = page.getByTestId('transmission');
    await page.locator('[data-testid="transmission"][data-state="sending"]').waitFor();
    await expect(status.getByRole('heading').textContent()).resolves.toBe(t.apply?.doneSending);
    await expect(status.textContent()).resolves.not.toContain('网络恢复');
    await screenshot(page, 'done-1-sending-zh-CN');
    passage.release();
    // No tap: the screen follows the back office's acknowledgement.
    await page.locator('[data-testid="transmission"][data-state="sent"]').waitFor();
    const answer = JSON.parse(passage.answers.at(-1) ?? '{}') as { applicationId?: string };
    expect(answer.applicationId).toBeTruthy();
    await expect(status.getByRole('heading').textContent()).resolves.toBe(t.apply?.done);
    await expect(status.textContent()).resolves.toContain(
      t.apply?.doneReference?.replace('{{reference}}', answer.applicationId ?? '?'),
    );
    await screenshot(page, 'done-2-sent-zh-CN');
    await finish(page);
  });

  it('back office stopped: "saved on this terminal, sent when the network is back", in every locale', async () => {
    await passage.close();
    passageClosed = true;
    await bo.close();
    boClosed = true;
    for (const locale of ['zh-CN', 'zh-HK', 'en'] as const) {
      const t = strings(locale);
      const page = await submitOne(locale);
      const status = page.getByTestId('transmission');
      await page.locator('[data-testid="transmission"][data-state="offline"]').waitFor();
      await expect(status.getByRole('heading').textContent()).resolves.toBe(t.apply?.doneOffline);
      await expect(status.textContent()).resolves.toContain(t.apply?.doneOfflineHint);
      // The hall's name from the config, in the citizen's language too.
      await expect(page.locator('.hall-name').textContent()).resolves.toBe(hallName[locale]);
      await screenshot(page, `done-3-offline-${locale}`);
      await finish(page);
    }
  });
});

/**
 * Spine benchmarks: cold start (process start → attract screen's start button in Chromium) against
 * Chromium opening a static hello-world page, in the same run; and the renderer's initial bundle.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { BASE_ARGS as ARGS, CHROMIUM } from '../tests/helpers/browser.js';
import { median, round, type BenchReport } from './bench-kit.js';

const RUNS = 10;

async function kioskColdStart(): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), 'yimen-bench-'));
  const t0 = performance.now();
  const child = spawn(process.execPath, ['bin/yimen.js', 'start', '--headless', '--port', '0'], {
    env: { ...process.env, YIMEN_DATA_DIR: dataDir },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let buf = '';
      child.stderr.on('data', (d: Buffer) => {
        buf += d.toString();
        const m = /open (http:\/\/\S+) in a browser/.exec(buf);
        if (m?.[1]) resolve(m[1]);
      });
      child.on('exit', () => reject(new Error(`kiosk exited: ${buf}`)));
    });
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    const page = await browser.newPage();
    await page.goto(url);
    await page.getByRole('button', { name: '轻触屏幕开始办理' }).waitFor();
    const t1 = performance.now();
    await browser.close();
    return t1 - t0;
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function helloColdStart(url: string): Promise<number> {
  const t0 = performance.now();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  const page = await browser.newPage();
  await page.goto(url);
  await page.getByRole('heading', { name: 'hello' }).waitFor();
  const t1 = performance.now();
  await browser.close();
  return t1 - t0;
}

function bundleGzipBytes(): { js: number; css: number } {
  const dir = 'dist/renderer';
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const initial = [...html.matchAll(/(?:src|href)="\.\/(assets\/[^"]+)"/g)].map((m) => m[1] ?? '');
  let js = 0;
  let css = 0;
  for (const f of readdirSync(join(dir, 'assets'))) {
    if (!initial.includes(`assets/${f}`)) continue;
    const size = gzipSync(readFileSync(join(dir, 'assets', f)), { level: 9 }).length;
    if (f.endsWith('.js')) js += size;
    else css += size;
  }
  return { js, css };
}

export async function bench(): Promise<BenchReport> {
  const hello = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><title>hello</title><h1>hello</h1>');
  });
  await new Promise<void>((r) => hello.listen(0, '127.0.0.1', r));
  const helloUrl = `http://127.0.0.1:${(hello.address() as AddressInfo).port}/`;
  const kiosk: number[] = [];
  const base: number[] = [];
  await kioskColdStart(); // warm the page cache once for both
  for (let i = 0; i < RUNS; i++) {
    // Interleaved, so both see the same machine load.
    base.push(await helloColdStart(helloUrl));
    kiosk.push(await kioskColdStart());
  }
  hello.close();
  const k = median(kiosk);
  const h = median(base);
  const ratio = k / h;
  const { js, css } = bundleGzipBytes();
  return {
    name: 'spine',
    description: `Cold start: spawn \`yimen start --headless\` → Chromium (new process) shows the attract screen's start button; baseline: new Chromium process shows a static hello-world page. Median of ${RUNS}, interleaved. Chromium is started when the kiosk prints its launch address, which it does as soon as its host is bound, before the core boots — where \`yimen start\` with a display launches its own Chromium (#18.7). Bundle: gzip -9 of the JS/CSS the index page loads (not the chunks fetched after the first view).`,
    rows: [
      { metric: 'cold start, kiosk (median)', value: round(k, 0), unit: 'ms', target: '≤ 1000 ms', met: k <= 1000 },
      { metric: 'cold start, hello-world page (median)', value: round(h, 0), unit: 'ms' },
      { metric: 'cold start ratio kiosk / hello-world', value: round(ratio, 2), unit: '×', target: '≤ 1.5×', met: ratio <= 1.5 },
      { metric: 'renderer initial JS, gzip', value: round(js / 1024, 1), unit: 'KB', target: '≤ 250 KB', met: js / 1024 <= 250 },
      { metric: 'renderer initial CSS, gzip', value: round(css / 1024, 1), unit: 'KB' },
    ],
    raw: { kioskMs: kiosk.map((x) => round(x, 1)), helloMs: base.map((x) => round(x, 1)) },
  };
}

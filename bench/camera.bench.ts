/**
 * Camera layer benchmarks (drivers/camera, #15.1).
 *
 * 1. Idle: the default face camera built, started and left closed — the process's CPU over 3 s
 *    and the child processes it added (target: none; the tests assert the child count, not timing).
 * 2. MJPEG splitter throughput on real ffmpeg output (1280×720 test pattern, 64 KiB chunks),
 *    against the least work any splitter must do (finding every 0xFF with indexOf).
 * 3. Capture through ffmpeg (test pattern 640×480 at 15 fps, with the 320 px preview on fd 3):
 *    open → first frame, and the CPU of the ffmpeg child and of this process over 5 s. The child's
 *    figure includes generating the pattern; a V4L2 MJPEG camera is read instead.
 * 4. The emulator's preview downscale in JavaScript (640→320, jpeg-js), done once per source frame.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { downscaleJpeg } from '../drivers/camera/jpeg-tools.js';
import { FfmpegCameraSource, lavfiInput } from '../drivers/camera/ffmpeg-source.js';
import { MjpegSplitter } from '../drivers/camera/mjpeg-splitter.js';
import { silentLogger } from '../main/base/log/logger.js';
import { defaultFramesDir } from '../main/devices/camera-device.js';
import { DeviceManager } from '../main/devices/manager.js';
import { childPids } from '../tests/helpers/child-processes.js';
import { median, percentile, round, type BenchReport } from './bench-kit.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const TICK = 100; // clock ticks per second of /proc/<pid>/stat (USER_HZ on Linux)

function procCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(f[11]) + Number(f[12])) * 1000) / TICK;
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

async function idle(): Promise<{ cpuPct: number; children: number }> {
  const m = new DeviceManager({
    devices: [{ id: 'face-camera', kind: 'camera', enabled: true, transport: { type: 'emulated' }, options: { role: 'face' } }],
    logger: silentLogger(),
  });
  const before = childPids().length;
  await m.start();
  await sleep(200);
  const c0 = cpuMs();
  const t0 = performance.now();
  await sleep(3000);
  const cpuPct = ((cpuMs() - c0) / (performance.now() - t0)) * 100;
  const children = childPids().length - before;
  await m.stop();
  return { cpuPct, children };
}

function splitter(): { mbPerS: number; framesPerS: number; baselineMbPerS: number; frames: number } {
  const r = spawnSync(
    'ffmpeg',
    [
      '-hide_banner',
      '-loglevel',
      'error',
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=1280x720:rate=30',
      '-frames:v',
      '150',
      '-f',
      'mjpeg',
      '-q:v',
      '5',
      '-',
    ],
    { maxBuffer: 512 * 1024 * 1024 },
  );
  const bytes = new Uint8Array(r.stdout);
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += 65536) chunks.push(bytes.subarray(i, i + 65536));
  const best = (fn: () => number): { ms: number; n: number } => {
    let ms = Infinity;
    let n = 0;
    for (let k = 0; k < 5; k++) {
      const t0 = performance.now();
      n = fn();
      ms = Math.min(ms, performance.now() - t0);
    }
    return { ms, n };
  };
  const split = best(() => {
    const s = new MjpegSplitter();
    let n = 0;
    for (const c of chunks) n += s.push(c).length;
    return n;
  });
  const base = best(() => {
    let n = 0;
    for (const c of chunks) for (let i = c.indexOf(0xff); i >= 0; i = c.indexOf(0xff, i + 1)) n++;
    return n;
  });
  const mb = bytes.length / 1e6;
  return {
    mbPerS: mb / (split.ms / 1000),
    framesPerS: split.n / (split.ms / 1000),
    baselineMbPerS: mb / (base.ms / 1000),
    frames: split.n,
  };
}

async function capture(): Promise<{
  firstFrameMs: number[];
  childPct: number;
  mainPct: number;
  fps: number;
  previewFps: number;
}> {
  const firstFrameMs: number[] = [];
  let childPct = 0;
  let mainPct = 0;
  let fps = 0;
  let previewFps = 0;
  for (let run = 0; run < 4; run++) {
    const src = new FfmpegCameraSource({ input: lavfiInput({ width: 640, height: 480, fps: 15 }), firstFrameMs: 20_000 });
    const t0 = performance.now();
    const s = await src.open({ preview: { maxWidth: 320, fps: 5 } });
    if (!s.ok) throw new Error(s.error.code);
    firstFrameMs.push(performance.now() - t0);
    if (run === 3) {
      let frames = 0;
      let previews = 0;
      s.value.onFrame(() => frames++);
      s.value.onPreview(() => previews++);
      const pid = src.pid as number;
      const ch0 = procCpuMs(pid);
      const c0 = cpuMs();
      const w0 = performance.now();
      await sleep(5000);
      const wall = performance.now() - w0;
      childPct = ((procCpuMs(pid) - ch0) / wall) * 100;
      mainPct = ((cpuMs() - c0) / wall) * 100;
      fps = (frames * 1000) / wall;
      previewFps = (previews * 1000) / wall;
    }
    await s.value.close();
  }
  return { firstFrameMs, childPct, mainPct, fps, previewFps };
}

function preview(): number[] {
  const frame = readFileSync(`${defaultFramesDir() ?? ''}/real-face/01.jpg`);
  const ms: number[] = [];
  for (let i = 0; i < 30; i++) {
    const t0 = performance.now();
    downscaleJpeg(frame, 320);
    ms.push(performance.now() - t0);
  }
  return ms.slice(5);
}

export async function bench(): Promise<BenchReport> {
  const i = await idle();
  const sp = splitter();
  const c = await capture();
  const p = preview();
  return {
    name: 'camera',
    description:
      'Camera layer: CPU and child processes with the face camera closed; MJPEG splitter throughput on real ffmpeg output; ' +
      'ffmpeg capture (lavfi 640×480@15 + 320 px preview) open→first frame and CPU; emulator preview downscale per frame.',
    rows: [
      { metric: 'idle, camera closed: process CPU', value: round(i.cpuPct, 2), unit: '% of a core' },
      {
        metric: 'idle, camera closed: child processes',
        value: i.children,
        unit: 'processes',
        target: '0',
        met: i.children === 0,
      },
      { metric: 'splitter throughput (1280×720 MJPEG, 64 KiB chunks)', value: round(sp.mbPerS, 0), unit: 'MB/s' },
      { metric: 'splitter frames per second', value: round(sp.framesPerS, 0), unit: 'frames/s' },
      { metric: 'baseline: indexOf(0xFF) over the same bytes', value: round(sp.baselineMbPerS, 0), unit: 'MB/s' },
      { metric: 'ffmpeg open → first frame, median', value: round(median(c.firstFrameMs), 0), unit: 'ms' },
      { metric: 'ffmpeg open → first frame, max of 4', value: round(percentile(c.firstFrameMs, 100), 0), unit: 'ms' },
      { metric: 'capturing: ffmpeg child CPU (incl. pattern generation)', value: round(c.childPct, 1), unit: '% of a core' },
      { metric: 'capturing: main process CPU (splitting, events)', value: round(c.mainPct, 1), unit: '% of a core' },
      { metric: 'capturing: frames delivered', value: round(c.fps, 1), unit: 'fps' },
      { metric: 'capturing: preview frames delivered', value: round(c.previewFps, 1), unit: 'fps' },
      {
        metric: 'emulator preview downscale 640→320 (jpeg-js, once per source frame), median',
        value: round(median(p), 1),
        unit: 'ms',
      },
    ],
    raw: { firstFrameMs: c.firstFrameMs, splitterFrames: sp.frames, previewMs: p },
  };
}

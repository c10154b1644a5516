/**
 * The port for a reader vendor's WLT decoder (the ID card's photo is WLT-compressed and encrypted;
 * only the vendor's licensed library decodes it, and none is bundled). A province plugs its decoder
 * in as a program: the kiosk starts it for each card read, writes the 1024 WLT bytes to its stdin
 * and reads the photo from its stdout — a BMP (what the vendors' `libwlt` writes: 102 × 126, 24-bit)
 * or a JPEG — then closes it. Anything else (a non-zero exit, no output, output that is neither, the
 * time limit) is "no photo": the read itself never fails because of the decoder, and the face check
 * falls back to the register's photo (docs/identity.md).
 *
 * Configured per reader: `devices[].options.photoDecoder = { command, args?, timeoutMs? }`.
 */
import { spawn } from 'node:child_process';
import { parseBmp } from '../../drivers/idcard/bmp.js';
import type { WltDecoder } from '../../drivers/idcard/idcard-driver.js';
import { encodeJpeg } from '../../drivers/camera/jpeg-tools.js';

export interface WltCommand {
  command: string;
  args: readonly string[];
  timeoutMs: number;
}

/** A decoder's output larger than this is not a card photo. */
const MAX_OUTPUT = 2 * 1024 * 1024;

/** The photo as JPEG bytes, from a decoder's BMP or JPEG output; null for anything else. */
export function photoJpeg(out: Buffer): Buffer | null {
  if (out.length > 3 && out[0] === 0xff && out[1] === 0xd8 && out[2] === 0xff) return out;
  const bmp = parseBmp(out);
  if (!bmp.ok) return null;
  const jpeg = Buffer.from(encodeJpeg(bmp.value, 95));
  bmp.value.data.fill(0);
  return jpeg;
}

export function commandWltDecoder(c: WltCommand): WltDecoder {
  return (wlt) =>
    new Promise<Buffer | null>((resolve) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let done = false;
      const finish = (photo: Buffer | null): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        for (const b of chunks) b.fill(0);
        resolve(photo);
      };
      const child = spawn(c.command, [...c.args], { stdio: ['pipe', 'pipe', 'ignore'] });
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        finish(null);
      }, c.timeoutMs);
      child.on('error', () => finish(null));
      child.stdout.on('data', (b: Buffer) => {
        size += b.length;
        if (size > MAX_OUTPUT) {
          child.kill('SIGKILL');
          finish(null);
          return;
        }
        chunks.push(b);
      });
      child.on('close', (code) => {
        if (done) return;
        const out = Buffer.concat(chunks);
        const photo = code === 0 ? photoJpeg(out) : null;
        if (photo !== out) out.fill(0);
        finish(photo);
      });
      child.stdin.on('error', () => undefined); // a decoder that exits without reading
      child.stdin.end(wlt);
    });
}

/**
 * A stand-in for a reader vendor's licensed WLT decoder (main/devices/wlt-command.ts), for tests; run
 * as `node --import tsx tests/helpers/fake-wlt-decoder.ts <card id>=<face.jpg>…`. It cannot decrypt
 * WLT (nobody outside the vendors can): it recognises the emulator's sample cards' photo bytes
 * (`samplePhoto`) and writes, as the vendors' decoders do, a 24-bit BMP on stdout — the face fixture
 * named for that card. Unknown bytes: exit 1. `--hang`: never answers.
 */
import { readFileSync } from 'node:fs';
import { decodeJpeg } from '../../drivers/camera/jpeg-tools.js';
import { encodeBmp } from '../../drivers/idcard/bmp.js';
import { samplePhoto } from '../../drivers/idcard/samples.js';

const args = process.argv.slice(2);
if (args.includes('--hang')) setInterval(() => undefined, 1000);
else {
  const chunks: Buffer[] = [];
  process.stdin.on('data', (b: Buffer) => chunks.push(b));
  process.stdin.on('end', () => {
    const wlt = Buffer.concat(chunks);
    const hit = args.map((a) => a.split('=')).find(([id]) => id !== undefined && samplePhoto(id).equals(wlt));
    if (hit?.[1] === undefined) process.exit(1);
    process.stdout.write(encodeBmp(decodeJpeg(readFileSync(hit[1]))));
  });
}
